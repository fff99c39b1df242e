import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  completeYear,
  daysBetween,
  formatDateSpan,
  weekdayOf,
} from '../../src/core/schedule/calendar.js';
import { findDates } from '../../src/core/schedule/dates.js';

/** The first date found, as numbers (year may be missing). */
function first(text: string) {
  const m = findDates(text).mentions[0];
  if (!m) return undefined;
  return {
    text: m.text,
    start: [m.start.year, m.start.month, m.start.day],
    end: [m.end.year, m.end.month, m.end.day],
  };
}

describe('date shapes announcements use', () => {
  it.each([
    ['7-8 October 2013', [2013, 10, 7], [2013, 10, 8]],
    ['30 April - 2 May 2014', [2014, 4, 30], [2014, 5, 2]],
    ['March 31 - April 2, 2020', [2020, 3, 31], [2020, 4, 2]],
    ['from 29 June to 4 July 2014', [2014, 6, 29], [2014, 7, 4]],
    ['21 – 23 May 2013', [2013, 5, 21], [2013, 5, 23]],
    ['December 3-5, 2019', [2019, 12, 3], [2019, 12, 5]],
    ['October 1st-3rd, 2019', [2019, 10, 1], [2019, 10, 3]],
    ['24 - 26, Mar. 2015', [2015, 3, 24], [2015, 3, 26]],
    ['17 - 19 Sept. 2013', [2013, 9, 17], [2013, 9, 19]],
    ['Tuesday 19 July 2022', [2022, 7, 19], [2022, 7, 19]],
    ['9th June 2014', [2014, 6, 9], [2014, 6, 9]],
    ['Monday, 23 May 2016 to Wednesday, 25 May 2016', [2016, 5, 23], [2016, 5, 25]],
    ['January 30-February 1, 2013', [2013, 1, 30], [2013, 2, 1]],
    ['2026-07-20', [2026, 7, 20], [2026, 7, 20]],
    ['30 December 2013 - 2 January 2014', [2013, 12, 30], [2014, 1, 2]],
    ['30 December - 2 January 2014', [2013, 12, 30], [2014, 1, 2]],
    ['le 9 juin 2014', [2014, 6, 9], [2014, 6, 9]],
  ])('%s', (text, start, end) => {
    const d = first(text);
    expect(d?.start).toEqual(start);
    expect(d?.end).toEqual(end);
  });

  it('keeps "10-13 June" without a year for the caller to complete', () => {
    expect(first('10-13 June')).toMatchObject({ start: [undefined, 6, 10], end: [undefined, 6, 13] });
    expect(first('30 April - 2 May')).toMatchObject({ start: [undefined, 4, 30], end: [undefined, 5, 2] });
  });

  it('reads lists of days: "21st and 22nd of May 2013", "26 and 27 of January 2016"', () => {
    const m = findDates('10:00 till 17:00 on 21st and 22nd of May 2013').mentions[0];
    expect(m?.list?.map((d) => d.day)).toEqual([21, 22]);
    expect(
      findDates('on 26 and 27 of January 2016').mentions[0]?.list?.map((d) => [d.day, d.month, d.year]),
    ).toEqual([
      [26, 1, 2016],
      [27, 1, 2016],
    ]);
  });

  it('prefers the reading with a year: "Friday, 11 November 11 2022"', () => {
    expect(first('Friday, 11 November 11 2022')?.start).toEqual([2022, 11, 11]);
  });

  it('records the weekday written next to a date, to check it later', () => {
    const m = findDates('Monday 10 June 2014').mentions[0];
    expect(m?.start.weekday).toBe(1);
    expect(m?.start.weekdayIndex).toBe(0);
  });

  it('reports impossible dates instead of inventing them', () => {
    const r = findDates('The meeting is on 31 June 2014.');
    expect(r.mentions).toEqual([]);
    expect(r.problems[0]).toMatchObject({ code: 'invalid-date', text: '31 June 2014' });
    expect(findDates('29 February 2014').problems[0]?.code).toBe('invalid-date');
    expect(findDates('29 February 2016').mentions[0]?.start.day).toBe(29);
  });

  it('does not read numbers glued to names, verbs or URLs-free digits as dates', () => {
    expect(findDates('Ecma TC39 met; delegates may 12 times object').mentions).toEqual([]);
    expect(findDates('ISO 8601 and RFC 2616 in May').mentions).toEqual([]);
    expect(findDates('version 2014-06 of the text').mentions).toEqual([]);
  });
});

describe('completing a missing year', () => {
  it('takes the year from the document date, looking ahead rather than back', () => {
    expect(completeYear({ day: 9, month: 6 }, '2014-06-03', 'document')).toBe(2014);
    // A letter of 20 December 2013 about "17-18 February" means 2014.
    expect(completeYear({ day: 17, month: 2 }, '2013-12-20', 'document')).toBe(2014);
    // A report of early January about "16-18 December" speaks of the month just gone.
    expect(completeYear({ day: 16, month: 12 }, '2014-01-05', 'document')).toBe(2013);
  });
  it('takes the nearest year next to a dated line of the same document', () => {
    expect(completeYear({ day: 31, month: 5 }, '2014-05-28', 'context')).toBe(2014);
    expect(completeYear({ day: 2, month: 1 }, '2013-12-30', 'context')).toBe(2014);
  });
});

describe('formatting', () => {
  it('writes spans the way people do', () => {
    expect(formatDateSpan('2014-06-09', '2014-06-09')).toBe('9 June 2014');
    expect(formatDateSpan('2013-10-07', '2013-10-08')).toBe('7-8 October 2013');
    expect(formatDateSpan('2014-04-30', '2014-05-02')).toBe('30 April - 2 May 2014');
    expect(formatDateSpan('2013-12-30', '2014-01-02')).toBe('30 December 2013 - 2 January 2014');
  });
});

describe('properties', () => {
  it('never throws, and every mention is a real span of the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = findDates(s);
        for (const m of r.mentions) {
          expect(s.slice(m.index, m.index + m.length)).toBe(m.text);
          expect(m.start.month).toBeGreaterThanOrEqual(1);
          expect(m.start.month).toBeLessThanOrEqual(12);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on date-like noise', () => {
    const token = fc.constantFrom(
      '7',
      '31',
      '2014',
      '-',
      '–',
      'to',
      'and',
      'of',
      ',',
      'June',
      'Sept.',
      'Monday',
      'from',
      '1st',
      '2026-07-20',
      ' ',
      'May',
      'x',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (parts) => {
        const s = parts.join(' ');
        const r = findDates(s);
        for (const m of r.mentions) expect(s.slice(m.index, m.index + m.length)).toBe(m.text);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads back any valid "D-D Month YYYY" it is given', () => {
    const months = [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 1990, max: 2060 }),
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 1, max: 27 }),
        fc.integer({ min: 0, max: 1 }),
        (y, m, d, len) => {
          const text = `held on ${d}-${d + len} ${months[m]} ${y} in Geneva`;
          const found = first(text);
          expect(found?.start).toEqual([y, m + 1, d]);
          expect(found?.end).toEqual([y, m + 1, d + len]);
        },
      ),
    );
  });
});

describe('calendar-day arithmetic', () => {
  const day = fc
    .integer({ min: -40_000, max: 80_000 })
    .map((n) => DateTime.fromMillis(n * 86_400_000, { zone: 'UTC' }).toISODate() as string);
  it('agrees with Luxon on days between, adding days and weekdays (1860-2189)', () => {
    fc.assert(
      fc.property(day, day, fc.integer({ min: -2000, max: 2000 }), (a, b, n) => {
        const la = DateTime.fromISO(a, { zone: 'UTC' });
        expect(daysBetween(a, b)).toBe(
          Math.round(DateTime.fromISO(b, { zone: 'UTC' }).diff(la, 'days').days),
        );
        expect(addDays(a, n)).toBe(la.plus({ days: n }).toISODate());
        expect(weekdayOf(a)).toBe(la.weekday);
      }),
      { numRuns: 3000 },
    );
  });
  it('knows the days around the domain: 9 June 2014 was a Monday, 31 May 2014 a Saturday', () => {
    expect(weekdayOf('2014-06-09')).toBe(1);
    expect(weekdayOf('2014-05-31')).toBe(6);
    expect(daysBetween('2014-06-03', '2014-06-09')).toBe(6);
    expect(addDays('2014-02-28', 1)).toBe('2014-03-01');
    expect(addDays('2016-02-28', 1)).toBe('2016-02-29');
  });
});
