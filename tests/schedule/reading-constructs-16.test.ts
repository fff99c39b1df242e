import { describe, expect, it } from 'vitest';
import { readAnnouncement } from '../../src/core/schedule/announcement.js';
import type { MeetingClaim } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

/** Constructs of announcements in other bodies' styles. Own wording, invented events. */
function read(text: string, name = 'notice.txt'): MeetingClaim[] {
  return readAnnouncement(textDoc(text, 'text', { name }), source(name)).claims;
}

const days = (c: MeetingClaim | undefined) => c?.dates?.value;

describe('the date a meeting had before it moved, said before the new one', () => {
  it.each([
    [
      'The second meeting of the Lagoon Panel, which was to have taken place from 3 to 5 April 2028, will now be held from 22 to 24 May 2028 in Lisbon.',
      { start: '2028-05-22', end: '2028-05-24' },
      { start: '2028-04-03', end: '2028-04-05' },
    ],
    [
      'La deuxième réunion du Groupe des lagunes, initialement prévue du 3 au 5 avril 2028, se tiendra du 22 au 24 mai 2028 à Lisbonne.',
      { start: '2028-05-22', end: '2028-05-24' },
      { start: '2028-04-03', end: '2028-04-05' },
    ],
    [
      'La segunda reunión del Grupo de Lagunas, prevista inicialmente del 3 al 5 de abril de 2028, se celebrará del 22 al 24 de mayo de 2028 en Lisboa.',
      { start: '2028-05-22', end: '2028-05-24' },
      { start: '2028-04-03', end: '2028-04-05' },
    ],
    [
      'La segunda reunión del Grupo de Lagunas, que estaba programada para el 3 de abril de 2028, tendrá lugar el 22 de mayo de 2028 en Lisboa.',
      { start: '2028-05-22', end: '2028-05-22' },
      { start: '2028-04-03', end: '2028-04-03' },
    ],
    [
      'La réunion du Groupe des lagunes qui devait se tenir le 3 avril 2028 aura lieu le 22 mai 2028 à Lisbonne.',
      { start: '2028-05-22', end: '2028-05-22' },
      { start: '2028-04-03', end: '2028-04-03' },
    ],
  ])('%s', (text, now, was) => {
    const [claim] = read(text);
    expect(days(claim)).toEqual(now);
    expect(claim?.changedFrom?.value.dates).toEqual(was);
    expect(claim?.correction?.value).toBe('rescheduled');
  });

  it('a plan said in another sentence moves nothing', () => {
    const claims = read(
      'The Lagoon Panel had been scheduled for 3 April 2028. The report of its chair was published on 22 May 2028.',
    );
    expect(claims.some((c) => c.changedFrom)).toBe(false);
    expect(claims.some((c) => days(c)?.start === '2028-05-22')).toBe(false);
  });

  it('a plan said without a word of change keeps both days', () => {
    const claims = read(
      'The Lagoon Panel will meet as planned on 3 April 2028 and again on 22 May 2028 in Lisbon.',
    );
    expect(claims.some((c) => c.changedFrom)).toBe(false);
    expect(claims.some((c) => days(c)?.start === '2028-04-03')).toBe(true);
  });

  it('a plan called off, then another meeting after a semicolon, is no move', () => {
    const claims = read(
      'The Lagoon Panel meeting, originally planned for 3 April 2028, has been cancelled; the Bureau will meet on 22 May 2028 in Lisbon.',
    );
    expect(claims.some((c) => c.changedFrom)).toBe(false);
  });
});

describe("a news release's opening place and date", () => {
  it.each([
    [
      'Apia, 9 February 2028 – The Pacific Reef Council will convene its fourteenth session on 6 March 2028 at the Harbour Hall.',
      'Pacific Reef Council, fourteenth session',
    ],
    [
      'LIMA (12 January 2028) – The Andean Water Board will hold an extraordinary meeting on Monday 6 March 2028 at 10 a.m.',
      'Andean Water Board, extraordinary meeting',
    ],
    [
      'Dakar, Senegal, 20 January 2028: The Council of Fisheries Ministers will hold its 31st meeting on Monday, 6 March 2028, starting at 09:00.',
      'Council of Fisheries Ministers, 31st meeting',
    ],
  ])('dates the release, not the meeting: %s', (text, title) => {
    const claims = read(text);
    expect(claims.map((c) => days(c)?.start)).toEqual(['2028-03-06']);
    expect(claims[0]?.title?.value).toBe(title);
  });

  it('gives the year of a meeting day written without one', () => {
    const claims = read(
      'Bangkok, 3 February 2028 – The Mekong Delta Commission will meet on 20 March in its plenary hall.',
    );
    expect(claims.map((c) => days(c)?.start)).toEqual(['2028-03-20']);
  });

  it.each([
    // A programme line: a place, a day and what happens then.
    ['Geneva, 6 March 2028 – Opening session of the Committee', '2028-03-06'],
    // A weekday is no place: the day is the meeting's.
    ['Monday, 6 March 2028 – The Committee will meet at 10:00 in Room 3 to adopt its report.', '2028-03-06'],
    // A body, not a city, before the date.
    [
      'Steering Group, 6 March 2028 – the group will meet by video call to review the annual work plan.',
      '2028-03-06',
    ],
  ])("leaves a day that is the meeting's: %s", (text, day) => {
    expect(read(text).map((c) => days(c)?.start)).toContain(day);
  });
});
