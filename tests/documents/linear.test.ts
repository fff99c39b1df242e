import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/cli/doc.js';
import { docxParts, zipParts } from '../helpers/make-docx.js';
import { extract } from './helpers.js';

/**
 * Files whose cost grows with the square of their size unless the reader is linear:
 * many comments anchored in empty paragraphs (each mark in a dropped block looked for the
 * next kept block by scanning forward), many footnote references (each new note counted
 * the earlier ones), and deeply nested HTML lists (the text rendering indented each item
 * once per level). Generated here; nothing large is stored.
 */

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

function docxWithBody(body: string, comments: number): Uint8Array {
  const parts = docxParts({
    body: ['x'],
    comments: Array.from({ length: comments }, (_, id) => ({ id, author: 'A', text: 'c' })),
  });
  parts['word/document.xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`;
  return zipParts(parts);
}

const DOCX_SHAPES: Record<string, (n: number) => Uint8Array> = {
  /** `n` comments, each on an empty paragraph, then one line of text. */
  'comments on empty paragraphs': (n) => {
    const paras: string[] = [];
    for (let i = 0; i < n; i++)
      paras.push(`<w:p><w:commentRangeStart w:id="${i}"/><w:commentRangeEnd w:id="${i}"/></w:p>`);
    return docxWithBody(`${paras.join('')}<w:p><w:r><w:t>The end.</w:t></w:r></w:p>`, n);
  },
  /** `n` comments that all start before one short run and all end after it. */
  'overlapping comments': (n) => {
    const starts: string[] = [];
    const ends: string[] = [];
    for (let i = 0; i < n; i++) {
      starts.push(`<w:commentRangeStart w:id="${i}"/>`);
      ends.push(`<w:commentRangeEnd w:id="${i}"/>`);
    }
    return docxWithBody(`<w:p>${starts.join('')}<w:r><w:t>agreed</w:t></w:r>${ends.join('')}</w:p>`, n);
  },
  /** `n` footnote references in one paragraph (the notes themselves are missing: warnings). */
  'footnote references': (n) => {
    const runs: string[] = [];
    for (let i = 0; i < n; i++)
      runs.push(`<w:r><w:footnoteReference w:id="${i}"/></w:r><w:r><w:t>a</w:t></w:r>`);
    return docxWithBody(`<w:p>${runs.join('')}</w:p>`, 0);
  },
};

const HTML_SHAPES: Record<string, (n: number) => string> = {
  /** `n` lists, each nested in the previous one's only item. */
  'nested lists': (n) => '<ul><li>x'.repeat(n),
  /** `n` nested lists, then `n` items at the deepest level. */
  'many items at depth': (n) => `${'<ul><li>x'.repeat(n)}${'<li>y</li>'.repeat(n)}`,
  /** A lettered list declared to start at two million. */
  'lettered list starting high': (n) => `<ol type="a" start="2000000">${'<li>y</li>'.repeat(n)}</ol>`,
};

/**
 * The fastest of `runs` timings of each job in milliseconds, the two taking turns so both
 * meet the same background load; the shared machine only ever adds time.
 */
async function quickest(small: () => Promise<unknown>, large: () => Promise<unknown>, runs = 4) {
  let a = Number.POSITIVE_INFINITY;
  let b = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await small();
    const t1 = performance.now();
    await large();
    const t2 = performance.now();
    a = Math.min(a, t1 - t0);
    b = Math.min(b, t2 - t1);
  }
  return { small: Math.max(a, 5), large: b };
}

/** Extraction's outcome either way: a refusal by a limit is as good an end as a Document. */
const settle = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    () => undefined,
  );

describe('documents are read in time linear in their size', () => {
  it('DOCX: doubling the comments or notes at most ~doubles the time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(DOCX_SHAPES)), async (shape) => {
        const make = DOCX_SHAPES[shape] as (n: number) => Uint8Array;
        const small = make(8_000);
        const large = make(16_000);
        await settle(extract(make(500), 'warm.docx'));
        // A stray pause spoils one measurement, never three in a row; a quadratic reader
        // fails all three (8,000 -> 16,000 took 1.7 s -> 7 s before).
        let ratio = 0;
        let figures = '';
        for (let attempt = 0; attempt < 3; attempt++) {
          const t = await quickest(
            () => settle(extract(small, 'a.docx')),
            () => settle(extract(large, 'b.docx')),
          );
          ratio = t.large / t.small;
          figures = `${t.small.toFixed(0)} ms -> ${t.large.toFixed(0)} ms`;
          if (ratio < 2.5) break;
        }
        expect(ratio, `${shape}: ${figures}`).toBeLessThan(2.5);
      }),
      { numRuns: Object.keys(DOCX_SHAPES).length },
    );
  }, 240_000);

  it('keeps the anchors of comments in dropped empty paragraphs where the text resumes', async () => {
    const doc = await extract(DOCX_SHAPES['comments on empty paragraphs']?.(3) as Uint8Array, 'e.docx');
    expect(doc.text).toBe('The end.');
    expect(doc.comments.map((c) => [c.anchor?.start, c.anchor?.end])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
  });

  it('numbers many footnotes in the order of their first reference', async () => {
    const doc = await extract(DOCX_SHAPES['footnote references']?.(12) as Uint8Array, 'n.docx');
    expect(doc.text).toBe('¹a²a³a⁴a⁵a⁶a⁷a⁸a⁹a¹⁰a¹¹a¹²a');
  });
});

describe('HTML nested deeply is parsed in linear time', () => {
  it('doubling the depth of nested lists or of unclosed elements at most ~doubles the time', async () => {
    // Each shape at a depth whose reading takes tens of milliseconds or more, so that a pause
    // of the collector or of a busy machine does not pass for quadratic growth.
    const shapes: Record<string, (n: number) => string> = {
      'nested lists': (n) => '<ul><li>x'.repeat(n),
      'unclosed spans then a close that matches nothing': (n) =>
        `${'<span>'.repeat(4 * n)}${'</b>'.repeat(4 * n)}`,
      'nested svg': (n) => `${'<svg>'.repeat(n)}<p>text</p>`,
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(shapes)), async (shape) => {
        const make = shapes[shape] as (n: number) => string;
        // htmlparser2's own stack moved every open element on each opening tag: 32,000
        // nested lists took 3.4 s and 64,000 four times as long.
        const small = make(20_000);
        const large = make(40_000);
        await settle(extract(make(1_000), 'warm.html'));
        let ratio = 0;
        let figures = '';
        for (let attempt = 0; attempt < 3; attempt++) {
          const t = await quickest(
            () => settle(extract(small, 'a.html')),
            () => settle(extract(large, 'b.html')),
            3,
          );
          ratio = t.large / t.small;
          figures = `${t.small.toFixed(0)} ms -> ${t.large.toFixed(0)} ms`;
          if (ratio < 2.5) break;
        }
        expect(ratio, `${shape}: ${figures}`).toBeLessThan(2.5);
      }),
      { numRuns: 3 },
    );
  }, 240_000);

  it('keeps the structure the parser gives: implied closes, nesting, text after the depth', async () => {
    const doc = await extract('<ul><li>one<li>two<ul><li>inner</ul><li>three</ul><p>after', 'lists.html');
    expect(doc.blocks.map((b) => [b.text, b.level])).toEqual([
      ['one', 1],
      ['two', 1],
      ['inner', 2],
      ['three', 1],
      ['after', undefined],
    ]);
  });
});

describe('the text rendering of nested lists is linear in the input', () => {
  it('doubling the nesting or the items at most ~doubles the output', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(HTML_SHAPES)), async (shape) => {
        const make = HTML_SHAPES[shape] as (n: number) => string;
        const smallDoc = await extract(make(4_000), 'small.html');
        const largeDoc = await extract(make(8_000), 'large.html');
        const [small, large] = [renderText(smallDoc).length, renderText(largeDoc).length];
        // Before: 16 MB -> 64 MB for 36 KB -> 72 KB of nesting; 300 MB for 40 KB of letters.
        expect(large / small, `${shape}: ${small} -> ${large} characters`).toBeLessThan(2.2);
        expect(large, shape).toBeLessThan(make(8_000).length * 8);
        // The output decides the time: rendering is a single pass over the blocks, so the
        // time follows the characters written (measured: 900 ms for 192 MB before, a few
        // ms now). A generous absolute bound rather than a ratio of milliseconds.
        const started = performance.now();
        renderText(largeDoc);
        expect(performance.now() - started, shape).toBeLessThan(1_000);
      }),
      { numRuns: Object.keys(HTML_SHAPES).length },
    );
  }, 240_000);

  it('indents the first levels and names the level of deeper items', async () => {
    const out = renderText(await extract('<ul><li>x'.repeat(10), 'deep.html'));
    const lines = out.split('\n').filter((l) => l.includes('• x'));
    expect(lines[0]).toBe('• x');
    expect(lines[2]).toBe('    • x');
    expect(lines[7]).toBe(`${'  '.repeat(7)}• x`);
    expect(lines[9]).toBe(`${'  '.repeat(7)}[level 10] • x`);
  });

  it('writes a lettered number past Word’s "zz…z" in digits', async () => {
    const doc = await extract('<ol type="a" start="2000000"><li>y</li></ol>', 'high.html');
    expect(doc.blocks[0]?.numbering).toBe('2000000.');
    const low = await extract('<ol type="a" start="27"><li>y</li></ol>', 'low.html');
    expect(low.blocks[0]?.numbering).toBe('aa.');
  });
});
