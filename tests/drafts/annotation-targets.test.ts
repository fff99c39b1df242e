import { describe, expect, it } from 'vitest';
import { parseDraftText } from '../../src/core/drafts/index.js';

/**
 * attachAnnotations (parse.ts) looks up a bracket's holder and note lists only when the
 * bracket already has some (`known`): a first annotation starts the lists, later ones on the
 * same bracket extend them; annotations about no bracket go to their paragraph.
 */

// Invented text: a bracket spoken about by three annotations in a row, annotations about
// their paragraph, and a nested pair whose outer bracket gets two.
const TEXT = [
  'Article 1. Reporting',
  '',
  '1. Parties [shall] report. [US: delete]',
  '2. Parties [should] [US: retain] [EU: delete] [G77: retain] report.',
  '3. Parties [EU: may] act [US: delete] [EU: retain].',
  '4. Parties [act [fast] [US: delete]] [EU: retain] [EU: support].',
  '',
].join('\n');

describe('annotations attached to brackets', () => {
  const draft = parseDraftText(TEXT, 'text');
  const byText = (t: string) => draft.brackets.find((b) => TEXT.slice(b.start, b.end) === t);

  it('gives each bracket the holders and notes of every annotation about it, in order', () => {
    expect(byText('[should]')?.holders).toEqual(['US', 'EU', 'G77']);
    expect(byText('[should]')?.notes).toEqual(['retain', 'delete', 'retain']);
    expect(byText('[fast]')?.holders).toEqual(['US']);
    expect(byText('[act [fast] [US: delete]]')?.holders).toEqual(['EU']);
    expect(byText('[act [fast] [US: delete]]')?.notes).toEqual(['retain', 'support']);
    expect(byText('[shall]')?.holders).toEqual([]);
    expect(draft.paragraphs.map((p) => p.holders)).toEqual([[], ['US'], [], ['EU', 'US'], []]);
  });

  it('keeps one list per bracket: no two brackets share a holder or note list', () => {
    const lists = draft.brackets.flatMap((b) => [b.holders, b.notes]).filter((l) => l.length > 0);
    expect(new Set(lists).size).toBe(lists.length);
  });

  it('points each annotation at its bracket', () => {
    for (const a of draft.annotations) {
      const target = draft.brackets[a.target];
      if (a.target < 0 || !target) continue;
      for (const h of a.holders) expect(target.holders).toContain(h);
    }
  });
});
