import { describe, expect, it } from 'vitest';
import { lowerBound } from '../../src/core/drafts/lists.js';
import { lowerBoundNear } from '../../src/core/drafts/status-tallies.js';
import { mulberry32 } from './generate.js';

/**
 * status.ts searches the sorted columns (bracket starts, brackets and paragraphs with
 * holders, choice starts) from the last section's answer (`lowerBoundNear`) instead of
 * bisecting the whole column: it must answer as `lowerBound` for every value and hint.
 */

describe('lowerBoundNear', () => {
  it('answers as lowerBound on sorted columns with repeats, for any value and hint', () => {
    const next = mulberry32(14);
    for (let round = 0; round < 300; round++) {
      const n = Math.floor(next() * 40);
      const values: number[] = [];
      let v = Math.floor(next() * 5) - 2;
      for (let i = 0; i < n; i++) {
        v += Math.floor(next() * 3);
        values.push(v);
      }
      const column = Int32Array.from(values);
      for (let x = (values[0] ?? 0) - 2; x <= (values[n - 1] ?? 0) + 2; x++)
        for (let hint = -2; hint <= n + 2; hint++)
          expect(lowerBoundNear(column, n, x, hint)).toBe(lowerBound(column, x));
    }
  });

  it('reads only the first n values of a column with spare room', () => {
    const column = Int32Array.from([1, 3, 5, 7, 0, 0, 0, 0]);
    for (let hint = 0; hint <= 4; hint++) {
      expect(lowerBoundNear(column, 4, 8, hint)).toBe(4);
      expect(lowerBoundNear(column, 4, 4, hint)).toBe(2);
      expect(lowerBoundNear(column, 4, 0, hint)).toBe(0);
    }
  });
});
