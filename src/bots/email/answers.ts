import { LRUCache } from 'lru-cache';
import type { MailSetup } from '../../core/email/inbound.js';
import { isSystemAddress, ReplyRateLimiter } from '../../core/email/loop-safety.js';
import type { InboundTriage } from '../../core/email/triage.js';
import type { Clock, Logger, MailSender } from '../../core/ports/index.js';
import type { Reply } from '../../core/reply.js';
import type { SharedLimiter } from '../shared/shared-state.js';
import { replySubject } from './render.js';

/**
 * Answers to people: only to a sender the bot's own mail server authenticated, once per
 * inbound message, and within three rate limits (per address, per domain, in all), so that
 * forged senders cannot make the bot write to many third parties.
 */

/** What one answer came to. */
export type AnswerOutcome =
  | { kind: 'answered'; messageId: string }
  | { kind: 'not-answered'; reason: 'rate-limited' };

/** Answers per window: per address, per sender domain and in all. */
export interface AnswerLimits {
  windowMs: number;
  max: number;
  perDomain?: number;
  total?: number;
}

export interface MailAnswersOptions {
  sender: MailSender;
  setup: MailSetup;
  /** The bot's own From address: never answered. */
  fromAddress: string;
  clock: Clock;
  rateLimit?: Partial<AnswerLimits>;
  /**
   * Where the limits are counted; default this process's memory, on the clock. Give a
   * shared one (Redis, see shared-state.ts) when several bot processes answer mail.
   */
  limiter?: LimiterFactory;
}

/** Builds the limiter for one of the three limits (`address`, `domain`, `total`). */
export type LimiterFactory = (
  name: 'address' | 'domain' | 'total',
  points: number,
  windowMs: number,
) => SharedLimiter;

/** The in-process limiter: a sliding window on the injected clock. */
export function memoryLimiter(clock: Clock): LimiterFactory {
  return (_name, max, windowMs) => {
    const limiter = new ReplyRateLimiter({ windowMs, max, clock });
    return { consume: async (key) => limiter.tryAcquire(key) };
  };
}

export interface MailAnswers {
  /**
   * Whom an answer may go to: only the sender the bot's own mail server authenticated (its
   * From, aligned with a passing DMARC, DKIM or SPF result), never a Reply-To, and nobody
   * when the sender is unproven: a forged From would otherwise make the bot write to
   * whoever the forger named. Loop safety must also have found the message answerable.
   */
  recipientOf(triage: InboundTriage, plan: { replyTo?: string | undefined }): string | undefined;
  /** Sends an answer to one person, once per inbound message (`key`), within the rate limits. */
  answer(
    to: string,
    triage: InboundTriage,
    key: string,
    body: Reply,
    zone: string | undefined,
    log: Logger,
    subjectWords?: string,
  ): Promise<AnswerOutcome>;
}

export function createMailAnswers(options: MailAnswersOptions): MailAnswers {
  const { sender, setup, fromAddress, clock } = options;
  const windowMs = options.rateLimit?.windowMs ?? 3_600_000;
  const make = options.limiter ?? memoryLimiter(clock);
  const limiter = make('address', options.rateLimit?.max ?? 5, windowMs);
  // One domain may hold many forged addresses, and many domains one attacker: both are capped.
  const domainLimiter = make('domain', options.rateLimit?.perDomain ?? 20, windowMs);
  const totalLimiter = make('total', options.rateLimit?.total ?? 200, windowMs);
  // Answers whose rate-limit slot was taken already: a retry after a failed send must not
  // spend a second one.
  const acquired = new LRUCache<string, true>({ max: 1000 });

  return {
    recipientOf(triage, plan) {
      const from = triage.sender.address;
      if (!plan.replyTo || !triage.sender.authenticated || !from) return undefined;
      // Loop safety chose a Reply-To over a From that is a mail system (noreply@, mailer-daemon@).
      if (plan.replyTo !== from && isSystemAddress(from)) return undefined;
      if (setup.lists.some((l) => l.address === from) || from === fromAddress) return undefined;
      return from;
    },

    async answer(to, triage, key, body, zone, log, subjectWords) {
      if (!acquired.has(key)) {
        // The cheapest limit is checked first so a refused answer spends no slot of the wider ones.
        const address = to.trim().toLowerCase();
        const domain = address.split('@').pop() ?? '';
        const checks = [
          ['address', limiter, address],
          ['domain', domainLimiter, `@${domain}`],
          ['total', totalLimiter, '*'],
        ] as const;
        for (const [scope, which, id] of checks) {
          const decision = await which.consume(id);
          if (!decision.allowed) {
            log.warn(
              { limit: scope, retryAfterMs: decision.retryAfterMs },
              scope === 'address'
                ? 'not answered: this sender reached the answer limit'
                : `not answered: the ${scope} answer limit was reached`,
            );
            return { kind: 'not-answered', reason: 'rate-limited' };
          }
        }
        acquired.set(key, true);
      }
      const sent = await sender.send({
        to: [to],
        reply: body,
        // Our own title, never the incoming subject: a stranger's words must not travel on
        // in mail the bot signs (threading headers keep the answer in its thread).
        subject: replySubject(subjectWords ?? body.title),
        idempotencyKey: key,
        thread: triage.replyThread,
        autoSubmitted: 'auto-replied',
        ...(zone ? { timeZone: zone } : {}),
      });
      acquired.delete(key);
      log.info({ answer: sent.messageId }, 'answered by mail');
      return { kind: 'answered', messageId: sent.messageId };
    },
  };
}
