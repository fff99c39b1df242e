import type { Reply } from '../reply.js';

/**
 * Mail ports: what the core and the jobs need from mailboxes and mail transports, without
 * knowing about IMAP or SMTP. The IMAP reader and the SMTP sender in src/bots/email
 * implement them; the SQL store implements {@link MailboxState}.
 */

/**
 * How far a reader got in one mailbox. IMAP UIDs only mean something together with the
 * mailbox's UIDVALIDITY: when the server changes UIDVALIDITY every old UID is void.
 */
export interface MailboxCursor {
  /** UIDVALIDITY as a decimal string; only compared for equality, never ordered. */
  uidValidity: string;
  /** Highest UID already handled (processed, refused or skipped); 0 when none. */
  lastUid: number;
}

/**
 * Durable memory of mailbox cursors, so that a restart never hands the same message to the
 * pipeline twice. Keys are opaque strings chosen by the reader (account, server and mailbox).
 */
export interface MailboxState {
  /** The stored cursor for `key`, or undefined when the mailbox was never read. */
  get(key: string): Promise<MailboxCursor | undefined>;
  /** Stores the cursor for `key`, replacing the previous one. */
  set(key: string, cursor: MailboxCursor): Promise<void>;
}

/** An in-memory {@link MailboxState} for tests and the demo; forgets everything on exit. */
export interface MemoryMailboxState extends MailboxState {
  /** A copy of every stored cursor, for assertions. */
  snapshot(): Record<string, MailboxCursor>;
}

/** Creates an in-memory {@link MailboxState}, optionally pre-filled. */
export function memoryMailboxState(initial: Record<string, MailboxCursor> = {}): MemoryMailboxState {
  const cursors = new Map<string, MailboxCursor>(Object.entries(initial).map(([k, v]) => [k, { ...v }]));
  return {
    async get(key) {
      const found = cursors.get(key);
      return found === undefined ? undefined : { ...found };
    },
    async set(key, cursor) {
      cursors.set(key, { ...cursor });
    },
    snapshot() {
      return Object.fromEntries([...cursors].map(([k, v]) => [k, { ...v }]));
    },
  };
}

/** One new message as read from a mailbox, before any parsing. */
export interface InboundMail {
  /** The reader's state key (account, server and mailbox). */
  source: string;
  mailbox: string;
  uid: number;
  uidValidity: string;
  /** RFC822.SIZE as reported by the server, in bytes. */
  size: number;
  /** When the server received the message (ISO 8601), when it said so. */
  receivedAt?: string;
  /** The full message as it was stored (RFC 5322 bytes). */
  raw: Uint8Array;
}

/** Thread placement of an outgoing message (RFC 5322 In-Reply-To / References). */
export interface MailThread {
  /**
   * Message-ID every message of the thread refers to first, e.g. the thread root of the
   * meeting an alert is about ({@link https://www.rfc-editor.org/rfc/rfc5322#section-3.6.4}).
   */
  root?: string;
  /** Message-ID of the message this one answers; defaults to `root`. */
  inReplyTo?: string;
  /** References of the message answered, oldest first, so the thread stays whole. */
  references?: string[];
}

/** A reply to be sent by mail. */
export interface OutboundMail {
  to: string[];
  cc?: string[];
  reply: Reply;
  /**
   * Stable key of this delivery (e.g. `alert:tenant:meeting:change-id:list`). The same key
   * always yields the same Message-ID, so a retried job is recognisably the same message.
   */
  idempotencyKey: string;
  /** Subject line; defaults to the reply's title. Sanitised before use. */
  subject?: string;
  /** IANA zone of the recipient, so times read in their own clock; venue zones are kept too. */
  timeZone?: string;
  thread?: MailThread;
  /**
   * RFC 3834 Auto-Submitted value: `auto-generated` (alerts, reminders, digests; the default)
   * or `auto-replied` (an answer to a command someone sent).
   */
  autoSubmitted?: 'auto-generated' | 'auto-replied';
}

/** What a transport did with an {@link OutboundMail}. */
export interface SentMail {
  messageId: string;
  /** Recipients the server accepted. */
  accepted: string[];
  /** Recipients the server refused while accepting the others. */
  rejected: string[];
}

/**
 * Sends mail. Implementations throw a RapporteurError: `UNAVAILABLE` when a retry may
 * succeed, `NOT_FOUND` / `PERMISSION_DENIED` / `INVALID_ARGUMENT` when it never will.
 */
export interface MailSender {
  /** Sends one message to all its recipients. */
  send(mail: OutboundMail): Promise<SentMail>;
}
