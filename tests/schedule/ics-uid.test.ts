import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type MeetingClaim,
  readAnnouncement,
  reconcile,
  type Schedule,
  type SourceInfo,
  toICalendar,
} from '../../src/core/schedule/index.js';
import { corpusPath, describeCorpus } from '../helpers/corpus.js';
import { textDoc } from './helpers.js';

const PAGE = 'https://seeds.example/meetings/2027-03';

function revision(text: string, n: number, seenAt: string): MeetingClaim[] {
  const source: SourceInfo = { kind: 'web', name: `page v${n}`, seenAt, revisionKey: PAGE, revision: n };
  return readAnnouncement(textDoc(text), source).claims;
}

const V1 = `# Seed Exchange Network meeting

The next meeting of the Seed Exchange Network (SXN) will be held on 23-24 March 2027, 10:00-17:00 (Europe/Berlin), in Berlin.
`;
const V2 = `# Twelfth meeting of the Seed Exchange Network (SXN)

The twelfth meeting of the Seed Exchange Network (SXN) will be held on 22-24 March 2027, 10:00-17:00 (Europe/Berlin), in Berlin.
`;

const uids = (ics: string) => [...ics.matchAll(/^UID:(.*)$/gm)].map((m) => (m[1] as string).trim()).sort();

describe('calendar UIDs never change once published', () => {
  const v1 = revision(V1, 1, '2027-01-10T09:00:00Z');
  const v2 = revision(V2, 2, '2027-02-10T09:00:00Z');
  const before = reconcile(v1);
  const after = reconcile([...v1, ...v2], { previous: before });

  it('a meeting first known by its date keeps that UID when it gets its number', () => {
    expect(before.meetings).toHaveLength(1);
    expect(after.meetings).toHaveLength(1);
    const [b, a] = [before.meetings[0], after.meetings[0]];
    expect(a?.ordinal).toBe(12);
    expect(a?.id).not.toBe(b?.id);
    expect(a?.calendarUid).toBe(b?.calendarUid);
    // Without the published schedule, the first claim still names the UID.
    expect(reconcile([...v2, ...v1]).meetings[0]?.calendarUid).toBe(b?.calendarUid);
  });

  it('per-day UIDs are keyed by the day: adding a day in front leaves the others alone', () => {
    const first = uids(toICalendar(before));
    const second = uids(toICalendar(after));
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(3);
    for (const u of first) expect(second).toContain(u);
    expect(second.filter((u) => !first.includes(u))).toEqual([
      `${before.meetings[0]?.calendarUid}.20270322@rapporteur`,
    ]);
  });

  it('a schedule published before UIDs were recorded keeps its ids as UIDs', () => {
    const legacy: Schedule = {
      meetings: before.meetings.map(({ calendarUid: _u, ...m }) => ({ ...m, id: m.id })),
    };
    const next = reconcile([...v1, ...v2], { previous: legacy });
    expect(next.meetings[0]?.calendarUid).toBe(before.meetings[0]?.id);
  });

  it('two meetings never share a UID', () => {
    const a = revision(
      'The third meeting will take place on 14 March 2027, 10:00-12:00 CET, Geneva.\n',
      1,
      '2027-01-01T00:00:00Z',
    );
    const b = revision(
      'The third meeting will take place on 20 September 2027, 10:00-12:00 CEST, Geneva.\n',
      1,
      '2027-06-01T00:00:00Z',
    ).map((c) => ({
      ...c,
      id: `${c.id}-b`,
      revisionKey: 'other',
      source: { ...c.source, revisionKey: 'other' },
    }));
    const ms = reconcile([...a, ...b]).meetings;
    expect(ms).toHaveLength(2);
    expect(new Set(ms.map((m) => m.calendarUid)).size).toBe(2);
  });
});

describeCorpus('TC39 header histories: UIDs', () => {
  const dir = corpusPath('announcements/tc39_agendas/header_history');
  const bySeries = new Map<string, string[]>();
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.md'))
    .sort()) {
    const key = f.split('__')[0] as string;
    bySeries.set(key, [...(bySeries.get(key) ?? []), join(dir, f)]);
  }

  it('every meeting keeps its UID through every revision of its file, even when its id changes', () => {
    let idChanges = 0;
    const broken: string[] = [];
    for (const [key, files] of bySeries) {
      const claims: MeetingClaim[] = [];
      let previous: Schedule | undefined;
      const seen = new Map<string, string>();
      for (const file of files) {
        const [, version, date] = (file.split('/').pop() as string).split('__') as [string, string, string];
        claims.push(
          ...readAnnouncement(textDoc(readFileSync(file, 'utf8')), {
            kind: 'web',
            name: file,
            date,
            seenAt: `${date}T12:00:00Z`,
            revisionKey: `tc39/${key}`,
            revision: Number(version.slice(1)),
          }).claims,
        );
        const next = reconcile(claims, previous ? { previous } : {});
        for (const m of next.meetings) {
          for (const name of [m.id, ...m.aliases]) {
            const known = seen.get(name);
            if (known !== undefined && known !== m.calendarUid) broken.push(`${key} ${version} ${m.id}`);
          }
          const old = previous?.meetings.find((p) => p.calendarUid === m.calendarUid);
          if (old && old.id !== m.id) idChanges++;
          for (const name of [m.id, ...m.aliases]) seen.set(name, m.calendarUid as string);
        }
        previous = next;
      }
    }
    expect(broken).toEqual([]);
    expect(idChanges).toBeGreaterThan(0);
  });
});
