import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headersFrom } from '../../src/core/email/headers.js';
import {
  checkRoutes,
  type MailRoute,
  normaliseListId,
  routeInbound,
  routeListAddresses,
} from '../../src/core/email/routing.js';

const routes: MailRoute[] = [
  {
    tenant: 'civil-society',
    process: 'wsis-10',
    listIds: ['WSIS+10 civil society <WSIS.lists.example.org>'],
    listAddresses: ['wsis@lists.example.org'],
    addresses: ['rapporteur+wsis@bot.example.org'],
  },
  {
    tenant: 'civil-society',
    process: 'igf-2014',
    listIds: ['<igf.lists.example.net>'],
    listAddresses: ['IGF list <igf@lists.example.net>'],
  },
];

describe('normaliseListId', () => {
  it('reduces every common form to the bare, lower-cased identifier', () => {
    for (const form of [
      '<wsis.lists.example.org>',
      'WSIS+10 civil society <WSIS.lists.example.org>',
      '"WSIS+10 (civil society)" <wsis.lists.example.org>',
      'wsis.lists.example.org',
      '  wsis.lists.example.org  ',
      'WSIS list (archived) wsis.lists.example.org',
    ]) {
      expect(normaliseListId(form)).toBe('wsis.lists.example.org');
    }
    expect(normaliseListId('')).toBeUndefined();
    expect(normaliseListId('<>')).toBeUndefined();
    expect(normaliseListId('just words')).toBeUndefined();
  });

  it('is idempotent and never throws (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const id = normaliseListId(s);
        if (id !== undefined) expect(normaliseListId(id)).toBe(id);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('routeInbound', () => {
  it('routes by List-Id first, whatever the display text and the recipients say', () => {
    const headers = headersFrom({
      'List-Id': 'IGF 2014 <IGF.lists.example.net>',
      To: 'wsis@lists.example.org',
    });
    expect(routeInbound(headers, routes)).toEqual({
      tenant: 'civil-society',
      process: 'igf-2014',
      by: 'list-id',
      value: 'igf.lists.example.net',
    });
  });

  it('falls back to To, Cc, then the delivery headers of Bcc or forwarded mail', () => {
    expect(
      routeInbound(
        headersFrom({ To: 'Chair <chair@wsis.example.org>', Cc: 'WSIS <WSIS@lists.example.org>' }),
        routes,
      ),
    ).toMatchObject({
      process: 'wsis-10',
      by: 'address',
      value: 'wsis@lists.example.org',
    });
    expect(
      routeInbound(
        headersFrom({ To: 'undisclosed-recipients:;', 'Delivered-To': 'rapporteur+wsis@bot.example.org' }),
        routes,
      ),
    ).toMatchObject({
      process: 'wsis-10',
      value: 'rapporteur+wsis@bot.example.org',
    });
    expect(routeInbound(headersFrom({ To: 'igf@lists.example.net' }), routes)?.process).toBe('igf-2014');
  });

  it('returns undefined for mail that belongs to no process', () => {
    expect(
      routeInbound(
        headersFrom({ 'List-Id': '<other.lists.example.com>', To: 'someone@example.com' }),
        routes,
      ),
    ).toBeUndefined();
    expect(routeInbound(headersFrom({}), routes)).toBeUndefined();
  });
});

describe('route tables', () => {
  it('lists every list posting address, normalised', () => {
    expect(routeListAddresses(routes)).toEqual(['wsis@lists.example.org', 'igf@lists.example.net']);
  });

  it('reports unreadable entries and the same list claimed by two processes', () => {
    const problems = checkRoutes([
      ...routes,
      {
        tenant: 'other',
        process: 'copy',
        listIds: ['wsis.lists.example.org', '<>'],
        addresses: ['not-an-address'],
      },
    ]);
    expect(problems.map((p) => [p.code, p.route])).toEqual([
      ['route.duplicate', 2],
      ['route.invalid-list-id', 2],
      ['route.invalid-address', 2],
    ]);
    expect(problems[0]?.message).toContain('civil-society/wsis-10');
    expect(checkRoutes(routes)).toEqual([]);
  });
});
