import { type AlternativeColumns, alternativeColumns } from '../../../src/core/drafts/alternative-table.js';
import { type BracketTable, bracketColumns } from '../../../src/core/drafts/bracket-table.js';
import { sectionLabel } from '../../../src/core/drafts/labels.js';
import { lowerBound } from '../../../src/core/drafts/lists.js';
import { NOTE_FAMILY } from '../../../src/core/drafts/rules.js';
import {
  type DraftStatus,
  documentCounts,
  type ParagraphStatus,
  percent,
  type SectionStatus,
  STATUS_SCHEMA,
  type StatusOptions,
  stateOf,
} from '../../../src/core/drafts/status.js';
import type {
  BracketState,
  DraftParagraph,
  DraftSection,
  ParsedDraft,
  ReportedState,
} from '../../../src/core/drafts/types.js';

/**
 * The reference for draftStatus (src/core/drafts/status.ts): the version the engine had
 * before its speed work (#14), with a closure per section and a Set of holders per unit,
 * kept in the tests so that the reworked one is checked against it, byte for byte, on fuzzed
 * and generated drafts (status-equivalence.test.ts). Change it only with the rules of
 * docs/brackets.md, never for speed.
 */

/** The paragraph label as it was made (a regex on every number). */
function paragraphLabel(paragraph: Pick<DraftParagraph, 'number' | 'line' | 'kind'>): string {
  if (paragraph.kind === 'heading') return `heading (line ${paragraph.line})`;
  if (paragraph.number !== undefined) return `¶${paragraph.number.replace(/^\^/, 'footnote ')}`;
  return `unnumbered paragraph at line ${paragraph.line}`;
}

/** Computes the status report of a parsed draft. */
export function referenceStatus(draft: ParsedDraft, options: StatusOptions = {}): DraftStatus {
  const { paragraphs, sections } = draft;
  // Columns, not objects: status reads the parse's own table when it has one (bracket-table.ts).
  const brackets = bracketColumns(draft);
  const count = brackets.count;
  const packageDeal = options.packageDeal === true && count > 0;
  const finish = (state: BracketState): ReportedState =>
    packageDeal && state === 'clean' ? 'provisionally-agreed' : state;
  const starts = brackets.start.subarray(0, count);
  const uncertain = new Set<number>();
  for (const u of draft.uncertain ?? []) for (const s of u.sections) uncertain.add(s);
  const choices = alternativeColumns(draft);
  const altStarts = choices.starts;

  const tally = paragraphTallies(draft, brackets, choices);
  const withHolders = Int32Array.from(brackets.holders.keys()).sort();

  const paragraphStatus = paragraphStatusOf(paragraphs, tally, finish);

  const sectionStatus = (s: number): SectionStatus => {
    const section = sections[s] as DraftSection;
    const lo = lowerBound(starts, section.start);
    const hi = lowerBound(starts, section.end);
    let topLevel = 0;
    let maxDepth = 0;
    let unclosed = 0;
    const holders = new Set<string>();
    for (let k = lo; k < hi; k++) {
      const parent = brackets.parent[k] as number;
      if (parent < 0 || (brackets.start[parent] as number) < section.start) topLevel++;
      if ((brackets.depth[k] as number) > maxDepth) maxDepth = brackets.depth[k] as number;
      if (brackets.closed[k] === 0) unclosed++;
    }
    // Holders of the brackets in the section: of the few brackets with holders, those in [lo, hi).
    for (let q = lowerBound(withHolders, lo); q < withHolders.length && (withHolders[q] as number) < hi; q++)
      for (const h of brackets.holdersOf(withHolders[q] as number)) holders.add(h);
    let total = 0;
    let bracketed = 0;
    let bodyTotal = 0;
    let bodyBracketed = 0;
    let contested = false;
    const own: ParagraphStatus[] = [];
    for (let p = section.firstParagraph; p < section.endParagraph; p++) {
      const para = paragraphs[p] as DraftParagraph;
      total += para.words;
      bracketed += para.bracketedWords;
      if (para.kind !== 'heading') {
        bodyTotal += para.words;
        bodyBracketed += para.bracketedWords;
      }
      contested ||= para.contested;
      for (const h of para.holders) holders.add(h);
      if (para.section === s && (para.kind === 'body' || para.kind === 'footnote'))
        own.push(paragraphStatus(p));
    }
    const has = hi > lo || bracketed > 0 || contested;
    // A section is judged by its text: the heading counts only when there is nothing else.
    const words = bodyTotal > 0 ? { total: bodyTotal, bracketed: bodyBracketed } : { total, bracketed };
    const state = stateOf(has, words.total, words.bracketed);
    const doubtful = uncertain.has(s);
    return {
      id: section.id,
      label: sectionLabel(section),
      kind: section.kind,
      ...(section.number === undefined ? {} : { number: section.number }),
      title: section.title,
      level: section.level,
      parent: section.parent >= 0 ? (sections[section.parent] as DraftSection).id : null,
      line: section.line,
      state: doubtful ? 'uncertain' : finish(state),
      ...(doubtful ? { bestEffortState: state } : {}),
      brackets: { total: hi - lo, topLevel, maxDepth, unclosed },
      alternatives: lowerBound(altStarts, section.end) - lowerBound(altStarts, section.start),
      holders: [...holders].sort(),
      words,
      agreedPercent: percent(words, has),
      paragraphs: own,
    };
  };

  let total = 0;
  let bracketed = 0;
  for (const p of paragraphs) {
    total += p.words;
    bracketed += p.bracketedWords;
  }
  const holders = new Set<string>();
  for (const list of brackets.holders.values()) for (const h of list) holders.add(h);
  for (const p of paragraphs) for (const h of p.holders) holders.add(h);
  const has = count > 0 || bracketed > 0;
  const words = { total, bracketed };
  const sectionReports = sections.map((_, s) => sectionStatus(s));
  return {
    schema: STATUS_SCHEMA,
    ...(draft.name === undefined ? {} : { name: draft.name }),
    packageDeal: options.packageDeal === true,
    state: finish(stateOf(has, total, bracketed)),
    brackets: documentCounts(brackets),
    alternatives: choices.count,
    holders: [...holders].sort(),
    words,
    agreedPercent: percent(words, has),
    sections: sectionReports,
    qualifiers: draft.qualifiers.length,
    notCounted: notCounted(draft),
    uncertainSections: sectionReports.filter((x) => x.state === 'uncertain').length,
    ...(draft.uncertainHolders ? { uncertainHolders: draft.uncertainHolders } : {}),
    diagnostics: draft.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      line: d.line,
      column: d.column,
      ...(d.snippet === undefined ? {} : { snippet: d.snippet }),
    })),
  };
}

/** The status of one paragraph, from its parse and the tallies of its brackets. */
function paragraphStatusOf(
  paragraphs: readonly DraftParagraph[],
  tally: ReturnType<typeof paragraphTallies>,
  finish: (state: BracketState) => ReportedState,
): (p: number) => ParagraphStatus {
  return (p) => {
    const para = paragraphs[p] as DraftParagraph;
    let holders = tally.holders.get(p);
    if (para.holders.length > 0) {
      holders ??= new Set();
      for (const h of para.holders) holders.add(h);
    }
    const total = tally.total[p] as number;
    const words = { total: para.words, bracketed: para.bracketedWords };
    const has = total > 0 || para.bracketedWords > 0 || para.contested;
    const id = para.id;
    const label = paragraphLabel(para);
    const kind = para.kind;
    const line = para.line;
    const contested = para.contested;
    const state = finish(contested ? 'wholly-bracketed' : stateOf(has, words.total, words.bracketed));
    const counts = {
      total,
      topLevel: tally.topLevel[p] as number,
      maxDepth: tally.maxDepth[p] as number,
      unclosed: tally.unclosed[p] as number,
    };
    const alternatives = tally.alternatives[p] as number;
    const holderList = holders === undefined || holders.size === 0 ? [] : [...holders].sort();
    const agreedPercent = percent(words, has);
    // Two literals rather than a spread of an optional `number` (one object per paragraph,
    // not two): the keys keep the same order either way.
    return para.number === undefined
      ? {
          id,
          label,
          kind,
          line,
          contested,
          state,
          brackets: counts,
          alternatives,
          holders: holderList,
          words,
          agreedPercent,
        }
      : {
          id,
          label,
          kind,
          number: para.number,
          line,
          contested,
          state,
          brackets: counts,
          alternatives,
          holders: holderList,
          words,
          agreedPercent,
        };
  };
}

/**
 * Per paragraph: brackets opened in it (counts, depth, holders), alternatives starting in it;
 * as columns (one typed array per count, holders only for the paragraphs that have some).
 */
function paragraphTallies(draft: ParsedDraft, brackets: BracketTable, choices: AlternativeColumns) {
  const { paragraphs } = draft;
  const n = paragraphs.length;
  const total = new Int32Array(n);
  const topLevel = new Int32Array(n);
  const maxDepth = new Int32Array(n);
  const unclosed = new Int32Array(n);
  const alternatives = new Int32Array(n);
  const holders = new Map<number, Set<string>>();
  for (let k = 0; k < brackets.count; k++) {
    const p = brackets.paragraph[k] as number;
    if (!(p >= 0 && p < n)) continue;
    total[p] = (total[p] as number) + 1;
    const parent = brackets.parent[k] as number;
    if (parent < 0 || brackets.paragraph[parent] !== p) topLevel[p] = (topLevel[p] as number) + 1;
    if ((brackets.depth[k] as number) > (maxDepth[p] as number)) maxDepth[p] = brackets.depth[k] as number;
    if (brackets.closed[k] === 0) unclosed[p] = (unclosed[p] as number) + 1;
  }
  for (const [k, own] of brackets.holders) {
    const p = brackets.paragraph[k] as number;
    if (!(p >= 0 && p < n) || own.length === 0) continue;
    let set = holders.get(p);
    if (!set) {
      set = new Set();
      holders.set(p, set);
    }
    for (const h of own) set.add(h);
  }
  for (let g = 0; g < choices.count; g++) {
    const p = choices.paragraph[g] as number;
    if (p >= 0 && p < n) alternatives[p] = (alternatives[p] as number) + 1;
  }
  return { total, topLevel, maxDepth, unclosed, alternatives, holders };
}

/** Pairs that are not negotiation brackets, by the family a reader recognises. */
function notCounted(draft: ParsedDraft): DraftStatus['notCounted'] {
  const counts = new Map<string, number>();
  const add = (rule: string) => {
    const kind = NOTE_FAMILY[rule];
    if (kind) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  };
  for (const i of draft.ignored) add(i.rule);
  for (const a of draft.annotations) add(a.rule);
  const byKind = [...counts]
    .map(([kind, count]) => ({ kind, count }))
    .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
  return { total: byKind.reduce((n, k) => n + k.count, 0), byKind };
}
