import { describe, expect, it } from 'vitest';
import { draftStatus, parseDraftText } from '../../src/core/drafts/index.js';

/**
 * Compilations tag a whole paragraph with who proposed it, in parentheses outside any
 * bracket: after the paragraph ("... research. (G77)") or before its text ("(EU, AOSIS)
 * Parties may ..."). The tag is the paragraph's holder and no words of its text; an
 * abbreviation in a sentence is neither.
 */

const rows = (text: string) =>
  draftStatus(parseDraftText(text, 'text'))
    .sections.flatMap((s) => s.paragraphs)
    .map((p) => ({ label: p.label, state: p.state, holders: p.holders, words: p.words.total }));

describe('a parenthesised tag of parties or groups', () => {
  it('after the paragraph or before its text holds the paragraph and adds no words', () => {
    const text = [
      'Article 2',
      '',
      '2.1 Parties [shall][should] cooperate on research. (G77)',
      '2.2 (EU, AOSIS) Parties may report [annually].',
      '2.3 [Developed country Parties shall provide support.] (LDCs)',
    ].join('\n');
    expect(rows(text)).toEqual([
      { label: '¶2.1', state: 'partly-bracketed', holders: ['G77'], words: 6 },
      { label: '¶2.2', state: 'partly-bracketed', holders: ['AOSIS', 'EU'], words: 4 },
      { label: '¶2.3', state: 'wholly-bracketed', holders: ['LDC'], words: 6 },
    ]);
  });
});

describe('parentheses that are no tag', () => {
  it('an abbreviation in the sentence, after a word, or names that are not parties', () => {
    const text = [
      'Article 3',
      '',
      '3.1 Parties shall cooperate with the European Union (EU).',
      '3.2 The [Subsidiary Body] shall consider Article 4 (SBSTA)',
      '3.3 Parties shall [report]. (see note 2)',
      '3.4 (a) Parties [may] act.',
    ].join('\n');
    expect(rows(text).map((r) => [r.label, r.holders])).toEqual([
      ['¶3.1', []],
      ['¶3.2', []],
      ['¶3.3', []],
      ['¶3.4', []],
    ]);
  });
});
