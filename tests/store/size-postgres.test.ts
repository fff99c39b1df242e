import { describe } from 'vitest';
import { serviceUp } from '../helpers/services.js';
import { postgresDatabases } from './postgres-databases.js';
import { describeStoreSizeContract } from './size-contract.js';

/** Compression and size reports on the machine's PostgreSQL, in databases of their own. */
const up = await serviceUp('postgres');

describe.skipIf(!up)('PostgreSQL (127.0.0.1:5432)', () => {
  describeStoreSizeContract(postgresDatabases('PostgreSQL', 'size'));
});
