import type { DraftDiff, DraftStatus, ReportedState, SectionStatus } from '../../drafts/index.js';
import type { DocumentRecord, ProcessRecord, VersionRecord } from '../../store.js';
import type { AlertContent } from '../contracts.js';

/** How a new version is announced: the alert's lines, and the words shared by replies. */

/** The alert people get for a new version. */
export function draftAlert(
  process: ProcessRecord,
  document: DocumentRecord,
  version: VersionRecord,
  previous: VersionRecord | null,
  status: DraftStatus,
  diff: DraftDiff | null,
): AlertContent {
  const lines: string[] = [];
  lines.push(
    `${status.brackets.total} bracket${status.brackets.total === 1 ? '' : 's'} open, ${status.agreedPercent}% of words agreed${status.state === 'clean' ? ' — no brackets left' : ''}.`,
  );
  if (diff && previous) {
    const s = diff.summary;
    // Diffs cached before section labels existed have none: fall back to titles.
    const labels: Record<string, string | undefined> = diff.sectionLabels ?? {};
    lines.push(
      `Since #${previous.sequence} (${previous.label}): ${s.resolvedKept} agreed, ${s.resolvedDeleted} deleted, ${s.added} added, ${s.changed} changed.`,
    );
    const plainAdded = s.paragraphs.addedUnbracketed ?? 0;
    const plainRemoved = s.paragraphs.removedUnbracketed ?? 0;
    if (plainAdded || plainRemoved) {
      lines.push(
        `Outside brackets: ${plainAdded} new paragraph${plainAdded === 1 ? '' : 's'}, ${plainRemoved} removed.`,
      );
    }
    if (s.qualifiersAdded || s.qualifiersRemoved) {
      const added = [...new Set(diff.qualifiers.added.map((q) => `"${q.phrase}"`))].slice(0, 5);
      const removed = [...new Set(diff.qualifiers.removed.map((q) => `"${q.phrase}"`))].slice(0, 5);
      lines.push(
        `Qualifiers: ${added.length ? `added ${added.join(', ')}` : ''}${added.length && removed.length ? '; ' : ''}${removed.length ? `removed ${removed.join(', ')}` : ''}.`,
      );
    }
    for (const v of diff.verbs.changed.slice(0, 3)) {
      lines.push(
        `${v.kind === 'weakened' ? 'Weakened' : v.kind === 'strengthened' ? 'Strengthened' : 'Replaced'}: "${v.from}" -> "${v.to}" in ${labels[v.after.section] ?? 'the text'}.`,
      );
    }
    for (const sec of diff.sections.filter((x) => x.changed).slice(0, 5)) {
      const name = labels[sec.newId ?? sec.oldId ?? ''] ?? (sec.title || 'A section');
      lines.push(`${name}: ${stateWords(sec.before)} -> ${stateWords(sec.after)}.`);
    }
  } else {
    const open = partSections(status).filter(
      (s) => s.state !== 'clean' && s.state !== 'provisionally-agreed',
    );
    if (open.length)
      lines.push(
        `Still bracketed: ${open
          .slice(0, 8)
          .map((s) => s.label)
          .join(', ')}.`,
      );
  }
  return {
    title: `${document.name}: new version #${version.sequence} "${version.label}" in ${process.name}`,
    tone: 'info',
    lines,
    actions: [
      { command: `brackets status document:${quoteArg(document.name)}`, label: 'What is still bracketed' },
      ...(previous
        ? [{ command: `brackets diff document:${quoteArg(document.name)}`, label: 'Full comparison' }]
        : []),
    ],
    threadKey: `document:${document.id}`,
  };
}

/**
 * The sections people think of as the draft's parts: the top level, or, when one title
 * section holds everything (a Markdown "# Title" over the whole draft), the level below it.
 */
export function partSections(status: Pick<DraftStatus, 'sections'>): SectionStatus[] {
  const real = status.sections.filter((s) => s.kind !== 'footnotes' && s.kind !== 'front');
  let level = real.filter((s) => s.parent === null);
  while (level.length === 1) {
    const only = level[0] as SectionStatus;
    const children = real.filter((s) => s.parent === only.id);
    if (children.length === 0) break;
    level = children;
  }
  return level;
}

/** Words for a section state in alerts. */
export function stateWords(state: ReportedState | null): string {
  switch (state) {
    case null:
      return 'absent';
    case 'clean':
      return 'agreed';
    case 'provisionally-agreed':
      return 'provisionally agreed';
    case 'partly-bracketed':
      return 'partly bracketed';
    case 'wholly-bracketed':
      return 'wholly bracketed';
    case 'uncertain':
      return 'uncertain';
  }
}

export function quoteArg(s: string): string {
  return /\s/.test(s) ? `"${s}"` : s;
}

/** One line, at most 160 characters. */
export function excerpt(text: string, max = 160): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Which version a change entry is about, as every draft change entry names it (post, withdrawal). */
export function versionRef(document: DocumentRecord, version: VersionRecord) {
  return {
    documentId: document.id,
    document: document.name,
    versionId: version.id,
    sequence: version.sequence,
    label: version.label,
  };
}
