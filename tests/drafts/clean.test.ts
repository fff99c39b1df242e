import { describe, expect, it } from 'vitest';
import { cleanView, parseDraftText, removedRanges } from '../../src/core/drafts/index.js';
import { fixtureText, vision } from './fixtures.js';

const md = (text: string) => parseDraftText(text, 'markdown');

describe('the Australian method: all bracketed text deleted', () => {
  it('deletes bracketed text, nested or not, and annotations', () => {
    const d = md(
      'Parties [shall][should] promote [free [and independent]] media [US: delete], as appropriate.',
    );
    expect(cleanView(d, 'delete')).toBe('Parties  promote  media , as appropriate.');
    expect(cleanView(d, 'delete', { tidy: true })).toBe('Parties promote media, as appropriate.');
  });

  it('deletes a paragraph whose number is bracketed, and a section bracketed from title to end', () => {
    const text = fixtureText('vision-2014-06-01.md');
    const view = cleanView(vision('06-01'), 'delete', { tidy: true });
    expect(view).not.toContain('Journalists');
    expect(view).not.toContain('Section III');
    expect(view).not.toContain('[');
    expect(view).toContain(
      '13. Media should continue to play an important role in the information society, and stakeholders should promote.',
    );
    expect(view).toContain('11. Stakeholders should promote the creation of local content in all languages.');
    // Nothing outside brackets is lost.
    expect(view).toContain(text.slice(0, text.indexOf('## I.')).trim());
    expect(view).not.toMatch(/\n{3}/);
  });
});

describe('brackets dropped, text kept', () => {
  it('drops the bracket characters and annotations and keeps everything else', () => {
    const d = md(
      'Parties [shall][should] promote [free [and independent]] media [US: delete], as appropriate.',
    );
    expect(cleanView(d, 'keep')).toBe(
      'Parties shallshould promote free and independent media , as appropriate.',
    );
    expect(cleanView(d, 'keep', { tidy: true })).toBe(
      'Parties shall / should promote free and independent media, as appropriate.',
    );
  });

  it('keeps footnote markers, links and editorial brackets untouched', () => {
    const d = md('See [the report](https://example.org/r) [sic] and act[^1] [...].');
    expect(cleanView(d, 'keep')).toBe(d.text);
    expect(cleanView(d, 'delete')).toBe(d.text);
  });

  it('leaves a stray closing bracket where it was and closes nothing that was not opened', () => {
    const d = md('Parties act] now [and [then.');
    expect(cleanView(d, 'keep')).toBe('Parties act] now and then.');
  });
});

describe('removed ranges', () => {
  it('are sorted, disjoint and inside the text', () => {
    const d = vision('06-01');
    for (const mode of ['delete', 'keep'] as const) {
      const r = removedRanges(d, mode);
      for (let k = 0; k < r.length; k += 2) {
        expect(r[k]).toBeLessThan(r[k + 1] as number);
        if (k > 0) expect(r[k]).toBeGreaterThan(r[k - 1] as number);
      }
      expect(r[r.length - 1]).toBeLessThanOrEqual(d.text.length);
    }
  });
});
