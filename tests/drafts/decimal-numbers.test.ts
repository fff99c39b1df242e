import { describe, expect, it } from 'vitest';
import { draftStatus, parseDraftText } from '../../src/core/drafts/index.js';

/**
 * Drafts numbered by clause ("3.1", "3.2", "13.2 bis") and drafts whose short lines repeat
 * from article to article. Such lines are the draft's own paragraphs: they are numbered,
 * counted and never taken for a PDF's running header. Our own text.
 */
const lines = (...l: string[]) => l.join('\n');

describe('decimal paragraph numbers', () => {
  const text = lines(
    'Article 3',
    '',
    '3.1 Members shall [share] data.',
    '3.2 Members [should] report.',
    '3.2 bis. Members may [assist] others.',
    '3.3 Option 1: Members [shall] act.',
    '3.3 Option 2: Members [may] act.',
    '',
    'Article 4',
    '',
    '4.1 Members shall [share] data.',
    '4.2 Members [should] report.',
    '',
    'Article 5',
    '',
    '5.1 Members shall [share] data.',
    '5.2 Members [should] report.',
  );
  const draft = parseDraftText(text, 'text');

  it('makes each numbered clause its own paragraph, with its number and option', () => {
    expect(draft.paragraphs.filter((p) => p.kind === 'body').map((p) => [p.number, p.option ?? ''])).toEqual([
      ['3.1', ''],
      ['3.2', ''],
      ['3.2 bis', ''],
      ['3.3', 'Option 1'],
      ['3.3', 'Option 2'],
      ['4.1', ''],
      ['4.2', ''],
      ['5.1', ''],
      ['5.2', ''],
    ]);
  });

  it('counts the words of clauses that repeat in every article, not as page furniture', () => {
    expect(draft.paragraphs.some((p) => p.kind === 'furniture')).toBe(false);
    const status = draftStatus(draft);
    expect(status.sections.map((s) => s.words.total)).toEqual([17, 7, 7]);
  });

  it('reads "1.5 degrees" at the start of a wrapped line as text, not a number', () => {
    const d = parseDraftText(
      lines('Members aim to hold warming below', '1.5 degrees [above] earlier levels.'),
      'text',
    );
    expect(d.paragraphs.map((p) => p.number)).toEqual([undefined]);
  });
});

describe('running headers still go', () => {
  it('drops a short title line repeated on every page, but keeps repeated sentences', () => {
    const page = (n: number) =>
      lines(
        'Draft text of the fisheries committee',
        '',
        `${n}. Members [shall] report.`,
        '',
        'Members shall report on progress.',
        '',
      );
    const d = parseDraftText([1, 2, 3, 4].map(page).join('\n'), 'text');
    const furniture = d.paragraphs
      .filter((p) => p.kind === 'furniture')
      .map((p) => d.text.slice(p.start, p.end));
    expect(new Set(furniture)).toEqual(new Set(['Draft text of the fisheries committee']));
    expect(
      d.paragraphs.filter((p) => d.text.slice(p.start, p.end) === 'Members shall report on progress.'),
    ).toHaveLength(4);
  });
});
