import type { MailThread } from '../ports/index.js';
import {
  DEFAULT_HEADER_LIMITS,
  decodeEncodedWords,
  type HeaderLimits,
  headerValue,
  type MailHeaders,
  parseHeaderBlock,
} from './headers.js';
import { classifyInbound, type InboundPolicy, type InboundVerdict } from './loop-safety.js';
import { normaliseMessageId, parseMessageIds } from './message-id.js';
import { type MailRoute, type RouteMatch, routeInbound } from './routing.js';
import { checkSender, type SenderCheck } from './sender-auth.js';

/**
 * The decisions taken from an inbound message's headers alone, before the documents module
 * parses its body: where it belongs, whether it may be answered and to whom, who sent it
 * as far as the mail server could prove, and how an answer would thread. The inbound use
 * case reads this and either ingests the message, answers a command or drops it quietly.
 */

/** Everything {@link triageInbound} needs to know about the deployment. */
export interface TriageOptions {
  routes: readonly MailRoute[];
  policy: InboundPolicy;
  /** authserv-ids of the bot's own receiving mail servers (see `checkSender`). */
  authservIds?: readonly string[];
  limits?: HeaderLimits;
}

/** The header-level view of one inbound message. */
export interface InboundTriage {
  headers: MailHeaders;
  /** The process it belongs to; undefined for mail that matches no route. */
  route?: RouteMatch;
  verdict: InboundVerdict;
  sender: SenderCheck;
  /** Subject with encoded words decoded; empty when absent. */
  subject: string;
  /** The message's own Message-ID, normalised, when it has a valid one. */
  messageId?: string;
  /** Where an answer to this message goes in its thread. */
  replyThread: MailThread;
  /** Header problems found (codes only matter; messages are for logs). */
  diagnostics: { code: string; message: string }[];
}

/** Reads the headers of a raw message and takes every header-level decision about it. */
export function triageInbound(raw: Uint8Array | string, options: TriageOptions): InboundTriage {
  const parsed = parseHeaderBlock(raw, options.limits ?? DEFAULT_HEADER_LIMITS);
  const headers = parsed.headers;
  const messageIdRaw = headerValue(headers, 'message-id');
  const messageId = messageIdRaw === undefined ? undefined : normaliseMessageId(messageIdRaw);
  const references = parseMessageIds(headerValue(headers, 'references'));
  // RFC 5322 3.6.4: without References, the parent's In-Reply-To (one id) stands in for them.
  const ancestry =
    references.length > 0 ? references : parseMessageIds(headerValue(headers, 'in-reply-to')).slice(0, 1);
  const route = routeInbound(headers, options.routes);
  return {
    headers,
    ...(route === undefined ? {} : { route }),
    verdict: classifyInbound(headers, options.policy),
    sender: checkSender(headers, options.authservIds ?? []),
    subject: decodeEncodedWords(headerValue(headers, 'subject') ?? '').trim(),
    ...(messageId === undefined ? {} : { messageId }),
    replyThread:
      messageId === undefined ? { references: ancestry } : { inReplyTo: messageId, references: ancestry },
    diagnostics: parsed.diagnostics.map((d) => ({ code: d.code, message: d.message })),
  };
}
