import pg from 'pg';
import { afterAll } from 'vitest';
import { openPostgresStore } from '../../src/store/index.js';
import { POSTGRES_URL, uniquePrefix } from '../helpers/services.js';
import type { StoreHarness } from './contract.js';

/** Runs one statement as the machine's PostgreSQL administrator (creating and dropping databases). */
export async function adminQuery(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/**
 * A harness whose every fresh database is created for the run under a unique name (starting
 * with `prefix`) and dropped after the file's tests, whatever they left behind.
 */
export function postgresDatabases(name: string, prefix: string): StoreHarness {
  const created: string[] = [];
  afterAll(async () => {
    for (const db of created) await adminQuery(`drop database if exists "${db}" with (force)`);
  });
  return {
    name,
    async freshDatabase() {
      const db = uniquePrefix(prefix).toLowerCase();
      await adminQuery(`create database "${db}"`);
      created.push(db);
      const url = new URL(POSTGRES_URL);
      url.pathname = `/${db}`;
      return {
        shared: true,
        open: (options = {}) => openPostgresStore({ url: url.toString(), poolSize: 4, ...options }),
        drop: () => adminQuery(`drop database if exists "${db}" with (force)`),
      };
    },
  };
}
