import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { diffDrafts, draftStatus, type ParsedDraft, parseDraftText } from '../../src/core/drafts/index.js';
import { corpusAvailable, corpusPath, describeCorpus } from '../helpers/corpus.js';

/**
 * The real COP21 negotiating texts (../shared/corpus, read in place): Markdown editions
 * and pdftotext output of the PDFs, with everything real drafts have: unbalanced brackets,
 * deep nesting, {placeholders}, "Option (a):" blocks, "/" alternatives, running headers.
 */
const DIR = 'negotiation/unfccc_paris_2015_okfn_cop21';

function files(): string[] {
  if (!corpusAvailable) return [];
  const md = readdirSync(corpusPath(DIR, 'markdown'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `markdown/${f}`);
  const raw = readdirSync(corpusPath(DIR, 'pdf_text_derived'))
    .filter((f) => f.endsWith('.raw.txt'))
    .map((f) => `pdf_text_derived/${f}`);
  return [...md, ...raw].sort();
}

const parsed = new Map<string, ParsedDraft>();
function parse(file: string): ParsedDraft {
  let d = parsed.get(file);
  if (!d) {
    d = parseDraftText(
      readFileSync(corpusPath(DIR, file), 'utf8'),
      file.endsWith('.md') ? 'markdown' : 'text',
      { name: file },
    );
    parsed.set(file, d);
  }
  return d;
}

describeCorpus('bracket engine on the COP21 negotiating texts', () => {
  it('parses every Markdown file and every pdftotext file without throwing, and prints the counts', () => {
    const list = files();
    expect(list.length).toBeGreaterThanOrEqual(8);
    const rows: string[] = [];
    for (const file of list) {
      const status = draftStatus(parse(file));
      const b = status.brackets;
      rows.push(
        `${file.padEnd(58)} brackets ${String(b.total).padStart(5)} (top ${String(b.topLevel).padStart(4)}, depth ${b.maxDepth}, unclosed ${b.unclosed})  alternatives ${String(status.alternatives).padStart(4)}  words ${String(status.words.total).padStart(6)}  agreed ${status.agreedPercent.toFixed(1).padStart(5)}%  sections ${String(status.sections.length).padStart(3)}  diagnostics ${status.diagnostics.length}`,
      );
    }
    console.log(`[corpus] bracket counts per file\n${rows.join('\n')}`);
  });

  it('reports zero negotiation brackets in the final Paris Agreement (its brackets are Markdown links)', () => {
    const d = parse('markdown/agreement_final_29-jan-2016_editorial.md');
    expect(d.brackets).toEqual([]);
    expect(draftStatus(d).state).toBe('clean');
    expect(d.ignored.map((i) => i.rule)).toEqual(['link-reference', 'link-reference', 'link-reference']);
    expect(d.diagnostics).toEqual([]);
  });

  it('reports the preamble of the Geneva text ("A. [[Preamble]1") as bracketed', () => {
    const d = parse('pdf_text_derived/negotiating_text_12022015@2200.raw.txt');
    const status = draftStatus(d);
    const preamble = status.sections.find((s) => s.id === 'A');
    expect(preamble).toMatchObject({ title: 'Preamble', state: 'wholly-bracketed' });
    // Its section bracket opens before the title and closes at the end of the preamble.
    const a = d.sections.find((s) => s.id === 'A');
    const outer = d.brackets.find((b) => b.start === d.text.indexOf('[[Preamble]1'));
    expect(outer?.closed).toBe(true);
    expect(outer?.section).toBe(d.sections.indexOf(a as (typeof d.sections)[number]));
    // Later sections are found despite the messy page layout.
    expect(status.sections.map((s) => s.id)).toEqual(
      expect.arrayContaining(['A', 'B', 'C', 'D', 'E', 'H', 'J', 'K', 'L', 'M']),
    );
  });

  it('keeps one missing bracket from swallowing the rest of a real draft', () => {
    const d = parse('pdf_text_derived/negotiating_text_12022015@2200.raw.txt');
    // "B. [Definitions" is never closed: it runs to the end of section B, not to the end of the text.
    const b = d.sections.find((s) => s.id === 'B');
    const open = d.brackets.find((x) => x.start === d.text.indexOf('[Definitions'));
    expect(open?.closed).toBe(false);
    expect(open?.end).toBe(b?.end);
    expect(d.diagnostics.some((x) => x.code === 'bracket.unclosed' && x.line === 199)).toBe(true);
  });

  it('diffs two versions of the Paris text', () => {
    const before = parse('markdown/agreement_23-oct-2015.md');
    const after = parse('markdown/agreement_4-dec-2015.md');
    const d = diffDrafts(before, after);
    const accounted =
      d.unchanged.length + d.changed.length + d.resolvedKept.length + d.resolvedDeleted.length;
    expect(accounted).toBe(before.brackets.length);
    console.log(`[corpus] 23 Oct -> 4 Dec 2015: ${JSON.stringify(d.summary)}`);
  });
});
