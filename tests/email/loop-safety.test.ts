import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headersFrom, parseHeaderBlock } from '../../src/core/email/headers.js';
import { classifyInbound, isSystemAddress, ReplyRateLimiter } from '../../src/core/email/loop-safety.js';
import { messageIdFor } from '../../src/core/email/message-id.js';
import type { Clock } from '../../src/core/ports/index.js';

const policy = {
  ownAddresses: ['Rapporteur <rapporteur@bot.example.org>', 'rapporteur+wsis@bot.example.org'],
  listAddresses: ['wsis@lists.example.org'],
};

/** A command a delegate might send straight to the bot. */
const command = {
  From: 'Amina Diallo <amina@civil.example.org>',
  To: 'rapporteur@bot.example.org',
  Subject: 'brackets status C9',
  'Message-ID': '<cmd-1@civil.example.org>',
  'Return-Path': '<amina@civil.example.org>',
};

const verdict = (extra: Record<string, string | string[] | undefined>) =>
  classifyInbound(headersFrom({ ...command, ...extra }), policy);

describe('classifyInbound', () => {
  it('answers a person who writes to the bot, at their address', () => {
    expect(verdict({})).toEqual({
      answerable: true,
      reason: 'ok',
      replyTo: 'amina@civil.example.org',
      detail: 'Answerable.',
    });
    expect(verdict({ 'Auto-Submitted': 'no' }).answerable).toBe(true);
    expect(verdict({ 'Reply-To': 'Amina (office) <amina.office@civil.example.org>' })).toMatchObject({
      replyTo: 'amina.office@civil.example.org',
    });
  });

  it('refuses auto-replies and other automatic mail (RFC 3834 and common markers)', () => {
    expect(verdict({ 'Auto-Submitted': 'auto-replied' }).reason).toBe('auto-submitted');
    expect(verdict({ 'Auto-Submitted': 'Auto-Generated (vacation)' }).reason).toBe('auto-submitted');
    expect(verdict({ 'Auto-Submitted': 'auto-notified; owner-email="x@example.org"' }).reason).toBe(
      'auto-submitted',
    );
    expect(verdict({ 'Auto-Submitted': '' }).reason).toBe('auto-submitted');
    expect(verdict({ 'X-Autoreply': 'yes' }).reason).toBe('auto-reply');
    expect(verdict({ 'X-Autorespond': 'Out of office until 16 June' }).reason).toBe('auto-reply');
    expect(verdict({ Precedence: 'auto_reply' }).reason).toBe('auto-reply');
    expect(verdict({ 'X-Auto-Response-Suppress': 'All' }).reason).toBe('auto-response-suppressed');
    expect(verdict({ 'X-Auto-Response-Suppress': 'DR, OOF' }).reason).toBe('auto-response-suppressed');
    // Only delivery and read receipts suppressed: an answer to a command is still wanted.
    expect(verdict({ 'X-Auto-Response-Suppress': 'DR, RN, NRN' }).answerable).toBe(true);
  });

  it('refuses bounces and delivery reports', () => {
    expect(verdict({ 'Return-Path': '<>' }).reason).toBe('bounce');
    expect(verdict({ 'Return-Path': '< >' }).reason).toBe('bounce');
    expect(
      verdict({
        'Return-Path': undefined,
        'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b"',
      }),
    ).toMatchObject({
      reason: 'delivery-report',
      detail: 'The message is a machine report (delivery-status).',
    });
    expect(verdict({ 'Content-Type': 'message/disposition-notification' }).reason).toBe('delivery-report');
    expect(verdict({ From: 'Mail Delivery System <MAILER-DAEMON@mx.example.org>' }).reason).toBe(
      'system-sender',
    );
    expect(verdict({ From: 'postmaster@civil.example.org' }).reason).toBe('system-sender');
  });

  it('refuses its own mail, even when a list rewrote the From line', () => {
    expect(verdict({ From: 'RAPPORTEUR@bot.example.org' }).reason).toBe('own-mail');
    expect(verdict({ Sender: 'rapporteur+wsis@bot.example.org' }).reason).toBe('own-mail');
    const viaList = verdict({
      From: 'Rapporteur via WSIS <wsis@lists.example.org>',
      'Message-ID': messageIdFor('alert:wsis:mpp6:retimed', 'bot.example.org'),
    });
    expect(viaList.reason).toBe('own-mail');
    expect(verdict({ 'X-Loop': 'rapporteur@bot.example.org' })).toMatchObject({
      reason: 'loop',
      detail: 'X-Loop names the bot itself.',
    });
    expect(verdict({ 'X-Loop': 'tracker@bugs.example.org' }).reason).toBe('loop');
  });

  it('refuses list and bulk traffic, and never answers a list address', () => {
    expect(verdict({ Precedence: 'bulk' }).reason).toBe('bulk');
    expect(verdict({ Precedence: 'list' }).reason).toBe('bulk');
    expect(verdict({ Precedence: 'junk' }).reason).toBe('bulk');
    expect(verdict({ 'List-Unsubscribe': '<mailto:leave@news.example.com>' }).reason).toBe('bulk');
    // Reply-To munged to the list: answer the author instead.
    expect(
      verdict({ 'List-Id': '<wsis.lists.example.org>', 'Reply-To': 'wsis@lists.example.org' }),
    ).toMatchObject({ answerable: true, replyTo: 'amina@civil.example.org' });
    // DMARC rewriting: From is the list, Reply-To the author.
    expect(
      verdict({
        From: 'Amina Diallo via WSIS <wsis@lists.example.org>',
        'Reply-To': 'amina@civil.example.org',
        'List-Id': 'WSIS <wsis.lists.example.org>',
      }),
    ).toMatchObject({ answerable: true, replyTo: 'amina@civil.example.org' });
    // From and Reply-To both name a list (known from List-Post or List-Id, not configured).
    expect(
      verdict({
        From: 'IGF list <igf@lists.example.net>',
        'Reply-To': 'igf@lists.example.net',
        'List-Post': '<mailto:igf@lists.example.net>',
      }).reason,
    ).toBe('list-reply');
    expect(verdict({ From: 'other@lists.example.net', 'List-Id': '<other.lists.example.net>' }).reason).toBe(
      'list-reply',
    );
  });

  it('answers one address only, whatever Reply-To lists', () => {
    const many = Array.from({ length: 50 }, (_, i) => `victim${i}@example.org`).join(', ');
    expect(verdict({ 'Reply-To': many })).toMatchObject({ answerable: true, replyTo: 'victim0@example.org' });
  });

  it('refuses mail without a usable address', () => {
    expect(verdict({ From: undefined }).reason).toBe('no-reply-address');
    expect(verdict({ From: 'not an address' }).reason).toBe('no-reply-address');
  });

  it('reads real header blocks: an Exchange out-of-office notice and a Postfix bounce', () => {
    const ooo = parseHeaderBlock(
      [
        'From: Jean Martin <jean.martin@delegation.example.ch>',
        'To: rapporteur@bot.example.org',
        'Subject: Automatic reply: brackets status C9',
        'Auto-Submitted: auto-generated',
        'X-Auto-Response-Suppress: All',
        '',
        '',
      ].join('\r\n'),
    ).headers;
    expect(classifyInbound(ooo, policy).reason).toBe('auto-submitted');
    const bounce = parseHeaderBlock(
      [
        'Return-Path: <>',
        'From: MAILER-DAEMON@mx.example.org (Mail Delivery System)',
        'Content-Type: multipart/report; report-type=delivery-status;',
        '\tboundary="4DB7E1C0.1"',
        '',
        '',
      ].join('\n'),
    ).headers;
    expect(classifyInbound(bounce, policy).reason).toBe('bounce');
  });

  it('never throws and never answers the bot or a list (property)', () => {
    const field = fc.constantFrom(
      'From',
      'Reply-To',
      'Sender',
      'Return-Path',
      'List-Id',
      'List-Post',
      'Auto-Submitted',
      'Precedence',
      'Content-Type',
      'X-Loop',
    );
    const value = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.constantFrom(
        'rapporteur@bot.example.org',
        'wsis@lists.example.org',
        '<>',
        'no',
        'bulk',
        'Amina <amina@civil.example.org>',
      ),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(field, value), { maxLength: 8 }), (pairs) => {
        const record: Record<string, string[]> = {};
        for (const [f, v] of pairs) record[f] = [...(record[f] ?? []), v];
        const result = classifyInbound(headersFrom(record), policy);
        if (result.answerable) {
          expect([
            'rapporteur@bot.example.org',
            'rapporteur+wsis@bot.example.org',
            'wsis@lists.example.org',
          ]).not.toContain(result.replyTo);
          expect(isSystemAddress(result.replyTo)).toBe(false);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('isSystemAddress', () => {
  it('recognises mail systems and list software, not people', () => {
    for (const a of [
      'mailer-daemon@x.org',
      'wsis-request@lists.example.org',
      'wsis-bounces+amina=civil.example.org@lists.example.org',
      'owner-wsis@lists.example.org',
      'no-reply@itu.example.int',
      'noreply+tag@x.org',
    ]) {
      expect(isSystemAddress(a)).toBe(true);
    }
    for (const a of ['amina@civil.example.org', 'secretariat@wsis.example.org', 'bounce.jones@example.org']) {
      expect(isSystemAddress(a)).toBe(false);
    }
  });
});

describe('ReplyRateLimiter', () => {
  function clockAt(start: number): Clock & { advance(ms: number): void } {
    let now = start;
    return {
      now: () => new Date(now),
      advance: (ms) => {
        now += ms;
      },
    };
  }

  it('allows max replies per window to one address, then says when to retry', () => {
    const clock = clockAt(Date.UTC(2014, 5, 3, 15));
    const limiter = new ReplyRateLimiter({ windowMs: 60_000, max: 3, clock });
    expect([1, 2, 3].map(() => limiter.tryAcquire('Amina@Civil.example.org').allowed)).toEqual([
      true,
      true,
      true,
    ]);
    clock.advance(10_000);
    expect(limiter.tryAcquire('amina@civil.example.org')).toEqual({ allowed: false, retryAfterMs: 50_000 });
    expect(limiter.tryAcquire('jean@delegation.example.ch').allowed).toBe(true);
    clock.advance(50_000);
    expect(limiter.tryAcquire('amina@civil.example.org').allowed).toBe(true);
  });

  it('is not reset by a clock that steps back', () => {
    const clock = clockAt(Date.UTC(2014, 5, 3, 15));
    const limiter = new ReplyRateLimiter({ windowMs: 60_000, max: 1, clock });
    expect(limiter.tryAcquire('amina@civil.example.org').allowed).toBe(true);
    clock.advance(-3_600_000);
    expect(limiter.tryAcquire('amina@civil.example.org').allowed).toBe(false);
  });

  it('keeps memory bounded under a flood of forged senders', () => {
    const clock = clockAt(0);
    const limiter = new ReplyRateLimiter({ windowMs: 3_600_000, max: 2, clock, maxTracked: 1000 });
    const t0 = performance.now();
    for (let i = 0; i < 100_000; i++) limiter.tryAcquire(`forged${i}@example.org`);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(limiter.tracked).toBeLessThanOrEqual(1000);
  });

  it('rejects a nonsensical configuration', () => {
    expect(() => new ReplyRateLimiter({ windowMs: 0, max: 1, clock: clockAt(0) })).toThrow(/positive window/);
    expect(() => new ReplyRateLimiter({ windowMs: 1000, max: 0, clock: clockAt(0) })).toThrow(/max >= 1/);
  });
});
