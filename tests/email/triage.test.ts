import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replySubject } from '../../src/bots/email/render.js';
import { headersFrom } from '../../src/core/email/headers.js';
import { threadingHeaders } from '../../src/core/email/message-id.js';
import { checkSender, mayPostDrafts, parseAuthenticationResults } from '../../src/core/email/sender-auth.js';
import { triageInbound } from '../../src/core/email/triage.js';

const chairs = { addresses: ['chair@wsis.example.org'], domains: ['secretariat.example.int'] };
const trusted = ['mx.bot.example.org'];

describe('checkSender and mayPostDrafts', () => {
  it('accepts an allowed sender whose domain the bot’s own mail server verified', () => {
    const headers = headersFrom({
      From: 'WSIS Chair <Chair@WSIS.example.org>',
      'Authentication-Results':
        'mx.bot.example.org; spf=pass smtp.mailfrom=chair@wsis.example.org; dkim=pass header.d=wsis.example.org; dmarc=pass (p=reject) header.from=wsis.example.org',
    });
    const sender = checkSender(headers, trusted);
    expect(sender).toMatchObject({ address: 'chair@wsis.example.org', authenticated: true, method: 'dmarc' });
    expect(mayPostDrafts(sender, chairs)).toBe(true);
  });

  it('accepts a whole allowed domain, by aligned DKIM or SPF when there is no DMARC verdict', () => {
    const dkim = headersFrom({
      From: 'officer@secretariat.example.int',
      'Authentication-Results': 'mx.bot.example.org; dkim=pass header.d=example.int header.s=sel1',
    });
    expect(checkSender(dkim, trusted).method).toBe('dkim');
    expect(mayPostDrafts(checkSender(dkim, trusted), chairs)).toBe(true);
    const spf = headersFrom({
      From: 'officer@secretariat.example.int',
      'Authentication-Results':
        'mx.bot.example.org; spf=pass smtp.mailfrom=bounces@mail.secretariat.example.int',
    });
    expect(checkSender(spf, trusted).method).toBe('spf');
  });

  it('refuses a forged From: no verdict, a verdict the sender wrote, or a failed one', () => {
    const forged = { From: 'chair@wsis.example.org' };
    expect(mayPostDrafts(checkSender(headersFrom(forged), trusted), chairs)).toBe(false);
    const selfWritten = headersFrom({
      ...forged,
      'Authentication-Results': 'mx.attacker.example.com; dmarc=pass header.from=wsis.example.org',
    });
    expect(checkSender(selfWritten, trusted)).toMatchObject({
      authenticated: false,
      detail: expect.stringContaining('own mail server'),
    });
    const failed = headersFrom({
      ...forged,
      'Authentication-Results':
        'mx.bot.example.org; spf=fail smtp.mailfrom=x@attacker.example.com; dkim=pass header.d=attacker.example.com; dmarc=fail header.from=wsis.example.org',
    });
    expect(checkSender(failed, trusted).authenticated).toBe(false);
    const dmarcOverrides = headersFrom({
      ...forged,
      'Authentication-Results':
        'mx.bot.example.org; spf=pass smtp.mailfrom=chair@wsis.example.org; dmarc=fail header.from=wsis.example.org',
    });
    expect(checkSender(dmarcOverrides, trusted)).toMatchObject({
      authenticated: false,
      detail: 'DMARC did not pass (fail).',
    });
  });

  it('trusts only the topmost result of its own server, where a forged copy below is ignored', () => {
    const headers = headersFrom({
      From: 'chair@wsis.example.org',
      'Authentication-Results': [
        'mx.bot.example.org; dmarc=fail header.from=wsis.example.org',
        'mx.bot.example.org; dmarc=pass header.from=wsis.example.org',
      ],
    });
    expect(checkSender(headers, trusted).authenticated).toBe(false);
  });

  it('refuses an authenticated sender who is not on the list, and mail with several From addresses', () => {
    const outsider = headersFrom({
      From: 'someone@civil.example.org',
      'Authentication-Results': 'mx.bot.example.org; dmarc=pass header.from=civil.example.org',
    });
    expect(checkSender(outsider, trusted).authenticated).toBe(true);
    expect(mayPostDrafts(checkSender(outsider, trusted), chairs)).toBe(false);
    const two = headersFrom({
      From: 'chair@wsis.example.org, someone@civil.example.org',
      'Authentication-Results': 'mx.bot.example.org; dmarc=pass header.from=civil.example.org',
    });
    expect(mayPostDrafts(checkSender(two, trusted), chairs)).toBe(false);
  });

  it('parses Authentication-Results with comments and quoted values, and never throws (property)', () => {
    expect(
      parseAuthenticationResults(
        'mx.bot.example.org (Postfix); dkim=pass (2048-bit key) header.d=wsis.example.org header.b="abc"',
      ),
    ).toEqual({
      authservId: 'mx.bot.example.org',
      results: [
        { method: 'dkim', result: 'pass', props: { 'header.d': 'wsis.example.org', 'header.b': 'abc' } },
      ],
    });
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => void parseAuthenticationResults(s)),
      { numRuns: 2000 },
    );
  });
});

describe('triageInbound', () => {
  const options = {
    routes: [
      {
        tenant: 'civil-society',
        process: 'wsis-10',
        listIds: ['<wsis.lists.example.org>'],
        listAddresses: ['wsis@lists.example.org'],
      },
    ],
    policy: { ownAddresses: ['rapporteur@bot.example.org'], listAddresses: ['wsis@lists.example.org'] },
    authservIds: trusted,
  };

  it('takes every header-level decision for a command sent to the bot', () => {
    const raw = [
      'From: Amina Diallo <amina@civil.example.org>',
      'To: rapporteur@bot.example.org',
      'Cc: wsis@lists.example.org',
      'Subject: =?UTF-8?Q?brackets_status_C9?=',
      'Message-ID: <cmd-2@civil.example.org>',
      'In-Reply-To: <cmd-1@civil.example.org>',
      'References: <cmd-0@civil.example.org> <cmd-1@civil.example.org>',
      '',
      'brackets status C9',
    ].join('\r\n');
    const t = triageInbound(new TextEncoder().encode(raw), options);
    expect(t.route).toMatchObject({ process: 'wsis-10', by: 'address' });
    expect(t.verdict).toMatchObject({ answerable: true, replyTo: 'amina@civil.example.org' });
    expect(t.subject).toBe('brackets status C9');
    expect(replySubject(t.subject)).toBe('Re: brackets status C9');
    expect(t.messageId).toBe('<cmd-2@civil.example.org>');
    expect(threadingHeaders(t.replyThread)).toEqual({
      inReplyTo: '<cmd-2@civil.example.org>',
      references: ['<cmd-0@civil.example.org>', '<cmd-1@civil.example.org>', '<cmd-2@civil.example.org>'],
    });
    expect(t.sender.authenticated).toBe(false);
  });

  it('routes list mail and refuses to answer it', () => {
    const raw = [
      'From: MPP Secretariat <secretariat@wsis.example.org>',
      'To: wsis@lists.example.org',
      'List-Id: <wsis.lists.example.org>',
      'Precedence: list',
      'Subject: Corrected invitation: sixth MPP meeting',
      '',
      'The session will end at 16:00.',
    ].join('\n');
    const t = triageInbound(raw, options);
    expect(t.route).toMatchObject({ process: 'wsis-10', by: 'list-id' });
    expect(t.verdict).toMatchObject({ answerable: false, reason: 'bulk' });
    expect(t.replyThread).toEqual({ references: [] });
  });

  it('survives garbage of any kind (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const t = triageInbound(bytes, options);
        expect(typeof t.verdict.answerable).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});
