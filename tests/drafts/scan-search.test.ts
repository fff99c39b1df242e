import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { notationWords } from '../../src/core/drafts/scan.js';

/**
 * The scan finds the words "bracket(s|ed|ing)" by a search for the letter k instead of a
 * regular expression at every character; it must find exactly the regular expression's matches.
 */
const NOTATION = /\bbracket(?:s|ed|ing)?\b/gi;

function byRegex(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(NOTATION)) {
    out.push(m.index);
    if (out.length > 10_000) break;
  }
  return out;
}

describe('notationWords', () => {
  it('finds the words in any case, with their endings, and nothing inside other words', () => {
    const text =
      'Brackets mark text; BRACKETED words, bracketing, [bracket] and bracket_x, abracket, brackety, Bracket.';
    expect(notationWords(text)).toEqual([0, 20, 37, 50, 94]);
    expect(notationWords(text)).toEqual(byRegex(text));
  });

  it('agrees with the regular expression on random texts', () => {
    const piece = fc.constantFrom(
      'bracket',
      'Bracket',
      'BRACKET',
      'brAcKet',
      'racket',
      'k',
      'K',
      's',
      'ed',
      'ing',
      'ING',
      '_',
      '1',
      ' ',
      '.',
      '[',
      '\u212a',
      '\u0131',
      '\u017f',
      'b',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(notationWords(text)).toEqual(byRegex(text));
      }),
      { numRuns: 2000, seed: 5 },
    );
  });
});
