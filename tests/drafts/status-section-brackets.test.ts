import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bracketColumns } from '../../src/core/drafts/bracket-table.js';
import { draftStatus, parseDraftText } from '../../src/core/drafts/index.js';
import type { ParsedDraft } from '../../src/core/drafts/types.js';
import { denseDraft } from './generate.js';

/**
 * A section's bracket counts (status.ts `sectionBrackets`: children before parents, a part
 * reusing its articles' counts unless a bracket is open across a heading) are those of a
 * plain walk of every bracket starting in the section, with "top-level" read from the start
 * of the bracket's parent. The fuzzed pieces (written for this test) nest sections and leave
 * brackets open across headings, so both the reuse and the full walk are taken.
 */

const PIECES = [
  'Part 1\n\n',
  'Article 2. Scope\n\n',
  '# Part 2\n\n',
  '## Article 4\n\n',
  'Chapter III\n\n',
  '1. Parties [shall',
  '] cooperate',
  '[[early] action]',
  '[XB: delete]',
  '\n',
  '\n\n',
  'ordinary words follow ',
  '[review][revise]',
  '(b) [other] measures\n',
  '[',
  ']',
];

/** Counts by a plain walk, as status computed them before the speed work. */
function plainCounts(draft: ParsedDraft) {
  const b = bracketColumns(draft);
  return draft.sections.map((section) => {
    let total = 0;
    let topLevel = 0;
    let maxDepth = 0;
    let unclosed = 0;
    let crossing = 0;
    for (let k = 0; k < b.count; k++) {
      const start = b.start[k] as number;
      if (start < section.start || start >= section.end) continue;
      total++;
      const up = b.parent[k] as number;
      if (up < 0 || (b.start[up] as number) < section.start) {
        topLevel++;
        if (up >= 0) crossing++;
      }
      maxDepth = Math.max(maxDepth, b.depth[k] as number);
      if (b.closed[k] === 0) unclosed++;
    }
    return { counts: { total, topLevel, maxDepth, unclosed }, crossing };
  });
}

describe('status section bracket counts', () => {
  let crossings = 0;
  let nested = 0;
  const check = (text: string, format: 'text' | 'markdown' = 'text') => {
    const draft = parseDraftText(text, format);
    const plain = plainCounts(draft);
    const status = draftStatus(draft);
    status.sections.forEach((s, i) => {
      expect(s.brackets).toEqual(plain[i]?.counts);
      if ((plain[i]?.crossing ?? 0) > 0) crossings++;
      if (draft.sections[i]?.parent !== undefined && (draft.sections[i]?.parent as number) >= 0) nested++;
    });
  };

  it('match a plain walk on fuzzed drafts, nested and with brackets open across headings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }),
        fc.constantFrom<'text' | 'markdown'>('text', 'markdown'),
        (parts, format) => check(parts.join(''), format),
      ),
      { numRuns: 600 },
    );
    // Subsections whose counts could be reused were met.
    expect(nested).toBeGreaterThan(0);
  });

  it('match a plain walk when a bracket stays open across an article heading', () => {
    crossings = 0;
    check(
      '# Part 1\n\n## Article 1\n\n[Members agree [soon]\n\n## Article 2\n\nfurther [steps] apply]\n',
      'markdown',
    );
    // The full walk was needed: a bracket in Article 2 has its parent in Article 1.
    expect(crossings).toBeGreaterThan(0);
  });

  it('match a plain walk on a dense draft with parts', () => {
    check(denseDraft(60_000));
  });
});
