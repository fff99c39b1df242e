import { excerpt } from '../app/drafts.js';
import type { MeetingView } from '../app/schedule.js';
import type { DraftDiff, DraftStatus, ReportedState, SectionStatus } from '../drafts/index.js';
import type { Inline, ReplyField, ReplySection } from '../reply.js';
import { daysApart, describeConflict, type FieldConflict, type Settlement } from '../schedule/index.js';
import type { DocumentRecord, VersionRecord } from '../store.js';

/** Shared wording for command replies, so every command says things the same way. */

export const STATE_WORDS: Record<ReportedState, string> = {
  clean: 'agreed',
  'provisionally-agreed': 'provisionally agreed (package deal)',
  'partly-bracketed': 'partly bracketed',
  'wholly-bracketed': 'wholly bracketed',
  uncertain: 'uncertain (a bracket that probably has a typo may cover it)',
};

/** A marker per state for lists: easy to scan in any client. */
export const STATE_MARK: Record<ReportedState, string> = {
  clean: '✓',
  'provisionally-agreed': '~',
  'partly-bracketed': '◐',
  'wholly-bracketed': '●',
  uncertain: '?',
};

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Vision #5 \"1 June version\"". */
export function versionName(document: DocumentRecord, version: VersionRecord): string {
  return `${document.name} #${version.sequence} "${version.label}"`;
}

/** The headline figures of a status report as fields. */
export function statusFields(
  s: Pick<DraftStatus, 'brackets' | 'alternatives' | 'holders' | 'words' | 'agreedPercent' | 'state'>,
): ReplyField[] {
  return [
    { name: 'State', value: STATE_WORDS[s.state], inline: true },
    { name: 'Agreed', value: `${s.agreedPercent}% of ${plural(s.words.total, 'word')}`, inline: true },
    {
      name: 'Brackets',
      value: `${s.brackets.total} (${s.brackets.topLevel} top-level, deepest ${s.brackets.maxDepth})${s.brackets.unclosed ? `, ${s.brackets.unclosed} unclosed` : ''}`,
      inline: true,
    },
    { name: 'Alternatives', value: String(s.alternatives), inline: true },
    { name: 'Holders', value: s.holders.length ? s.holders.join(', ') : 'none named', inline: true },
  ];
}

/** One line per top-level section: mark, id, title, state and counts. */
export function sectionLine(sec: SectionStatus): string {
  const label = sec.label ?? (sec.title && sec.title !== sec.id ? `${sec.id} ${sec.title}` : sec.id);
  const counts = sec.brackets.total
    ? ` (${plural(sec.brackets.total, 'bracket')}, ${sec.agreedPercent}% agreed)`
    : '';
  return `${STATE_MARK[sec.state]} ${label}: ${STATE_WORDS[sec.state]}${counts}`;
}

/** A short quote of a diff item's text. */
export function quote(text: string | undefined | null, max = 180): string {
  return text ? excerpt(text, max) : '';
}

/** The summary line of a diff. */
export function diffSummary(diff: DraftDiff): string {
  const s = diff.summary;
  return `${s.resolvedKept} agreed, ${s.resolvedDeleted} deleted, ${s.added} added, ${s.changed} changed, ${s.unchanged} unchanged; brackets ${diff.before.brackets} -> ${diff.after.brackets}, agreed ${diff.before.agreedPercent}% -> ${diff.after.agreedPercent}%.`;
}

/** A meeting on one line: handle or title, when, where, flags. */
export function meetingLine(v: MeetingView): Inline[] {
  const h = v.headline;
  const out: Inline[] = [{ strong: h.handle ? `${h.handle} ${h.title}` : h.title }];
  if (h.status !== 'scheduled') out.push(` [${h.status.toUpperCase()}]`);
  // "4 and 6 May 2027": whole days said apart, never one day nor a span that takes in 5 May.
  const apart = v.meeting.times ? undefined : daysApart(v.meeting);
  if (apart) out.push(`: ${apart}`);
  else if (h.startsAt)
    out.push(': ', { time: h.startsAt, zone: h.timeZone ?? 'UTC', style: v.meeting.times ? 'full' : 'date' });
  else if (v.meeting.dates)
    out.push(
      `: ${v.meeting.dates.start}${v.meeting.dates.end !== v.meeting.dates.start ? ` to ${v.meeting.dates.end}` : ''}`,
    );
  if (v.meeting.times) out.push(` (${v.meeting.times}${h.timeZone ? ` ${h.timeZone}` : ''})`);
  if (h.venue) out.push(`, ${h.venue}`);
  if (h.disputed.length) out.push(` — disputed: ${h.disputed.join(', ')}`);
  return out;
}

/**
 * Where a meeting's sources disagree and which disagreements a later source settled, worded
 * the same in every reply that shows them (`/meetings show`, `/meetings sources`).
 */
export function disputeSections(
  m: { conflicts: FieldConflict[]; settlements: Settlement[] },
  conflictsHeading: string,
): ReplySection[] {
  const sections: ReplySection[] = [];
  if (m.conflicts.length) {
    sections.push({
      heading: conflictsHeading,
      items: m.conflicts.map((c) => `${c.field}: ${describeConflict(c)}`),
    });
  }
  if (m.settlements.length) {
    sections.push({
      heading: 'Settled',
      items: m.settlements.map(
        (s) => `${s.field}: ${s.value} (settled by ${s.settledBy.name}, ${s.reason.replace('-', ' ')})`,
      ),
    });
  }
  return sections;
}
