import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blocksFromText } from '../../src/core/documents/text.js';
import { lawReportFollows } from '../../src/core/drafts/notes.js';
import { keyOf, PairMemo } from '../../src/core/drafts/pair-memo.js';
import { pairTokens } from '../../src/core/drafts/pair-tokens.js';
import { createPartyTable } from '../../src/core/drafts/parties.js';
import { answerReadsContext, classifyPair, type PairContext } from '../../src/core/drafts/rules.js';
import { scanBrackets } from '../../src/core/drafts/scan.js';
import { buildStructure } from '../../src/core/drafts/structure.js';
import { DEFAULT_DRAFT_LIMITS } from '../../src/core/drafts/types.js';
import { corpusAvailable, corpusPath } from '../helpers/corpus.js';
import { FIXTURES } from './fixtures.js';
import { denseDraft, generateDraft } from './generate.js';

/**
 * The scan remembers a pair's answer by its content when `answerReadsContext` says no rule
 * that looks around the pair can apply to it (pair-memo.ts). These tests scan the same texts
 * with and without the memo and require identical results: on drafts where every bracket
 * content comes back in many different places (before and after the places where the
 * context rules fire), on the rules table's own examples, on generated, dense, fixture and
 * corpus drafts, and on random texts. A rule that reads around the pair without its content
 * test in `answerReadsContext` makes the first test fail.
 */

type Format = 'markdown' | 'text';

function scanInput(text: string, format: Format) {
  const limits = DEFAULT_DRAFT_LIMITS;
  const structure = buildStructure(text, blocksFromText(text, format), format, limits.maxSections);
  return { text, structure, markdown: format === 'markdown', parties: createPartyTable([]), limits };
}

/** Scans `text` with and without the memo; both results must be equal. */
function expectSameBothWays(text: string, format: Format): void {
  const input = scanInput(text, format);
  const remembered = scanBrackets(input);
  const fresh = scanBrackets({ ...scanInput(text, format), memo: false });
  expect(remembered).toEqual(fresh);
}

/** Bracket contents: of our own wording, one or more for every rule and for plain text. */
const CONTENTS = [
  'shall',
  'should',
  'new and additional',
  ', as appropriate,',
  'US: delete',
  'G77: retain',
  'EU: text to be moved',
  'proposed by EU',
  'AOSIS proposal',
  'LMDC, AGN: delete',
  'Option 1: Parties shall report',
  'Alt B. text',
  'Parties shall report annually (EU)',
  'enhanced action (AC)',
  '2030',
  '1999',
  '5',
  '12',
  '12.',
  '(b)',
  'Op 4',
  'a',
  'b',
  'ii',
  'iv',
  'KM3',
  'CO2',
  '^2',
  '...',
  '\u2026',
  'sic',
  ' ',
  '\u2020',
  'xx',
  'XX',
  '-',
  'n',
  'agreed',
  'Agreed',
  'pending',
  'TBC',
  'ad ref',
  'deleted',
  'paragraph agreed',
  'new paragraph',
  'moved from paragraph 14',
  'formerly Article 9',
  'Next',
  'edit',
  'Back to top',
  'Home | Contents | Index',
  'RFC2119',
  'Walker 2011',
  'ICAO 9303',
  'A/RES/78/2',
  '-/CMA.5',
  'symbol to be assigned',
  'Original: Spanish',
  'English only',
  'Agreed ad ref',
  'CLEAN',
  'GREEN',
  'DRAFT',
  'Non-paper',
  'Working draft as of 3 May 2024',
  'Revised text, 12 March 2025',
  'adopted without a vote',
  'agenda item 5',
  'at Step 8',
  'see paragraph 9 above',
  'cf. Article 2',
  'OP: please insert the date of adoption',
  'Please insert the title',
  'insert name of the body',
  'date of entry into force',
  'name of the host country',
  'venue TBD',
  'to be determined',
  'Heading to be decided',
  'Title',
  'Placeholder',
  'Footnote 7',
  'To be completed',
  'text to be provided by the secretariat',
  'Source: decision 4/2, para. 3',
  'Based on resolution 12/1',
  'emphasis added',
  'footnotes omitted',
  'p. 14',
  'inaudible',
  'Applause',
  'pause',
  'www.',
  'https://example.org/x',
  'mailto:x@example.org',
  'Note: the secretariat will revise this',
  "Co-facilitators' note: to be discussed",
  'Note by the Chair: see annex',
  'Chair: to consider',
  'SBSTA: to consider',
  'Paris Agreement',
  '[Page]',
  'report][r',
  'i',
  'k+1',
  "'key'",
  'a, b',
  'a-z',
  '::1',
  'x',
  'Name',
  'Your Name',
  'the respondent',
  'Alt 1',
  'EU',
  'laughter',
];

/**
 * Places of our own wording, each with the pair at `{}`: glued to a word or after punctuation,
 * alone on its line, after a paragraph number or a heading's number, between two words, after a
 * reference noun or a quantity word, before a unit or a law report, beside another bracket,
 * inside a document symbol, at the end of a paragraph, after a citation lead.
 */
const PLACES = [
  'Parties shall act {} in good faith.',
  'Parties act now.{} Then they report.',
  'the Parties act{} now',
  'Parties report; {}',
  '{}',
  '  {}  ',
  '14. {}',
  '5 bis. {} Parties shall cooperate.',
  '(c) {}',
  'Article 7. {}',
  '## Article 8 {}',
  'as {} by the Parties',
  'the {} requests of Parties',
  'Article {} of the Agreement',
  'within {} days of adoption',
  'every {} years, and by {} per cent',
  'in {}th place',
  '{} ICJ Rep 14',
  'See {}, which held that',
  'resolution {} of the Assembly',
  'the decision A/RES/{}',
  'decision {}/CP.21 applies',
  'MEPC.{}(80)',
  '[shall] {} [should]',
  '{} [Y] options',
  'Parties shall cooperate in good faith. {}',
  'Parties shall cooperate in good faith. {}\n',
  'Parties shall cooperate {}.',
  'on {} and {} between',
  '* {}',
  '> {}',
  'See {}(https://example.org/a) for more',
  'total = total + row_sum{} now',
  'It calls merge({}) now',
  '- [ ] first\n- {} second',
  'Dear {},',
  'Kind regards,\n{}',
  'The court found that "{} shall pay".',
  '{} 3.1 Parties act.',
  '{} Option A: text',
];

/** One draft: every content in every place, in the order given, one paragraph per place. */
function placed(contents: readonly string[], places: readonly string[]): string {
  const out: string[] = [];
  for (const place of places)
    for (const content of contents) out.push(place.replaceAll('{}', `[${content}]`));
  return out.join('\n\n');
}

/** Contents of the pairs in the examples of docs/brackets.md (innermost pairs). */
function tableContents(): string[] {
  const doc = readFileSync(join(import.meta.dirname, '../../docs/brackets.md'), 'utf8');
  const out = new Set<string>();
  for (const line of doc.split('\n')) {
    if (!line.startsWith('| `')) continue;
    for (const cell of line.matchAll(/`([^`]+)`/g))
      for (const m of (cell[1] as string).matchAll(/\[([^[\]\n]{0,200})\]/g)) out.add(m[1] as string);
  }
  return [...out];
}

describe('pair memo: answers by content are those of the full rules', () => {
  for (const format of ['text', 'markdown'] as const) {
    it(`gives the same scan for every content in every place (${format})`, () => {
      const contents = [...CONTENTS, ...tableContents()];
      expectSameBothWays(placed(contents, PLACES), format);
      expectSameBothWays(placed(contents, [...PLACES].reverse()), format);
    });
  }

  it('gives the same scan where a "bracket" word or a reference label is in the draft', () => {
    // The same contents in sentences about the notation and in others.
    const notation = [
      ...PLACES.slice(0, 12),
      'Words in brackets, as in {}, are not agreed.',
      'Parties shall act {} now.',
    ];
    expectSameBothWays(placed(CONTENTS, notation), 'text');
    // Labels defined as references: the same contents as shortcut links, after another pair, and as text.
    const labels = '[shall]: https://example.org/s\n[Paris Agreement]: https://example.org/pa';
    const linked = [...PLACES.slice(0, 12), 'read [the text]{} here', 'read {}[shall] here'];
    expectSameBothWays(`${placed(CONTENTS, linked)}\n\n${labels}`, 'markdown');
  });

  it('gives the same scan for years met with and without a law report after them, in any order', () => {
    const places = [
      'Parties shall act by {} at the latest.',
      'See {} ICJ Rep 14, at 20.',
      'by {}, Parties',
      'as held in {} UKSC 5',
      'targets for {}[2035] and',
      'the case {} 2 WLR 123 applies',
      'in {}\u00a0EWCA Civ 1234',
      'from {} onwards',
    ];
    for (const order of [places, [...places].reverse(), [places[1], places[3], ...places] as string[]])
      for (const format of ['text', 'markdown'] as const)
        expectSameBothWays(placed(['2010', '1999', '2030'], order), format);
  });

  it('gives the same scan on the rules table examples, generated, dense and fixture drafts', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/brackets.md'), 'utf8');
    expectSameBothWays(doc, 'markdown');
    expectSameBothWays(denseDraft(60_000), 'text');
    for (const format of ['text', 'markdown'] as const)
      expectSameBothWays(generateDraft({ size: 120_000, brackets: 4000, seed: 7, format }).text, format);
    for (const name of readdirSync(FIXTURES)) {
      const format = name.endsWith('.txt') ? 'text' : 'markdown';
      expectSameBothWays(readFileSync(join(FIXTURES, name), 'utf8'), format);
    }
  });

  it.skipIf(!corpusAvailable)('gives the same scan on the corpus drafts', () => {
    const dir = corpusPath('negotiation/unfccc_paris_2015_okfn_cop21');
    let drafts = 0;
    for (const sub of ['markdown', 'pdf_text_derived']) {
      for (const file of readdirSync(join(dir, sub))) {
        if (!file.endsWith('.md') && !file.endsWith('.raw.txt')) continue;
        expectSameBothWays(
          readFileSync(join(dir, sub, file), 'utf8'),
          file.endsWith('.md') ? 'markdown' : 'text',
        );
        drafts++;
      }
    }
    expect(drafts).toBeGreaterThan(0);
  });

  it('gives the same scan on random texts of draft pieces', () => {
    const pieces = fc.constantFrom(
      ...CONTENTS.slice(0, 40).map((c) => `[${c}]`),
      '[',
      ']',
      ' ',
      ' ',
      '\n',
      '\n\n',
      'Parties',
      'shall',
      '12.',
      'Article 4',
      '.',
      ',',
      '(',
      ')',
      '/',
      'years',
      '[r]: https://example.org/r\n',
    );
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 120 }),
        fc.constantFrom<Format>('text', 'markdown'),
        (parts, f) => {
          expectSameBothWays(parts.join(''), f);
        },
      ),
      { numRuns: 300, seed: 14 },
    );
  });
});

describe('answerReadsContext', () => {
  /** The context of the pair `[content]` at the start of a line of text. */
  function pairOf(content: string): PairContext {
    const text = `[${content}]`;
    return {
      text,
      open: 0,
      openLength: 1,
      close: text.length - 1,
      closeLength: 1,
      sameParagraph: true,
      paragraphStart: 0,
      markdown: false,
      escaped: false,
      references: new Set(),
      wikitext: false,
      notationWords: [],
      longestReference: 0,
      parties: createPartyTable([]),
      content: undefined,
    };
  }

  it('lets the memo keep the answers of ordinary text and of holder annotations', () => {
    for (const content of [
      'shall',
      'new and additional',
      ', as appropriate,',
      'Parties',
      'US: delete',
      'proposed by EU',
    ])
      expect(answerReadsContext(pairOf(content)), content).toBe(false);
  });

  it('turns away contents whose answer depends on where the pair stands', () => {
    for (const content of [
      '5',
      'a',
      'iv',
      'KM3',
      'agreed',
      'deleted',
      'Next',
      'xx',
      '2019',
      'RFC2119',
      'To be completed',
      'www.',
      'DRAFT',
      'adopted without a vote',
    ])
      expect(answerReadsContext(pairOf(content)), content).toBe(true);
  });
});

describe('pair memo: contents that share a key', () => {
  /** `base` with every character the key does not read replaced from `fill`: same length, same key. */
  function collide(base: string, fill: string): string {
    const n = base.length;
    const read = new Set([0, n - 1, n >> 1, n >> 2, n - 1 - (n >> 2)]);
    return [...base].map((c, i) => (read.has(i) ? c : (fill[i % fill.length] as string))).join('');
  }

  const BASES = ['US: delete', 'G77: retain', 'proposed by EU', 'Option 1: Parties shall report'];
  const FILLS = ['abcdefghij', 'shall not act', 'xyz', 'Parties may '];
  const contents = BASES.flatMap((b) => [b, ...FILLS.map((f) => collide(b, f))]);

  /** Each content on its own line, in turn, `rounds` times (the first round meets each once). */
  function draft(rounds: number): string {
    const lines: string[] = [];
    for (let r = 0; r < rounds; r++) for (const c of contents) lines.push(`Parties shall act [${c}] now.`);
    return lines.join('\n\n');
  }

  it('are built to share a key and to differ in their answers', () => {
    for (const b of BASES) {
      const text = `${b} ${collide(b, FILLS[0] as string)}`;
      expect(keyOf(text, 0, b.length)).toBe(keyOf(text, b.length + 1, text.length));
    }
    const text = draft(1);
    const fresh = scanBrackets({ ...scanInput(text, 'text'), memo: false });
    expect(fresh.annotations.length).toBeGreaterThan(0);
    expect(fresh.brackets.count).toBeGreaterThan(0);
  });

  it('gives the same scan as without the memo', () => {
    expectSameBothWays(draft(6), 'text');
    expectSameBothWays(draft(6), 'markdown');
  });

  it('answers as the rules whether a hit is confirmed by a search or, past its budget, by a substring', () => {
    const text = draft(4);
    const parties = createPartyTable([]);
    for (const budget of [0, 40, 1e9]) {
      const memo = new PairMemo(64, budget);
      for (const m of text.matchAll(/\[([^[\]\n]*)\]/g)) {
        const open = m.index;
        const close = open + m[0].length - 1;
        const ctx = (): PairContext => ({
          text,
          open,
          openLength: 1,
          close,
          closeLength: 1,
          sameParagraph: true,
          paragraphStart: text.lastIndexOf('\n', open) + 1,
          markdown: false,
          escaped: false,
          references: new Set(),
          wikitext: false,
          notationWords: [],
          longestReference: 0,
          parties,
          content: undefined,
        });
        expect(memo.classify(ctx()), m[1]).toEqual(classifyPair(ctx()));
      }
    }
  });
});

describe('pair memo: nested pairs of a repeated content', () => {
  /**
   * Groups whose nested pairs differ in their answers (text, holder notes, years, footnote
   * numbers, notation examples), some equal but for one inner pair, some equal outside but
   * nested otherwise; a pair read from the wrong earlier pair would change its answer.
   */
  const GROUPS = [
    '[Parties [shall][should] act [US: delete]]',
    '[Parties [shall][2030] act [US: delete]]',
    '[Parties [should][shall] act [US: delete]]',
    '[[by [2025][2030]] and [new and additional]]',
    '[see [2010] ICJ Rep 14 and [5]]',
    '[see [2010] ICJ Rep 14 and [a]]',
    '[[G77: retain] [proposed by EU] [EU: delete]]',
    '[[shall] [[should]] [shall]]',
    '[[shall] [ [should]] [shall]]',
    '[text [in brackets] here]',
    '[[x] [y] [z]]',
  ];
  const PLACES = [
    '{} now.',
    'Parties {} now.',
    'Words in brackets, as in {}, are not agreed.',
    '{}[US: retain] and',
    'read {}(https://example.org) here',
    '[{}] and',
    '12. {} and {}',
  ];

  function draft(groups: readonly string[], places: readonly string[]): string {
    const out: string[] = [];
    for (const place of places) for (const g of groups) out.push(place.replaceAll('{}', g));
    for (const g of [...groups].reverse()) out.push(`Parties ${g} act.`);
    return out.join('\n\n');
  }

  /** Pairs of `text` classified in order by one memo given the pair table: each must get the rules' answer. */
  function expectRulesAnswers(text: string, format: Format): PairMemo {
    const notationWords = [...text.matchAll(/\bbracket(?:s|ed|ing)?\b/gi)].map((m) => m.index);
    const input = scanInput(text, format);
    const pairs = pairTokens(text, input.structure.paragraphs, input.markdown, 1e6);
    const memo = new PairMemo(pairs.count, 2 * text.length, pairs);
    const parties = createPartyTable([]);
    for (let k = 0; k < pairs.count; k++) {
      const close = pairs.close[k] as number;
      if (close < 0) continue;
      const open = pairs.open[k] as number;
      const openPara = pairs.openPara[k] as number;
      const ctx = (): PairContext => ({
        text,
        open,
        openLength: pairs.openLen[k] as number,
        close,
        closeLength: pairs.closeLen[k] as number,
        sameParagraph: openPara === pairs.closePara[k],
        paragraphStart: pairs.paraStart[openPara] as number,
        markdown: input.markdown,
        escaped: pairs.openLen[k] === 2,
        references: input.structure.references,
        wikitext: false,
        notationWords,
        longestReference: 0,
        parties,
        content: undefined,
      });
      expect(memo.classify(ctx(), k), text.slice(open, close + 1)).toEqual(classifyPair(ctx()));
    }
    return memo;
  }

  it('gives each nested pair the answer of the full rules, and finds most of them by place', () => {
    for (const format of ['text', 'markdown'] as const) {
      expectRulesAnswers(draft(GROUPS, PLACES), format);
      // Without "bracket" words (near them short pairs are never remembered): most nested pairs by place.
      const plain = draft(
        GROUPS.filter((g) => !g.includes('bracket')),
        PLACES.filter((p) => !p.includes('bracket')),
      );
      const memo = expectRulesAnswers(plain, format);
      expect(memo.mirroredPairs).toBeGreaterThan(plain.split('[').length / 4);
    }
  });

  it('gives the same scan as without the memo', () => {
    for (const format of ['text', 'markdown'] as const) {
      expectSameBothWays(draft(GROUPS, PLACES), format);
      expectSameBothWays(draft([...GROUPS].reverse(), [...PLACES].reverse()), format);
    }
  });

  it('gives the same scan on random repeated groups of nested pieces', () => {
    const piece = fc.constantFrom(
      '[',
      ']',
      ' ',
      'shall',
      'US: delete',
      '2030',
      ' ICJ Rep 14',
      '5',
      'a',
      'bracket',
      '(x)',
      '\\[',
      '`',
      '\n',
      '\n\n',
    );
    const group = fc.array(piece, { minLength: 1, maxLength: 12 }).map((p) => `[${p.join('')}]`);
    fc.assert(
      fc.property(
        fc.array(group, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { minLength: 2, maxLength: 24 }),
        fc.constantFrom<Format>('text', 'markdown'),
        (groups, order, f) => {
          const text = order.map((i) => `${groups[i % groups.length]} and`).join(' ');
          expectSameBothWays(text, f);
        },
      ),
      { numRuns: 400, seed: 29 },
    );
  });
});

describe('lawReportFollows', () => {
  it('turns away at the first character only what the law report pattern would (it starts with a blank)', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      expect(lawReportFollows(`[2010]${ch}ICJ Rep 14`, 6), `U+${c.toString(16)}`).toBe(/^\s$/.test(ch));
    }
    expect(lawReportFollows('[2010] 2 WLR 123', 6)).toBe(true);
    expect(lawReportFollows('[2010] COP 30', 6)).toBe(false);
    expect(lawReportFollows('[2010]', 6)).toBe(false);
  });
});
