import { describe, expect, it } from 'vitest';
import type { Block } from '../../src/core/documents/types.js';
import {
  DRAFT_SCHEMA_VERSION,
  type ParsedDraft,
  parseDraft,
  parseDraftText,
} from '../../src/core/drafts/index.js';

const ids = (d: ParsedDraft) => d.sections.map((s) => s.id);
const bracketTexts = (d: ParsedDraft) => d.brackets.map((b) => d.text.slice(b.start, b.end));

describe('structure', () => {
  it('splits a plain-text block into sections and numbered paragraphs without blank lines', () => {
    const text = [
      'II. Priority areas',
      'Action Line C9. Media',
      '12. Media should continue to play an important role.',
      '12 bis. Journalists should be protected.',
      '(a) online and offline;',
      'Article 6',
      '1. Each Party shall report, as appropriate.',
      'Section III. Action lines beyond 2015',
      '13. The action lines should be reviewed.',
    ].join('\n');
    const d = parseDraftText(text, 'text');
    expect(ids(d)).toEqual(['II', 'C9', 'article-6', 'section-III']);
    const c9 = d.sections[1];
    expect(c9?.title).toBe('Media');
    expect(c9?.parent).toBe(0);
    expect(d.paragraphs.filter((p) => p.kind === 'body').map((p) => [p.id, p.number])).toEqual([
      ['C9/12', '12'],
      ['C9/12 bis', '12 bis'],
      ['C9/(a)', '(a)'],
      ['article-6/1', '1'],
      ['section-III/13', '13'],
    ]);
  });

  it('does not take continuation lines of PDF text for headings', () => {
    const text = [
      '1. Parties shall act in accordance with',
      'Article 4, paragraphs 1, 3 and 5 of the Convention, and with',
      'Article 12 of the Convention and the arrangements adopted under it.',
      'A. Governments should act in good faith.',
    ].join('\n');
    const d = parseDraftText(text, 'text');
    expect(d.sections.map((s) => s.kind)).toEqual(['front']);
  });

  it('reads a heading whose title opens a bracket, with a glued footnote marker: "A. [[Preamble]1"', () => {
    const d = parseDraftText(
      'A. [[Preamble]1\n[The Parties to this agreement,]\nB. [Definitions]\n["Party" means a Party]',
      'text',
    );
    expect(d.sections.map((s) => [s.id, s.title])).toEqual([
      ['A', 'Preamble'],
      ['B', 'Definitions'],
    ]);
  });

  it('tells letters from roman numerals by their sequence', () => {
    const d = parseDraftText(
      'I. Vision\nA. First\nB. Second\nII. Action\nH. Eight\nI. Nine\nIV. Four\nV. Five',
      'text',
    );
    expect(d.sections.map((s) => `${s.kind}:${s.number}`)).toEqual([
      'roman:I',
      'letter:A',
      'letter:B',
      'roman:II',
      'letter:H',
      'letter:I',
      'roman:IV',
      'roman:V',
    ]);
  });

  it('numbers Markdown list items from their marker, nested items under their parent', () => {
    const d = parseDraftText(
      '## Article 2\n\n1. This Agreement aims:\n\n    1. to hold the increase;\n\n2. It will be implemented.',
      'markdown',
    );
    expect(d.paragraphs.filter((p) => p.kind === 'body').map((p) => p.number)).toEqual(['1', '1.1', '2']);
    expect(d.sections[0]?.id).toBe('article-2');
  });

  it('keeps page numbers and running headers of pdftotext output out of the counts', () => {
    const page = (n: number) => `${n}\n\fADP 2-8 - agenda item 3\n`;
    const text = `1. Parties shall act.\n${page(1)}2. Parties should report.\n${page(2)}3. Parties may cooperate.\n${page(3)}`;
    const d = parseDraftText(text, 'text');
    const furniture = d.paragraphs.filter((p) => p.kind === 'furniture');
    expect(furniture.length).toBe(6);
    expect(d.paragraphs.reduce((n, p) => n + p.words, 0)).toBe(9);
  });

  it('skips YAML front matter in Markdown', () => {
    const d = parseDraftText('---\ntitle: [not a bracket]\n---\n\n# Vision\n\nText [here].', 'markdown');
    expect(bracketTexts(d)).toEqual(['[here]']);
  });
});

describe('brackets', () => {
  it('gives exact offsets, lines and columns into the source text', () => {
    const text = '# T\n\n1. Parties [shall][should]\n   act [now [or later]].';
    const d = parseDraftText(text, 'markdown');
    expect(bracketTexts(d)).toEqual(['[shall]', '[should]', '[now [or later]]', '[or later]']);
    const nested = d.brackets[3];
    expect(nested).toMatchObject({ line: 4, column: 13, endLine: 4, endColumn: 22, depth: 2, parent: 2 });
    expect(d.brackets[0]).toMatchObject({ line: 3, column: 12, depth: 1, parent: -1, closed: true });
  });

  it('nests to any depth the limits allow (default 100, far beyond real drafts)', () => {
    const depth = 200;
    const text = `${'['.repeat(depth)}x${']'.repeat(depth)}`;
    expect(() => parseDraftText(text, 'text')).toThrow(/maxDepth/);
    const d = parseDraftText(text, 'text', { limits: { maxDepth: depth } });
    expect(d.brackets).toHaveLength(depth);
    expect(Math.max(...d.brackets.map((b) => b.depth))).toBe(depth);
    expect(d.diagnostics).toEqual([]);
  });

  it('lets a bracket open in one paragraph and close in a later one', () => {
    const d = parseDraftText(
      '1. [Parties shall act.\n\n2. Parties shall report.]\n\n3. Agreed text.',
      'markdown',
    );
    expect(d.brackets).toHaveLength(1);
    expect(d.paragraphs.map((p) => [p.words, p.bracketedWords])).toEqual([
      [3, 3],
      [3, 3],
      [2, 0],
    ]);
  });

  it('brackets a whole section from its title to its end', () => {
    const text =
      '## [Section III. Action lines beyond 2015\n\n14. Reviewed by 2025.\n\n15. Facilitated by the agencies.]\n\n## Section IV. Follow-up\n\n16. Agreed.';
    const d = parseDraftText(text, 'markdown');
    expect(d.brackets).toHaveLength(1);
    expect(d.brackets[0]).toMatchObject({ closed: true, section: 0 });
    expect(d.sections.map((s) => s.id)).toEqual(['section-III', 'section-IV']);
  });

  it('accepts a bracket across sections when it runs from a paragraph start to a section end', () => {
    const text = 'A. First\n1. [Parties act.\nB. Second\n2. Parties report.]\nC. Third\n3. Text.';
    const d = parseDraftText(text, 'text');
    expect(d.brackets).toHaveLength(1);
    expect(d.diagnostics).toEqual([]);
  });

  it('refuses a pair that crosses sections mid-paragraph: an unclosed bracket and a stray one, no swallowed pages', () => {
    const text =
      'A. First\n1. Parties [shall act in good faith.\nB. Second\n2. Parties report] on time.\n3. Agreed text here.';
    const d = parseDraftText(text, 'text');
    expect(d.diagnostics.map((x) => [x.code, x.line])).toEqual([
      ['bracket.unclosed', 2],
      ['bracket.stray-close', 4],
    ]);
    expect(d.brackets).toHaveLength(1);
    // The unclosed bracket is assumed to end with its paragraph, so section B stays clean.
    expect(d.text.slice(d.brackets[0]?.start, d.brackets[0]?.end)).toBe('[shall act in good faith.');
    expect(d.paragraphs.filter((p) => p.section === 1).every((p) => p.bracketedWords === 0)).toBe(true);
  });

  it('reports an unclosed bracket with its location and a snippet, and runs a heading bracket to the section end', () => {
    const text =
      '## [Section III. Beyond 2015\n\n14. Reviewed.\n\n15. Facilitated.\n\n## Section IV\n\n16. Agreed [text.';
    const d = parseDraftText(text, 'markdown');
    expect(d.diagnostics.map((x) => [x.code, x.line, x.column])).toEqual([
      ['bracket.unclosed', 1, 4],
      ['bracket.unclosed', 9, 12],
    ]);
    expect(d.diagnostics[0]?.message).toContain('the end of Section III. Beyond 2015');
    expect(d.diagnostics[1]?.snippet).toContain('Agreed [text.');
    const [section, body] = d.brackets;
    expect(d.text.slice(section?.start, section?.end)).toBe(
      '[Section III. Beyond 2015\n\n14. Reviewed.\n\n15. Facilitated.',
    );
    expect(d.text.slice(body?.start, body?.end)).toBe('[text.');
  });

  it('keeps a stray closing bracket as text with a diagnostic', () => {
    const d = parseDraftText('Parties act] now.', 'text');
    expect(d.brackets).toEqual([]);
    expect(d.diagnostics[0]).toMatchObject({ code: 'bracket.stray-close', line: 1, column: 12 });
  });

  it('summarises floods of diagnostics', () => {
    const d = parseDraftText(']'.repeat(250), 'text');
    expect(d.diagnostics.filter((x) => x.code === 'bracket.stray-close')).toHaveLength(100);
    expect(d.diagnostics.find((x) => x.code === 'diagnostics.truncated')?.message).toContain('150 more');
  });

  it('ignores brackets in Markdown code', () => {
    const d = parseDraftText('Use `[x]` here.\n\n```\n[code]\n```\n\nAnd [this].', 'markdown');
    expect(bracketTexts(d)).toEqual(['[this]']);
  });
});

describe('the block model', () => {
  it('reads any Document-like input; offsets refer to source.text', () => {
    // As the DOCX reader would build it: extracted text, blocks separated by blank lines.
    const text = 'Media\n\nMedia [shall][should] play a role.\n\nComment-free tail.';
    const blocks: Block[] = [
      { kind: 'heading', level: 2, text: 'Media', offset: 0, line: 1, column: 1 },
      {
        kind: 'paragraph',
        text: 'Media [shall][should] play a role.',
        offset: 7,
        line: 3,
        column: 1,
        numbering: '12.',
      },
      { kind: 'paragraph', text: 'Comment-free tail.', offset: 43, line: 5, column: 1 },
    ];
    const d = parseDraft({ text, blocks, type: 'docx' });
    expect(d.format).toBe('other');
    expect(bracketTexts(d)).toEqual(['[shall]', '[should]']);
    expect(d.brackets[0]).toMatchObject({ start: 13, line: 3, column: 7 });
    expect(d.alternatives).toHaveLength(1);
  });

  it('is plain JSON data with a schema version', () => {
    const d = parseDraftText(
      '# V\n\n1. [a] [US: delete] [b][c] as appropriate [Option 1: x] [Option 2: y]',
      'markdown',
    );
    expect(d.version).toBe(DRAFT_SCHEMA_VERSION);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});
