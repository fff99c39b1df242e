import { createInflate } from 'node:zlib';
import { RapporteurError } from '../errors.js';
import type { ExtractContext } from './options.js';

/** Output chunk of the inflater: what is held at once while counting. */
const CHUNK = 256 * 1024;
/** How far before a `stream` keyword its dictionary is looked for. */
const DICT_WINDOW = 4096;

const STREAM = Buffer.from('stream');
const ENDSTREAM = Buffer.from('endstream');

/**
 * Refuses a PDF whose compressed streams would inflate past `maxUnzippedBytes` in total,
 * before pdf.js reads it. pdf.js inflates a content stream whole and keeps the result in
 * buffers outside the JavaScript heap, so a few MB of FlateDecode data can fill gigabytes that
 * no heap limit sees. Here each FlateDecode stream a text reader would decode (images are
 * skipped: text extraction never decodes them) is inflated once as a stream, counting the
 * output and keeping none of it, and reading stops as soon as the budget is spent. Streams
 * that do not inflate (encrypted, damaged) are left to pdf.js. Linear in the file and in the
 * budget.
 */
export async function checkPdfInflation(bytes: Uint8Array, ctx: ExtractContext): Promise<void> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const budget = ctx.limits.maxUnzippedBytes;
  let total = 0;
  let at = 0;
  while (at < buf.length) {
    const kw = buf.indexOf(STREAM, at);
    if (kw < 0) break;
    // `endstream` also contains `stream`: only a keyword not preceded by "end" opens data.
    const isEnd = kw >= 3 && buf[kw - 3] === 0x65 && buf[kw - 2] === 0x6e && buf[kw - 1] === 0x64;
    let start = kw + STREAM.length;
    if (isEnd) {
      at = start;
      continue;
    }
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    const end = buf.indexOf(ENDSTREAM, start);
    const stop = end < 0 ? buf.length : end;
    at = end < 0 ? buf.length : end + ENDSTREAM.length;
    const dict = buf.toString('latin1', Math.max(0, kw - DICT_WINDOW), kw);
    const open = dict.lastIndexOf('obj');
    const own = open < 0 ? dict : dict.slice(open);
    if (!/\/(FlateDecode|Fl)\b/.test(own) || /\/Subtype\s*\/Image\b/.test(own)) continue;
    total = await inflateCounting(buf.subarray(start, stop), total, budget, ctx);
  }
}

/**
 * Inflates one zlib stream (Node's native zlib, streaming: only one output chunk is held at a
 * time), counting its output onto `total`; rejects as soon as the budget is spent.
 */
function inflateCounting(
  data: Uint8Array,
  total: number,
  budget: number,
  ctx: ExtractContext,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let sum = total;
    let done = false;
    const inflater = createInflate({ chunkSize: CHUNK });
    const finish = (err?: RapporteurError) => {
      if (done) return;
      done = true;
      inflater.destroy();
      if (err) reject(err);
      else resolve(sum);
    };
    inflater.on('data', (chunk: Buffer) => {
      sum += chunk.length;
      if (sum > budget) return finish(tooBig(ctx, sum));
      try {
        ctx.check();
      } catch (err) {
        finish(err as RapporteurError);
      }
    });
    inflater.on('end', () => finish());
    // Not a zlib stream as written (encrypted, damaged, other filter first): pdf.js decides.
    inflater.on('error', () => finish());
    inflater.end(data);
  });
}

function tooBig(ctx: ExtractContext, size: number): RapporteurError {
  const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
  return new RapporteurError(
    'LIMIT_EXCEEDED',
    `${ctx.name} would decompress to more than ${mb(ctx.limits.maxUnzippedBytes)} (at least ${mb(size)}); refused.`,
    {
      hint: 'This may be a decompression bomb. If the document is genuine, raise RAPPORTEUR_MAX_UNZIPPED_MB.',
      details: { limit: ctx.limits.maxUnzippedBytes },
    },
  );
}
