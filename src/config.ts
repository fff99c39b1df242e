import { z } from 'zod';
import { RapporteurError } from './core/errors.js';

/**
 * The one reader of the environment. Every setting is validated here, empty strings
 * count as unset, and a bad configuration fails with a single message that lists
 * every problem, so an operator fixes them all in one go.
 */

const emptyAsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const str = () => z.preprocess(emptyAsUnset, z.string().optional());
const num = (def: number, min: number, max: number) =>
  z.preprocess(emptyAsUnset, z.coerce.number().int().min(min).max(max).default(def));
// z.coerce.boolean() would read "false" as true; only these words are accepted.
const bool = (def: boolean) =>
  z.preprocess(
    (v) => {
      const t = emptyAsUnset(v);
      if (typeof t !== 'string') return t;
      const w = t.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(w)) return true;
      if (['false', '0', 'no', 'off'].includes(w)) return false;
      return t;
    },
    z.boolean({ error: 'must be true or false' }).default(def),
  );

const schema = z.object({
  LOG_LEVEL: z.preprocess(
    emptyAsUnset,
    z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  ),
  RAPPORTEUR_DATA_DIR: z.preprocess(emptyAsUnset, z.string().default('./data')),
  DATABASE_URL: z.preprocess(emptyAsUnset, z.string().url().optional()),
  REDIS_URL: z.preprocess(emptyAsUnset, z.string().url().default('redis://127.0.0.1:6379')),
  RAPPORTEUR_MAX_FILE_MB: num(20, 1, 1024),
  RAPPORTEUR_MAX_UNZIPPED_MB: num(200, 1, 4096),
  RAPPORTEUR_MAX_ZIP_ENTRIES: num(5000, 10, 1_000_000),
  RAPPORTEUR_MAX_PDF_PAGES: num(2000, 1, 100_000),
  RAPPORTEUR_EXTRACT_TIMEOUT_MS: num(60_000, 100, 3_600_000),
  RAPPORTEUR_EXTRACT_MEMORY_MB: num(512, 64, 16_384),
  RAPPORTEUR_DEFAULT_TZ: str(),
  // Job layer (src/jobs).
  RAPPORTEUR_QUEUE_PREFIX: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'use letters, digits, _ . - (at most 64)' })
      .default('rapporteur'),
  ),
  RAPPORTEUR_ALLOW_PRIVATE_URLS: bool(false),
  RAPPORTEUR_WATCH_INTERVAL_MIN: num(15, 1, 1440),
  RAPPORTEUR_WATCH_TIMEOUT_S: num(20, 1, 300),
  RAPPORTEUR_WATCH_MAX_MB: num(20, 1, 1024),
  RAPPORTEUR_WATCH_MAX_REDIRECTS: num(5, 0, 20),
  RAPPORTEUR_WATCH_NOTIFY_AFTER_MIN: num(60, 1, 10_080),
  RAPPORTEUR_WORKER_CONCURRENCY: num(8, 1, 256),
  RAPPORTEUR_SHUTDOWN_GRACE_S: num(10, 1, 600),
});

export type Env = Record<string, string | undefined>;

export interface Limits {
  /** Largest accepted input file, in bytes. */
  maxFileBytes: number;
  /** Largest total decompressed size of a DOCX/ZIP, in bytes. */
  maxUnzippedBytes: number;
  maxZipEntries: number;
  maxPdfPages: number;
  /** Wall-clock budget for extracting one file. */
  extractTimeoutMs: number;
  /** Heap budget for the extraction sandbox. */
  extractMemoryMb: number;
}

export interface Config {
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  dataDir: string;
  databaseUrl?: string;
  redisUrl: string;
  limits: Limits;
  defaultTimeZone?: string;
  jobs: JobsConfig;
}

/** Settings of the job layer (reminders, deliveries, watchers, digests). */
export interface JobsConfig {
  /** Key prefix of every queue in Redis, so several deployments can share one Redis. */
  queuePrefix: string;
  /** Let watchers fetch loopback and private addresses: for local testing only. */
  allowPrivateUrls: boolean;
  /** Check interval of a new watch, in seconds. */
  watchIntervalSeconds: number;
  watchTimeoutMs: number;
  watchMaxBytes: number;
  watchMaxRedirects: number;
  /** Tell subscribed channels once a watch has been failing this long. */
  watchNotifyAfterMs: number;
  /** Reminder and delivery jobs processed at once per worker process. */
  workerConcurrency: number;
  /** How long a stopping worker waits for running jobs. */
  shutdownGraceMs: number;
}

/** Validates the environment and returns the typed configuration, or throws CONFIG_INVALID listing every problem. */
export function loadConfig(env: Env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new RapporteurError(
      'CONFIG_INVALID',
      `The configuration has ${problems.length} problem(s): ${problems.join('; ')}.`,
      {
        hint: 'Fix these variables in your environment or .env file (see .env.example) and start again.',
        details: { problems },
      },
    );
  }
  const e = parsed.data;
  const mb = 1024 * 1024;
  return {
    logLevel: e.LOG_LEVEL,
    dataDir: e.RAPPORTEUR_DATA_DIR,
    ...(e.DATABASE_URL === undefined ? {} : { databaseUrl: e.DATABASE_URL }),
    redisUrl: e.REDIS_URL,
    limits: {
      maxFileBytes: e.RAPPORTEUR_MAX_FILE_MB * mb,
      maxUnzippedBytes: e.RAPPORTEUR_MAX_UNZIPPED_MB * mb,
      maxZipEntries: e.RAPPORTEUR_MAX_ZIP_ENTRIES,
      maxPdfPages: e.RAPPORTEUR_MAX_PDF_PAGES,
      extractTimeoutMs: e.RAPPORTEUR_EXTRACT_TIMEOUT_MS,
      extractMemoryMb: e.RAPPORTEUR_EXTRACT_MEMORY_MB,
    },
    ...(e.RAPPORTEUR_DEFAULT_TZ === undefined ? {} : { defaultTimeZone: e.RAPPORTEUR_DEFAULT_TZ }),
    jobs: {
      queuePrefix: e.RAPPORTEUR_QUEUE_PREFIX,
      allowPrivateUrls: e.RAPPORTEUR_ALLOW_PRIVATE_URLS,
      watchIntervalSeconds: e.RAPPORTEUR_WATCH_INTERVAL_MIN * 60,
      watchTimeoutMs: e.RAPPORTEUR_WATCH_TIMEOUT_S * 1000,
      watchMaxBytes: e.RAPPORTEUR_WATCH_MAX_MB * mb,
      watchMaxRedirects: e.RAPPORTEUR_WATCH_MAX_REDIRECTS,
      watchNotifyAfterMs: e.RAPPORTEUR_WATCH_NOTIFY_AFTER_MIN * 60_000,
      workerConcurrency: e.RAPPORTEUR_WORKER_CONCURRENCY,
      shutdownGraceMs: e.RAPPORTEUR_SHUTDOWN_GRACE_S * 1000,
    },
  };
}
