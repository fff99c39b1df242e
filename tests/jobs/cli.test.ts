import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { parseWorkerArgs, runWorker } from '../../src/cli/worker.js';
import { type Config, loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { deleteKeysWithPrefix } from '../../src/jobs/redis.js';
import { openSqliteStore, sqliteFileFor } from '../../src/store/index.js';
import { REDIS_URL, serviceUp, uniquePrefix } from '../helpers/services.js';
import { makeWorld } from './world.js';

const up = await serviceUp('redis');

function io(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => err.push(t),
      env: { REDIS_URL, ...env },
      cwd: process.cwd(),
    },
  };
}

describe('job settings from the environment', () => {
  it('has safe defaults: private URLs refused, 15 min watches, 1 h before telling a failure', () => {
    const c = loadConfig({});
    expect(c.jobs).toEqual({
      queuePrefix: 'rapporteur',
      allowPrivateUrls: false,
      watchIntervalSeconds: 900,
      watchTimeoutMs: 20_000,
      watchMaxBytes: 20 * 1024 * 1024,
      watchMaxRedirects: 5,
      watchNotifyAfterMs: 3_600_000,
      workerConcurrency: 8,
      shutdownGraceMs: 10_000,
    });
  });
  it('reads booleans as words, never "false" as true, and lists every problem at once', () => {
    expect(loadConfig({ RAPPORTEUR_ALLOW_PRIVATE_URLS: 'false' }).jobs.allowPrivateUrls).toBe(false);
    expect(loadConfig({ RAPPORTEUR_ALLOW_PRIVATE_URLS: 'yes' }).jobs.allowPrivateUrls).toBe(true);
    expect(() =>
      loadConfig({
        RAPPORTEUR_ALLOW_PRIVATE_URLS: 'perhaps',
        RAPPORTEUR_QUEUE_PREFIX: 'a:b',
        RAPPORTEUR_WORKER_CONCURRENCY: '0',
      }),
    ).toThrow(/3 problem\(s\).*RAPPORTEUR_QUEUE_PREFIX/);
  });
  it('parses worker options', () => {
    const config = loadConfig({ RAPPORTEUR_WORKER_CONCURRENCY: '4' });
    expect(parseWorkerArgs([], config)).toEqual({ concurrency: 4 });
    expect(parseWorkerArgs(['--concurrency', '16'], config)).toEqual({ concurrency: 16 });
    expect(parseWorkerArgs(['--concurrency=2'], config)).toEqual({ concurrency: 2 });
    expect(() => parseWorkerArgs(['--concurrency', 'lots'], config)).toThrow(/whole number/);
    expect(() => parseWorkerArgs(['--fast'], config)).toThrow(/Unknown option/);
  });
});

describe.skipIf(!up)('rapporteur jobs and rapporteur worker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rapporteur-cli-jobs-'));
  const prefix = uniquePrefix('jobs_cli');
  const redis = new Redis(REDIS_URL);
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rebuilds the queue from the store and shows the counts', async () => {
    const env = { RAPPORTEUR_DATA_DIR: dir, RAPPORTEUR_QUEUE_PREFIX: prefix };
    const store = await openSqliteStore({ file: sqliteFileFor({ dataDir: dir }) });
    const world = await makeWorld({ store, settings: { reminderOffsetsMinutes: [60] } });
    const meeting = await world.saveMpp6(new Date(Date.now() + 3 * 86_400_000), 120);
    await world.t.wantReminder({
      meetingId: meeting.id,
      offsetMinutes: 60,
      target: { kind: 'channel', id: world.channelId },
      dueAt: new Date(Date.parse(meeting.startsAt ?? '') - 3_600_000),
    });
    await world.t.setSubscription(world.channelId, { digestHour: 8, digestZone: 'Europe/Zurich' });
    await store.close();

    const first = io(env);
    expect(await runCli(['jobs', 'rebuild'], first.io)).toBe(0);
    expect(first.out.join('')).toContain('reminders    1 added, 0 already queued, 0 replaced');
    expect(first.out.join('')).toContain('digests      1 schedulers');
    const again = io(env);
    expect(await runCli(['jobs', 'rebuild', '--json'], again.io)).toBe(0);
    expect(JSON.parse(again.out.join(''))).toMatchObject({ reminders: { added: 0, kept: 1 } });
    const status = io(env);
    expect(await runCli(['jobs', 'status', '--json'], status.io)).toBe(0);
    expect(JSON.parse(status.out.join('')).counts.reminders.delayed).toBe(1);
  });

  it('says clearly when Redis is not there', async () => {
    const run = io({ RAPPORTEUR_DATA_DIR: dir, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(await runCli(['jobs', 'status'], run.io)).toBe(1);
    expect(run.err.join('')).toContain('Redis at 127.0.0.1:1/0 is not reachable');
  });

  it('runs the worker until told to stop, then closes the runtime', async () => {
    const config: Config = loadConfig({
      REDIS_URL,
      RAPPORTEUR_QUEUE_PREFIX: prefix,
      RAPPORTEUR_DATA_DIR: dir,
    });
    const store = await openSqliteStore({ file: ':memory:' });
    let closed = false;
    let stop: (s: string) => void = () => undefined;
    const stopped = new Promise<string>((r) => {
      stop = r;
    });
    const run = io({});
    const done = runWorker([], { ...run.io, config }, stopped, async () => ({
      store,
      notifiers: {},
      ingest: async () => undefined,
      logger: silentLogger,
      close: async () => {
        closed = true;
        await store.close();
      },
    }));
    await new Promise((r) => setTimeout(r, 500));
    stop('SIGTERM');
    expect(await done).toBe(0);
    expect(closed).toBe(true);
    expect(run.err.join('')).toMatch(/running against Redis at .* \(prefix t_jobs_cli_.*SIGTERM received/s);
  });
});
