import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import { describeLanguageStoreContract } from './language-contract.js';

const root = mkdtempSync(join(tmpdir(), 'rapporteur-language-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeLanguageStoreContract({
  name: 'SQLite file',
  async freshDatabase() {
    const file = join(root, 'rapporteur.sqlite');
    return {
      shared: true,
      open: (options = {}) => openSqliteStore({ file, ...options }),
      async drop() {
        rmSync(file, { force: true });
      },
    };
  },
});
