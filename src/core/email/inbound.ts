import { createHash } from 'node:crypto';
import { canonicalCommandLine, GROUP_DESCRIPTIONS } from '../command-line.js';
import { type Platform, slugOf } from '../store.js';
import {
  addressesIn,
  headerValues,
  isMailAddress,
  type MailHeaders,
  normaliseAddress,
  parseAddressList,
} from './headers.js';
import type { InboundPolicy } from './loop-safety.js';
import { isOwnMessageId, normaliseMessageId, parseMessageIds } from './message-id.js';
import { checkRoutes, type MailRoute, normaliseListId } from './routing.js';
import type { InboundTriage } from './triage.js';

/**
 * What the bot does with one inbound message, decided from its headers before its body is
 * read: mail a list distributed is content (announcements, drafts), mail written to the bot
 * itself may be a command, and everything automatic or unknown is dropped. The bot's own
 * mail coming back through a list is recognised first, so an alert can never be read back
 * in as an announcement.
 */

/** A chat tenant a list feeds instead of its own: a Discord server or a Slack workspace. */
export interface MailListTenantSpec {
  platform: 'discord' | 'slack';
  /** The guild id, or the Slack team (or enterprise) id. */
  externalId: string;
}

/** One list as configured (`MAIL_LISTS`): its List-Id or posting address, and its process. */
export interface MailListSpec {
  list: string;
  process: string;
  /** The tenant of the process, when it is not the list's own. */
  tenant?: MailListTenantSpec;
}

/** Where a list's mail goes: the list's own tenant, or the chat tenant it feeds. */
export interface MailListTenant {
  platform: Platform;
  /** The list's key for its own tenant; the guild or team id for a chat tenant. */
  externalId: string;
  /** True when the list feeds a Discord server or Slack workspace rather than its own tenant. */
  shared: boolean;
}

/** A configured list with everything derived from it. */
export interface MailList {
  /**
   * The list's identity: the configured List-Id or address, lower-cased. It is also the
   * external id of the list's own tenant, which holds the list's process unless `tenant` is shared.
   */
  key: string;
  /** Name of the process the list follows. */
  process: string;
  /** The tenant the list's process lives in; the list address is an `email` channel there. */
  tenant: MailListTenant;
  /** The List-Id (RFC 2919) the list stamps on its mail, configured or conventional. */
  listId: string;
  /** The posting address: the list's channel, where alerts and digests go. */
  address: string;
  /** The bot's own address for mail about this list (`bot+tag@domain`), for commands. */
  botAddress: string;
}

/** Everything {@link planInbound} needs about the deployment, built once by {@link mailSetup}. */
export interface MailSetup {
  lists: MailList[];
  routes: MailRoute[];
  /** The bot's own addresses: its From, its mailbox and every per-list alias. */
  ownAddresses: string[];
  /** The bot's main address (from `MAIL_FROM`), normalised. */
  botAddress: string;
  policy: InboundPolicy;
  /** Configuration problems, in words for the operator; empty when the setup is usable. */
  problems: string[];
}

/** The conventional posting address behind a List-Id (`wsis.lists.example.org` -> `wsis@lists.example.org`). */
function addressOfListId(id: string): string | undefined {
  const dot = id.indexOf('.');
  if (dot <= 0 || dot >= id.length - 1) return undefined;
  const address = `${id.slice(0, dot)}@${id.slice(dot + 1)}`;
  return isMailAddress(address) ? address : undefined;
}

/** The conventional List-Id of a posting address (`wsis@lists.example.org` -> `wsis.lists.example.org`). */
function listIdOfAddress(address: string): string | undefined {
  return normaliseListId(address.replace('@', '.'));
}

/** Plausible chat tenant ids: Discord guild ids are digits, Slack team and enterprise ids `T...` / `E...`. */
const TENANT_ID = { discord: /^\d{5,25}$/, slack: /^[TE][A-Z0-9]{2,24}$/ } as const;

/**
 * Derives routes, channel addresses and the bot's per-list aliases from the configured
 * lists. A list given by address gets its conventional List-Id and the reverse, since lists
 * stamp one and are written to at the other. With one list the bot's plain address is that
 * list's; with several, direct mail names its list by the alias `bot+tag@domain`. Routes are
 * keyed by the list (`MailRoute.tenant` is the list's key), since several lists may feed one
 * chat tenant and each needs its own channel.
 */
export function mailSetup(input: {
  lists: readonly MailListSpec[];
  botAddress: string;
  /** Further addresses that are the bot (its IMAP login when that is an address). */
  otherOwnAddresses?: readonly string[];
}): MailSetup {
  const problems: string[] = [];
  const bot = normaliseAddress(input.botAddress);
  if (!isMailAddress(bot)) problems.push(`The bot address "${input.botAddress}" is not an e-mail address.`);
  const [local = '', domain = ''] = bot.split('@');
  const baseLocal = local.split('+')[0] ?? local;
  const tags = new Set<string>();
  const lists: MailList[] = [];
  for (const spec of input.lists) {
    const raw = spec.list.trim().toLowerCase();
    const isAddress = raw.includes('@');
    const address = isAddress ? normaliseAddress(raw) : addressOfListId(normaliseListId(raw) ?? '');
    const listId = isAddress ? listIdOfAddress(address ?? '') : normaliseListId(raw);
    if (!address || !listId || !isMailAddress(address)) {
      problems.push(
        `"${spec.list}" is neither a List-Id (wsis.lists.example.org) nor a list address (wsis@lists.example.org).`,
      );
      continue;
    }
    const process = spec.process.trim();
    if (slugOf(process) === '' || process.length < 2 || process.length > 120) {
      problems.push(`The process name for ${raw} needs 2 to 120 characters, with letters or digits.`);
      continue;
    }
    let tenant: MailListTenant = { platform: 'email', externalId: raw, shared: false };
    if (spec.tenant !== undefined) {
      const { platform, externalId } = spec.tenant;
      const pattern = platform === 'discord' || platform === 'slack' ? TENANT_ID[platform] : undefined;
      if (!pattern?.test(externalId)) {
        problems.push(
          `${raw} names "${platform}:${externalId}", which is neither discord:<guild id> nor slack:<team id>.`,
        );
        continue;
      }
      tenant = { platform, externalId, shared: true };
    }
    let tag = slugOf(address.split('@')[0] ?? '') || 'list';
    for (let n = 2; tags.has(tag); n++) tag = `${slugOf(address.split('@')[0] ?? '') || 'list'}-${n}`;
    tags.add(tag);
    lists.push({ key: raw, process, tenant, listId, address, botAddress: `${baseLocal}+${tag}@${domain}` });
  }
  const single = lists.length === 1;
  const routes: MailRoute[] = lists.map((l) => ({
    tenant: l.key,
    process: l.process,
    listIds: [l.listId],
    listAddresses: [l.address],
    addresses: single ? [l.botAddress, bot] : [l.botAddress],
  }));
  for (const problem of checkRoutes(routes)) {
    problems.push(`${lists[problem.route]?.key ?? 'A list'}: ${problem.message}`);
  }
  const ownAddresses = [
    ...new Set(
      [
        bot,
        ...lists.map((l) => l.botAddress),
        ...(input.otherOwnAddresses ?? []).map(normaliseAddress),
      ].filter(isMailAddress),
    ),
  ];
  if (lists.some((l) => ownAddresses.includes(l.address))) {
    problems.push('A list address is also the bot’s own address; the bot must be a member of the list.');
  }
  return {
    lists,
    routes,
    ownAddresses,
    botAddress: bot,
    policy: { ownAddresses, listAddresses: lists.map((l) => l.address) },
    problems,
  };
}

/** The token of a structured header value: comments and parameters dropped, lower-cased. */
function token(value: string): string {
  return (value.replace(/\([^()]*\)/g, '').split(';')[0] ?? '').trim().toLowerCase();
}

/**
 * True for mail the bot sent itself, however it came back (a list redistributing an alert,
 * a forward): its address in From / Sender / Return-Path, a Message-ID it generated (lists
 * keep it when they rewrite From), or its address in X-Loop.
 */
export function isSelfMail(headers: MailHeaders, policy: InboundPolicy): boolean {
  const own = new Set(policy.ownAddresses.map(normaliseAddress));
  if (addressesIn(headers, 'from', 'sender', 'return-path').some((a) => own.has(a))) return true;
  const domains = policy.messageIdDomains ?? [...own].map((a) => a.split('@')[1] ?? '').filter(Boolean);
  if (headerValues(headers, 'message-id').some((id) => isOwnMessageId(id, domains))) return true;
  return headerValues(headers, 'x-loop').some((v) =>
    parseAddressList(v).some((a) => own.has(normaliseAddress(a.address))),
  );
}

/** Why a message is dropped without being read. Stable codes for logs and tests. */
export type IgnoreReason =
  | 'own-mail'
  | 'bounce'
  | 'delivery-report'
  | 'system-sender'
  | 'auto-reply'
  | 'unknown-list'
  | 'not-addressed';

/** The header-level decision on one inbound message. */
export type InboundPlan =
  | { action: 'ignore'; reason: IgnoreReason; detail: string }
  /** Distributed by a configured list: read it for announcements and drafts, never answer a command. */
  | { action: 'list'; list: MailList }
  /**
   * Written to the bot: a command, or content from chairs' staff. `list` is undefined when
   * the bot follows several lists and the message used the plain address. `replyTo` is set
   * only when the message may be answered at all (see `classifyInbound`).
   */
  | { action: 'direct'; list?: MailList; replyTo?: string };

/** Reasons of `classifyInbound` that mark machine mail: never content, never a command. */
const MACHINE: ReadonlySet<string> = new Set(['bounce', 'delivery-report', 'system-sender']);

/**
 * Decides what to do with a triaged message. Order matters: the bot's own mail first (an
 * alert the list sent back must not become an announcement), then machine mail (bounces,
 * delivery reports, list-software notices, auto-replies, which quote other mail), then
 * list traffic (a List-Id, or a configured list address among the recipients), then mail
 * written to one of the bot's addresses. Anything else did not concern the bot.
 */
export function planInbound(triage: InboundTriage, setup: MailSetup): InboundPlan {
  const { headers, verdict } = triage;
  if (isSelfMail(headers, setup.policy)) {
    return { action: 'ignore', reason: 'own-mail', detail: 'The bot’s own mail, sent back to it.' };
  }
  if (!verdict.answerable && MACHINE.has(verdict.reason)) {
    return { action: 'ignore', reason: verdict.reason as IgnoreReason, detail: verdict.detail };
  }
  // auto-generated mail (a conference system's invitation) may be content; answers to
  // other mail (auto-replied, auto-notified, vacation notices) are not.
  const automatic = headerValues(headers, 'auto-submitted')
    .map(token)
    .find((v) => v !== 'no' && v !== 'auto-generated');
  if (automatic !== undefined || (!verdict.answerable && verdict.reason === 'auto-reply')) {
    return {
      action: 'ignore',
      reason: 'auto-reply',
      detail: automatic === undefined ? verdict.detail : `Auto-Submitted: ${automatic || '(empty)'}.`,
    };
  }
  const byKey = new Map(setup.lists.map((l) => [l.key, l]));
  const route = triage.route;
  const listAddresses = new Set(setup.lists.map((l) => l.address));
  const recipients = addressesIn(headers, 'to', 'cc');
  if (route && (route.by === 'list-id' || listAddresses.has(route.value))) {
    const list = byKey.get(route.tenant);
    if (list) return { action: 'list', list };
  }
  if (headerValues(headers, 'list-id').length > 0) {
    return {
      action: 'ignore',
      reason: 'unknown-list',
      detail: 'Distributed by a list that is not configured (MAIL_LISTS).',
    };
  }
  const copied = recipients.find((a) => listAddresses.has(a));
  if (copied !== undefined) {
    // Written to a configured list and copied to the bot: the list's copy is content.
    const list = setup.lists.find((l) => l.address === copied);
    if (list) return { action: 'list', list };
  }
  const own = new Set(setup.ownAddresses);
  const toBot = addressesIn(headers, 'to', 'cc', 'delivered-to', 'x-original-to', 'envelope-to').some((a) =>
    own.has(a),
  );
  if (!toBot) {
    return { action: 'ignore', reason: 'not-addressed', detail: 'Neither a configured list nor the bot.' };
  }
  const list = route ? byKey.get(route.tenant) : undefined;
  const replyTo = verdict.answerable ? verdict.replyTo : undefined;
  return { action: 'direct', ...(list ? { list } : {}), ...(replyTo ? { replyTo } : {}) };
}

/** Longest command line taken from a mail; anything longer is not a command someone typed. */
export const MAX_COMMAND_LENGTH = 1000;

const REPLY_PREFIX = /^\s*(?:re|aw|sv|antw|vs|ref|rif|r)\s*(?:\[\d+\])?\s*:\s*/i;
const FORWARD_PREFIX = /^\s*(?:fwd?|fw|tr|wg|rv|enc|i)\s*(?:\[\d+\])?\s*:\s*/i;
const TAG_PREFIX = /^\s*\[[^\]]{0,60}\]\s*/;

/** A subject without its list tags and reply / forward prefixes, and which prefixes it had. */
export function cleanSubject(subject: string): { text: string; reply: boolean; forward: boolean } {
  let text = subject;
  let reply = false;
  let forward = false;
  for (let i = 0; i < 20; i++) {
    const before = text;
    text = text.replace(TAG_PREFIX, '');
    if (REPLY_PREFIX.test(text)) {
      reply = true;
      text = text.replace(REPLY_PREFIX, '');
    }
    if (FORWARD_PREFIX.test(text)) {
      forward = true;
      text = text.replace(FORWARD_PREFIX, '');
    }
    if (text === before) break;
  }
  return { text: text.replace(/\s+/g, ' ').trim(), reply, forward };
}

const GROUPS = new Set(Object.keys(GROUP_DESCRIPTIONS));

/** A line that starts with a command group (or "help"), normalised; undefined otherwise. */
function asCommand(line: string): string | undefined {
  const text = line.replace(/\s+/g, ' ').trim();
  if (text === '' || text.length > MAX_COMMAND_LENGTH) return undefined;
  const [head = '', ...rest] = text.split(' ');
  const first = head
    .replace(/^\//, '')
    .replace(/[:.,;!?]+$/, '')
    .toLowerCase();
  if (first !== 'help' && !GROUPS.has(first)) return undefined;
  return canonicalCommandLine([first, ...rest].join(' '));
}

/**
 * The command in a mail to the bot, if there is one: the subject when it starts with a
 * command group ("brackets status C9", "/meetings upcoming", "help"), else the first
 * non-empty line of the body. A subject with a reply prefix is the bot's own answer being
 * replied to ("Re: brackets status C9"), so only the body counts then: "thanks!" is not a
 * request to run the command again.
 */
export function commandText(subject: string, body: string): string | undefined {
  const clean = cleanSubject(subject);
  if (!clean.reply && !clean.forward) {
    const fromSubject = asCommand(clean.text);
    if (fromSubject !== undefined) return fromSubject;
  }
  const firstLine = body
    .slice(0, 64 * 1024)
    .split(/\r?\n/)
    .find((l) => l.trim() !== '');
  if (firstLine === undefined || /^\s*>/.test(firstLine)) return undefined;
  return asCommand(firstLine);
}

const ATTRIBUTION =
  /^(?:on|le|am|el|il|op|em|den)\s.{1,300}(?:wrote|a écrit|schrieb|escribió|ha scritto|schreef|escreveu|skrev)\s*:\s*$/i;
const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(?:original message|message d'origine|ursprüngliche nachricht|mensaje original|messaggio originale)\s*-{2,}\s*$/i;
const OUTLOOK_HEADER = /^\s*\*?(?:from|de|von|da)\s*:\*?\s+\S/i;
const OUTLOOK_FOLLOWER =
  /^\s*\*?(?:sent|date|envoyé|gesendet|enviado|inviato|to|à|an|subject|objet|betreff)\s*:/i;

/**
 * The new text of a reply: quoted lines (`>`) dropped, and everything from the quoted
 * history ("On 3 June, X wrote:", "-----Original Message-----", an Outlook "From: / Sent:"
 * block) or the signature (`-- `) on cut off, so that a participant's "see you there"
 * under a quoted invitation is not read as a second announcement. A forward keeps the
 * forwarded message: that is its content.
 */
export function stripQuotedReply(text: string, options: { forwarded?: boolean } = {}): string {
  // Quoted lines are dropped before anything else is judged, so that a second pass over the
  // result sees the same neighbours and decides the same (the function is idempotent).
  const lines = text.split(/\r?\n/).filter((l) => !/^\s*>/.test(l));
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '-- ' || line === '--') break;
    if (!options.forwarded) {
      if (ATTRIBUTION.test(line)) break;
      // Clients wrap a long attribution over two lines.
      const next = lines[i + 1];
      if (next !== undefined && line.length < 300 && ATTRIBUTION.test(`${line} ${next.trim()}`)) break;
      if (ORIGINAL_MESSAGE.test(line)) break;
      if (OUTLOOK_HEADER.test(line) && lines.slice(i + 1, i + 5).some((l) => OUTLOOK_FOLLOWER.test(l))) break;
    }
    kept.push(line);
  }
  while (kept.length > 0 && (kept[kept.length - 1] as string).trim() === '') kept.pop();
  return kept.join('\n');
}

/**
 * The revision key of what one sender says in one thread: the thread's root Message-ID
 * (first of References, else In-Reply-To, else the message's own) and the sender. A
 * corrected invitation sent as a reply to the first then replaces what the first said,
 * while a participant's answer in the same thread can never overwrite the secretariat.
 */
export function revisionKeyOf(triage: Pick<InboundTriage, 'headers' | 'messageId' | 'sender'>): string {
  const refs = parseMessageIds(headerValues(triage.headers, 'references')[0]);
  const parent = parseMessageIds(headerValues(triage.headers, 'in-reply-to')[0])[0];
  const root = refs[0] ?? parent ?? triage.messageId ?? '';
  const rootId = normaliseMessageId(root) ?? 'no-thread';
  // A digest of the sender keeps addresses out of the sources table.
  const sender = createHash('sha256')
    .update(triage.sender.address || 'unknown-sender')
    .digest('hex')
    .slice(0, 16);
  return `mail:${rootId}:${sender}`;
}
