import { describe, expect, it } from 'vitest';
import { draftQualifiers, parseDraftText } from '../../src/core/drafts/index.js';
import { vision } from './fixtures.js';

const md = (text: string, qualifiers: string[] = []) => parseDraftText(text, 'markdown', { qualifiers });

describe('qualifiers', () => {
  it('finds every occurrence with its location, across line breaks, longest phrase first', () => {
    const d = md(
      '# C8\n\n1. Stakeholders should act, as\nappropriate, in their respective roles and responsibilities.',
    );
    expect(d.qualifiers.map((q) => [q.phrase, q.line, q.column])).toEqual([
      ['as appropriate', 3, 29],
      ['in their respective roles and responsibilities', 4, 14],
    ]);
    expect(d.qualifiers[0]?.bracket).toBe(-1);
  });

  it('flags qualifiers inside brackets and ignores those in annotations', () => {
    const d = md('Act [inter alia through funds] [Note: inter alia is disputed].');
    expect(d.qualifiers).toHaveLength(1);
    expect(d.qualifiers[0]?.bracket).toBe(0);
  });

  it('adds user phrases and matches them case-insensitively, whole words only', () => {
    const d = md('Parties act on a Voluntary Basis and voluntarily, with Flexibility.', [
      'flexibility',
      '"voluntary"',
    ]);
    expect(d.qualifiers.map((q) => q.phrase)).toEqual(['on a voluntary basis', 'flexibility']);
    expect(d.extraQualifiers).toEqual(['flexibility', 'voluntary']);
  });

  it('reports the Vision draft of 1 June 2014', () => {
    const r = draftQualifiers(vision('06-01'));
    expect(r.qualifiers.byPhrase).toEqual(
      expect.arrayContaining([
        { phrase: 'inter alia', count: 2 },
        { phrase: 'in accordance with national legislation', count: 1 },
        { phrase: 'in their respective roles and responsibilities', count: 1 },
      ]),
    );
    const legislation = r.qualifiers.occurrences.find(
      (o) => o.phrase === 'in accordance with national legislation',
    );
    expect(legislation).toMatchObject({ section: 'C5', paragraph: 'C5/8', bracketed: true });
    expect(legislation?.context).toContain('national cybersecurity strategies[, in accordance');
  });
});

describe('strength verbs', () => {
  it('finds modal and operative verbs with their strength', () => {
    const d = md(
      'The Conference decides to act, invites Parties and calls upon donors; Parties shall, should or may report.',
    );
    expect(d.verbs.map((v) => [v.verb, v.family, v.strength])).toEqual([
      ['decides', 'operative', 6],
      ['invites', 'operative', 1],
      ['calls upon', 'operative', 4],
      ['shall', 'modal', 4],
      ['should', 'modal', 2],
      ['may', 'modal', 1],
    ]);
  });

  it('does not take the month May or nouns for verbs', () => {
    const d = md(
      'On 28 May 2014, May 30 and in May-June, the political will and the request were noted. Parties may act.',
    );
    expect(d.verbs.map((v) => v.verb)).toEqual(['may']);
  });
});
