import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanView,
  diffDrafts,
  draftQualifiers,
  draftStatus,
  type ParsedDraft,
  parseDraftText,
} from '../../src/core/drafts/index.js';
import type { RapporteurError } from '../../src/core/errors.js';
import { generateDraft } from './generate.js';

/**
 * Hostile and degenerate input: huge runs of brackets, no line breaks, unbalanced everything.
 * Each must finish (no quadratic blow-up, no recursion limit) with a best-effort result.
 * The time limits are generous ceilings against hangs, not benchmarks.
 */
const LIMIT = 15_000;

function everything(input: string | ParsedDraft, format: 'markdown' | 'text' = 'text') {
  const d = typeof input === 'string' ? parseDraftText(input, format) : input;
  draftStatus(d);
  draftQualifiers(d);
  cleanView(d, 'delete', { tidy: true });
  cleanView(d, 'keep', { tidy: true });
  return d;
}

/** Limits raised far beyond the defaults, to check the engine itself stays linear and sound. */
const RAISED = { limits: { maxBrackets: 1_000_000, maxDepth: 1_000_000 } };

describe('hostile input', () => {
  it('refuses a draft beyond a shape limit with LIMIT_EXCEEDED naming the limit', { timeout: LIMIT }, () => {
    const refusal = (text: string, limits = {}) => {
      try {
        parseDraftText(text, 'text', { limits });
      } catch (err) {
        return err as RapporteurError;
      }
      throw new Error('not refused');
    };
    // 19.9 MB of "[" only: refused at once, before memory is spent on it.
    const t0 = performance.now();
    const deep = refusal('['.repeat(19_900_000));
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(deep.code).toBe('LIMIT_EXCEEDED');
    expect(deep.message).toContain('maxBrackets');
    expect(refusal(`${'[a '.repeat(150)}${']'.repeat(150)}`).message).toContain('maxDepth');
    expect(refusal('[a] '.repeat(300_000)).message).toContain('maxBrackets');
    expect(refusal('Article 1\n\nText.\n\nArticle 2\n\nText.', { maxSections: 1 }).message).toContain(
      'maxSections',
    );
    expect(refusal('[a][b]\n\n[c][d]\n\n[e][f]', { maxAlternatives: 2 }).message).toContain(
      'maxAlternatives',
    );
    // Refused while counting, at the first one too many, not after the whole draft was built.
    const headings = Array.from({ length: 5_000 }, (_, i) => `Article ${i + 1}\n\nText [a].`).join('\n\n');
    expect(refusal(headings, { maxSections: 100 }).message).toContain('more than 100 sections');
    expect(refusal('[a][b]\n\n'.repeat(500), { maxAlternatives: 100 }).message).toContain(
      'more than 100 choices between alternatives',
    );
    expect(refusal(`${'[a '.repeat(150)}${']'.repeat(150)}`).message).toContain('nested more than 100 deep');
  });

  it('200,000 opening brackets', { timeout: LIMIT }, () => {
    const d = parseDraftText('['.repeat(200_000), 'text', RAISED);
    everything(d);
    expect(d.brackets).toHaveLength(200_000);
    expect(d.diagnostics.filter((x) => x.code === 'bracket.unclosed')).toHaveLength(100);
    expect(d.brackets.reduce((m, b) => Math.max(m, b.depth), 0)).toBe(200_000);
  });

  it('200,000 closing brackets', { timeout: LIMIT }, () => {
    const d = everything(']'.repeat(200_000), 'markdown');
    expect(d.brackets).toEqual([]);
    expect(d.diagnostics.find((x) => x.code === 'diagnostics.truncated')?.message).toContain('199900 more');
  });

  it('100,000 nested pairs, and their diff against a copy with one change', { timeout: 4 * LIMIT }, () => {
    const a = parseDraftText(`${'[x '.repeat(100_000)}${']'.repeat(100_000)}`, 'text', RAISED);
    const b = parseDraftText(`${'[x '.repeat(100_000)}y${']'.repeat(100_000)}`, 'text', RAISED);
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
    // 40,000 unclosed brackets nest to the end of the one paragraph: refused at the default depth limit.
    expect(() => parseDraftText(text, 'markdown')).toThrow(/maxDepth/);
    const d = everything(parseDraftText(text, 'markdown', RAISED));
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

  it('does linear work: doubling a draft at most about doubles the time (property)', {
    timeout: 60_000,
  }, () => {
    const time = (text: string) => {
      const runs: number[] = [];
      for (let k = 0; k < 7; k++) {
        const t0 = performance.now();
        draftStatus(parseDraftText(text, 'markdown'));
        runs.push(performance.now() - t0);
      }
      return Math.min(...runs);
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 100_000, max: 200_000 }),
        (seed, size) => {
          const small = generateDraft({ size, brackets: size / 200, seed }).text;
          const double = `${small}\n\n${small}`;
          // Warm both sizes up first: the first runs measure the compiler, not the engine.
          time(small);
          time(double);
          // Generous for a loaded machine: linear work gives about 2x, quadratic 4x and more.
          expect(time(double)).toBeLessThan(3.5 * time(small) + 50);
        },
      ),
      { numRuns: 4 },
    );
  });
});
