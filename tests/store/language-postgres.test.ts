import pg from 'pg';
import { afterAll, describe } from 'vitest';
import { openPostgresStore } from '../../src/store/index.js';
import { POSTGRES_URL, serviceUp, uniquePrefix } from '../helpers/services.js';
import { describeLanguageStoreContract } from './language-contract.js';

/** The language library contract on the machine's PostgreSQL, in a database of its own. */
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
  describeLanguageStoreContract({
    name: 'PostgreSQL',
    async freshDatabase() {
      const name = uniquePrefix('language').toLowerCase();
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
