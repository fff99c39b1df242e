import { describe, expect, it } from 'vitest';
import { draftStatus, parseDraftText } from '../../src/core/drafts/index.js';

/**
 * A delegation's comment written in brackets beside the text ("[Mexico comment: ...]",
 * "[Comments from the LDCs: ...]", "[Source: Canada]", "[Peru, supported by Chile]") says who
 * holds a position; it is not text under negotiation. Its words are not counted, it is not a
 * bracket, and its holders are named. Our own one-line drafts, one per shape, with the shapes
 * that look alike but are text.
 */
const parse = (text: string) => parseDraftText(text, 'text');

function readOne(text: string) {
  const d = parse(text);
  return {
    brackets: d.brackets.length,
    holders: draftStatus(d).holders,
    annotations: d.annotations.map((a) => ({ role: a.role, holders: a.holders, note: a.note })),
    words: d.paragraphs[0]?.words,
  };
}

describe('a delegation comment in brackets is an annotation with its holders', () => {
  it('reads "<party> comment: ..." whatever the length of the comment', () => {
    const r = readOne(
      'Members [shall] cooperate [Mexico comment: we would prefer a softer verb here] on data.',
    );
    expect(r.brackets).toBe(1);
    expect(r.holders).toEqual(['Mexico']);
    expect(r.annotations).toHaveLength(1);
    expect(r.annotations[0]?.note).toBe('we would prefer a softer verb here');
    // Members shall cooperate on data: the comment's words are not the draft's.
    expect(r.words).toBe(5);
  });

  it('reads plural comments of several holders, and a "note" or "remarks" noun', () => {
    expect(
      readOne('Members [may] act [Ghana and Kenya comments: wish to revisit after lunch].').holders,
    ).toEqual(['Ghana', 'Kenya']);
    expect(readOne('Members [may] act [LDC remarks: linked to the finance section].').holders).toEqual([
      'LDC',
    ]);
    expect(readOne('Members [may] act [Nepal note: same concern as in the preamble].').holders).toEqual([
      'Nepal',
    ]);
  });

  it('reads "Comment(s) by/from <holders>: ..."', () => {
    const r = readOne('Members [may] act [Comments from Fiji and Samoa: the deadline is too short].');
    expect(r.brackets).toBe(1);
    expect(r.holders).toEqual(['Fiji', 'Samoa']);
    expect(r.annotations[0]?.note).toBe('the deadline is too short');
    expect(readOne('Members [may] act [Comment by the EU: see our written submission].').holders).toEqual([
      'EU',
    ]);
  });

  it('reads "Source: <holders>" as the holders who proposed the text', () => {
    const r = readOne('Members [shall report biennially] [Source: Canada, Chile].');
    expect(r.brackets).toBe(1);
    expect(r.holders).toEqual(['Canada', 'Chile']);
    expect(r.annotations[0]?.role).toBe('proposal');
  });

  it('reads "<holders>, supported by <holders>" as a proposal with its supporters', () => {
    const r = readOne('Members [shall report biennially] [Peru, supported by Chile and Colombia].');
    expect(r.brackets).toBe(1);
    expect(r.holders).toEqual(['Chile', 'Colombia', 'Peru']);
  });
});

describe('shapes that look alike stay text or notes without holders', () => {
  it('keeps bracketed text that merely contains the word "comment"', () => {
    const r = readOne('Members [shall invite comments from observers: written or oral] by May.');
    expect(r.brackets).toBe(1);
    expect(r.holders).toEqual([]);
    expect(r.annotations).toEqual([]);
  });

  it('keeps a comment by a body or an official as a note with no holder', () => {
    const r = readOne('Members [may] act [Comment from the secretariat: figures to be updated].');
    expect(r.holders).toEqual([]);
    expect(r.brackets).toBe(1);
  });

  it('keeps "[Source: ...]" naming no party as no holder', () => {
    const r = readOne('Members [shall report] [Source: the 2019 synthesis report].');
    expect(r.holders).toEqual([]);
  });

  it('keeps "supported by" inside negotiated text when no holder precedes it', () => {
    const r = readOne('Members [shall act, supported by developed countries,] at home.');
    expect(r.brackets).toBe(1);
    expect(r.annotations).toEqual([]);
  });
});
