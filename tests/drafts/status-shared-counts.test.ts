import { describe, expect, it } from 'vitest';
import { draftStatus, parseDraftText } from '../../src/core/drafts/index.js';

/**
 * Status shares one frozen `brackets` and `words` object between units with the same small
 * counts (status.ts `bracketCounts`, `wordCounts`), and one frozen list per single holder
 * (`sharedOne`); larger counts get their own objects. Both
 * must carry the right values, and a shared object must refuse changes.
 */

// Invented text: two paragraphs with the same counts, one with many brackets and words.
const many = Array.from({ length: 20 }, (_, i) => `[option ${i}]`).join(' ');
const longText = Array.from({ length: 140 }, (_, i) => `word${i}`).join(' ');
const TEXT = [
  'Article 1. Reporting',
  '',
  '1. Each Party [shall] submit a report. [XA: retain]',
  '2. Each Party [may] submit a plan. [XA: retain]',
  `3. Parties consider ${many}.`,
  `4. ${longText} [the end].`,
  '',
].join('\n');

describe('status shared counts', () => {
  const status = draftStatus(parseDraftText(TEXT, 'text'));
  const paras = status.sections.flatMap((s) => s.paragraphs);

  it('shares one frozen object between paragraphs with equal small counts', () => {
    const [a, b] = paras;
    expect(a?.brackets).toEqual({ total: 1, topLevel: 1, maxDepth: 1, unclosed: 0 });
    expect(a?.brackets).toBe(b?.brackets);
    expect(a?.words).toEqual(b?.words);
    expect(Object.isFrozen(a?.brackets)).toBe(true);
    expect(() => {
      (a?.brackets as { total: number }).total = 9;
    }).toThrow();
  });

  it('shares one frozen list between units held by the same one holder', () => {
    const [a, b] = paras;
    expect(a?.holders).toEqual(['XA']);
    expect(a?.holders).toBe(b?.holders);
    expect(Object.isFrozen(a?.holders)).toBe(true);
    expect(paras[2]?.holders).toEqual([]);
  });

  it('gives large counts their own objects, with the right values', () => {
    const big = paras[2];
    expect(big?.brackets).toEqual({ total: 20, topLevel: 20, maxDepth: 1, unclosed: 0 });
    expect(Object.isFrozen(big?.brackets)).toBe(false);
    const long = paras[3];
    expect(long?.words.total).toBeGreaterThanOrEqual(140);
    expect(Object.isFrozen(long?.words)).toBe(false);
  });
});
