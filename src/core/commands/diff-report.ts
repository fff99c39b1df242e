import type { BracketChange, DiffPlace, DraftDiff, ParagraphChange } from '../drafts/index.js';
import { formatStamp, type Reply, type ReplySection, reply } from '../reply.js';
import type { DocumentRecord, VersionRecord } from '../store.js';
import { diffSummary, plural, quote, STATE_WORDS } from './format.js';

/**
 * The diff for people: a summary sized for a chat message (counts per section, the few
 * biggest changes) and the full report, every item with both of its positions, as an
 * attached Markdown file. Two drafts of a real negotiation differ in well over a thousand
 * places; a chat room gets the summary, never the thousand lines.
 */

/**
 * Longest summary in plain text. Discord takes 2000 characters in a message and 4096 in an
 * embed description; Slack 3000 per section block. Kept well under the smallest, with room
 * for the adapters' own framing.
 */
export const CHAT_SUMMARY_CHARS = 1700;
/** Sections and items listed in the summary at most. */
const MAX_SECTIONS = 8;
const MAX_BIGGEST = 5;

const KIND_WORDS: Record<BracketChange['kind'], string> = {
  'resolved-kept': 'agreed',
  'resolved-deleted': 'deleted',
  added: 'added',
  changed: 'changed',
};

/** "was C9 ¶12 line 40, now C9 ¶13 line 42"; one side when the other has no counterpart. */
export function positions(was: DiffPlace | null | undefined, now: DiffPlace | null | undefined): string {
  const parts: string[] = [];
  parts.push(was ? `was ${was.label}` : 'new paragraph');
  parts.push(now ? `now ${now.label}` : 'paragraph gone');
  return parts.join(', ');
}

/** Fallback for items of diffs cached before positions existed. */
function placeOf(c: BracketChange, side: 'was' | 'now'): DiffPlace | null {
  const p = c[side];
  if (p !== undefined) return p;
  const loc = side === 'was' ? c.before : c.after;
  return loc
    ? {
        section: loc.section,
        paragraph: loc.paragraph,
        line: loc.line,
        label: `${loc.paragraph} line ${loc.line}`,
      }
    : null;
}

/** One line for a bracket change, with both positions. */
export function changeLine(c: BracketChange, max = 160): string {
  const where = positions(placeOf(c, 'was'), placeOf(c, 'now'));
  switch (c.kind) {
    case 'added':
      return `added ${quote(c.after?.text, max)}${c.reopened ? ' (reopens agreed text)' : ''} (${where})`;
    case 'resolved-kept':
      return `agreed as "${quote(c.after?.text ?? c.before?.text, max)}" (${where})`;
    case 'resolved-deleted':
      return `deleted ${quote(c.before?.text, max)} (${where})`;
    default:
      return `${quote(c.before?.text, max / 2)} -> ${quote(c.after?.text, max / 2)} (${where})`;
  }
}

function paragraphLine(p: ParagraphChange, max = 160): string {
  return `${p.kind === 'added' ? 'new paragraph' : 'paragraph removed'} at ${p.place.label}: ${quote(p.text, max)}`;
}

interface SectionTally {
  label: string;
  first: number;
  agreed: number;
  deleted: number;
  added: number;
  changed: number;
  newParagraphs: number;
  removedParagraphs: number;
}

function total(t: SectionTally): number {
  return t.agreed + t.deleted + t.added + t.changed + t.newParagraphs + t.removedParagraphs;
}

/** Counts per section (the new version's section, else the old one's), in document order. */
function tallies(diff: DraftDiff): SectionTally[] {
  const labels = diff.sectionLabels ?? {};
  const map = new Map<string, SectionTally>();
  let order = 0;
  const get = (place: DiffPlace | null) => {
    const id = place?.section ?? '';
    let t = map.get(id);
    if (!t) {
      t = {
        label: labels[id] ?? (id || 'Elsewhere'),
        first: order++,
        agreed: 0,
        deleted: 0,
        added: 0,
        changed: 0,
        newParagraphs: 0,
        removedParagraphs: 0,
      };
      map.set(id, t);
    }
    return t;
  };
  const all = [...diff.resolvedKept, ...diff.resolvedDeleted, ...diff.added, ...diff.changed];
  for (const c of all) {
    const t = get(placeOf(c, 'now') ?? placeOf(c, 'was'));
    if (c.kind === 'resolved-kept') t.agreed++;
    else if (c.kind === 'resolved-deleted') t.deleted++;
    else if (c.kind === 'added') t.added++;
    else t.changed++;
  }
  for (const p of diff.paragraphs?.added ?? []) get(p.place).newParagraphs++;
  for (const p of diff.paragraphs?.removed ?? []) get(p.place).removedParagraphs++;
  return [...map.values()];
}

function tallyLine(t: SectionTally): string {
  const parts: string[] = [];
  if (t.agreed) parts.push(`${t.agreed} agreed`);
  if (t.deleted) parts.push(`${t.deleted} deleted`);
  if (t.added) parts.push(`${t.added} added`);
  if (t.changed) parts.push(`${t.changed} changed`);
  if (t.newParagraphs) parts.push(plural(t.newParagraphs, 'new paragraph'));
  if (t.removedParagraphs) parts.push(plural(t.removedParagraphs, 'paragraph removed', 'paragraphs removed'));
  return `${t.label}: ${parts.join(', ')}`;
}

/** Size of an item, for "the biggest changes": the words it puts in or takes out. */
function weight(c: BracketChange): number {
  const text =
    c.kind === 'added'
      ? c.after?.text
      : c.kind === 'changed'
        ? `${c.before?.text ?? ''} ${c.after?.text ?? ''}`
        : c.before?.text;
  return (text ?? '').split(/\s+/).filter(Boolean).length;
}

/** The whole diff as Markdown: every item, with both positions. */
export function fullDiffReport(title: string, diff: DraftDiff, posted?: string): string {
  const out: string[] = [`# ${title}`, '', ...(posted ? [posted, ''] : []), diffSummary(diff), ''];
  const p = diff.summary.paragraphs;
  out.push(
    `Paragraphs: ${p.matched} matched (${p.moved} moved to another section), ${p.added} added, ${p.removed} removed; of these, ${p.addedUnbracketed ?? 0} added and ${p.removedUnbracketed ?? 0} removed outside any bracket.`,
    '',
  );
  const group = (heading: string, items: string[]) => {
    if (items.length === 0) return;
    out.push(`## ${heading} (${items.length})`, '');
    for (const item of items) out.push(`- ${item.replace(/\n/g, ' ')}`);
    out.push('');
  };
  const byTally = tallies(diff);
  group(
    'By section',
    byTally.map((t) => tallyLine(t)),
  );
  group(
    'Agreed: brackets removed, text kept',
    diff.resolvedKept.map((c) => changeLine(c, 600)),
  );
  group(
    'Deleted with their text',
    diff.resolvedDeleted.map((c) => changeLine(c, 600)),
  );
  group(
    'Added',
    diff.added.map((c) => changeLine(c, 600)),
  );
  group(
    'Changed inside the brackets',
    diff.changed.map((c) => changeLine(c, 600)),
  );
  group(
    'New paragraphs outside brackets',
    (diff.paragraphs?.added ?? []).map((x) => paragraphLine(x, 600)),
  );
  group(
    'Paragraphs removed outside brackets',
    (diff.paragraphs?.removed ?? []).map((x) => paragraphLine(x, 600)),
  );
  group(
    'Sections whose state changed',
    diff.sections
      .filter((s) => s.changed)
      .map(
        (s) =>
          `${diff.sectionLabels?.[s.newId ?? s.oldId ?? s.id] ?? s.id}${s.title ? ` (${s.title})` : ''}: ${s.before ? STATE_WORDS[s.before] : 'new'} -> ${s.after ? STATE_WORDS[s.after] : 'removed'} (${s.brackets.before} -> ${s.brackets.after} brackets)`,
      ),
  );
  group(
    'Qualifiers added',
    diff.qualifiers.added.map(
      (q) => `"${q.phrase}" at line ${q.location.line}: ${quote(q.location.text, 300)}`,
    ),
  );
  group(
    'Qualifiers removed',
    diff.qualifiers.removed.map(
      (q) => `"${q.phrase}" (old line ${q.location.line}): ${quote(q.location.text, 300)}`,
    ),
  );
  group(
    'Verb strength',
    diff.verbs.changed.map(
      (v) => `${v.kind}: "${v.from}" -> "${v.to}" (old line ${v.before.line}, new line ${v.after.line})`,
    ),
  );
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * `/brackets diff` for a chat room: counts per section and the few biggest changes, within
 * `CHAT_SUMMARY_CHARS`, and the full report attached.
 */
export function diffReply(
  document: DocumentRecord,
  from: VersionRecord,
  to: VersionRecord,
  diff: DraftDiff,
  zone?: string,
): Reply {
  const title = `${document.name}: #${from.sequence} "${from.label}" -> #${to.sequence} "${to.label}"`;
  // When each version was posted, in the reader's zone (UTC without one), the zone named.
  const posted = `#${from.sequence} posted ${formatStamp(from.postedAt, zone)}; #${to.sequence} posted ${formatStamp(to.postedAt, zone)}.`;
  const p = diff.summary.paragraphs;
  const plainParas =
    (p.addedUnbracketed ?? 0) + (p.removedUnbracketed ?? 0) > 0
      ? ` Outside brackets: ${plural(p.addedUnbracketed ?? 0, 'new paragraph')}, ${plural(p.removedUnbracketed ?? 0, 'paragraph removed', 'paragraphs removed')}.`
      : '';
  const summary = `${diffSummary(diff)}${plainParas}`;
  const all = [...diff.resolvedKept, ...diff.resolvedDeleted, ...diff.added, ...diff.changed];
  const items = all.length + (diff.paragraphs?.added.length ?? 0) + (diff.paragraphs?.removed.length ?? 0);
  const filename = `${document.slug || 'draft'}-diff-v${from.sequence}-v${to.sequence}.md`;
  const attachments =
    items > 0 || diff.qualifiers.added.length + diff.qualifiers.removed.length + diff.verbs.changed.length > 0
      ? [
          {
            filename,
            contentType: 'text/markdown; charset=utf-8',
            content: fullDiffReport(title, diff, posted),
            description: 'Every change, with its place in both versions',
          },
        ]
      : [];

  const bySection = tallies(diff)
    .filter((t) => total(t) > 0)
    .sort((a, b) => total(b) - total(a) || a.first - b.first);
  const biggest = [...all].sort((a, b) => weight(b) - weight(a)).slice(0, MAX_BIGGEST);
  const states = diff.sections.filter((s) => s.changed);

  const build = (nSections: number, nBiggest: number, width: number): Reply => {
    const sections: ReplySection[] = [];
    if (bySection.length) {
      const shown = bySection.slice(0, nSections).map(tallyLine);
      if (bySection.length > nSections)
        shown.push(`… and ${plural(bySection.length - nSections, 'more section')} in the attached report`);
      sections.push({ heading: `By section (${bySection.length})`, items: shown });
    }
    if (nBiggest > 0 && biggest.length) {
      sections.push({
        heading: 'Biggest changes',
        items: biggest
          .slice(0, nBiggest)
          .map(
            (c) =>
              `${KIND_WORDS[c.kind]}: ${changeLine(c, width).replace(/^(added|agreed as|deleted) /, '')}`,
          ),
      });
    }
    if (states.length) {
      sections.push({
        body: `${plural(states.length, 'section')} changed state; qualifiers ${diff.summary.qualifiersAdded} added, ${diff.summary.qualifiersRemoved} removed; ${plural(diff.summary.verbsChanged, 'verb')} changed strength.`,
      });
    }
    if (items === 0 && sections.length === 0)
      sections.push({ body: 'No bracket, paragraph, qualifier or verb changed between these versions.' });
    return reply(title, {
      summary,
      sections,
      attachments,
      ...(attachments.length
        ? {
            footer: `Every change, with its place in both versions, is in the attached file (full report: ${filename})`,
          }
        : {}),
    });
  };
  // Fit the chat budget: fewer items, then shorter quotes.
  for (const [ns, nb, w] of [
    [MAX_SECTIONS, MAX_BIGGEST, 140],
    [MAX_SECTIONS, 3, 100],
    [5, 3, 80],
    [5, 2, 60],
    [3, 1, 60],
    [3, 0, 60],
  ] as const) {
    const r = build(ns, nb, w);
    if (plainLength(r) <= CHAT_SUMMARY_CHARS) return r;
  }
  return build(2, 0, 40);
}

function plainLength(r: Reply): number {
  let n = r.title.length + (typeof r.summary === 'string' ? r.summary.length : 0) + (r.footer?.length ?? 0);
  for (const s of r.sections) {
    n += (s.heading?.length ?? 0) + (typeof s.body === 'string' ? s.body.length : 0);
    for (const i of s.items ?? []) n += (typeof i === 'string' ? i.length : 0) + 3;
  }
  return n;
}
