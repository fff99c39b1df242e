import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RapporteurError } from '../../src/core/errors.js';
import { slugOf } from '../../src/core/store.js';
import { encodeJson, instant, localDate, readInstant, sha256Hex } from '../../src/store/codec.js';

/** An oracle written apart from the implementation: what both databases can store unchanged. */
function plain(value: unknown, seen = new Set<unknown>()): boolean {
  const goodText = (s: string) =>
    !s.includes('\u0000') &&
    !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'string') return goodText(value);
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++)
        if (!(i in value) || value[i] === undefined || !plain(value[i], seen)) return false;
      return true;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    // A key whose value is undefined is left out of JSON, so its text is never stored.
    return Object.entries(value).every(([k, v]) => v === undefined || (goodText(k) && plain(v, seen)));
  } finally {
    seen.delete(value);
  }
}

describe('encodeJson', () => {
  it('accepts exactly the plain values and never fails in any other way (property)', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
          withObjectString: true,
          withSparseArray: true,
          withTypedArray: true,
          withUnicodeString: true,
          maxDepth: 4,
        }),
        (value) => {
          let out: string | undefined;
          try {
            out = encodeJson('value', value);
          } catch (err) {
            expect(err).toBeInstanceOf(RapporteurError);
            expect((err as RapporteurError).code).toBe('INVALID_ARGUMENT');
            expect(plain(value)).toBe(false);
            return;
          }
          expect(plain(value)).toBe(true);
          expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(value)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('tells an escaped backslash from a forbidden escape', () => {
    expect(JSON.parse(encodeJson('v', { text: 'C:\\u0000 is not a NUL' }))).toEqual({
      text: 'C:\\u0000 is not a NUL',
    });
    expect(() => encodeJson('v', { text: '\\\u0000' })).toThrow(/U\+0000/);
    expect(() => encodeJson('v', ['\uDC00'])).toThrow(/unpaired surrogate/);
    expect(JSON.parse(encodeJson('v', ['\uD83D\uDE00 emoji']))).toEqual(['\uD83D\uDE00 emoji']);
  });

  it('refuses deep nesting and cycles with a clear reason', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => encodeJson('v', deep)).toThrow(/nested too deeply|not plain JSON/);
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(() => encodeJson('v', cycle)).toThrow(/circular/);
  });
});

describe('instants and dates', () => {
  it('normalises any valid instant to fixed-width UTC text (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, offsetMinutes) => {
          expect(instant('t', date)).toBe(date.toISOString());
          // The same instant written with an offset.
          const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
          const sign = offsetMinutes >= 0 ? '+' : '-';
          const abs = Math.abs(offsetMinutes);
          const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          if (/^\d{4}-/.test(text)) expect(instant('t', text)).toBe(date.toISOString());
          expect(instant('t', date)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        },
      ),
    );
  });

  it('refuses anything else with INVALID_ARGUMENT, never a crash (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        try {
          const out = instant('t', s);
          expect(out).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        } catch (err) {
          expect((err as RapporteurError).code).toBe('INVALID_ARGUMENT');
        }
      }),
    );
    for (const bad of ['2014-06-09', '9 June 2014', '2014-06-09T14:00', '2014-13-01T00:00:00Z', '']) {
      expect(() => instant('t', bad), bad).toThrow(RapporteurError);
    }
    expect(() => localDate('d', '2014-02-29')).toThrow(/YYYY-MM-DD/);
    expect(localDate('d', '2016-02-29')).toBe('2016-02-29');
    expect(sha256Hex('h', 'A'.repeat(64))).toBe('a'.repeat(64));
  });
});

describe('slugOf', () => {
  it('gives a stable handle of letters, digits and single dashes (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (name) => {
        const slug = slugOf(name);
        expect(slug.length).toBeLessThanOrEqual(80);
        expect(slug).not.toMatch(/^-|-$|--/);
        expect(slugOf(slug)).toBe(slug);
      }),
      { numRuns: 2000 },
    );
    expect(slugOf('WSIS+10 Vision')).toBe('wsis-10-vision');
    expect(slugOf('Action Line C5: Building confidence')).toBe('action-line-c5-building-confidence');
    expect(slugOf('Déclaration de Genève')).toBe('declaration-de-geneve');
    expect(slugOf('رؤية القمة العالمية')).toBe('روية-القمة-العالمية');
    expect(slugOf('***')).toBe('');
  });
});

describe('readInstant', () => {
  it('reads back what instant wrote, and normalises every other form a column may hold', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (d) => {
          const stored = instant('at', d);
          expect(readInstant(stored)).toBe(d.toISOString());
          expect(readInstant(d)).toBe(d.toISOString());
        },
      ),
    );
    expect(readInstant('2014-06-03 16:00:00+02:00')).toBe('2014-06-03T14:00:00.000Z');
    expect(readInstant('2014-06-03T14:00:00Z')).toBe('2014-06-03T14:00:00.000Z');
    expect(readInstant('2014-06-03T14:00:00.000+00:00')).toBe('2014-06-03T14:00:00.000Z');
  });
});
