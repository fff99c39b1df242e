import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import type { Limits } from './core/documents/index.js';
import { DEFAULT_DRAFT_LIMITS, type DraftLimits } from './core/drafts/types.js';
import { RapporteurError } from './core/errors.js';

/**
 * The one reader of the environment. Every setting is validated here, empty strings
 * count as unset, and a bad configuration fails with a single message that lists
 * every problem, so an operator fixes them all in one go.
 *
 * One file (over 500 lines) on purpose: every variable, its default and its check are in one
 * place, so "what can an operator set" has one answer and one message lists every problem.
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
  DATABASE_URL: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine((v) => /^postgres(ql)?:\/\/\S+$/i.test(v), {
        error: 'must be a PostgreSQL URL, e.g. postgres://user@127.0.0.1:5432/rapporteur',
      })
      .optional(),
  ),
  DATABASE_PREPARED_STATEMENTS: bool(true),
  REDIS_URL: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine((v) => /^rediss?:\/\/\S+$/i.test(v), {
        error: 'must be a Redis URL, e.g. redis://127.0.0.1:6379 (rediss:// for TLS)',
      })
      .default('redis://127.0.0.1:6379'),
  ),
  RAPPORTEUR_MAX_FILE_MB: num(20, 1, 1024),
  RAPPORTEUR_MAX_UNZIPPED_MB: num(200, 1, 4096),
  RAPPORTEUR_MAX_ZIP_ENTRIES: num(5000, 10, 1_000_000),
  RAPPORTEUR_MAX_PDF_PAGES: num(2000, 1, 100_000),
  RAPPORTEUR_EXTRACT_TIMEOUT_MS: num(60_000, 100, 3_600_000),
  RAPPORTEUR_EXTRACT_MEMORY_MB: num(512, 64, 16_384),
  // Work pool (src/work): every CPU-heavy step runs there, off the main thread.
  RAPPORTEUR_WORK_POOL_SIZE: num(2, 1, 64),
  RAPPORTEUR_WORK_TIMEOUT_MS: num(30_000, 100, 3_600_000),
  RAPPORTEUR_WORK_EXTERNAL_MB: num(256, 16, 16_384),
  RAPPORTEUR_LANGUAGE_MB: num(320, 16, 65_536),
  RAPPORTEUR_LANGUAGE_LIBRARIES: num(4, 1, 1000),
  RAPPORTEUR_PROCESS_MEMORY_MB: z.preprocess(
    emptyAsUnset,
    z.coerce.number().int().min(128).max(1_048_576).optional(),
  ),
  RAPPORTEUR_DRAFT_MAX_BRACKETS: num(DEFAULT_DRAFT_LIMITS.maxBrackets, 100, 100_000_000),
  RAPPORTEUR_DRAFT_MAX_DEPTH: num(DEFAULT_DRAFT_LIMITS.maxDepth, 4, 10_000),
  RAPPORTEUR_DRAFT_MAX_SECTIONS: num(DEFAULT_DRAFT_LIMITS.maxSections, 100, 100_000_000),
  RAPPORTEUR_DRAFT_MAX_ALTERNATIVES: num(DEFAULT_DRAFT_LIMITS.maxAlternatives, 100, 100_000_000),
  RAPPORTEUR_DEFAULT_TZ: z.preprocess(
    (v) => (typeof v === 'string' ? emptyAsUnset(v.trim()) : v),
    z
      .string()
      .refine(isTimeZone, {
        error: (i) =>
          `"${String(i.input)}" is not a time zone; use an IANA name such as Europe/Geneva, America/Lima or UTC`,
      })
      .optional(),
  ),
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
  // Discord (src/bots/discord).
  DISCORD_TOKEN: str(),
  DISCORD_APPLICATION_ID: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^\d{5,25}$/, 'must be the numeric application id')
      .optional(),
  ),
  DISCORD_API_URL: z.preprocess(emptyAsUnset, z.string().url().optional()),
  // Slack (src/bots/slack).
  SLACK_BOT_TOKEN: z.preprocess(
    emptyAsUnset,
    z.string().startsWith('xoxb-', 'must start with xoxb-').optional(),
  ),
  SLACK_APP_TOKEN: z.preprocess(
    emptyAsUnset,
    z.string().startsWith('xapp-', 'must start with xapp-').optional(),
  ),
  SLACK_SIGNING_SECRET: str(),
  SLACK_MODE: z.preprocess(emptyAsUnset, z.enum(['socket', 'http']).default('socket')),
  SLACK_PORT: num(3000, 1, 65_535),
  SLACK_API_URL: z.preprocess(emptyAsUnset, z.string().url().optional()),
  // HTTP mode: larger request bodies get 413 before any parsing or signature check.
  SLACK_MAX_BODY_KB: num(512, 16, 10_240),
  // Mailing lists (src/bots/email).
  IMAP_HOST: str(),
  IMAP_PORT: num(993, 1, 65_535),
  IMAP_SECURE: bool(true),
  IMAP_USER: str(),
  IMAP_PASSWORD: str(),
  IMAP_MAILBOX: z.preprocess(emptyAsUnset, z.string().default('INBOX')),
  IMAP_POLL_S: num(60, 5, 3600),
  SMTP_HOST: str(),
  SMTP_PORT: num(587, 1, 65_535),
  SMTP_SECURE: bool(false),
  SMTP_USER: str(),
  SMTP_PASSWORD: str(),
  MAIL_FROM: z.preprocess(emptyAsUnset, z.string().email('must be an e-mail address').optional()),
  MAIL_LISTS: str(),
  MAIL_STAFF: str(),
  MAIL_AUTHSERV_IDS: str(),
  MAIL_MAX_MB: num(25, 1, 200),
  MAIL_DIGEST_HOUR: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(23).optional()),
  MAIL_DOCUMENTS: str(),
  // Web pages and calendar feed (src/web).
  RAPPORTEUR_WEB_PORT: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(65_535).optional()),
  RAPPORTEUR_WEB_HOST: z.preprocess(emptyAsUnset, z.string().default('127.0.0.1')),
  RAPPORTEUR_PUBLIC_URL: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine((v) => /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(v), {
        error: 'must be the http(s) address people open, e.g. https://rapporteur.example.org',
      })
      .optional(),
  ),
  RAPPORTEUR_WEB_SECRET: z.preprocess(
    emptyAsUnset,
    z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
  ),
  RAPPORTEUR_WEB_SECRET_PREVIOUS: z.preprocess(
    emptyAsUnset,
    z.string().min(32, 'must be at least 32 characters').optional(),
  ),
  RAPPORTEUR_WEB_SECRET_FILE: str(),
  RAPPORTEUR_WEB_SECRET_GRACE_H: num(72, 0, 24 * 365),
  RAPPORTEUR_WEB_LINK_DAYS: num(30, 1, 3650),
  RAPPORTEUR_WEB_FEED_DAYS: num(365, 1, 3650),
  RAPPORTEUR_WEB_RATE_PER_MIN: num(120, 1, 100_000),
  RAPPORTEUR_WEB_TRUST_PROXY: bool(false),
});

/** True for a zone name the runtime knows (IANA names, UTC, fixed offsets like Etc/GMT+5). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The settings file that was read at start, for the log and the terminal room's banner. */
export interface EnvSource {
  /** The variables to configure from: the file's, overridden by the environment's. */
  env: Env;
  /** Absolute path of the file read, when there was one. */
  file?: string;
  /** How many variables came from the file (the environment did not set them). */
  fromFile: number;
}

/**
 * Reads the settings file, `.env` in `cwd` or the file named by RAPPORTEUR_ENV_FILE, under
 * the environment: a variable set (non-empty) in the environment wins over the file's. A
 * missing `.env` is normal (settings then come from the environment only); a missing or
 * unreadable RAPPORTEUR_ENV_FILE is an error naming that variable. The process environment
 * itself is left untouched.
 */
export function readEnvFile(env: Env, cwd: string): EnvSource {
  const named = env.RAPPORTEUR_ENV_FILE?.trim();
  const file = resolve(cwd, named || '.env');
  if (!named && !existsSync(file)) return { env, fromFile: 0 };
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot be read (${code ?? 'error'})`;
    throw new RapporteurError(
      'CONFIG_INVALID',
      named ? `RAPPORTEUR_ENV_FILE: ${file} ${why}.` : `The settings file ${file} ${why}.`,
      {
        hint: named
          ? 'Point RAPPORTEUR_ENV_FILE at your settings file, or unset it to read .env from the current directory.'
          : 'Fix or remove that .env file (see .env.example).',
        details: { problems: [`${named ? 'RAPPORTEUR_ENV_FILE' : '.env'}: ${file} ${why}`] },
      },
    );
  }
  const fromFile = parseEnv(text);
  const merged: Env = { ...env };
  let count = 0;
  for (const [key, value] of Object.entries(fromFile)) {
    const current = env[key];
    if (typeof current === 'string' && current.trim() !== '') continue;
    merged[key] = value;
    count += 1;
  }
  return { env: merged, file, fromFile: count };
}

/**
 * Settings that only make sense together. Checked on the raw environment, beside the
 * per-variable schema, so that one message lists every problem at once (a refinement on the
 * schema would only run once every single variable was valid).
 */
function crossProblems(env: Env): string[] {
  const v = (key: string): string | undefined => {
    const raw = env[key];
    return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
  };
  const problems: string[] = [];
  const need = (when: boolean, key: string, message: string) => {
    if (when) problems.push(`${key}: ${message}`);
  };
  const slackMode = v('SLACK_MODE') ?? 'socket';
  const int = (key: string, def: number): number => {
    const n = Number(v(key) ?? def);
    return Number.isInteger(n) ? n : def;
  };
  const budget = v('RAPPORTEUR_PROCESS_MEMORY_MB');
  if (budget !== undefined && Number.isInteger(Number(budget))) {
    const poolNeed = processMemoryNeedMb(
      int('RAPPORTEUR_WORK_POOL_SIZE', 2),
      int('RAPPORTEUR_EXTRACT_MEMORY_MB', 512),
      int('RAPPORTEUR_WORK_EXTERNAL_MB', 256),
      int('RAPPORTEUR_LANGUAGE_MB', 320),
    );
    need(
      Number(budget) < poolNeed,
      'RAPPORTEUR_PROCESS_MEMORY_MB',
      `is ${budget} MB, less than the ${poolNeed} MB the work pool may use (RAPPORTEUR_WORK_POOL_SIZE × (RAPPORTEUR_EXTRACT_MEMORY_MB + RAPPORTEUR_WORK_EXTERNAL_MB + 1.5 × RAPPORTEUR_LANGUAGE_MB + overhead) + 256 MB); raise it or shrink the pool`,
    );
  }
  need(
    !!v('DISCORD_TOKEN') && !v('DISCORD_APPLICATION_ID'),
    'DISCORD_APPLICATION_ID',
    'is required with DISCORD_TOKEN',
  );
  need(
    !!v('SLACK_BOT_TOKEN') && slackMode === 'socket' && !v('SLACK_APP_TOKEN'),
    'SLACK_APP_TOKEN',
    'is required for Socket Mode (or set SLACK_MODE=http)',
  );
  need(
    !!v('SLACK_BOT_TOKEN') && slackMode === 'http' && !v('SLACK_SIGNING_SECRET'),
    'SLACK_SIGNING_SECRET',
    'is required in HTTP mode',
  );
  need(
    v('RAPPORTEUR_WEB_PORT') !== undefined && !v('RAPPORTEUR_WEB_SECRET') && !v('RAPPORTEUR_WEB_SECRET_FILE'),
    'RAPPORTEUR_WEB_SECRET',
    'is required with RAPPORTEUR_WEB_PORT (links are signed with it; e.g. openssl rand -hex 32)',
  );
  if (v('IMAP_HOST')) {
    need(!v('IMAP_USER'), 'IMAP_USER', 'is required with IMAP_HOST');
    need(!v('IMAP_PASSWORD'), 'IMAP_PASSWORD', 'is required with IMAP_HOST');
    need(!v('SMTP_HOST'), 'SMTP_HOST', 'is required with IMAP_HOST (answers and alerts go out by SMTP)');
    need(!v('MAIL_FROM'), 'MAIL_FROM', 'is required with IMAP_HOST');
    need(
      !v('MAIL_LISTS'),
      'MAIL_LISTS',
      'is required with IMAP_HOST, e.g. wsis.lists.example.org=WSIS+10 Vision',
    );
  }
  for (const part of (v('MAIL_DOCUMENTS') ?? '').split(';')) {
    if (part.trim() && !/^[^=]+=.+$/.test(part.trim()))
      problems.push(`MAIL_DOCUMENTS: "${part.trim()}" is not list=document`);
  }
  problems.push(...parseMailLists(v('MAIL_LISTS') ?? '').problems.map((p) => `MAIL_LISTS: ${p}`));
  return problems;
}

const MAIL_LIST_TENANT = /^(discord|slack)\s*:(.*)$/is;
const TENANT_IDS = {
  discord: {
    id: /^\d{5,25}$/,
    name: 'Discord server',
    what: 'a Discord server (guild) id, the digits that "Copy Server ID" gives',
    example: 'discord:81384788765712384/WSIS+10 Vision',
  },
  slack: {
    id: /^[TE][A-Z0-9]{2,24}$/,
    name: 'Slack workspace',
    what: 'a Slack team id (T...) or, for an organisation-wide install, its enterprise id (E...)',
    example: 'slack:T024BE7LD/WSIS+10 Vision',
  },
} as const;

/**
 * Reads `MAIL_LISTS`: `list=process` pairs separated by `;`. A list feeds its own tenant's
 * process, or, written `list=discord:<guild id>/process` or `list=slack:<team id>/process`, a
 * process of that Discord server or Slack workspace, whose channels then hear what the list
 * says. Returns every entry it could read and, in words for the operator, every one it could not.
 */
export function parseMailLists(value: string): { lists: MailListRoute[]; problems: string[] } {
  const lists: MailListRoute[] = [];
  const problems: string[] = [];
  for (const raw of value.split(';')) {
    const part = raw.trim();
    if (!part) continue;
    const at = part.indexOf('=');
    const list = part.slice(0, Math.max(at, 0)).trim();
    const target = part.slice(at + 1).trim();
    if (at <= 0 || !list || !target) {
      problems.push(`"${part}" is not list=process`);
      continue;
    }
    const prefixed = MAIL_LIST_TENANT.exec(target);
    if (!prefixed) {
      lists.push({ list, process: target });
      continue;
    }
    const platform = (prefixed[1] ?? '').toLowerCase() as keyof typeof TENANT_IDS;
    const rule = TENANT_IDS[platform];
    const rest = prefixed[2] ?? '';
    const slash = rest.indexOf('/');
    const externalId = (slash < 0 ? rest : rest.slice(0, slash)).trim();
    const process = slash < 0 ? '' : rest.slice(slash + 1).trim();
    // Slack ids are upper-case; a hand-typed lower-case one still names the same workspace.
    const id = platform === 'slack' ? externalId.toUpperCase() : externalId;
    if (!rule.id.test(id)) {
      problems.push(`"${part}": "${externalId}" is not ${rule.what} (e.g. ${list}=${rule.example})`);
    } else if (!process) {
      problems.push(`"${part}" names a ${rule.name} but no process after "/" (e.g. ${list}=${rule.example})`);
    } else {
      lists.push({ list, process, tenant: { platform, externalId: id } });
    }
  }
  return { lists, problems };
}

export type Env = Record<string, string | undefined>;

/** The work pool and the bounds of the engines' work (src/work). */
export interface WorkConfig {
  /** Worker threads for the CPU-heavy steps (reading files, drafts, schedules). */
  poolSize: number;
  /** Time budget of one engine job (parse, status, diff, schedule), ms. */
  timeoutMs: number;
  /** Memory outside the heap (buffers, inflated streams) one job may hold, MB. */
  externalMb: number;
  /**
   * Memory outside the heap the libraries of agreed texts resident in one worker may hold, MB
   * (their index arrays); the worker's heap grows by half of it for their texts.
   */
  languageMb: number;
  /** Libraries of agreed texts resident in one worker at once. */
  languageLibraries: number;
  /** What the whole process may use (resident memory), MB; a warning is logged past it. */
  processMemoryMb: number;
  /** Bounds on a draft's shape, passed to the bracket engine. */
  draftLimits: DraftLimits;
}

/**
 * Resident memory a process with this pool needs at most, MB: a base for the main thread
 * (Node, the store, the chat clients) plus, per worker, its heap (with the half of the
 * language budget it adds for resident libraries' texts), young generation, a job's external
 * budget, the resident libraries' arrays and code.
 */
export function processMemoryNeedMb(
  poolSize: number,
  heapMb: number,
  externalMb: number,
  languageMb = 0,
): number {
  const workerHeap = heapMb + Math.ceil(languageMb / 2);
  const young = Math.max(8, Math.min(64, Math.floor(workerHeap / 8)));
  return BASE_PROCESS_MB + poolSize * (workerHeap + 2 * young + externalMb + languageMb + WORKER_CODE_MB);
}
const BASE_PROCESS_MB = 256;
const WORKER_CODE_MB = 64;

export interface Config {
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  dataDir: string;
  databaseUrl?: string;
  /** PostgreSQL: keep the store's statements prepared per connection (off behind a transaction-pooling PgBouncer). */
  databasePreparedStatements: boolean;
  redisUrl: string;
  limits: Limits;
  work: WorkConfig;
  defaultTimeZone?: string;
  jobs: JobsConfig;
  /** Present when DISCORD_TOKEN is set. */
  discord?: DiscordConfig;
  /** Present when SLACK_BOT_TOKEN is set. */
  slack?: SlackConfig;
  /** Present when IMAP_HOST is set. */
  email?: EmailConfig;
  /** Present when RAPPORTEUR_WEB_SECRET (or its file) is set: links to the web pages. */
  web?: WebConfig;
}

/** The web pages and calendar feed (src/web). */
export interface WebConfig {
  /** Serve the pages in the bot process on this port (RAPPORTEUR_WEB_PORT); absent: off. */
  port?: number;
  host: string;
  /** The address people open (RAPPORTEUR_PUBLIC_URL), default http://host:port. */
  publicUrl: string;
  secret?: string;
  previousSecret?: string;
  secretFile?: string;
  /** How long a rotated-out secret is still accepted. */
  graceMs: number;
  linkTtlMs: number;
  feedTtlMs: number;
  ratePerMinute: number;
  trustProxy: boolean;
}

export interface DiscordConfig {
  token: string;
  applicationId: string;
  /** REST base URL, for a rate-limit proxy shared by several bot processes. */
  apiUrl?: string;
}

export interface SlackConfig {
  botToken: string;
  mode: 'socket' | 'http';
  appToken?: string;
  signingSecret?: string;
  port: number;
  /** HTTP mode: largest request body read, in bytes (SLACK_MAX_BODY_KB). */
  maxBodyBytes: number;
  /** Web API base, for GovSlack or a proxy. */
  apiUrl?: string;
}

/** A Discord server or Slack workspace whose process a mailing list feeds. */
export interface MailListTenant {
  platform: 'discord' | 'slack';
  /** The guild id, or the Slack team (or enterprise) id. */
  externalId: string;
}

/** One mailing list: its List-Id or address, and the process it follows. */
export interface MailListRoute {
  /** List-Id (`wsis.lists.example.org`) or the list's posting address. */
  list: string;
  process: string;
  /** The tenant of the process; absent for the list's own tenant (the list is its id). */
  tenant?: MailListTenant;
}

export interface EmailConfig {
  imap: {
    host: string;
    port: number;
    secure: boolean;
    user: string;
    password: string;
    mailbox: string;
    pollMs: number;
  };
  smtp: { host: string; port: number; secure: boolean; user?: string; password?: string };
  from: string;
  lists: MailListRoute[];
  /** Addresses (`chair@itu.int`) and domains (`@itu.int`) whose mail may post official drafts. */
  staff: string[];
  /** authserv-ids of our own mail server whose Authentication-Results we trust. */
  authservIds: string[];
  maxMessageBytes: number;
  /** Local hour (0-23, in the process's zone) of the daily digest sent to each list; none when absent. */
  digestHour?: number;
  /** Document name for drafts that arrive on a list, by list (as written in `lists`), lower-cased keys. */
  documents?: Record<string, string>;
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
export function loadConfig(env: Env, source: { file?: string } = {}): Config {
  const parsed = schema.safeParse(env);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)),
    ...crossProblems(env),
  ];
  if (!parsed.success || problems.length > 0) {
    throw new RapporteurError(
      'CONFIG_INVALID',
      `The configuration has ${problems.length} problem(s): ${problems.join('; ')}.`,
      {
        hint: source.file
          ? `Fix these variables in your environment or in ${source.file} (see .env.example) and start again.`
          : 'Fix these variables in your environment or .env file (see .env.example) and start again.',
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
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS,
    redisUrl: e.REDIS_URL,
    limits: {
      maxFileBytes: e.RAPPORTEUR_MAX_FILE_MB * mb,
      maxUnzippedBytes: e.RAPPORTEUR_MAX_UNZIPPED_MB * mb,
      maxZipEntries: e.RAPPORTEUR_MAX_ZIP_ENTRIES,
      maxPdfPages: e.RAPPORTEUR_MAX_PDF_PAGES,
      extractTimeoutMs: e.RAPPORTEUR_EXTRACT_TIMEOUT_MS,
      extractMemoryMb: e.RAPPORTEUR_EXTRACT_MEMORY_MB,
    },
    work: {
      poolSize: e.RAPPORTEUR_WORK_POOL_SIZE,
      timeoutMs: e.RAPPORTEUR_WORK_TIMEOUT_MS,
      externalMb: e.RAPPORTEUR_WORK_EXTERNAL_MB,
      languageMb: e.RAPPORTEUR_LANGUAGE_MB,
      languageLibraries: e.RAPPORTEUR_LANGUAGE_LIBRARIES,
      processMemoryMb:
        e.RAPPORTEUR_PROCESS_MEMORY_MB ??
        processMemoryNeedMb(
          e.RAPPORTEUR_WORK_POOL_SIZE,
          e.RAPPORTEUR_EXTRACT_MEMORY_MB,
          e.RAPPORTEUR_WORK_EXTERNAL_MB,
          e.RAPPORTEUR_LANGUAGE_MB,
        ),
      draftLimits: {
        maxBrackets: e.RAPPORTEUR_DRAFT_MAX_BRACKETS,
        maxDepth: e.RAPPORTEUR_DRAFT_MAX_DEPTH,
        maxSections: e.RAPPORTEUR_DRAFT_MAX_SECTIONS,
        maxAlternatives: e.RAPPORTEUR_DRAFT_MAX_ALTERNATIVES,
      },
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
    ...(e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID
      ? {
          discord: {
            token: e.DISCORD_TOKEN,
            applicationId: e.DISCORD_APPLICATION_ID,
            ...(e.DISCORD_API_URL ? { apiUrl: e.DISCORD_API_URL } : {}),
          },
        }
      : {}),
    ...(e.SLACK_BOT_TOKEN
      ? {
          slack: {
            botToken: e.SLACK_BOT_TOKEN,
            mode: e.SLACK_MODE,
            port: e.SLACK_PORT,
            maxBodyBytes: e.SLACK_MAX_BODY_KB * 1024,
            ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
            ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
            ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
          },
        }
      : {}),
    ...(e.IMAP_HOST && e.IMAP_USER && e.IMAP_PASSWORD && e.SMTP_HOST && e.MAIL_FROM && e.MAIL_LISTS
      ? {
          email: {
            imap: {
              host: e.IMAP_HOST,
              port: e.IMAP_PORT,
              secure: e.IMAP_SECURE,
              user: e.IMAP_USER,
              password: e.IMAP_PASSWORD,
              mailbox: e.IMAP_MAILBOX,
              pollMs: e.IMAP_POLL_S * 1000,
            },
            smtp: {
              host: e.SMTP_HOST,
              port: e.SMTP_PORT,
              secure: e.SMTP_SECURE,
              ...(e.SMTP_USER ? { user: e.SMTP_USER } : {}),
              ...(e.SMTP_PASSWORD ? { password: e.SMTP_PASSWORD } : {}),
            },
            from: e.MAIL_FROM,
            lists: parseMailLists(e.MAIL_LISTS).lists,
            staff: splitList(e.MAIL_STAFF).map((s) => s.toLowerCase()),
            authservIds: splitList(e.MAIL_AUTHSERV_IDS),
            maxMessageBytes: e.MAIL_MAX_MB * mb,
            ...(e.MAIL_DIGEST_HOUR === undefined ? {} : { digestHour: e.MAIL_DIGEST_HOUR }),
            ...(e.MAIL_DOCUMENTS ? { documents: pairs(e.MAIL_DOCUMENTS) } : {}),
          },
        }
      : {}),
    ...(e.RAPPORTEUR_WEB_SECRET || e.RAPPORTEUR_WEB_SECRET_FILE
      ? {
          web: {
            ...(e.RAPPORTEUR_WEB_PORT === undefined ? {} : { port: e.RAPPORTEUR_WEB_PORT }),
            host: e.RAPPORTEUR_WEB_HOST,
            publicUrl: (
              e.RAPPORTEUR_PUBLIC_URL ??
              `http://${e.RAPPORTEUR_WEB_HOST.includes(':') ? `[${e.RAPPORTEUR_WEB_HOST}]` : e.RAPPORTEUR_WEB_HOST}:${e.RAPPORTEUR_WEB_PORT ?? 8080}`
            ).replace(/\/+$/, ''),
            ...(e.RAPPORTEUR_WEB_SECRET ? { secret: e.RAPPORTEUR_WEB_SECRET } : {}),
            ...(e.RAPPORTEUR_WEB_SECRET_PREVIOUS ? { previousSecret: e.RAPPORTEUR_WEB_SECRET_PREVIOUS } : {}),
            ...(e.RAPPORTEUR_WEB_SECRET_FILE ? { secretFile: e.RAPPORTEUR_WEB_SECRET_FILE } : {}),
            graceMs: e.RAPPORTEUR_WEB_SECRET_GRACE_H * 3_600_000,
            linkTtlMs: e.RAPPORTEUR_WEB_LINK_DAYS * 86_400_000,
            feedTtlMs: e.RAPPORTEUR_WEB_FEED_DAYS * 86_400_000,
            ratePerMinute: e.RAPPORTEUR_WEB_RATE_PER_MIN,
            trustProxy: e.RAPPORTEUR_WEB_TRUST_PROXY,
          },
        }
      : {}),
  };
}

/** `key=value;key=value` with lower-cased keys (MAIL_DOCUMENTS). */
function pairs(v: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of v.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) out[part.slice(0, at).trim().toLowerCase()] = part.slice(at + 1).trim();
  }
  return out;
}

function splitList(v: string | undefined): string[] {
  return (v ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
