import { describe, expect, it } from 'vitest';
import { effectiveFrom, retimingIn } from '../../src/core/schedule/change-statements.js';
import { extractClaims } from '../../src/core/schedule/index.js';
import { findTimes } from '../../src/core/schedule/times.js';
import { source, textDoc } from './helpers.js';

const claimsIn = (text: string, type: 'markdown' | 'text' = 'markdown') =>
  extractClaims(
    textDoc(text, type, { name: 'note.txt' }),
    source('note.txt', { seenAt: '2026-05-01T08:00:00Z' }),
  ).claims;

describe('the stamp of a post in a thread', () => {
  it('never dates the sentence written under it', () => {
    const claims = claimsIn(
      '# Fix the clash with the design review\n\nalice · comment · 2025-03-04\nI moved the editors call back an hour to 4pm CET (instead of the usual 3pm CET).\n',
      'markdown',
    );
    expect(claims.filter((c) => c.dates?.value.start === '2025-03-04')).toEqual([]);
  });
});

describe('the first meeting under a new time', () => {
  it('is the day the new time takes effect, with the new start and the old one kept', () => {
    const [c, ...rest] = claimsIn(
      '# Fix the clash with the design review\n\nalice · comment · 2025-03-04\nI moved the editors call back an hour to 4pm CET (instead of the usual 3pm CET).\n\nThis new time starts with the next call on March 18.\n',
    );
    expect(rest).toEqual([]);
    expect(c?.dates?.value).toEqual({ start: '2025-03-18', end: '2025-03-18' });
    expect(c?.sessions.map((s) => s.start)).toEqual(['16:00']);
    expect(c?.correction?.value).toBe('rescheduled');
    expect(c?.changedFrom?.value).toEqual({ start: '15:00' });
  });
  it('is not read from a question', () => {
    const said = 'The new time starts with the next call on 18 March.';
    const asked = 'Should the new time start with the next call on 18 March?';
    expect(effectiveFrom(said, said.indexOf('18 March'))).toBe(true);
    expect(effectiveFrom(asked, asked.indexOf('18 March'))).toBe(false);
  });
});

describe('the date header of a forwarded mail', () => {
  it('dates the mail, not a meeting, even when quoted inside a paragraph', () => {
    const claims = claimsIn(
      '[list] Fwd: Plenary agenda\nFyi\nForwarded message:\n> From: The Secretariat <sec@example.org>\n> Subject: Plenary agenda\n> Date: Thu, 12 Mar 2020 11:34:54 -0700\n>\n> We have drawn up a new agenda because the in-person\n> meeting was cancelled.\n',
      'text',
    );
    expect(claims.filter((c) => c.dates?.value.start === '2020-03-12')).toEqual([]);
  });
});

describe('a sentence that re-times the meeting', () => {
  it('reads "will change from 16:00 to 15:00" as the new start, the old one kept as what changed', () => {
    const [c, ...rest] = claimsIn(
      "Harbour committee notice\n\nPlease note that the committee meeting's start will change from 16:00 to 15:00.\n\nThe meeting will take place on Tuesday 9 June 2026 in Room 4, as set out in the order of 2 February 2024.\n",
    );
    expect(rest).toEqual([]);
    expect(c?.dates?.value).toEqual({ start: '2026-06-09', end: '2026-06-09' });
    expect(c?.sessions.map((s) => s.start)).toEqual(['15:00']);
    expect(c?.correction?.value).toBe('rescheduled');
    expect(c?.changedFrom?.value).toEqual({ start: '16:00' });
  });
  it('reads "now starts at 15:00" as a re-timing of the day already given', () => {
    const [c] = claimsIn(
      'Harbour committee notice\n\nThe committee meeting will take place on Tuesday 9 June 2026 in Room 4. The meeting now starts at 15:00.\n',
    );
    expect(c?.sessions.map((s) => s.start)).toEqual(['15:00']);
    expect(c?.correction?.value).toBe('rescheduled');
  });
  it('reads "to 4pm (instead of the usual 3pm)" as new and old starts', () => {
    const text = 'I moved the editors call back an hour to 4pm CET (instead of the usual 3pm CET).';
    const times = findTimes(text).mentions;
    const r = retimingIn(text, times);
    expect(r?.to.text).toBe('4pm');
    expect(r?.from?.text).toBe('3pm');
  });
  it('takes a question for no decision', () => {
    const text = 'Should we change the call from 16:00 to 15:00?';
    expect(retimingIn(text, findTimes(text).mentions)).toBeUndefined();
  });
  it('leaves a plain time range alone', () => {
    const text = 'The call runs from 16:00 to 17:00.';
    expect(retimingIn(text, findTimes(text).mentions)).toBeUndefined();
  });
});
