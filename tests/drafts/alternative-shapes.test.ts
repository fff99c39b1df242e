import { describe, expect, it } from 'vitest';
import { parseDraftText } from '../../src/core/drafts/index.js';

/**
 * Shapes of alternatives in drafts of many fora, each in an invented text: how many choices
 * (groups) and how many options in each.
 */
function groups(text: string, format: 'markdown' | 'text' = 'markdown'): string[] {
  return parseDraftText(text, format).alternatives.map((a) => `${a.kind}:${a.members.length}`);
}

describe('labelled options in their usual spellings', () => {
  it.each([
    [
      'bulleted options',
      '\u2022 Option 1: Parties cooperate.\n\n\u2022 Option 2: No text.\n\n\u2022 Option 3: Parties report.',
    ],
    ['variants', 'Variant 1: Parties cooperate.\n\nVariant 2: No text.\n\nVariant 3: Parties report.'],
    ['"Alt." with a full stop', 'Alt. 1: Parties cooperate.\n\nAlt. 2: No text.\n\nAlt. 3: Parties report.'],
    [
      'bracketed variants',
      '[Variant 1: Parties cooperate.]\n\n[Variant 2: No text.]\n\n[Variant 3: Parties report.]',
    ],
    [
      'bullets of a PDF converted to text',
      '\uf0b7 Option 1: Parties cooperate.\n\n\uf0b7 Option 2: No text.\n\n\uf0b7 Option 3: Parties report.',
    ],
  ])('%s', (_label, text) => {
    expect(groups(text)).toEqual(['labelled:3']);
  });

  it('names the options as the draft does', () => {
    const draft = parseDraftText('Variant A: Parties cooperate.\n\nVariant B: No text.', 'markdown');
    expect(draft.alternatives[0]?.members.map((m) => m.label)).toEqual(['Variant A', 'Variant B']);
  });

  it('does not read a word starting a sentence as a label', () => {
    expect(groups('Various Parties cooperate.\n\nVariants of the text exist.')).toEqual([]);
  });
});

describe('brackets on consecutive lines', () => {
  it('reads bracketed definitions, one a line, as list items, not options', () => {
    const text =
      'For the purposes of this instrument:\n[\u201cBody\u201d means the governing body;]\n[\u201cParty\u201d means a Party to it;]\n[\u201cFund\u201d means the fund of Article 9;]';
    expect(groups(text, 'text')).toEqual([]);
  });

  it('reads bracketed preambular clauses ending with commas as separate clauses', () => {
    expect(groups('Recalling:\n[its resolution 12/3,]\n[the outcome of the review,]', 'text')).toEqual([]);
  });

  it('reads brackets that each fill their own line as separate items', () => {
    const text =
      'Definitions\n[\u201cBody\u201d means the governing body]\n[\u201cFund\u201d means the fund\u2026]\n[\u201cParty\u201d means a Party]';
    expect(groups(text, 'text')).toEqual([]);
  });

  it('keeps options that wrap onto the next line', () => {
    expect(
      groups(
        'Parties take into account [the synthesis report]\n[the information received] in the review.',
        'text',
      ),
    ).toEqual(['adjacent:2']);
  });

  it('keeps options side by side on one line, whatever they end with', () => {
    expect(groups('Parties shall [report;] [review;] and act.')).toEqual(['adjacent:2']);
  });
});

describe('an excerpt cut inside a choice', () => {
  it('counts a first option in the last paragraph as a choice with the one option shown', () => {
    expect(
      groups('Option 1: Parties cooperate.\n\nOption 2: No text.\n\nOption 1: Parties report every year and'),
    ).toEqual(['labelled:2', 'labelled:1']);
  });

  it('does not count a first option followed by other text', () => {
    expect(groups('Option 1: Parties cooperate.\n\nParties report every year.')).toEqual([]);
  });

  it('does not count a later option left alone', () => {
    expect(groups('Parties cooperate.\n\nOption 2: Parties report every year and')).toEqual([]);
  });
});

describe('an option label alone on its line, over the paragraphs of the option', () => {
  it('labels the paragraph below it and makes one choice with the other options', () => {
    const text =
      'Article 9\n\nOption 1\n\n1. Parties shall act.\n\n2. Parties shall report.\n\nOption 2\n\n1. No text.\n\nArticle 10\n\nAlternative A\nThe Assembly decides.\n\nAlternative B\nThe Council decides.\n';
    const draft = parseDraftText(text, 'text');
    expect(draft.sections.map((s) => s.title)).toEqual(['', '']);
    expect(draft.paragraphs.filter((p) => p.kind === 'body').map((p) => p.option ?? '-')).toEqual([
      'Option 1',
      '-',
      'Option 2',
      'Alt A',
      'Alt B',
    ]);
    expect(groups(text, 'text')).toEqual(['labelled:2', 'labelled:2']);
  });

  it('joins a label alone with labels before their text in one choice, in Markdown too', () => {
    const text =
      '# Article 3\n\n**Option 1:** Parties act.\n\n**Option 2**\n\n1. Parties report.\n2. Parties review.\n\n**Option 3:** No text.\n';
    expect(groups(text)).toEqual(['labelled:3']);
  });

  it('keeps a bracket opened before a label alone, with its diagnostic', () => {
    const draft = parseDraftText('Parties act.\n\n**[Option 2**\n\n53. Parties report.\n', 'markdown');
    expect(draft.brackets).toHaveLength(1);
    expect(draft.diagnostics.map((d) => d.code)).toContain('bracket.unclosed');
  });

  it('does not carry a label alone past a heading', () => {
    const text = 'Article 1\n\nOption 1\n\nArticle 2\n\n1. Parties act.\n\nOption 2: No text.\n';
    const draft = parseDraftText(text, 'text');
    expect(draft.paragraphs.filter((p) => p.kind === 'body').map((p) => p.option ?? '-')).toEqual([
      '-',
      'Option 2',
    ]);
  });
});
