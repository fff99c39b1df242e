import pg from 'pg';
import { afterAll, describe } from 'vitest';
import { openPostgresStore } from '../../src/store/index.js';
import { POSTGRES_URL, serviceUp, uniquePrefix } from '../helpers/services.js';
import { describeStoreSizeContract } from './size-contract.js';

/** Compression and size reports on the machine's PostgreSQL, in databases of their own. */
const up = await serviceUp('postgres');
const created: string[] = [];

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  if (!up) return;
  for (const name of created) await admin(`drop database if exists "${name}" with (force)`);
});

describe.skipIf(!up)('PostgreSQL (127.0.0.1:5432)', () => {
  describeStoreSizeContract({
    name: 'PostgreSQL',
    async freshDatabase() {
      const name = uniquePrefix('size').toLowerCase();
      await admin(`create database "${name}"`);
      created.push(name);
      const url = new URL(POSTGRES_URL);
      url.pathname = `/${name}`;
      return {
        shared: true,
        open: (options = {}) => openPostgresStore({ url: url.toString(), poolSize: 4, ...options }),
        drop: () => admin(`drop database if exists "${name}" with (force)`),
      };
    },
  });
});
