import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { payloadRefs } from '../../src/core/app/alerts.js';
import { resolveProcess } from '../../src/core/app/context.js';
import { postDraftVersion, type WithdrawStep, withdrawDraftVersion } from '../../src/core/app/drafts.js';
import { followProcess, setStaff } from '../../src/core/app/setup.js';
import { silentLogger } from '../../src/core/ports.js';
import { openPostgresStore, openSqliteStore, type SqlStore } from '../../src/store/index.js';
import {
  admin,
  caucus,
  inProcessExtractor,
  type RecordingQueue,
  recordingQueue,
  STAFF_ROLE,
  staffer,
  TestClock,
} from '../helpers/app.js';
import { POSTGRES_URL, serviceUp, uniquePrefix } from '../helpers/services.js';

/**
 * A withdrawal that fails between its steps, on the real SQLite and PostgreSQL stores. The
 * version is marked withdrawn, its change logged and the alerted channels' delivery claims
 * written in one transaction: a failure after the change entry and before the claims leaves
 * nothing behind (so withdrawing again tells every channel, once), and a failure after the
 * commit leaves the claims pending in the store, where the queue rebuild finds them.
 */

const pgUp = await serviceUp('postgres');
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => undefined);
});

const clock = new TestClock(new Date('2015-12-05T10:00:00Z'));

const BACKENDS = [
  { name: 'SQLite', enabled: true, open: () => openSqliteStore({ file: ':memory:', clock }) },
  {
    name: 'PostgreSQL',
    enabled: pgUp,
    async open() {
      const name = uniquePrefix('withdraw').toLowerCase();
      const admin = async (q: string) => {
        const c = new pg.Client({ connectionString: POSTGRES_URL });
        await c.connect();
        try {
          await c.query(q);
        } finally {
          await c.end();
        }
      };
      await admin(`create database "${name}"`);
      const url = new URL(POSTGRES_URL);
      url.pathname = `/${name}`;
      const store = await openPostgresStore({ url: url.toString(), clock });
      cleanups.push(async () => {
        await store.close();
        await admin(`drop database if exists "${name}" with (force)`);
      });
      return store;
    },
  },
];

const enc = (s: string) => new TextEncoder().encode(s);
const V1 = enc(
  '# Outcome\n\n1. The parties [shall][should] review the text every [five] years.\n\n2. They meet once a year.\n',
);
const V2 = enc(
  '# Outcome\n\n1. The parties shall review the text every [five] years.\n\n2. They meet once a year.\n',
);

class Crash extends Error {}

/** The simulated failure, as thrown or as the store reports it (with the failure as its cause). */
const crashed = (e: unknown) => e instanceof Crash || (e instanceof Error && e.cause instanceof Crash);

/** True when a delivery's payload reference names this change. */
const refersTo = (ref: string | null, changeId: number | undefined) =>
  changeId !== undefined && payloadRefs.change.decode(ref)?.changeId === changeId;

/** A store with a process, staff, two versions posted and the caucus channel alerted about both. */
async function setUp(
  store: SqlStore,
): Promise<{ queue: RecordingQueue; deps: Parameters<typeof postDraftVersion>[0] }> {
  const queue = recordingQueue();
  const deps = { store, queue, extractor: inProcessExtractor(), clock, logger: silentLogger };
  await followProcess(deps, caucus, admin, { name: 'Review consultation' });
  await setStaff(deps, caucus, admin, { principal: { kind: 'platform-role', id: STAFF_ROLE }, grant: true });
  for (const [bytes, label] of [
    [V1, 'first'],
    [V2, 'second'],
  ] as const) {
    await postDraftVersion(deps, caucus, staffer, {
      document: 'Outcome',
      label,
      file: { name: `${label}.md`, bytes },
    });
  }
  return { queue, deps };
}

const failAt =
  (at: WithdrawStep) =>
  (step: WithdrawStep): void => {
    if (step === at) throw new Crash(`failed after ${step}`);
  };

for (const backend of BACKENDS) {
  describe.skipIf(!backend.enabled)(`a withdrawal that fails between its steps (${backend.name})`, () => {
    it('after the change entry, before the claims: nothing is kept, and withdrawing again tells the channel once', async () => {
      const store = await backend.open();
      if (backend.name === 'SQLite') cleanups.push(() => store.close());
      const { deps, queue } = await setUp(store);
      const { store: tenant, process } = await resolveProcess(deps, caucus);

      const failed = await withdrawDraftVersion(
        deps,
        caucus,
        staffer,
        { version: '2', reason: 'wrong file' },
        { afterStep: failAt('withdrawn') },
      ).catch((e: unknown) => e);
      expect(crashed(failed)).toBe(true);
      // Rolled back as one: the version still counts, no withdrawal was logged, nobody is told.
      const document = await tenant.findDocument(process.id, 'Outcome');
      expect((await tenant.listVersions(document?.id ?? '')).map((v) => v.sequence)).toEqual([1, 2]);
      expect(await tenant.listChanges(process.id, { kinds: ['draft.withdrawn'] })).toEqual([]);
      const pendingBefore = (await tenant.listDeliveries({ status: 'pending' })).length;

      const done = await withdrawDraftVersion(deps, caucus, staffer, { version: '2', reason: 'wrong file' });
      expect(done.told).toBe(1);
      const changes = await tenant.listChanges(process.id, { kinds: ['draft.withdrawn'] });
      expect(changes).toHaveLength(1);
      const pending = await tenant.listDeliveries({ status: 'pending' });
      const told = pending.filter((d) => refersTo(d.payloadRef, changes[0]?.id));
      expect(told).toHaveLength(1);
      expect(pending.length).toBe(pendingBefore + 1);
      expect(queue.deliveries).toContain(told[0]?.id);
    });

    it('after the commit, before the queue: the claims are pending in the store for the queue rebuild', async () => {
      const store = await backend.open();
      if (backend.name === 'SQLite') cleanups.push(() => store.close());
      const { deps, queue } = await setUp(store);
      const { store: tenant, process } = await resolveProcess(deps, caucus);
      const enqueued = queue.deliveries.length;

      const failed = await withdrawDraftVersion(
        deps,
        caucus,
        staffer,
        { version: '2' },
        { afterStep: failAt('claimed') },
      ).catch((e: unknown) => e);
      expect(crashed(failed)).toBe(true);
      expect(queue.deliveries.length).toBe(enqueued);
      const [change] = await tenant.listChanges(process.id, { kinds: ['draft.withdrawn'] });
      expect(change).toBeDefined();
      const retry = await tenant.deliveriesToRetry(clock.now());
      expect(retry.filter((d) => refersTo(d.payloadRef, change?.id))).toHaveLength(1);
    });
  });
}
