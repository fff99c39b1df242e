import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, openStore } from '../../src/store/index.js';
import { preparingPool } from '../../src/store/pg-prepared.js';
import { POSTGRES_URL, serviceUp, uniquePrefix } from '../helpers/services.js';

/**
 * Named prepared statements on PostgreSQL: the store's repeated statements are parsed once
 * per connection, a bounded number of them, and a schema that changes under a running
 * process does not break its queries.
 */
const up = await serviceUp('postgres');
const database = uniquePrefix('prepared').toLowerCase();

function urlFor(name: string): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A Kysely on one connection at a time through the preparing pool. */
function oneConnection(maxStatements?: number) {
  const pool = new pg.Pool({ connectionString: urlFor(database), max: 1 });
  const options = maxStatements === undefined ? {} : { maxStatements };
  return new Kysely<Record<string, Record<string, unknown>>>({
    dialect: new PostgresDialect({ pool: preparingPool(pool, options) }),
  });
}

// biome-ignore lint/suspicious/noExplicitAny: any schema; the query names no table of it
const prepared = async (db: Kysely<any>) =>
  (
    await sql<{
      name: string;
    }>`select name from pg_prepared_statements where name like 'rapporteur_%'`.execute(db)
  ).rows.map((r) => r.name);

beforeAll(async () => {
  if (!up) return;
  await admin(POSTGRES_URL, (c) => c.query(`create database "${database}"`));
});

afterAll(async () => {
  if (!up) return;
  await admin(POSTGRES_URL, (c) => c.query(`drop database if exists "${database}" with (force)`));
});

describe.skipIf(!up)('PostgreSQL prepared statements', () => {
  it('runs the store’s repeated statements as prepared ones, with the same results', async () => {
    const store = await openPostgresStore({ url: urlFor(database), poolSize: 1 });
    try {
      const tenant = await store.ensureTenant({
        platform: 'discord',
        externalId: 'G-1',
        name: 'WSIS caucus',
      });
      const before = await prepared(store.db);
      expect(await store.getTenant(tenant.id)).toEqual(tenant);
      expect(await store.getTenant(tenant.id)).toEqual(tenant);
      const after = await prepared(store.db);
      // The tenant read was parsed once and is now kept by the connection.
      expect(after.length).toBe(before.length + 1);
    } finally {
      await store.close();
    }
  });

  it('prepares nothing when turned off (for a transaction-pooling PgBouncer)', async () => {
    const store = await openStore(
      { dataDir: '/nonexistent', databaseUrl: urlFor(database), databasePreparedStatements: false },
      {},
    );
    try {
      const tenant = await store.ensureTenant({ platform: 'slack', externalId: 'T-1', name: 'IGF MAG' });
      expect(await store.getTenant(tenant.id)).toEqual(tenant);
      expect(await store.getTenant(tenant.id)).toEqual(tenant);
      expect(await prepared(store.db)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('prepares only the first texts up to the bound, and runs the rest unnamed', async () => {
    const db = oneConnection(2);
    try {
      const results: number[] = [];
      for (const n of [1, 2, 3, 4]) {
        const rows = (await sql<{ n: number }>`select ${sql.lit(n)}::int as n`.execute(db)).rows;
        results.push(rows[0]?.n ?? -1);
      }
      expect(results).toEqual([1, 2, 3, 4]);
      expect(await prepared(db)).toHaveLength(2);
      // Statements that are not data statements are never prepared.
      await sql`create table if not exists bound_probe (a int)`.execute(db);
      expect(await prepared(db)).toHaveLength(2);
    } finally {
      await db.destroy();
    }
  });

  it('answers from the new schema when another process changes a table under a prepared select', async () => {
    const db = oneConnection();
    try {
      await sql`create table meetings_probe (key text primary key)`.execute(db);
      await sql`insert into meetings_probe values ('mpp-6')`.execute(db);
      const read = () => db.selectFrom('meetings_probe').selectAll().execute();
      expect(await read()).toEqual([{ key: 'mpp-6' }]);
      expect(await read()).toEqual([{ key: 'mpp-6' }]);
      const pid = async () =>
        (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]?.pid;
      const before = await pid();
      // A newer version migrating the database while this one runs.
      await admin(urlFor(database), (c) =>
        c.query(`alter table meetings_probe add column venue text not null default 'Geneva'`),
      );
      expect(await read()).toEqual([{ key: 'mpp-6', venue: 'Geneva' }]);
      // The connection holding the stale statement was closed; the next one starts clean.
      const after = await pid();
      expect(after).not.toBe(before);
      expect(await read()).toEqual([{ key: 'mpp-6', venue: 'Geneva' }]);
    } finally {
      await db.destroy();
    }
  });
});
