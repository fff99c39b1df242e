import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore, openStore, type SqlStore } from '../../src/store/index.js';
import { LATEST_MIGRATION } from '../../src/store/migrations.js';
import { describeStoreContract, expectError } from './contract.js';

const root = mkdtempSync(join(tmpdir(), 'rapporteur-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshFile = () => join(root, `db-${++n}`, 'rapporteur.sqlite');

describeStoreContract({
  name: 'SQLite file',
  async freshDatabase() {
    const file = freshFile();
    return {
      shared: true,
      open: (options = {}) => openSqliteStore({ file, ...options }),
      async drop() {
        rmSync(join(file, '..'), { recursive: true, force: true });
      },
    };
  },
});

describeStoreContract({
  name: 'SQLite :memory:',
  async freshDatabase() {
    return {
      shared: false,
      open: (options = {}) => openSqliteStore({ file: ':memory:', ...options }),
      async drop() {},
    };
  },
});

describe('SQLite store specifics', () => {
  it('opens SQLite at <dataDir>/rapporteur.sqlite when no DATABASE_URL is set, creating the directory', async () => {
    const dataDir = join(root, 'data-dir', 'nested');
    const store = await openStore({ dataDir });
    try {
      expect(store.dialect).toBe('sqlite');
      expect(store.location).toBe(`SQLite at ${join(dataDir, 'rapporteur.sqlite')}`);
      const raw = new Database(join(dataDir, 'rapporteur.sqlite'));
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      raw.close();
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(store.db);
      expect(fk.rows[0]?.foreign_keys).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('keeps every version posted by several threads at the same moment, numbered without gaps', async () => {
    const file = freshFile();
    const store = await openSqliteStore({ file });
    const tenant = await store.ensureTenant({ platform: 'slack', externalId: 'T-wsis', name: 'WSIS caucus' });
    const t = store.tenant(tenant.id);
    const process = await t.createProcess({ name: 'WSIS+10 Vision' });
    const document = await t.createDocument({ processId: process.id, name: 'Vision' });
    const workers = 3;
    const posts = 15;
    const claimKeys = [
      'draft-change:vision:C-vision:a',
      'draft-change:vision:C-vision:b',
      'draft-change:vision:C-vision:c',
    ];
    const barrier = new SharedArrayBuffer(8);
    const flags = new Int32Array(barrier);
    const script = new URL('./sqlite-worker.ts', import.meta.url).href;
    const results = Array.from(
      { length: workers },
      (_, worker) =>
        new Promise<{ sequences: number[]; created: string[]; startedAt: number; finishedAt: number }>(
          (resolve, reject) => {
            const w = new Worker(
              `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(script)}, ${JSON.stringify(script)}))`,
              {
                eval: true,
                workerData: {
                  file,
                  tenantId: tenant.id,
                  documentId: document.id,
                  worker,
                  posts,
                  claimKeys,
                  barrier,
                  workers,
                },
              },
            );
            w.once('message', resolve);
            w.once('error', reject);
            w.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
          },
        ),
    );
    const deadline = Date.now() + 15_000;
    while (Atomics.load(flags, 0) < workers && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    Atomics.store(flags, 1, 1);
    Atomics.notify(flags, 1);
    const done = await Promise.all(results);
    const sequences = done.flatMap((d) => d.sequences).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: workers * posts }, (_, i) => i + 1));
    // The workers ran at the same time: every one started before any finished. (SQLite does
    // not queue waiting writers fairly, so the numbers may come out in blocks: that is fine.)
    expect(Math.max(...done.map((d) => d.startedAt))).toBeLessThan(
      Math.min(...done.map((d) => d.finishedAt)),
    );
    expect(done.flatMap((d) => d.created).sort()).toEqual([...claimKeys].sort());
    expect((await t.listVersions(document.id)).map((v) => v.sequence)).toEqual(sequences);
    await store.close();
  }, 60_000);

  it('answers UNAVAILABLE when another process holds the write lock past the busy timeout, then recovers', async () => {
    const file = freshFile();
    const store = await openSqliteStore({ file, busyTimeoutMs: 150 });
    try {
      const tenant = await store.ensureTenant({ platform: 'console', externalId: 'local', name: 'Console' });
      const t = store.tenant(tenant.id);
      const other = new Database(file);
      other.exec('begin immediate');
      const started = Date.now();
      const err = await expectError(t.createProcess({ name: 'WSIS+10 Vision' }), 'UNAVAILABLE', /locked/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
      expect(err.transient).toBe(true);
      expect(err.hint).toMatch(/stuck Rapporteur process/);
      other.exec('rollback');
      other.close();
      expect((await t.createProcess({ name: 'WSIS+10 Vision' })).slug).toBe('wsis-10-vision');
    } finally {
      await store.close();
    }
  });

  it('refuses a file that is not a SQLite database, saying how to recover', async () => {
    const file = join(root, 'not-a-db.sqlite');
    writeFileSync(
      file,
      'Rapporteur notes: this is not a database, just text that happens to be here.\n'.repeat(100),
    );
    const err = await expectError(openSqliteStore({ file }), 'CORRUPT_FILE', /not a SQLite database/);
    expect(err.hint).toMatch(/backup/);
  });

  it('says so when the data directory cannot be created', async () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'x');
    await expectError(
      openSqliteStore({ file: join(blocker, 'sub', 'rapporteur.sqlite') }),
      'UNAVAILABLE',
      /data directory/,
    );
  });

  describe('backup', () => {
    it('makes a consistent, self-contained copy while writes go on', async () => {
      const file = freshFile();
      const store = await openSqliteStore({ file });
      const tenant = await store.ensureTenant({
        platform: 'discord',
        externalId: 'G-1',
        name: 'WSIS caucus',
      });
      const t = store.tenant(tenant.id);
      const process = await t.createProcess({ name: 'WSIS+10 Vision' });
      const document = await t.createDocument({ processId: process.id, name: 'Vision' });
      // Random bytes, as a PDF's compressed streams are: the store keeps them as they are.
      const big = new Uint8Array(randomBytes(256 * 1024));
      for (let i = 0; i < 8; i++) {
        big[0] = i;
        await t.postVersion({
          documentId: document.id,
          label: `v${i}`,
          postedBy: 'U',
          bytes: big,
          fileName: 'v.pdf',
          contentType: 'application/pdf',
        });
      }
      // A second connection keeps writing while the backup runs, as the bot would.
      const writer = await openSqliteStore({ file });
      const tw = writer.tenant(tenant.id);
      let writing = true;
      let written = 0;
      const loop = (async () => {
        while (writing) {
          await tw.appendChange({
            processId: process.id,
            kind: 'draft.version',
            subject: document.id,
            payload: { written },
          });
          written++;
          await new Promise((r) => setImmediate(r));
        }
      })();
      const target = join(root, `backup-${n}.sqlite`);
      const report = await store.backup(target);
      writing = false;
      await loop;
      await writer.close();
      expect(report).toMatchObject({ file: target, schemaVersion: LATEST_MIGRATION });
      expect(report.bytes).toBeGreaterThan(8 * 256 * 1024);
      // The copy is one file with a rollback journal, and opens as a store holding the data.
      const raw = new Database(target, { readonly: true });
      expect(raw.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();
      const copy: SqlStore = await openSqliteStore({ file: target });
      const ct = copy.tenant(tenant.id);
      expect((await ct.listVersions(document.id)).map((v) => v.label)).toEqual([
        'v0',
        'v1',
        'v2',
        'v3',
        'v4',
        'v5',
        'v6',
        'v7',
      ]);
      const last = await ct.latestVersion(document.id);
      big[0] = 7;
      expect(await ct.readOriginal(last?.id ?? '')).toEqual(big);
      await copy.close();
      await expectError(store.backup(target), 'CONFLICT', /never overwrites/);
      expect(readFileSync(target).subarray(0, 16).toString()).toBe('SQLite format 3\u0000');
      await store.close();
    });

    it('explains that an in-memory store has nothing to back up', async () => {
      const store = await openSqliteStore({ file: ':memory:' });
      await expectError(store.backup(join(root, 'x.sqlite')), 'INVALID_ARGUMENT', /in-memory/);
      await store.close();
    });
  });
});
