import type { Reply } from '../reply.js';
import type { Platform } from '../store.js';

/**
 * The sending port: how a use case or a job hands a finished Reply to a platform. Each adapter
 * (Discord, Slack, e-mail, console) implements {@link Notifier}; the delivery processor picks
 * one by the target's platform.
 */

/** Where a message goes on its platform, resolved from a store `Target` by the job layer. */
export interface Address {
  platform: Platform;
  /** The tenant's platform id (guild id, team id, list address, `local`). */
  tenantExternalId: string;
  /** The platform channel id (or list address) for channel messages. */
  channel?: string;
  /** The platform user id (or e-mail address) for direct messages. */
  user?: string;
}

/** One outgoing message. */
export interface OutgoingMessage {
  reply: Reply;
  /** Stable per delivery: adapters that can (e-mail Message-ID) use it to make resends harmless. */
  idempotencyKey: string;
  /** Groups follow-ups about the same subject (e-mail thread, Slack thread) where the platform can. */
  threadKey?: string;
  /** Zone for platforms that cannot localise times themselves (terminal, e-mail). */
  zone?: string;
}

/**
 * Sends messages on one platform. Failures are `RapporteurError`s: `transient` codes
 * (UNAVAILABLE, TIMEOUT, RATE_LIMITED with `details.retryAfterMs`) are retried with backoff,
 * every other code (NOT_FOUND for a deleted channel, PERMISSION_DENIED for a removed bot)
 * fails the delivery for good.
 */
export interface Notifier {
  readonly platform: Platform;
  /** Sends a message and resolves to the platform's message id. */
  send(address: Address, message: OutgoingMessage): Promise<{ messageId: string }>;
}
