import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/core/schedule/clean.js';
import { extractClaims } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

/**
 * Markup left open on one long line: a page anyone can publish or mail to a list.
 * Each opener starts a rule that looks for its closing character; before the rules
 * became scanners, each opener re-read the rest of the line, so time grew with the
 * square of the line length (128 KB of "[" took 16 s).
 */
const OPENERS = ['[', '![', '<a', '<!--', '[x](', '![a](', '<https:x', '[a][', '<b ', '&#'];

/** One line of `size` characters: `opener` repeated, with a little filler mixed in. */
function hostileLine(opener: string, filler: string, size: number): string {
  const unit = opener + filler;
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/**
 * Fastest of up to `runs` calls of each function, in milliseconds, the two taking turns.
 * The machine is shared: other work only ever adds time, so the fastest run is the
 * steadiest figure, and taking turns exposes both to the same background load. Runs
 * slower than a second are already clear figures and are not repeated.
 */
function fastestOf(small: () => void, large: () => void, runs = 7): [number, number] {
  let best = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY] as [number, number];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    small();
    const t1 = performance.now();
    large();
    const t2 = performance.now();
    best = [Math.min(best[0], t1 - t0), Math.min(best[1], t2 - t1)];
    if (best[1] > 1000) break;
  }
  return best;
}

describe('text cleaning on hostile markup', () => {
  it('grows linearly: each doubling of an unclosed-markup line at most ~doubles the time', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPENERS), fc.constantFrom('', ' ', 'x', '-', '>'), (opener, filler) => {
        const small = hostileLine(opener, filler, 262_144);
        const large = hostileLine(opener, filler, 524_288);
        cleanText(hostileLine(opener, filler, 8_192), 0); // warm up the JIT before measuring
        // A stray pause of the shared machine can spoil one measurement, never three in a
        // row; a quadratic rule fails all three (and takes minutes at these sizes).
        let t1 = 0;
        let t2 = 0;
        for (let attempt = 0; attempt < 3; attempt++) {
          const [fast, slow] = fastestOf(
            () => cleanText(small, 0),
            () => cleanText(large, 0),
          );
          t1 = Math.max(fast, 5);
          t2 = slow;
          if (t2 / t1 < 3) break;
        }
        // Linear: ~2x. Quadratic: ~4x (and minutes at these sizes). 3x leaves room for a
        // busy machine. Both sizes are above V8's large-array threshold (~100,000
        // elements), so both pay the same rate per character.
        expect(
          t2 / t1,
          `${JSON.stringify(opener + filler)}: ${t1.toFixed(1)} ms -> ${t2.toFixed(1)} ms`,
        ).toBeLessThan(3);
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('parses 256 KB of unclosed "[" as a whole document in well under a second per 64 KB', () => {
    const text = '['.repeat(262_144);
    const start = performance.now();
    const { claims } = extractClaims(textDoc(text), source('b.md'));
    const elapsed = performance.now() - start;
    expect(claims.every((c) => c.dates === undefined)).toBe(true);
    // Quadratic cleaning took minutes here; linear takes well under 4 s even on a loaded machine.
    expect(elapsed).toBeLessThan(8_000);
  }, 60_000);

  it('still reads what the scanners replaced: links keep labels, comments and tags vanish', () => {
    const raw =
      'See [the agenda](https://x.example/a) <!-- draft --> <b>on</b> 3&nbsp;June ![logo](l.png) <br/>end';
    expect(cleanText(raw, 0).text).toBe('See the agenda  on 3 June  \nend');
    expect(cleanText('a <!--> b --> c', 0).text).toBe('a  c');
    expect(cleanText('[open and <!-- never closed', 0).text).toBe('[open and <!-- never closed');
  });
});

describe('a long programme of meetings', () => {
  /** `n` lines, each a meeting in a named city or a room alone, some "at the same time and place" as the one before. */
  const programme = (n: number) =>
    [
      'Programme of meetings',
      '',
      ...Array.from(
        { length: n },
        (_, i) =>
          `Committee ${i} meeting: ${1 + (i % 28)} May 2027, 10:00-12:00 ${i % 3 ? 'in Bonn' : `in Room ${i % 50}`}${i % 2 ? ', same time and place' : ''}`,
      ),
    ].join('\n');

  it('grows linearly with its lines: doubling them at most ~doubles the time', () => {
    const small = programme(600);
    const large = programme(1200);
    const read = (text: string) => () => extractClaims(textDoc(text, 'text'), source('programme.txt'));
    read(programme(50))(); // warm up the JIT before measuring
    let ratio = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      const [fast, slow] = fastestOf(read(small), read(large), 3);
      ratio = slow / Math.max(fast, 5);
      if (ratio < 3) break;
    }
    // Folding the whole document once per line (the place lookups), and looking for a room's
    // building over every venue, made this quadratic: ~4x.
    expect(ratio).toBeLessThan(3);
  }, 120_000);
});
