import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baseSectionId } from '../../src/core/drafts/headings.js';
import { buildStructure } from '../../src/core/drafts/structure.js';
import type { DraftSection } from '../../src/core/drafts/types.js';

/**
 * Section ids: the structure pass asks its set of used ids once per new id (the set's size tells
 * whether `add` inserted). Checked against the rule as it was written before, a `has` for the
 * base, one for the stem and an `add`, on drafts whose headings repeat, nest and collide with
 * each other's parent-prefixed and numbered forms.
 */

/** Ids by the rule with `has` before `add`: the base, "<parent id>.<base>", then "<stem>-<n>". */
function idsByHasThenAdd(sections: readonly DraftSection[]): string[] {
  const used = new Set<string>();
  const next = new Map<string, number>();
  const ids: string[] = [];
  for (const s of sections) {
    const info = {
      kind: s.kind,
      ...(s.number === undefined ? {} : { number: s.number }),
      titleOffset: 0,
      level: s.level,
      labelOnly: false,
    };
    const base = baseSectionId(info, s.title);
    let id = base;
    if (used.has(id) && s.parent >= 0) id = `${ids[s.parent]}.${base}`;
    const stem = id;
    if (used.has(stem)) {
      let n = (next.get(stem) ?? 1) + 1;
      while (used.has(`${stem}-${n}`)) n++;
      next.set(stem, n);
      id = `${stem}-${n}`;
    }
    used.add(id);
    ids.push(id);
  }
  return ids;
}

/** Blank-line separated paragraphs of `text` as the documents module gives them. */
function paragraphBlocks(text: string) {
  const blocks: { kind: 'paragraph'; offset: number; text: string; line: number; column: number }[] = [];
  let offset = 0;
  for (const part of text.split('\n\n')) {
    if (part.length > 0) blocks.push({ kind: 'paragraph', offset, text: part, line: 0, column: 0 });
    offset += part.length + 2;
  }
  return blocks;
}

const HEADINGS = [
  'Part 1',
  'Part 2',
  'PART II',
  'Chapter I',
  'Section 1',
  'Article 1',
  'Article 1 [Scope]',
  'Article 2',
  'Article 1 bis',
  'Annex I',
  'ARTICLE-1',
  'ARTICLE-1-2',
  'ARTICLE-1-3',
  'PART-2.ARTICLE-1',
  'GENERAL PROVISIONS',
  'Preamble',
  'Action Line C9. Media',
];

describe('section ids', () => {
  it('are those of the has-then-add rule, and unique, however headings repeat and collide', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...HEADINGS), { minLength: 1, maxLength: 40 }), (headings) => {
        const text = `Opening words.\n\n${headings.map((h) => `${h}\n\nParties act.`).join('\n\n')}\n`;
        const { sections } = buildStructure(text, paragraphBlocks(text), 'text');
        const ids = sections.map((s) => s.id);
        expect(ids).toEqual(idsByHasThenAdd(sections));
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 1500 },
    );
  });

  it('prefix a repeated article with its part, and number a repeat within one part', () => {
    const text = 'Part 1\n\nArticle 1\n\nPart 2\n\nArticle 1\n\nArticle 1\n\nPart 2\n\nArticle 1\n';
    const { sections } = buildStructure(text, paragraphBlocks(text), 'text');
    expect(sections.map((s) => s.id)).toEqual([
      'part-1',
      'article-1',
      'part-2',
      'part-2.article-1',
      'part-2.article-1-2',
      'part-2-2',
      'part-2-2.article-1',
    ]);
  });
});
