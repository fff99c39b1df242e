import { describe, expect, it } from 'vitest';
import { draftStatus, parseDraftText } from '../../src/core/drafts/index.js';

/**
 * Bracket usages of secretariats in other fora (General Assembly resolutions, treaty
 * negotiating bodies, council working parties, compilation texts), each in an invented
 * sentence. The engine has never seen these drafts: what it counts must follow from the
 * shape of the bracket and its context, not from the document.
 */
function count(text: string): number {
  return parseDraftText(text, 'markdown').brackets.length;
}

describe('contested quantities are brackets, not footnote markers', () => {
  it.each([
    ['a unit after the number', 'Each Party shall report within [5] years of ratification.'],
    ['months', 'The review ends no later than [18] months after it starts.'],
    ['per cent', 'a cut of at least [45] per cent below 2019 levels'],
    ['a percent sign', 'a levy of [2]% on each transaction'],
    ['a hyphenated compound', 'a [10]-year cycle of stocktakes'],
    ['an ordinal ending', 'on the ninetieth day after the [40]th instrument of ratification'],
    ['a counted noun', 'enters into force once [60] States have ratified it'],
    ['a degree sign', 'limit warming to [2]°C'],
    ['a number after "at least"', 'at least [30] of the Parties'],
    ['a number after "than"', 'no more than [3] consecutive terms'],
    ['the number of an article', 'in accordance with Article [14] of the Protocol'],
    ['the number of a paragraph', 'as set out in Article 4, paragraph [3], of this Convention'],
  ])('%s', (_label, text) => {
    expect(count(text)).toBe(1);
  });

  it('counts both ends of a range', () => {
    expect(count('from [5] to [10] years, between [10] and [20] per cent')).toBe(4);
  });

  it('keeps a number after "this article" as a footnote marker', () => {
    expect(count('as provided in this Article [3] and the next')).toBe(0);
  });

  it('keeps reading a spaced or glued number before other words as a footnote marker', () => {
    const draft = parseDraftText(
      'Recalling the Convention [3] and its Protocol.[4] Parties act.',
      'markdown',
    );
    expect(draft.brackets).toHaveLength(0);
    expect(draft.ignored.map((i) => i.rule)).toEqual(['footnote-number', 'footnote-number']);
  });
});

describe('secretariat notes are not counted, and are reported apart', () => {
  it.each([
    [
      'a note naming its author',
      'Parties act. [Note by the Secretariat: wording taken from the 2019 outcome.]',
    ],
    ['a possessive note label', "Parties act. [Co-facilitators' note: consultations continue.]"],
    ['a kind of note', 'Parties act. [Drafting note: definitions to be aligned.]'],
    ['a cross-reference', 'Parties act in good faith [see paragraph 12 above].'],
    ['a "cf." cross-reference', 'Parties act in good faith [cf. Article 4].'],
    ['a trace of a move', 'Op7 Parties act in good faith. [Moved from paragraph 12]'],
    ['a status in capitals', 'Pp2 Parties act in good faith. [STABLE]'],
    ['a colour code', 'Op9 Parties act in good faith. [GREEN]'],
    [
      'an instruction to the publisher',
      'It applies from [OP: please insert the date 24 months after entry into force].',
    ],
    ['text still to be written, alone', 'Article 9. Finance\n\n[to be completed]\n\nArticle 10. Review'],
    ['text still to be written, capitalised', 'Article 9. Finance [To be completed]\n\nParties act.'],
    ['text still to be written, by whom', 'Parties act [to be completed by the secretariat].'],
    ['the state of the document', '[DRAFT - for discussion purposes only]\n\nParties act.'],
    ['a non-paper', '[Non-paper]\n\nParties act.'],
    ['a reserved article', 'Article 9\n\n[Reserved]\n\nArticle 10\n\nParties act.'],
    ['a footnote letter', 'Parties report every year.[a] They act.'],
    ['a comment anchor pasted from a word processor', 'Parties shall act[JB1] now.'],
    ['a placeholder for paragraphs', '[Preambular paragraphs to be inserted]\n\nParties act.'],
    ['a date to be confirmed', 'The session opens on 12 May [TBC] in Nairobi.'],
    ['a footnote symbol', 'Parties report every year.[\u2020] They act.'],
    ['a longer ellipsis', 'as set out [....] below'],
    ['a footnote in brackets', 'Parties act.[Footnote: as defined in Article 2.]'],
    ['a status after a paragraph number', 'Parties act in good faith. [OP3 - agreed ad ref]'],
    ['agreed by a group', 'Parties act in good faith. [Agreed by the contact group]'],
    ['previously agreed language', 'Parties act in good faith. [Previously agreed language]'],
    ['agreed at a numbered meeting', 'Parties act in good faith. [Agreed at INC-4]'],
    ['agreed at a numbered session', 'Parties act in good faith. [Agreed at PrepCom 2]'],
    [
      'the source of a compiled paragraph',
      'Op2 Parties act in good faith. [Source: resolution 70/1, para. 10]',
    ],
    [
      'a paragraph based on a decision',
      'Op2 Parties act in good faith. [Based on decision 1/3, paragraph 4]',
    ],
  ])('%s', (_label, text) => {
    const draft = parseDraftText(text, 'markdown');
    expect(draft.brackets).toHaveLength(0);
    expect(draftStatus(draft).notCounted.total).toBeGreaterThan(0);
  });

  it('names the families in the status report', () => {
    const draft = parseDraftText(
      'Op1 Parties act [see para 5]. [GREEN]\n\nOp2 Parties report.[b] Then they act.\n\nOp3 Parties [shall] act.',
      'markdown',
    );
    const status = draftStatus(draft);
    expect(status.brackets.total).toBe(1);
    expect(status.notCounted.byKind).toEqual(
      expect.arrayContaining([
        { kind: 'cross-references', count: 1 },
        { kind: 'editorial notes', count: 1 },
        { kind: 'footnote markers', count: 1 },
      ]),
    );
  });
});

describe('contested text in the same shapes stays counted', () => {
  it.each([
    ['a placeholder for a proposal', 'Parties act. [Placeholder for text on finance]', 1],
    ['"to be provided" inside a sentence', 'support [to be provided] to developing countries', 1],
    ['"to be completed" inside a sentence', 'a review [to be completed] by 2030', 1],
    ['a colour word in the text', 'Parties shall issue [green] bonds and the [GREEN] fund acts.', 2],
    ['"draft" in the text', 'the [draft] decision is adopted', 1],
    ['"take note" with a colon', '[Parties take note: the report of the Committee]', 1],
    ['"based on" in the text', 'Parties [based on science] act [Based on the best available science].', 2],
    ['an unknown quantity', 'every [X] years', 1],
    ['a formula glued to a word', 'reduce emissions[CO2] and [CH4] now', 2],
    ['options for a quantity', 'every [5] [10] years', 2],
    ['letters inside a word', 'Each Part[y][ies] shall report.', 2],
    ['a letter option after a list label', '(b) [a] review of the text', 1],
    ['alternative paragraph numbers', 'Option 1: [4][2]. Parties act.', 2],
    ['a second-level bracket', 'Parties [[shall] act] now.', 2],
    ['a bracket with its holder after it', 'Parties [shall] (EU) act and [may]/US report.', 2],
    ['a bracket across list items', 'Parties shall:\n\n[(a) report;\n\n(b) review;]\n\n(c) act.', 1],
  ])('%s', (_label, text, brackets) => {
    expect(count(text)).toBe(brackets);
  });
});

describe("officials' labels and symbols still to be issued are notes, whatever their date", () => {
  it.each([
    ['a bureau label', 'Op4 Parties act in good faith. [Bureau text]'],
    ['text from an official, dated', 'Op4 Parties act in good faith. [Text from the Chair, 2 June 2027]'],
    ['a modified proposal noun', "Op4 Parties act in good faith. [Co-Chairs' streamlined proposal]"],
    ['a dated facilitators label', "Op4 Parties act in good faith. [Facilitators' bridging text (9 April)]"],
    ['a symbol with an x', 'Recalling the outcome [ABC/CP/2027/L.x] of the session,'],
    ['a symbol with dots', 'Welcomes the report of the Executive Director [A/81/...] and'],
  ])('%s', (_label, text) => {
    expect(count(text)).toBe(0);
  });

  it('keeps a complete symbol in a sentence, a bare placeholder and a delegation proposal as brackets', () => {
    expect(count('in line with [A/RES/70/1] and [resolution 69/313]')).toBe(2);
    expect(count('a reduction of [XX] per cent')).toBe(1);
    expect(count('by [2030] [Brazil proposal, 3 May]')).toBe(1);
    expect(parseDraftText('by [2030] [Brazil proposal, 3 May]', 'markdown').brackets[0]?.holders).toEqual([
      'Brazil',
    ]);
  });

  it('gives every directive of one bracket its holders', () => {
    const draft = parseDraftText('Parties [shall act] [AGN: retain; Canada, Japan: delete].', 'markdown');
    expect(draft.brackets).toHaveLength(1);
    expect([...(draft.brackets[0]?.holders ?? [])].sort()).toEqual(['AGN', 'Canada', 'Japan']);
  });

  it('adds no holder when a later part is no directive of parties', () => {
    const draft = parseDraftText(
      'Parties [shall act] [EU: delete; see Article 4: it covers this].',
      'markdown',
    );
    expect(draft.brackets[0]?.holders).toEqual(['EU']);
  });
});

describe('labels of who proposed and who opposed, with a colon and joined by semicolons', () => {
  it('reads every label of the bracket as holders, and the bracket is no text', () => {
    const draft = parseDraftText(
      'Parties [shall act] [Proposed by: Chile, Ghana; opposed by: Norway].',
      'markdown',
    );
    expect(draft.brackets).toHaveLength(1);
    expect(draft.annotations.map((a) => a.role)).toEqual(['position']);
    expect([...(draft.brackets[0]?.holders ?? [])].sort()).toEqual(['Chile', 'Ghana', 'Norway']);
  });

  it('reads one label with a colon as the label without one', () => {
    const draft = parseDraftText('Parties [shall act] [Opposed by: Kenya].', 'markdown');
    expect(draft.brackets).toHaveLength(1);
    expect(draft.annotations.map((a) => a.role)).toEqual(['objection']);
  });

  it('keeps a bracket whose second part is no label as text', () => {
    expect(count('Parties act. [Proposed by: Peru; the text is new]')).toBe(1);
  });
});

describe('resolution paragraph numbers with a full stop, a Latin suffix or an alternative', () => {
  const text = [
    'OP1. Decides [to act].',
    '',
    'OP1 alt. Decides to consider the matter.',
    '',
    'PP2 bis Recalling its resolution,',
    '',
    'OP3: Requests a report.',
  ].join('\n');

  it('numbers each paragraph, an alternative paragraph apart from the one it replaces', () => {
    const draft = parseDraftText(text, 'text');
    expect(draft.paragraphs.map((p) => p.number)).toEqual(['Op1', 'Op1 alt', 'Pp2 bis', 'Op3']);
    expect(text.slice(draft.paragraphs[1]?.bodyStart, draft.paragraphs[1]?.end)).toBe(
      'Decides to consider the matter.',
    );
  });

  it('leaves a publisher instruction after "OP:" alone', () => {
    expect(count('It applies from [OP: please insert the date of entry into force].')).toBe(0);
  });
});

describe("the editors' work on the text, noted after a sentence", () => {
  it.each([
    ['a revisit', 'Parties act in good faith. [Paragraph to be revisited]'],
    ['a bare revisit', 'Parties act in good faith. [To be revisited]'],
    ['an update', 'Parties act as in Article 4. [Cross-reference to be updated]'],
    ['an alignment', 'Parties act in good faith. [Language to be aligned with Article 3]'],
    ['a legal review', 'Parties act in good faith. [Subject to legal review]'],
    ['a check', 'Parties act under decision 2/CP.9. [Check reference]'],
    ['a merge', 'Parties act in good faith. [Merged paras 3 and 4]'],
    ['a state of the text', 'Parties act in good faith. [Streamlined]'],
    ['after a paragraph number', '14. [To be revisited]'],
  ])('%s is no bracket', (_label, text) => {
    const draft = parseDraftText(text, 'markdown');
    expect(draft.brackets).toHaveLength(0);
    expect(draft.ignored.map((i) => i.rule)).toEqual(['editorial-note']);
  });

  it('keeps the same words inside a sentence as text', () => {
    expect(count('Parties set targets [to be reviewed] every five years.')).toBe(1);
    expect(count('Parties shall act [subject to legal review] in good faith.')).toBe(1);
  });

  it('reads where a text came from before its proposers as their label', () => {
    const draft = parseDraftText('Parties [shall act] [Based on G77 proposal].', 'markdown');
    expect(draft.brackets.map((b) => b.holders)).toEqual([['G77']]);
  });
});

describe('officials in the possessive and constituencies are authors of notes, not holders', () => {
  it.each([
    ["a bureau's text", "States shall [take all appropriate measures] [Bureau's text]"],
    ["a president's proposal", "States shall [act] [President's proposal]"],
    ["a constituency's proposal", "Members shall [protect] workers [Workers' group proposal]"],
    ["a constituency's directive", "Members shall protect [all] workers [Employers' group: delete]"],
    ['a proposed amendment', "Members shall [protect] workers. [Proposed amendment by the Employers' group]"],
    ['government members', 'Members shall [protect] workers [Government members: retain]'],
  ])('%s', (_label, text) => {
    const draft = parseDraftText(text, 'markdown');
    expect(draft.brackets).toHaveLength(1);
    expect(draft.annotations).toHaveLength(1);
    expect(draft.brackets[0]?.holders).toEqual([]);
  });

  it('still reads a known negotiating group as a holder, and a constituency inside a sentence as text', () => {
    expect(parseDraftText('Members [act] [African Group proposal]', 'markdown').brackets[0]?.holders).toEqual(
      ['AGN'],
    );
    expect(count('Members shall [consult the Workers group] on measures')).toBe(1);
  });
});

describe('a bracket of parties beside the text it tags', () => {
  it('names who proposed the bracket before it, closing the clause', () => {
    const draft = parseDraftText('Parties shall act [by 2030] [AGN, LDCs].', 'markdown');
    expect(draft.brackets).toHaveLength(1);
    expect(draft.brackets[0]?.holders).toEqual(['AGN', 'LDC']);
    expect(draft.annotations.map((a) => a.rule)).toEqual(['holder-tag']);
  });

  it('names who proposed an option, between the label and its colon', () => {
    const draft = parseDraftText('Option A [EU]: Parties act.\n\nOption B [G77]: No text.', 'text');
    expect(draft.brackets).toHaveLength(0);
    expect(draft.paragraphs.map((p) => p.option)).toEqual(['Option A', 'Option B']);
    expect(draft.paragraphs.map((p) => p.holders)).toEqual([['EU'], ['G77']]);
    expect(draft.alternatives).toHaveLength(1);
  });

  it('keeps groups that are the text as brackets', () => {
    expect(count('support to [LDCs] [SIDS].')).toBe(2);
    expect(count('capacity of [in particular] [LDCs and SIDS][and Africa] to act')).toBe(3);
    expect(count('the [EU] and its member States')).toBe(1);
  });
});
