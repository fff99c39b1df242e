import { describe } from 'vitest';
import { serviceUp } from '../helpers/services.js';
import { describeLanguageStoreContract } from './language-contract.js';
import { postgresDatabases } from './postgres-databases.js';

/** The language library contract on the machine's PostgreSQL, in databases of its own. */
const up = await serviceUp('postgres');

describe.skipIf(!up)('PostgreSQL (127.0.0.1:5432)', () => {
  describeLanguageStoreContract(postgresDatabases('PostgreSQL', 'language'));
});
