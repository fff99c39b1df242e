import { describe, expect, it } from 'vitest';
import { draftStatus, parseDraftText } from '../../src/core/drafts/index.js';

/**
 * Bracket constructs of negotiations the engine was not built on (a health treaty, a plastics
 * instrument, a ministerial declaration, a resolution's compilation), each in an invented
 * sentence: what is counted must follow from the shape of the bracket and its place.
 */
function parse(text: string) {
  return parseDraftText(text, 'markdown');
}

function bracketTexts(text: string): string[] {
  const draft = parse(text);
  return draft.brackets.map((b) => text.slice(b.start, b.end));
}

function choices(text: string): string[][] {
  const draft = parse(text);
  return draft.alternatives.map((a) => a.members.map((m) => text.slice(m.start, m.end)));
}

describe('a note label with no body, apart from any sentence, is a note', () => {
  it.each([
    [
      'an official note label alone on its line',
      'OP5. Decides to convene a working group [open to all Member States];\n\n[Secretariat’s note]\n\nOP6. Requests a report.',
    ],
    ['a chair’s note label alone on its line', "Article 4\n\n[Chair's note]\n\n1. Each Party shall [act]."],
    [
      'a "note by" label alone on its line',
      '[Note by the co-facilitators]\n\nPP2. Recalling its [earlier] resolutions,',
    ],
    ['an explanatory note label closing a paragraph', '3. Parties shall [cooperate]. [Explanatory note]'],
    ['a drafting note label after the paragraph number', '4. [Drafting note]\n\n5. Parties shall [report].'],
  ])('%s', (_label, text) => {
    const draft = parse(text);
    expect(draft.brackets).toHaveLength(1);
    expect(draftStatus(draft).brackets.total).toBe(1);
  });

  it('keeps a note named inside a sentence as text', () => {
    expect(bracketTexts('Parties take note of the [Secretariat’s note] on finance.')).toEqual([
      '[Secretariat’s note]',
    ]);
  });
});

describe('"[Alt: delete]" proposes deleting the text, it is not text', () => {
  it.each([
    [
      'alone on its line after a paragraph',
      '12. Parties shall [promote] access to resources.\n\n[Alt: delete]',
    ],
    ['with a dot after the label', '12. Parties shall cooperate [in good faith]. [Alt.: delete]'],
    ['spelled out, with what is deleted', '12. Parties shall [cooperate]. [Alternative: delete paragraph]'],
    ['as no text', '12. Parties shall [cooperate]. [Alt: no text]'],
  ])('%s', (_label, text) => {
    const draft = parse(text);
    expect(draft.brackets).toHaveLength(1);
    expect(draft.annotations).toHaveLength(1);
  });

  it('keeps an unlabelled alternative wording as a bracket', () => {
    expect(parse('12. Parties shall act. [Alt: Parties shall endeavour to act.]').brackets).toHaveLength(1);
  });
});

describe('"Alt 2 [No text]." is the no-text option of its choice', () => {
  it.each([
    ['after a worded option', 'Article 7\n\nAlt 1: Each Party shall keep a register.\n\nAlt 2 [No text].'],
    ['as the first option', 'Article 7\n\nOption A [No text]\n\nOption B: Each Party shall keep a register.'],
  ])('%s', (_label, text) => {
    const draft = parse(text);
    const labelled = draft.alternatives.filter((a) => a.kind === 'labelled');
    expect(labelled).toHaveLength(1);
    expect(labelled[0]?.members).toHaveLength(2);
    expect(draft.brackets).toHaveLength(1);
  });
});

describe('an open-ended lead-in bracket before a choice is not one of its options', () => {
  it('reads the lead-in apart from the choice after it', () => {
    expect(choices('Parties shall [take measures to] [reduce][manage] plastic pollution.')).toEqual([
      ['[reduce]', '[manage]'],
    ]);
  });

  it('reads two choices when both options of the first end open', () => {
    expect(choices('We [commit to][will strive to] [accelerate][advance] action by 2030.')).toEqual([
      ['[commit to]', '[will strive to]'],
      ['[accelerate]', '[advance]'],
    ]);
  });

  it('keeps options that all end open as one choice', () => {
    expect(choices('Parties act [in accordance with][consistent with][pursuant to] Article 4.')).toEqual([
      ['[in accordance with]', '[consistent with]', '[pursuant to]'],
    ]);
  });

  it('reads a lead-in before one bracket as no choice at all', () => {
    expect(choices('measures [designed to] [achieve] the goal')).toEqual([]);
  });

  it('keeps a lead-in beside a modal verb as one choice', () => {
    expect(choices('Parties [are invited to][shall] share data.')).toEqual([['[are invited to]', '[shall]']]);
  });

  it('keeps options that end alike, open, as one choice', () => {
    expect(choices('[Providing guidance to][Coordinating with] the bodies')).toEqual([
      ['[Providing guidance to]', '[Coordinating with]'],
    ]);
  });

  it('keeps a run of two as one choice', () => {
    expect(choices('Parties shall [endeavour to] [seek to] reduce waste.')).toEqual([
      ['[endeavour to]', '[seek to]'],
    ]);
  });
});

describe('a directive first, then who gives it, is a holder annotation', () => {
  it.each([
    ['delete', 'OP8. [Encourages donors to contribute] [Delete: US]', ['US']],
    [
      'retain, two holders',
      'OP8. [Encourages donors to contribute] [Retain: G77, Norway]',
      ['G77', 'Norway'],
    ],
    [
      'a reservation after a dash',
      'OP8. [Encourages donors to contribute] [Reservation – Brazil]',
      ['Brazil'],
    ],
  ])('%s', (_label, text, holders) => {
    const draft = parse(text);
    expect(draft.brackets).toHaveLength(1);
    expect([...(draft.brackets[0]?.holders ?? [])].sort()).toEqual(holders);
  });

  it('keeps a directive about other text as a bracket', () => {
    expect(parse('OP8. Parties act [Delete: paragraph 4 of the annex]').brackets).toHaveLength(1);
  });
});

describe('an amendment that is an instruction about the text is a note, not text', () => {
  it('a constituency’s amendment is a note with no holder', () => {
    const draft = parse(
      '(1) Members should adopt a policy.\n\n[Workers’ group amendment: replace "should" with "shall"]',
    );
    expect(draft.brackets).toHaveLength(0);
    expect(draft.annotations.map((a) => a.rule)).toEqual(['note']);
  });

  it('a delegation’s amendment names its holder', () => {
    const draft = parse('(1) Members should [adopt] a policy. [Mexico amendment: delete "national"]');
    expect(draft.brackets).toHaveLength(1);
    expect(draft.annotations.flatMap((a) => a.holders)).toEqual(['Mexico']);
  });

  it('keeps a proposal whose body is text as a bracket', () => {
    expect(parse('(1) Members act. [Mexico proposal: Members shall adopt a policy]').brackets).toHaveLength(
      1,
    );
  });
});

describe('citations and editors’ marks of other kinds of text are not brackets', () => {
  it.each([
    ['a chain of footnote numbers glued to a sentence', 'The fund was set up in 2001.[4][5] It grew.'],
    ['a list of reference numbers', 'Earlier studies [2, 9] found the same.'],
    ['a range of reference numbers', 'This was shown before [11-13] and again later [4–6, 8].'],
    ['a wiki maintenance tag', 'The body meets twice a year.[citation needed] Its seat is in Nairobi.[who?]'],
    ['a citation key with a page', 'The point is made in [Okafor 2018, p. 12] and elsewhere.'],
    ['a citation key after "et al."', 'Mensah et al. [Mensah2021] disagree.'],
    [
      'the medium of a reference',
      '[3] B. Okafor, "Ocean plastics," 2020. [Online]. Available: https://example.org/p',
    ],
    ['the date a reference was read', 'Okafor B. Ocean plastics [Internet]. Lagos: 2020 [cited 2021 Mar 4].'],
    ['a redaction', 'The witness [REDACTED] met the official [name withheld] in May.'],
    [
      'a time stamp starting a line of a record',
      '[00:14:05] Chair: The meeting resumes.\n[00:15:40] Kenya: Thank you.',
    ],
    [
      'an abbreviation of the words before it',
      'the Open-ended Working Group [OEWG] and the least developed countries [LDCs]',
    ],
    ['a translator’s note', 'Le Comité décide. [TN: the French text says "décide".]'],
    ['a shortened citation', 'See the study at 45 [hereinafter Lindqvist Study].'],
    ['a law report with a dotted series', 'cf. Reference re Secession [1998] 2 S.C.R. 217.'],
    [
      'a one-letter word changed at the start of a quotation',
      'The rule says that "[a] member may speak twice".',
    ],
  ])('%s', (_label, text) => {
    expect(parse(text).brackets).toHaveLength(0);
  });

  it.each([
    ['options of alternative paragraph numbers', 'Option 1: [4][2]. Parties act.', 2],
    ['a range of a quantity', 'within [3-5] years of entry into force', 1],
    ['numbers of articles', 'as set out in Articles [4, 5] of the Protocol', 1],
    ['a question that is text', 'Parties decide [who] reports.', 1],
    ['a needed thing inside a sentence', 'Parties provide the [support needed] to act.', 1],
    ['a word beside its abbreviation in another order', 'the Working Group [GWO] meets', 1],
    ['an acronym that is a choice', 'Parties [LDCs] [SIDS] act', 2],
    ['a time inside a sentence', 'The meeting opens at [10:00] each day.', 1],
    ['a medium word outside a reference', 'Parties promote [online] safety.', 1],
  ])('keeps %s as brackets', (_label, text, n) => {
    expect(parse(text).brackets).toHaveLength(n);
  });
});

describe('a choice of modal verbs beside a choice of other words is two choices', () => {
  it.each([
    [
      'subjects, then modals',
      'The [Fund][Facility] [shall][should] report.',
      [
        ['[Fund]', '[Facility]'],
        ['[shall]', '[should]'],
      ],
    ],
    [
      'modals, then verbs',
      'Parties [shall][may] [adopt][consider] measures.',
      [
        ['[shall]', '[may]'],
        ['[adopt]', '[consider]'],
      ],
    ],
    [
      'in Spanish',
      'Las Partes [deberán][deberían] [adoptar][considerar] medidas.',
      [
        ['[deberán]', '[deberían]'],
        ['[adoptar]', '[considerar]'],
      ],
    ],
    [
      // The modal test looks at a bracket's first letter before its text: capitals and a
      // leading blank are still modal verbs, and "[Must]" beside "[Promote]" still splits.
      'capitalised, with a blank inside',
      '[Shall][ Should] [Promote][Consider] cooperation. [ must][May] [Take][Weigh] action.',
      [
        ['[Shall]', '[ Should]'],
        ['[Promote]', '[Consider]'],
        ['[ must]', '[May]'],
        ['[Take]', '[Weigh]'],
      ],
    ],
  ])('%s', (_label, text, expected) => {
    expect(choices(text)).toEqual(expected);
  });

  it('leaves one other word alone beside a choice of modal verbs', () => {
    expect(choices('Parties [shall][should] [ensure] access.')).toEqual([['[shall]', '[should]']]);
  });

  it('keeps "[other]" after modal verbs as one of their options', () => {
    expect(choices('The [Fund][Facility] [shall][may][other] report.')).toEqual([
      ['[Fund]', '[Facility]'],
      ['[shall]', '[may]', '[other]'],
    ]);
  });
});

describe('option labels of other drafts', () => {
  it('reads "OR" in capitals between two brackets as a choice', () => {
    expect(choices('Each Party [shall] OR [should] act.')).toEqual([['[shall]', '[should]']]);
  });

  it('keeps lower-case "or" between brackets as text', () => {
    expect(choices('support to [small islands] or [coastal States]')).toEqual([]);
  });

  it('numbers options and alternatives apart', () => {
    const text = 'Option 1: Parties report.\n\nAlt 1: Parties report often.\n\nOption 2: No text.';
    expect(choices(text)).toEqual([['Option 1: Parties report.', 'Option 2: No text.']]);
  });
});

describe('holders named in French and Spanish drafts and after a sentence', () => {
  it.each([
    ['French, a group with its article', 'Les Parties agissent. [Proposé par le Groupe africain]', ['AGN']],
    [
      'French, a text and a country',
      'Les Parties agissent. [Texte proposé par le Pérou et la Norvège]',
      ['Norway', 'Peru'],
    ],
    ['Spanish, two parties', 'Las Partes actúan. [Propuesto por México y Chile]', ['Chile', 'Mexico']],
    ['Spanish, a group', 'Las Partes actúan. [Apoyado por el Grupo de los 77 y China]', ['G77']],
  ])('%s', (_label, text, holders) => {
    const draft = parse(text);
    expect(draft.brackets).toHaveLength(0);
    expect(draft.annotations.flatMap((a) => a.holders).sort()).toEqual(holders);
  });

  it('reads a bracket of parties closing its paragraph after a sentence as their tag', () => {
    const draft = parse('18. Parties shall report [annually]. [AOSIS, LDCs]');
    expect(draft.brackets).toHaveLength(1);
    expect(draft.annotations.map((a) => a.rule)).toEqual(['holder-tag']);
  });

  it('keeps a bracket of parties inside a sentence as text', () => {
    expect(parse('Support goes to [LDCs, SIDS] first.').brackets).toHaveLength(1);
  });
});

describe('the word "bracket" as a directive', () => {
  it('does not make the brackets beside it examples of the notation', () => {
    const draft = parse('Parties protect [free media] [US: delete; G77: bracket].');
    expect(draft.brackets.map((b) => b.holders.sort())).toEqual([['G77', 'US']]);
  });

  it('still reads a sentence about brackets as one', () => {
    expect(parse('Words in brackets, such as [may], are not agreed.').brackets).toHaveLength(0);
  });
});

describe('a proposal’s label before its text', () => {
  it.each([
    ['a delegation’s proposal', '[US proposal: Parties shall act voluntarily]', ['US']],
    ['text proposed by a group', '[Text proposed by the EU: Parties shall cooperate]', ['EU']],
  ])('%s names the holder of the bracket', (_label, text, holders) => {
    const draft = parse(text);
    expect(draft.brackets.map((b) => b.holders)).toEqual([holders]);
    expect(draft.paragraphs.reduce((n, p) => n + p.words, 0)).toBe(text.includes('voluntarily') ? 4 : 3);
  });
});
