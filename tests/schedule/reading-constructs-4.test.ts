import { describe, expect, it } from 'vitest';
import { extractClaims, type MeetingClaim } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

/** Sentences, titles and statuses of announcements from other bodies; own text, invented bodies. */
function read(text: string, name = 'construct.txt'): MeetingClaim[] {
  return extractClaims(textDoc(text, 'text', { name }), source(name, { seenAt: '2026-12-07T00:00:00Z' }))
    .claims;
}

/** One line per dated claim: its days, its sessions, its zone and its status. */
function summary(claims: MeetingClaim[]): string[] {
  return claims
    .filter((c) => c.dates || c.sessions.length > 0)
    .map((c) => {
      const days = c.dates ? `${c.dates.value.start}..${c.dates.value.end}` : 'no date';
      const times = c.sessions
        .filter((s) => s.start)
        .map((s) => `${s.start}${s.end ? `-${s.end}` : ''}`)
        .join(',');
      return [days, times, c.zone?.value.zone ?? '', c.status?.value ?? ''].join(' | ');
    });
}

describe('a year the text leaves out', () => {
  const text = [
    'Harbour board call: Tuesday June 9, 15:00 UTC',
    '',
    'The poll is closed and most people can make Tuesday June 9, 15:00 UTC. See you there.',
  ].join('\n');

  it('takes the weekday year nearest to a date in the document name, not nearest to today', () => {
    // Tuesday 9 June: 2015, 2020, 2026. Saved as a 2015 file, the call is in 2015.
    expect(summary(read(text, 'harbour_board_call_2015-06-01.txt'))).toEqual([
      '2015-06-09..2015-06-09 | 15:00 | UTC | ',
    ]);
  });

  it('still uses today when the name has no date', () => {
    expect(summary(read(text, 'harbour_board_call.txt'))).toEqual([
      '2026-06-09..2026-06-09 | 15:00 | UTC | ',
    ]);
  });

  it('a year written in the text wins over the name', () => {
    const withYear = `${text}\n\nThis is the 2020 season's first call.`;
    expect(summary(read(withYear, 'harbour_board_call_2015-06-01.txt'))[0]).toMatch(/^2020-06-09/);
  });
});
