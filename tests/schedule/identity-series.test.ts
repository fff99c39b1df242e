import { describe, expect, it } from 'vitest';
import { seriesDefinitions, spellsAcronym } from '../../src/core/schedule/identity.js';
import {
  diffSchedules,
  type MeetingClaim,
  readAnnouncement,
  reconcile,
  type SourceInfo,
} from '../../src/core/schedule/index.js';
import { textDoc } from './helpers.js';

function claims(text: string, name: string, extra: Partial<SourceInfo> = {}): MeetingClaim[] {
  return readAnnouncement(textDoc(text, 'text'), {
    kind: 'text',
    name,
    seenAt: '2026-06-01T08:00:00Z',
    ...extra,
  }).claims;
}

const PAGE = `# Sixth meeting of the Coastal Fisheries Coordination Forum (CFCF)

The sixth CFCF meeting will be held on 9 June 2026 at the Palais des Nations, Geneva, from 14:00 to 16:00 CEST.
`;

const letter = (name: string) => `Geneva, 2 June 2026

Dear colleagues,

I have the honour to invite you to the sixth meeting of ${name}, to be held on 9 June 2026 from 14:00 to 18:00 at the Palais des Nations, Geneva.

Yours sincerely,
The Chair
`;

describe('series names learned from the documents', () => {
  it('a written-out name spells its acronym, connectors optional', () => {
    expect(spellsAcronym('Coastal Fisheries Coordination Forum', 'CFCF')).toBe(true);
    expect(spellsAcronym('Conference of the Parties', 'COP')).toBe(true);
    expect(spellsAcronym('Open-ended Working Group', 'OEWG')).toBe(true);
    expect(spellsAcronym('River Basin Alliance', 'RBA2')).toBe(true);
    expect(spellsAcronym('Coastal Fisheries Coordination Forum', 'CFF')).toBe(false);
    expect(spellsAcronym('Forum', 'F')).toBe(false);
  });

  it('reads "Name (ACRONYM)" definitions, keeping only the words the acronym spells', () => {
    expect(
      seriesDefinitions(
        'the sixth meeting of the 2030 Agenda Coastal Fisheries Coordination Forum (CFCF) on',
      ),
    ).toEqual([{ name: 'Coastal Fisheries Coordination Forum', acronym: 'CFCF' }]);
    expect(seriesDefinitions('Bureau of the Ad Hoc Working Group on Durban Action (ADA)')).toEqual([
      { name: 'Ad Hoc Working Group on Durban Action', acronym: 'ADA' },
    ]);
    expect(seriesDefinitions('held in Geneva (UTC+2) at 10:00 (CEST)')).toEqual([]);
  });

  it('a letter that writes the series out is the meeting the page announces by acronym: the times conflict shows', () => {
    const all = [
      ...claims(PAGE, 'page.md', { kind: 'web' }),
      ...claims(letter('the Coastal Fisheries Coordination Forum'), 'letter.pdf', { kind: 'pdf' }),
    ];
    const sixth = reconcile(all).meetings.filter((m) => m.ordinal === 6);
    expect(sixth).toHaveLength(1);
    expect(sixth[0]?.conflicts.map((c) => [c.field, c.values.map((v) => v.value)])).toEqual([
      ['times', ['14:00-16:00', '14:00-18:00']],
    ]);
  });

  it('"the Forum" refers back to the one series whose name ends with that word', () => {
    const all = [
      ...claims(PAGE, 'page.md', { kind: 'web' }),
      ...claims(letter('the Forum'), 'letter.pdf', { kind: 'pdf' }),
    ];
    const sixth = reconcile(all).meetings.filter((m) => m.ordinal === 6);
    expect(sixth).toHaveLength(1);
    expect(sixth[0]?.disputed).toEqual(['times']);
  });

  it('a back-reference that could be two series stays apart', () => {
    const other = PAGE.replaceAll(
      'Coastal Fisheries Coordination Forum',
      'Mountain Water Users Forum',
    ).replaceAll('CFCF', 'MWUF');
    const all = [
      ...claims(PAGE, 'page.md', { kind: 'web' }),
      ...claims(other, 'other.md', { kind: 'web' }),
      ...claims(letter('the Forum'), 'letter.pdf', { kind: 'pdf' }),
    ];
    expect(reconcile(all).meetings.filter((m) => m.ordinal === 6)).toHaveLength(3);
  });
});

const OLD = `Invitation

The third meeting of the Regional Seed Exchange Network (RSEN) will take place on 14 March 2025, 14:00-16:00 CET, at the International Conference Centre, Geneva.
`;
const NEW = `Announcement

The third meeting will take place on 20 September 2026, 10:00-12:00 CEST, Palais des Nations, Geneva.
`;

describe('a number without a series', () => {
  it('never merges into a meeting of the same number in another year', () => {
    const old = claims(OLD, 'old.txt');
    const fresh = claims(NEW, 'new.txt', { seenAt: '2026-06-02T08:00:00Z' });
    const after = reconcile([...old, ...fresh]);
    expect(after.meetings.map((m) => m.dates?.start).sort()).toEqual(['2025-03-14', '2026-09-20']);
    expect(after.meetings.every((m) => m.conflicts.length === 0)).toBe(true);
    const changes = diffSchedules(reconcile(old), after);
    expect(changes.map((c) => c.kind)).toEqual(['added']);
    expect(changes[0]?.after).toContain('20 September 2026');
  });

  it('...nor pairs with it across schedules when the old source is gone', () => {
    const changes = diffSchedules(
      reconcile(claims(NEW.replace('20 September 2026', '20 September 2025'), 'a.txt')),
      reconcile(claims(NEW, 'b.txt')),
    );
    expect(changes.map((c) => c.kind)).toEqual(['added']);
  });

  it('joins the numbered meeting its facts corroborate (same day)', () => {
    const old = claims(OLD, 'old.txt');
    const same = claims(
      'Reminder\n\nThe third meeting will take place on 14 March 2025, 14:00-17:00 CET, Geneva.\n',
      'reminder.txt',
      { seenAt: '2025-03-01T08:00:00Z' },
    );
    const ms = reconcile([...old, ...same]).meetings;
    expect(ms).toHaveLength(1);
    expect(ms[0]?.disputed).toEqual(['times']);
  });
});
