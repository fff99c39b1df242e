import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RapporteurError } from '../../src/core/errors.js';
import type { TenantStore } from '../../src/core/ports/index.js';
import { createSentRecorder } from '../../src/jobs/group-commit.js';
import { openSqliteStore } from '../../src/store/index.js';
import type { SqlStore } from '../../src/store/sql-store.js';

/**
 * Group commit of sent deliveries: sends that finish together share one store transaction,
 * and each still learns its own outcome.
 */

let store: SqlStore;
beforeEach(async () => {
  store = await openSqliteStore({ file: ':memory:' });
});
afterEach(async () => {
  await store.close();
});

async function tenantWithDeliveries(name: string, n: number) {
  const tenant = await store.ensureTenant({ platform: 'discord', externalId: `G-${name}`, name });
  const t = store.tenant(tenant.id);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { delivery } = await t.claimDelivery({
      key: `schedule-change:mpp-6:${name}:${i}`,
      target: { kind: 'channel', id: `C-${name}` },
      kind: 'schedule-change',
    });
    ids.push(delivery.id);
  }
  return { t, ids };
}

/** The tenant view with its batch writes counted (and optionally held until released). */
function counted(t: TenantStore) {
  const batches: number[] = [];
  let hold: Promise<void> | undefined;
  let release: () => void = () => undefined;
  const view: TenantStore = {
    ...t,
    async recordDeliveriesSent(entries) {
      batches.push(entries.length);
      if (hold) await hold;
      return t.recordDeliveriesSent(entries);
    },
  };
  return {
    view,
    batches,
    holdNext() {
      hold = new Promise((resolve) => {
        release = () => {
          hold = undefined;
          resolve();
        };
      });
    },
    release: () => release(),
  };
}

describe('group commit of sent deliveries', () => {
  it('commits the sends that finish together in one transaction, each with its own record', async () => {
    const { t, ids } = await tenantWithDeliveries('vision', 20);
    const c = counted(t);
    const recorder = createSentRecorder();
    const records = await Promise.all(
      ids.map((id, i) => recorder.record(c.view, id, { platformMessageId: `M-${i}` })),
    );
    expect(c.batches).toEqual([20]);
    expect(records.map((r) => r.id)).toEqual(ids);
    expect(records.map((r) => r.platformMessageId)).toEqual(ids.map((_, i) => `M-${i}`));
    expect(await t.listDeliveries({ status: 'sent' })).toHaveLength(20);
  });

  it('splits a large group into transactions of at most maxBatch', async () => {
    const { t, ids } = await tenantWithDeliveries('vision', 20);
    const c = counted(t);
    const recorder = createSentRecorder({ maxBatch: 8 });
    await Promise.all(ids.map((id) => recorder.record(c.view, id, {})));
    expect(c.batches).toEqual([8, 8, 4]);
  });

  it('writes a lone send at once, and the sends that finish during a commit in the next one', async () => {
    const { t, ids } = await tenantWithDeliveries('vision', 6);
    const c = counted(t);
    const recorder = createSentRecorder();
    c.holdNext();
    const first = recorder.record(c.view, ids[0] as string, {});
    await new Promise((resolve) => setImmediate(resolve));
    expect(c.batches).toEqual([1]);
    const rest = ids.slice(1).map((id) => recorder.record(c.view, id, {}));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Nothing else starts while the first commit is in progress.
    expect(c.batches).toEqual([1]);
    c.release();
    await first;
    await Promise.all(rest);
    expect(c.batches).toEqual([1, 5]);
  });

  it('rejects only the send that may not be recorded', async () => {
    const { t, ids } = await tenantWithDeliveries('vision', 3);
    await t.recordDeliverySent(ids[1] as string, { platformMessageId: 'M-earlier' });
    const recorder = createSentRecorder();
    const results = await Promise.allSettled(ids.map((id) => recorder.record(t, id, {})));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const refused = (results[1] as PromiseRejectedResult).reason;
    expect(refused).toBeInstanceOf(RapporteurError);
    expect((refused as RapporteurError).code).toBe('CONFLICT');
    expect((await t.getDelivery(ids[1] as string))?.platformMessageId).toBe('M-earlier');
  });

  it('keeps tenants in transactions of their own', async () => {
    const a = await tenantWithDeliveries('vision', 3);
    const b = await tenantWithDeliveries('igf', 2);
    const ca = counted(a.t);
    const cb = counted(b.t);
    const recorder = createSentRecorder();
    const all = [
      ...a.ids.map((id) => recorder.record(ca.view, id, {})),
      ...b.ids.map((id) => recorder.record(cb.view, id, {})),
    ];
    const records = await Promise.all(all);
    expect(ca.batches).toEqual([3]);
    expect(cb.batches).toEqual([2]);
    expect(records.map((r) => r.tenantId)).toEqual([
      ...a.ids.map(() => a.t.tenantId),
      ...b.ids.map(() => b.t.tenantId),
    ]);
    // A's ids through B's view are not found: the batch is scoped to its tenant.
    const crossed = await Promise.allSettled([recorder.record(b.t, a.ids[0] as string, {})]);
    expect((crossed[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'NOT_FOUND' });
    const foreign = await a.t.claimDelivery({
      key: 'schedule-change:mpp-6:vision:late',
      target: { kind: 'channel', id: 'C-vision' },
      kind: 'schedule-change',
    });
    const intruded = await Promise.allSettled([recorder.record(b.t, foreign.delivery.id, {})]);
    expect((intruded[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'NOT_FOUND' });
    expect((await a.t.getDelivery(foreign.delivery.id))?.status).toBe('pending');
  });

  it('rejects every send of a batch the store could not commit, and keeps working after', async () => {
    const { t, ids } = await tenantWithDeliveries('vision', 4);
    const recorder = createSentRecorder();
    const failing: TenantStore = {
      ...t,
      async recordDeliveriesSent() {
        throw new RapporteurError('UNAVAILABLE', 'Could not record sent deliveries: the store is busy.');
      },
    };
    const results = await Promise.allSettled(ids.slice(0, 3).map((id) => recorder.record(failing, id, {})));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(results.map((r) => ((r as PromiseRejectedResult).reason as RapporteurError).code)).toEqual([
      'UNAVAILABLE',
      'UNAVAILABLE',
      'UNAVAILABLE',
    ]);
    expect(await t.listDeliveries({ status: 'sent' })).toEqual([]);
    expect((await recorder.record(t, ids[3] as string, {})).status).toBe('sent');
  });
});
