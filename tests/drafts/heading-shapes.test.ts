import { describe, expect, it } from 'vitest';
import { draftStatus, parseDraftText } from '../../src/core/drafts/index.js';

/**
 * Heading lines as drafts of several bodies write them: a status label after the title, a
 * number alone on its line with the title below (the layout of a PDF), and alternative titles
 * in brackets. Invented texts; what matters is the section a reader is shown.
 */
function titles(text: string, format: 'text' | 'markdown' = 'text'): string[] {
  return parseDraftText(text, format).sections.map((s) => s.title);
}

describe('a status label after a heading', () => {
  it('keeps the heading, with or without a full stop after the number, and leaves the label out of the title', () => {
    for (const heading of [
      'Article 12 Capacity building [Agreed ad ref]',
      'Article 12. Capacity building [Stable]',
    ]) {
      const text = `${heading}\n\n1. Parties [shall][should] cooperate.\n\nArticle 13. Review\n\n1. Text [here].\n`;
      expect(titles(text)).toEqual(['Capacity building', 'Review']);
    }
  });

  it('still counts the label apart, not as a bracket', () => {
    const text = 'Article 12 Capacity building [Agreed ad ref]\n\n1. Parties [shall][should] cooperate.\n';
    const status = draftStatus(parseDraftText(text, 'text'));
    expect(status.brackets.total).toBe(2);
    expect(status.notCounted.total).toBe(1);
  });
});

describe('a number alone on its line', () => {
  it('takes a short title-like next line as the title', () => {
    const text =
      'Article 7\nUse of terms\n\n1. "Party" means a State [or a regional organization].\n\nArticle 8\nFinancial mechanism\n\n1. Text.\n';
    expect(titles(text)).toEqual(['Use of terms', 'Financial mechanism']);
  });

  it('does not take the first sentence of the article as its title', () => {
    const text =
      'Article 7\nEach Party shall designate a national focal point.\n\nArticle 8\nParties [may] cooperate\nwith one another on research.\n';
    const draft = parseDraftText(text, 'text');
    expect(draft.sections.map((s) => s.title)).toEqual(['', '']);
    expect(draft.paragraphs.filter((p) => p.kind === 'body')).toHaveLength(2);
  });

  it('does not take a short first line of the text as its title', () => {
    const text =
      'Article 7\nThe Parties\nshall cooperate in good faith.\n\nArticle 8\nEach Party\nmay [withdraw].\n';
    const draft = parseDraftText(text, 'text');
    expect(draft.sections.map((s) => s.title)).toEqual(['', '']);
    expect(draft.paragraphs.filter((p) => p.kind === 'body').map((p) => p.words)).toEqual([7, 4]);
  });

  it('does not take an option or a bracketed sentence on the next line as its title', () => {
    const text =
      'Article 2\n\n[Alt 1: Parties report yearly.]\n[Alt 2: No text.]\n\nArticle 3\n[Parties review the list.]\n\nArticle 4\n[Cooperation]\n\n1. Parties act.\n';
    const draft = parseDraftText(text, 'text');
    expect(draft.sections.map((s) => s.title)).toEqual(['', '', 'Cooperation']);
    expect(draft.alternatives.map((a) => a.kind)).toEqual(['labelled']);
    expect(draft.paragraphs.filter((p) => p.kind === 'body')).toHaveLength(4);
  });
});

describe('alternative titles in brackets', () => {
  it('make a heading, its title the alternatives joined by a slash', () => {
    const text =
      'Article 5 [Obligations] [Commitments]\n\n1. Parties act.\n\nArticle 6 [Review][Stocktake]\n\n1. Parties act.\n';
    expect(titles(text)).toEqual(['Obligations / Commitments', 'Review / Stocktake']);
  });

  it('are not read into contested text that opens with an article number', () => {
    const text = 'Article 5 [Parties shall][cooperate]\n\nArticle 6 [of the Convention] applies.\n';
    expect(parseDraftText(text, 'text').sections).toHaveLength(1);
  });
});
