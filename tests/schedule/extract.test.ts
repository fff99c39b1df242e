import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalendarEvent, Document } from '../../src/core/documents/types.js';
import {
  claimsFromEvents,
  extractClaims,
  type MeetingClaim,
  reconcile,
} from '../../src/core/schedule/index.js';
import { claimsOf, emailDoc, fixtureDoc, source, textDoc } from './helpers.js';

const byOrdinal = (claims: MeetingClaim[], n: number) => claims.find((c) => c.ordinal?.value === n);

/** Every piece of evidence quotes the document verbatim at the place it says. */
function expectVerbatim(doc: Document, claims: MeetingClaim[]) {
  const evidence = claims.flatMap((c) => [
    ...(c.title?.evidence ?? []),
    ...(c.dates?.evidence ?? []),
    ...(c.zone?.evidence ?? []),
    ...(c.venue?.evidence ?? []),
    ...(c.status?.evidence ?? []),
    ...c.sessions.flatMap((s) => s.evidence),
  ]);
  expect(evidence.length).toBeGreaterThan(0);
  for (const e of evidence) {
    if (e.offset === undefined) continue;
    expect(doc.text.slice(e.offset, e.offset + e.text.length)).toBe(e.text);
    const before = doc.text.slice(0, e.offset);
    expect(e.line).toBe(before.split('\n').length);
  }
}

describe('the invitation letter (the PDF of the sixth meeting)', () => {
  const doc = fixtureDoc('2014-06-03-mpp6-invitation.txt');
  const { claims, diagnostics } = extractClaims(doc, source('invitation.pdf', { kind: 'pdf' }));
  const sixth = byOrdinal(claims, 6);

  it('names the meeting: series MPP, number 6', () => {
    expect(sixth?.series?.value).toBe('MPP');
    expect(sixth?.title?.value).toMatch(
      /^sixth meeting of the WSIS\+10 Multistakeholder Preparatory Platform/,
    );
  });
  it('states 9 June 2014, 14:00-16:00 in Geneva, with Geneva time from the venue', () => {
    expect(sixth?.dates?.value).toEqual({ start: '2014-06-09', end: '2014-06-09' });
    expect(sixth?.sessions).toHaveLength(1);
    expect(sixth?.sessions[0]).toMatchObject({
      date: '2014-06-09',
      start: '14:00',
      end: '16:00',
      startAt: '2014-06-09T14:00:00+02:00',
      endAt: '2014-06-09T16:00:00+02:00',
    });
    expect(sixth?.zone?.value).toEqual({ zone: 'Europe/Zurich', basis: 'venue', inferred: true });
    expect(sixth?.venue?.value).toMatchObject({
      city: 'Geneva',
      building: 'ITU Headquarters',
      mode: 'in-person',
    });
  });
  it('takes the letter date as the source date, and does not read it as the meeting date', () => {
    expect(sixth?.source.date).toBe('2014-06-03');
  });
  it('also records what it says about the fifth meeting, separately', () => {
    expect(byOrdinal(claims, 5)?.dates?.value).toEqual({ start: '2014-05-28', end: '2014-05-31' });
    expect(byOrdinal(claims, 5)?.venue?.value.city).toBe('Geneva');
  });
  it('quotes its evidence verbatim', () => {
    expectVerbatim(doc, claims);
    expect(sixth?.sessions[0]?.evidence.map((e) => e.text)).toContain('14:00 to 16:00');
  });
  it('has nothing to complain about', () => {
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });
});

describe('the web page and the corrected e-mail', () => {
  it('the web page says 14:00-18:00, "Geneva time" as its stated zone', () => {
    const c = byOrdinal(claimsOf('2014-06-03-mpp6-webpage.md', { kind: 'web' }), 6);
    expect(c?.sessions[0]).toMatchObject({ start: '14:00', end: '18:00' });
    expect(c?.zone?.value).toMatchObject({ zone: 'Europe/Zurich', basis: 'abbreviation' });
    expect(c?.source.date).toBe('2014-06-03');
  });
  it('the e-mail is a correction, dated by its Date header', () => {
    const c = byOrdinal(claimsOf('2014-06-05-mpp6-corrected-email.txt', { kind: 'email' }), 6);
    expect(c?.correction?.value).toBe('corrected');
    expect(c?.sessions[0]).toMatchObject({ start: '14:00', end: '18:00' });
    expect(c?.source.date).toBe('2014-06-05');
    // "The signed invitation of 3 June gave 16:00 ..." is about the letter, not a meeting date.
    expect(c?.dates?.value).toEqual({ start: '2014-06-09', end: '2014-06-09' });
  });
  it('an e-mail document takes its subject as title and its Date header as the source date', () => {
    const doc = emailDoc('The sixth meeting will take place on 9 June from 14:00 to 18:00 in Geneva.', {
      subject: 'Corrected invitation: sixth MPP meeting',
      date: '2014-06-05T09:12:00+02:00',
    });
    const [c] = extractClaims(doc, source('mail.eml', { kind: 'email' })).claims;
    expect(c).toMatchObject({
      title: { value: 'sixth MPP meeting' },
      ordinal: { value: 6 },
      correction: { value: 'corrected' },
    });
    expect(c?.dates?.value.start).toBe('2014-06-09');
  });
});

describe('a one-sentence announcement typed in a channel', () => {
  it('reads the date and the times of the sentence, and names the meeting by its identity', () => {
    const doc = textDoc(
      'The sixth meeting of the MPP will take place on Monday 9 June 2014 from 14:00 to 18:00 at ITU Headquarters, Geneva.',
    );
    const claims = extractClaims(doc, source('chat', { kind: 'chat' })).claims;
    const sixth = byOrdinal(claims, 6);
    expect(sixth?.title?.value).toBe('Sixth meeting of the MPP');
    expect(sixth?.sessions.map((x) => [x.date, x.start, x.end])).toEqual([['2014-06-09', '14:00', '18:00']]);
    expect(sixth?.sessions[0]?.startAt).toBe('2014-06-09T14:00:00+02:00');
  });

  it('reads the venue of a sentence wrapped across lines, without its prepositions', () => {
    const doc = textDoc(
      'The sixth meeting of the MPP on Monday 9 June 2014 will now start at 15:00 and end at 18:00 at\nITU Headquarters, Geneva (Popov Room).',
      'text',
    );
    const sixth = byOrdinal(extractClaims(doc, source('notice.txt')).claims, 6);
    expect(sixth?.venue?.value).toMatchObject({ city: 'Geneva', building: 'ITU Headquarters' });
  });
});

describe('lists of meetings', () => {
  it('a schedule page gives one claim per meeting, numbered or titled', () => {
    const claims = claimsOf('2013-09-20-mpp-schedule.md', { kind: 'web' });
    expect(
      claims.map((c) => [c.ordinal?.value ?? c.title?.value, c.dates?.value.start, c.venue?.value.city]),
    ).toEqual([
      [1, '2013-10-07', 'Geneva'],
      [2, '2013-12-16', 'Geneva'],
      [3, '2014-02-17', 'Geneva'],
      ['WSIS+10 High-Level Event', '2014-04-13', 'Sharm el-Sheikh'],
    ]);
  });
  it('a note about a listed meeting marks it as moved', () => {
    const hle = claimsOf('2014-02-25-mpp-schedule.md').find(
      (c) => c.title?.value === 'WSIS+10 High-Level Event',
    );
    expect(hle?.correction?.value).toBe('rescheduled');
    expect(hle?.dates?.value).toEqual({ start: '2014-06-10', end: '2014-06-13' });
  });
  it('other events: numbered (ICANN 50, WTDC-14, PP-14) and titled (NETmundial)', () => {
    const claims = claimsOf('2014-other-events.md');
    const ids = claims.map((c) => (c.ordinal ? `${c.series?.value}-${c.ordinal.value}` : c.title?.value));
    expect(ids).toEqual([
      'ICANN-49',
      'WTDC-14',
      'NETmundial',
      'CSTD working group on enhanced cooperation',
      'CSTD-17',
      'ICANN-50',
      'ECOSOC substantive session',
      'Internet Governance Forum',
      'ICANN-51',
      'PP-14',
    ]);
    expect(claims.find((c) => c.title?.value === 'NETmundial')?.venue?.value.city).toBe('Sao Paulo');
  });
});

describe('programmes, weekdays and long nights', () => {
  const claims = claimsOf('2014-05-16-mpp5-venue.md');
  const fifth = byOrdinal(claims, 5);
  it('reads the daily programme, each day its morning and afternoon sittings, the break kept', () => {
    expect(fifth?.sessions.map((s) => [s.date, s.start, s.end, s.endDate])).toEqual([
      ['2014-05-28', '10:00', '13:00', undefined],
      ['2014-05-28', '15:00', '18:00', undefined],
      ['2014-05-29', '10:00', '13:00', undefined],
      ['2014-05-29', '15:00', '18:00', undefined],
      ['2014-05-30', '10:00', '13:00', undefined],
      ['2014-05-30', '15:00', '18:00', undefined],
      ['2014-05-31', '10:00', '13:00', undefined],
      ['2014-05-31', '15:00', '01:30', '2014-06-01'],
    ]);
    expect(fifth?.sessions[7]?.endAt).toBe('2014-06-01T01:30:00+02:00');
  });
  it('takes "All times are Geneva time" as the stated zone, and the new venue of the move', () => {
    expect(fifth?.zone?.value).toMatchObject({ zone: 'Europe/Zurich', basis: 'abbreviation' });
    expect(fifth?.venue?.value.city).toBe('Geneva');
    expect(fifth?.correction?.value).toBe('rescheduled');
  });
  it('flags a weekday that contradicts its date', () => {
    const doc = textDoc(
      '# Sixth MPP meeting\n\nThe sixth meeting of the MPP will take place on Tuesday 9 June 2014 from 14:00 to 16:00 in Geneva.\n',
    );
    const r = extractClaims(doc, source('wrong-weekday.md'));
    const d = r.diagnostics.find((x) => x.code === 'schedule.weekday-mismatch');
    expect(d?.message).toMatch(/Tuesday.*9 June 2014, a Monday/);
    expect(doc.text.slice(d?.offset, (d?.offset ?? 0) + 7)).toBe('Tuesday');
    expect(r.claims[0]?.dates?.uncertain).toMatch(/Tuesday/);
  });
});

describe('years, zones and things the reader cannot know', () => {
  it('"10-13 June" takes its year from the document date', () => {
    const doc = textDoc(
      '# WSIS+10 High-Level Event\n\nPosted: 20 February 2014\n\nThe High-Level Event will be held on 10-13 June in Geneva.\n',
    );
    const [c] = extractClaims(doc, source('hle.md')).claims;
    expect(c?.dates?.value).toEqual({ start: '2014-06-10', end: '2014-06-13' });
    expect(c?.dates?.uncertain).toBeUndefined();
  });
  it('without any date in or on the document, the year is assumed and said to be', () => {
    const doc = textDoc(
      '# WSIS+10 High-Level Event\n\nThe High-Level Event will be held on 10-13 June in Geneva.\n',
    );
    const r = extractClaims(doc, source('hle.md', { seenAt: '2014-03-01T10:00:00Z' }));
    expect(r.claims[0]?.dates?.value.start).toBe('2014-06-10');
    expect(r.claims[0]?.dates?.uncertain).toMatch(/no year stated/);
    expect(r.diagnostics.map((d) => d.code)).toContain('schedule.year-assumed');
  });
  it('times without a zone or a known venue stay local wall-clock times, with a diagnostic', () => {
    const doc = textDoc(
      '# Informal consultation\n\nThe consultation will take place on 11 June 2014 from 10:00 to 12:00.\n',
    );
    const r = extractClaims(doc, source('c.md'));
    expect(r.claims[0]?.zone).toBeUndefined();
    expect(r.claims[0]?.sessions[0]).toMatchObject({ start: '10:00', end: '12:00' });
    expect(r.claims[0]?.sessions[0]?.startAt).toBeUndefined();
    expect(r.diagnostics.find((d) => d.code === 'schedule.zone-unknown')?.message).toMatch(/10:00/);
  });
  it('uses the process default zone when given, and says so', () => {
    const doc = textDoc(
      '# Informal consultation\n\nThe consultation will take place on 11 June 2014 from 10:00 to 12:00.\n',
    );
    const r = extractClaims(doc, source('c.md'), { defaultTimeZone: 'Europe/Zurich' });
    expect(r.claims[0]?.zone?.value).toEqual({ zone: 'Europe/Zurich', basis: 'default', inferred: true });
    expect(r.claims[0]?.sessions[0]?.startAt).toBe('2014-06-11T10:00:00+02:00');
  });
  it('"1300-1415 UTC" on a date heading', () => {
    const doc = textDoc(
      '# HTTP Working Group Interim Meeting Agenda - May 2020\n\n## 19 May 2020, [13:00-14:15 UTC](https://example.org/?iso=20200519T13)\n\n* 3 min - Blue sheets\n',
    );
    const [c] = extractClaims(doc, source('interim.md')).claims;
    expect(c?.sessions[0]).toMatchObject({ start: '13:00', end: '14:15', startAt: '2020-05-19T13:00:00Z' });
  });
  it('reports impossible dates and times with the quoted text', () => {
    const doc = textDoc(
      '# Sixth MPP meeting\n\nThe sixth meeting of the MPP will take place on 31 June 2014 from 25:00 to 26:00 in Geneva.\n',
    );
    const r = extractClaims(doc, source('bad.md'));
    expect(r.diagnostics.find((d) => d.code === 'schedule.invalid-date')?.message).toMatch(/"31 June 2014"/);
    expect(r.diagnostics.find((d) => d.code === 'schedule.invalid-time')?.message).toMatch(/25:00/);
    expect(r.claims[0]?.dates).toBeUndefined();
  });
});

describe('meetings within a meeting', () => {
  it('two working groups at the same IETF meeting are two meetings', () => {
    const wg = (name: string, day: string) =>
      extractClaims(
        textDoc(`# ${name} Working Group Agenda - IETF 103\n\n## ${day}\n\n_9:00-11:00 Morning session I_\n`),
        source(`${name}.md`),
      ).claims;
    const http = wg('HTTP', 'Tuesday, 6 November 2018');
    const quic = wg('QUIC', 'Thursday, 8 November 2018');
    expect(http[0]?.series?.value).toBe('IETF HTTP');
    expect(reconcile([...http, ...quic]).meetings.map((m) => m.id)).toEqual(['ietfhttp#103', 'ietfquic#103']);
  });
});

describe('status words', () => {
  it('a cancellation notice cancels the meeting it names', () => {
    const [c] = claimsOf('2014-06-10-c5-cancelled.txt', { kind: 'chat' });
    expect(c).toMatchObject({
      title: { value: 'Informal consultation on Action Line C5' },
      status: { value: 'cancelled' },
    });
    expect(c?.dates?.value.start).toBe('2014-06-11');
  });
  it('an agenda item that was postponed or cancelled does not change the meeting', () => {
    const doc = textDoc(
      '# Agenda for the 53rd meeting of Ecma TC39\n\n- **Dates**: 26-28 July 2016\n- **Location**: Redmond, WA\n\n## Agenda items\n\n1. enum (Rick) Postponed until next meeting\n2. Intl update (cancelled)\n3. Normative: fix a correction in the spec\n',
    );
    const [c] = extractClaims(doc, source('agenda.md')).claims;
    expect(c?.status).toBeUndefined();
    expect(c?.correction).toBeUndefined();
    expect(c?.ordinal?.value).toBe(53);
  });
});

describe('calendar events', () => {
  const base: CalendarEvent = {
    uid: 'mpp6-2014@wsis.example',
    sequence: 0,
    method: 'REQUEST',
    summary: 'Sixth MPP meeting',
    location: 'ITU Headquarters, Popov Room, Geneva',
    start: {
      local: '2014-06-09T14:00:00',
      timeZone: 'Europe/Zurich',
      utc: '2014-06-09T12:00:00Z',
      dateOnly: false,
      floating: false,
    },
    end: {
      local: '2014-06-09T18:00:00',
      timeZone: 'Europe/Zurich',
      utc: '2014-06-09T16:00:00Z',
      dateOnly: false,
      floating: false,
    },
  };
  it('one claim per event, with UID, number from the summary, zone from the calendar', () => {
    const { claims } = claimsFromEvents([base], source('invite.ics', { kind: 'ics' }));
    expect(claims[0]).toMatchObject({
      uid: { value: base.uid },
      ordinal: { value: 6 },
      series: { value: 'MPP' },
      revisionKey: `ical:${base.uid}`,
      revision: 0,
    });
    expect(claims[0]?.sessions[0]).toMatchObject({
      date: '2014-06-09',
      start: '14:00',
      end: '18:00',
      startAt: '2014-06-09T14:00:00+02:00',
    });
    expect(claims[0]?.zone?.value).toEqual({ zone: 'Europe/Zurich', basis: 'calendar' });
    expect(claims[0]?.correction).toBeUndefined();
  });
  it('an update (SEQUENCE above 0) is a calendar correction; a CANCEL cancels', () => {
    const { claims } = claimsFromEvents(
      [
        { ...base, sequence: 1 },
        { ...base, sequence: 2, method: 'CANCEL' },
      ],
      source('updates.ics'),
    );
    expect(claims[0]?.correction?.value).toBe('calendar-update');
    expect(claims[1]?.status?.value).toBe('cancelled');
  });
  it('all-day events end the day before DTEND; replies are not schedule facts', () => {
    const { claims, diagnostics } = claimsFromEvents(
      [
        {
          ...base,
          uid: 'hle',
          summary: 'WSIS+10 High-Level Event',
          start: { local: '2014-06-10', dateOnly: true, floating: false },
          end: { local: '2014-06-14', dateOnly: true, floating: false },
        },
        { ...base, uid: 'reply', method: 'REPLY' },
      ],
      source('x.ics'),
    );
    expect(claims).toHaveLength(1);
    expect(claims[0]?.dates?.value).toEqual({ start: '2014-06-10', end: '2014-06-13' });
    expect(diagnostics[0]?.code).toBe('schedule.calendar-reply');
  });
  it('a document with events is read through them, the subject adding markers', () => {
    const doc: Document = {
      ...emailDoc('See the attached invitation.', { subject: 'Corrected invitation: sixth MPP meeting' }),
      events: [{ ...base, sequence: 0 }],
    };
    const [c] = extractClaims(doc, source('mail.eml')).claims;
    expect(c?.correction?.value).toBe('corrected');
  });
});

describe('hostile and odd input', () => {
  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400 }),
        fc.constantFrom<'markdown' | 'text'>('markdown', 'text'),
        (text, type) => {
          const r = extractClaims(textDoc(text, type), source('x'));
          expect(Array.isArray(r.claims)).toBe(true);
          expect(r.diagnostics.every((d) => d.code !== 'schedule.internal')).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
  it('never throws on announcement-like noise', () => {
    const piece = fc.constantFrom(
      '# ',
      '- **Dates**: ',
      'on ',
      '9 June 2014',
      '14:00-18:00',
      ' PDT',
      ' (UTC -5)',
      ' (America/Chicago)',
      'Geneva',
      'sixth meeting of the MPP',
      'MPP-6: ',
      '\n',
      '\n\n',
      'cancelled',
      'TIME: ',
      '    ',
      'Saturday 31 May: ',
      '15:00-01:30',
      '|',
      ' | ',
      '[x](http://a/2014-01-01)',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        const r = extractClaims(textDoc(parts.join('')), source('noise'));
        expect(r.diagnostics.every((d) => d.code !== 'schedule.internal')).toBe(true);
        for (const c of r.claims) for (const s of c.sessions) expect(s.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
      { numRuns: 400 },
    );
  });
  it('stays fast on a large document (linear, no pathological regex)', () => {
    const para =
      'The sixth meeting of the MPP will take place on Monday 9 June 2014 from 14:00 to 16:00 at ITU Headquarters, Geneva (Popov Room). ';
    const text = `# Big\n\n${Array.from({ length: 3000 }, () => para).join('\n\n')}\n${'a'.repeat(100_000)} ${'9 '.repeat(20_000)}`;
    const t0 = performance.now();
    const r = extractClaims(textDoc(text), source('big.md'));
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.claims.length).toBeGreaterThan(0);
  });
  it('an empty document gives no claims and says so', () => {
    const r = extractClaims(textDoc(''), source('empty.md'));
    expect(r.claims).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['schedule.no-meeting']);
  });
});
