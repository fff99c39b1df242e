import { describe, expect, it } from 'vitest';
import { parseDraftText } from '../../src/core/drafts/index.js';

/**
 * Brackets of texts a negotiation draft quotes or resembles (program code, Markdown task lists,
 * letter templates, transcripts, judgments), and shapes of drafts in other languages and
 * numbering styles, each in an invented sentence: what is counted must follow from the shape
 * of the bracket and its place, and the negotiation brackets beside them stay counted.
 */
function parse(text: string) {
  return parseDraftText(text, 'markdown');
}

function choices(text: string): string[][] {
  return parse(text).alternatives.map((a) => a.members.map((m) => text.slice(m.start, m.end)));
}

describe('a holder tag after an option label needs a label, not a word', () => {
  it.each([
    ['"option for"', 'Parties shall keep the option for [LDCs]: a grace period of five years.'],
    ['"alternative to"', 'Each Party may choose an alternative to [SIDS]: the regional pool.'],
  ])('keeps a group named after %s in a sentence as a bracket', (_label, text) => {
    const draft = parse(text);
    expect(draft.brackets).toHaveLength(1);
    expect(draft.annotations).toHaveLength(0);
  });

  it.each([
    ['a letter', 'Option A [EU]: Parties shall act.', 'EU'],
    ['a number, after a sentence', 'Parties act. Option 2 [G77]: Parties may act.', 'G77'],
    ['a letter in parentheses after a bullet', '- Alt (b) [AOSIS]: Parties act.', 'AOSIS'],
  ])('reads a tag after an option label with %s', (_label, text, holder) => {
    const draft = parse(text);
    expect(draft.brackets).toHaveLength(0);
    expect(draft.annotations.flatMap((a) => a.holders)).toEqual([holder]);
  });
});

describe('a French or Spanish lead-in before a choice is not one of its options', () => {
  it.each([
    ['"à"', "Les Parties [s'engagent à] [réduire][limiter] les déchets.", ['[réduire]', '[limiter]']],
    [
      '"de"',
      'Les Parties [s’efforcent de] [renforcer][élargir] la coopération.',
      ['[renforcer]', '[élargir]'],
    ],
    ['"a"', 'Las Partes [se comprometen a] [reducir][limitar] los residuos.', ['[reducir]', '[limitar]']],
  ])('reads a lead-in ending with %s apart from the choice after it', (_label, text, options) => {
    expect(choices(text)).toEqual([options]);
  });

  it('reads lead-ins that are options of their own as a choice of their own', () => {
    expect(choices("Les Parties [s'engagent à][s'efforcent de] [réduire][limiter] les déchets.")).toEqual([
      ["[s'engagent à]", "[s'efforcent de]"],
      ['[réduire]', '[limiter]'],
    ]);
  });

  it('keeps options that all end with a preposition as one choice', () => {
    expect(choices('Les Parties agissent [conformément à][en vertu de] l’article 4.')).toEqual([
      ['[conformément à]', '[en vertu de]'],
    ]);
  });

  it('keeps a preposition before nouns as one choice with them', () => {
    expect(choices('Les Parties agissent [conformément à] [l’article 4][la section 2].')).toHaveLength(1);
    expect(choices('Los fondos [de apoyo a] [mujer][hogar] se asignan.')[0]).toHaveLength(3);
  });
});
