import { describe, expect, it } from 'vitest';
import { draftStatus, parseDraftText } from '../../src/core/drafts/index.js';

/**
 * Notes that secretariats, facilitators and publishers put in square brackets in drafts of
 * many fora (UN bodies, treaty committees, standard-setting and trade negotiations), each in
 * an invented sentence, beside the contested text of the same shape that must stay counted.
 * Each group is one general construct: a shape of the content and the context it sits in.
 */
function count(text: string): number {
  return parseDraftText(text, 'markdown').brackets.length;
}

function expectNote(text: string): void {
  const draft = parseDraftText(text, 'markdown');
  expect(draft.brackets, 'negotiation brackets').toHaveLength(0);
  expect(draftStatus(draft).notCounted.total, 'reported apart').toBeGreaterThan(0);
}

describe('traces and labels of the editing, in lower case too', () => {
  it.each([
    ['a move from a paragraph', 'Parties cooperate in good faith. [moved from paragraph 12]'],
    ['a move to an article', 'Parties cooperate in good faith. [moved to Article 4]'],
    ['a merge with a bare paragraph number', 'Parties cooperate in good faith. [merged with 5 bis]'],
    ['a move up, capitalised', 'Parties cooperate in good faith. [Moved up from section C]'],
    ['a move as the body of a numbered paragraph', '12. [moved to paragraph 3]\n\n13. Parties cooperate.'],
    ['a deleted paragraph', '14. [deleted]\n\n15. Parties cooperate.'],
    ['a paragraph agreed', 'Parties cooperate in good faith. [Paragraph agreed]'],
    ['a paragraph agreed, lower case', '5. Parties cooperate in good faith. [paragraph agreed]'],
    ['agreed at a session named in words', 'Parties cooperate. [Agreed at the third session]'],
    ['a new paragraph label', '5 bis. [New paragraph]'],
    ['a new-text label closing the paragraph', '7 ter. Parties cooperate in good faith. [new]'],
  ])('%s', (_label, text) => expectNote(text));

  it.each([
    ['a word inside a sentence', 'Such matters are decided by [consensus].', 1],
    ['a move word inside a sentence', 'the provision [moved to Article 4] of the text applies', 1],
    ['"new" as a contested adjective', 'Parties shall adopt [new] measures.', 1],
    ['"deleted" inside a sentence', 'records [deleted] from the register are kept', 1],
  ])('%s stays counted', (_label, text, n) => {
    expect(count(text)).toBe(n);
  });
});

describe('endnote markers in lower-case roman numerals', () => {
  it.each([
    ['glued after a full stop', 'Parties cooperate in good faith.[ii] They report.'],
    ['glued after a word', 'Parties cooperate now[iv] and report.'],
    ['after a sentence and a space', 'Parties cooperate in good faith. [iii] They report.'],
  ])('%s', (_label, text) => expectNote(text));

  it.each([
    ['a contested sub-item inside a sentence', 'as listed in subparagraph [iv] of the annex', 1],
    ['two numerals side by side', 'as listed in item[ii][iii] of the annex', 2],
    ['letters of a word', 'Each Part[y][ies] shall report.', 2],
    ['alternative paragraph numbers after an option', 'Option 1: [4][2]. Parties cooperate.', 2],
  ])('%s stays counted', (_label, text, n) => {
    expect(count(text)).toBe(n);
  });
});
