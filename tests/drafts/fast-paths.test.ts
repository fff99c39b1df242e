import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/core/diagnostics.js';
import { blocksFromText } from '../../src/core/documents/text.js';
import { ACTION_LINE, STRUCTURAL } from '../../src/core/drafts/headings.js';
import { parseDraftText } from '../../src/core/drafts/index.js';
import { IndexLists } from '../../src/core/drafts/index-lists.js';
import { IntTable } from '../../src/core/drafts/int-table.js';
import {
  mayStartNumberLead,
  mayStartOptionLead,
  NUMBER_LEAD,
  OPTION_LEAD,
} from '../../src/core/drafts/leads.js';
import {
  DASHED_PAGE_NUMBER,
  mayBePageNumber,
  mayStartHeadingWord,
  PAGE_NUMBER,
} from '../../src/core/drafts/line-gates.js';
import { LinePositions } from '../../src/core/drafts/positions.js';
import { referenceBlocksFromText } from './blocks-reference.js';
import { denseDraft, generateDraft } from './generate.js';

/**
 * The speed work's fast paths against the full paths they stand for, on fuzzed text built
 * from the pieces lines and words are made of: the typed-array `blocksFromText` against the
 * line-object one it replaced, the character gates against the patterns they guard (a gate
 * may say "maybe" wrongly, never "no"), the forward line cursor against `LineIndex`, the int
 * table and the lists by bracket index against a `Map`, and a hit's innermost bracket against a search over all brackets.
 * (The word pass and the phrase matcher are held to their full paths in word-pass.test.ts.)
 */

const PIECES = [
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  '\f',
  ' ',
  '\t',
  '\u00a0',
  '\u2003',
  '\u3000',
  '\ufeff',
  '\u2028',
  '\v',
  '[',
  ']',
  '*',
  '_',
  '(',
  ')',
  '.',
  ':',
  '-',
  '\u2013',
  '/',
  '\u2022',
  '12.',
  '4.2',
  '1234',
  '7',
  '12 bis.',
  '(a)',
  'Pp3',
  'Op 4',
  'Option 1:',
  'alt. B)',
  'Variant IV -',
  'ALTERNATIVE c:',
  'opt',
  'Al',
  'va',
  'Article 6',
  'Part I',
  'CHAPTER 3',
  'Appendix A',
  'annex',
  'ar',
  'se',
  'ANNEX II',
  'section 2',
  'Action Line C9.',
  'Page 3',
  'page 3 of 12',
  '- 4 -',
  'I.',
  'A. Title',
  'Preamble',
  '# Heading',
  '- item',
  '1. item',
  '```',
  '[^1]: note',
  '[ref]: http://x',
  '===',
  'shall',
  'SHALL',
  'Shall',
  'shall\u00e9',
  '\u017fhall',
  'may',
  'May',
  'MAY',
  "may's",
  'may-',
  'invites',
  '\u0130nvites',
  'Parties',
  'as appropriate',
  '\ud83d\ude00',
  '\u00e9t\u00e9',
  '\u2019',
  "'",
  '1,000',
];

const pieces = (max: number) =>
  fc.array(fc.constantFrom(...PIECES), { maxLength: max }).map((parts) => parts.join(''));
const text = fc.oneof(pieces(120), fc.string({ unit: 'binary', maxLength: 200 }));

describe('blocksFromText (typed-array lines)', () => {
  it('gives the blocks of the line-object implementation it replaced', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('markdown' as const, 'text' as const), (t, format) => {
        expect(blocksFromText(t, format)).toEqual(referenceBlocksFromText(t, format));
      }),
      { numRuns: 1500 },
    );
    for (const t of [denseDraft(20_000), generateDraft({ size: 60_000, brackets: 400, seed: 3 }).text])
      for (const format of ['markdown', 'text'] as const)
        expect(blocksFromText(t, format)).toEqual(referenceBlocksFromText(t, format));
  });
});

describe('line gates', () => {
  it('never say no to a line its pattern matches', () => {
    fc.assert(
      fc.property(pieces(12), (line) => {
        const end = line.length;
        const head = line.slice(0, 80);
        if (NUMBER_LEAD.test(head)) expect(mayStartNumberLead(line, 0, end)).toBe(true);
        if (OPTION_LEAD.test(head)) expect(mayStartOptionLead(line, 0, end)).toBe(true);
        const body = line.replace(/^[\s*_[]+/, '');
        if (STRUCTURAL.test(body) || ACTION_LINE.test(body))
          expect(mayStartHeadingWord(line, 0, end)).toBe(true);
        const c = line.charCodeAt(0);
        if (PAGE_NUMBER.test(line) && c >= 48 && c <= 57) expect(mayBePageNumber(line, 0, end)).toBe(true);
        // The page patterns start with a digit, "p"/"P" (PAGE_NUMBER) or a dash (DASHED_PAGE_NUMBER) only.
        if (PAGE_NUMBER.test(line)) expect(/^[0-9pP]/.test(line)).toBe(true);
        if (DASHED_PAGE_NUMBER.test(line)) expect(/^[-\u2013\u2014]/.test(line)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('LinePositions', () => {
  it('answers as LineIndex for offsets asked in any order', () => {
    fc.assert(
      fc.property(text, fc.array(fc.integer({ min: -5, max: 260 }), { maxLength: 60 }), (t, offsets) => {
        const index = new LineIndex(t);
        const positions = new LinePositions(t);
        const at = { line: 0, column: 0 };
        for (const offset of offsets) {
          const want = index.locate(offset);
          positions.locateInto(offset, at);
          expect(at).toEqual(want);
          expect(positions.lineOf(offset)).toBe(want.line);
          const from = { line: 0, column: 0 };
          positions.locateFrom(Math.max(1, want.line - (offset & 3)), offset, from);
          expect(from).toEqual(want);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('IntTable', () => {
  it('keeps what a Map keeps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer(), fc.integer({ min: -3, max: 3 })), { maxLength: 400 }),
        (ops) => {
          const table = new IntTable(2);
          const map = new Map<number, number>();
          for (const [key, delta] of ops) {
            if (delta === 0) {
              table.set(key, 7);
              map.set(key, 7);
            } else {
              table.add(key, delta);
              map.set(key, (map.get(key) ?? 0) + delta);
            }
          }
          for (const [key] of ops) expect(table.get(key, -99)).toBe(map.get(key));
          expect(table.get(123_456_789, -99)).toBe(map.get(123_456_789) ?? -99);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('IndexLists', () => {
  it('keeps what a Map keeps, in the same order, through sets, deletes and growth', () => {
    const op = fc.tuple(fc.constantFrom('set', 'set', 'set', 'delete'), fc.nat({ max: 300 }), fc.string());
    fc.assert(
      fc.property(fc.nat({ max: 40 }), fc.array(op, { maxLength: 300 }), (capacity, ops) => {
        const lists = new IndexLists<string[]>(capacity);
        const map = new Map<number, string[]>();
        for (const [what, k, value] of ops) {
          if (what === 'delete') expect(lists.delete(k)).toBe(map.delete(k));
          else {
            lists.set(k, [value]);
            map.set(k, [value]);
          }
          if (k % 7 === 0) lists.reserve(2 * k);
        }
        expect(lists.size).toBe(map.size);
        expect([...lists]).toEqual([...map]);
        expect([...lists.keys()]).toEqual([...map.keys()]);
        expect([...lists.values()]).toEqual([...map.values()]);
        const walked: [number, string[]][] = [];
        lists.forEach((v, k) => {
          walked.push([k, v]);
        });
        expect(walked).toEqual([...map]);
        for (let k = -2; k < 310; k++) expect(lists.get(k)).toEqual(map.get(k));
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('sees values set during a walk, as a Map does, and refuses what is no index', () => {
    const lists = new IndexLists<string[]>();
    lists.set(3, ['a']);
    const seen: number[] = [];
    lists.forEach((_, k) => {
      seen.push(k);
      if (k < 40) lists.set(k * 4, ['b']);
    });
    expect(seen).toEqual([3, 12, 48]);
    expect(() => lists.set(-1, [])).toThrow(RangeError);
    expect(() => lists.set(1.5, [])).toThrow(RangeError);
  });
});

describe('lists shared by annotations', () => {
  it('stay apart from the lists of the brackets they speak about, which grow on their own', () => {
    // Annotations of one content share the memo's holder list, and brackets whose only note
    // is the same text share one note list: a bracket given more must not change the others.
    const unit = '[a] [US: delete] [b] [US: delete] [EU: delete] [c] [proposed by US] [US: delete]';
    const text = Array.from({ length: 6 }, (_, i) => `${i + 1}. Parties ${unit}.`).join('\n\n');
    const draft = parseDraftText(text, 'text');
    const byText = (t: string) => draft.brackets.filter((b) => text.slice(b.start, b.end) === t);
    for (const t of ['[a]', '[b]', '[c]']) expect(byText(t)).toHaveLength(6);
    for (const b of byText('[a]')) {
      expect(b.holders).toEqual(['US']);
      expect(b.notes).toEqual(['delete']);
    }
    for (const b of byText('[b]')) {
      expect(b.holders).toEqual(['US', 'EU']);
      expect(b.notes).toEqual(['delete', 'delete']);
    }
    for (const b of byText('[c]')) {
      expect(b.holders).toEqual(['US']);
      expect(b.notes).toEqual(['proposed by US', 'delete']);
    }
    const holders = draft.annotations.map((a) => a.holders);
    expect(holders).toEqual(Array.from({ length: 6 }, () => [['US'], ['US'], ['EU'], ['US'], ['US']]).flat());
  });
});

describe('hits', () => {
  it('name the innermost bracket around them', () => {
    const bracketed = fc
      .array(
        fc.constantFrom(
          '[',
          ']',
          ' shall ',
          ' may ',
          ' as appropriate ',
          'x',
          '\n\n',
          'Article 2\n',
          '[US: delete]',
        ),
        {
          maxLength: 120,
        },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(bracketed, fc.constantFrom('markdown' as const, 'text' as const), (t, format) => {
        const draft = parseDraftText(t, format);
        for (const hit of [...draft.qualifiers, ...draft.verbs]) {
          let innermost = -1;
          for (const b of draft.brackets)
            if (
              b.start <= hit.start &&
              hit.start < b.end &&
              (innermost < 0 || b.depth > (draft.brackets[innermost]?.depth ?? 0))
            )
              innermost = b.id;
          expect(hit.bracket).toBe(innermost);
        }
      }),
      { numRuns: 800 },
    );
  });
});
