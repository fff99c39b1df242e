import { describe, expect, it } from 'vitest';
import { readAnnouncement } from '../../src/core/schedule/announcement.js';
import { type MeetingClaim, reconcile } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

/**
 * "The Working Group on X will hold its third meeting": the body that holds a numbered meeting
 * is its series, so two bodies' third meetings are told apart, and the meeting is named by both.
 * Own wording, invented bodies.
 */
function read(text: string, name = 'notice.txt'): MeetingClaim[] {
  return readAnnouncement(textDoc(text, 'text', { name }), source(name)).claims;
}

describe('a body that will hold its numbered meeting', () => {
  it('names the meeting by the body and the number, with the body as its series', () => {
    const [claim] = read(
      'The Working Group on Coral Reefs will hold its third meeting on 4 May 2027 at 10:00 in Geneva.',
    );
    expect(claim?.title?.value).toBe('Working Group on Coral Reefs, third meeting');
    expect(claim?.series?.value).toBe('Working Group on Coral Reefs');
    expect(claim?.ordinal?.value).toBe(3);
  });

  it('keeps two bodies\u2019 third meetings apart when reconciled, even on the same day', () => {
    const a = read(
      'The Working Group on Coral Reefs will hold its third meeting on 4 May 2027 at 10:00 in Geneva.',
      'a.txt',
    );
    const b = read(
      'The Expert Group on Port Finance will hold its third meeting on 4 May 2027 at 10:00 in Geneva.',
      'b.txt',
    );
    const { meetings } = reconcile([...a, ...b]);
    expect(meetings.map((m) => m.title).sort()).toEqual([
      'Expert Group on Port Finance, third meeting',
      'Working Group on Coral Reefs, third meeting',
    ]);
  });

  it('reads a qualifier before the number ("its resumed second session")', () => {
    const [claim] = read(
      'The Open-ended Working Group will hold its resumed second session on 8 June 2027 at 15:00 in Nairobi.',
    );
    expect(claim?.title?.value).toBe('Open-ended Working Group, resumed second session');
    expect(claim?.ordinal?.value).toBe(2);
  });

  it('gives no series to a pronoun ("It will hold its third meeting")', () => {
    const [claim] = read('It will hold its third meeting on 4 May 2027 at 10:00 in Geneva.');
    expect(claim?.series).toBeUndefined();
    expect(claim?.ordinal?.value).toBe(3);
  });
});
