import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { loadConfig } from '../../src/config.js';
import type { RapporteurError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { deleteKeysWithPrefix } from '../../src/jobs/redis.js';
import { createRuntime } from '../../src/runtime.js';
import { REDIS_URL, serviceUp, uniquePrefix } from '../helpers/services.js';

const up = await serviceUp('redis');
const prefix = uniquePrefix('owner');
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  if (!up) return;
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  await deleteKeysWithPrefix(client, prefix);
  await deleteKeysWithPrefix(client, `${prefix}-b`);
  client.disconnect();
});

const deployment = (queuePrefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'rapporteur-owner-'));
  dirs.push(dir);
  return { dir, env: { RAPPORTEUR_DATA_DIR: dir, REDIS_URL, RAPPORTEUR_QUEUE_PREFIX: queuePrefix } };
};
const start = (env: Record<string, string>) =>
  createRuntime(loadConfig(env), { role: 'worker', queue: 'required', logger: silentLogger });

describe.skipIf(!up)('two deployments on one Redis', () => {
  it('the first store owns a queue prefix; a second store is refused naming RAPPORTEUR_QUEUE_PREFIX', async () => {
    const a = deployment(prefix);
    const b = deployment(prefix);
    const first = await start(a.env);
    // The same store again (a restart, or a second worker process) is its owner.
    const again = await start(a.env);
    await again.close();
    let refused: RapporteurError | undefined;
    try {
      await (await start(b.env)).close();
    } catch (err) {
      refused = err as RapporteurError;
    }
    expect(refused?.code).toBe('CONFIG_INVALID');
    expect(refused?.message).toMatch(
      new RegExp(
        `^RAPPORTEUR_QUEUE_PREFIX: the queues with prefix "${prefix}" on Redis at .* belong to another store \\(SQLite at ${a.dir.replaceAll('/', '\\/')}`,
      ),
    );
    expect(refused?.hint).toContain('its own RAPPORTEUR_QUEUE_PREFIX');
    // With its own prefix, the second deployment starts beside the first.
    const beside = await start(deployment(`${prefix}-b`).env);
    await beside.close();
    await first.close();
  }, 60_000);

  it('jobs rebuild refuses to fill queues another store owns, exit 1', async () => {
    const b = deployment(prefix);
    let err = '';
    const code = await runCli(['jobs', 'rebuild'], {
      stdout: () => {},
      stderr: (t) => {
        err += t;
      },
      env: b.env,
      cwd: b.dir,
    });
    expect(code).toBe(1);
    expect(err).toContain('RAPPORTEUR_QUEUE_PREFIX: the queues with prefix');
  }, 60_000);

  it('the worker command refuses to start on a prefix another store owns, exit 1', async () => {
    const b = deployment(prefix);
    let err = '';
    const code = await runCli(['worker'], {
      stdout: () => {},
      stderr: (t) => {
        err += t;
      },
      env: b.env,
      cwd: b.dir,
    });
    expect(code).toBe(1);
    expect(err).toContain('RAPPORTEUR_QUEUE_PREFIX: the queues with prefix');
  }, 60_000);
});
