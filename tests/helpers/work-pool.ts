import { afterEach } from 'vitest';
import { createWorkPool, type WorkPool, type WorkPoolOptions } from '../../src/work/pool.js';

/**
 * A test file's work pool: `open` starts one with small bounds (two workers, 256 MB heap,
 * 128 MB external memory) and the given overrides, and each test's pool is closed after it.
 */
export function poolForEachTest(
  defaults: Partial<WorkPoolOptions> = {},
): (options?: Partial<WorkPoolOptions>) => WorkPool {
  let pool: WorkPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });
  return (options = {}) => {
    pool = createWorkPool({
      size: 2,
      memoryMb: 256,
      externalMb: 128,
      timeoutMs: 30_000,
      extractTimeoutMs: 60_000,
      ...defaults,
      ...options,
    });
    return pool;
  };
}

/**
 * A work pool for a whole test file that handles the largest drafts the limits allow: two
 * workers, 512 MB heap, 256 MB outside it, a minute per job, with the given overrides. The file
 * closes it (`afterAll(() => pool.close())`).
 */
export function largeDraftPool(options: Partial<WorkPoolOptions> = {}): WorkPool {
  return createWorkPool({
    size: 2,
    memoryMb: 512,
    externalMb: 256,
    timeoutMs: 60_000,
    extractTimeoutMs: 60_000,
    ...options,
  });
}
