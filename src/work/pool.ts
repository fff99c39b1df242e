import type { Worker } from 'node:worker_threads';
import { timeoutError } from '../core/documents/options.js';
import { RapporteurError } from '../core/errors.js';
import type { Logger } from '../core/ports/index.js';
import { deserializeError, workerCrashError } from '../extract/protocol.js';
import { startWorkerBeside } from '../extract/start-worker.js';
import type { WorkKind, WorkKinds, WorkRequest, WorkResponse } from './protocol.js';
import { type Job, tenantQueues } from './queues.js';

/** Limits of a work pool (from the configuration's `work` and `limits`). */
export interface WorkPoolOptions {
  /** Worker threads, each running one job at a time. */
  size: number;
  /** Heap (old generation) of each worker, MB; a job past it is stopped with LIMIT_EXCEEDED. */
  memoryMb: number;
  /** Memory outside the heap (buffers, inflated streams) one job may hold, MB. */
  externalMb: number;
  /** Time budget of an engine job (parse, status, diff, schedule), ms. */
  timeoutMs: number;
  /** Time budget of reading a file, ms (`RAPPORTEUR_EXTRACT_TIMEOUT_MS`). */
  extractTimeoutMs: number;
  /**
   * Memory outside the heap the libraries of agreed texts resident in one worker may hold, MB
   * (`RAPPORTEUR_LANGUAGE_MB`, default 320).
   */
  languageMb?: number;
  /** Libraries resident in one worker at once (`RAPPORTEUR_LANGUAGE_LIBRARIES`, default 4). */
  languageLibraries?: number;
  /** Heap added to each worker for resident libraries' texts and passages, MB (default 0). */
  languageHeapMb?: number;
  logger?: Logger;
}

export interface WorkPoolStats {
  size: number;
  /** Workers started and alive. */
  workers: number;
  busy: number;
  queued: number;
  /** Tenants with work waiting. */
  tenantsWaiting: number;
}

/** Runs the engines' jobs off the main thread. */
export interface WorkPool {
  /**
   * Queues one job in the tenant's queue and resolves to its output; rejects with a
   * RapporteurError (the engine's own, or TIMEOUT / LIMIT_EXCEEDED when a limit stopped it).
   * `transfer` lists buffers of `input` that move to the worker instead of being copied.
   * `affinity` names state a worker keeps between jobs (a library of agreed texts): the job
   * runs in the worker holding it, or in any free one (which then holds it) when none does.
   */
  run<K extends WorkKind>(
    tenantId: string,
    kind: K,
    input: WorkKinds[K]['input'],
    transfer?: ArrayBuffer[],
    affinity?: string,
  ): Promise<WorkKinds[K]['output']>;
  stats(): WorkPoolStats;
  /** Which worker (0-based slot) holds each resident state named by an affinity key. */
  holders(): Map<string, number>;
  /** Stops every worker; queued and running jobs are rejected with UNAVAILABLE. */
  close(): Promise<void>;
}

interface Slot {
  worker?: Worker | undefined;
  ready?: Promise<void> | undefined;
  current?: { job: Job; id: number; timer?: NodeJS.Timeout } | undefined;
  /** Affinity keys of the state this slot's worker holds. */
  holds: Set<string>;
}

/** What a job does, for messages ("Working on the draft's brackets took longer than ..."). */
const WHAT: Record<WorkKind, string> = {
  extract: 'the file',
  'draft.parse': "the draft's brackets",
  'draft.read': "the draft's brackets",
  'draft.status': "the draft's status",
  'draft.diff': 'the comparison of the two versions',
  'draft.query': 'the question about the draft',
  'schedule.read': 'the meeting announcement',
  'schedule.reconcile': "the process's schedule",
  language: 'the match against the library of agreed texts',
  'language.index': 'the agreed text',
};

/**
 * A small pool of worker threads for every CPU-heavy step: reading files and the draft and
 * schedule engines. Each tenant has its own queue and free workers take the tenants' queues
 * in turn (round robin), so one tenant's pile of hostile files waits behind itself, never in
 * front of another tenant's command. Each job runs under a time limit (the worker is
 * terminated when it is spent), a heap limit (the worker's `resourceLimits`) and a limit on
 * memory outside the heap (sampled by the worker); a stopped worker is replaced by a fresh
 * one for the next job. The main thread only routes jobs, so chat heartbeats and
 * acknowledgements are never queued behind a parse.
 */
export function createWorkPool(options: WorkPoolOptions): WorkPool {
  const size = Math.max(1, Math.floor(options.size));
  const queues = tenantQueues(size);
  let closed = false;
  const pump = () => {
    if (closed) return;
    let started = true;
    while (queues.queued > 0 && started) {
      started = false;
      for (const slot of slots.free()) {
        const job = queues.takeNext((j) => slots.canRun(j, slot));
        if (!job) continue;
        slots.start(slot, job);
        started = true;
        break;
      }
    }
    slots.idle();
  };
  const slots = workerSlots(size, options, pump);

  return {
    run(tenantId, kind, input, transfer = [], affinity = undefined) {
      if (closed) {
        return Promise.reject(
          new RapporteurError('UNAVAILABLE', 'The work pool has been closed.', {
            hint: 'Restart the process.',
          }),
        );
      }
      return new Promise((resolve, reject) => {
        const job: Job = {
          tenantId,
          kind,
          input,
          transfer,
          affinity,
          started: false,
          resolve: (output) => {
            queues.release(job);
            resolve(output as never);
          },
          reject: (err) => {
            queues.release(job);
            reject(err);
          },
        };
        queues.push(job);
        pump();
      });
    },
    stats() {
      return { size, ...slots.counts(), queued: queues.queued, tenantsWaiting: queues.waiting };
    },
    holders: () => slots.holders(),
    async close() {
      closed = true;
      const err = new RapporteurError('UNAVAILABLE', 'The work pool was closed before this work was done.', {
        hint: 'Send the file or command again.',
      });
      for (const job of queues.clear()) job.reject(err);
      await slots.stopAll(err);
    },
  };
}

/**
 * The pool's worker threads, one job at a time each: starting a worker when a job needs one,
 * the job's time limit, the worker's answers, and replacing a worker that was stopped or died.
 * `pump` is called whenever a worker becomes free.
 */
function workerSlots(size: number, options: WorkPoolOptions, pump: () => void) {
  const slots: Slot[] = Array.from({ length: size }, () => ({ holds: new Set<string>() }));
  const { hold, canRun, holders } = affinities(slots);
  let nextId = 1;

  const discard = (slot: Slot) => {
    const w = slot.worker;
    slot.worker = undefined;
    slot.ready = undefined;
    hold(slot, []);
    if (w) void w.terminate().catch(() => {});
  };

  const fail = (slot: Slot, err: RapporteurError) => {
    const c = slot.current;
    slot.current = undefined;
    if (c) {
      if (c.timer) clearTimeout(c.timer);
      c.job.reject(err);
    }
    pump();
  };

  const armTimer = (slot: Slot, w: Worker, job: Job, id: number) =>
    setTimeout(
      () => {
        if (slot.current?.id !== id || slot.worker !== w) return;
        discard(slot);
        fail(slot, overTime(job, timeoutFor(job, options)));
      },
      timeoutFor(job, options),
    );

  const onMessage = (slot: Slot, w: Worker, msg: Exclude<WorkResponse, { type: 'ready' }>) => {
    const c = slot.current;
    if (!c || c.id !== msg.id || slot.worker !== w) return;
    if (msg.type === 'started') {
      // Loading a reader is not the input's fault: the job's own budget starts now.
      if (c.timer) clearTimeout(c.timer);
      c.timer = armTimer(slot, w, c.job, c.id);
      return;
    }
    if (msg.type === 'external') {
      options.logger?.warn(
        { tenant: c.job.tenantId, kind: c.job.kind, externalMb: Math.round(msg.bytes / 1048576) },
        'work job stopped: memory outside the heap over its budget',
      );
      discard(slot);
      fail(slot, externalError(nameOf(c.job), options.externalMb));
      return;
    }
    slot.current = undefined;
    if (c.timer) clearTimeout(c.timer);
    hold(slot, msg.held);
    if (msg.ok) c.job.resolve(msg.output);
    else c.job.reject(deserializeError(msg.error));
    pump();
  };

  const spawn = (slot: Slot): Promise<void> => {
    // Resident libraries keep their texts and passages on the heap besides their arrays.
    const w = startWorkerBeside(import.meta.url, options.memoryMb + (options.languageHeapMb ?? 0));
    slot.worker = w;
    slot.ready = new Promise<void>((resolve, reject) => {
      const onEarlyError = (err: Error) => reject(crashError(err, 'the work pool', options));
      w.on('message', (msg: WorkResponse) => {
        if (msg.type === 'ready') {
          w.off('error', onEarlyError);
          resolve();
        } else onMessage(slot, w, msg);
      });
      w.once('error', onEarlyError);
    });
    w.on('error', (err) => {
      if (slot.worker !== w) return;
      discard(slot);
      fail(slot, crashError(err, slot.current ? nameOf(slot.current.job) : 'the work', options));
    });
    w.on('exit', (code) => {
      if (slot.worker !== w) return;
      discard(slot);
      fail(
        slot,
        new RapporteurError('INTERNAL', `A work-pool worker stopped unexpectedly (exit code ${code}).`, {
          hint: 'Send the file or command again; if it keeps failing, report it.',
        }),
      );
    });
    return slot.ready;
  };

  /** Hands the job to the slot's worker, started first when the slot has none. */
  const start = async (slot: Slot, job: Job) => {
    const id = nextId++;
    slot.current = { job, id };
    // The worker that runs a job holds its state from now on: the next job for it waits here.
    if (job.affinity !== undefined) hold(slot, [...slot.holds, job.affinity]);
    try {
      if (!slot.worker || !slot.ready) await spawn(slot);
      else await slot.ready;
    } catch (err) {
      if (slot.current?.id !== id) return;
      discard(slot);
      fail(slot, err instanceof RapporteurError ? err : crashError(err as Error, 'the work pool', options));
      return;
    }
    const w = slot.worker;
    const c = slot.current;
    if (!w || c?.id !== id) return;
    w.ref();
    c.timer = armTimer(slot, w, job, id);
    try {
      w.postMessage(requestFor(id, job, options), job.transfer);
    } catch (err) {
      // An input that cannot be cloned is a programming error, not the worker's.
      slot.current = undefined;
      clearTimeout(c.timer);
      job.reject(
        new RapporteurError(
          'INTERNAL',
          `Could not hand ${nameOf(job)} to a worker (${(err as Error).message}).`,
        ),
      );
      pump();
    }
  };

  return {
    free: () => freeSlots(slots),
    canRun,
    holders,
    start: (slot: Slot, job: Job) => void start(slot, job),
    /** Idle workers do not keep the process alive. */
    idle() {
      for (const s of slots) if (!s.current) s.worker?.unref();
    },
    counts: () => ({
      workers: slots.filter((s) => s.worker).length,
      busy: slots.filter((s) => s.current).length,
    }),
    /** Rejects running jobs with `err` and terminates every worker. */
    stopAll: (err: RapporteurError) => stopSlots(slots, err),
  };
}

/**
 * The free slots, those with a live worker first (starting a worker costs a module load), then
 * those holding the least state (a new library goes where there is room).
 */
function freeSlots(slots: Slot[]): Slot[] {
  return slots
    .filter((s) => !s.current)
    .sort((a, b) => Number(!a.worker) - Number(!b.worker) || a.holds.size - b.holds.size);
}

/** Which slot's worker holds the state each affinity key names (a library of agreed texts). */
function affinities(slots: Slot[]) {
  const holders = new Map<string, Slot>();
  return {
    /** The slot's worker holds exactly `keys` now. */
    hold(slot: Slot, keys: Iterable<string>) {
      for (const k of slot.holds) if (holders.get(k) === slot) holders.delete(k);
      slot.holds = new Set(keys);
      for (const k of slot.holds) holders.set(k, slot);
    },
    /** Whether `job` may run in `slot`: it has no affinity, or its state is there or nowhere. */
    canRun(job: Job, slot: Slot): boolean {
      if (job.affinity === undefined) return true;
      const holder = holders.get(job.affinity);
      return holder === undefined || holder === slot;
    },
    holders: () => new Map([...holders].map(([k, s]) => [k, slots.indexOf(s)])),
  };
}

/** Rejects the slots' running jobs with `err` and terminates their workers. */
async function stopSlots(slots: Slot[], err: RapporteurError): Promise<void> {
  const stopping: Promise<unknown>[] = [];
  for (const slot of slots) {
    const c = slot.current;
    slot.current = undefined;
    if (c) {
      if (c.timer) clearTimeout(c.timer);
      c.job.reject(err);
    }
    const w = slot.worker;
    slot.worker = undefined;
    slot.ready = undefined;
    if (w) stopping.push(w.terminate());
  }
  await Promise.allSettled(stopping);
}

/** Default bounds of the libraries resident in one worker (see `WorkPoolOptions`). */
const DEFAULT_LANGUAGE_MB = 320;
const DEFAULT_LANGUAGE_LIBRARIES = 4;

/** What a worker is sent for a job, with the job's memory bounds. */
function requestFor(id: number, job: Job, options: WorkPoolOptions): WorkRequest {
  const externalBytes = options.externalMb * 1024 * 1024;
  const resident = {
    budgetBytes: (options.languageMb ?? DEFAULT_LANGUAGE_MB) * 1024 * 1024,
    maxLibraries: options.languageLibraries ?? DEFAULT_LANGUAGE_LIBRARIES,
  };
  return {
    id,
    kind: job.kind,
    input: job.input as never,
    // A language job may build a library: its arrays count against the resident budget.
    externalBytes: job.kind === 'language' ? externalBytes + resident.budgetBytes : externalBytes,
    resident,
  };
}

function timeoutFor(job: Job, options: WorkPoolOptions): number {
  if (job.kind === 'extract') return options.extractTimeoutMs;
  // Building a library from its texts (a 50 MB library: some 8 s alone, several times that on
  // a loaded machine) is not one question's work: it gets four of a job's budgets.
  if (job.kind === 'language' && (job.input as { load?: unknown }).load) return options.timeoutMs * 4;
  return options.timeoutMs;
}

function nameOf(job: Job): string {
  return job.kind === 'extract' ? ((job.input as { name?: string }).name ?? 'the file') : WHAT[job.kind];
}

/**
 * Starts a worker from compiled JavaScript (dist) or, when this module runs from TypeScript
 * sources (vitest, tsx), from the .ts worker through tsx's loader: a worker thread does not
 * inherit the parent's module hooks.
 */
function overTime(job: Job, ms: number): RapporteurError {
  if (job.kind === 'extract') return timeoutError((job.input as { name?: string }).name ?? 'the file', ms);
  return new RapporteurError(
    'TIMEOUT',
    `Working on ${WHAT[job.kind]} took longer than ${ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`} and was stopped.`,
    {
      hint: 'The text may be hostile or unusually complex; send a simpler version, or raise RAPPORTEUR_WORK_TIMEOUT_MS.',
      details: { timeoutMs: ms },
    },
  );
}

function externalError(name: string, externalMb: number): RapporteurError {
  return new RapporteurError(
    'LIMIT_EXCEEDED',
    `Reading ${name} needed more than ${externalMb} MB of memory outside the heap (decompressed data) and was stopped.`,
    {
      hint: 'The file may be hostile (a compression bomb); send a smaller or simpler version, or raise RAPPORTEUR_WORK_EXTERNAL_MB.',
      details: { limit: 'RAPPORTEUR_WORK_EXTERNAL_MB', externalMb },
    },
  );
}

function crashError(err: Error, name: string, options: WorkPoolOptions): RapporteurError {
  return workerCrashError(err, name, options.memoryMb, 'work-pool worker', 'the file or command');
}
