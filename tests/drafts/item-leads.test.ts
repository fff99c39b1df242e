import { describe, expect, it } from 'vitest';
import { draftStatus, parseDraftText } from '../../src/core/drafts/index.js';

/**
 * Item labels beside "12." and "(a)": "a)" (French, Spanish and German drafts), "ii.", "m. Ensure",
 * "§ 2." and "3(a) Parties". Each starts a paragraph of its own, numbered, in plain text where a
 * line that does not start a paragraph continues the one before it.
 */

const labelsOf = (text: string, format: 'text' | 'markdown' = 'text') =>
  draftStatus(parseDraftText(text, format))
    .sections.flatMap((s) => s.paragraphs)
    .map((p) => [p.label, p.words.total]);

describe('item labels', () => {
  it('a letter with a closing parenthesis only', () => {
    const text = [
      'Article 2',
      '',
      'Les Parties :',
      'a) [doivent][devraient] coopérer en matière de recherche ;',
      'b) [peuvent] échanger des informations ;',
      'c) favorisent l’éducation.',
    ].join('\n');
    expect(labelsOf(text)).toEqual([
      ['unnumbered paragraph at line 3', 2],
      ['¶(a)', 7],
      ['¶(b)', 4],
      ['¶(c)', 2],
    ]);
  });

  it('lower-case roman numbers and letters with a dot before a capital', () => {
    const text = [
      'Article 5',
      '',
      'Finance shall:',
      'i. Be [new and additional];',
      'ii. Be [predictable];',
      'iii. [Respond to] needs.',
      'd. Take into account [national] priorities.',
    ].join('\n');
    expect(labelsOf(text).map(([label]) => label)).toEqual([
      'unnumbered paragraph at line 3',
      '¶(i)',
      '¶(ii)',
      '¶(iii)',
      '¶(d)',
    ]);
  });

  it('a section sign and a number with its letter', () => {
    const text = [
      'Chapter 1',
      '',
      '§ 1. Parties [shall] cooperate.',
      '§2 [Parties may report.]',
      '3(a) Parties [shall] review.',
    ].join('\n');
    expect(labelsOf(text).map(([label]) => label)).toEqual(['¶§ 1', '¶§ 2', '¶3(a)']);
  });

  it('are no title of a heading number alone on the line above', () => {
    const text = 'II.\na) Parties [shall] act;\nb) Parties [may] report.';
    const status = draftStatus(parseDraftText(text, 'text'));
    expect(status.sections.map((s) => s.label)).toEqual(['II']);
    expect(status.sections[0]?.paragraphs.map((p) => p.label)).toEqual(['¶(a)', '¶(b)']);
  });

  it('are read in Markdown paragraphs too', () => {
    const text = '## Article 2\n\na) Parties [shall] act;\nb) Parties [may] report.';
    expect(labelsOf(text, 'markdown').map(([label]) => label)).toEqual(['¶(a)', '¶(b)']);
  });
});

describe('lines that only look like item labels continue their paragraph', () => {
  it('a wrapped cross-reference, "i.e." and "e.g."', () => {
    const text = [
      '7. Parties shall report on the matters referred to in paragraph',
      '82(a) above; [Parties may add information,]',
      'i.e. the results of reviews, and information on',
      'e.g. financial flows.',
    ].join('\n');
    expect(labelsOf(text).map(([label]) => label)).toEqual(['¶7']);
  });

  it('a lower-case letter with a dot before lower-case text', () => {
    const text = '8. Parties shall act in accordance with Article 4, para.\nb. below [and annex I].';
    expect(labelsOf(text).map(([label]) => label)).toEqual(['¶8']);
  });
});
