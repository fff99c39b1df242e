import { describe, expect, it } from 'vitest';
import {
  cleanView,
  diffDrafts,
  draftQualifiers,
  draftStatus,
  parseDraftText,
} from '../../src/core/drafts/index.js';
import { generateDraft } from './generate.js';

/**
 * Hostile and degenerate input: huge runs of brackets, no line breaks, unbalanced everything.
 * Each must finish (no quadratic blow-up, no recursion limit) with a best-effort result.
 * The time limits are generous ceilings against hangs, not benchmarks.
 */
const LIMIT = 15_000;

function everything(text: string, format: 'markdown' | 'text') {
  const d = parseDraftText(text, format);
  draftStatus(d);
  draftQualifiers(d);
  cleanView(d, 'delete', { tidy: true });
  cleanView(d, 'keep', { tidy: true });
  return d;
}

describe('hostile input', () => {
  it('200,000 opening brackets', { timeout: LIMIT }, () => {
    const d = everything('['.repeat(200_000), 'text');
    expect(d.brackets).toHaveLength(200_000);
    expect(d.diagnostics.filter((x) => x.code === 'bracket.unclosed')).toHaveLength(100);
    expect(d.brackets.reduce((m, b) => Math.max(m, b.depth), 0)).toBe(200_000);
  });

  it('200,000 closing brackets', { timeout: LIMIT }, () => {
    const d = everything(']'.repeat(200_000), 'markdown');
    expect(d.brackets).toEqual([]);
    expect(d.diagnostics.find((x) => x.code === 'diagnostics.truncated')?.message).toContain('199900 more');
  });

  it('100,000 nested pairs, and their diff against a copy with one change', { timeout: LIMIT }, () => {
    const a = parseDraftText(`${'[x '.repeat(100_000)}${']'.repeat(100_000)}`, 'text');
    const b = parseDraftText(`${'[x '.repeat(100_000)}y${']'.repeat(100_000)}`, 'text');
    expect(a.brackets).toHaveLength(100_000);
    const d = diffDrafts(a, b);
    expect(d.unchanged.length + d.changed.length).toBe(100_000);
  });

  it('unclosed brackets in every paragraph across many sections', { timeout: LIMIT }, () => {
    const text = Array.from(
      { length: 5_000 },
      (_, i) => `Article ${(i % 900) + 1}\n${i}. Parties [shall act [now.\n`,
    ).join('');
    const d = everything(text, 'text');
    expect(d.brackets.filter((b) => !b.closed)).toHaveLength(10_000);
    // Each recovered bracket ends with its own paragraph: nothing swallows the rest.
    expect(d.brackets.every((b) => b.end - b.start < 40)).toBe(true);
  });

  it('a megabyte on one line, with braces, colons and backticks that never close', { timeout: LIMIT }, () => {
    const text = '{ Parties : [shall `act '.repeat(40_000);
    const d = everything(text, 'markdown');
    expect(d.paragraphs).toHaveLength(1);
  });

  it('control characters, lone surrogates and NUL', () => {
    const d = everything('\u0000[\ud800]\udfff\u0007 [a\u2028b] \f\r\n[', 'text');
    expect(d.brackets.length).toBeGreaterThan(0);
  });

  it('a 2 MB generated draft with 10,000 brackets, and the diff of two 1 MB versions', {
    timeout: LIMIT * 2,
  }, () => {
    const big = generateDraft({ size: 2_000_000, brackets: 10_000 });
    const d = everything(big.text, 'markdown');
    expect(d.brackets.length).toBeGreaterThan(9_000);
    expect(d.diagnostics).toEqual([]);
    const a = generateDraft({ size: 1_000_000, brackets: 5_000 });
    const b = generateDraft({ size: 1_000_000, brackets: 5_000, revise: true });
    const diff = diffDrafts(parseDraftText(a.text, 'markdown'), parseDraftText(b.text, 'markdown'));
    expect(diff.summary.resolvedKept).toBeGreaterThan(0);
    expect(diff.summary.resolvedDeleted).toBeGreaterThan(0);
    expect(diff.summary.changed).toBeGreaterThan(0);
    expect(diff.summary.added).toBeGreaterThan(0);
  });
});
