import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MeetingClaim, reconcile } from '../../src/core/schedule/index.js';
import { source, story } from './helpers.js';

const s = story();
const find = (claims: MeetingClaim[], id: string) => reconcile(claims).meetings.find((m) => m.id === id);

describe('the sixth meeting: PDF against web page, then the corrected e-mail', () => {
  it('two sources that disagree give a visible conflict listing each value with its sources', () => {
    const m = find([...s.pdf, ...s.web], 'mpp#6');
    expect(m?.conflicts).toEqual([
      {
        field: 'times',
        values: [
          {
            value: '14:00-16:00',
            sources: [expect.objectContaining({ kind: 'pdf', name: '2014-06-03-mpp6-invitation.txt' })],
          },
          {
            value: '14:00-18:00',
            sources: [expect.objectContaining({ kind: 'web', name: '2014-06-03-mpp6-webpage.md' })],
          },
        ],
      },
    ]);
    expect(m?.disputed).toEqual(['times']);
    // Dates and venue agree.
    expect(m?.dates).toEqual({ start: '2014-06-09', end: '2014-06-09' });
    expect(m?.venue?.city).toBe('Geneva');
  });

  it('while disputed, the meeting exposes the earliest start and the latest end (for reminders)', () => {
    const m = find([...s.pdf, ...s.web], 'mpp#6');
    expect(m?.start).toBe('2014-06-09T14:00:00+02:00');
    expect(m?.end).toBe('2014-06-09T18:00:00+02:00');
    expect(m?.times).toBe('14:00-16:00 or 14:00-18:00');
  });

  it('the corrected invitation settles it, and says who settled it', () => {
    const m = find([...s.pdf, ...s.web, ...s.mail], 'mpp#6');
    expect(m?.conflicts).toEqual([]);
    expect(m?.disputed).toEqual([]);
    expect(m?.times).toBe('14:00-18:00');
    expect(m?.settlements).toEqual([
      expect.objectContaining({
        field: 'times',
        value: '14:00-18:00',
        reason: 'correction',
        settledBy: expect.objectContaining({ kind: 'email', name: '2014-06-05-mpp6-corrected-email.txt' }),
      }),
    ]);
    expect(m?.settlements[0]?.values.map((v) => v.value)).toEqual(['14:00-16:00', '14:00-18:00']);
    expect(m?.revision).toBe(2);
    expect(m?.firstAnnounced).toBe('2014-06-03');
  });

  it('a source that disagrees AFTER the correction opens the conflict again', () => {
    const late = s.pdf.map((c) => ({
      ...c,
      id: `${c.id}-late`,
      source: { ...c.source, name: 'stale-repost.pdf', date: '2014-06-07' },
    }));
    const m = find([...s.pdf, ...s.web, ...s.mail, ...late], 'mpp#6');
    expect(m?.conflicts[0]?.field).toBe('times');
  });
});

describe('matching claims into meetings', () => {
  it('never merges two different numbers, whatever the dates', () => {
    const sixth = s.pdf.find((c) => c.ordinal?.value === 6) as MeetingClaim;
    const seventh = { ...sixth, id: 'x:mpp#7', ordinal: { value: 7, evidence: [] } };
    expect(
      reconcile([sixth, seventh])
        .meetings.map((m) => m.id)
        .sort(),
    ).toEqual(['mpp#6', 'mpp#7']);
  });

  it('an unnumbered meeting that moves far keeps its identity through a newer revision of the same page', () => {
    const m = find([...s.plan, ...s.update], 'wsis-10-high-level-event@2014-04-13');
    expect(m?.dates).toEqual({ start: '2014-06-10', end: '2014-06-13' });
    expect(m?.venue?.city).toBe('Geneva');
    expect(m?.aliases).toEqual(['wsis-10-high-level-event@2014-06-10']);
    // A page that updates itself settles nothing: there was never a disagreement between sources.
    expect(m?.settlements).toEqual([]);
    expect(m?.conflicts).toEqual([]);
  });

  it('...and through an explicit "has been moved" even without a shared source', () => {
    // The same claims without the page's revision key: only the words "has been moved" link them.
    const unkeyed = (claims: MeetingClaim[]): MeetingClaim[] =>
      claims.map(({ revisionKey: _r, source: { revisionKey: _s, ...src }, ...c }) => ({ ...c, source: src }));
    const update = unkeyed(s.update);
    const m = reconcile([
      ...s.plan.map(({ revisionKey: _r, ...c }) => c as MeetingClaim),
      ...update,
    ]).meetings.filter((x) => x.title === 'WSIS+10 High-Level Event');
    expect(m).toHaveLength(1);
    expect(m[0]?.dates?.start).toBe('2014-06-10');
  });

  it('a later correction settles the venue of the fifth meeting', () => {
    const m = find([...s.plan, ...s.update, ...s.venue], 'mpp#5');
    expect(m?.venue?.city).toBe('Geneva');
    expect(m?.settlements.map((x) => [x.field, x.value, x.settledBy.name])).toEqual([
      ['venue', 'Geneva', '2014-05-16-mpp5-venue.md'],
    ]);
    expect(m?.timeZone).toBe('Europe/Zurich');
  });

  it('the cancelled consultation is one meeting, cancelled', () => {
    const m = reconcile([...s.c5, ...s.c5cancel]).meetings;
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ status: 'cancelled', title: 'Informal consultation on Action Line C5' });
  });

  it('ids are stable: series#number, else uid:, else slug@first date', () => {
    const ids = reconcile([...s.plan, ...s.update, ...s.others]).meetings.map((m) => m.id);
    expect(ids).toContain('mpp#4');
    expect(ids).toContain('icann#50');
    expect(ids).toContain('netmundial@2014-04-23');
    expect(ids).toContain('wsis-10-high-level-event@2014-04-13');
  });
});

describe('determinism', () => {
  const all = Object.values(s).flat();
  it('is independent of the order claims are given in', () => {
    const reference = JSON.stringify(reconcile(all));
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (shuffled) => {
        expect(JSON.stringify(reconcile(shuffled))).toBe(reference);
      }),
      { numRuns: 60 },
    );
  });
  it('gives the same result for any subset in any order as for that subset sorted', () => {
    fc.assert(
      fc.property(fc.subarray(all), fc.integer(), (subset, seed) => {
        const shuffled = [...subset].sort((a, b) => ((a.id.length * seed) % 7) - ((b.id.length * seed) % 7));
        expect(JSON.stringify(reconcile(shuffled))).toBe(JSON.stringify(reconcile(subset)));
      }),
      { numRuns: 60 },
    );
  });
  it('produces plain JSON data', () => {
    const schedule = reconcile(all);
    expect(JSON.parse(JSON.stringify(schedule))).toEqual(schedule);
  });
  it('handles no claims and claims without anything', () => {
    expect(reconcile([])).toEqual({ meetings: [] });
    const bare: MeetingClaim = {
      id: 'a',
      source: source('a'),
      sessions: [],
      title: { value: 'Something', evidence: [] },
    };
    expect(reconcile([bare]).meetings[0]).toMatchObject({ id: 'something@undated', status: 'scheduled' });
  });
});
