import { describe, expect, it } from 'vitest';
import { parseDraftText } from '../../src/core/drafts/index.js';

/**
 * Shapes of drafts from other negotiating fora (resolution drafts with PP/OP numbers, treaty
 * compilations with proposers' tags before option labels, standards with values still to be
 * determined, model letters in annexes, French and Spanish texts), each in an invented sentence:
 * what is counted and what is read as one choice must follow from the shape of the brackets and
 * their place, and the negotiation brackets beside them stay counted.
 */
function parse(text: string) {
  return parseDraftText(text, 'markdown');
}

function bracketTexts(text: string): string[] {
  return parse(text).brackets.map((b) => text.slice(b.start, b.end));
}

function choices(text: string): string[][] {
  return parse(text).alternatives.map((a) => a.members.map((m) => text.slice(m.start, m.end)));
}

describe('a bracketed paragraph number with a latin suffix contests its paragraph', () => {
  it.each([
    [
      'a lettered number',
      '(a) Parties cooperate.\n\n[(b) bis] Each Party shall publish its inventory.',
      '(b) bis',
    ],
    ['a lettered number with a dot', '[(c) ter.] Each Party shall keep records.', '(c) ter'],
    [
      'a preambular number',
      'PP1 Recalling its earlier work,\n\n[PP1 bis] Noting the rising seas,',
      'Pp1 bis',
    ],
    ['an operative number', '[OP4 ter] Requests a report on coastal erosion;', 'Op4 ter'],
    [
      'an alternative operative paragraph',
      'OP3 Decides to act;\n\n[OP3 alt] Decides to consider acting;',
      'Op3 alt',
    ],
  ])('reads %s as contested', (_label, text, number) => {
    const draft = parse(text);
    const contested = draft.paragraphs.filter((p) => p.contested);
    expect(contested.map((p) => p.number)).toEqual([number]);
    expect(contested[0]?.bracketedWords).toBe(contested[0]?.words);
  });

  it('keeps a suffixed number inside a sentence a plain bracket, not a contested paragraph', () => {
    const draft = parse('Parties act as set out in subparagraph [(b) bis] of Article 6.');
    expect(draft.brackets).toHaveLength(1);
    expect(draft.paragraphs.filter((p) => p.contested)).toEqual([]);
  });
});

describe('a tag naming the proposer before an option label', () => {
  it.each([
    ['a label in bold', '[Norway] **Option A:** Parties report yearly.\n\n**Option B:** No text.', 'Norway'],
    ['a label in italics', '[Iceland] _Option 1:_ Parties report yearly.\n\n_Option 2:_ No text.', 'Iceland'],
    [
      'names written out',
      '[Costa Rica and Peru] Option 1: Parties report.\n\nOption 2: No text.',
      'Costa Rica',
    ],
    ['a Spanish label', '[Chile] Opción 1: Las Partes informan.\n\nOpción 2: Sin texto.', 'Chile'],
  ])('reads the tag before %s as a holder and the paragraph as an option', (_label, text, holder) => {
    const draft = parse(text);
    expect(draft.brackets).toHaveLength(0);
    expect(draft.annotations.flatMap((a) => a.holders)).toContain(holder);
    const labelled = draft.alternatives.filter((a) => a.kind === 'labelled');
    expect(labelled).toHaveLength(1);
    expect(labelled[0]?.members).toHaveLength(2);
  });

  it('keeps a bracket of words that are no parties before a bold label a bracket', () => {
    const text = '[Developed countries] **Option A:** Parties report.\n\n**Option B:** No text.';
    const draft = parse(text);
    expect(bracketTexts(text)).toEqual(['[Developed countries]']);
    expect(draft.annotations).toHaveLength(0);
  });

  it('reads a capitalised name before a word that is no label as text', () => {
    const text = '[Norway] Optional reporting is welcome.\n\nParties act.';
    expect(bracketTexts(text)).toEqual(['[Norway]']);
    expect(choices(text)).toEqual([]);
  });
});

describe('a phrase set off by commas before a choice is no option of it', () => {
  it.each([
    [
      'a verb choice',
      'Each Party shall, [within its means,] [mobilize] [provide] resources.',
      ['[mobilize]', '[provide]'],
    ],
    [
      'glued options',
      'Each Party shall, [subject to its national law,] [ensure][promote] access.',
      ['[ensure]', '[promote]'],
    ],
    ['one option left', 'Members will, [as far as practicable,] [share] data.', []],
  ])('reads the insertion before %s apart', (_label, text, options) => {
    const expected = options.length > 0 ? [options] : [];
    expect(choices(text)).toEqual(expected);
    expect(parse(text).brackets).toHaveLength(options.length > 0 ? 3 : 2);
  });

  it('keeps options that end alike, a comma inside one and after the other, as one choice', () => {
    expect(
      choices(
        'Parties act with equity, [in the light of their circumstances,] [the principles of the Charter], while',
      ),
    ).toEqual([['[in the light of their circumstances,]', '[the principles of the Charter]']]);
  });

  it('keeps a first option with a comma and no comma before it in the choice', () => {
    expect(choices('guided by [national priorities,] [the science] when')).toHaveLength(1);
  });
});

describe('items of a list bracketed one by one are no options', () => {
  it('reads three items ending with commas as a list', () => {
    const text =
      'Support goes to developing States, particularly [the least developed countries,] [landlocked States,] [coastal States,] and small islands.';
    expect(choices(text)).toEqual([]);
    expect(parse(text).brackets).toHaveLength(3);
  });

  it('keeps a choice after the list', () => {
    expect(
      choices('Funds reach [farmers,] [fishers,] [herders,] [women,] and [shall][should] grow.'),
    ).toEqual([['[shall]', '[should]']]);
  });

  it('keeps two options that both end with a comma as one choice', () => {
    expect(choices('Parties, [in particular,][especially,] developing ones, act.')).toEqual([
      ['[in particular,]', '[especially,]'],
    ]);
  });
});

describe('lead-in options that do not all end with the infinitive marker', () => {
  it.each([
    [
      'Spanish, a future',
      'Las Partes [tratarán de][procurarán] [reducir][limitar] los vertidos.',
      [
        ['[tratarán de]', '[procurarán]'],
        ['[reducir]', '[limitar]'],
      ],
    ],
    [
      'French, a future',
      "Les États [s'efforceront de][devront] [protéger][restaurer] les zones humides.",
      [
        ["[s'efforceront de]", '[devront]'],
        ['[protéger]', '[restaurer]'],
      ],
    ],
    [
      'English, a modal',
      'States [will strive to][shall] [protect][restore] wetlands.',
      [
        ['[will strive to]', '[shall]'],
        ['[protect]', '[restore]'],
      ],
    ],
    [
      'Spanish, a modal and a future',
      'Los Estados [deberán][procurarán] [proteger][restaurar] los humedales.',
      [
        ['[deberán]', '[procurarán]'],
        ['[proteger]', '[restaurar]'],
      ],
    ],
  ])('reads the lead-ins (%s) as a choice of their own', (_label, text, expected) => {
    expect(choices(text)).toEqual(expected);
  });

  it('keeps nouns after the verbs in one choice with them', () => {
    expect(
      choices('Las Partes [tratarán de][procurarán] [la reducción][el límite] de vertidos.'),
    ).toHaveLength(1);
  });

  it('reads an English verb with no "to" as an option, not a lead-in', () => {
    const found = choices('States [commit to][strengthen] [cooperation][partnership] now.');
    expect(found.some((c) => c.includes('[commit to]') && c.includes('[strengthen]'))).toBe(false);
  });

  it('keeps a choice of modal verbs before infinitives to the modal rule', () => {
    expect(choices('Los Estados [deberán][deberían] [proteger][restaurar] los humedales.')).toEqual([
      ['[deberán]', '[deberían]'],
      ['[proteger]', '[restaurar]'],
    ]);
  });
});

describe('values still to be determined and pointers of standards', () => {
  it.each([
    ['a time', 'The maximum latency shall be [10 ms] [TBD].', '[10 ms]'],
    ['a count', 'Each node keeps [64] [TBA] sessions.', '[64]'],
  ])('reads [TBD] after %s as its status, not an option', (_label, text, value) => {
    const draft = parse(text);
    expect(bracketTexts(text)).toEqual([value]);
    expect(draft.alternatives).toEqual([]);
    expect(draft.annotations.map((a) => a.rule)).toEqual(['status']);
  });

  it.each([
    ['a clause', 'Devices [shall][should] log errors [see clause 7].'],
    ['a table', 'Limits apply [see Table 2] to all lots.'],
    ['a subclause', 'Limits apply [cf. subclause 4.3] to all lots.'],
    ['an appendix', 'Limits apply [see Appendix B] to all lots.'],
  ])('reads a pointer to %s as a cross-reference', (_label, text) => {
    expect(parse(text).ignored.map((i) => i.rule)).toContain('cross-reference');
    expect(bracketTexts(text).some((b) => b.startsWith('[see') || b.startsWith('[cf'))).toBe(false);
  });

  it('keeps a clause named in the text a bracket', () => {
    expect(bracketTexts('Devices log errors as required by [clause 7].')).toEqual(['[clause 7]']);
  });
});

describe('blanks of a model letter, one under the other', () => {
  it('reads blanks filling their own lines as blanks', () => {
    const text = 'Model letter\n\nDone at [place].\n\n[Signature]\n[Date]\n[Venue]';
    expect(bracketTexts(text)).toEqual([]);
  });

  it('keeps blanks beside each other on one line as a choice', () => {
    expect(bracketTexts('The session opens on [date] [venue] as agreed.')).toEqual(['[date]', '[venue]']);
  });

  it('keeps a blank in a sentence beside a bracket on the next line a bracket', () => {
    expect(bracketTexts('The session opens on [date]\n[1 May] as agreed.')).toEqual(['[date]', '[1 May]']);
  });
});

describe('who holds a bracket, in the shorthand of compilation texts', () => {
  it.each([
    ['a directive', 'Parties act [in good faith]. [Chile/Peru: delete]', ['Chile', 'Peru']],
    [
      'a directive with a quoted word',
      'States share [all] data. [Japan/Norway: delete "all"]',
      ['Japan', 'Norway'],
    ],
    ['a tag', 'Parties act [in good faith] [Ghana/Kenya].', ['Ghana', 'Kenya']],
  ])('reads parties joined by "/" before %s as holders', (_label, text, holders) => {
    const draft = parse(text);
    expect(draft.brackets).toHaveLength(1);
    expect(draft.annotations.flatMap((a) => a.holders)).toEqual(holders);
  });

  it.each([
    ['numbers', 'Parties listed in [Annex I/II: those that report] act.'],
    ['bodies', 'Parties act [in good faith] [SBI/SBSTA: consider].'],
    ['one unknown name', 'Parties act [in good faith] [Chile/Atlantis: delete].'],
  ])('reads no holders in words joined by "/" that are %s', (_label, text) => {
    expect(parse(text).annotations.flatMap((a) => a.holders)).toEqual([]);
  });

  it.each([
    ['retain', 'Parties act [in good faith]. [Ghana, supported by Kenya: retain]', 'support'],
    ['delete', 'Parties act [in good faith]. [Ghana, supported by Kenya and Togo: delete]', 'objection'],
  ])('reads a proposer and supporters before a directive (%s)', (_label, text, role) => {
    const draft = parse(text);
    expect(draft.brackets).toHaveLength(1);
    expect(draft.annotations.map((a) => a.role)).toEqual([role]);
    expect(draft.annotations[0]?.holders).toContain('Kenya');
  });

  it('keeps a text after the supporters and a colon a bracket', () => {
    const text = 'Parties act. [Ghana, supported by Kenya: Parties shall publish data]';
    expect(parse(text).brackets).toHaveLength(1);
  });
});

describe('where a paragraph came from, and what was agreed where', () => {
  it.each([
    ['a symbol after "based on"', 'Parties shall cooperate. [Based on A/CONF.9/4]'],
    ['a symbol after "taken from"', 'Parties shall cooperate. [Taken from E/CN.6/2019/L.3, para. 8]'],
    ['a resolution after "from"', 'Parties shall cooperate. [From resolution 76/2]'],
    ['a symbol after "language from"', 'Parties shall cooperate. [Language from A/HRC/RES/44/2, OP5]'],
  ])('reads %s closing the paragraph as a source note', (_label, text) => {
    const draft = parse(text);
    expect(draft.brackets).toHaveLength(0);
    expect(draft.ignored.map((i) => i.rule)).toEqual(['editorial-note']);
  });

  it.each([
    ['a period', '[From 2031, Parties shall report.]'],
    ['a sentence', 'Parties act [from resolution 76/2] onwards.'],
    ['a range', 'Parties shall cooperate. [From A to Z]'],
  ])('keeps "from" before %s a bracket', (_label, text) => {
    expect(parse(text).brackets).toHaveLength(1);
  });

  it.each([
    ['a session code', 'Parties shall cooperate. [Agreed ad ref at IGC7]'],
    ['a reading', 'Parties shall cooperate. [Agreed ad ref in the first reading]'],
  ])('reads an ad ref agreement at %s as a status label', (_label, text) => {
    expect(parse(text).brackets).toHaveLength(0);
  });

  it('keeps "agreed ad ref at" inside a sentence a bracket', () => {
    expect(parse('Parties act [as agreed ad ref at the session].').brackets).toHaveLength(1);
  });
});

describe('holders and notes in the labels of French and Spanish drafts', () => {
  it.each([
    ['a French reservation', '[la presse libre] [Réserve : Ghana]', ['Ghana'], 'objection'],
    ['a Spanish deletion', '[la prensa libre] [Suprimir: Kenya, Togo]', ['Kenya', 'Togo'], 'objection'],
    ['a Spanish retention', '[la prensa libre] [Mantener: Chile]', ['Chile'], 'support'],
    ['the Spanish abbreviation of a state', '[la prensa libre] [EE.UU.: suprimir]', ['US'], 'objection'],
    [
      'a French deletion after the holders',
      '[la presse libre] [Suisse : supprimer le mot « libre »]',
      ['Switzerland'],
      'objection',
    ],
  ])('reads %s as a directive with its holders', (_label, text, holders, role) => {
    const draft = parse(text);
    expect(draft.brackets).toHaveLength(1);
    expect(draft.annotations.flatMap((a) => a.holders)).toEqual(holders);
    expect(draft.annotations.map((a) => a.role)).toEqual([role]);
  });

  it.each([
    ['a French group', '[la presse libre] [Proposition du Groupe africain]', ['AGN']],
    ['a Spanish party', '[la prensa libre] [Propuesta de Colombia]', ['Colombia']],
    ['a Spanish amendment', '[la prensa libre] [Enmienda de la UE]', ['EU']],
  ])('reads a proposal of %s as its holders', (_label, text, holders) => {
    const draft = parse(text);
    expect(draft.brackets).toHaveLength(1);
    expect(draft.annotations.flatMap((a) => a.holders)).toEqual(holders);
  });

  it.each([
    ['French', 'Les Parties agissent. [Texte de la Présidence]'],
    ['Spanish', 'Las Partes actúan. [Texto de los Cofacilitadores]'],
  ])('reads a %s text from an official as a note with no holder', (_label, text) => {
    const draft = parse(text);
    expect(draft.brackets).toHaveLength(0);
    expect(draft.annotations.flatMap((a) => a.holders)).toEqual([]);
  });

  it.each([
    ['French', '[la presse libre] [Alt. : supprimer]'],
    ['French, no text', '[la presse libre] [Alt : pas de texte]'],
    ['Spanish', '[la prensa libre] [Alt.: suprimir]'],
  ])('reads an unnumbered alternative that deletes (%s) as a proposal, not text', (_label, text) => {
    expect(parse(text).brackets).toHaveLength(1);
  });

  it.each([
    ['French', 'Les Parties agissent. [Libellé déjà convenu]'],
    ['Spanish', 'Las Partes actúan. [Acordado en principio]'],
    ['Spanish language', 'Las Partes actúan. [Lenguaje previamente acordado]'],
  ])('reads a %s status label as a note', (_label, text) => {
    expect(parse(text).brackets).toHaveLength(0);
  });

  it.each([
    ['a French text after the directive word', '[la presse libre] [Supprimer : les mots inutiles]'],
    ['a Spanish proposal of a text', '[la prensa libre] [Propuesta de texto nuevo]'],
    ['an official in a sentence', 'La [Mesa] decidirá el calendario.'],
    ['a Spanish alternative with text', '[la prensa libre] [Alt.: las Partes informan]'],
  ])('keeps %s a bracket', (_label, text) => {
    const draft = parse(text);
    expect(draft.annotations.flatMap((a) => a.holders)).toEqual([]);
    expect(draft.brackets.length).toBeGreaterThanOrEqual(text.startsWith('La ') ? 1 : 2);
  });
});

describe('annotations and tags in bold or italics', () => {
  it.each([
    ['a tag in bold', 'Parties act [in good faith] **[Ghana]**.', ['Ghana']],
    ['a tag in italics', 'Parties act [in good faith] _[Kenya, Togo]_.', ['Kenya', 'Togo']],
    ['a directive in bold', 'Parties act [in good faith] **[Chile: delete]**', ['Chile']],
    ['a directive in italics', 'Parties act [in good faith] *[Peru: retain]*', ['Peru']],
  ])('gives %s to the bracket before it', (_label, text, holders) => {
    const draft = parse(text);
    expect(draft.brackets).toHaveLength(1);
    expect(draft.brackets[0]?.holders).toEqual(holders);
  });

  it('reads a tag in bold between an option label and its colon', () => {
    const draft = parse('Option B **[Ghana]**: Parties report yearly.');
    expect(draft.brackets).toHaveLength(0);
    expect(draft.annotations.flatMap((a) => a.holders)).toEqual(['Ghana']);
  });

  it.each([
    ['a bold name inside the sentence', 'Parties [shall] **[Ghana]** act.'],
    ['a bold group after "option for"', 'Parties keep the option for **[LDCs]**: a grace period.'],
  ])('keeps %s a bracket', (_label, text) => {
    const draft = parse(text);
    expect(draft.brackets.map((b) => text.slice(b.start, b.end))).toContain(
      text.includes('Ghana') ? '[Ghana]' : '[LDCs]',
    );
    expect(draft.annotations).toHaveLength(0);
  });
});

describe('directives and editors’ work that name a paragraph', () => {
  it.each([
    ['an operative number', 'OP2 [Decides to act.] [Delete OP2: Ghana]', ['Ghana'], 'objection'],
    [
      'a paragraph with a suffix',
      'Parties act [now]. [Retain paragraph 4 bis: Chile, Peru]',
      ['Chile', 'Peru'],
      'support',
    ],
    ['an option letter', 'Option B: [Parties act.] [Delete Alt. B: Kenya]', ['Kenya'], 'objection'],
  ])('reads a directive about %s with its holders', (_label, text, holders, role) => {
    const draft = parse(text);
    expect(draft.brackets).toHaveLength(1);
    expect(draft.annotations.flatMap((a) => a.holders)).toEqual(holders);
    expect(draft.annotations.map((a) => a.role)).toEqual([role]);
  });

  it('keeps a directive about a paragraph followed by text a bracket', () => {
    expect(parse('[free media] [Delete paragraph 4: the whole text]').brackets).toHaveLength(2);
  });

  it.each([
    ['a range', 'Parties act.\n\n[Paragraphs 5-9 to be discussed in informals]'],
    ['one paragraph', 'Parties act. [Paragraph 12 to be revisited]'],
    ['two sections', 'Parties act. [Sections 2 and 3 to be merged]'],
  ])('reads editors’ work on %s as a note', (_label, text) => {
    expect(parse(text).brackets).toHaveLength(0);
  });

  it('keeps such words inside a sentence a bracket', () => {
    expect(parse('Targets of [paragraphs 5 to be reviewed] apply.').brackets).toHaveLength(1);
  });
});

describe('a placeholder with only its state', () => {
  it.each([
    ['pending', 'Parties act.\n\n[Placeholder pending consultations]'],
    ['to be completed, after a dash', 'Parties act. [Placeholder – to be drafted]'],
    ['in parentheses', 'Parties act. [Placeholder (pending further review)]'],
  ])('reads a placeholder %s as a blank', (_label, text) => {
    expect(parse(text).brackets).toHaveLength(0);
  });

  it.each([
    ['a topic', '[Placeholder for text on adaptation finance]'],
    ['a topic after "pending"', '[Placeholder pending agreement on the adaptation goal for 2040]'],
  ])('keeps a placeholder naming %s a bracket', (_label, text) => {
    expect(parse(text).brackets).toHaveLength(1);
  });
});
