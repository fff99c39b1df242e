import { isRapporteurError } from '../core/errors.js';

/**
 * Retry timing for deliveries. The processor decides the delay (it must record the next
 * attempt in the store anyway) and hands it to BullMQ through the error it throws; the
 * worker's custom backoff strategy reads it back. A platform's Retry-After always wins.
 */

/** How deliveries retry. */
export interface RetryPolicy {
  /** Delay before the first retry; doubles per attempt. */
  baseMs: number;
  /** Longest delay between two attempts. */
  maxMs: number;
  /** Attempts in all, the first included; then the delivery fails for good. */
  attempts: number;
}

/**
 * 15 attempts from 2 s doubling to 20 min: about three hours of trying, which outlasts a
 * platform incident without sending a stale alert the next day.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 2_000, maxMs: 20 * 60_000, attempts: 15 };

/**
 * The delay before retry number `attempt` (1 for the first retry). Exponential with "equal
 * jitter" (half fixed, half random) so that many deliveries failing together do not retry in
 * lockstep; when the platform said how long to wait (`retryAfterMs`), that long plus up to 10%
 * (at most 1 s) of jitter.
 */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
    return Math.ceil(retryAfterMs + random() * Math.min(retryAfterMs * 0.1, 1_000));
  }
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The platform's Retry-After carried by a RATE_LIMITED error, in ms. */
export function retryAfterOf(err: unknown): number | undefined {
  if (!isRapporteurError(err) || err.code !== 'RATE_LIMITED') return undefined;
  const value = err.details?.retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** An error that tells the worker's backoff strategy how long to wait. */
export class RetryLater extends Error {
  override readonly name = 'RetryLater';
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

/** BullMQ's custom backoff strategy: the delay the processor chose, else plain exponential. */
export function backoffStrategy(policy: RetryPolicy) {
  return (attemptsMade: number, _type?: string, err?: Error): number =>
    err instanceof RetryLater ? err.delayMs : retryDelayMs(attemptsMade, policy);
}
