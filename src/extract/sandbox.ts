import type { Worker } from 'node:worker_threads';
import type { PartyAliasTable } from '../core/documents/aliases.js';
import type { Limits, RecurrenceWindow } from '../core/documents/options.js';
import { timeoutError } from '../core/documents/options.js';
import type { Document } from '../core/documents/types.js';
import { RapporteurError } from '../core/errors.js';
import type { ExtractInput, Extractor } from '../core/ports/index.js';
import { deserializeError, type ExtractRequest, type ExtractResponse, workerCrashError } from './protocol.js';
import { startWorkerBeside } from './start-worker.js';

export interface ExtractorOptions {
  partyAliases?: PartyAliasTable;
  recurrenceWindow?: RecurrenceWindow;
}

interface Job {
  bytes: Uint8Array;
  input: ExtractInput;
  resolve(doc: Document): void;
  reject(err: RapporteurError): void;
}

/**
 * A CPU-bound parse cannot be timed out from its own thread, and a hostile file can
 * make a parser allocate without bound. The sandbox runs `extractDocument` in a worker
 * thread whose heap is capped at `limits.extractMemoryMb` and which is terminated when a
 * file takes longer than `limits.extractTimeoutMs`; a crash, out-of-memory or timeout
 * becomes a clear RapporteurError and the next file gets a fresh worker. Files are read
 * one at a time per extractor.
 */
export function createExtractor(limits: Limits, options: ExtractorOptions = {}): Extractor {
  const queue: Job[] = [];
  let worker: Worker | undefined;
  let ready: Promise<void> | undefined;
  let current: { job: Job; id: number; timer?: NodeJS.Timeout } | undefined;
  let nextId = 1;
  let closed = false;

  const spawn = (): Promise<void> => {
    const w = startWorkerBeside(import.meta.url, limits.extractMemoryMb);
    worker = w;
    ready = new Promise<void>((resolve, reject) => {
      const onMessage = (msg: ExtractResponse) => {
        if (msg.type === 'ready') {
          w.off('error', onEarlyError);
          resolve();
        } else if (msg.type === 'started') onStarted(w, msg.id);
        else if (msg.type === 'result') onResult(w, msg);
      };
      const onEarlyError = (err: Error) => reject(crashError(err, 'the extraction worker', limits));
      w.on('message', onMessage);
      w.once('error', onEarlyError);
    });
    w.on('error', (err) => {
      if (worker !== w) return;
      discard(w);
      fail(crashError(err, current?.job.input.name ?? 'the file', limits));
    });
    w.on('exit', (code) => {
      if (worker !== w) return;
      discard(w);
      fail(
        new RapporteurError('INTERNAL', `The extraction worker stopped unexpectedly (exit code ${code}).`, {
          hint: 'Send the file again; if it keeps failing, report it.',
        }),
      );
    });
    return ready;
  };

  const discard = (w: Worker) => {
    if (worker === w) {
      worker = undefined;
      ready = undefined;
    }
    void w.terminate().catch(() => {});
  };

  const fail = (err: RapporteurError) => {
    const c = current;
    current = undefined;
    if (c) {
      if (c.timer) clearTimeout(c.timer);
      c.job.reject(err);
    }
    pump();
  };

  /** The reader is loaded: the file's own time budget starts (loading it had one budget too). */
  const onStarted = (w: Worker, id: number) => {
    const c = current;
    if (!c || c.id !== id || worker !== w || !c.timer) return;
    clearTimeout(c.timer);
    c.timer = armTimer(w, c.job, id);
  };

  const armTimer = (w: Worker, job: Job, id: number) =>
    setTimeout(() => {
      if (current?.id !== id) return;
      discard(w);
      fail(timeoutError(job.input.name ?? 'the file', limits.extractTimeoutMs));
    }, limits.extractTimeoutMs);

  const onResult = (w: Worker, msg: Extract<ExtractResponse, { type: 'result' }>) => {
    const c = current;
    if (!c || c.id !== msg.id || worker !== w) return;
    current = undefined;
    if (c.timer) clearTimeout(c.timer);
    if (msg.ok) c.job.resolve(msg.document);
    else c.job.reject(deserializeError(msg.error));
    pump();
  };

  const pump = () => {
    if (current || closed) {
      if (!current) worker?.unref();
      return;
    }
    const job = queue.shift();
    if (!job) {
      worker?.unref();
      return;
    }
    const id = nextId++;
    current = { job, id };
    const run = async () => {
      try {
        if (!worker || !ready) await spawn();
        else await ready;
      } catch (err) {
        // The worker's own error handler may already have failed this job and moved on.
        if (current?.id !== id) return;
        if (worker) discard(worker);
        fail(
          err instanceof RapporteurError ? err : crashError(err as Error, 'the extraction worker', limits),
        );
        return;
      }
      const w = worker;
      if (!w || current?.id !== id) return;
      w.ref();
      // The clock starts once the worker is ready, so worker start-up never eats the budget.
      current.timer = armTimer(w, job, id);
      postJob(w, job, id, limits, options);
    };
    void run();
  };

  return {
    extract(bytes, input = {}) {
      if (closed) {
        return Promise.reject(
          unavailable('The document extractor has been closed.', 'Create a new extractor.'),
        );
      }
      return new Promise<Document>((resolve, reject) => {
        queue.push({ bytes, input, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      const err = unavailable(
        'The document extractor was closed before this file was read.',
        'Send the file again.',
      );
      for (const job of queue.splice(0)) job.reject(err);
      const c = current;
      current = undefined;
      if (c) {
        if (c.timer) clearTimeout(c.timer);
        c.job.reject(err);
      }
      const w = worker;
      worker = undefined;
      ready = undefined;
      if (w) await w.terminate();
    },
  };
}

function unavailable(message: string, hint: string): RapporteurError {
  return new RapporteurError('UNAVAILABLE', message, { hint });
}

/** Sends one file to the worker. */
function postJob(w: Worker, job: Job, id: number, limits: Limits, options: ExtractorOptions): void {
  // A private copy with its own ArrayBuffer is transferred: `Buffer#slice` shares memory,
  // and transferring a Buffer's ArrayBuffer would empty the caller's bytes (which the
  // use cases store as the original right after extracting).
  const copy = new Uint8Array(job.bytes.byteLength);
  copy.set(job.bytes);
  const request: ExtractRequest = { id, bytes: copy, limits };
  if (job.input.name !== undefined) request.name = job.input.name;
  if (job.input.contentType !== undefined) request.contentType = job.input.contentType;
  if (options.partyAliases !== undefined) request.partyAliases = options.partyAliases;
  if (options.recurrenceWindow !== undefined) request.recurrenceWindow = options.recurrenceWindow;
  w.postMessage(request, [copy.buffer as ArrayBuffer]);
}

/**
 * Starts the worker from compiled JavaScript (dist) or, when this module itself runs
 * from TypeScript sources (vitest, tsx), from the .ts worker through tsx's loader: a
 * worker thread does not inherit the parent's module hooks.
 */
function crashError(err: Error, name: string, limits: Limits): RapporteurError {
  return workerCrashError(err, name, limits.extractMemoryMb, 'extraction worker');
}
