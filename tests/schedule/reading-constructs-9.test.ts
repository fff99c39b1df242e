import { describe, expect, it } from 'vitest';
import { readAnnouncement } from '../../src/core/schedule/announcement.js';
import type { MeetingClaim } from '../../src/core/schedule/index.js';
import { lines, source, textDoc } from './helpers.js';

/** Constructs the development set does not show: own wording, invented bodies and places. */
function read(text: string): MeetingClaim[] {
  return readAnnouncement(textDoc(text, 'text', { name: 'notice.txt' }), source('notice.txt')).claims;
}

function sessions(claim: MeetingClaim | undefined): string[] {
  return (claim?.sessions ?? []).map((s) => `${s.date} ${s.start ?? ''}${s.end ? `-${s.end}` : ''}`);
}

describe('the hours in the sentence after the one that gave the day', () => {
  const notice = (said: string) =>
    lines(
      'Subject: Expert group on river basins',
      '',
      `The meeting of the expert group originally planned for Monday 6 December 2027 has been moved to Wednesday 8 December 2027. ${said}`,
      '',
      'Venue: Hall C, Lyon',
    );

  it.each([
    ['The meeting will start at 14:30 and end at 17:00.', '2027-12-08 14:30-17:00'],
    ['It will begin at 9 a.m. and is expected to finish at noon.', '2027-12-08 09:00-12:00'],
    ['The meeting will be held from 10:00 to 12:30.', '2027-12-08 10:00-12:30'],
    ['The session will take place between 2 p.m. and 5 p.m.', '2027-12-08 14:00-17:00'],
  ])('"%s"', (said, session) => {
    const claims = read(notice(said));
    expect(claims).toHaveLength(1);
    expect(sessions(claims[0])).toEqual([session]);
    expect(claims[0]?.changedFrom?.value.dates?.start).toBe('2027-12-06');
  });

  it('keeps a zone said after the start', () => {
    const claims = read(notice('The meeting will start at 14:30 (Paris time) and end at 17:00.'));
    expect(sessions(claims[0])).toEqual(['2027-12-08 14:30-17:00']);
    expect(claims[0]?.zone?.value.zone).toBe('Europe/Paris');
  });

  it('takes no end from another subject, nor an end before the start', () => {
    expect(
      sessions(read(notice('The meeting will start at 14:30 and registration will end at 14:00.'))[0]),
    ).toEqual([]);
    expect(sessions(read(notice('The meeting will start at 14:30 and end at 11:00.'))[0])).toEqual([]);
  });
});

describe('a meeting named by its body in the one sentence that schedules it', () => {
  it.each([
    [
      'The next virtual meeting of the Steering Board will be held on 22 January 2027 at 9:00 CET.',
      'Virtual meeting of the Steering Board',
    ],
    [
      'An informal session of the Harbour Council is scheduled to take place on 3 March 2027 at 15:00 CET.',
      'Informal session of the Harbour Council',
    ],
  ])('%s', (text, title) => {
    const claims = read(text);
    expect(claims[0]?.title?.value).toBe(title);
  });
});
