import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanView,
  diffDrafts,
  draftQualifiers,
  draftStatus,
  type ParsedDraft,
  parseDraftText,
  removedRanges,
} from '../../src/core/drafts/index.js';

/**
 * Property tests: whatever the input, the engine never throws, never loses a character, and
 * its nesting is a proper tree. Inputs are built from the pieces real drafts are made of
 * (brackets, numbers, labels, annotations, Markdown, page breaks) so that the interesting
 * cases come up often, plus unrestricted Unicode.
 */
const PIECES = [
  '[',
  ']',
  '[',
  ']',
  '\\[',
  '\\]',
  ' ',
  ' ',
  '\n',
  '\n\n',
  'Parties',
  'shall',
  'should',
  'as appropriate',
  '12.',
  '12 bis.',
  '[12.]',
  '(a)',
  'Option 1:',
  'Alt 2:',
  'US:',
  'G77',
  'delete',
  'proposed by',
  'Note:',
  '{',
  '}',
  '`',
  '[^1]',
  '1',
  '...',
  'sic',
  '# ',
  '## ',
  'Action Line C9. Media',
  'Article 6',
  'Section III',
  'A. ',
  'II. ',
  '(',
  ')',
  '(https://x.org/y)',
  '[r]: https://x.org\n',
  ':',
  ',',
  '.',
  '/',
  ' / ',
  '\f',
  '\t',
  'May 2014',
  '*',
  '\u00e9t\u00e9',
  '\u2019',
];

const draftText = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom('[', ']', 'a', ' ', '\n', '1', '.'), maxLength: 200 }),
);
const format = fc.constantFrom('markdown' as const, 'text' as const);

/** The text with the given ranges (flat start/end pairs) left out, computed character by character. */
function without(text: string, ranges: number[]): string {
  const drop = new Uint8Array(text.length);
  for (let k = 0; k < ranges.length; k += 2) drop.fill(1, ranges[k], ranges[k + 1]);
  let out = '';
  for (let i = 0; i < text.length; i++) if (!drop[i]) out += text[i];
  return out;
}

function checkTree(d: ParsedDraft): void {
  const { text, brackets } = d;
  brackets.forEach((b, i) => {
    expect(b.id).toBe(i);
    expect(b.start).toBeLessThan(b.end);
    expect(b.end).toBeLessThanOrEqual(text.length);
    expect(text.slice(b.start, b.start + b.openLength)).toMatch(/^\\?\[$/);
    if (b.closed) expect(text.slice(b.end - b.closeLength, b.end)).toMatch(/^\\?\]$/);
    else expect(b.closeLength).toBe(0);
    if (i > 0) expect(b.start).toBeGreaterThan((brackets[i - 1] as { start: number }).start);
    if (b.parent < 0) expect(b.depth).toBe(1);
    else {
      const p = brackets[b.parent];
      expect(p).toBeDefined();
      expect(b.depth).toBe((p?.depth ?? 0) + 1);
      expect(p?.start).toBeLessThan(b.start);
      expect(b.end).toBeLessThanOrEqual(p?.end ?? 0);
    }
  });
  // Siblings never overlap.
  const lastEnd = new Map<number, number>();
  for (const b of brackets) {
    expect(b.start).toBeGreaterThanOrEqual(lastEnd.get(b.parent) ?? 0);
    lastEnd.set(b.parent, b.end);
  }
  const opens = (text.match(/\[/g) ?? []).length;
  expect(brackets.reduce((m, b) => Math.max(m, b.depth), 0)).toBeLessThanOrEqual(opens);
}

describe('properties of the bracket engine', () => {
  it('never throws, on anything, and every step works on the result', () => {
    fc.assert(
      fc.property(draftText, format, (text, f) => {
        const d = parseDraftText(text, f);
        const s = draftStatus(d, { packageDeal: true });
        draftQualifiers(d);
        cleanView(d, 'delete', { tidy: true });
        cleanView(d, 'keep', { tidy: true });
        expect(s.words.bracketed).toBeLessThanOrEqual(s.words.total);
        for (const diag of d.diagnostics) {
          expect(diag.line).toBeGreaterThanOrEqual(1);
          expect(diag.offset ?? 0).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the deleted view plus the bracketed spans account for every character', () => {
    fc.assert(
      fc.property(draftText, format, (text, f) => {
        const d = parseDraftText(text, f);
        const removed = removedRanges(d, 'delete');
        const view = cleanView(d, 'delete');
        expect(view).toBe(without(text, removed));
        let removedLength = 0;
        for (let k = 0; k < removed.length; k += 2)
          removedLength += (removed[k + 1] as number) - (removed[k] as number);
        expect(view.length + removedLength).toBe(text.length);
        // What is removed is exactly: bracketed spans, annotations and contested paragraphs.
        const expected: number[] = [];
        for (const b of d.brackets) if (b.parent < 0) expected.push(b.start, b.end);
        for (const a of d.annotations) expected.push(a.start, a.end);
        for (const p of d.paragraphs) if (p.contested) expected.push(p.start, p.end);
        expect(view).toBe(without(text, expected));
      }),
      { numRuns: 400 },
    );
  });

  it('the keep-text view is the text minus the bracket characters of negotiation brackets (and annotations)', () => {
    fc.assert(
      fc.property(draftText, format, (text, f) => {
        const d = parseDraftText(text, f);
        const tokens: number[] = [];
        for (const b of d.brackets) {
          tokens.push(b.start, b.start + b.openLength);
          if (b.closed) tokens.push(b.end - b.closeLength, b.end);
        }
        for (const a of d.annotations) tokens.push(a.start, a.end);
        expect(cleanView(d, 'keep')).toBe(without(text, tokens));
      }),
      { numRuns: 400 },
    );
  });

  it('nesting is a proper tree whose depths are consistent', () => {
    fc.assert(
      fc.property(draftText, format, (text, f) => checkTree(parseDraftText(text, f))),
      { numRuns: 400 },
    );
  });

  it('balanced brackets give no diagnostics and the depth they were written with', () => {
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('word', 'two words', 'a'),
        fc.tuple(tie('tree'), tie('tree')).map(([a, b]) => `${a} ${b}`),
        tie('tree').map((t) => `[${t}]`),
      ),
    }));
    fc.assert(
      fc.property(tree as fc.Arbitrary<string>, (t) => {
        const text = `Parties ${t}.`;
        const d = parseDraftText(text, 'text');
        expect(d.diagnostics).toEqual([]);
        let depth = 0;
        let max = 0;
        for (const c of text) {
          if (c === '[') max = Math.max(max, ++depth);
          else if (c === ']') depth--;
        }
        expect(d.brackets.reduce((m, b) => Math.max(m, b.depth), 0)).toBe(max);
        expect(d.brackets).toHaveLength((text.match(/\[/g) ?? []).length);
      }),
      { numRuns: 300 },
    );
  });

  it('results survive a JSON round trip unchanged', () => {
    fc.assert(
      fc.property(draftText, format, (text, f) => {
        const d = parseDraftText(text, f);
        expect(JSON.parse(JSON.stringify(d))).toEqual(d);
      }),
      { numRuns: 200 },
    );
  });

  it('a diff accounts for every bracket; a draft against itself changes nothing', () => {
    fc.assert(
      fc.property(draftText, draftText, format, (a, b, f) => {
        const before = parseDraftText(a, f);
        const after = parseDraftText(b, f);
        const d = diffDrafts(before, after);
        const olds = [
          ...d.unchanged.map((u) => u.old),
          ...[...d.changed, ...d.resolvedKept, ...d.resolvedDeleted].map((c) => c.old as number),
        ].sort((x, y) => x - y);
        expect(olds).toEqual(before.brackets.map((x) => x.id));
        const news = new Set([...d.links.map((l) => l.new), ...d.added.map((x) => x.new as number)]);
        expect(news.size).toBe(after.brackets.length);
        const self = diffDrafts(before, before);
        expect(self.unchanged).toHaveLength(before.brackets.length);
      }),
      { numRuns: 200 },
    );
  });
});
