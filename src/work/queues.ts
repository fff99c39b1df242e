import type { RapporteurError } from '../core/errors.js';
import type { WorkKind } from './protocol.js';

/** A job of the work pool, from `run` until it is answered. */
export interface Job {
  tenantId: string;
  kind: WorkKind;
  input: unknown;
  transfer: ArrayBuffer[];
  affinity?: string | undefined;
  /** Running in a worker (holds one of its tenant's shares). */
  started: boolean;
  resolve(output: unknown): void;
  reject(err: RapporteurError): void;
}

/**
 * The tenants' queues and whose job runs next: the waiting tenant with the fewest jobs
 * running, and among those the one served longest ago (round robin). A tenant may hold all
 * workers but one, which stays for the others.
 */
export function tenantQueues(size: number) {
  const queues = new Map<string, Job[]>();
  /** Tenants with queued work, in order of arrival. */
  const turn: string[] = [];
  /** When each tenant was last served (a counter); never served counts as 0. */
  const lastServed = new Map<string, number>();
  /** Jobs running per tenant. */
  const running = new Map<string, number>();
  const perTenant = size > 1 ? size - 1 : 1;
  let serving = 0;
  let queued = 0;

  /**
   * The waiting tenant served next, within its share of the workers, with the first of its jobs
   * that `canRun` (a job bound to a busy worker waits, the tenant's next ones need not).
   */
  const nextTurn = (canRun: (job: Job) => boolean): { at: number; index: number } | undefined => {
    let found: { at: number; index: number } | undefined;
    let best = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
    for (let i = 0; i < turn.length; i++) {
      const t = turn[i] as string;
      const r = running.get(t) ?? 0;
      if (r >= perTenant) continue;
      const served = lastServed.get(t) ?? 0;
      if (r < (best[0] as number) || (r === best[0] && served < (best[1] as number))) {
        const index = queues.get(t)?.findIndex(canRun) ?? -1;
        if (index < 0) continue;
        found = { at: i, index };
        best = [r, served];
      }
    }
    return found;
  };

  return {
    get queued() {
      return queued;
    },
    /** Tenants with work waiting. */
    get waiting() {
      return turn.length;
    },
    push(job: Job) {
      let q = queues.get(job.tenantId);
      if (!q) {
        q = [];
        queues.set(job.tenantId, q);
        turn.push(job.tenantId);
      }
      q.push(job);
      queued++;
    },
    /** The next job in turn that `canRun`, marked as running in its tenant's share. */
    takeNext(canRun: (job: Job) => boolean): Job | undefined {
      const next = nextTurn(canRun);
      if (!next) return undefined;
      const { at, index } = next;
      const tenant = turn[at] as string;
      lastServed.set(tenant, ++serving);
      const q = queues.get(tenant);
      const job = q?.splice(index, 1)[0];
      if (!q || q.length === 0) {
        turn.splice(at, 1);
        queues.delete(tenant);
      }
      if (!job) return undefined;
      queued--;
      job.started = true;
      running.set(tenant, (running.get(tenant) ?? 0) + 1);
      return job;
    },
    /** A started job's end gives its tenant's share back. */
    release(job: Job) {
      if (!job.started) return;
      job.started = false;
      const n = (running.get(job.tenantId) ?? 1) - 1;
      if (n > 0) running.set(job.tenantId, n);
      else running.delete(job.tenantId);
    },
    /** Empties every queue, returning the jobs that were waiting. */
    clear(): Job[] {
      const all = [...queues.values()].flat();
      queues.clear();
      turn.length = 0;
      queued = 0;
      return all;
    },
  };
}
