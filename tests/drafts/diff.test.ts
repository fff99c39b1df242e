import { describe, expect, it } from 'vitest';
import { type DraftDiff, diffDrafts, type ParsedDraft, parseDraftText } from '../../src/core/drafts/index.js';
import { vision } from './fixtures.js';

const md = (text: string) => parseDraftText(text, 'markdown');
const texts = (
  items: { before: { text: string } | null; after: { text: string } | null }[],
  side: 'before' | 'after',
) => items.map((i) => i[side]?.text);

/** Every old bracket is accounted for once; every new one continues old ones or is added. */
function expectComplete(d: DraftDiff, before: ParsedDraft, after: ParsedDraft): void {
  const olds = [
    ...d.unchanged.map((u) => u.old),
    ...d.changed.map((c) => c.old),
    ...d.resolvedKept.map((c) => c.old),
    ...d.resolvedDeleted.map((c) => c.old),
  ];
  expect(olds.sort((a, b) => (a as number) - (b as number))).toEqual(before.brackets.map((b) => b.id));
  const news = new Set([...d.links.map((l) => l.new), ...d.added.map((a) => a.new)]);
  expect(news.size).toBe(after.brackets.length);
  expect(d.added.every((a) => !d.links.some((l) => l.new === a.new))).toBe(true);
}

describe('diff of the Vision draft, 31 May -> 1 June 2014', () => {
  const before = vision('05-31');
  const after = vision('06-01');
  const d = diffDrafts(before, after);

  it('accounts for every bracket on both sides', () => {
    expectComplete(d, before, after);
    expect(d.summary).toMatchObject({
      added: 1,
      resolvedKept: 4,
      resolvedDeleted: 5,
      changed: 1,
      unchanged: 14,
    });
  });

  it('lists brackets agreed (removed, text kept) with the text as it now reads', () => {
    expect(texts(d.resolvedKept, 'before')).toEqual([
      '[, including through the development of [national] cybersecurity strategies]',
      '[national]',
      '[should]',
      '[should]',
    ]);
    expect(texts(d.resolvedKept, 'after')).toEqual([
      'including through the development of national cybersecurity strategies',
      'national',
      'should',
      'should',
    ]);
    expect(d.resolvedKept[2]).toMatchObject({
      before: { section: 'C8', paragraph: 'C8/11', line: 36 },
      after: { section: 'C8', paragraph: 'C8/12', line: 38 },
    });
  });

  it('lists brackets deleted with their text', () => {
    expect(texts(d.resolvedDeleted, 'before')).toEqual([
      '[Alt 3: The Vision does not address cybersecurity.]',
      '[, in their respective roles and responsibilities]',
      '[are encouraged to]',
      '[ by 2020]',
      '[shall]',
    ]);
    expect(d.resolvedDeleted.every((c) => c.after === null && c.new === null)).toBe(true);
    expect(d.resolvedDeleted[0]?.holders.before).toEqual(['Brazil', 'Switzerland']);
  });

  it('lists added and changed brackets with before and after', () => {
    expect(d.added.map((a) => [a.after?.text, a.after?.paragraph, a.holders.after, a.reopened])).toEqual([
      ['[, in accordance with national legislation]', 'C5/8', ['Russia'], undefined],
    ]);
    expect(d.changed.map((c) => [c.before?.text, c.after?.text])).toEqual([
      ['[free, independent and pluralistic media]', '[free, independent, pluralistic and diverse media]'],
    ]);
    expect(d.changed[0]?.holders).toEqual({ before: ['G77', 'US'], after: ['G77', 'US'] });
  });

  it('reports sections whose state changed', () => {
    expect(d.sections.filter((s) => s.changed).map((s) => [s.id, s.before, s.after])).toEqual([
      ['C8', 'partly-bracketed', 'clean'],
    ]);
    expect(d.sections.find((s) => s.id === 'section-III')).toMatchObject({
      before: 'wholly-bracketed',
      after: 'wholly-bracketed',
    });
  });

  it('reports qualifiers and verb strengths added and removed, with locations', () => {
    expect(d.qualifiers.added.map((q) => [q.phrase, q.location.paragraph, q.location.line])).toEqual([
      ['in accordance with national legislation', 'C5/8', 28],
    ]);
    expect(d.qualifiers.removed.map((q) => [q.phrase, q.location.paragraph])).toEqual([
      ['in their respective roles and responsibilities', 'C8/10'],
    ]);
    expect(d.verbs.changed.map((v) => [v.from, v.to, v.kind, v.after.paragraph])).toEqual([
      ['shall', 'should', 'weakened', 'C1/7'],
    ]);
  });

  it('aligns renumbered paragraphs (a paragraph was inserted in C1)', () => {
    expect(d.summary.paragraphs).toMatchObject({ added: 1, removed: 0 });
    const unchangedC9 = d.unchanged
      .map((u) => after.brackets[u.new])
      .filter((b) => b?.section === after.sections.findIndex((s) => s.id === 'C9'));
    expect(unchangedC9.length).toBeGreaterThan(0);
  });
});

describe('diff of the first two versions, 17 April -> 28 May 2014', () => {
  const before = vision('04-17');
  const after = vision('05-28');
  const d = diffDrafts(before, after);

  it('sees the C1 title settled on the most recent agreed wording (Tunis 2005)', () => {
    expectComplete(d, before, after);
    const kept = d.resolvedKept.find((c) => c.before?.paragraph === 'C1/heading');
    const deleted = d.resolvedDeleted.find((c) => c.before?.paragraph === 'C1/heading');
    expect(kept?.after?.text).toBe('public governance authorities');
    expect(deleted?.before?.text).toBe('[governments]');
  });
});

describe('diff mechanics', () => {
  it('finds nothing between a draft and itself', () => {
    const v = vision('06-01');
    const d = diffDrafts(v, v);
    expect(d.unchanged).toHaveLength(v.brackets.length);
    expect([d.added, d.changed, d.resolvedKept, d.resolvedDeleted].flat()).toEqual([]);
    expect(d.sections.some((s) => s.changed)).toBe(false);
    expect(d.links.every((l) => l.old === l.new && !l.changed)).toBe(true);
  });

  it('calls a bracket rewritten in place changed, not deleted and added', () => {
    const d = diffDrafts(
      md('1. Reviewed [by 2020] in the light of the agenda.'),
      md('1. Reviewed [by 2030] in the light of the agenda.'),
    );
    expect(d.changed.map((c) => [c.before?.text, c.after?.text])).toEqual([['[by 2020]', '[by 2030]']]);
  });

  it('marks brackets put around agreed text as reopened', () => {
    const d = diffDrafts(
      md('1. Parties shall act in good faith.'),
      md('1. Parties [shall act] in good faith.'),
    );
    expect(d.added).toHaveLength(1);
    expect(d.added[0]).toMatchObject({ reopened: true, before: { text: 'shall act' } });
  });

  it('follows a paragraph moved to another section, brackets unchanged', () => {
    const a = md(
      '## C8. Culture\n\n1. Support [community radio] for local content.\n\n## C9. Media\n\n2. Media play a role.',
    );
    const b = md(
      '## C8. Culture\n\n1. Culture matters.\n\n## C9. Media\n\n2. Media play a role.\n\n3. Support [community radio] for local content.',
    );
    const d = diffDrafts(a, b);
    expect(d.unchanged).toHaveLength(1);
    expect(d.summary.paragraphs.moved).toBe(1);
  });

  it('keeps an unchanged parent unchanged when a nested bracket resolves', () => {
    const d = diffDrafts(md('1. [Parties [shall][should] cooperate.]'), md('1. [Parties should cooperate.]'));
    expect(d.unchanged).toHaveLength(1);
    expect(texts(d.resolvedKept, 'before')).toEqual(['[should]']);
    expect(texts(d.resolvedDeleted, 'before')).toEqual(['[shall]']);
  });

  it('chains versions through links: how long each bracket has survived', () => {
    const versions = ['04-17', '05-28', '05-29-v7', '05-30', '05-31', '06-01'].map((v) => vision(v));
    // Age in versions of every bracket of the latest draft.
    let age = new Map<number, number>((versions[0] as ParsedDraft).brackets.map((b) => [b.id, 1]));
    for (let k = 1; k < versions.length; k++) {
      const d = diffDrafts(versions[k - 1] as ParsedDraft, versions[k] as ParsedDraft);
      const next = new Map<number, number>();
      for (const l of d.links) next.set(l.new, Math.max(next.get(l.new) ?? 0, (age.get(l.old) ?? 0) + 1));
      for (const a of d.added) next.set(a.new as number, 1);
      age = next;
    }
    const last = versions[versions.length - 1] as ParsedDraft;
    const ageOf = (text: string) =>
      age.get(last.brackets.find((b) => last.text.slice(b.start, b.end).startsWith(text))?.id ?? -1);
    expect(ageOf('[Section III.')).toBe(6);
    expect(ageOf('[free, independent, pluralistic and diverse media]')).toBe(6);
    expect(ageOf('[by 2025]')).toBe(5);
    expect(ageOf('[, in accordance with national legislation]')).toBe(1);
  });
});

describe('the diff for people: both positions, and paragraphs outside brackets', () => {
  // Our own two versions: a paragraph inserted before paragraph 2 renumbers the rest, a bracket
  // is deleted in what becomes paragraph 3, and an agreed paragraph disappears.
  const before = md(
    [
      '## Action Line C9. Media',
      '',
      '1. Governments should respect the freedom of the press.',
      '',
      '2. Stakeholders should support community media [in rural areas] and local radio.',
      '',
      '3. Media should remain independent of any single owner or sponsor.',
      '',
      '4. [Training for journalists should be supported.]',
    ].join('\n'),
  );
  const after = md(
    [
      '## Action Line C9. Media',
      '',
      '1. Governments should respect the freedom of the press.',
      '',
      '2. Public broadcasters should receive stable and transparent funding.',
      '',
      '3. Stakeholders should support community media and local radio.',
      '',
      '4. [Training for journalists should be supported.]',
    ].join('\n'),
  );
  const d = diffDrafts(before, after);

  it('labels both positions of a deleted bracket: where it was, where its paragraph is now', () => {
    expect(d.resolvedDeleted.map((c) => [c.before?.text, c.was?.label, c.now?.label])).toEqual([
      ['[in rural areas]', 'C9 ¶2 line 5', 'C9 ¶3 line 7'],
    ]);
  });

  it('reports the new paragraph and the removed one, although neither holds a bracket', () => {
    expect(d.paragraphs.added.map((p) => [p.place.label, p.text])).toEqual([
      ['C9 ¶2 line 5', 'Public broadcasters should receive stable and transparent funding.'],
    ]);
    expect(d.paragraphs.removed.map((p) => p.place.label)).toEqual(['C9 ¶3 line 7']);
    expect(d.summary.paragraphs).toMatchObject({ addedUnbracketed: 1, removedUnbracketed: 1 });
  });

  it('gives an added bracket the place of its paragraph in the old version', () => {
    const later = md(
      [
        '## Action Line C9. Media',
        '',
        '1. Governments should respect the freedom of the [independent] press.',
        '',
        '2. Public broadcasters should receive stable and transparent funding.',
      ].join('\n'),
    );
    const e = diffDrafts(after, later);
    expect(e.added.map((c) => [c.was?.label, c.now?.label])).toEqual([['C9 ¶1 line 3', 'C9 ¶1 line 3']]);
    expect(e.sectionLabels.C9).toBe('C9');
  });

  it('keeps the fields the JSON had before (additions only)', () => {
    const item = d.resolvedDeleted[0];
    expect(Object.keys(item ?? {})).toEqual(
      expect.arrayContaining(['kind', 'old', 'new', 'before', 'after', 'holders', 'was', 'now']),
    );
    expect(Object.keys(d.summary.paragraphs)).toEqual(
      expect.arrayContaining(['matched', 'moved', 'added', 'removed']),
    );
  });
});
