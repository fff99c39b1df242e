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

describe('blanks and placeholders filled in mechanically', () => {
  it.each([
    ['a bare placeholder alone', 'Article 6\n\n[Placeholder]\n\nParties cooperate.'],
    ['a bare placeholder inline', 'The review ends by [placeholder].'],
    ['an instruction to insert a date', 'This Protocol enters into force on [insert date].'],
    ['an instruction to insert a name', 'The [Insert name of the organization] serves as secretariat.'],
    ['a template blank for a date', 'Done at Geneva on [date of adoption].'],
    ['a template blank for a name', 'The Government of [name of country] shall report.'],
    ['blanks for the place and date of signature', 'Done at [place] on [date].'],
    ['a date mask', 'Submissions are due by [dd/mm/yyyy].'],
    ['a fact not known yet', 'The workshop will be held on [TBD].'],
    ['a venue not known yet', 'The workshop will be held in [venue to be announced].'],
    ['text to be inserted inside a sentence', 'The amount of [to be inserted] shall apply.'],
    ['the number of a symbol glued to it', 'Recalling decision [XX]/CP.21 and its annex,'],
    ['a heading still to be chosen', 'Article 5\n\n[Heading to be decided]\n\nParties cooperate.'],
    [
      'a title still to be chosen, on the heading line',
      'Article 5. [Title to be determined]\n\nParties cooperate.',
    ],
    ['the place of a title after its number', 'Annex II. [Title]\n\nParties cooperate.'],
  ])('%s', (_label, text) => expectNote(text));

  it.each([
    ['a number left open', 'Parties reduce emissions by [XX] per cent.', 1],
    ['an unknown quantity', 'every [X] years', 1],
    ['alternative years', 'net zero by [2045][2050]', 2],
    ['a blank beside an option', 'Done on [date of adoption] [1 January 2030].', 2],
    ['a negotiated number of parties', 'enters into force after [number of ratifications] instruments', 1],
    ['a placeholder that proposes a subject', 'Parties act. [Placeholder for text on finance]', 1],
    ['an insertion that proposes text', '[Insert: Parties shall cooperate.]', 1],
    ['a contested heading text', 'Article 5. [Loss and damage]\n\nParties cooperate.', 1],
    ['a bracketed section name', '[Preamble]\n\nRecalling the Convention,\n\nParties cooperate.', 1],
    ['"title" inside a sentence', 'the [title] of the instrument is agreed', 1],
  ])('%s stays counted', (_label, text, n) => {
    expect(count(text)).toBe(n);
  });
});

describe('citations and insertions into quotations in legal text', () => {
  it.each([
    [
      'the year of a law report',
      'as the Court held in Fisheries (Norway v. Iceland) [1974] ICJ Rep 3, para. 40',
    ],
    ['the year of a neutral citation', 'see Smith v Jones [2016] EWCA Civ 1021 and later cases'],
    ['a volume before the series', 'as decided in [1998] 3 WLR 1456'],
    ['emphasis added', 'Parties "shall cooperate" [emphasis added].'],
    ['emphasis in the original', 'Parties "shall cooperate" [Emphasis in original]'],
    ['footnotes omitted', 'the duty "to cooperate in good faith" [footnotes omitted] applies'],
    ['a translation by the author', 'the Parties "undertake to cooperate" [translation ours].'],
    ['several original languages', '[Original: English and French]\n\nParties cooperate.'],
    ['a pointer to an identical paragraph', 'Parties cooperate. [Same as paragraph 5]'],
    ['references of a compiled paragraph', 'Op2 Parties cooperate. [References: resolution 70/1, para. 10]'],
  ])('%s', (_label, text) => expectNote(text));

  it.each([
    ['a year under negotiation before a name', 'by [2030] COP 30 reviews the goal', 1],
    ['a year under negotiation', 'Parties report by [2028] at the latest.', 1],
    ['"emphasis" as text', 'with [emphasis on] adaptation', 1],
  ])('%s stays counted', (_label, text, n) => {
    expect(count(text)).toBe(n);
  });
});

describe('status words and quoted notation read in their sentence', () => {
  it.each([
    ['"agreed" between two words', 'as [agreed] by the Parties at their first session', 1],
    ['"pending" between two words', 'the [pending] requests for accreditation', 1],
    ['a status closing the paragraph', 'Parties cooperate in good faith. [agreed]', 0],
    ['a status beside the bracket it qualifies', 'Parties [shall] [pending] cooperate.', 1],
    ['a date still to be confirmed, in capitals', 'The session opens on 12 May [TBC] in Nairobi.', 0],
    [
      'options quoted after "e.g." in a note on brackets',
      'Brackets mark text not yet agreed, e.g. [shall][should].',
      0,
    ],
    [
      'one option quoted after "i.e." in a note on brackets',
      'Square brackets, i.e. [may], show open text.',
      0,
    ],
  ])('%s', (_label, text, n) => {
    expect(count(text)).toBe(n);
  });
});

describe('more notes of secretariats and standard-setting bodies', () => {
  it.each([
    ['a former number', 'Parties cooperate. [Formerly Article 7]'],
    ['a former paragraph number, lower case', '12. [old 15] Parties cooperate.'],
    ['an ex-paragraph number', 'Parties cooperate. [ex-para 12]'],
    ['a comment of the secretariat', 'Parties cooperate. [Secretariat comment: this follows the 2019 text.]'],
    ["the chair's understanding", "Parties cooperate. [Chair's understanding: the text is stable.]"],
    ['the language a paragraph comes from', 'Op4 Parties cooperate. [Language from resolution 70/1]'],
    ['where a footnote goes', 'Parties cooperate. [Footnote 3]'],
    ['a footnote still to be written', 'Parties cooperate.[Footnote text to be provided]'],
    ['a clean text', '[Clean text]\n\nParties cooperate.'],
    ['a revision number', '[Rev.1]\n\nParties cooperate.'],
    ['an informal note by an official', '[Informal note by the Chair]\n\nParties cooperate.'],
    ['the step of a standard-setting procedure', 'Draft standard for dried figs [at Step 5]'],
    ['a step alone on its line', '[Step 8]\n\nScope'],
    ['a symbol number before the session', 'Recalling resolution MEPC.[XXX](80), the Committee'],
  ])('%s', (_label, text) => expectNote(text));

  it('reads who proposed an amendment as its holder', () => {
    const draft = parseDraftText('Parties [shall] cooperate. [Amendment proposed by Norway]', 'markdown');
    expect(draft.brackets).toHaveLength(1);
    expect(draft.annotations.map((a) => a.holders)).toEqual([['Norway']]);
  });

  it.each([
    ['a comment of a party is not a secretariat note', 'Parties [shall] [EU: delete] act.', 1],
    ['"old" as a contested word', 'replace the [old] equipment', 1],
    ['a step as text', 'the first [step] towards the goal', 1],
  ])('%s stays counted', (_label, text, n) => {
    expect(count(text)).toBe(n);
  });
});

describe('blanks among options stay brackets', () => {
  it.each([
    ['a date blank before options on the next line', 'emissions [in [date]\n[1990][2000][2010]] levels', 5],
    ['a number among numbers separated by slashes', 'on which not less than 10/50/[X] Parties have acted', 1],
  ])('%s', (_label, text, n) => {
    expect(count(text)).toBe(n);
  });
});

describe('notes of web copies, statements and verbatim records', () => {
  it.each([
    ['six languages', '[Arabic, Chinese, English, French, Russian and Spanish only]\n\nParties cooperate.'],
    ['blanks of a signature block', 'Done at Geneva\n\n[Date]\n\n[Signature]'],
    [
      'a statement to be checked against delivery',
      '[Check against delivery]\n\nMr. President, we cooperate.',
    ],
    ['an embargo', '[Embargoed until 10:00 GMT, 3 June]\n\nParties cooperate.'],
    ['an instruction to insert a figure', 'Parties cooperate. [Insert Figure 3 here]'],
    ['a page marker inside a sentence', 'Parties cooperate [p. 12] and report.'],
    ['a page marker alone', 'Parties cooperate.\n\n[Page 12]\n\nThey report.'],
    ['applause', 'We will cooperate. [Applause]'],
    ['an inaudible passage', 'We will [inaudible] cooperate.'],
    ['the language of a speaker', '[Spoke in French]\n\nWe will cooperate.'],
    ['a translation from the original', '[Translated from the original French]\n\nParties cooperate.'],
  ])('%s', (_label, text) => expectNote(text));

  it.each([
    ['a page word in the text', 'the [page] limit of the report', 1],
    ['a pause as contested text', 'a [pause] in the negotiations', 1],
  ])('%s stays counted', (_label, text, n) => {
    expect(count(text)).toBe(n);
  });
});
