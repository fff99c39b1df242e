import type { RapporteurError } from '../core/errors.js';
import type { DeliverySentResult, TenantStore } from '../core/ports/index.js';
import type { DeliveryRecord } from '../core/store.js';

/**
 * Group commit for sent deliveries. Every delivery ends with one store write (recording the
 * send is what makes it once-only), and with many deliveries in flight those writes dominate:
 * a transaction each, with its commit (a WAL append on SQLite, a round trip and an fsync on
 * PostgreSQL). Here the sends that finish while a commit is in progress wait for the next one
 * and share it, so a busy worker commits once per batch and an idle one at once (nothing waits
 * for a timer: the first send of a quiet spell is written on the next turn of the event loop).
 *
 * Once-only is unchanged: a job completes only after the transaction holding its record has
 * committed, and each entry keeps its own outcome (a CONFLICT for one never undoes another).
 */
export interface SentRecorder {
  /** Records one send; resolves with the stored record or rejects as `recordDeliverySent` would. */
  record(t: TenantStore, id: string, result: DeliverySentResult): Promise<DeliveryRecord>;
}

interface Waiting {
  id: string;
  result: DeliverySentResult;
  resolve: (record: DeliveryRecord) => void;
  reject: (err: unknown) => void;
}

/** Creates a recorder committing at most `maxBatch` sends of one tenant per transaction. */
export function createSentRecorder(options: { maxBatch?: number } = {}): SentRecorder {
  const maxBatch = Math.max(1, options.maxBatch ?? 64);
  // Keyed by the tenant view: one per tenant and store, so a batch never mixes either.
  let pending = new Map<TenantStore, Waiting[]>();
  let running = false;
  let scheduled = false;

  const commit = async (t: TenantStore, items: Waiting[]) => {
    let outcomes: Array<DeliveryRecord | RapporteurError>;
    try {
      outcomes = await t.recordDeliveriesSent(items.map(({ id, result }) => ({ id, ...result })));
    } catch (err) {
      for (const item of items) item.reject(err);
      return;
    }
    items.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome === undefined) item.reject(new Error('The store returned no outcome for a send.'));
      else if (outcome instanceof Error) item.reject(outcome);
      else item.resolve(outcome);
    });
  };

  const flush = async () => {
    scheduled = false;
    running = true;
    const groups = pending;
    pending = new Map();
    try {
      await Promise.all(
        [...groups].map(async ([t, items]) => {
          for (let i = 0; i < items.length; i += maxBatch) await commit(t, items.slice(i, i + maxBatch));
        }),
      );
    } finally {
      running = false;
      // What arrived during this commit goes in the next one.
      if (pending.size > 0) schedule();
    }
  };

  const schedule = () => {
    if (running || scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  };

  return {
    record(t, id, result) {
      return new Promise<DeliveryRecord>((resolve, reject) => {
        let group = pending.get(t);
        if (!group) {
          group = [];
          pending.set(t, group);
        }
        group.push({ id, result, resolve, reject });
        schedule();
      });
    },
  };
}
