import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PartyAliases } from '../../src/core/documents/aliases.js';
import { TextBuilder } from '../../src/core/documents/builder.js';
import { formatNumber } from '../../src/core/documents/docx-numbering.js';
import { makeDocx } from '../helpers/make-docx.js';
import { extract } from './helpers.js';

describe('party aliases', () => {
  const aliases = new PartyAliases();

  it('normalises spellings of the same party', () => {
    for (const text of [
      'US: delete',
      'USA: delete',
      'U.S.: delete',
      'U.S: delete',
      'United States: delete',
      '[US: delete]',
    ]) {
      expect(aliases.holdersOf(text), text).toEqual(['US']);
    }
    for (const text of [
      'G77: retain',
      'G-77: retain',
      'G77 and China: retain',
      'G-77/China: retain',
      'Group of 77 and China: retain',
    ]) {
      expect(aliases.holdersOf(text), text).toEqual(['G77']);
    }
    expect(aliases.holdersOf('European Union: add "as appropriate"')).toEqual(['EU']);
    expect(aliases.holdersOf('Russian Federation: bracket')).toEqual(['Russia']);
  });

  it('reads several parties and unknown group codes, but not ordinary words', () => {
    expect(aliases.holdersOf('EU, Norway and Switzerland: support')).toEqual(['EU', 'Norway', 'Switzerland']);
    expect(aliases.holdersOf('CARICOM: reserve')).toEqual(['CARICOM']);
    expect(aliases.holdersOf('Note: check the Tunis text')).toEqual([]);
    expect(aliases.holdersOf('NB: check the Tunis text')).toEqual([]);
    expect(aliases.holdersOf('Delete this paragraph.')).toEqual([]);
    expect(aliases.holdersOf('EU and some others: support')).toEqual([]);
  });

  it('takes a deployment’s own table', async () => {
    const custom = new PartyAliases({ IGF: ['Internet Governance Forum', 'MAG'] });
    expect(custom.holdersOf('MAG: noted')).toEqual(['IGF']);
    expect(custom.lookup('United States')).toBeUndefined();
    const doc = await extract(
      makeDocx({
        body: [{ pieces: [{ commented: ['the Forum'], comment: 1 }] }],
        comments: [{ id: 1, author: 'Secretariat', text: 'Internet Governance Forum: welcome' }],
      }),
      'igf.docx',
      { partyAliases: { IGF: ['Internet Governance Forum'] } },
    );
    expect(doc.comments[0]?.holders).toEqual(['IGF']);
  });
});

describe('Word number formats', () => {
  it('formats counters as Word shows them', () => {
    expect(
      ['decimal', 'lowerLetter', 'upperLetter', 'lowerRoman', 'upperRoman', 'decimalZero', 'ordinal'].map(
        (f) => formatNumber(4, f),
      ),
    ).toEqual(['4', 'd', 'D', 'iv', 'IV', '04', '4th']);
    expect(formatNumber(27, 'lowerLetter')).toBe('aa');
    expect(formatNumber(1994, 'upperRoman')).toBe('MCMXCIV');
    expect(formatNumber(12, 'ordinal')).toBe('12th');
    expect(formatNumber(22, 'ordinal')).toBe('22nd');
    expect(formatNumber(3, 'decimalEnclosedCircle')).toBe('③');
  });
});

describe('TextBuilder', () => {
  it('keeps every block a verbatim range and resolves marks into it (property)', () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('append' as const), s: fc.string({ maxLength: 8 }) }),
      fc.record({ t: fc.constant('mark' as const) }),
      fc.record({ t: fc.constant('end' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const b = new TextBuilder();
        const marks: ReturnType<TextBuilder['mark']>[] = [];
        for (const o of ops) {
          if (o.t === 'append') b.append(o.s);
          else if (o.t === 'mark') marks.push(b.mark());
          else b.end('paragraph');
        }
        const { text, blocks } = b.finish();
        for (const block of blocks) {
          expect(text.slice(block.offset, block.offset + block.text.length)).toBe(block.text);
          expect(block.text).toBe(block.text.trim());
          expect(block.text.length).toBeGreaterThan(0);
        }
        for (let i = 1; i < marks.length; i++) {
          const a = marks[i - 1];
          const c = marks[i];
          if (!a || !c) continue;
          const anchor = b.anchor(a, c);
          expect(text.slice(anchor.start, anchor.end)).toBe(anchor.text);
          expect(anchor.start).toBeLessThanOrEqual(anchor.end);
          expect(anchor.end).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
