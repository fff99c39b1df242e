import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findTimes } from '../../src/core/schedule/times.js';

const range = (text: string, zoneAt?: RegExp) => {
  const r = findTimes(text, (i) => (zoneAt ? zoneAt.test(text.slice(i)) : false));
  const m = r.mentions[0];
  if (!m) return undefined;
  const hm = (t: { hour: number; minute: number }) =>
    `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
  return { start: hm(m.start), end: m.end ? hm(m.end) : undefined, overnight: m.overnight };
};

describe('time shapes announcements use', () => {
  it.each([
    ['14:00-18:00', '14:00', '18:00'],
    ['14:00 – 16:00', '14:00', '16:00'],
    ['10:00 till 17:00 PST', '10:00', '17:00'],
    ['10:00 to 15:00 CDT (UTC -5)', '10:00', '15:00'],
    ['from 14:00 to 16:00', '14:00', '16:00'],
    ['between 14.00 and 16.00', '14:00', '16:00'],
    ['10 a.m. - 6 p.m.', '10:00', '18:00'],
    ['10am-6pm', '10:00', '18:00'],
    ['2-4 pm', '14:00', '16:00'],
    ['8h30-10h', '08:30', '10:00'],
    ['14h-16h', '14:00', '16:00'],
    ['0830-0900 Reception', '08:30', '09:00'],
    ['9:00-11:00\tTuesday Morning session I', '09:00', '11:00'],
  ])('%s', (text, start, end) => {
    expect(range(text)).toMatchObject({ start, end, overnight: false });
  });

  it('reads "1300-1415 UTC" and a lone "1300 UTC" only next to a zone', () => {
    expect(range('1300-1415 UTC', /^\s*UTC/)).toMatchObject({ start: '13:00', end: '14:15' });
    expect(range('at 1300 UTC', /^\s*UTC/)).toMatchObject({ start: '13:00' });
    expect(findTimes('Room 1300 is on the left').mentions).toEqual([]);
  });

  it('reads single times: "08h00", "6:30pm"', () => {
    expect(range('starts at 08h00')).toMatchObject({ start: '08:00', end: undefined });
    expect(range('Dinner 6:30pm')).toMatchObject({ start: '18:30' });
    expect(range('dinner 6h30pm')).toMatchObject({ start: '18:30' });
  });

  it('marks a range that ends after midnight', () => {
    expect(range('15:00-01:30')).toMatchObject({ start: '15:00', end: '01:30', overnight: true });
    expect(range('22:00 - 24:00')).toMatchObject({ start: '22:00', end: '24:00', overnight: false });
  });

  it('does not read years, dates or prose as times', () => {
    expect(findTimes('the 2014-2015 budget').mentions).toEqual([]);
    expect(findTimes('on 2014-06-09 in Geneva').mentions).toEqual([]);
    expect(findTimes('the session runs past midnight').mentions).toEqual([]);
    expect(findTimes('1601 Willow Rd, Menlo Park').mentions).toEqual([]);
    expect(findTimes('version 1.00 of the draft').mentions).toEqual([]);
  });

  it('reports impossible times', () => {
    expect(findTimes('25:00-26:00').problems[0]).toMatchObject({ code: 'invalid-time', text: '25:00-26:00' });
    expect(findTimes('at 14:75').problems[0]?.code).toBe('invalid-time');
    expect(findTimes('at 18:00 a.m.').problems[0]?.code).toBe('invalid-time');
  });
});

describe('properties', () => {
  it('never throws, and every mention is a real span of the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = findTimes(s, () => true);
        for (const m of r.mentions) {
          expect(s.slice(m.index, m.index + m.length)).toBe(m.text);
          expect(m.start.hour).toBeLessThan(24);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back any valid HH:MM-HH:MM range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (h1, m1, h2, m2) => {
          const p = (n: number) => String(n).padStart(2, '0');
          const text = `session ${p(h1)}:${p(m1)}-${p(h2)}:${p(m2)} in room K`;
          const found = range(text);
          expect(found?.start).toBe(`${p(h1)}:${p(m1)}`);
          expect(found?.end).toBe(`${p(h2)}:${p(m2)}`);
          expect(found?.overnight).toBe(h2 * 60 + m2 <= h1 * 60 + m1);
        },
      ),
    );
  });
});
