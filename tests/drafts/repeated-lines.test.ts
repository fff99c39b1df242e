import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBlank } from '../../src/core/drafts/leads.js';
import { RepeatedLines } from '../../src/core/drafts/line-gates.js';
import { denseDraft, generateDraft } from './generate.js';

/**
 * The count of repeated short lines (running headers of PDF-derived text) is kept by hash in
 * typed arrays; here it is checked against an exact count by folded string: digits, case and
 * runs of blanks folded, lines of 3 to 80 characters that do not start with "[".
 */

function fold(line: string): string {
  let out = '';
  let prev = '';
  for (const ch of line) {
    let c = ch;
    if (c >= '0' && c <= '9') c = '#';
    else if (c >= 'A' && c <= 'Z') c = c.toLowerCase();
    else if (c === '\t' || c === '\u00a0') c = ' ';
    if (c === prev && (c === '#' || c === ' ')) continue;
    prev = c;
    out += c;
  }
  return out;
}

/** Trimmed non-empty lines as the structure pass sees them, as [start, end) ranges. */
function lines(text: string): [number, number][] {
  const out: [number, number][] = [];
  let at = 0;
  while (at < text.length) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    let s = at;
    let e = nl;
    while (s < e && isBlank(text.charCodeAt(s))) s++;
    while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
    if (e > s) out.push([s, e]);
    at = nl + 1;
  }
  return out;
}

function agrees(text: string): void {
  const table = new RepeatedLines();
  table.addLines(text, 0, text.length);
  const exact = new Map<string, number>();
  const asked = lines(text).filter(([s, e]) => e - s >= 3 && e - s <= 80 && text.charCodeAt(s) !== 91);
  for (const [s, e] of asked) {
    const key = fold(text.slice(s, e));
    exact.set(key, (exact.get(key) ?? 0) + 1);
  }
  for (const [s, e] of asked) expect(table.countOf(text, s, e)).toBe(exact.get(fold(text.slice(s, e))));
}

const PIECES = [
  '\n',
  ' ',
  '  ',
  '\t',
  '\u00a0',
  'Page ',
  'PAGE',
  '3',
  '12',
  '007',
  ' of ',
  'Draft text',
  'draft TEXT',
  '[',
  ']',
  '- ',
  'x',
  '\u00e9',
  'Article 4',
  'FCCC/2012/1',
];

describe('RepeatedLines', () => {
  it('counts each short line as an exact count of folded lines does', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }), (parts) => agrees(parts.join(''))),
      { numRuns: 1500 },
    );
    agrees(denseDraft(60_000));
    agrees(generateDraft({ size: 60_000, brackets: 400, seed: 5 }).text);
  });

  it('finds a running header among varied lines', () => {
    const text =
      'Draft decision -/CP.30\nFirst line of text here.\nDraft decision -/CP.30\nOther text.\nDRAFT  decision -/CP.31\n';
    const table = new RepeatedLines();
    table.addLines(text, 0, text.length);
    const header = 'Draft decision -/CP.30';
    expect(table.countOf(text, 0, header.length)).toBe(3);
    const other = text.indexOf('First');
    expect(table.countOf(text, other, text.indexOf('\n', other))).toBe(1);
  });
});
