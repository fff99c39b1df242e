import { describe, expect, it } from 'vitest';
import { blocksFromText } from '../../src/core/documents/text.js';
import type { DocumentComment } from '../../src/core/documents/types.js';
import { draftStatus, parseDraft } from '../../src/core/drafts/index.js';

/** DOCX comments arrive later from the documents module; these are made by hand. */
const text =
  '# C9\n\n12. Media [shall][should] promote [free [and independent] media].\n\n13. Journalists should be protected.';
const at = (needle: string, from = 0) => text.indexOf(needle, from);

function parse(comments: DocumentComment[]) {
  return parseDraft({ text, blocks: blocksFromText(text, 'markdown'), type: 'markdown', comments });
}

function comment(id: string, start: number, end: number, holders?: string[], body = 'see'): DocumentComment {
  return {
    id,
    text: body,
    anchor: { block: 0, start, end, text: text.slice(start, end) },
    ...(holders ? { holders } : {}),
  };
}

describe('comments name holders', () => {
  it('go to the innermost bracket containing the whole commented range', () => {
    const s = at('and independent');
    const d = parse([comment('1', s, s + 'and independent'.length, ['U.S.'])]);
    const inner = d.brackets.find((b) => d.text.slice(b.start, b.end) === '[and independent]');
    const outer = d.brackets.find((b) => b.id === inner?.parent);
    expect(inner?.holders).toEqual(['US']);
    expect(outer?.holders).toEqual([]);
  });

  it('go to the outermost brackets a range overlaps when none contains it', () => {
    const d = parse([comment('2', at('[shall]'), at('promote'), ['G-77 and China', 'EU'])]);
    expect(
      d.brackets.filter((b) => b.holders.length > 0).map((b) => [d.text.slice(b.start, b.end), b.holders]),
    ).toEqual([
      ['[shall]', ['G77', 'EU']],
      ['[should]', ['G77', 'EU']],
    ]);
  });

  it('read holders from a "US:" prefix when the comment has none, and reach the paragraph', () => {
    const s = at('Journalists');
    const d = parse([
      comment('3', s, s + 11, undefined, 'Russian Federation, Brazil: add "and media workers"'),
    ]);
    const para = d.paragraphs.find((p) => p.number === '13');
    expect(para?.holders).toEqual(['Russia', 'Brazil']);
    expect(draftStatus(d).holders).toEqual(['Brazil', 'Russia']);
  });

  it('attach a point comment (empty range) to the bracket around the point', () => {
    const p = at('free');
    const d = parse([comment('4', p, p, ['AGN'])]);
    const outer = d.brackets.find((b) => d.text.slice(b.start, b.end).startsWith('[free'));
    expect(outer?.holders).toEqual(['AGN']);
  });

  it('ignore comments without an anchor or without holders', () => {
    const d = parse([
      { id: '5', text: 'general remark' },
      comment('6', at('[shall]'), at('promote'), undefined, 'why?'),
    ]);
    expect(d.brackets.every((b) => b.holders.length === 0)).toBe(true);
  });
});
