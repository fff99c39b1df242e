import { describe, expect, it } from 'vitest';
import { diffSchedules, reconcile } from '../../src/core/schedule/index.js';
import { story } from './helpers.js';

const s = story();
const diff = (before: Parameters<typeof reconcile>[0], after: Parameters<typeof reconcile>[0]) =>
  diffSchedules(reconcile(before), reconcile(after)).map((c) => [
    c.kind,
    c.meetingId,
    c.field,
    c.before,
    c.after,
  ]);

describe('changes between schedules, as the WSIS+10 story unfolds', () => {
  it('the updated schedule: two MPP meetings added, the High-Level Event moved to Geneva in June', () => {
    expect(diff(s.plan, [...s.plan, ...s.update])).toEqual([
      ['added', 'mpp#4', 'meeting', null, '14-17 April 2014, ITU Headquarters, Geneva'],
      ['added', 'mpp#5', 'meeting', null, '28-31 May 2014, Sharm el-Sheikh'],
      [
        'added',
        'wsis-10-high-level-event-pre-events@2014-06-09',
        'meeting',
        null,
        '9 June 2014, ITU Headquarters, Geneva',
      ],
      ['moved', 'wsis-10-high-level-event@2014-04-13', 'dates', '13-17 April 2014', '10-13 June 2014'],
      [
        'venue-changed',
        'wsis-10-high-level-event@2014-04-13',
        'venue',
        'Sharm el-Sheikh',
        'ITU Headquarters, Geneva',
      ],
    ]);
  });

  it('the fifth meeting moves from Sharm el-Sheikh to Geneva, and its times are announced', () => {
    const before = [...s.plan, ...s.update];
    expect(diff(before, [...before, ...s.venue])).toEqual([
      [
        'retimed',
        'mpp#5',
        'times',
        null,
        '10:00-13:00 and 15:00-18:00 (days 1-3), 10:00-13:00 and 15:00-01:30 (+1 day) (day 4) Europe/Zurich',
      ],
      ['venue-changed', 'mpp#5', 'venue', 'Sharm el-Sheikh', 'Geneva'],
    ]);
  });

  it('the sixth meeting is added with a conflict; the corrected e-mail settles it', () => {
    const before = [...s.plan, ...s.update, ...s.venue];
    const announced = [...before, ...s.pdf, ...s.web];
    expect(diff(before, announced)).toEqual([
      [
        'added',
        'mpp#6',
        'meeting',
        null,
        '9 June 2014, 14:00-16:00 or 14:00-18:00 Europe/Zurich, ITU Headquarters, Popov Room, Geneva',
      ],
      [
        'conflict-opened',
        'mpp#6',
        'times',
        null,
        '14:00-16:00 (2014-06-03-mpp6-invitation.txt) vs 14:00-18:00 (2014-06-03-mpp6-webpage.md)',
      ],
    ]);
    expect(diff(announced, [...announced, ...s.mail])).toEqual([
      [
        'conflict-settled',
        'mpp#6',
        'times',
        '14:00-16:00 (2014-06-03-mpp6-invitation.txt) vs 14:00-18:00 (2014-06-03-mpp6-webpage.md)',
        '14:00-18:00 (settled by 2014-06-05-mpp6-corrected-email.txt)',
      ],
    ]);
  });

  it('a cancellation is reported as cancelled', () => {
    expect(diff(s.c5, [...s.c5, ...s.c5cancel])).toEqual([
      [
        'cancelled',
        expect.stringMatching(/^informal-consultation-on-action-line-c5@2014-06-11$/),
        'status',
        'scheduled',
        'cancelled',
      ],
    ]);
  });

  it('a meeting no longer mentioned is not reported as cancelled', () => {
    expect(diff([...s.c5, ...s.pdf], s.pdf)).toEqual([]);
  });

  it('nothing changed, nothing reported', () => {
    const all = Object.values(s).flat();
    expect(diff(all, [...all].reverse())).toEqual([]);
  });

  it('pairs an unnumbered meeting that moved by its title even across separate schedules', () => {
    const hle = (claims: typeof s.plan) =>
      claims
        .filter((c) => c.title?.value === 'WSIS+10 High-Level Event')
        .map(({ revisionKey: _r, ...c }) => c);
    expect(diff(hle(s.plan), hle(s.update)).map((c) => c[0])).toEqual(['moved', 'venue-changed']);
  });
});
