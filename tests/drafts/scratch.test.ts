import { describe, expect, it } from 'vitest';
import { parseDraftText } from '../../src/core/drafts/index.js';
import { int32Scratch, Scratch, uint8Scratch } from '../../src/core/drafts/scratch.js';
import { draftStatus } from '../../src/core/drafts/status.js';
import { denseDraft, generateDraft } from './generate.js';

/**
 * The passes' temporaries are kept from one parse to the next (scratch.ts). What a user
 * sees must not depend on what was parsed before: a column taken again is zeroed, and a
 * parse after a larger or a smaller draft answers as a parse in a fresh process would.
 */

/** What a user reads of a parse and its status: counts per paragraph and bracket, choices, status. */
function answers(text: string) {
  const draft = parseDraftText(text, 'text');
  return {
    paragraphs: draft.paragraphs.map((p) => [p.id, p.words, p.bracketedWords]),
    brackets: draft.brackets.map((b) => [b.start, b.end, b.words, b.alternative ?? null]),
    alternatives: draft.alternatives.map((a) => [a.kind, a.members.length]),
    status: draftStatus(draft).brackets,
  };
}

describe('scratch columns', () => {
  it('gives a zeroed column of the size asked, even after a pass wrote into it', () => {
    const s = int32Scratch();
    const a = s.take(8);
    a.fill(7);
    const b = s.take(5);
    expect(b.length).toBe(5);
    expect([...b]).toEqual([0, 0, 0, 0, 0]);
    const u = uint8Scratch();
    u.take(3).fill(1);
    expect([...u.take(4)]).toEqual([0, 0, 0, 0]);
  });

  it('keeps a grown column for the next pass, but never one larger than its limit', () => {
    const s = new Scratch((n) => new Int32Array(n), 100);
    const grown = new Int32Array(50).fill(3);
    s.adopt(grown);
    const again = s.take(40);
    expect(again.buffer).toBe(grown.buffer);
    expect(again.every((v) => v === 0)).toBe(true);
    const huge = s.take(1000);
    expect(huge.length).toBe(1000);
    expect(s.take(60).buffer).not.toBe(huge.buffer);
  });

  it('gives the same parse and status whatever was parsed before (larger, smaller, other shapes)', () => {
    const small = denseDraft(20_000);
    const large = generateDraft({ size: 200_000, brackets: 1_500, seed: 5 }).text;
    const first = answers(small);
    expect(first.brackets.length).toBeGreaterThan(100);
    expect(first.alternatives.length).toBeGreaterThan(10);
    answers(large);
    expect(answers(small)).toEqual(first);
    const largeFirst = answers(large);
    answers(denseDraft(60_000));
    expect(answers(large)).toEqual(largeFirst);
  });
});
