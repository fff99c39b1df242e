import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDraftText } from '../../src/core/drafts/index.js';

/**
 * docs/brackets.md is executable: every example in its tables is parsed here and must give
 * the numbers the table states. A rule added to the engine without a row, or a row whose
 * behaviour changed, fails this test.
 */
const doc = readFileSync(join(import.meta.dirname, '../../docs/brackets.md'), 'utf8');

/** Cells of a table row; a pipe inside a cell is written `\\|` (as GitHub tables require). */
function cells(line: string): string[] {
  return line
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
}

function code(cell: string): string {
  const m = /^`(.*)`$/.exec(cell);
  if (!m) throw new Error(`expected an inline code cell, got ${cell}`);
  return (m[1] as string).replace(/\\n/g, '\n');
}

const ruleRows = doc
  .split('\n')
  .filter((l) => l.startsWith('| `'))
  .map(cells)
  .filter((c) => c.length === 6);
const alternativeRows = doc
  .split('\n')
  .filter((l) => l.startsWith('| `'))
  .map(cells)
  .filter((c) => c.length === 5);

const IGNORED = new Set([
  'footnote-caret',
  'footnote-number',
  'footnote-letter',
  'comment-anchor',
  'link-inline',
  'link-reference',
  'ellipsis',
  'sic',
  'empty',
  'link-external',
  'wiki-link',
  'navigation',
  'citation',
  'document-symbol',
  'editorial-note',
  'procedural-note',
  'cross-reference',
  'notation-example',
  'code-markup',
  'option-tag',
]);
const ANNOTATIONS = new Set([
  'note',
  'status',
  'proposed-by',
  'holder-suffix',
  'holder-directive',
  'holder-comment',
  'holder-tag',
  'source-label',
]);

describe('docs/brackets.md rules table', () => {
  it('has rows for every rule family', () => {
    const rules = new Set(ruleRows.map((r) => code(r[0] as string)));
    for (const rule of [
      ...IGNORED,
      ...ANNOTATIONS,
      'negotiation',
      'paragraph-number',
      'footnote-glued',
      'placeholder',
    ]) {
      expect(rules, `docs/brackets.md has no row for ${rule}`).toContain(rule);
    }
    expect(alternativeRows.map((r) => code(r[0] as string))).toEqual(
      expect.arrayContaining(['adjacent', 'labelled', 'slash']),
    );
  });

  for (const [ruleCell, exampleCell, bracketsCell, wordsCell, holdersCell] of ruleRows) {
    const rule = code(ruleCell as string);
    const example = code(exampleCell as string);
    it(`${rule}: ${JSON.stringify(example)}`, () => {
      const draft = parseDraftText(example, 'markdown');
      expect(draft.brackets.length, 'negotiation brackets').toBe(Number(bracketsCell));
      const words = draft.paragraphs.reduce((n, p) => n + p.words, 0);
      expect(words, 'counted words').toBe(Number(wordsCell));
      const holders = new Set([
        ...draft.brackets.flatMap((b) => b.holders),
        ...draft.paragraphs.flatMap((p) => p.holders),
      ]);
      const expected = (holdersCell ?? '')
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean);
      expect([...holders].sort()).toEqual(expected.sort());
      if (IGNORED.has(rule)) expect(draft.ignored.map((i) => i.rule)).toContain(rule);
      if (ANNOTATIONS.has(rule)) expect(draft.annotations.map((a) => a.rule)).toContain(rule);
      expect(draft.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    });
  }

  for (const [kindCell, exampleCell, altCell, optionsCell] of alternativeRows) {
    const kind = code(kindCell as string);
    const example = code(exampleCell as string);
    it(`alternatives ${kind}: ${JSON.stringify(example)}`, () => {
      const draft = parseDraftText(example, 'markdown');
      const groups = draft.alternatives.filter((a) => a.kind === kind);
      expect(groups).toHaveLength(Number(altCell));
      expect(groups[0]?.members).toHaveLength(Number(optionsCell));
    });
  }
});
