import type { DraftParagraph, ParsedDraft } from './types.js';
import { mergeRanges } from './words.js';

/**
 * The "Australian method" preview: the text as it would read if all bracketed text were
 * deleted now (`delete`), and beside it the text with the brackets dropped and their text
 * kept (`keep`). Annotations ("[US: delete]") are removed in both views: they are notes
 * about the text, not text.
 */
export type CleanMode = 'delete' | 'keep';

/** Options of `cleanView`. */
export interface CleanOptions {
  /**
   * Tidy the seams left by removals: no doubled spaces, no space before punctuation, no
   * line left empty, and " / " between options kept side by side (`[shall][should]` ->
   * "shall / should"). Without it the view is exact: the text minus the removed ranges.
   */
  tidy?: boolean;
}

/**
 * The ranges a view removes, sorted and merged (flat start/end pairs).
 * `delete`: every negotiation bracket with its content, contested paragraphs (bracketed
 * number) whole, and annotations. `keep`: only the bracket tokens of negotiation brackets,
 * and annotations.
 */
export function removedRanges(draft: ParsedDraft, mode: CleanMode): number[] {
  const flat: number[] = [];
  for (const a of draft.annotations) flat.push(a.start, a.end);
  if (mode === 'delete') {
    for (const b of draft.brackets) if (b.parent < 0) flat.push(b.start, b.end);
    for (const p of draft.paragraphs) if (p.contested) flat.push(p.start, p.end);
  } else {
    for (const b of draft.brackets) {
      flat.push(b.start, b.start + b.openLength);
      if (b.closeLength > 0) flat.push(b.end - b.closeLength, b.end);
    }
  }
  return mergeRanges(flat);
}

/** The clean view of a parsed draft (see `CleanMode`). */
export function cleanView(draft: ParsedDraft, mode: CleanMode, options: CleanOptions = {}): string {
  const text = draft.text;
  const removed = removedRanges(draft, mode);
  if (!options.tidy) {
    const parts: string[] = [];
    let at = 0;
    for (let k = 0; k < removed.length; k += 2) {
      parts.push(text.slice(at, removed[k] as number));
      at = removed[k + 1] as number;
    }
    parts.push(text.slice(at));
    return parts.join('');
  }
  return tidyView(draft, removed, mode);
}

/** Builds the view piece by piece, mending each seam as it is made. */
function tidyView(draft: ParsedDraft, removed: number[], mode: CleanMode): string {
  const text = draft.text;
  // In the keep view, the seam between two options of one choice reads " / ".
  const seams: number[] = [];
  if (mode === 'keep') {
    for (const alt of draft.alternatives) {
      if (alt.kind !== 'adjacent') continue;
      for (let i = 0; i + 1 < alt.members.length; i++) {
        const m = alt.members[i] as { end: number };
        const n = alt.members[i + 1] as { start: number };
        // The gap between options (spaces, a "/") goes with the seam.
        removed.push(m.end, n.start);
        seams.push(m.end);
      }
    }
    removed = mergeRanges(removed);
    seams.sort((a, b) => a - b);
  }
  const out: string[] = [];
  let last = '';
  const write = (s: string) => {
    if (s.length === 0) return;
    out.push(s);
    last = s[s.length - 1] as string;
  };
  let at = 0;
  let seam = 0;
  for (let k = 0; k <= removed.length; k += 2) {
    const start = k < removed.length ? (removed[k] as number) : text.length;
    let piece = text.slice(at, start);
    if (k > 0) {
      // Spaces on both sides of a removal: keep one.
      if ((last === ' ' || last === '\t' || last === '\n' || last === '') && /^[ \t]+/.test(piece)) {
        piece = piece.replace(/^[ \t]+/, '');
      }
      // A space left before punctuation: drop it.
      if (/^[,.;:)\]]/.test(piece) && (last === ' ' || last === '\t')) {
        const prev = (out.pop() as string).replace(/[ \t]+$/, '');
        out.push(prev);
        last = prev.length > 0 ? (prev[prev.length - 1] as string) : '';
      }
      // A line emptied by the removal: drop the rest of it and its line break.
      if ((last === '\n' || last === '') && /^[ \t]*\r?\n/.test(piece))
        piece = piece.replace(/^[ \t]*\r?\n/, '');
    }
    write(piece);
    if (k >= removed.length) break;
    const end = removed[k + 1] as number;
    while (seam < seams.length && (seams[seam] as number) <= start) seam++;
    if (seam < seams.length && (seams[seam] as number) <= end) write(' / ');
    at = end;
  }
  // Paragraphs deleted whole leave runs of blank lines (keep at most one) and lines that end in spaces.
  return out
    .join('')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n');
}

/** Paragraphs whose whole text is contested (bracketed number), for a note beside the view. */
export function contestedParagraphs(draft: ParsedDraft): DraftParagraph[] {
  return draft.paragraphs.filter((p) => p.contested);
}
