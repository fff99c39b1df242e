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

function bracketTexts(text: string): string[] {
  return parse(text).brackets.map((b) => text.slice(b.start, b.end));
}

function ignoredRules(text: string): string[] {
  return parse(text).ignored.map((i) => `${i.rule} ${text.slice(i.start, i.end)}`);
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

describe('code quoted in a text is not negotiated', () => {
  it('reads an index glued to a name on a line of code as code', () => {
    const text = 'The helper sets total = total + weights[i] and stops when count == limit.';
    expect(bracketTexts(text)).toEqual([]);
    expect(ignoredRules(text)).toEqual(['code-markup [i]']);
  });

  it.each([
    ['a name with "_"', 'The value of row_total[k] is kept.'],
    ['a name with a capital inside', 'The value of itemCount[k] is kept.'],
    ['a dot path', 'The value of self.rows[k] is kept.'],
    ['a quoted key', 'The value of record["owner"] is kept.'],
    ['arithmetic', 'The value of rows[k+1] is kept.'],
    ['a slice', 'The value of rows[1:4] is kept.'],
  ])('reads an index glued to %s as code', (_label, text) => {
    expect(bracketTexts(text)).toEqual([]);
  });

  it.each([
    ['a call', 'The tool calls merge([left, right]) on each pass.'],
    ['an assignment', 'The config says sizes = [8, 16, 32] for the cache.'],
    ['a quoted key', 'The file holds "tags": ["alpha", "beta"] at the top.'],
  ])('reads a list literal after %s as code', (_label, text) => {
    expect(bracketTexts(text)).toEqual([]);
  });

  it.each([
    ['a whole alphabet', 'Names must match [a-z] only.'],
    ['two ranges', 'Codes match [A-F0-9] in full.'],
    ['a negation', 'Reject [^0-9] in the field.'],
    ['a quantifier after', 'Accept [b-d]+ as the suffix.'],
  ])('reads a character class with %s as a pattern', (_label, text) => {
    expect(bracketTexts(text)).toEqual([]);
  });

  it('reads IPv6 addresses as addresses', () => {
    expect(bracketTexts('The relay listens on [::1]:7000 and on [2001:db8:4::17].')).toEqual([]);
  });

  it('keeps the glued letters and word lists of a draft as brackets', () => {
    const text =
      'Each State[s] Part[y/ies] shall act, an[d/or] report; (a) support for [mitigation, adaptation]; ([mitigation, adaptation]) in [mitigation, adaptation] and [a-c].';
    expect(bracketTexts(text)).toEqual([
      '[s]',
      '[y/ies]',
      '[d/or]',
      '[mitigation, adaptation]',
      '[mitigation, adaptation]',
      '[mitigation, adaptation]',
      '[a-c]',
    ]);
  });

  it('keeps a quantity left open as a bracket', () => {
    expect(bracketTexts('Parties shall cut waste by [X] per cent by [2035].')).toEqual(['[X]', '[2035]']);
  });
});

describe('Markdown task boxes are not brackets', () => {
  it('reads ticked boxes beside other boxes as task boxes', () => {
    const text = '## Follow-up\n\n- [ ] Circulate the minutes\n- [x] Reserve the hall\n* [X] Send the agenda';
    expect(bracketTexts(text)).toEqual([]);
  });

  it('keeps a list of open quantities as brackets', () => {
    const text = '- [X] per cent of the fund goes to adaptation\n- [Y] per cent goes to mitigation';
    expect(bracketTexts(text)).toEqual(['[X]', '[Y]']);
  });
});

describe('the blanks of a letter template are not brackets', () => {
  it('reads the salutation, the fields and the signature as blanks', () => {
    const text =
      'From: [Sender Name]\nSubject: [Subject]\n\nDear [First Name] [Last Name],\n\nThe board thanks you for your help.\n\nKind regards,\n[Your Name]\n[Job Title]';
    expect(bracketTexts(text)).toEqual([]);
  });

  it('keeps a choice in a salutation and a bracketed word in a sentence', () => {
    expect(bracketTexts('Dear [Minister][Excellency],\n\nThe [Parties] shall act.')).toEqual([
      '[Minister]',
      '[Excellency]',
      '[Parties]',
    ]);
  });
});

describe('stage notes of a transcript are not brackets', () => {
  it('reads laughter and applause inside a sentence as stage notes', () => {
    const text = 'MODERATOR: We start late [laughter] as usual.\n\nSPEAKER: Thank you [applause] all.';
    expect(bracketTexts(text)).toEqual([]);
  });

  it('keeps a pause inside a sentence as a bracket', () => {
    expect(bracketTexts('Parties agree to a [pause] in new licences.')).toEqual(['[pause]']);
  });
});

describe('a time stamp is no address', () => {
  it('keeps reading a time stamp as one', () => {
    expect(ignoredRules('[00:14:05] Chair: The meeting resumes.')).toEqual(['editorial-note [00:14:05]']);
  });
});

describe('an editor’s words at the start of a reported quotation are no negotiation text', () => {
  it.each([
    ['one letter', 'As the arbitrators observed, “[T]he claimant waived the point”.'],
    ['the words for a name', 'The chamber found that "[the applicant] shall bear its own costs".'],
    ['a pronoun, after a colon', 'As the board stated: "[they] may not vote twice".'],
  ])('reads %s as the editor’s', (_label, text) => {
    expect(bracketTexts(text)).toEqual([]);
  });

  it.each([
    ['a quoted term of a definition', '1. "[the] Operators" means the operators licensed under Article 2.'],
    ['a quotation a draft recalls', 'Recalling that "[the Members] shall cooperate",'],
  ])('keeps %s as a bracket', (_label, text) => {
    expect(bracketTexts(text)).toHaveLength(1);
  });
});

describe('a lettered paragraph with a latin suffix is its own paragraph', () => {
  it('numbers "(b) bis" and "(b)bis." apart from "(b)"', () => {
    const draft = parse(
      'Article 4\n\n(b) Members shall [report];\n\n(b) bis Members shall [review];\n\n(c) ter. Members [may] meet;\n\n(d) terms of reference [may] change.',
    );
    expect(draft.paragraphs.map((p) => p.number).filter(Boolean)).toEqual([
      '(b)',
      '(b) bis',
      '(c) ter',
      '(d)',
    ]);
  });
});

describe('an option label in brackets of its own labels the paragraph’s option', () => {
  it('reads "[Alt 1] 3.1 [text]" as option Alt 1 of paragraph 3.1, the label no bracket', () => {
    const text =
      'Article 3\n\n[Alt 1] 3.1 [Each Member shall publish its register.]\n\n[Alt 2] 3.1 [Each Member may publish a summary.]';
    const draft = parse(text);
    expect(bracketTexts(text)).toEqual([
      '[Each Member shall publish its register.]',
      '[Each Member may publish a summary.]',
    ]);
    expect(draft.paragraphs.filter((p) => p.option).map((p) => [p.number, p.option])).toEqual([
      ['3.1', 'Alt 1'],
      ['3.1', 'Alt 2'],
    ]);
    const labelled = draft.alternatives.filter((a) => a.kind === 'labelled');
    expect(labelled).toHaveLength(1);
    expect(labelled[0]?.members.map((m) => m.label)).toEqual(['Alt 1', 'Alt 2']);
  });

  it('keeps option labels inside a sentence as brackets', () => {
    expect(bracketTexts('3. Members choose between [Option A] [Option B] by May.')).toEqual([
      '[Option A]',
      '[Option B]',
    ]);
  });
});

describe('a decimal section heading is a subsection', () => {
  it('reads "Section 2.3" as a section inside "Section 2"', () => {
    const draft = parse(
      'Section 2 Funding\n\nSection 2.1 Sources\n\n1. Members shall [contribute].\n\nSection 2.3 Reporting\n\n2. Members [shall] report.\n\nSection 3 Review\n\n3. Members [meet].',
    );
    const sections = draft.sections.filter((s) => s.kind === 'section');
    expect(sections.map((s) => [s.id, s.title, s.level])).toEqual([
      ['section-2', 'Funding', 1],
      ['section-2.1', 'Sources', 2],
      ['section-2.3', 'Reporting', 2],
      ['section-3', 'Review', 1],
    ]);
    const parent = draft.sections.findIndex((s) => s.id === 'section-2');
    expect(draft.sections.find((s) => s.id === 'section-2.3')?.parent).toBe(parent);
  });

  it('keeps "Article 4.2 ..." at a line’s start as text', () => {
    const draft = parse('Article 4\n\nArticle 4.2 Each Member shall [act].');
    expect(draft.sections.map((s) => s.id)).toEqual(['article-4']);
  });
});

describe('a holder tag before an option label', () => {
  it('reads "[EU] Option A: ..." as option A proposed by the EU', () => {
    const draft = parse(
      'Article 2\n\n[EU] Option A: Members shall [act].\n\n[G77, AGN] Option B: Members may act.',
    );
    expect(bracketTexts('Article 2\n\n[EU] Option A: Members shall [act].')).toEqual(['[act]']);
    expect(draft.paragraphs.filter((p) => p.option).map((p) => [p.option, p.holders])).toEqual([
      ['Option A', ['EU']],
      ['Option B', ['G77', 'AGN']],
    ]);
    expect(draft.alternatives.filter((a) => a.kind === 'labelled')).toHaveLength(1);
  });

  it('keeps a word in brackets before an option label as a bracket', () => {
    expect(bracketTexts('Article 2\n\n[Members] Option A: text.')).toEqual(['[Members]']);
  });
});
