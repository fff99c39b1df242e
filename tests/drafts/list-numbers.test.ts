import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/core/documents/index.js';
import { DEFAULT_EXTRACT_LIMITS } from '../../src/core/documents/options.js';
import { draftStatus, parseDraft, parseDraftText } from '../../src/core/drafts/index.js';
import { joinListNumber, ownListNumber } from '../../src/core/drafts/list-numbers.js';
import { makeDocx } from '../helpers/make-docx.js';

/**
 * Word's automatic numbering is outside the text: "(a)" and "(i)" sub-items of a DOCX draft
 * are numbered only by it. They are ¶2(a) and ¶2(b)(i), not unnumbered paragraphs.
 */

describe('list item numbers', () => {
  it('number DOCX sub-items by their automatic numbering, joined to their parents', async () => {
    const docx = makeDocx({
      body: [
        { pieces: ['Article 4'], style: 'Heading1' },
        { pieces: ['Parties [shall] cooperate.'], list: { numId: 1 } },
        { pieces: ['Parties [may] report on:'], list: { numId: 1 } },
        { pieces: ['[progress];'], list: { numId: 1, level: 1 } },
        { pieces: ['[gaps], in particular:'], list: { numId: 1, level: 1 } },
        { pieces: ['[finance].'], list: { numId: 1, level: 2 } },
        { pieces: ['Parties act.'], list: { numId: 1 } },
      ],
    });
    const doc = await extractDocument(docx, { name: 'draft.docx', limits: DEFAULT_EXTRACT_LIMITS });
    const status = draftStatus(parseDraft({ text: doc.text, blocks: doc.blocks, type: doc.type }));
    expect(status.sections.flatMap((s) => s.paragraphs.map((p) => p.label))).toEqual([
      '¶1',
      '¶2',
      '¶2(a)',
      '¶2(b)',
      '¶2(b)(i)',
      '¶3',
    ]);
  });

  it('read the shapes a list numbers its items with, and nothing else', () => {
    const own = (n: string) => ownListNumber(n)?.own;
    expect(['3.', '3)', '(a)', 'a)', 'c.', 'iv.', '(B)', '1.2.'].map(own)).toEqual([
      '3',
      '3',
      '(a)',
      '(a)',
      '(c)',
      '(iv)',
      '(B)',
      '1.2',
    ]);
    expect(['•', '-', '(a', 'Article 5', ''].map(own)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(ownListNumber('1.2.')?.whole).toBe(true);
  });

  it('join a decimal with a dot and a parenthesised number without one', () => {
    expect(joinListNumber(['2', '(b)'], '(i)')).toBe('2(b)(i)');
    expect(joinListNumber(['1'], '3')).toBe('1.3');
    expect(joinListNumber([], '(a)')).toBe('(a)');
  });
});

describe('a second option inside a Markdown list item', () => {
  const choiceOf = (text: string) =>
    parseDraftText(text, 'markdown').alternatives.map((a) => a.members.map((m) => m.label));

  it('"3. Alternative A: ..." then "Alternative B: No text." in one item is a choice of two', () => {
    const text = [
      '# Article 9. Reporting',
      '',
      '3. Alternative A: Each Party shall report [every two years].',
      '   Alternative B: No text.',
      '',
      '4. The secretariat shall compile the reports.',
    ].join('\n');
    expect(choiceOf(text)).toEqual([['Alt A', 'Alt B']]);
    const draft = parseDraftText(text, 'markdown');
    expect(draft.paragraphs.map((p) => [p.number, p.option])).toEqual([
      [undefined, undefined],
      ['3', 'Alt A'],
      [undefined, 'Alt B'],
      ['4', undefined],
    ]);
  });

  it('an option bracket on a later line stays in its item', () => {
    const text =
      '# Article 9\n\n3. Parties shall report:\n   [Alt 1: every year]\n   [Alt 2: every two years]\n';
    const draft = parseDraftText(text, 'markdown');
    expect(draft.paragraphs.filter((p) => p.kind === 'body')).toHaveLength(1);
  });
});
