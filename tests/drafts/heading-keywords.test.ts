import { describe, expect, it } from 'vitest';
import { draftStatus, matchSections, parseDraftText } from '../../src/core/drafts/index.js';

/**
 * Rules of procedure and regulations are negotiated in brackets like treaties: "Rule 12" with
 * its title on the next line, "Regulation 7. Reporting", "Règle 3", and "Art. 5" for an
 * article. Each is a section of its own, cited by its number.
 */

const RULES = [
  'Chapter III. Meetings',
  '',
  'Rule 12',
  'Quorum',
  '',
  '1. [Two thirds][A majority] of the Parties shall constitute a quorum.',
  '',
  'Rule 13. Decisions',
  '',
  '1. Decisions shall be taken by [consensus][a two-thirds majority].',
  '',
  'Regulation 7. Reporting',
  '',
  '1. Each Party [shall][should] report.',
  '',
  'Art. 5 Definitions',
  '',
  '1. For the purposes of this [Protocol], the terms below apply.',
].join('\n');

describe('rules, regulations and "Art." headings', () => {
  it('open sections with their numbers and titles, under the chapter', () => {
    const status = draftStatus(parseDraftText(RULES, 'text'));
    expect(status.sections.map((s) => s.label)).toEqual([
      'Chapter III. Meetings',
      'Rule 12. Quorum',
      'Rule 13. Decisions',
      'Regulation 7. Reporting',
      'Article 5. Definitions',
    ]);
    expect(status.sections.map((s) => s.brackets.total)).toEqual([7, 2, 2, 2, 1]);
  });

  it('are found by what people type', () => {
    const { sections } = parseDraftText(RULES, 'text');
    const found = (q: string) => matchSections(sections, q).map((i) => sections[i]?.number);
    expect(found('Rule 12')).toEqual(['12']);
    expect(found('rule 13')).toEqual(['13']);
    expect(found('Regulation 7')).toEqual(['7']);
    expect(found('art 5')).toEqual(['5']);
  });

  it('read French and Spanish rules', () => {
    const text =
      'Règle 3. Bureau\n\n1. Le Bureau [est composé][se compose] de dix membres.\n\nRegla 4. Quórum\n\n1. [La mitad] de las Partes.';
    expect(draftStatus(parseDraftText(text, 'text')).sections.map((s) => s.label)).toEqual([
      'Rule 3. Bureau',
      'Rule 4. Quórum',
    ]);
  });
});

describe('lines that only start with such a word stay text', () => {
  it('a sentence about a rule, a regulation or an article', () => {
    const text = [
      'Article 1. Scope',
      '',
      '1. Parties shall apply the rules of procedure.',
      'Rule 12 of the rules of procedure applies [mutatis mutandis].',
      'Regulation (EU) 2019/1 is [not] affected.',
      'Art. 5 of the Convention shall apply.',
    ].join('\n');
    expect(draftStatus(parseDraftText(text, 'text')).sections.map((s) => s.label)).toEqual([
      'Article 1. Scope',
    ]);
  });
});
