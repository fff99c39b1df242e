import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headersFrom } from '../../src/core/email/headers.js';
import {
  cleanSubject,
  commandText,
  isSelfMail,
  mailSetup,
  planInbound,
  revisionKeyOf,
  stripQuotedReply,
} from '../../src/core/email/inbound.js';
import { messageIdFor } from '../../src/core/email/message-id.js';
import { triageInbound } from '../../src/core/email/triage.js';

/**
 * The header-level decisions of the mailing-list bot: which lists, which addresses are the
 * bot, what is list traffic, what is a command, what must never be read or answered.
 */

const one = mailSetup({
  lists: [{ list: 'wsis.lists.example.org', process: 'WSIS+10 Vision' }],
  botAddress: 'Rapporteur <rapporteur@bot.example.org>',
  otherOwnAddresses: ['imap-login@bot.example.org'],
});
const two = mailSetup({
  lists: [
    { list: 'wsis.lists.example.org', process: 'WSIS+10 Vision' },
    { list: 'CSTD-Caucus@lists.example.net', process: 'CSTD working group' },
  ],
  botAddress: 'rapporteur@bot.example.org',
});

function mail(headers: Record<string, string | undefined>, body = 'Hello.'): string {
  const lines = Object.entries(headers)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}\r\n`;
}

function plan(setup: typeof one, headers: Record<string, string | undefined>) {
  const triage = triageInbound(mail(headers), { routes: setup.routes, policy: setup.policy });
  return planInbound(triage, setup);
}

const listPost = {
  From: 'MPP Secretariat <mpp-secretariat@wsis.example>',
  To: 'WSIS+10 civil society <wsis@lists.example.org>',
  Subject: 'Invitation: sixth MPP meeting',
  'Message-ID': '<inv-1@wsis.example>',
  'List-Id': 'WSIS+10 civil society <wsis.lists.example.org>',
  'List-Post': '<mailto:wsis@lists.example.org>',
  Precedence: 'list',
};

describe('mailSetup', () => {
  it('derives the posting address from a List-Id and the List-Id from an address', () => {
    expect(one.problems).toEqual([]);
    expect(one.lists).toEqual([
      {
        key: 'wsis.lists.example.org',
        process: 'WSIS+10 Vision',
        listId: 'wsis.lists.example.org',
        address: 'wsis@lists.example.org',
        botAddress: 'rapporteur+wsis@bot.example.org',
        tenant: { platform: 'email', externalId: 'wsis.lists.example.org', shared: false },
      },
    ]);
    expect(two.lists[1]).toMatchObject({
      key: 'cstd-caucus@lists.example.net',
      listId: 'cstd-caucus.lists.example.net',
      address: 'cstd-caucus@lists.example.net',
      botAddress: 'rapporteur+cstd-caucus@bot.example.org',
    });
  });

  it('gives the plain bot address to the only list, and to none when there are several', () => {
    expect(one.routes[0]?.addresses).toEqual([
      'rapporteur+wsis@bot.example.org',
      'rapporteur@bot.example.org',
    ]);
    expect(two.routes.map((r) => r.addresses)).toEqual([
      ['rapporteur+wsis@bot.example.org'],
      ['rapporteur+cstd-caucus@bot.example.org'],
    ]);
    expect(one.ownAddresses).toEqual([
      'rapporteur@bot.example.org',
      'rapporteur+wsis@bot.example.org',
      'imap-login@bot.example.org',
    ]);
  });

  it('keeps aliases apart when two lists share a local part', () => {
    const same = mailSetup({
      lists: [
        { list: 'wsis@lists.example.org', process: 'Vision' },
        { list: 'wsis@lists.example.net', process: 'Statement' },
      ],
      botAddress: 'rapporteur@bot.example.org',
    });
    expect(same.problems).toEqual([]);
    expect(same.lists.map((l) => l.botAddress)).toEqual([
      'rapporteur+wsis@bot.example.org',
      'rapporteur+wsis-2@bot.example.org',
    ]);
  });

  it('lets lists feed a Discord server or Slack workspace, each list its own channel there', () => {
    const shared = mailSetup({
      lists: [
        {
          list: 'wsis.lists.example.org',
          process: 'WSIS+10 Vision',
          tenant: { platform: 'discord', externalId: '81384788765712384' },
        },
        {
          list: 'observers@lists.example.org',
          process: 'WSIS+10 Vision',
          tenant: { platform: 'discord', externalId: '81384788765712384' },
        },
        {
          list: 'cstd@lists.example.net',
          process: 'CSTD',
          tenant: { platform: 'slack', externalId: 'T024BE7LD' },
        },
      ],
      botAddress: 'rapporteur@bot.example.org',
    });
    expect(shared.problems).toEqual([]);
    expect(shared.lists.map((l) => [l.address, l.tenant])).toEqual([
      ['wsis@lists.example.org', { platform: 'discord', externalId: '81384788765712384', shared: true }],
      ['observers@lists.example.org', { platform: 'discord', externalId: '81384788765712384', shared: true }],
      ['cstd@lists.example.net', { platform: 'slack', externalId: 'T024BE7LD', shared: true }],
    ]);
    // Two lists into one process of one server are two routes, not a clash.
    expect(shared.routes.map((r) => r.tenant)).toEqual([
      'wsis.lists.example.org',
      'observers@lists.example.org',
      'cstd@lists.example.net',
    ]);
    const traffic = plan(shared, { ...listPost, To: 'observers@lists.example.org', 'List-Id': undefined });
    expect(traffic).toMatchObject({ action: 'list', list: { key: 'observers@lists.example.org' } });

    const bad = mailSetup({
      lists: [
        {
          list: 'wsis.lists.example.org',
          process: 'Vision',
          tenant: { platform: 'discord', externalId: 'caucus' },
        },
        {
          list: 'cstd.lists.example.net',
          process: 'CSTD',
          tenant: { platform: 'email' as never, externalId: 'x' },
        },
      ],
      botAddress: 'rapporteur@bot.example.org',
    });
    expect(bad.lists).toEqual([]);
    expect(bad.problems).toEqual([
      'wsis.lists.example.org names "discord:caucus", which is neither discord:<guild id> nor slack:<team id>.',
      'cstd.lists.example.net names "email:x", which is neither discord:<guild id> nor slack:<team id>.',
    ]);
  });

  it('lists every configuration problem in words', () => {
    const bad = mailSetup({
      lists: [
        { list: 'not a list', process: 'Vision' },
        { list: 'wsis.lists.example.org', process: 'Vision' },
        { list: 'wsis@lists.example.org', process: 'Statement' },
        { list: 'other.lists.example.org', process: '!' },
      ],
      botAddress: 'nobody',
    });
    expect(bad.problems.join('\n')).toMatch(/bot address "nobody"/);
    expect(bad.problems.join('\n')).toMatch(/"not a list" is neither a List-Id/);
    expect(bad.problems.join('\n')).toMatch(/already routed/);
    expect(bad.problems.join('\n')).toMatch(/2 to 120 characters/);
    const self = mailSetup({
      lists: [{ list: 'rapporteur@bot.example.org', process: 'Vision' }],
      botAddress: 'rapporteur@bot.example.org',
    });
    expect(self.problems.join('\n')).toMatch(/member of the list/);
  });
});

describe('isSelfMail and planInbound', () => {
  it('reads list traffic from a configured list, by List-Id or by the list address', () => {
    expect(plan(one, listPost)).toMatchObject({ action: 'list', list: { key: 'wsis.lists.example.org' } });
    const noListId = { ...listPost, 'List-Id': undefined, 'List-Post': undefined, Precedence: undefined };
    expect(plan(one, noListId)).toMatchObject({ action: 'list' });
    // Written to the list with the bot in copy: the list's copy is content, never a command.
    expect(
      plan(one, { ...noListId, To: 'rapporteur@bot.example.org', Cc: 'wsis@lists.example.org' }),
    ).toMatchObject({ action: 'list' });
  });

  it('recognises its own alert coming back through the list, even with From rewritten', () => {
    const alertId = messageIdFor('alert:scheduleChanges:7:channel:c1', 'bot.example.org');
    const back = {
      ...listPost,
      From: 'Rapporteur via WSIS+10 <wsis@lists.example.org>',
      'Reply-To': 'wsis@lists.example.org',
      'Message-ID': alertId,
    };
    expect(plan(one, back)).toMatchObject({ action: 'ignore', reason: 'own-mail' });
    const looped = { ...listPost, 'X-Loop': 'rapporteur@bot.example.org' };
    expect(plan(one, looped)).toMatchObject({ action: 'ignore', reason: 'own-mail' });
    // Another automaton's X-Loop (list software) does not make list mail ours.
    expect(isSelfMail(headersFrom({ ...listPost, 'X-Loop': 'wsis@lists.example.org' }), one.policy)).toBe(
      false,
    );
    expect(plan(one, { ...listPost, 'X-Loop': 'wsis@lists.example.org' })).toMatchObject({ action: 'list' });
  });

  it('never reads bounces, reports, list-software notices or out-of-office replies', () => {
    expect(plan(one, { ...listPost, 'Return-Path': '<>' })).toMatchObject({ reason: 'bounce' });
    expect(
      plan(one, { ...listPost, 'Content-Type': 'multipart/report; report-type=delivery-status; boundary=x' }),
    ).toMatchObject({ reason: 'delivery-report' });
    expect(plan(one, { ...listPost, From: 'wsis-owner@lists.example.org' })).toMatchObject({
      reason: 'system-sender',
    });
    expect(plan(one, { ...listPost, 'Auto-Submitted': 'auto-replied' })).toMatchObject({
      reason: 'auto-reply',
    });
    expect(plan(one, { ...listPost, 'X-Autoreply': 'yes' })).toMatchObject({ reason: 'auto-reply' });
    // A conference system's generated invitation is content.
    expect(plan(one, { ...listPost, 'Auto-Submitted': 'auto-generated' })).toMatchObject({ action: 'list' });
  });

  it('drops mail of lists it was not told about, and mail that concerns neither list nor bot', () => {
    expect(
      plan(one, { ...listPost, 'List-Id': '<other.lists.example.org>', To: 'other@lists.example.org' }),
    ).toMatchObject({
      reason: 'unknown-list',
    });
    expect(
      plan(one, {
        From: 'amina@civil.example.org',
        To: 'someone@civil.example.org',
        Subject: 'meetings upcoming',
      }),
    ).toMatchObject({ reason: 'not-addressed' });
  });

  it('takes mail to the bot as direct, with the list its alias names and a person to answer', () => {
    const direct = { From: 'Amina Diallo <amina@civil.example.org>', Subject: 'meetings upcoming' };
    expect(plan(one, { ...direct, To: 'rapporteur@bot.example.org' })).toMatchObject({
      action: 'direct',
      list: { key: 'wsis.lists.example.org' },
      replyTo: 'amina@civil.example.org',
    });
    expect(plan(two, { ...direct, To: 'rapporteur+cstd-caucus@bot.example.org' })).toMatchObject({
      action: 'direct',
      list: { key: 'cstd-caucus@lists.example.net' },
    });
    const ambiguous = plan(two, { ...direct, To: 'rapporteur@bot.example.org' });
    expect(ambiguous).toEqual({ action: 'direct', replyTo: 'amina@civil.example.org' });
    // Bulk mail to the bot is direct but may not be answered.
    expect(plan(one, { ...direct, To: 'rapporteur@bot.example.org', Precedence: 'bulk' })).toEqual({
      action: 'direct',
      list: one.lists[0],
    });
  });
});

describe('commandText', () => {
  it('finds a command in the subject, or in the first line of the body', () => {
    expect(commandText('brackets status C9', '')).toBe('brackets status C9');
    expect(commandText('/meetings upcoming', 'Thanks!')).toBe('meetings upcoming');
    expect(commandText('[WSIS] Meetings: upcoming', '')).toBe('meetings upcoming');
    expect(commandText('help', '')).toBe('rapporteur help');
    expect(commandText('Help brackets', '')).toBe('rapporteur help brackets');
    expect(commandText('A question', '\n\n  rapporteur help\nThanks, Amina')).toBe('rapporteur help');
  });

  it('does not rerun a command when someone replies to its answer', () => {
    expect(
      commandText('Re: brackets status C9', 'Thank you, very useful.\n\n> 7 brackets remain'),
    ).toBeUndefined();
    expect(commandText('Re: brackets status C9', 'brackets status C5\n> old answer')).toBe(
      'brackets status C5',
    );
    expect(commandText('Fwd: meetings upcoming', '> meetings upcoming')).toBeUndefined();
  });

  it('ignores ordinary mail', () => {
    expect(commandText('Lunch on Monday?', 'Shall we meet before the session?')).toBeUndefined();
    expect(commandText('Drafting session', 'draftee notes')).toBeUndefined();
    expect(commandText(`brackets ${'x'.repeat(2000)}`, '')).toBeUndefined();
  });

  it('is total, and only ever yields a line that starts with a command group', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 2000 }), (subject, body) => {
        const text = commandText(subject, body);
        if (text !== undefined) {
          expect(text).toMatch(/^(brackets|draft|meetings|watch|rapporteur)( |$)/);
          expect(text).not.toMatch(/[\r\n]/);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('cleanSubject', () => {
  it('removes list tags and reply or forward prefixes in any order', () => {
    expect(cleanSubject('Re: [WSIS] AW: Fwd: Invitation')).toEqual({
      text: 'Invitation',
      reply: true,
      forward: true,
    });
    expect(cleanSubject('[WSIS] Invitation')).toEqual({ text: 'Invitation', reply: false, forward: false });
  });
});

describe('stripQuotedReply', () => {
  it('keeps the new words of a reply and drops quotes, attributions, Outlook history and signatures', () => {
    const reply = [
      'We will join remotely from Sydney.',
      '',
      '-- ',
      'Amina Diallo, Geneva office',
      '+41 22 000 00 00',
    ].join('\n');
    expect(stripQuotedReply(reply)).toBe('We will join remotely from Sydney.');
    const gmail =
      'Noted, thanks.\n\nOn Thu, 5 Jun 2014 at 09:12, MPP Secretariat <mpp@wsis.example>\nwrote:\n> The meeting will take place on 9 June.';
    expect(stripQuotedReply(gmail)).toBe('Noted, thanks.');
    const outlook =
      'Noted.\n\nFrom: MPP Secretariat\nSent: Thursday, June 5, 2014 09:12\nTo: MPP participants\nSubject: Corrected invitation\n\nThe meeting will take place on 9 June.';
    expect(stripQuotedReply(outlook)).toBe('Noted.');
    expect(stripQuotedReply('Noted.\n\n-----Original Message-----\nThe meeting...')).toBe('Noted.');
    expect(stripQuotedReply('Le 5 juin 2014, MPP a écrit :\n> texte')).toBe('');
  });

  it('judges an Outlook history block by its unquoted neighbours (found by the property below)', () => {
    const text = 'From: A\n\n> quoted\n\n\nSent: now';
    expect(stripQuotedReply(text)).toBe('');
    expect(stripQuotedReply(stripQuotedReply(text))).toBe(stripQuotedReply(text));
  });

  it('keeps a forwarded message whole, since that is its content', () => {
    const forward =
      'FYI.\n\n-----Original Message-----\nFrom: MPP Secretariat\nSent: 5 June\n\nThe meeting will take place on 9 June.';
    expect(stripQuotedReply(forward, { forwarded: true })).toBe(forward);
  });

  it('is total: keeps lines in order, never a quoted one, and is idempotent', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.constantFrom(
        '> quoted',
        '-- ',
        'On Monday, X wrote:',
        'From: A',
        'Sent: now',
        '-----Original Message-----',
      ),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.boolean(), (lines, forwarded) => {
        const input = lines.join('\n');
        const out = stripQuotedReply(input, { forwarded });
        const kept = out === '' ? [] : out.split('\n');
        expect(kept.some((l) => /^\s*>/.test(l))).toBe(false);
        let at = 0;
        const source = input.split(/\r?\n/);
        for (const l of kept) {
          while (at < source.length && source[at] !== l) at++;
          expect(at).toBeLessThan(source.length);
          at++;
        }
        expect(stripQuotedReply(out, { forwarded })).toBe(out);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('revisionKeyOf', () => {
  const triage = (headers: Record<string, string>) => triageInbound(mail(headers), one);
  it('one key per thread and sender, without the address in it', () => {
    const first = triage({ From: 'mpp@wsis.example', 'Message-ID': '<inv@wsis.example>' });
    const correction = triage({
      From: 'MPP <mpp@wsis.example>',
      'Message-ID': '<corr@wsis.example>',
      'In-Reply-To': '<inv@wsis.example>',
    });
    const answer = triage({
      From: 'amina@civil.example.org',
      'Message-ID': '<a@civil.example.org>',
      References: '<inv@wsis.example> <corr@wsis.example>',
    });
    expect(revisionKeyOf(correction)).toBe(revisionKeyOf(first));
    expect(revisionKeyOf(answer)).not.toBe(revisionKeyOf(first));
    expect(revisionKeyOf(answer)).toMatch(/^mail:<inv@wsis\.example>:[0-9a-f]{16}$/);
    expect(revisionKeyOf(answer)).not.toContain('amina');
  });
});
