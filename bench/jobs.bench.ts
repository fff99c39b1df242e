import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { buildChangeAlertReply } from '../src/core/app/alerts.js';
import { syncMeetingReminders } from '../src/core/app/reminders.js';
import { type Notifier, silentLogger, systemClock } from '../src/core/ports/index.js';
import { REMINDER_LEAD_MS } from '../src/jobs/queue.js';
import { deleteKeysWithPrefix } from '../src/jobs/redis.js';
import { startWorker } from '../src/jobs/worker.js';
import { openPostgresStore, openSqliteStore } from '../src/store/index.js';
import { createSinkNotifier } from '../tests/helpers/http-sink.js';
import { reachable } from '../tests/helpers/services.js';
import { type ClosableStore, makeWorld } from '../tests/jobs/world.js';
import { type CpuGroups, cpuPerItem, cpuReading, pidsNamed } from './cpu.js';
import { type Bench, fmt, quantile } from './harness.js';

/**
 * The job layer's throughput and timeliness on the machine's Redis, with the embedded SQLite
 * store in a temporary file:
 * - deliveries per second through the queue to a local HTTP sink (store reads, render, HTTP
 *   post, store write per delivery), against a bare BullMQ no-op job on the same Redis, same
 *   concurrency, same run;
 * - lateness of 1,000 reminders that fall due in the same second, from due time to the post
 *   arriving at the sink (reminder job, delivery job and HTTP post included).
 */
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 2000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 1000);
const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Which stores to measure on (comma list of file, pg, memory); all by default. */
const STORES = (process.env.BENCH_JOBS_STORES ?? 'file,pg,memory').split(',').map((s) => s.trim());

/** A store to measure on, made fresh for each measurement. */
interface StoreKind {
  label: string;
  open(name: string): Promise<ClosableStore>;
  cleanup(): Promise<void>;
}

function sqliteFile(dir: string): StoreKind {
  return {
    label: 'SQLite file (WAL, synchronous=NORMAL)',
    open: (name) => openSqliteStore({ file: join(dir, `${name}.sqlite`) }),
    cleanup: async () => undefined,
  };
}

const sqliteMemory: StoreKind = {
  label: 'SQLite in memory (no disk: the job layer alone)',
  open: () => openSqliteStore({ file: ':memory:' }),
  cleanup: async () => undefined,
};

async function postgres(): Promise<StoreKind | undefined> {
  const url = new URL(POSTGRES_URL);
  if (!(await reachable(url.hostname, Number(url.port || 5432)))) return undefined;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  const made: string[] = [];
  return {
    label: `PostgreSQL at ${url.host}`,
    async open(name) {
      const db = prefix(`pg_${name}`).toLowerCase();
      await admin.query(`create database ${db}`);
      made.push(db);
      const u = new URL(POSTGRES_URL);
      u.pathname = `/${db}`;
      return openPostgresStore({ url: u.toString(), poolSize: CONCURRENCY + 2 });
    },
    async cleanup() {
      for (const db of made)
        await admin.query(`drop database if exists ${db} with (force)`).catch(() => undefined);
      await admin.end();
    },
  };
}

/** The HTTP sink in a child process (see tests/jobs/fixtures/sink-child.ts). */
interface RemoteSink {
  url: string;
  pid: number;
  /** Arrival times of the first `n` messages, once they have all arrived. */
  waitFor(n: number): Promise<number[]>;
  reset(): Promise<void>;
  close(): void;
}

async function startSink(): Promise<RemoteSink> {
  const file = join(import.meta.dirname, '../tests/jobs/fixtures/sink-child.ts');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', file], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>() => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));
  const { url } = await next<{ url: string }>();
  return {
    url,
    pid: child.pid ?? -1,
    async waitFor(n) {
      const reply = next<{ at?: number[]; error?: string }>();
      child.send({ wait: n });
      const r = await reply;
      if (!r.at) throw new Error(r.error ?? 'sink failed');
      return r.at;
    },
    async reset() {
      const reply = next();
      child.send({ reset: true });
      await reply;
    },
    close: () => child.disconnect(),
  };
}

const prefix = (name: string) => `bench_${name}_${process.pid}_${Date.now().toString(36)}`;

/** A rate and the CPU each process spent per item while it was measured. */
interface Measured {
  rate: number;
  cpu: string;
}

const cpuGroups = (sink: RemoteSink, withPostgres: boolean): CpuGroups => ({
  redis: () => pidsNamed('redis-server'),
  sink: () => [sink.pid],
  ...(withPostgres ? { postgres: () => pidsNamed('postgres') } : {}),
});

/**
 * `n` jobs through a plain BullMQ queue and worker (same Redis, same concurrency), each running
 * `work`: nothing for the bare rate, or the sink post alone for the ceiling of any delivery.
 */
async function plainRate(
  redis: Redis,
  n: number,
  groups: CpuGroups,
  work: (i: number) => Promise<unknown> = async () => undefined,
): Promise<Measured> {
  const p = prefix('bare');
  const queue = new Queue('noop', { connection: { url: REDIS_URL }, prefix: p });
  let done = 0;
  let finish: () => void = () => undefined;
  const all = new Promise<void>((r) => {
    finish = r;
  });
  const worker = new Worker(
    'noop',
    async (job) => {
      await work((job.data as { i: number }).i);
      if (++done === n) finish();
    },
    {
      connection: { url: REDIS_URL, maxRetriesPerRequest: null },
      prefix: p,
      concurrency: CONCURRENCY,
      removeOnComplete: { count: 1000 },
    },
  );
  await worker.waitUntilReady();
  const before = cpuReading(groups);
  const t0 = performance.now();
  for (let i = 0; i < n; i += 500) {
    await queue.addBulk(
      Array.from({ length: Math.min(500, n - i) }, (_, k) => ({ name: 'noop', data: { i: i + k } })),
    );
  }
  await all;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuPerItem(before, cpuReading(groups), n);
  await worker.close();
  await queue.close();
  await deleteKeysWithPrefix(redis, p);
  return { rate: n / seconds, cpu };
}

/** The alert every benchmark delivery carries. */
const benchAlert = (i: number) => ({
  title: `MPP-6 re-timed: now 14:00-18:00 (was 14:00-16:00) #${i}`,
  tone: 'warning' as const,
  lines: ['The web page says 14:00-18:00; the signed letter said 14:00-16:00.'],
  threadKey: 'mpp-6',
});

/**
 * Deliveries through Rapporteur's worker: `rounds` batches of `n`, each claimed beforehand (as
 * use cases do when a change is found) so that only sending is timed; one bare and one
 * ceiling run before each batch, so all three see the same machine.
 */
async function compareRates(
  redis: Redis,
  sink: RemoteSink,
  kind: StoreKind,
  n: number,
  rounds: number,
): Promise<{ bare: Measured[]; ceiling: Measured[]; ours: Measured[] }> {
  const p = prefix('dlv');
  const store = await kind.open('deliveries');
  const world = await makeWorld({ store });
  const groups = cpuGroups(sink, kind.label.startsWith('PostgreSQL'));
  const notifier = createSinkNotifier({ url: sink.url });
  const worker = await benchWorker(store, notifier, p);
  const bare: Measured[] = [];
  const ceiling: Measured[] = [];
  const ours: Measured[] = [];
  try {
    await worker.rebuilt();
    for (let round = 0; round < rounds; round++) {
      bare.push(await plainRate(redis, n, groups));
      const address = { platform: 'discord' as const, tenantExternalId: 'bench', channel: 'C-bench' };
      ceiling.push(
        await plainRate(redis, n, groups, (i) =>
          notifier.send(address, {
            reply: buildChangeAlertReply({ v: 1, data: {}, alert: benchAlert(i) }),
            idempotencyKey: `ceiling:${round}:${i}`,
            threadKey: 'mpp-6',
            zone: 'Europe/Zurich',
          }),
        ),
      );
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const change = await world.t.appendChange({
          processId: world.processId,
          kind: 'meeting.retimed',
          subject: `mpp-${i}`,
          payload: { v: 1, data: {}, alert: benchAlert(i) },
        });
        const { delivery } = await world.t.claimDelivery({
          key: `bench:${round}:${i}`,
          target: { kind: 'channel', id: world.channelId },
          kind: 'schedule-change',
          payloadRef: JSON.stringify({ processId: world.processId, changeId: change.id }),
        });
        ids.push(delivery.id);
      }
      await sink.reset();
      const before = cpuReading(groups);
      const t0 = performance.now();
      for (let i = 0; i < ids.length; i += 500)
        await worker.queue.enqueueDeliveries(world.tenantId, ids.slice(i, i + 500));
      await sink.waitFor(n);
      const seconds = (performance.now() - t0) / 1000;
      ours.push({ rate: n / seconds, cpu: cpuPerItem(before, cpuReading(groups), n) });
    }
    return { bare, ceiling, ours };
  } finally {
    await worker.close();
    await store.close();
    await deleteKeysWithPrefix(redis, p);
  }
}

/** Rapporteur's worker as production runs it, posting to the sink, without the periodic checks. */
function benchWorker(store: ClosableStore, notifier: Notifier, prefix: string) {
  return startWorker({
    store,
    notifiers: { discord: notifier },
    ingest: async () => undefined,
    redisUrl: REDIS_URL,
    prefix,
    logger: silentLogger,
    concurrency: CONCURRENCY,
    timing: { markerCheckMs: 0, catchUpMs: 0 },
  });
}

/** The round with the median rate. */
function medianRun(runs: Measured[]): Measured {
  const sorted = [...runs].sort((a, b) => a.rate - b.rate);
  return sorted[Math.floor((sorted.length - 1) / 2)] as Measured;
}

async function reminderLateness(redis: Redis, sink: RemoteSink, kind: StoreKind, n: number) {
  const p = prefix('rem');
  await sink.reset();
  const store = await kind.open('reminders');
  const world = await makeWorld({ store, settings: { reminderOffsetsMinutes: [1] } });
  await world.t.setSubscription(world.channelId, { reminders: false });
  for (let i = 0; i < n; i++) {
    await world.t.setPerson(`delegate-${i}`, {
      timeZone: 'Australia/Sydney',
      reminders: { offsetsMinutes: [1] },
    });
  }
  const worker = await benchWorker(store, createSinkNotifier({ url: sink.url }), p);
  try {
    await worker.rebuilt();
    // Due after the prepare window (reminder jobs fire REMINDER_LEAD_MS early), plus room to plan.
    const leadMs = REMINDER_LEAD_MS + 10_000 + n * 8;
    const start = new Date(Math.ceil((Date.now() + 60_000 + leadMs) / 1000) * 1000);
    const meeting = await world.saveMpp6(start, 120);
    const planT0 = performance.now();
    const plan = await syncMeetingReminders(
      { store, queue: worker.queue, clock: systemClock },
      world.tenantId,
      world.processId,
      [meeting],
    );
    const planMs = performance.now() - planT0;
    const due = start.getTime() - 60_000;
    if (Date.now() >= due) throw new Error('planning took longer than the lead time; raise it');
    const arrivals = await sink.waitFor(plan.scheduled.length);
    const late = arrivals.map((at) => at - due).sort((a, b) => a - b);
    return { planned: plan.scheduled.length, planMs, late };
  } finally {
    await worker.close();
    await store.close();
    await deleteKeysWithPrefix(redis, p);
  }
}

export const bench: Bench = {
  name: 'jobs: deliveries through BullMQ, reminder lateness',
  async run(ctx) {
    const url = new URL(REDIS_URL);
    if (!(await reachable(url.hostname, Number(url.port || 6379)))) {
      ctx.log(`  skipped: Redis is not reachable at ${url.host}`);
      return;
    }
    const redis = new Redis(REDIS_URL);
    const dir = mkdtempSync(join(tmpdir(), 'rapporteur-bench-jobs-'));
    const pgKind = STORES.includes('pg') ? await postgres() : undefined;
    const kinds = [
      ...(STORES.includes('file') ? [sqliteFile(dir)] : []),
      ...(pgKind ? [pgKind] : []),
      ...(STORES.includes('memory') ? [sqliteMemory] : []),
    ];
    const sink = await startSink();
    try {
      ctx.log(
        `  Redis ${url.host}; worker concurrency ${CONCURRENCY}; the HTTP sink runs in a child process`,
      );
      ctx.log(
        `  each figure is the median of ${ROUNDS} rounds of ${DELIVERIES}; bare, ceiling and deliveries alternate; CPU is µs per job or delivery`,
      );
      if (STORES.includes('pg') && !pgKind) ctx.log('  PostgreSQL not reachable: its figures are skipped');
      for (const kind of kinds) {
        ctx.log(`  store: ${kind.label}`);
        const r = await compareRates(redis, sink, kind, DELIVERIES, ROUNDS);
        const bare = medianRun(r.bare);
        const ceiling = medianRun(r.ceiling);
        const ours = medianRun(r.ours);
        ctx.log(`    bare BullMQ no-op jobs: ${fmt(bare.rate, 0)}/s (CPU ${bare.cpu})`);
        ctx.log(
          `    ceiling, the sink post alone in a bare job: ${fmt(ceiling.rate, 0)}/s, ratio to bare ${fmt(ceiling.rate / bare.rate, 2)} (CPU ${ceiling.cpu})`,
        );
        ctx.log(
          `    deliveries to the sink: ${fmt(ours.rate, 0)}/s, ratio to bare ${fmt(ours.rate / bare.rate, 2)} (target >= 0.50), to the ceiling ${fmt(ours.rate / ceiling.rate, 2)} (CPU ${ours.cpu})`,
        );
        ctx.log(
          `    all rounds, deliveries/s: ${r.ours.map((m) => fmt(m.rate, 0)).join(', ')}; bare: ${r.bare.map((m) => fmt(m.rate, 0)).join(', ')}`,
        );
        if (REMINDERS <= 0) continue;
        const late = await reminderLateness(redis, sink, kind, REMINDERS);
        ctx.log(
          `    ${late.planned} reminders due in one second (planned in ${fmt(late.planMs, 0)} ms): lateness due -> post ` +
            `p50 ${fmt(quantile(late.late, 0.5), 0)} ms, p99 ${fmt(quantile(late.late, 0.99), 0)} ms, max ${fmt(late.late.at(-1) ?? Number.NaN, 0)} ms (target p99 < 2000 ms)`,
        );
      }
    } finally {
      sink.close();
      await pgKind?.cleanup();
      await redis.quit();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
