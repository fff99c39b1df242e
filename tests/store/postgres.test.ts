import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore, openStore } from '../../src/store/index.js';
import { POSTGRES_URL, serviceUp, uniquePrefix } from '../helpers/services.js';
import { describeStoreContract, expectError } from './contract.js';

/**
 * The contract on the machine's PostgreSQL. Every database used here is created for this run
 * under a unique name and dropped afterwards, so runs never share state.
 */
const up = await serviceUp('postgres');
const created: string[] = [];

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function urlFor(database: string): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function createDatabase(): Promise<string> {
  const name = uniquePrefix('store').toLowerCase();
  await admin((c) => c.query(`create database "${name}"`));
  created.push(name);
  return name;
}

async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
}

afterAll(async () => {
  if (!up) return;
  for (const name of created) await dropDatabase(name);
});

describe.skipIf(!up)('PostgreSQL (127.0.0.1:5432)', () => {
  describeStoreContract({
    name: 'PostgreSQL',
    async freshDatabase() {
      const name = await createDatabase();
      return {
        shared: true,
        open: (options = {}) => openPostgresStore({ url: urlFor(name), poolSize: 4, ...options }),
        drop: () => dropDatabase(name),
      };
    },
  });

  describe('PostgreSQL store specifics', () => {
    it('is chosen when DATABASE_URL is set, and never shows the password', async () => {
      const name = await createDatabase();
      const url = new URL(urlFor(name));
      url.password = 'not-shown';
      url.username = 'postgres';
      // Trust authentication ignores the password, which lets the test check it is never printed.
      const store = await openStore({ dataDir: '/nonexistent', databaseUrl: url.toString() });
      try {
        expect(store.dialect).toBe('postgres');
        expect(store.location).toBe(`PostgreSQL at ${url.hostname}:${url.port || '5432'}/${name}`);
        expect(store.location).not.toContain('not-shown');
      } finally {
        await store.close();
      }
    });

    it('answers UNAVAILABLE when nothing listens, with what to check', async () => {
      const err = await expectError(
        openPostgresStore({ url: 'postgres://postgres@127.0.0.1:1/test', connectTimeoutMs: 2000 }),
        'UNAVAILABLE',
        /127\.0\.0\.1:1/,
      );
      expect(err.hint).toMatch(/DATABASE_URL/);
    });

    it('answers CONFIG_INVALID for a database that does not exist', async () => {
      await expectError(
        openPostgresStore({ url: urlFor('rapporteur_no_such_database_anywhere') }),
        'CONFIG_INVALID',
        /does not exist/,
      );
    });

    it('maps a connection the server ends mid-call to UNAVAILABLE, and recovers on the next call', async () => {
      const name = await createDatabase();
      const store = await openPostgresStore({ url: urlFor(name), poolSize: 1 });
      const blocker = new pg.Client({ connectionString: urlFor(name) });
      try {
        const tenant = await store.ensureTenant({
          platform: 'discord',
          externalId: 'G-lost',
          name: 'WSIS caucus',
        });
        const t = store.tenant(tenant.id);
        const p = await t.createProcess({ name: 'WSIS+10 Vision' });
        // Another session holds the process row, so the store's update waits on it...
        await blocker.connect();
        await blocker.query('begin');
        await blocker.query('select id from processes where id = $1 for update', [p.id]);
        const pending = t.updateProcess(p.id, { settings: { packageDeal: true } });
        const waiting = await waitFor(async () => {
          const r = await blocker.query<{ pid: number }>(
            `select pid from pg_stat_activity where datname = $1 and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
            [name],
          );
          return r.rows[0]?.pid;
        });
        // ...and the server ends that connection, as a restart or a failover would.
        await blocker.query('select pg_terminate_backend($1)', [waiting]);
        const err = await expectError(pending, 'UNAVAILABLE', /connection/);
        expect(err.transient).toBe(true);
        expect(err.hint).toMatch(/running and reachable/);
        await blocker.query('rollback');
        // The pool replaces the dead connection: the next call works.
        expect((await t.updateProcess(p.id, { settings: { packageDeal: true } })).settings.packageDeal).toBe(
          true,
        );
      } finally {
        await blocker.end().catch(() => undefined);
        await store.close();
      }
    });

    it('compresses large values with lz4 where the server offers it', async () => {
      const name = await createDatabase();
      const store = await openPostgresStore({ url: urlFor(name) });
      try {
        const { sql } = await import('kysely');
        const offered = await sql<{ lz4: boolean }>`select 'lz4' = any(enumvals) as lz4 from pg_settings
          where name = 'default_toast_compression'`.execute(store.db);
        const columns = await sql<{ attname: string; attcompression: string }>`select attname, attcompression
          from pg_attribute where attrelid in ('parsed_cache'::regclass, 'blobs'::regclass)
          and attname in ('data', 'bytes')`.execute(store.db);
        const expected = offered.rows[0]?.lz4 === true ? 'l' : '';
        expect(columns.rows.map((r) => r.attcompression)).toEqual([expected, expected]);
      } finally {
        await store.close();
      }
    });

    it('points to pg_dump for backups', async () => {
      const name = await createDatabase();
      const store = await openPostgresStore({ url: urlFor(name) });
      try {
        const err = await expectError(store.backup('/tmp/x.sqlite'), 'INVALID_ARGUMENT');
        expect(err.hint).toMatch(/pg_dump/);
      } finally {
        await store.close();
      }
    });
  });
});

/** Polls `probe` until it yields a value (at most 10 s). */
async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, 25));
  }
}
