import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { blocksFromText } from '../../src/core/documents/text.js';
import { createPartyTable, draftStatus, parseDraft, parseDraftText } from '../../src/core/drafts/index.js';
import { UN_MEMBER_CODES } from '../../src/core/drafts/party-names.js';

/**
 * Who holds a bracket: parties (member and observer states) and negotiating groups, under
 * one name however they are spelled; bodies, officials and terms of the process are notes;
 * an unknown code in capitals is a holder flagged uncertain, with a diagnostic. Our own
 * one-line drafts, one per rule.
 */
const countries = createRequire(import.meta.url)('i18n-iso-countries/index.js') as {
  alpha2ToAlpha3(code: string): string | undefined;
};
const parse = (text: string) => parseDraftText(text, 'text');
const holdersOf = (text: string) => draftStatus(parse(text)).holders;

describe('known parties are holders under one name', () => {
  it('reads a member state the small tables do not list, from the package of state names', () => {
    expect(holdersOf('Parties [shall] report. [Tuvalu: retain]')).toEqual(['Tuvalu']);
    expect(holdersOf('Parties [shall] report. [Saint Lucia, Bhutan: delete]')).toEqual([
      'Bhutan',
      'Saint Lucia',
    ]);
  });

  it('reads French and Spanish names, with or without accents, as the same state', () => {
    expect(holdersOf('Parties [may] act. [proposed by Pérou]')).toEqual(['Peru']);
    expect(holdersOf('Parties [may] act. [proposed by Peru]')).toEqual(['Peru']);
    expect(holdersOf('Parties [may] act. [proposed by Suiza]')).toEqual(['Switzerland']);
  });

  it('reads an ISO alpha-3 code written in capitals as the state', () => {
    expect(holdersOf('Parties [may] act. [BRA, NOR: retain]')).toEqual(['Brazil', 'Norway']);
  });

  it('counts the usual delegation spellings once', () => {
    const d = parse(
      'Parties [shall] act [by 2030]. [USA: retain]\n\n' +
        'Parties [should] act. [United States of America: delete]\n\n' +
        'Parties [may] act. [Russian Federation: retain] [Russia: support]',
    );
    expect(draftStatus(d).holders).toEqual(['Russia', 'US']);
    expect(d.diagnostics.filter((x) => x.code === 'holder.uncertain')).toEqual([]);
  });

  it('tells apart the two Congos as the UN names them', () => {
    expect(holdersOf('Parties [act]. [Congo: retain]')).toEqual(['Congo']);
    expect(holdersOf('Parties [act]. [DRC: retain]')).toEqual(['Democratic Republic of the Congo']);
  });

  it('reads observer states that take the floor', () => {
    expect(holdersOf('Parties [act]. [Holy See: delete]')).toEqual(['Holy See']);
    expect(holdersOf('Parties [act]. [proposed by Palestine]')).toEqual(['State of Palestine']);
  });
});

describe('negotiating groups and their aliases are holders', () => {
  it('reads a group behind a colon, in a "proposed by" note, in a suffix and in final parentheses', () => {
    expect(holdersOf('Parties [act]. [G-77 and China: retain]')).toEqual(['G77']);
    expect(holdersOf('Parties [act]. [proposed by the African Group]')).toEqual(['AGN']);
    expect(holdersOf('Parties [act]. [JUSSCANNZ proposal]')).toEqual(['JUSCANZ']);
    expect(holdersOf('Parties [support island states (AOSIS, LDCs)].')).toEqual(['AOSIS', 'LDC']);
    expect(holdersOf('Parties [act]. [ARAB Group, LMDC: delete]')).toEqual(['Arab Group', 'LMDC']);
  });

  it('flags no known group as uncertain', () => {
    const d = parse('Parties [act]. [AILAC, ALBA, BASIC, EIG, CARICOM, GRULAC: retain]');
    expect(draftStatus(d).holders).toEqual(['AILAC', 'ALBA', 'BASIC', 'CARICOM', 'EIG', 'GRULAC']);
    expect(d.uncertainHolders).toBeUndefined();
  });
});

describe('bodies, officials and terms of the process are notes, not holders', () => {
  it('keeps "[SBSTA: to consider]" as an annotation whose note names the body', () => {
    const d = parse('Parties [enhance finance]. [SBSTA: to consider]');
    expect(d.brackets).toHaveLength(1);
    expect(d.brackets[0]?.holders).toEqual([]);
    expect(d.annotations.map((a) => [a.holders, a.note])).toEqual([[[], 'SBSTA: to consider']]);
    expect(draftStatus(d).holders).toEqual([]);
  });

  it('reads an acronym after a body name in final parentheses as an abbreviation', () => {
    const d = parse('Parties [invite the Standing Committee on Finance (SCF)] to report.');
    expect(d.brackets.map((b) => b.holders)).toEqual([[]]);
    expect(d.diagnostics.filter((x) => x.code === 'holder.uncertain')).toEqual([]);
  });

  it('keeps a body label before bracketed text out of the holders and out of the words', () => {
    const d = parse('Parties [CMA: Parties shall report annually].');
    expect(d.brackets.map((b) => b.holders)).toEqual([[]]);
    expect(d.paragraphs[0]?.bracketedWords).toBe(4);
  });

  it('reads "proposed by" a body or an unlisted name as a note', () => {
    const d = parse('Parties [act]. [proposed by the Adaptation Committee] [proposed by Friends of Oceans]');
    expect(d.annotations.map((a) => a.holders)).toEqual([[], []]);
    expect(d.annotations[0]?.note).toContain('Adaptation Committee');
    expect(d.brackets).toHaveLength(1);
  });

  it("leaves a body's full name before a colon to the rules that tell notes from text, with no holder", () => {
    // Only "proposed by" makes a long name an actor: "[Adaptation Committee: ...]" is read
    // as it always was (bracketed text), and still names no holder.
    const d = parse('Parties [act]. [Adaptation Committee: to consider]');
    expect(d.brackets).toHaveLength(2);
    expect(draftStatus(d).holders).toEqual([]);
  });

  it("reads the chair's and the secretariat's annotations as notes", () => {
    expect(holdersOf("Parties [act]. [Chair's proposal]")).toEqual([]);
    expect(holdersOf('Parties [act]. [Co-Facilitators: to be discussed]')).toEqual([]);
    expect(holdersOf('Parties [act]. [Secretariat: check]')).toEqual([]);
  });

  it('reads an abbreviation of a term before "text" as no holder', () => {
    const d = parse('Parties [act]. [NDC text]');
    expect(draftStatus(d).holders).toEqual([]);
    expect(d.uncertainHolders).toBeUndefined();
  });

  it('drops officials from the holders a DOCX comment names', () => {
    const text = 'Parties [shall] act.';
    const start = text.indexOf('shall');
    const d = parseDraft({
      text,
      blocks: blocksFromText(text, 'text'),
      type: 'text',
      comments: [
        {
          id: '1',
          text: 'see',
          holders: ['Chair', 'G-77'],
          anchor: { block: 0, start, end: start + 5, text: 'shall' },
        },
      ],
    });
    expect(d.brackets[0]?.holders).toEqual(['G77']);
  });
});

describe('an unknown code in capitals is an uncertain holder, never silently a party', () => {
  it('keeps the code as a holder, flags it and says where it is', () => {
    const d = parse('Parties [act].\n\nParties [shall] report. [XQZ: delete]');
    expect(draftStatus(d).holders).toEqual(['XQZ']);
    expect(d.uncertainHolders).toEqual(['XQZ']);
    const diag = d.diagnostics.filter((x) => x.code === 'holder.uncertain');
    expect(diag).toHaveLength(1);
    expect(diag[0]?.severity).toBe('warning');
    expect(diag[0]?.line).toBe(3);
    expect(diag[0]?.message).toContain('"XQZ"');
    expect(draftStatus(d).diagnostics.map((x) => x.code)).toContain('holder.uncertain');
    expect(draftStatus(d).uncertainHolders).toEqual(['XQZ']);
  });

  it("names the state when the code is a member's ISO alpha-2 code, without reading it as the state", () => {
    const d = parse('Parties [act]. [BR: delete]');
    expect(d.uncertainHolders).toEqual(['BR']);
    expect(d.diagnostics.find((x) => x.code === 'holder.uncertain')?.message).toContain('Brazil');
  });

  it('does not flag a name the deployment added', () => {
    const d = parseDraftText('Parties [act]. [XQZ: delete]', 'text', { parties: ['XQZ'] });
    expect(draftStatus(d).holders).toEqual(['XQZ']);
    expect(d.uncertainHolders).toBeUndefined();
  });

  it('lists each unknown code once, at its first place', () => {
    const d = parse('Parties [act]. [QQA: delete]\n\nParties [act]. [QQA: retain] [QQB: delete]');
    expect(d.uncertainHolders).toEqual(['QQA', 'QQB']);
    expect(d.diagnostics.filter((x) => x.code === 'holder.uncertain').map((x) => x.line)).toEqual([1, 3]);
  });
});

describe('the list of member states', () => {
  it('has the 193 members, each with its own name reachable from its alpha-3 code', () => {
    expect(new Set(UN_MEMBER_CODES).size).toBe(193);
    const table = createPartyTable();
    const names = new Set<string>();
    for (const code of UN_MEMBER_CODES) {
      const alpha3 = countries.alpha2ToAlpha3(code) as string;
      // "AND" is never read as Andorra's code (the word comes first), and "NAM" is the
      // Non-Aligned Movement (a group's name comes before a state's code): those two by name.
      const byName: Record<string, string> = { AND: 'Andorra', NAM: 'Namibia' };
      const name = table.lookup(byName[alpha3] ?? alpha3);
      expect(name, `${code}/${alpha3}`).toBeDefined();
      names.add(name as string);
    }
    expect(names.size).toBe(193);
    expect(table.lookup('FSM')).toBe('Micronesia');
    expect(table.lookup('MDA')).toBe('Republic of Moldova');
    expect(table.lookup('USA')).toBe('US');
    expect(table.lookup('AND')).toBeUndefined();
    expect(table.lookup('NAM')).toBe('NAM');
    expect(table.lookup('Namibia')).toBe('Namibia');
    expect(table.lookup('GMB')).toBe('Gambia');
  });

  it('does not read territories that are not states as parties', () => {
    const table = createPartyTable();
    expect(table.lookup('Aruba')).toBeUndefined();
    expect(table.lookup('Antarctica')).toBeUndefined();
    expect(table.classify('Bermuda')).toBeUndefined();
  });
});
