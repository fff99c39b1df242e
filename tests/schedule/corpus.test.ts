import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../../src/core/documents/index.js';
import { documentFromText } from '../../src/core/documents/text.js';
import type { Document } from '../../src/core/documents/types.js';
import {
  diffSchedules,
  extractClaims,
  type MeetingClaim,
  reconcile,
  type Schedule,
  type ScheduleChange,
} from '../../src/core/schedule/index.js';
import { corpusPath, describeCorpus } from '../helpers/corpus.js';

function textDocument(path: string): Document {
  return documentFromText(readFileSync(path, 'utf8'), path.endsWith('.md') ? 'markdown' : 'text', path);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** A calendar date written anywhere in a text, by a deliberately simple independent check. */
const ANY_DATE =
  /\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b|\b\d{4}-\d{2}-\d{2}\b/i;

describeCorpus('announcements: every one yields a dated meeting', () => {
  const tc39 = walk(corpusPath('announcements/tc39_agendas/current')).filter((f) => f.endsWith('.md'));
  const ietf = walk(corpusPath('announcements/ietf_httpwg_wg-materials')).filter((f) =>
    /agenda[^/]*\.(md|txt)$/.test(f),
  );

  it('finds the announcements', () => {
    expect(tc39.length).toBe(83);
    expect(ietf.length).toBe(54);
  });

  it('every TC39 announcement gives its numbered meeting, dated, with a zone', () => {
    const failures: string[] = [];
    for (const file of tc39) {
      const { claims } = extractClaims(textDocument(file), {
        kind: 'web',
        name: file,
        seenAt: '2026-08-15T00:00:00Z',
      });
      const main = claims.find((c) => c.series?.value === 'TC39' && c.ordinal && c.dates);
      if (!main) failures.push(relative(corpusPath('announcements'), file));
      else if (!main.zone) failures.push(`${relative(corpusPath('announcements'), file)} (no zone)`);
    }
    expect(failures).toEqual([]);
  });

  it('every IETF agenda with a date in its text yields a dated meeting; those without say so', () => {
    const undated: string[] = [];
    const failures: string[] = [];
    for (const file of ietf) {
      const { claims, diagnostics } = extractClaims(textDocument(file), {
        kind: 'web',
        name: file,
        seenAt: '2024-10-23T00:00:00Z',
      });
      const rel = relative(corpusPath('announcements/ietf_httpwg_wg-materials'), file);
      if (claims.some((c) => c.dates)) continue;
      if (ANY_DATE.test(readFileSync(file, 'utf8'))) failures.push(rel);
      else {
        undated.push(rel);
        expect(diagnostics.map((d) => d.code)).toContain('schedule.no-date');
      }
    }
    expect(failures).toEqual([]);
    // IETF 69 lists only agenda items; IETF 114 gives weekdays ("Wednesday") but no date.
    expect(undated.sort()).toEqual(['ietf114/agenda.md', 'ietf69/agenda.txt']);
  });
});

/** The TC39 header of one meeting file, revision after revision. */
function replay(files: string[]): { version: string; changes: ScheduleChange[] }[] {
  const claims: MeetingClaim[] = [];
  let previous: Schedule = reconcile([]);
  const out: { version: string; changes: ScheduleChange[] }[] = [];
  for (const file of files) {
    const [series, version, date] = (file.split('/').pop() as string).split('__') as [string, string, string];
    const source = {
      kind: 'web' as const,
      name: file,
      date,
      seenAt: `${date}T12:00:00Z`,
      revisionKey: `tc39/${series}`,
      revision: Number(version.slice(1)),
    };
    claims.push(...extractClaims(textDocument(file), source).claims);
    const next = reconcile(claims);
    out.push({ version: `${series} ${version}`, changes: diffSchedules(previous, next) });
    previous = next;
  }
  return out;
}

describeCorpus('TC39 header history', () => {
  const dir = corpusPath('announcements/tc39_agendas/header_history');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => join(dir, f));
  const bySeries = new Map<string, string[]>();
  for (const f of files) {
    const key = (f.split('/').pop() as string).split('__')[0] as string;
    bySeries.set(key, [...(bySeries.get(key) ?? []), f]);
  }
  const all = [...bySeries.values()].flatMap(replay);
  const changes = all.flatMap((r) =>
    r.changes.map((c) => `${r.version} ${c.kind} ${c.meetingId} ${c.field}`),
  );

  it('yields exactly the venue, date, time and zone changes the revisions contain', () => {
    // Read off the header diffs by hand: everything else in the history is wording,
    // punctuation, escaping ("Los\_Angeles"), weekday names or a zone name that a stated
    // IANA zone already fixed ("EDT (America/Chicago)" -> "CDT (America/Chicago)").
    expect(changes.filter((c) => !c.includes(' added '))).toEqual([
      '2020-03 v04 venue-changed tc39#75 venue', // Cupertino -> Remote
      '2020-06 v02 moved tc39#76 dates', // June 2-4 -> June 1-4 (the daily times list four days)
      '2020-06 v02 retimed tc39#76 times', // 10:00-17:00/16:00 -> 10:00-15:00
      '2020-07 v02 retimed tc39#77 timeZone', // PT (UTC -5) -> PT (UTC -7)
      '2020-11 v02 retimed tc39#79 timeZone', // CEST (UTC +2) -> CET (UTC +1)
      '2021-07 v02 retimed tc39#84 times', // 10:00-17:00 -> 10:00-15:00
      '2023-01 v03 moved tc39#94 dates', // the TBD meeting of 23-26 January became the 94th, 30 January - 2 February
      '2023-07 v03 retimed tc39#97 times', // 11 July ends 16:30 instead of 17:00
      '2023-07 v05 retimed tc39#97 times', // ... and then 16:15
      '2024-10 v03 retimed tc39#104 times', // 10 October ends 17:00 instead of 16:00
      '2024-10 v04 retimed tc39#104 times', // 8 and 9 October end 17:30
      '2026-01 v02 moved tc39#112 dates', // 20-23 -> 20-22 January
      '2026-01 v06 moved tc39#112 dates', // 20-22 -> 20-21 January
    ]);
  });

  it('a file that later holds a different meeting is two meetings, never a move', () => {
    // 2021-05 announced the 82nd meeting (19-22 April) and was then reused for the 83rd (25-26 May);
    // 2015-09, 2016-05 and 2019-07 changed their number too.
    const r = replay(bySeries.get('2021-05') as string[]);
    expect(r.map((x) => x.changes.map((c) => `${c.kind} ${c.meetingId}`))).toEqual([
      ['added tc39#82'],
      ['added tc39#83'],
      [],
      [],
    ]);
    for (const key of ['2015-09', '2016-05', '2019-07', '2021-05']) {
      expect(
        replay(bySeries.get(key) as string[]).flatMap((x) => x.changes.filter((c) => c.kind === 'moved')),
      ).toEqual([]);
    }
  });

  it('a meeting first numbered "TBD" keeps its identity when it gets its number', () => {
    const r = replay(bySeries.get('2022-01') as string[]);
    expect(r.map((x) => x.changes.map((c) => `${c.kind} ${c.meetingId}`))).toEqual([
      ['added tc39@2022-01-24'],
      [],
      [],
      [],
      [],
      [],
    ]);
  });

  it('each series adds each of its meetings once', () => {
    const added = all.flatMap((r) =>
      r.changes.filter((c) => c.kind === 'added').map((c) => `${r.version.split(' ')[0]} ${c.meetingId}`),
    );
    expect(new Set(added).size).toBe(added.length);
  });
});

describeCorpus('invitation e-mails (BlueMind iMIP samples)', () => {
  const dir = corpusPath('mbox/bluemind_imip_eml');
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort();
  const read = async (name: string) => {
    const doc = await extractDocument(readFileSync(join(dir, name)), {
      name,
      limits: DEFAULT_EXTRACT_LIMITS,
    });
    const date = doc.email?.date;
    return {
      doc,
      ...extractClaims(doc, {
        kind: 'email',
        name,
        seenAt: '2024-05-30T00:00:00Z',
        ...(date ? { date } : {}),
      }),
    };
  };

  it('every e-mail with a calendar part yields its meeting; attendee replies yield none, and say why', async () => {
    let invitations = 0;
    let replies = 0;
    for (const name of names) {
      const { doc, claims, diagnostics } = await read(name);
      if (doc.events.length === 0) continue;
      const schedule = doc.events.filter(
        (e) => !['REPLY', 'COUNTER', 'DECLINECOUNTER', 'REFRESH'].includes(e.method ?? ''),
      );
      if (schedule.length > 0) {
        invitations++;
        expect(claims.length, name).toBe(schedule.length);
        for (const c of claims) {
          expect(c.uid?.value, name).toBeTruthy();
          expect(c.dates, name).toBeDefined();
          // Every timed claim is anchored to an instant: no machine-zone guess.
          if (c.sessions[0]?.start) expect(c.sessions[0]?.startAt, name).toMatch(/[+-]\d{2}:\d{2}$|Z$/);
        }
      } else {
        replies++;
        expect(claims, name).toEqual([]);
        expect(diagnostics.map((d) => d.code)).toContain('schedule.calendar-reply');
      }
    }
    expect(invitations).toBeGreaterThanOrEqual(15);
    expect(replies).toBeGreaterThanOrEqual(10);
  });

  it('reads a custom VTIMEZONE ("Romance") at its real offset', async () => {
    const { claims } = await read('domino.invite.new.eml');
    expect(claims[0]?.sessions[0]).toMatchObject({ start: '11:00', startAt: '2012-08-14T11:00:00+02:00' });
  });

  it('an update with the same times changes nothing; the cancellation cancels', async () => {
    const invite = (await read('bm.invite.new.eml')).claims;
    const update = (await read('bm.task.update.eml')).claims;
    const cancel = (await read('bm.task.cancel.eml')).claims;
    const s1 = reconcile(invite);
    const s2 = reconcile([...invite, ...update]);
    const s3 = reconcile([...invite, ...update, ...cancel]);
    expect(s1.meetings).toHaveLength(1);
    expect(diffSchedules(s1, s2)).toEqual([]);
    expect(diffSchedules(s2, s3).map((c) => [c.kind, c.meetingId, c.before, c.after])).toEqual([
      ['cancelled', 'uid:8ec4680fa0dda2d7202d704faa58ce25cac58670', 'scheduled', 'cancelled'],
    ]);
  });
});
