import { describe, expect, it } from 'vitest';
import { attachHits, HitColumns, qualifierCount } from '../../src/core/drafts/hit-columns.js';
import { parseDraftText } from '../../src/core/drafts/index.js';
import { VERB_STRENGTHS } from '../../src/core/drafts/lexicon.js';
import { PhraseFinder } from '../../src/core/drafts/qualifiers.js';
import type { ParsedDraft } from '../../src/core/drafts/types.js';
import { denseDraft } from './generate.js';

/**
 * The phrase finder's hits as rows (hit-columns.ts): the objects made from them have the
 * fields and key order the hit objects always had, and a draft given lazy hit lists
 * (`attachHits`) reads, serialises and counts as one given the lists themselves.
 */

describe('HitColumns', () => {
  it('makes objects with the fields of the rows, in the order of QualifierHit and VerbHit', () => {
    // Rows filled the same way twice: each is made into objects once.
    const fill = () => {
      const rows = new HitColumns();
      for (let k = 0; k < 2999; k++) {
        rows.add(k % 3, 10 * k, 10 * k + 5);
        // Two hits at one word share a place; a word with no hit is never placed.
        if (k % 2 === 0) continue;
        expect(rows.unplaced()).toBe(true);
        rows.placeNew(k, k + 1, k - 50, k + 2, k + 3);
        expect(rows.unplaced()).toBe(false);
      }
      rows.placeNew(-1, -2, -3, -4, -5);
      return rows;
    };
    const rows = fill();
    const q = rows.qualifierObjects(['a', 'b', 'c']);
    expect(q).toHaveLength(2999);
    expect(q[3]).toEqual({
      phrase: 'a',
      start: 30,
      end: 35,
      line: 5,
      column: 6,
      section: 3,
      paragraph: 4,
      bracket: -47,
    });
    expect(q[2]).toEqual({
      phrase: 'c',
      start: 20,
      end: 25,
      line: 5,
      column: 6,
      section: 3,
      paragraph: 4,
      bracket: -47,
    });
    expect(Object.keys(q[0] as object)).toEqual([
      'phrase',
      'start',
      'end',
      'line',
      'column',
      'section',
      'paragraph',
      'bracket',
    ]);
    expect(q[2998]).toMatchObject({ line: -4, section: -1 });
    // Rows across chunks (64, then 1024 a chunk) keep their fields.
    for (const k of [63, 64, 65, 1023, 1024, 1025, 2047, 2048, 2997])
      expect(q[k]).toEqual({
        phrase: 'abc'[k % 3],
        start: 10 * k,
        end: 10 * k + 5,
        line: (k | 1) + 2,
        column: (k | 1) + 3,
        section: k | 1,
        paragraph: (k | 1) + 1,
        bracket: (k | 1) - 50,
      });
    // The rows' chunks went back to the pool: no second making, no more rows.
    expect(() => rows.qualifierObjects(['a'])).toThrow();
    expect(() => rows.add(0, 1, 2)).toThrow();
    const v = fill().verbObjects(VERB_STRENGTHS);
    expect(v[4]).toMatchObject({ verb: 'must', family: 'modal', strength: 4, start: 40 });
    expect(Object.keys(v[0] as object)).toEqual([
      'verb',
      'family',
      'strength',
      'start',
      'end',
      'line',
      'column',
      'section',
      'paragraph',
      'bracket',
    ]);
  });
});

describe('attachHits', () => {
  const text = denseDraft(20_000);
  const plain = parseDraftText(text, 'text');

  /** The same parse with its hit lists made lazily from a finder's rows. */
  function lazyCopy(): ParsedDraft {
    const finder = new PhraseFinder([]);
    const rows = { ...plain, qualifiers: [], verbs: [] } as ParsedDraft;
    // A finder fed the parse's own hits through its rows: words in order, placed as the pass places them.
    for (const hit of [...plain.qualifiers, ...plain.verbs].sort((a, b) => a.start - b.start)) {
      let end = hit.start;
      while (/[\p{L}\p{N}]/u.test(text[end] ?? '')) end++;
      if (finder.word(text, hit.start, end))
        finder.place(hit.section, hit.paragraph, hit.bracket, hit.line, hit.column);
    }
    attachHits(rows, finder);
    return rows;
  }

  it('reads, serialises and counts as the plain lists, keys in their place', () => {
    expect(plain.qualifiers.length).toBeGreaterThan(10);
    const lazy = lazyCopy();
    expect(qualifierCount(lazy)).toBe(plain.qualifiers.length);
    expect(JSON.stringify(lazy)).toBe(JSON.stringify(plain));
    expect(Object.keys(lazy)).toEqual(Object.keys(plain));
    expect(qualifierCount(lazy)).toBe(plain.qualifiers.length);
    expect(lazy.verbs).toEqual(plain.verbs);
    expect(lazy.verbs).toBe(lazy.verbs);
  });

  it('keeps a list a consumer sets, and counts it', () => {
    const lazy = lazyCopy();
    lazy.qualifiers = [];
    expect(qualifierCount(lazy)).toBe(0);
    expect(lazy.qualifiers).toEqual([]);
    const other = lazyCopy();
    other.verbs = [];
    expect(other.verbs).toEqual([]);
    expect(other.qualifiers).toEqual(plain.qualifiers);
    expect(qualifierCount(plain)).toBe(plain.qualifiers.length);
  });
});
