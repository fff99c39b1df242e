import { describe, expect, it } from 'vitest';
import { extractClaims, findTimes } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

const claimsIn = (text: string, type: 'markdown' | 'text' = 'text') =>
  extractClaims(textDoc(text, type), source('note.txt', { seenAt: '2026-01-10T08:00:00Z' })).claims;

describe('time expressions in context', () => {
  it('reads "1300-1500 EDT" after a date in a heading as one range, not "2014 - 1300"', () => {
    const [c] = claimsIn(
      '# Board meeting\n\n## TUESDAY, March 9, 2027 - 1300-1500 EST\n\nRoll call.',
      'markdown',
    );
    expect(c?.sessions[0]).toMatchObject({ date: '2027-03-09', start: '13:00', end: '15:00' });
  });
  it('reads a UTC time with local equivalents in brackets as one time, not a range', () => {
    const [c] = claimsIn(
      'Weekly meeting\n\nThe weekly meeting will take place on 9 March 2027 at 14:00 UTC (15:00 CET; 09:00 EST).',
    );
    expect(c?.sessions).toHaveLength(1);
    expect(c?.sessions[0]).toMatchObject({ start: '14:00', startAt: '2027-03-09T14:00:00Z' });
    expect(c?.sessions[0]?.end).toBeUndefined();
    expect(c?.zone?.value.zone).toBe('UTC');
  });
  it('reads a dotted time when a zone follows it ("9.00 EST")', () => {
    expect(findTimes('at 9.00 EST', (i) => /^EST/.test('at 9.00 EST'.slice(i))).mentions[0]?.start).toEqual({
      hour: 9,
      minute: 0,
    });
    expect(findTimes('version 9.00 is out').mentions).toEqual([]);
  });
  it('reads the time in a title that gives one day', () => {
    const [c] = claimsIn('Council meeting Wednesday 17 March 2027 at 19:00\n\nThe agenda follows.');
    expect(c?.sessions[0]).toMatchObject({ date: '2027-03-17', start: '19:00' });
  });
  it('applies daily hours stated without a date to every day of the meeting', () => {
    const [c] = claimsIn(
      'Session schedule of the Assemblies of the Member States\n\nThe Assemblies will be held in Geneva from 4 to 6 October 2027.\n\nDaily sessions will run from 10 a.m. to 1 p.m. and from 3 p.m. to 6 p.m.',
    );
    expect(c?.sessions.map((s) => [s.date, s.start, s.end])).toEqual([
      ['2027-10-04', '10:00', '18:00'],
      ['2027-10-05', '10:00', '18:00'],
      ['2027-10-06', '10:00', '18:00'],
    ]);
  });
});
