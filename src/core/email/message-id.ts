import { createHash } from 'node:crypto';
import { RapporteurError } from '../errors.js';
import type { MailThread } from '../ports/index.js';

/**
 * Message-IDs the bot can derive again. A retried delivery gets the Message-ID of its first
 * attempt, and every alert about one meeting refers to the same thread root, so mail
 * clients keep a meeting's story in one thread without the bot storing anything.
 */

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const PREFIX = 'rapporteur';
/** References kept on an outgoing message: the root plus the most recent ancestors. */
export const MAX_REFERENCES = 20;

function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(buffer >> bits) & 31];
    }
  }
  return bits > 0 ? out + BASE32[(buffer << (5 - bits)) & 31] : out;
}

/** 160 bits of SHA-256 over length-prefixed parts, so `("a:b","c")` and `("a","b:c")` differ. */
function digest(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(`${p.length}:${p}\0`);
  return base32(hash.digest().subarray(0, 20));
}

const DOMAIN =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

function checkedDomain(domain: string): string {
  const d = domain.trim().toLowerCase();
  if (!DOMAIN.test(d)) {
    throw new RapporteurError('INVALID_ARGUMENT', 'The Message-ID domain is not a valid host name.', {
      hint: 'Use the domain of the bot address (e.g. lists.example.org), in ASCII (punycode for others).',
    });
  }
  return d;
}

/** The Message-ID of the delivery identified by `idempotencyKey`: the same key, the same ID. */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  return `<${PREFIX}.m.${digest('message', idempotencyKey)}@${checkedDomain(domain)}>`;
}

/**
 * The thread root of everything said about one meeting of one tenant. No message carries it
 * as its own Message-ID; alerts and replies reference it, which is enough for clients that
 * thread by References (and Gmail, when the subject also stays the same).
 */
export function threadRootId(tenant: string, meetingId: string, domain: string): string {
  return `<${PREFIX}.t.${digest('meeting-thread', tenant, meetingId)}@${checkedDomain(domain)}>`;
}

/** True when `id` is a Message-ID (or thread root) this bot generated for one of `domains`. */
export function isOwnMessageId(id: string, domains: readonly string[]): boolean {
  const m = /^<?rapporteur\.[mt]\.([a-z2-7]{32})@([^<>\s]+?)>?$/i.exec(id.trim());
  if (!m) return false;
  const host = (m[2] as string).toLowerCase();
  return domains.some((d) => d.trim().toLowerCase() === host);
}

/**
 * A msg-id in canonical `<left@right>` form, or undefined when `value` is not one (a header
 * value from a stranger must never smuggle spaces or line breaks into ours).
 */
export function normaliseMessageId(value: string): string | undefined {
  const v = value.trim();
  const inner = v.startsWith('<') && v.endsWith('>') ? v.slice(1, -1) : v;
  return /^[\x21-\x3b\x3d\x3f-\x7e]{1,250}@[\x21-\x3b\x3d\x3f-\x7e]{1,250}$/.test(inner)
    ? `<${inner}>`
    : undefined;
}

/** Every msg-id in a `References` or `In-Reply-To` value, in order, invalid ones skipped. */
export function parseMessageIds(value: string | undefined): string[] {
  if (value === undefined) return [];
  return [...value.matchAll(/<[^<>]*>/g)].flatMap((m) => normaliseMessageId(m[0]) ?? []);
}

/**
 * `In-Reply-To` and `References` for a message placed in `thread` (RFC 5322 section 3.6.4):
 * the answered message's references followed by its ID, the root kept first, invalid IDs
 * dropped, and at most {@link MAX_REFERENCES} entries (the root and the most recent).
 */
export function threadingHeaders(thread: MailThread | undefined): {
  inReplyTo?: string;
  references: string[];
} {
  if (thread === undefined) return { references: [] };
  const root = thread.root === undefined ? undefined : normaliseMessageId(thread.root);
  const parent = (thread.inReplyTo === undefined ? undefined : normaliseMessageId(thread.inReplyTo)) ?? root;
  const chain = [
    ...(root ? [root] : []),
    ...(thread.references ?? []).flatMap((r) => normaliseMessageId(r) ?? []),
    ...(parent ? [parent] : []),
  ];
  const unique = [...new Set(chain)];
  const references =
    unique.length <= MAX_REFERENCES
      ? unique
      : [unique[0] as string, ...unique.slice(unique.length - (MAX_REFERENCES - 1))];
  return parent ? { inReplyTo: parent, references } : { references };
}
