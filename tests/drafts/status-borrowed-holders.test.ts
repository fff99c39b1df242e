import { describe, expect, it } from 'vitest';
import { draftStatus, parseDraftText } from '../../src/core/drafts/index.js';
import type { ParsedDraft } from '../../src/core/drafts/types.js';

/**
 * A paragraph whose brackets name holders through one bracket only reads that bracket's own
 * holder list (status.ts `holderTallies`, `borrowed`) instead of a copy: the report must
 * still give a sorted list of its own (or a shared frozen one) and leave the bracket's list,
 * in the order the draft wrote it, as it was, however often status runs.
 */

// Invented text: holders named in an order that is not sorted, on one bracket, on two, and
// on a bracket and the paragraph itself.
const TEXT = [
  'Article 1. Reporting',
  '',
  '1. Each Party [shall submit a report] [US, EU: retain].',
  '2. Parties [may] act [US: delete] and [should] report [EU: retain].',
  '3. Parties [may] act [US: delete] within limits. [EU: retain]',
  '4. Parties [shall cooperate] [US: retain].',
  '',
].join('\n');

/** The bracket holder lists of a draft, copied. */
function bracketHolders(draft: ParsedDraft): string[][] {
  return draft.brackets.map((b) => [...b.holders]);
}

describe('status reads a bracket holder list without changing it', () => {
  it('reports sorted lists and leaves the brackets in their written order', () => {
    const draft = parseDraftText(TEXT, 'text');
    const first = draftStatus(draft);
    const before = bracketHolders(draft);
    const paras = first.sections.flatMap((s) => s.paragraphs);
    expect(paras.map((p) => p.holders)).toEqual([['EU', 'US'], ['EU', 'US'], ['EU', 'US'], ['US']]);
    expect(before[0]).toEqual(['US', 'EU']);
    // The report's lists are not the brackets' own lists.
    for (const p of paras) for (const b of draft.brackets) expect(p.holders).not.toBe(b.holders);
    const again = draftStatus(draft);
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(bracketHolders(draft)).toEqual(before);
  });

  it('gives the same report from the parse table and from the bracket objects', () => {
    // Reading `brackets` makes the objects; status then reads a table made from them.
    const fromTable = draftStatus(parseDraftText(TEXT, 'text'));
    const draft = parseDraftText(TEXT, 'text');
    void draft.brackets;
    expect(JSON.stringify(draftStatus(draft))).toBe(JSON.stringify(fromTable));
  });

  it('a changed report list leaves the draft alone', () => {
    const draft = parseDraftText(TEXT, 'text');
    const status = draftStatus(draft);
    const before = bracketHolders(draft);
    const two = status.sections[0]?.paragraphs[0]?.holders as string[];
    two.push('G77');
    expect(bracketHolders(draft)).toEqual(before);
    expect(draftStatus(draft).sections[0]?.paragraphs[0]?.holders).toEqual(['EU', 'US']);
  });
});
