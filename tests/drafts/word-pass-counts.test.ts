import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BracketTable } from '../../src/core/drafts/bracket-table.js';
import { countBracketWords } from '../../src/core/drafts/word-pass.js';
import { mergeRanges } from '../../src/core/drafts/words.js';

/**
 * Words per bracket by one forward walk (word-pass.ts `countBracketWords`): the number of
 * word starts in `[start, end)` of each bracket, as a plain count gives it, for nested
 * brackets (what the parse gives) and for crossing ones or ends before starts (which the
 * walk answers by search). And the excluded ranges merged through a typed scratch column
 * (words.ts `mergeRanges`) as a plain sort and merge gives them.
 */

function plainCounts(starts: number[], spans: [number, number][]): number[] {
  return spans.map(([s, e]) => starts.filter((x) => x >= s && x < e).length);
}

function walkCounts(starts: number[], spans: [number, number][]): number[] {
  const table = new BracketTable(spans.length);
  for (const [s, e] of spans) table.add('text', s, e, 1, 1, true, 0, [], undefined);
  table.words.fill(-7);
  countBracketWords(table, Int32Array.from(starts), starts.length);
  return [...table.words.subarray(0, table.count)];
}

/** Distinct sorted bracket starts with ends anywhere (crossing, nested, before the start). */
const anySpans = fc
  .uniqueArray(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: -20, max: 320 })), {
    selector: (t) => t[0],
    maxLength: 40,
  })
  .map((spans) => spans.sort((a, b) => a[0] - b[0]));

/** Properly nested spans: a random bracket string read with a stack. */
const nestedSpans = fc.array(fc.constantFrom('[', ']', 'x', 'x'), { maxLength: 200 }).map((chars) => {
  const spans: [number, number][] = [];
  const open: number[] = [];
  chars.forEach((c, i) => {
    if (c === '[') {
      open.push(spans.length);
      spans.push([i, chars.length]);
    } else if (c === ']' && open.length > 0) (spans[open.pop() as number] as [number, number])[1] = i + 1;
  });
  return spans;
});

const wordStarts = fc
  .uniqueArray(fc.integer({ min: 0, max: 300 }), { maxLength: 120 })
  .map((a) => a.sort((x, y) => x - y));

describe('countBracketWords', () => {
  it('counts as a plain count on nested brackets', () => {
    fc.assert(
      fc.property(wordStarts, nestedSpans, (starts, spans) => {
        expect(walkCounts(starts, spans)).toEqual(plainCounts(starts, spans));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts brackets nested deeper than its first stack', () => {
    const spans: [number, number][] = Array.from({ length: 300 }, (_, k) => [k, 1000 - k]);
    const starts = Array.from({ length: 500 }, (_, k) => 2 * k + 1);
    expect(walkCounts(starts, spans)).toEqual(plainCounts(starts, spans));
  });

  it('counts as a plain count on crossing brackets and ends before starts', () => {
    fc.assert(
      fc.property(wordStarts, anySpans, (starts, spans) => {
        expect(walkCounts(starts, spans)).toEqual(plainCounts(starts, spans));
      }),
      { numRuns: 2000 },
    );
  });
});

/** Sort by start (stable), drop empty ranges, merge overlapping or touching ones. */
function plainMerge(flat: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let k = 0; k + 1 < flat.length; k += 2) pairs.push([flat[k] as number, flat[k + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [s, e] of pairs) {
    if (e <= s) continue;
    if (out.length > 0 && s <= (out[out.length - 1] as number))
      out[out.length - 1] = Math.max(out[out.length - 1] as number, e);
    else out.push(s, e);
  }
  return out;
}

describe('mergeRanges', () => {
  it('merges as a plain sort and merge, in order or not', () => {
    const pair = fc.tuple(fc.integer({ min: -5, max: 200 }), fc.integer({ min: -5, max: 220 }));
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 40 }), fc.boolean(), (pairs, ordered) => {
        if (ordered) pairs.sort((a, b) => a[0] - b[0]);
        const flat = pairs.flat();
        const merged = mergeRanges(flat);
        expect(merged).toEqual(plainMerge(flat));
        expect(JSON.stringify(merged)).toBe(JSON.stringify(plainMerge(flat)));
      }),
      { numRuns: 3000 },
    );
  });
});
