import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RapporteurError } from '../../src/core/errors.js';
import { backoffStrategy, RetryLater, retryAfterOf, retryDelayMs } from '../../src/jobs/backoff.js';
import { deliveryJobSchema, jobIds, parseSchedulerId, reminderJobSchema } from '../../src/jobs/names.js';

const idPart = fc.string({ minLength: 1, maxLength: 40 });

describe('job ids', () => {
  it('never contain ":" (BullMQ refuses them) and differ when any part differs', () => {
    // The latest Date there is has no next millisecond to compare with: stop one short of it.
    const dueTimes = fc.date({ noInvalidDate: true, max: new Date(8.64e15 - 1) });
    fc.assert(
      fc.property(idPart, idPart, dueTimes, (tenant, reminder, due) => {
        const id = jobIds.reminder(tenant, reminder, due.toISOString());
        expect(id).not.toContain(':');
        expect(jobIds.delivery(tenant, reminder)).not.toContain(':');
        expect(id).not.toBe(jobIds.reminder(tenant, reminder, new Date(due.getTime() + 1).toISOString()));
        expect(id).not.toBe(jobIds.reminder(`${tenant}x`, reminder, due.toISOString()));
      }),
    );
  });
  it('are the same for the same due time written differently', () => {
    expect(jobIds.reminder('t', 'r', '2014-06-09T11:00:00Z')).toBe(
      jobIds.reminder('t', 'r', '2014-06-09T13:00:00+02:00'),
    );
  });
  it('round-trip scheduler ids, whatever the ids contain', () => {
    fc.assert(
      fc.property(idPart, idPart, fc.constantFrom('watch', 'digest'), (tenant, subject, kind) => {
        const id =
          kind === 'watch' ? jobIds.watchScheduler(tenant, subject) : jobIds.digestScheduler(tenant, subject);
        expect(parseSchedulerId(id)).toEqual({ kind, tenantId: tenant, subjectId: subject });
      }),
    );
    expect(parseSchedulerId('repeat:abc')).toBeUndefined();
    expect(parseSchedulerId('watch|%E0%A4%A|x')).toBeUndefined();
  });
});

describe('job data', () => {
  it('holds ids and instants only, and refuses anything else', () => {
    expect(
      reminderJobSchema.safeParse({ tenantId: 't', reminderId: 'r', dueAt: '2014-06-09T11:00:00.000Z' })
        .success,
    ).toBe(true);
    expect(reminderJobSchema.safeParse({ tenantId: 't', reminderId: 'r', dueAt: 'tomorrow' }).success).toBe(
      false,
    );
    expect(
      deliveryJobSchema.safeParse({ tenantId: 't', deliveryId: 'd', token: 'xoxb-secret' }).success,
    ).toBe(false);
    expect(deliveryJobSchema.safeParse({ tenantId: '', deliveryId: 'd' }).success).toBe(false);
  });
});

describe('retry delays', () => {
  const policy = { baseMs: 2_000, maxMs: 20 * 60_000, attempts: 15 };
  it('double per attempt with equal jitter, within [ceiling/2, ceiling], never above the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (attempt, r) => {
          const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
          const d = retryDelayMs(attempt, policy, undefined, () => r);
          expect(d).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(d).toBeLessThanOrEqual(ceiling);
        },
      ),
    );
  });
  it('wait at least the Retry-After, with at most 1 s of jitter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3_600_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (after, r) => {
          const d = retryDelayMs(3, policy, after, () => r);
          expect(d).toBeGreaterThanOrEqual(after);
          expect(d).toBeLessThanOrEqual(after + 1_000);
        },
      ),
    );
  });
  it('read Retry-After only from RATE_LIMITED errors, and hand the chosen delay to BullMQ', () => {
    expect(retryAfterOf(new RapporteurError('RATE_LIMITED', 'x', { details: { retryAfterMs: 1500 } }))).toBe(
      1500,
    );
    expect(
      retryAfterOf(new RapporteurError('UNAVAILABLE', 'x', { details: { retryAfterMs: 1500 } })),
    ).toBeUndefined();
    expect(
      retryAfterOf(new RapporteurError('RATE_LIMITED', 'x', { details: { retryAfterMs: 'soon' } })),
    ).toBeUndefined();
    expect(backoffStrategy(policy)(4, 'rapporteur', new RetryLater('x', 1234))).toBe(1234);
    expect(backoffStrategy(policy)(1, 'rapporteur', new Error('x'))).toBeLessThanOrEqual(2_000);
  });
});
