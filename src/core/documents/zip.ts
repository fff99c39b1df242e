import { Inflate } from 'fflate';
import { messageOf, RapporteurError } from '../errors.js';
import type { ExtractContext } from './options.js';

/** One file inside a ZIP archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  /** The uncompressed size the archive declares; never trusted beyond being an upper bound. */
  size: number;
  localOffset: number;
}

/**
 * Compression ratio above which an entry is treated as a decompression bomb. Real
 * WordprocessingML compresses 5-30x (machine-generated, very repetitive tables reach
 * about 60x); DEFLATE's ceiling is about 1032x. Only applied once an entry has produced
 * `RATIO_FLOOR` bytes, so small, highly repetitive parts still pass.
 */
export const MAX_COMPRESSION_RATIO = 100;
const RATIO_FLOOR = 1024 * 1024;
/**
 * Compressed bytes handed to the inflater per step. A small step bounds how much output a
 * single step can produce (at most about 1032x this), so a bomb is caught before it can
 * fill memory.
 */
const INPUT_STEP = 16 * 1024;

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

/**
 * A ZIP reader for untrusted archives. It parses the central directory itself (so the
 * entry count is checked before anything is inflated), inflates only the entries asked
 * for, streams their output to a sink and enforces, while inflating: the declared size
 * of each entry, the total decompressed size across the archive and the compression
 * ratio. A zip bomb is therefore refused after at most a few megabytes of output.
 */
export class ZipReader {
  private readonly byName = new Map<string, ZipEntry>();
  private inflated = 0;

  private constructor(
    private readonly bytes: Uint8Array,
    private readonly ctx: ExtractContext,
    readonly entries: ZipEntry[],
  ) {
    for (const e of entries) this.byName.set(e.name.toLowerCase(), e);
  }

  /** Parses the central directory. Throws CORRUPT_FILE, ENCRYPTED or LIMIT_EXCEEDED. */
  static open(bytes: Uint8Array, ctx: ExtractContext): ZipReader {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const eocd = findEocd(bytes, view);
    if (eocd < 0) throw corrupt(ctx.name, 'its ZIP directory is missing (the file is truncated or damaged)');
    let count = view.getUint16(eocd + 10, true);
    let cdSize = view.getUint32(eocd + 12, true);
    let cdOffset = view.getUint32(eocd + 16, true);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const locator = eocd - 20;
      if (locator < 0 || view.getUint32(locator, true) !== SIG_EOCD64_LOCATOR) {
        throw corrupt(ctx.name, 'its ZIP64 directory locator is missing');
      }
      const at = safeNumber(view.getBigUint64(locator + 8, true));
      if (at + 56 > bytes.length || view.getUint32(at, true) !== SIG_EOCD64) {
        throw corrupt(ctx.name, 'its ZIP64 directory is damaged');
      }
      count = safeNumber(view.getBigUint64(at + 32, true));
      cdSize = safeNumber(view.getBigUint64(at + 40, true));
      cdOffset = safeNumber(view.getBigUint64(at + 48, true));
    }
    if (count > ctx.limits.maxZipEntries) {
      throw new RapporteurError(
        'LIMIT_EXCEEDED',
        `${ctx.name} holds ${count} files inside its ZIP container, over the limit of ${ctx.limits.maxZipEntries}.`,
        {
          hint: 'A Word document normally holds a few dozen parts; this one may be hostile. Re-save it in Word, or raise RAPPORTEUR_MAX_ZIP_ENTRIES if it is genuine.',
          details: { entries: count, limit: ctx.limits.maxZipEntries },
        },
      );
    }
    if (cdOffset + cdSize > bytes.length)
      throw corrupt(ctx.name, 'its ZIP directory points past the end of the file');
    const entries: ZipEntry[] = [];
    let p = cdOffset;
    const decoder = new TextDecoder('utf-8');
    for (let i = 0; i < count; i++) {
      if (p + 46 > bytes.length || view.getUint32(p, true) !== SIG_CENTRAL) {
        throw corrupt(ctx.name, 'its ZIP directory is damaged');
      }
      const flags = view.getUint16(p + 8, true);
      const method = view.getUint16(p + 10, true);
      let compressedSize = view.getUint32(p + 20, true);
      let size = view.getUint32(p + 24, true);
      const nameLength = view.getUint16(p + 28, true);
      const extraLength = view.getUint16(p + 30, true);
      const commentLength = view.getUint16(p + 32, true);
      let localOffset = view.getUint32(p + 42, true);
      const nameStart = p + 46;
      const extraStart = nameStart + nameLength;
      const next = extraStart + extraLength + commentLength;
      if (next > bytes.length) throw corrupt(ctx.name, 'its ZIP directory is truncated');
      const name = decoder.decode(bytes.subarray(nameStart, extraStart));
      if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
        // ZIP64 extended information: the 64-bit values present are those whose 32-bit field is saturated.
        let q = extraStart;
        while (q + 4 <= extraStart + extraLength) {
          const id = view.getUint16(q, true);
          const len = view.getUint16(q + 2, true);
          if (id === 0x0001) {
            let r = q + 4;
            if (size === 0xffffffff && r + 8 <= q + 4 + len) {
              size = safeNumber(view.getBigUint64(r, true));
              r += 8;
            }
            if (compressedSize === 0xffffffff && r + 8 <= q + 4 + len) {
              compressedSize = safeNumber(view.getBigUint64(r, true));
              r += 8;
            }
            if (localOffset === 0xffffffff && r + 8 <= q + 4 + len) {
              localOffset = safeNumber(view.getBigUint64(r, true));
            }
            break;
          }
          q += 4 + len;
        }
      }
      entries.push({ name, method, flags, compressedSize, size, localOffset });
      p = next;
    }
    return new ZipReader(bytes, ctx, entries);
  }

  /** The entry with this part name (case-insensitive, as OPC part names are), if present. */
  get(name: string): ZipEntry | undefined {
    return this.byName.get(name.replace(/^\//, '').toLowerCase());
  }

  /** Total bytes inflated so far across all entries. */
  get totalInflated(): number {
    return this.inflated;
  }

  /**
   * Streams the uncompressed content of an entry to `sink` in chunks, enforcing the
   * limits as it goes. Throws LIMIT_EXCEEDED, CORRUPT_FILE or ENCRYPTED.
   */
  read(entry: ZipEntry, sink: (chunk: Uint8Array) => void): void {
    const { ctx, bytes } = this;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (entry.flags & 1) {
      throw new RapporteurError(
        'ENCRYPTED',
        `${ctx.name} has encrypted parts (${entry.name}) and cannot be read.`,
        {
          hint: 'Ask the sender for an unprotected copy.',
        },
      );
    }
    const budget = ctx.limits.maxUnzippedBytes - this.inflated;
    if (entry.size > budget) throw this.tooBig(entry.size);
    if (entry.size > RATIO_FLOOR && entry.size > entry.compressedSize * MAX_COMPRESSION_RATIO) {
      throw this.bomb(entry);
    }
    const lh = entry.localOffset;
    if (lh + 30 > bytes.length || view.getUint32(lh, true) !== SIG_LOCAL) {
      throw corrupt(ctx.name, `the ZIP entry ${entry.name} is damaged`);
    }
    const start = lh + 30 + view.getUint16(lh + 26, true) + view.getUint16(lh + 28, true);
    const end = start + entry.compressedSize;
    if (end > bytes.length) throw corrupt(ctx.name, `the ZIP entry ${entry.name} is truncated`);
    const data = bytes.subarray(start, end);

    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size)
        throw corrupt(ctx.name, `the ZIP entry ${entry.name} is damaged`);
      this.inflated += data.length;
      for (let i = 0; i < data.length; i += 1024 * 1024) sink(data.subarray(i, i + 1024 * 1024));
      return;
    }
    if (entry.method !== 8) {
      throw corrupt(
        ctx.name,
        `the ZIP entry ${entry.name} uses compression method ${entry.method}, not DEFLATE`,
      );
    }
    let produced = 0;
    const inflater = new Inflate((chunk) => {
      produced += chunk.length;
      this.inflated += chunk.length;
      // Never trust the directory: output beyond the declared size means a lying archive.
      if (produced > entry.size) {
        if (this.inflated > ctx.limits.maxUnzippedBytes) throw this.tooBig(this.inflated);
        throw corrupt(ctx.name, `the ZIP entry ${entry.name} is larger than its directory says`);
      }
      if (produced > RATIO_FLOOR && produced > entry.compressedSize * MAX_COMPRESSION_RATIO) {
        throw this.bomb(entry);
      }
      sink(chunk);
    });
    try {
      for (let i = 0; i < data.length; i += INPUT_STEP) {
        const last = i + INPUT_STEP >= data.length;
        inflater.push(data.subarray(i, i + INPUT_STEP), last);
        if ((i / INPUT_STEP) % 64 === 63) ctx.check();
      }
      if (data.length === 0) inflater.push(new Uint8Array(0), true);
    } catch (err) {
      if (err instanceof RapporteurError) throw err;
      throw corrupt(ctx.name, `the ZIP entry ${entry.name} cannot be decompressed (${errorText(err)})`);
    }
    if (produced !== entry.size) {
      throw corrupt(
        ctx.name,
        `the ZIP entry ${entry.name} is incomplete (${produced} of ${entry.size} bytes)`,
      );
    }
  }

  /** The whole uncompressed content of an entry (for small parts). */
  readAll(entry: ZipEntry): Uint8Array {
    const chunks: Uint8Array[] = [];
    let length = 0;
    this.read(entry, (c) => {
      chunks.push(c);
      length += c.length;
    });
    if (chunks.length === 1) return chunks[0] as Uint8Array;
    const out = new Uint8Array(length);
    let o = 0;
    for (const c of chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }

  private tooBig(size: number): RapporteurError {
    const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
    return new RapporteurError(
      'LIMIT_EXCEEDED',
      `${this.ctx.name} would decompress to more than ${mb(this.ctx.limits.maxUnzippedBytes)} (at least ${mb(size)}); refused.`,
      {
        hint: 'This may be a decompression bomb. If the document is genuine, remove embedded media or raise RAPPORTEUR_MAX_UNZIPPED_MB.',
        details: { limit: this.ctx.limits.maxUnzippedBytes },
      },
    );
  }

  private bomb(entry: ZipEntry): RapporteurError {
    return new RapporteurError(
      'LIMIT_EXCEEDED',
      `${this.ctx.name} contains a part (${entry.name}) compressed more than ${MAX_COMPRESSION_RATIO} to 1; refused as a likely decompression bomb.`,
      {
        hint: 'Re-save the document in Word or LibreOffice and send it again.',
        details: { entry: entry.name, compressed: entry.compressedSize, declared: entry.size },
      },
    );
  }
}

function findEocd(bytes: Uint8Array, view: DataView): number {
  const min = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= min; i--) {
    if (view.getUint32(i, true) === SIG_EOCD) {
      const commentLength = view.getUint16(i + 20, true);
      if (i + 22 + commentLength <= bytes.length) return i;
    }
  }
  return -1;
}

function safeNumber(value: bigint): number {
  // Anything beyond 2^53 cannot be a real offset in a buffer we hold; make it fail the bounds checks.
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

function corrupt(name: string, reason: string): RapporteurError {
  return new RapporteurError('CORRUPT_FILE', `${name} cannot be read: ${reason}.`, {
    hint: 'Open it in Word or LibreOffice, save it again as .docx and send the new copy.',
  });
}

function errorText(err: unknown): string {
  return messageOf(err);
}
