import { describe, expect, it } from 'vitest';
import { draftStatus, findSection, focusSection, parseDraftText } from '../../src/core/drafts/index.js';
import { vision } from './fixtures.js';

describe('status of the 1 June 2014 Vision draft', () => {
  const draft = vision('06-01');
  const status = draftStatus(draft);
  const section = (id: string) => status.sections.find((s) => s.id === id);

  it('reports the sections still without consensus on 1 June: C5, C9 and Section III', () => {
    expect(section('C5')?.state).toBe('partly-bracketed');
    expect(section('C9')?.state).toBe('partly-bracketed');
    expect(section('section-III')?.state).toBe('wholly-bracketed');
    expect(section('C8')?.state).toBe('clean');
    expect(section('C1')?.state).toBe('clean');
    expect(section('I')?.state).toBe('clean');
  });

  it('counts brackets, nesting, alternatives and holders', () => {
    expect(status.brackets).toEqual({ total: 16, topLevel: 10, maxDepth: 2, unclosed: 0 });
    expect(status.alternatives).toBe(4);
    expect(status.holders).toEqual(['G77', 'Russia', 'US']);
    expect(section('C9')?.holders).toEqual(['G77', 'US']);
    expect(section('section-III')?.brackets).toEqual({ total: 5, topLevel: 1, maxDepth: 2, unclosed: 0 });
  });

  it('counts words and the share agreed, per document, section and paragraph', () => {
    expect(status.words).toEqual({ total: 463, bracketed: 165 });
    expect(status.agreedPercent).toBe(64.4);
    expect(section('section-III')?.agreedPercent).toBe(0);
    const c9 = section('C9');
    expect(c9?.paragraphs.map((p) => [p.id, p.state, p.contested])).toEqual([
      ['C9/13', 'partly-bracketed', false],
      ['C9/14', 'wholly-bracketed', false],
      ['C9/14 bis', 'wholly-bracketed', true],
    ]);
  });

  it('with the package deal, clean sections are only provisionally agreed', () => {
    const deal = draftStatus(draft, { packageDeal: true });
    expect(deal.packageDeal).toBe(true);
    expect(deal.sections.find((s) => s.id === 'C8')?.state).toBe('provisionally-agreed');
    expect(deal.sections.find((s) => s.id === 'C9')?.state).toBe('partly-bracketed');
    expect(deal.sections.find((s) => s.id === 'C8')?.paragraphs[0]?.state).toBe('provisionally-agreed');
  });

  it('without any bracket, the package deal changes nothing', () => {
    const clean = draftStatus(parseDraftText('# A\n\n1. All agreed.', 'markdown'), { packageDeal: true });
    expect(clean.state).toBe('clean');
    expect(clean.sections.every((s) => s.state === 'clean')).toBe(true);
  });

  it('reports diagnostics with line and column', () => {
    const v7 = draftStatus(vision('05-29-v7'));
    expect(v7.brackets.unclosed).toBe(1);
    expect(v7.diagnostics).toEqual([
      expect.objectContaining({ code: 'bracket.unclosed', severity: 'warning', line: 40, column: 122 }),
    ]);
  });

  it('finds sections the way people name them', () => {
    const index = (q: string) => {
      const r = findSection(draft, q);
      return 'index' in r ? draft.sections[r.index]?.id : r.candidates;
    };
    expect(index('C9')).toBe('C9');
    expect(index('c9')).toBe('C9');
    expect(index('Action Line C9')).toBe('C9');
    expect(index('Section III')).toBe('section-III');
    expect(index('III')).toBe('section-III');
    expect(index('media')).toBe('C9');
    expect(index('nothing like it')).toEqual([]);
    expect(index('action')).toEqual(expect.arrayContaining(['C1', 'C5', 'C8', 'C9']));
  });

  it('focuses on one section and its subsections', () => {
    const r = findSection(draft, 'II');
    if (!('index' in r)) throw new Error('II not found');
    const focused = focusSection(status, draft, r.index);
    expect(focused.sections.map((s) => s.id)).toEqual(['II', 'C1', 'C5', 'C8', 'C9']);
    expect(focused.words).toEqual(status.words);
  });

  it('is the same whether parsed from Markdown or from the plain-text rendering', () => {
    const text = draftStatus(vision('vision-2014-06-01.txt'));
    expect(text.sections.find((s) => s.id === 'C9')?.brackets).toEqual(section('C9')?.brackets);
    // The text version brackets C5 from its title to its end.
    expect(text.sections.find((s) => s.id === 'C5')?.state).toBe('wholly-bracketed');
    expect(text.sections.find((s) => s.id === 'section-III')?.state).toBe('wholly-bracketed');
  });
});
