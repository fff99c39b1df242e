import { ImapFlow, type MailboxObject } from 'imapflow';
import { isRapporteurError } from '../../../core/errors.js';
import type { InboundMail, Logger, MailboxCursor, MailboxState } from '../../../core/ports/index.js';

/**
 * Reads new mail from one IMAP mailbox (imapflow) and hands each message to `onMessage`,
 * oldest first, exactly once across restarts as far as the store allows:
 *
 * - Progress is a cursor (UIDVALIDITY, last handled UID) in {@link MailboxState}, saved after
 *   every message. A crash between the handler's success and the save hands that one
 *   message over again on restart, so handlers should be idempotent (by Message-ID).
 * - The first start, and a UIDVALIDITY change (the server renumbered the mailbox), begin at
 *   the current end of the mailbox: the bot must not answer a list's whole archive.
 * - New mail is noticed with IDLE when the server offers it (and re-checked every
 *   `pollIntervalMs` in case a notification was lost), by polling otherwise.
 * - A message larger than `maxMessageBytes` (by RFC822.SIZE, before any byte of it is
 *   fetched; the fetch itself is also capped) is refused with a log line that names only
 *   its UID and size.
 * - A handler failure that is transient (a RapporteurError with a transient code) stops
 *   the cursor and is retried with backoff; any other failure is logged and skipped, so one
 *   poisonous message cannot block the mailbox.
 * - Connection failures reconnect with capped exponential backoff and jitter.
 * - The mailbox is opened read-only (EXAMINE): people sharing it see their mail unread.
 */

/** Settings of {@link createImapReader}. */
export interface ImapReaderConfig {
  host: string;
  port: number;
  /** TLS from the first byte (port 993). Otherwise STARTTLS is used when offered (see `startTls`). */
  secure: boolean;
  /** false: never upgrade with STARTTLS (loopback tests only); true: require it; default: when offered. */
  startTls?: boolean;
  tls?: { rejectUnauthorized?: boolean; servername?: string };
  auth: { user: string; pass: string };
  /** Mailbox path, e.g. `INBOX` or `Lists/WSIS`. */
  mailbox: string;
  state: MailboxState;
  /** Receives each new message; see the module notes on failures. */
  onMessage: (mail: InboundMail) => Promise<void>;
  logger: Logger;
  /** Polling period without IDLE, and the period of the safety re-check while idling. */
  pollIntervalMs: number;
  /** Largest message read, in bytes. Default 32 MiB (a 20 MB attachment grows by a third in base64). */
  maxMessageBytes?: number;
  /** Set false to poll even when the server supports IDLE. */
  useIdle?: boolean;
  /** Where a first start (no stored cursor) begins: `end` (default) or `beginning`. */
  startAt?: 'end' | 'beginning';
  /** Reconnection backoff bounds in milliseconds; default 1 s up to 5 min. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Budget for connecting and for the greeting, in milliseconds; default 30 s. */
  connectTimeoutMs?: number;
  /** State key; defaults to `imap://user@host:port/mailbox`. */
  stateKey?: string;
  /** Random source for backoff jitter (tests make it deterministic). */
  random?: () => number;
}

export type ImapReaderPhase = 'stopped' | 'connecting' | 'syncing' | 'idle' | 'polling' | 'waiting';

/** A snapshot of what the reader is doing, for health checks and tests. */
export interface ImapReaderStatus {
  phase: ImapReaderPhase;
  /** How new mail is noticed on the current connection. */
  mode?: 'idle' | 'poll';
  /** Messages handed to `onMessage` successfully since start. */
  delivered: number;
  /** Messages refused (too large) or skipped after a permanent handler failure. */
  refused: number;
  /** Connections lost or failed since start. */
  reconnects: number;
  /** Code of the last failure, if any (never its text). */
  lastError?: string;
}

export interface ImapReader {
  /** The state key this reader's cursor is stored under. */
  readonly key: string;
  /** Starts reading in the background; idempotent. A stopped reader stays stopped: create a new one. */
  start(): void;
  /** Resolves once the mailbox was opened and caught up for the first time; rejects if stopped first. */
  ready(): Promise<void>;
  /** Finishes the message in hand, saves the cursor, logs out; resolves when fully stopped. */
  stop(): Promise<void>;
  status(): ImapReaderStatus;
}

const MIB = 1024 * 1024;
/** IMAP servers may drop an IDLE after 30 minutes (RFC 2177); re-check well before. */
const MAX_IDLE_MS = 25 * 60_000;

class ConnectionLost extends Error {
  code = 'CONNECTION_LOST';
}

/** SELECT/EXAMINE was refused: the mailbox is missing, misnamed or not readable. */
class MailboxUnavailable extends Error {
  code = 'MAILBOX_UNAVAILABLE';
}

/** Only codes and flags from a failure: server texts may quote user input. */
function errorFacts(error: unknown): Record<string, unknown> {
  const e = error as
    | { code?: unknown; authenticationFailed?: unknown; serverResponseCode?: unknown }
    | undefined;
  return {
    error: (typeof e?.code === 'string' && e.code) || (error instanceof Error ? error.name : 'unknown'),
    ...(typeof e?.serverResponseCode === 'string' ? { serverCode: e.serverResponseCode } : {}),
    ...(e?.authenticationFailed === true ? { authenticationFailed: true } : {}),
  };
}

/** What the steps of a session share. */
interface ReaderContext {
  config: ImapReaderConfig;
  /** The mailbox's key in the cursor state. */
  key: string;
  maxBytes: number;
  log: Logger;
  status: ImapReaderStatus;
  stopping(): boolean;
}

async function openCursor(ctx: ReaderContext, box: MailboxObject): Promise<MailboxCursor> {
  const uidValidity = String(box.uidValidity);
  const stored = await ctx.config.state.get(ctx.key);
  if (stored?.uidValidity === uidValidity) return stored;
  const end = Math.max(0, (box.uidNext ?? 1) - 1);
  const cursor = {
    uidValidity,
    lastUid: stored === undefined && ctx.config.startAt === 'beginning' ? 0 : end,
  };
  if (stored === undefined) {
    ctx.log.info(
      { startAt: cursor.lastUid === 0 ? 'beginning' : 'end', lastUid: cursor.lastUid },
      'first read of this mailbox',
    );
  } else {
    // Old UIDs mean nothing now; re-reading the whole mailbox would answer old mail again.
    ctx.log.warn(
      { previous: stored.uidValidity, current: uidValidity, skippedFromUid: end },
      'UIDVALIDITY changed: the server renumbered the mailbox; continuing from its current end',
    );
  }
  await ctx.config.state.set(ctx.key, cursor);
  return cursor;
}

/** Hands over every message after the cursor; 'retry' when a handler failed transiently. */
async function catchUp(
  ctx: ReaderContext,
  c: ImapFlow,
  start: MailboxCursor,
): Promise<{ cursor: MailboxCursor; retry: boolean }> {
  let cursor = start;
  const box = c.mailbox;
  if (!box || box.exists === 0) return { cursor, retry: false };
  const pending: { uid: number; size: number }[] = [];
  for await (const m of c.fetch(`${cursor.lastUid + 1}:*`, { uid: true, size: true }, { uid: true })) {
    // `n:*` includes the last message even when its UID is below n (RFC 3501 6.4.8).
    if (m.uid > cursor.lastUid) pending.push({ uid: m.uid, size: m.size ?? 0 });
  }
  pending.sort((a, b) => a.uid - b.uid);
  const advance = async (uid: number) => {
    cursor = { uidValidity: cursor.uidValidity, lastUid: uid };
    await ctx.config.state.set(ctx.key, cursor);
  };
  for (const { uid, size } of pending) {
    if (ctx.stopping()) break;
    if (size > ctx.maxBytes) {
      ctx.status.refused++;
      ctx.log.warn({ uid, size, limit: ctx.maxBytes }, 'refused an oversized message without reading it');
      await advance(uid);
      continue;
    }
    const msg = await c.fetchOne(
      String(uid),
      { uid: true, internalDate: true, source: { maxLength: ctx.maxBytes + 1 } },
      { uid: true },
    );
    if (msg === false || msg.source === undefined) {
      ctx.log.info({ uid }, 'message vanished before it could be read');
      await advance(uid);
      continue;
    }
    if (msg.source.length > ctx.maxBytes) {
      ctx.status.refused++;
      ctx.log.warn(
        { uid, size: msg.source.length, limit: ctx.maxBytes },
        'refused an oversized message (size misreported)',
      );
      await advance(uid);
      continue;
    }
    const mail: InboundMail = {
      source: ctx.key,
      mailbox: ctx.config.mailbox,
      uid,
      uidValidity: cursor.uidValidity,
      size,
      ...receivedAt(msg.internalDate),
      raw: msg.source,
    };
    if ((await handOver(ctx, mail)) === 'retry') return { cursor, retry: true };
    await advance(uid);
  }
  return { cursor, retry: false };
}

/** When the server received the message, if it says. */
function receivedAt(internalDate: Date | string | undefined): { receivedAt?: string } {
  const received = internalDate === undefined ? undefined : new Date(internalDate);
  return received && !Number.isNaN(received.getTime()) ? { receivedAt: received.toISOString() } : {};
}

/** Hands one message to the handler: 'retry' when it failed transiently, else done (delivered or skipped). */
async function handOver(ctx: ReaderContext, mail: InboundMail): Promise<'done' | 'retry'> {
  const { uid, size } = mail;
  try {
    await ctx.config.onMessage(mail);
    ctx.status.delivered++;
    ctx.log.debug({ uid, size }, 'message handed over');
  } catch (error) {
    if (isRapporteurError(error) && error.transient) {
      ctx.status.lastError = error.code;
      ctx.log.warn({ uid, code: error.code }, 'handling a message failed transiently; will retry it');
      return 'retry';
    }
    ctx.status.refused++;
    ctx.status.lastError = isRapporteurError(error) ? error.code : 'HANDLER_FAILED';
    ctx.log.error({ uid, ...errorFacts(error) }, 'handling a message failed; skipping it');
  }
  return 'done';
}

/** A client for one session: no auto-IDLE (the loop decides), literals bounded by the message cap. */
function newImapFlow(config: ImapReaderConfig, maxBytes: number): ImapFlow {
  return new ImapFlow({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.startTls === undefined ? {} : { doSTARTTLS: config.startTls }),
    ...(config.tls === undefined ? {} : { tls: config.tls }),
    auth: { user: config.auth.user, pass: config.auth.pass },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: config.connectTimeoutMs ?? 30_000,
    greetingTimeout: config.connectTimeoutMs ?? 30_000,
    maxLiteralSize: maxBytes + MIB,
    maxResponseSize: maxBytes + 2 * MIB,
    clientInfo: { name: 'Rapporteur' },
  });
}

/** Logs why a session ended, saying what to fix when the login or the mailbox was refused. */
function logSessionFailure(log: Logger, status: ImapReaderStatus, error: unknown): void {
  const facts = errorFacts(error);
  status.lastError = String(facts.error);
  if (facts.authenticationFailed) {
    log.error(facts, 'the IMAP server refused the login; check the user and password');
  } else if (error instanceof MailboxUnavailable) {
    log.error(facts, 'the mailbox does not exist or cannot be opened; check the mailbox name');
  } else log.warn(facts, 'the IMAP session failed');
}

/** The wait before reconnection attempt `attempt`: exponential with jitter, capped. */
function backoffDelay(config: ImapReaderConfig, attempt: number): number {
  const initialBackoff = config.backoff?.initialMs ?? 1000;
  const maxBackoff = config.backoff?.maxMs ?? 5 * 60_000;
  const random = config.random ?? Math.random;
  const ceiling = Math.min(maxBackoff, initialBackoff * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** `sleep(ms)` waits up to `ms`; `interrupt()` ends the current sleep early (stop, lost connection). */
function createSleeper(): { sleep(ms: number): Promise<void>; interrupt(): void } {
  let wake: (() => void) | undefined;
  return {
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          if (wake === done) wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, ms);
        wake = done;
      }),
    interrupt: () => wake?.(),
  };
}

/** One IDLE, broken after the poll interval (at most MAX_IDLE_MS) so a silent server is asked again. */
async function idleOnce(c: ImapFlow, status: ImapReaderStatus, pollIntervalMs: number): Promise<void> {
  status.phase = 'idle';
  const recheck = setTimeout(
    () => {
      if (c.idling) c.noop().catch(() => {});
    },
    Math.min(pollIntervalMs, MAX_IDLE_MS),
  );
  try {
    await c.idle();
  } finally {
    clearTimeout(recheck);
  }
}

/** Creates a reader; call `start()` to begin. */
export function createImapReader(config: ImapReaderConfig): ImapReader {
  const maxBytes = config.maxMessageBytes ?? 32 * MIB;
  const key =
    config.stateKey ??
    `imap://${encodeURIComponent(config.auth.user)}@${config.host}:${config.port}/${encodeURIComponent(config.mailbox)}`;
  const log = config.logger.child({
    component: 'imap-reader',
    server: `${config.host}:${config.port}`,
    mailbox: config.mailbox,
  });
  const status: ImapReaderStatus = { phase: 'stopped', delivered: 0, refused: 0, reconnects: 0 };

  let running: Promise<void> | undefined;
  let stopping = false;
  let client: ImapFlow | undefined;
  let resolveReady!: () => void;
  let rejectReady!: (e: Error) => void;
  let isReady = false;
  const readyPromise = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  readyPromise.catch(() => {});
  const ctx: ReaderContext = { config, key, maxBytes, log, status, stopping: () => stopping };

  const backoff = (attempt: number) => backoffDelay(config, attempt);
  const { sleep, interrupt } = createSleeper();

  async function session(connected: () => void): Promise<void> {
    status.phase = 'connecting';
    const c = newImapFlow(config, maxBytes);
    client = c;
    let closed = false;
    let dirty = false;
    c.on('error', (error) => log.debug(errorFacts(error), 'IMAP connection error'));
    c.on('close', () => {
      closed = true;
      interrupt();
    });
    c.on('exists', () => {
      dirty = true;
      // New mail while idling: break the IDLE so the loop fetches it now.
      if (c.idling) c.noop().catch(() => {});
      interrupt();
    });
    try {
      await c.connect();
      if (stopping) return;
      const box = await c.mailboxOpen(config.mailbox, { readOnly: true }).catch((error: unknown) => {
        const refused = (error as { responseStatus?: unknown }).responseStatus === 'NO';
        throw refused
          ? new MailboxUnavailable('the server refused to open the mailbox', { cause: error })
          : error;
      });
      let cursor = await openCursor(ctx, box);
      const useIdle = config.useIdle !== false && c.capabilities.has('IDLE');
      status.mode = useIdle ? 'idle' : 'poll';
      log.info({ mode: status.mode, lastUid: cursor.lastUid }, 'mailbox opened');
      connected();
      let failures = 0;
      while (!stopping && !closed) {
        status.phase = 'syncing';
        dirty = false;
        const result = await catchUp(ctx, c, cursor);
        cursor = result.cursor;
        if (!isReady) {
          isReady = true;
          resolveReady();
        }
        if (stopping || closed) break;
        if (result.retry) {
          status.phase = 'waiting';
          await sleep(backoff(failures++));
          continue;
        }
        failures = 0;
        if (dirty) continue;
        if (useIdle) await idleOnce(c, status, config.pollIntervalMs);
        else {
          status.phase = 'polling';
          await sleep(config.pollIntervalMs);
          // NOOP makes the server report new messages (EXISTS), which catchUp relies on.
          if (!stopping && !closed) await c.noop();
        }
      }
      if (closed && !stopping) throw new ConnectionLost('the IMAP server closed the connection');
    } finally {
      if (!closed) await c.logout().catch(() => c.close());
      if (client === c) client = undefined;
    }
  }

  async function run(): Promise<void> {
    let attempt = 0;
    while (!stopping) {
      try {
        await session(() => {
          attempt = 0;
        });
      } catch (error) {
        if (stopping) break;
        logSessionFailure(log, status, error);
      }
      if (stopping) break;
      status.reconnects++;
      const delay = backoff(attempt++);
      status.phase = 'waiting';
      log.info({ delayMs: delay, attempt }, 'reconnecting to the IMAP server');
      await sleep(delay);
    }
    status.phase = 'stopped';
  }

  return {
    key,
    start() {
      if (running || stopping) return;
      running = run();
    },
    ready: () => readyPromise,
    async stop() {
      if (!running) return;
      stopping = true;
      interrupt();
      // Break an IDLE (or wait for it to begin and then break it); the loop then logs out.
      const breaker = setInterval(() => {
        if (client?.idling) client.noop().catch(() => {});
        interrupt();
      }, 50);
      if (client?.idling) client.noop().catch(() => {});
      if (status.phase === 'connecting') client?.close();
      const force = setTimeout(() => client?.close(), 10_000);
      try {
        await running;
      } finally {
        clearInterval(breaker);
        clearTimeout(force);
        running = undefined;
      }
      if (!isReady) rejectReady(new Error('the IMAP reader was stopped before it caught up'));
    },
    status: () => ({ ...status }),
  };
}
