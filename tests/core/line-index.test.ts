import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/core/diagnostics.js';

describe('LineIndex', () => {
  it('locates offsets as 1-based lines and columns, clamped to the text', () => {
    const index = new LineIndex('ab\ncd\r\n\nef');
    expect(index.locate(0)).toEqual({ line: 1, column: 1 });
    expect(index.locate(3)).toEqual({ line: 2, column: 1 });
    expect(index.locate(8)).toEqual({ line: 4, column: 1 });
    expect(index.locate(-5)).toEqual({ line: 1, column: 1 });
    expect(index.locate(99)).toEqual({ line: 4, column: 3 });
    expect(index.lineCount).toBe(4);
    expect(new LineIndex('').locate(0)).toEqual({ line: 1, column: 1 });
  });

  it('agrees with counting line breaks by hand, for any text and offset', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\n', 'é', '\r') }), fc.nat(), (text, raw) => {
        const offset = text.length === 0 ? 0 : raw % (text.length + 1);
        const before = text.slice(0, offset);
        const line = before.split('\n').length;
        const column = offset - (before.lastIndexOf('\n') + 1) + 1;
        expect(new LineIndex(text).locate(offset)).toEqual({ line, column });
      }),
    );
  });
});
