import { describe, expect, it } from 'vitest';
import { extractClaims, type MeetingClaim } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

/**
 * What a plain-text notice's first line and its places say: a title line names the meeting
 * (not the file), and places of different zones joined as equals ("in Bangkok and in Lima")
 * say nothing of where the meeting is, so no zone is taken from either. Our own wording.
 */
function read(text: string, type: 'text' | 'markdown' = 'text'): MeetingClaim[] {
  return extractClaims(textDoc(text, type, { name: 'notice-7.txt' }), source('notice-7.txt')).claims;
}

describe('a plain text whose first line is its title', () => {
  it('names the meeting by that line, not by the file', () => {
    const [c] = read(
      'Regional consultation on coastal data\n\nThe consultation will take place on 9 June 2027 from 10:00 to 12:00 UTC.',
    );
    expect(c?.title?.value).toBe('Regional consultation on coastal data');
  });

  it('does not take a greeting, a sentence or a date line as the title', () => {
    for (const first of ['Good morning everyone', 'We will meet again soon.', '9 June 2027 update']) {
      const [c] = read(
        `${first}\n\nThe consultation will take place on 9 June 2027 from 10:00 to 12:00 UTC.`,
      );
      expect(c?.title?.value).not.toBe(first);
    }
  });
});

describe('places joined as equals', () => {
  it.each([
    ['between teams in Bangkok and in Lima', 'text'],
    ['between teams in Bangkok and in Lima', 'markdown'],
    ['with hubs in Nairobi or Geneva', 'text'],
  ] as const)('"%s" (%s) gives no venue zone', (places, type) => {
    const title = type === 'markdown' ? '# Joint call' : 'Joint call';
    const [c] = read(`${title}\n\nThe joint call will take place on 4 May 2027 at 15:00 ${places}.`, type);
    expect(c?.zone).toBeUndefined();
  });

  it('keeps a city and its own country, or two places of one zone', () => {
    const [c] = read(
      '# Joint call\n\nThe joint call will take place on 4 May 2027 at 15:00 in Lima, Peru.',
      'markdown',
    );
    expect(c?.zone?.value.zone).toBe('America/Lima');
  });
});
