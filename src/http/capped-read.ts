import type { Readable } from 'node:stream';
import { RapporteurError } from '../core/errors.js';

/**
 * Reads a download into memory under a byte cap, for every download Rapporteur makes (files
 * attached on Discord, files shared on Slack, watched web pages). Bytes are counted as they
 * arrive: a Content-Length is only used to refuse early, never trusted. Past the cap reading
 * stops at once, the request behind the stream is aborted (`onAbort`) and the stream is
 * cancelled, so a lying or missing header cannot make the process buffer more than the cap
 * plus one chunk.
 */

/** A response body: a web stream (fetch) or a Node stream (node:http, a decompressor). */
export type ByteStream = ReadableStream<Uint8Array> | Readable;

/** What the caller's error for an oversized body is told. */
export interface OverLimit {
  maxBytes: number;
  /** The declared size, when the Content-Length alone was over the cap. */
  size?: number;
  /** Where the cap was hit: the declared length, or while reading. */
  stage: 'content-length' | 'stream';
}

export interface CappedReadOptions {
  /** Largest body accepted, in bytes; a body of exactly this size is read. */
  maxBytes: number;
  /** The response's Content-Length, if any: over the cap, nothing is read. */
  declaredLength?: string | number | null | undefined;
  /** The error to throw past the cap; by default LIMIT_EXCEEDED naming the limit. */
  tooLarge?: (over: OverLimit) => Error;
  /** Aborts the request behind the stream; called once when reading stops early for any reason. */
  onAbort?: () => void;
  /** Stops reading with the signal's reason (a deadline, a shutdown). */
  signal?: AbortSignal;
  /** Called after each chunk is counted; a throw stops reading with that error (a clock check). */
  onChunk?: (total: number) => void;
}

/** The default error: the body is over `maxBytes`, named in binary units. */
export function overLimitError(over: OverLimit): RapporteurError {
  const size = over.size === undefined ? '' : ` (${formatSize(over.size)})`;
  return new RapporteurError(
    'LIMIT_EXCEEDED',
    `The download${size} is over the ${formatSize(over.maxBytes)} limit.`,
    {
      hint: 'Use a smaller file, or ask the operator to raise the limit.',
      details: { ...over },
    },
  );
}

/** "20 MB", "1.5 KB", "12 bytes". */
function formatSize(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/**
 * The whole body, or a throw: the caller's `tooLarge` error past the cap, the signal's reason
 * when it fires, or the stream's own error. In every early stop `onAbort` runs and the stream
 * is cancelled (web) or destroyed (Node).
 */
export async function readCapped(
  source: ByteStream | null | undefined,
  options: CappedReadOptions,
): Promise<Uint8Array> {
  const { maxBytes } = options;
  const tooLarge = options.tooLarge ?? overLimitError;
  const declared = options.declaredLength == null ? Number.NaN : Number(options.declaredLength);
  let stopped: { reason: unknown } | undefined;
  let aborted = false;
  const abortRequest = () => {
    if (aborted) return;
    aborted = true;
    options.onAbort?.();
  };
  const reader = source ? readerOf(source) : undefined;
  const stop = (reason: unknown) => {
    if (stopped) return;
    stopped = { reason };
    abortRequest();
    reader?.cancel(reason);
  };
  if (Number.isFinite(declared) && declared > maxBytes) {
    stop(tooLarge({ maxBytes, size: declared, stage: 'content-length' }));
  }
  const onSignal = () => stop(options.signal?.reason);
  if (options.signal?.aborted) onSignal();
  options.signal?.addEventListener('abort', onSignal, { once: true });

  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (reader && !stopped) {
      const next = await reader.read();
      if (stopped || next === undefined) break;
      total += next.byteLength;
      if (total > maxBytes) {
        stop(tooLarge({ maxBytes, stage: 'stream' }));
        break;
      }
      options.onChunk?.(total);
      chunks.push(next);
    }
  } catch (err) {
    // A stream error after a stop is the cancellation itself: the stop's reason is what counts.
    if (!stopped) {
      abortRequest();
      reader?.cancel(err);
      throw err;
    }
  } finally {
    options.signal?.removeEventListener('abort', onSignal);
  }
  if (stopped) throw stopped.reason;
  return concat(chunks, total);
}

interface ChunkReader {
  /** The next chunk, or undefined at the end. */
  read(): Promise<Uint8Array | undefined>;
  /** Stops the stream; never throws. */
  cancel(reason: unknown): void;
}

function readerOf(source: ByteStream): ChunkReader {
  if ('getReader' in source) {
    const reader = source.getReader();
    return {
      read: async () => {
        const { done, value } = await reader.read();
        return done ? undefined : value;
      },
      cancel: (reason) => void reader.cancel(reason).catch(() => undefined),
    };
  }
  const iterator = source[Symbol.asyncIterator]();
  return {
    read: async () => {
      const { done, value } = await iterator.next();
      if (done) return undefined;
      return typeof value === 'string' ? Buffer.from(value) : (value as Uint8Array);
    },
    cancel: () => {
      source.destroy();
    },
  };
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
