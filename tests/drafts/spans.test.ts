import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draftStatus, findSection, type ParsedDraft, parseDraftText } from '../../src/core/drafts/index.js';
import { corpusPath, describeCorpus } from '../helpers/corpus.js';

/**
 * Brackets that cross section boundaries: a whole-section bracket is believed, a bracket
 * opened in the middle of a section that runs over later headings is a probable typo,
 * reported with its line, and the sections it would cover read "uncertain" rather than
 * "wholly bracketed".
 */

const TYPO = [
  'Article 7',
  '',
  '1. Parties shall cooperate on [research and [systematic observation.',
  '',
  '2. Parties shall share data.',
  '',
  'Article 8',
  '',
  '1. A committee is hereby established.',
  '',
  '2. The committee shall meet once a year.',
  '',
  'Article 9',
  '',
  '1. Parties shall report every [two] years.]',
  '',
  'Article 10',
  '',
  'Parties may withdraw.',
].join('\n');

describe('brackets across sections', () => {
  it('reports a bracket opened mid-section that swallows later articles as a probable typo, with its line', () => {
    const draft = parseDraftText(TYPO, 'text');
    const status = draftStatus(draft);
    const typo = status.diagnostics.find((d) => d.code === 'bracket.probable-typo');
    expect(typo?.line).toBe(3);
    expect(typo?.message).toContain('Article 7');
    expect(typo?.message).toContain('line 15');
    const byLabel = new Map(status.sections.map((s) => [s.label, s]));
    // Article 8 has no bracket of its own: never "wholly bracketed", but uncertain.
    expect(byLabel.get('Article 8')?.state).toBe('uncertain');
    expect(byLabel.get('Article 8')?.bestEffortState).toBe('clean');
    expect(byLabel.get('Article 7')?.state).toBe('uncertain');
    expect(byLabel.get('Article 9')?.state).toBe('uncertain');
    expect(byLabel.get('Article 10')?.state).toBe('clean');
    expect(status.uncertainSections).toBe(3);
    expect(status.sections.some((s) => s.state === 'wholly-bracketed')).toBe(false);
  });

  it('believes a bracket opened on a heading line and closed at the end of the section', () => {
    const text =
      'Article 3\n\nParties act.\n\nArticle 4 [Adaptation\n\n1. Parties adapt.\n\n2. Parties cooperate.]\n\nArticle 5\n\nText stays.';
    const status = draftStatus(parseDraftText(text, 'text'));
    const art4 = status.sections.find((s) => s.label === 'Article 4. Adaptation');
    expect(art4?.state).toBe('wholly-bracketed');
    expect(status.sections.find((s) => s.label === 'Article 5')?.state).toBe('clean');
    expect(status.diagnostics).toEqual([]);
  });

  it('believes a bracket that opens a section and closes at the end of its last subsection', () => {
    const text = [
      '# Section III. Action lines',
      '',
      '[The action lines below apply.',
      '',
      '## Action Line C9. Media',
      '',
      '1. Media are free.',
      '',
      '## Action Line C10. Ethics',
      '',
      '1. Ethics matter.]',
      '',
      '# Section IV. Follow-up',
      '',
      'Parties review.',
    ].join('\n');
    const status = draftStatus(parseDraftText(text, 'markdown'));
    expect(status.sections.map((s) => [s.label, s.state])).toEqual([
      ['Section III. Action lines', 'wholly-bracketed'],
      ['Action Line C9. Media', 'wholly-bracketed'],
      ['Action Line C10. Ethics', 'wholly-bracketed'],
      ['Section IV. Follow-up', 'clean'],
    ]);
    expect(status.diagnostics).toEqual([]);
  });

  it('never calls a section with no bracket in or around it bracketed', () => {
    const text =
      'Article 1\n\n[Parties act.]\n\nArticle 2\n\nParties agree.\n\nArticle 3\n\n[Parties review.]';
    const status = draftStatus(parseDraftText(text, 'text'));
    expect(status.sections.find((s) => s.label === 'Article 2')?.state).toBe('clean');
  });
});

describe('notes that are not brackets, reported apart', () => {
  it('counts editorial notes, links and citations apart from negotiation brackets', () => {
    const text = [
      '[Original: French]',
      '',
      '[Working draft as of 12 May 2022]',
      '',
      '1. Parties [shall][should] act as described in [ISO 9001]. [Agreed ad ref]',
    ].join('\n');
    const status = draftStatus(parseDraftText(text, 'text'));
    expect(status.brackets.total).toBe(2);
    expect(status.notCounted.total).toBe(4);
    expect(status.notCounted.byKind).toEqual([
      { kind: 'editorial notes', count: 3 },
      { kind: 'citations', count: 1 },
    ]);
  });
});

/** Every word bracketed in a draft, by its start offset. */
function bracketedWordStarts(d: ParsedDraft): Set<number> {
  const out = new Set<number>();
  const re = /[A-Za-z]+/g;
  const tops = d.brackets.filter((b) => b.parent < 0);
  for (let m = re.exec(d.text); m !== null; m = re.exec(d.text)) {
    const at = m.index;
    if (tops.some((b) => b.start < at && at < b.end)) out.add(at);
  }
  return out;
}

describe('one stray "[" (property)', () => {
  const paragraph = fc
    .array(fc.constantFrom('Parties', 'shall', 'act', '[now]', '[a [b] c]', 'and', 'G77', '[US: delete]'), {
      minLength: 1,
      maxLength: 8,
    })
    .map((w) => `${w.join(' ')}.`);
  const section = fc
    .tuple(fc.integer({ min: 1, max: 30 }), fc.array(paragraph, { minLength: 1, maxLength: 4 }))
    .map(([n, ps]) => `Article ${n}\n\n${ps.join('\n\n')}`);
  const draft = fc.array(section, { minLength: 1, maxLength: 5 }).map((s) => s.join('\n\n'));

  it('never brackets more than the text up to the end of its paragraph (or section, on a heading) without a diagnostic', () => {
    fc.assert(
      fc.property(draft, fc.nat(), (text, n) => {
        const before = parseDraftText(text, 'text');
        const at = n % (text.length + 1);
        const mutated = `${text.slice(0, at)}[${text.slice(at)}`;
        const after = parseDraftText(mutated, 'text');
        const was = new Set([...bracketedWordStarts(before)].map((s) => (s >= at ? s + 1 : s)));
        const para = after.paragraphs.find((p) => p.start <= at && at <= p.end);
        const limit =
          para === undefined
            ? at
            : para.kind === 'heading'
              ? (after.sections[para.section]?.end ?? para.end)
              : para.end;
        const diagnosed = after.diagnostics.some((d) => d.severity === 'warning');
        for (const w of bracketedWordStarts(after)) {
          if (was.has(w)) continue;
          // A newly bracketed word lies in the paragraph of the stray "[" (up to the end of its
          // section when it is a heading), and a warning says so.
          expect(w).toBeGreaterThanOrEqual(para?.start ?? at);
          expect(w).toBeLessThan(limit);
          expect(diagnosed).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describeCorpus('the Paris draft of 4 December 2015', () => {
  const file = corpusPath('negotiation/unfccc_paris_2015_okfn_cop21/markdown/agreement_4-dec-2015.md');
  it('does not report Articles 2bis-5 wholly bracketed because of one bracket that runs across them', () => {
    const status = draftStatus(parseDraftText(readFileSync(file, 'utf8'), 'markdown'));
    const art5 = status.sections.find((s) => s.label.startsWith('Article 5 '));
    expect(art5?.state).toBe('uncertain');
    expect(art5?.bestEffortState).toBe('clean');
    const typos = status.diagnostics.filter((d) => d.code === 'bracket.probable-typo');
    expect(typos.map((d) => d.line)).toContain(82);
    for (const s of status.sections) if (s.brackets.total === 0) expect(s.state).not.toBe('wholly-bracketed');
  });
});

describe('what people type to name a section', () => {
  const text = [
    'Article 4 (Adaptation)',
    '',
    'Parties adapt.',
    '',
    'Article 14 (Review)',
    '',
    'Parties review.',
    '',
    'Article 24 (Reservations)',
    '',
    'No reservations.',
  ].join('\n');
  const draft = parseDraftText(text, 'text');
  it('resolves exact numbers first: "Article 4", "art 4" and "4" are Article 4, not 14 or 24', () => {
    for (const q of ['Article 4', 'art 4', '4', 'article-4', 'Article 4 (Adaptation)', 'adaptation']) {
      const found = findSection(draft, q);
      expect(found, q).toEqual({ index: draft.sections.findIndex((s) => s.number === '4') });
    }
  });
  it('names sections with their numbers', () => {
    expect(draftStatus(draft).sections.map((s) => s.label)).toEqual([
      'Article 4 (Adaptation)',
      'Article 14 (Review)',
      'Article 24 (Reservations)',
    ]);
  });
});

describe('qualifiers in collocations', () => {
  it('does not read "as relevant" in "as well as relevant organizations"', () => {
    const d = parseDraftText('Parties, as well as relevant organizations, act as relevant.', 'text');
    expect(d.qualifiers.map((q) => [q.phrase, q.column])).toEqual([['as relevant', 49]]);
  });
});

describe('holders are parties and groups', () => {
  it("reads an acronym in parentheses after a body's name as an abbreviation, not a holder", () => {
    const d = parseDraftText(
      'Parties [invite the Technology Committee (TC2)] and [support LDCs (AGN, LDCs)].',
      'text',
    );
    expect(d.brackets.map((b) => b.holders)).toEqual([[], ['AGN', 'LDC']]);
  });
});
