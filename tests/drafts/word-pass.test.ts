import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/core/diagnostics.js';
import { BracketTable } from '../../src/core/drafts/bracket-table.js';
import { type DraftParagraph, parseDraftText } from '../../src/core/drafts/index.js';
import {
  matchPlain,
  matchShared,
  plainMatchLength,
  sharedFirstWord,
  UNSURE,
} from '../../src/core/drafts/phrase-match.js';
import { LinePositions } from '../../src/core/drafts/positions.js';
import { PhraseFinder, triggerPhrases } from '../../src/core/drafts/qualifiers.js';
import { scanWords } from '../../src/core/drafts/word-pass.js';
import { FIXTURES } from './fixtures.js';
import { denseDraft, generateDraft } from './generate.js';
import { referenceScanWords } from './reference/words-reference.js';

/**
 * The parse's word pass (word-pass.ts: one loop, no callback per word, the phrase finder
 * asked only about words whose first letter and length can start a phrase) gives what the
 * reference gives (reference/words-reference.ts: `forEachWord` with a callback, every word
 * offered to the finder): words and bracketed words per paragraph, words per bracket, and
 * every qualifier and verb hit with its place. And the phrase matcher's fast path
 * (`matchPlain`) answers as the triggers' regular expressions wherever it answers.
 */

/** Pieces written for this test: words, joins, placeholders, code spans, markers, blanks, other scripts. */
const PIECES = [
  '[',
  ']',
  ' ',
  '  ',
  '\n',
  '\n\n',
  '\t',
  '\v',
  '\r\n',
  '\u00a0',
  '\u2003',
  '[US: delete]',
  '[proposed by EU]',
  '[^1]',
  ']1',
  ']12 ',
  ']1234',
  '{placeholder}',
  '{',
  '}',
  '`code`',
  '``',
  '`',
  '12. ',
  '(a) ',
  'Article 2\n\n',
  '## Part B\n\n',
  'Option 1: ',
  "Parties'",
  'co-operate',
  'co-',
  '-ordinate',
  '\u2019s',
  '1,000.5',
  '3.',
  '.4',
  'shall',
  'Shall',
  'SHALL',
  'should',
  'may',
  'May',
  '1 May',
  'will',
  'the will',
  'as',
  'As',
  'appropriate',
  'as well as appropriate',
  'inter alia',
  'inter\nalia',
  'INTER  ALIA',
  'in accordance with national circumstances',
  'in accordance with',
  'on a voluntary basis',
  'where possible',
  'calls upon',
  'call upon',
  'urges',
  'invites',
  '\u0130nvites',
  '\u017fhall',
  '\u212aeep',
  '\u00e9t\u00e9',
  '\ud83d\ude00',
  'x',
];

const pieces = (max: number) =>
  fc.array(fc.constantFrom(...PIECES), { maxLength: max }).map((parts) => parts.join(''));
const EXTRA = ['flexibility', 'voluntary', '\u00e9t\u00e9 fait', "parties' views", 'a  b'];

interface Pass {
  words: number[];
  bracketed: number[];
  bracketWords: number[];
  qualifiers: unknown;
  verbs: unknown;
}

function run(text: string, format: 'markdown' | 'text', extra: string[], reference: boolean): Pass {
  const draft = parseDraftText(text, format, { qualifiers: extra });
  const paragraphs = draft.paragraphs.map((p) => ({ ...p, words: -1, bracketedWords: -1 }) as DraftParagraph);
  const table = BracketTable.fromObjects(draft.brackets);
  table.words.fill(-1);
  const finder = new PhraseFinder(draft.extraQualifiers);
  const pass = reference ? referenceScanWords : scanWords;
  pass(text, paragraphs, table, draft.excluded, format === 'markdown', finder, new LinePositions(text));
  return {
    words: paragraphs.map((p) => p.words),
    bracketed: paragraphs.map((p) => p.bracketedWords),
    bracketWords: [...table.words.subarray(0, table.count)],
    qualifiers: finder.qualifiers,
    verbs: finder.verbs,
  };
}

function check(text: string, format: 'markdown' | 'text', extra: string[] = []): void {
  expect(run(text, format, extra, false)).toEqual(run(text, format, extra, true));
}

describe('word pass: the fused loop is the reference', () => {
  it('on fuzzed drafts', () => {
    fc.assert(
      fc.property(
        fc.oneof(pieces(80), fc.string({ unit: 'binary', maxLength: 200 })),
        fc.constantFrom('markdown' as const, 'text' as const),
        fc.boolean(),
        (text, format, extra) => check(text, format, extra ? EXTRA : []),
      ),
      { numRuns: 1500 },
    );
  });

  it('finds words, brackets and hits at all (the comparison is not empty)', () => {
    const pass = run(
      '1. Parties [shall] [, as appropriate,] act [in accordance with] law.',
      'text',
      [],
      false,
    );
    expect(pass.words).toEqual([9]);
    expect(pass.bracketed).toEqual([6]);
    expect(pass.bracketWords).toEqual([1, 2, 3]);
    expect(pass.qualifiers).toHaveLength(1);
    expect(pass.verbs).toHaveLength(1);
  });

  it('on the fixtures, dense and generated drafts', () => {
    for (const file of readdirSync(FIXTURES).sort())
      check(readFileSync(join(FIXTURES, file), 'utf8'), file.endsWith('.md') ? 'markdown' : 'text', EXTRA);
    check(denseDraft(30_000), 'text');
    for (const seed of [1, 2, 3])
      check(generateDraft({ size: 40_000, brackets: 300, seed }).text, seed === 2 ? 'markdown' : 'text');
  });
});

/** Phrase words and what can stand between or around them, for the matcher. */
const PHRASE_PIECES = [
  'as',
  'AS',
  'appropriate',
  'inter',
  'alia',
  'in',
  'accordance',
  'with',
  'national',
  'circumstances',
  'shall',
  'may',
  'where',
  'possible',
  'calls',
  'upon',
  'on',
  'a',
  'voluntary',
  'basis',
  'parties',
  'views',
  '\u00e9t\u00e9',
  'fait',
  ' ',
  ' ',
  '\t',
  '\n',
  '\r',
  '\v',
  '\f',
  '\u00a0',
  '\u2003',
  'x',
  '1',
  '\u00e9',
  '\u212a',
  '\u017f',
  ',',
  '-',
  "'",
];

describe('matchPlain', () => {
  const triggers = triggerPhrases(EXTRA);
  const words = fc.array(fc.constantFrom(...PHRASE_PIECES), { maxLength: 12 }).map((parts) => parts.join(''));
  // A phrase of the triggers written with other blanks, other case, and something after it.
  const SEPARATORS = [' ', ' ', '  ', '\t', '\n', '\r', '\v', '\f', '\r\n', '\u00a0', '\u2003', '', 'x'];
  const AFTER = ['', ' ', 'x', '1', '\u00e9', ',', '-', "'", '\u212a'];
  const names = [...new Set(triggers.flatMap((t) => t.plain).filter((p) => p !== ''))];
  const written = fc
    .tuple(
      fc.constantFrom(...names),
      fc.array(fc.constantFrom(...SEPARATORS), { minLength: 8, maxLength: 8 }),
      fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
      fc.constantFrom(...AFTER),
      fc.constantFrom('', ' ', 'x', 'as '),
    )
    .map(([name, seps, upper, after, before]) => {
      let k = 0;
      const body = name.replace(/ /g, () => seps[k++ % seps.length] as string);
      return before + [...body].map((c, i) => (upper[i % 60] ? c.toUpperCase() : c)).join('') + after;
    });

  it('covers most phrases, and no phrase with a non-ASCII character or two blanks', () => {
    const plain = triggers.flatMap((t) => t.plain);
    expect(plain.filter((p) => p !== '').length).toBeGreaterThan(plain.length * 0.9);
    expect(plain).toEqual(expect.arrayContaining(['shall', 'as appropriate', 'inter alia', '']));
    for (const p of plain) expect(p).toMatch(/^(?:[\x21-\x7e]+(?: [\x21-\x7e]+)*)?$/);
  });

  it('answers as the regular expression wherever it answers', () => {
    let decided = 0;
    let matched = 0;
    fc.assert(
      fc.property(fc.oneof(written, written, words), (text) => {
        for (let at = 0; at < text.length; at++) {
          for (const { plain, regex } of triggers) {
            const g = matchPlain(plain, text, at);
            if (g === UNSURE) continue;
            decided++;
            regex.lastIndex = at;
            const m = regex.exec(text);
            expect(m === null ? -1 : m.findIndex((s, i) => i > 0 && s !== undefined) - 1).toBe(g);
            if (m) {
              matched++;
              expect(plainMatchLength()).toBe(m[0].length);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(matched).toBeGreaterThan(30);
    expect(decided).toBeGreaterThan(matched);
  });

  it('matchShared (the shared first word read once) answers as matchPlain, at every position', () => {
    let shared = 0;
    let matched = 0;
    // Extra phrases of one first word in both orders, one not plain, and two first words in one list.
    const lists = [
      ...triggers.map((t) => t.plain),
      ['as far as possible', '', 'as appropriate', 'as'],
      ['as', 'as appropriate'],
      ['where possible', 'as appropriate'],
      ['inter alia', 'inter-alia', 'inter'],
    ];
    for (const t of triggers) expect(t.first).toBe(sharedFirstWord(t.plain));
    fc.assert(
      fc.property(fc.oneof(written, written, words), (text) => {
        for (let at = 0; at < text.length; at++) {
          for (const plain of lists) {
            const first = sharedFirstWord(plain);
            if (first !== '') shared++;
            const g = matchPlain(plain, text, at);
            const length = plainMatchLength();
            expect(matchShared(plain, first, text, at)).toBe(g);
            if (g >= 0) {
              matched++;
              expect(plainMatchLength()).toBe(length);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(matched).toBeGreaterThan(30);
    expect(shared).toBeGreaterThan(matched);
    expect(sharedFirstWord(['where possible', 'as appropriate'])).toBe('');
    expect(sharedFirstWord(['', 'inter alia', 'inter'])).toBe('inter');
  });
});

describe('LinePositions.locateSpans', () => {
  it('answers as LineIndex for spans in any order, ascending or not', () => {
    const span = fc.tuple(fc.integer({ min: -5, max: 130 }), fc.integer({ min: -5, max: 140 }));
    fc.assert(
      fc.property(pieces(40), fc.array(span, { maxLength: 40 }), fc.boolean(), (t, spans, ascending) => {
        if (ascending) spans.sort((a, b) => a[0] - b[0]);
        const index = new LineIndex(t);
        const positions = new LinePositions(t);
        positions.lineOf(t.length >> 1);
        const n = spans.length;
        const out = {
          line: new Int32Array(n),
          column: new Int32Array(n),
          endLine: new Int32Array(n),
          endColumn: new Int32Array(n),
        };
        positions.locateSpans(
          Int32Array.from(spans, (s) => s[0]),
          Int32Array.from(spans, (s) => s[1]),
          n,
          out,
        );
        spans.forEach(([s, e], k) => {
          expect([out.line[k], out.column[k]]).toEqual(Object.values(index.locate(s)));
          expect([out.endLine[k], out.endColumn[k]]).toEqual(Object.values(index.locate(Math.max(s, e - 1))));
        });
      }),
      { numRuns: 800 },
    );
  });
});
