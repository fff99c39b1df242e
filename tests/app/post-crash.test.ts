import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/core/app/context.js';
import { asChangePayload } from '../../src/core/app/contracts.js';
import { type PostStep, postDraftVersion, resumeDraftPosts } from '../../src/core/app/drafts.js';
import { followProcess, setStaff } from '../../src/core/app/setup.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { openPostgresStore, openSqliteStore, type SqlStore } from '../../src/store/index.js';
import {
  admin,
  caucus,
  FIXTURES,
  fixture,
  inProcessExtractor,
  recordingQueue,
  STAFF_ROLE,
  staffer,
  TestClock,
} from '../helpers/app.js';
import { POSTGRES_URL, serviceUp, uniquePrefix } from '../helpers/services.js';

/**
 * A bot process killed with SIGKILL in the middle of `/draft post`, after each of its steps,
 * on SQLite and on PostgreSQL. Before the fix, a version stored without its change entry was
 * lost for good: no alert, and a re-post answered "Already posted". Now the next start (or a
 * re-post) completes it, and every channel is told exactly once.
 */
const SECOND = join(FIXTURES, 'drafts', 'vision-2014-05-31.md');
const STEPS: PostStep[] = ['stored', 'logged', 'claimed'];
const pgUp = await serviceUp('postgres');
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => undefined);
});

interface Backend {
  name: string;
  enabled: boolean;
  /** A fresh, empty database: how the child reaches it, and a store on it for the test. */
  fresh(): Promise<{ target: string; open(): Promise<SqlStore> }>;
}

const clock = new TestClock(new Date('2015-12-05T10:00:00Z'));
const BACKENDS: Backend[] = [
  {
    name: 'SQLite',
    enabled: true,
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'rapporteur-crash-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      const file = join(dir, 'store.sqlite');
      return { target: `sqlite:${file}`, open: () => openSqliteStore({ file, clock }) };
    },
  },
  {
    name: 'PostgreSQL',
    enabled: pgUp,
    async fresh() {
      const name = uniquePrefix('crash').toLowerCase();
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
      cleanups.push(() => admin(`drop database if exists "${name}" with (force)`));
      const url = new URL(POSTGRES_URL);
      url.pathname = `/${name}`;
      return { target: `postgres:${url}`, open: () => openPostgresStore({ url: url.toString(), clock }) };
    },
  },
];

function runChild(target: string, step: string): Promise<{ signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'post-crash-child.ts'), target, step, SECOND],
      { cwd: join(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.stderr.on('data', (d) => {
      out += String(d);
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, out }));
  });
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.enabled)(`a post killed mid-way (${backend.name})`, () => {
    for (const step of STEPS) {
      it(`after "${step}": the next start completes it, and the channel is told once`, async () => {
        const db = await backend.fresh();
        let store = await db.open();
        const deps = (s: SqlStore): AppDeps => ({
          store: s,
          queue: recordingQueue(),
          extractor: inProcessExtractor(),
          clock,
          logger: silentLogger,
        });
        await followProcess(deps(store), caucus, admin, { name: 'WSIS+10 Vision' });
        await setStaff(deps(store), caucus, admin, {
          principal: { kind: 'platform-role', id: STAFF_ROLE },
          grant: true,
        });
        await postDraftVersion(deps(store), caucus, staffer, {
          document: 'Vision',
          label: 'first',
          file: { name: 'first.md', bytes: fixture('drafts', 'vision-2014-05-30.md') },
        });
        await store.close();

        const child = await runChild(db.target, step);
        expect(child.signal, child.out).toBe('SIGKILL');

        store = await db.open();
        try {
          const tenant = (await store.listTenants())[0];
          const t = store.tenant(tenant?.id ?? '');
          const process = (await t.listProcesses())[0];
          const document = (await t.listDocuments(process?.id ?? ''))[0];
          const second = (await t.listVersions(document?.id ?? '')).find((v) => v.sequence === 2);
          // The crash left the version stored but its post unfinished.
          expect(second?.announcedAt).toBeNull();
          expect(second?.changeId === null).toBe(step === 'stored');

          // The next start.
          expect(await resumeDraftPosts(deps(store))).toBe(1);
          const changes = await t.listChanges(process?.id ?? '', { kinds: ['draft.version'] });
          expect(changes.map((c) => asChangePayload(c.payload)?.alert.title)).toEqual([
            'Vision: new version #1 "first" in WSIS+10 Vision',
            'Vision: new version #2 "second" in WSIS+10 Vision',
          ]);
          expect((await t.listDeliveries()).length).toBe(2);
          // A re-post afterwards announces nothing more.
          const again = await postDraftVersion(deps(store), caucus, staffer, {
            document: 'Vision',
            label: 'second',
            file: { name: 'second.md', bytes: fixture('drafts', 'vision-2014-05-31.md') },
          });
          expect(again.created).toBe(false);
          expect(again.resumed).toBeUndefined();
          expect((await t.listDeliveries()).length).toBe(2);
        } finally {
          await store.close();
        }
      }, 60_000);
    }
  });
}
