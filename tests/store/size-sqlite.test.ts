import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import { describeStoreSizeContract } from './size-contract.js';

const root = mkdtempSync(join(tmpdir(), 'rapporteur-size-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
describeStoreSizeContract({
  name: 'SQLite file',
  async freshDatabase() {
    const file = join(root, `rapporteur-${++n}.sqlite`);
    return {
      shared: true,
      open: (options = {}) => openSqliteStore({ file, ...options }),
      async drop() {
        rmSync(file, { force: true });
      },
    };
  },
});
