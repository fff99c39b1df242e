import { describe, expect, it } from 'vitest';
import { BracketTable } from '../../src/core/drafts/bracket-table.js';
import { draftStatus, parseDraftText } from '../../src/core/drafts/index.js';
import { EMPTY } from '../../src/core/drafts/lists.js';
import { denseDraft } from './generate.js';

/**
 * The parse keeps its brackets and choices as columns and makes `ParsedDraft.brackets` and
 * `ParsedDraft.alternatives` (the objects) only when someone reads them (#14). Nothing a consumer does may tell the difference.
 */
describe('brackets and choices made on first read', () => {
  const text = `${denseDraft(3_000)}\nArticle 99\n\n[Parties [shall] act.\n\nArticle 100\n\nText.]`;

  it('status is the same before and after the objects are made, and on a copy read back from JSON', () => {
    const d = parseDraftText(text, 'text');
    const before = draftStatus(d);
    expect(d.brackets.length).toBe(before.brackets.total);
    expect(d.alternatives.length).toBe(before.alternatives);
    expect(d.brackets.filter((b) => b.alternative !== undefined).length).toBeGreaterThan(0);
    expect(draftStatus(d)).toEqual(before);
    const cached = JSON.parse(JSON.stringify(d));
    expect(draftStatus(cached)).toEqual(before);
    expect(structuredClone(d)).toEqual(cached);
  });

  it('the objects are made once, keep their place among the keys, and keep changes made to them', () => {
    const d = parseDraftText(text, 'text');
    const keys = Object.keys(d);
    expect(keys.indexOf('brackets')).toBe(keys.indexOf('paragraphs') + 1);
    const list = d.brackets;
    expect(d.brackets).toBe(list);
    expect(Object.keys(d)).toEqual(keys);
    (list[0] as { holders: string[] }).holders = ['Chile'];
    expect(draftStatus(d).holders).toContain('Chile');
    d.brackets = [];
    expect(draftStatus(d).brackets.total).toBe(0);
  });

  it('a list assigned before the objects were made replaces them', () => {
    const d = parseDraftText(text, 'text');
    d.brackets = [];
    d.alternatives = [];
    expect(d.brackets).toEqual([]);
    expect(draftStatus(d).brackets.total).toBe(0);
    expect(draftStatus(d).alternatives).toBe(0);
  });
});

describe('BracketTable.addPlain', () => {
  it('fills the row as add does for a closed text bracket with no holders and no option', () => {
    const a = new BracketTable(2);
    const b = new BracketTable(2);
    const rows: [number, number, number, number, number][] = [
      [0, 7, 1, 1, 0],
      [3, 12, 2, 2, 4],
      [20, 21, 1, 1, 9],
    ];
    for (const [start, end, openLength, closeLength, paragraph] of rows) {
      a.add('text', start, end, openLength, closeLength, true, paragraph, EMPTY, undefined);
      b.addPlain(start, end, openLength, closeLength, paragraph);
    }
    expect(b).toEqual(a);
  });
});
