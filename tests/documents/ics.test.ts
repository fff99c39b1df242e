import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { resolveTimeZone, windowsZoneToIana } from '../../src/core/documents/windows-zones.js';
import { createExtractor } from '../../src/extract/sandbox.js';
import { INVITATION_ICS } from './fixtures.js';
import { expectInvariant, extract, failure } from './helpers.js';

/** A calendar around the given lines (events, time zones). */
const cal = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Rapporteur tests//EN', ...lines, 'END:VCALENDAR', ''].join(
    '\r\n',
  );

const event = (...lines: string[]) => ['BEGIN:VEVENT', 'DTSTAMP:20140603T120000Z', ...lines, 'END:VEVENT'];

describe('iCalendar: the corrected invitation', () => {
  it('reads UID, SEQUENCE, METHOD, STATUS and the times in the Windows zone mapped to IANA', async () => {
    const doc = await extract(INVITATION_ICS, 'mpp6.ics');
    expectInvariant(doc);
    expect(doc.events).toHaveLength(1);
    expect(doc.events[0]).toEqual({
      uid: 'wsis10-mpp6-20140609@itu.example.org',
      sequence: 1,
      method: 'REQUEST',
      status: 'CONFIRMED',
      summary: 'Sixth meeting of the WSIS+10 MPP (corrected)',
      description: 'Corrected invitation: the meeting ends at 16:00, as in the signed letter of 3 June.',
      location: 'ITU headquarters, Room K, Geneva',
      organizer: 'WSIS+10 MPP Chair <wsis-chair@itu.example.org>',
      start: {
        local: '2014-06-09T14:00:00',
        timeZone: 'Europe/Berlin',
        sourceTimeZone: 'W. Europe Standard Time',
        utc: '2014-06-09T12:00:00Z',
        dateOnly: false,
        floating: false,
      },
      end: {
        local: '2014-06-09T16:00:00',
        timeZone: 'Europe/Berlin',
        sourceTimeZone: 'W. Europe Standard Time',
        utc: '2014-06-09T14:00:00Z',
        dateOnly: false,
        floating: false,
      },
      stamp: '2014-06-04T08:15:00Z',
    });
    expect(doc.warnings).toEqual([]);
    expect(doc.text).toContain(
      'Sixth meeting of the WSIS+10 MPP (corrected)\nWhen: 2014-06-09 14:00 Europe/Berlin',
    );
  });
});

describe('iCalendar: times and zones', () => {
  it('converts IANA zones without a VTIMEZONE, UTC values, all-day and floating values', async () => {
    const doc = await extract(
      cal(
        ...event('UID:a', 'SUMMARY:Zurich', 'DTSTART;TZID=Europe/Zurich:20140609T140000', 'DURATION:PT2H'),
        ...event('UID:b', 'SUMMARY:UTC', 'DTSTART:20140609T120000Z'),
        ...event('UID:c', 'SUMMARY:All day', 'DTSTART;VALUE=DATE:20140609', 'DTEND;VALUE=DATE:20140610'),
        ...event('UID:d', 'SUMMARY:Floating', 'DTSTART:20140609T140000'),
        ...event('UID:e', 'SUMMARY:Paris', 'DTSTART;TZID=Romance Standard Time:20140101T090000'),
      ),
      'times.ics',
    );
    const byUid = Object.fromEntries(doc.events.map((e) => [e.uid, e]));
    expect(byUid.a?.start).toMatchObject({ timeZone: 'Europe/Zurich', utc: '2014-06-09T12:00:00Z' });
    expect(byUid.a?.end).toMatchObject({ local: '2014-06-09T16:00:00', utc: '2014-06-09T14:00:00Z' });
    expect(byUid.a?.start.sourceTimeZone).toBeUndefined();
    expect(byUid.b?.start).toEqual({
      local: '2014-06-09T12:00:00',
      timeZone: 'Etc/UTC',
      utc: '2014-06-09T12:00:00Z',
      dateOnly: false,
      floating: false,
    });
    expect(byUid.c?.start).toEqual({ local: '2014-06-09', dateOnly: true, floating: false });
    expect(byUid.d?.start).toEqual({ local: '2014-06-09T14:00:00', dateOnly: false, floating: true });
    // Winter: Paris is UTC+1.
    expect(byUid.e?.start).toMatchObject({
      timeZone: 'Europe/Paris',
      sourceTimeZone: 'Romance Standard Time',
      utc: '2014-01-01T08:00:00Z',
    });
  });

  it('understands vendor-prefixed and Outlook display-name TZIDs', async () => {
    const doc = await extract(
      cal(
        ...event('UID:m', 'DTSTART;TZID=/mozilla.org/20050126_1/Europe/Zurich:20140609T140000'),
        ...event(
          'UID:o',
          'DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20140609T140000',
        ),
      ),
      'prefixed.ics',
    );
    expect(doc.events.map((e) => [e.start.timeZone, e.start.utc])).toEqual([
      ['Europe/Zurich', '2014-06-09T12:00:00Z'],
      ['Europe/Amsterdam', '2014-06-09T12:00:00Z'],
    ]);
  });

  it('keeps times in an unknown zone as written, without inventing an instant, and warns once', async () => {
    const doc = await extract(
      cal(
        ...event('UID:x', 'DTSTART;TZID=Sharm el-Sheikh local:20140413T100000'),
        ...event('UID:y', 'DTSTART;TZID=Sharm el-Sheikh local:20140414T100000'),
      ),
      'unknown.ics',
    );
    expect(doc.events[0]?.start).toEqual({
      local: '2014-04-13T10:00:00',
      sourceTimeZone: 'Sharm el-Sheikh local',
      dateOnly: false,
      floating: false,
    });
    expect(doc.warnings.filter((w) => w.code === 'ics.unknown-zone')).toHaveLength(1);
  });

  it('uses the file’s own VTIMEZONE and warns when it disagrees with the IANA rules', async () => {
    const doc = await extract(
      cal(
        'BEGIN:VTIMEZONE',
        'TZID:Europe/Zurich',
        'BEGIN:STANDARD',
        'DTSTART:19700101T000000',
        'TZOFFSETFROM:+0300',
        'TZOFFSETTO:+0300',
        'END:STANDARD',
        'END:VTIMEZONE',
        ...event('UID:z', 'DTSTART;TZID=Europe/Zurich:20140609T140000'),
      ),
      'odd-zone.ics',
    );
    expect(doc.events[0]?.start.utc).toBe('2014-06-09T11:00:00Z');
    expect(doc.warnings.map((w) => w.code)).toContain('ics.zone-disagrees');
  });

  it('maps every Windows zone in the table to a zone this runtime knows', () => {
    expect(windowsZoneToIana('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(windowsZoneToIana('  romance standard time ')).toBe('Europe/Paris');
    expect(windowsZoneToIana('AUS Eastern Standard Time')).toBe('Australia/Sydney');
    expect(windowsZoneToIana('Middle Earth Standard Time')).toBeUndefined();
    for (const name of [
      'Pacific Standard Time',
      'India Standard Time',
      'E. South America Standard Time',
      'Egypt Standard Time',
    ]) {
      const iana = windowsZoneToIana(name) as string;
      expect(() => new Intl.DateTimeFormat('en', { timeZone: iana })).not.toThrow();
    }
    expect(resolveTimeZone('Europe/Geneva')).toEqual({ how: 'unknown' });
    expect(resolveTimeZone('UTC').iana).toBe('UTC');
  });
});

describe('iCalendar: recurrence', () => {
  const weekly = (...extra: string[]) =>
    cal(
      ...event(
        'UID:weekly-caucus',
        'SUMMARY:Civil society caucus call',
        'DTSTART;TZID=Europe/Zurich:20140505T070000',
        'DTEND;TZID=Europe/Zurich:20140505T080000',
        ...extra,
      ),
      ...event(
        'UID:weekly-caucus',
        'RECURRENCE-ID;TZID=Europe/Zurich:20140519T070000',
        'SUMMARY:Civil society caucus call (moved for the CSTD session)',
        'DTSTART;TZID=Europe/Zurich:20140520T180000',
        'DTEND;TZID=Europe/Zurich:20140520T190000',
        'SEQUENCE:2',
      ),
    );

  it('expands RRULE with COUNT, applies EXDATE and the RECURRENCE-ID override', async () => {
    const doc = await extract(
      weekly('RRULE:FREQ=WEEKLY;COUNT=6', 'EXDATE;TZID=Europe/Zurich:20140512T070000'),
      'caucus.ics',
    );
    expect(doc.events.map((e) => [e.start.local, e.occurrence, e.summary])).toEqual([
      ['2014-05-05T07:00:00', 0, 'Civil society caucus call'],
      ['2014-05-20T18:00:00', 1, 'Civil society caucus call (moved for the CSTD session)'],
      ['2014-05-26T07:00:00', 2, 'Civil society caucus call'],
      ['2014-06-02T07:00:00', 3, 'Civil society caucus call'],
      ['2014-06-09T07:00:00', 4, 'Civil society caucus call'],
    ]);
    const moved = doc.events[1];
    expect(moved?.recurrenceId).toBe('2014-05-19T05:00:00Z');
    expect(moved?.sequence).toBe(2);
    expect(moved?.end?.local).toBe('2014-05-20T19:00:00');
    expect(new Set(doc.events.map((e) => e.uid))).toEqual(new Set(['weekly-caucus']));
    expect(doc.events[0]?.rrule).toBe('FREQ=WEEKLY;COUNT=6');
  });

  it('bounds an endless rule to one year by default', async () => {
    const doc = await extract(weekly('RRULE:FREQ=WEEKLY'), 'endless.ics');
    expect(doc.events).toHaveLength(53);
    expect(doc.events.at(-1)?.start.local).toBe('2015-05-04T07:00:00');
  });

  it('honours an explicit window and occurrence cap, with a warning when cut', async () => {
    const doc = await extract(weekly('RRULE:FREQ=DAILY'), 'daily.ics', {
      recurrenceWindow: { start: '2014-06-01T00:00:00Z', end: '2014-07-01T00:00:00Z', maxOccurrences: 10 },
    });
    expect(doc.events).toHaveLength(10);
    expect(doc.events[0]?.start.local).toBe('2014-06-01T07:00:00');
    expect(doc.warnings.map((w) => w.code)).toContain('ics.recurrence-truncated');
  });

  it('refuses to expand a rule that can never produce an occurrence, quickly', async () => {
    const started = performance.now();
    const doc = await extract(
      cal(...event('UID:never', 'DTSTART:20140601T100000Z', 'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30')),
      'never.ics',
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(doc.events).toHaveLength(1);
    expect(doc.warnings.map((w) => w.code)).toEqual(['ics.recurrence-not-expanded']);
  });
});

describe('iCalendar: methods and bad input', () => {
  it('reads a cancellation', async () => {
    const doc = await extract(
      cal(
        'METHOD:CANCEL',
        ...event(
          'UID:hle-sharm',
          'SEQUENCE:3',
          'STATUS:CANCELLED',
          'SUMMARY:High Level Event, Sharm el-Sheikh',
          'DTSTART;VALUE=DATE:20140413',
        ),
      ),
      'cancel.ics',
    );
    expect(doc.events[0]).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', sequence: 3 });
  });

  it('skips an event without DTSTART with a warning and keeps the others', async () => {
    const doc = await extract(
      cal(...event('UID:broken', 'SUMMARY:No start'), ...event('UID:ok', 'DTSTART:20140609T120000Z')),
      'partial.ics',
    );
    expect(doc.events.map((e) => e.uid)).toEqual(['ok']);
    expect(doc.warnings).toEqual([
      expect.objectContaining({ code: 'ics.no-start', message: expect.stringContaining('broken') }),
    ]);
  });

  it('says CORRUPT_FILE for text that is not a calendar', async () => {
    const err = await failure(extract('BEGIN:VCALENDAR\r\nthis is not a property line\r\n', 'bad.ics'));
    expect(err.code).toBe('CORRUPT_FILE');
    expect(err.message).toMatch(/^bad\.ics is not a valid iCalendar file/);
    expect(err.hint).toMatch(/Export the event again/);
  });

  it('warns, without failing, when a calendar has no events', async () => {
    const doc = await extract(cal('BEGIN:VTODO', 'UID:t', 'SUMMARY:Send comments', 'END:VTODO'), 'todo.ics');
    expect(doc.events).toEqual([]);
    expect(doc.warnings.map((w) => w.code)).toEqual(['ics.no-events']);
  });
});

describe('iCalendar: recurrence rules that make ical.js loop are refused (run in the sandbox, so a hang fails fast)', () => {
  const extractor = createExtractor({ ...loadConfig({}).limits, extractTimeoutMs: 5000 });
  afterAll(() => extractor.close());
  const calendarWith = (rule: string, allDay: boolean) =>
    new TextEncoder().encode(
      cal(
        ...event(
          'UID:r',
          allDay ? 'DTSTART;VALUE=DATE:20140609' : 'DTSTART;TZID=Europe/Zurich:20140609T140000',
          `RRULE:${rule}`,
        ),
      ),
    );

  it('refuses the rules found to hang, listing the first occurrence', async () => {
    for (const [rule, allDay] of [
      ['FREQ=HOURLY;BYDAY=-53TU', false],
      ['FREQ=DAILY;BYMONTHDAY=-1', false],
      ['FREQ=HOURLY;BYHOUR=2;BYSETPOS=-249', false],
      ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6', false],
      ['FREQ=HOURLY;BYHOUR=1', true],
    ] as const) {
      const doc = await extractor.extract(calendarWith(rule, allDay), { name: 'rule.ics' });
      expect(doc.events, rule).toHaveLength(1);
      expect(
        doc.warnings.map((w) => w.code),
        rule,
      ).toEqual(['ics.recurrence-not-expanded']);
    }
  }, 60_000);

  it('finishes every random rule quickly (property)', async () => {
    const freq = fc.constantFrom('YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY');
    const part = fc.oneof(
      fc.integer({ min: -40, max: 40 }).map((n) => `BYMONTHDAY=${n}`),
      fc.integer({ min: 0, max: 13 }).map((n) => `BYMONTH=${n}`),
      fc.integer({ min: -400, max: 400 }).map((n) => `BYYEARDAY=${n}`),
      fc.integer({ min: -60, max: 60 }).map((n) => `BYWEEKNO=${n}`),
      fc.integer({ min: -10, max: 10 }).map((n) => `BYSETPOS=${n}`),
      fc.constantFrom('BYDAY=MO', 'BYDAY=-1SU', 'BYDAY=5FR', 'BYDAY=53MO', 'BYDAY=SA,SU', 'WKST=SU'),
      fc.integer({ min: -1, max: 25 }).map((n) => `BYHOUR=${n}`),
      fc.integer({ min: 1, max: 50 }).map((n) => `INTERVAL=${n}`),
      fc.integer({ min: 1, max: 1000 }).map((n) => `COUNT=${n}`),
    );
    await fc.assert(
      fc.asyncProperty(freq, fc.array(part, { maxLength: 3 }), fc.boolean(), async (f, parts, allDay) => {
        const rule = [`FREQ=${f}`, ...parts].join(';');
        try {
          await extractor.extract(calendarWith(rule, allDay), { name: 'rule.ics' });
        } catch (err) {
          expect((err as { code?: string }).code, rule).not.toBe('TIMEOUT');
        }
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});
