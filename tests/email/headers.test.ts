import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeEncodedWords,
  headerValue,
  headerValues,
  isMailAddress,
  normaliseAddress,
  parseAddressList,
  parseContentType,
  parseHeaderBlock,
} from '../../src/core/email/headers.js';

const invitation = [
  'Return-Path: <secretariat@wsis.example.org>',
  'Received: from mx.example.org by lists.example.org;',
  '\tTue, 3 Jun 2014 17:05:01 +0200',
  'From: "MPP Secretariat" <secretariat@wsis.example.org>',
  'To: wsis@lists.example.org',
  'Subject: =?UTF-8?Q?Invitation=3A_sixth_MPP_meeting=2C_9_June_=E2=80=93_Whit_Monday?=',
  'List-Id: WSIS+10 civil society <wsis.lists.example.org>',
  'Received: from client by mx.example.org; Tue, 3 Jun 2014 17:05:00 +0200',
  '',
  'Dear colleagues, the sixth meeting will take place on 9 June from 14:00.',
].join('\r\n');

describe('parseHeaderBlock', () => {
  it('reads fields by lower-cased name, unfolds continuation lines and finds the body', () => {
    const { headers, bodyOffset, diagnostics } = parseHeaderBlock(invitation);
    expect(diagnostics).toEqual([]);
    expect(headerValue(headers, 'FROM')).toBe('"MPP Secretariat" <secretariat@wsis.example.org>');
    expect(headerValues(headers, 'received')).toEqual([
      'from mx.example.org by lists.example.org;\tTue, 3 Jun 2014 17:05:01 +0200',
      'from client by mx.example.org; Tue, 3 Jun 2014 17:05:00 +0200',
    ]);
    expect(invitation.slice(bodyOffset)).toBe(
      'Dear colleagues, the sixth meeting will take place on 9 June from 14:00.',
    );
  });

  it('gives byte offsets for byte input, and decodes UTF-8 or, failing that, Windows-1252', () => {
    const utf8 = new TextEncoder().encode('Subject: Réunion à Genève\n\nbody');
    const parsed = parseHeaderBlock(utf8);
    expect(headerValue(parsed.headers, 'subject')).toBe('Réunion à Genève');
    expect(new TextDecoder().decode(utf8.subarray(parsed.bodyOffset))).toBe('body');
    const latin1 = Uint8Array.from(
      [...'Subject: Gen', 0xe8, ...'ve\r\n\r\n'].map((c) => (typeof c === 'number' ? c : c.charCodeAt(0))),
    );
    expect(headerValue(parseHeaderBlock(latin1).headers, 'subject')).toBe('Genève');
  });

  it('skips an mbox From line, malformed lines and orphan continuations with diagnostics', () => {
    const { headers, diagnostics } = parseHeaderBlock(
      'From secretariat@wsis.example.org Tue Jun  3 17:05:00 2014\n  orphan\nnot a header\nBad Name: x\nTo: a@example.org\n\n',
    );
    expect(headerValue(headers, 'to')).toBe('a@example.org');
    expect(diagnostics.map((d) => d.code)).toEqual([
      'header.mbox-from',
      'header.orphan-continuation',
      'header.malformed',
      'header.malformed',
    ]);
  });

  it('stays bounded on hostile input: no end of headers, and too many fields', () => {
    const endless = `X-Junk: ${'a'.repeat(5_000_000)}`;
    const t0 = performance.now();
    const big = parseHeaderBlock(endless);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(big.diagnostics.map((d) => d.code)).toContain('header.too-large');
    expect(big.bodyOffset).toBeUndefined();

    const many = `${'X-A: 1\n'.repeat(50_000)}\n`;
    const parsed = parseHeaderBlock(many, { maxHeaderBytes: 1_000_000, maxFields: 100 });
    expect(headerValues(parsed.headers, 'x-a')).toHaveLength(100);
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['header.too-many-fields']);
  });

  it('never throws and never leaves a line break in a value (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.uint8Array({ maxLength: 400 })), (input) => {
        const { headers, bodyOffset } = parseHeaderBlock(input);
        for (const values of headers.values()) for (const v of values) expect(v).not.toMatch(/\n/);
        if (bodyOffset !== undefined) expect(bodyOffset).toBeLessThanOrEqual(input.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives back every field after folding at arbitrary spaces (property)', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/);
    const word = fc.stringMatching(/^[\x21-\x7e]{1,12}$/);
    const value = fc.array(word, { minLength: 1, maxLength: 8 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(name, value, fc.boolean()), { minLength: 1, maxLength: 10 }),
        (fields) => {
          const text = fields
            .map(([n, v, fold]) => `${n}: ${fold ? v.replace(/ /g, '\r\n ') : v}`)
            .join('\r\n')
            .concat('\r\n\r\nbody');
          const { headers, diagnostics } = parseHeaderBlock(text);
          expect(diagnostics).toEqual([]);
          for (const [n, v] of fields) expect(headerValues(headers, n)).toContain(v);
        },
      ),
    );
  });
});

describe('decodeEncodedWords', () => {
  it('decodes Q and B words, joins adjacent words and keeps plain text around them', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?Invitation=3A_sixth_MPP_meeting?=')).toBe(
      'Invitation: sixth MPP meeting',
    );
    expect(decodeEncodedWords('Re: =?ISO-8859-1?Q?Gen=E8ve?= =?UTF-8?B?4oCT?= draft')).toBe(
      'Re: Genève– draft',
    );
    expect(decodeEncodedWords('=?utf-8*fr?q?r=C3=A9union?=')).toBe('réunion');
  });

  it('keeps words of unknown charsets and non-words as written', () => {
    expect(decodeEncodedWords('=?x-unknown?Q?abc?= and =?broken')).toBe('=?x-unknown?Q?abc?= and =?broken');
  });

  it('round-trips any text split into encoded words at any byte (property)', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        (text, chunk, useB) => {
          const bytes = encoder.encode(text);
          const words: string[] = [];
          for (let i = 0; i < bytes.length; i += chunk) {
            const part = bytes.subarray(i, i + chunk);
            const encoded = useB
              ? Buffer.from(part).toString('base64')
              : [...part].map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
            words.push(`=?UTF-8?${useB ? 'B' : 'Q'}?${encoded}?=`);
          }
          expect(decodeEncodedWords(words.join(' '))).toBe(text);
        },
      ),
    );
  });
});

describe('parseAddressList', () => {
  it('reads display names, quoted names with commas, comments, groups and bare addresses', () => {
    expect(
      parseAddressList(
        '"Chair, MPP" <chair@wsis.example.org>, secretariat@wsis.example.org (Secretariat), Delegations: us@example.gov, g77@example.org;, <>',
      ),
    ).toEqual([
      { name: 'Chair, MPP', address: 'chair@wsis.example.org' },
      { name: 'Secretariat', address: 'secretariat@wsis.example.org' },
      { address: 'us@example.gov' },
      { address: 'g77@example.org' },
      { address: '' },
    ]);
    expect(parseAddressList('=?UTF-8?Q?Secr=C3=A9tariat?= <sec@example.org>')).toEqual([
      { name: 'Secrétariat', address: 'sec@example.org' },
    ]);
    expect(parseAddressList('undisclosed-recipients:;')).toEqual([]);
  });

  it('never throws on garbage (property) and round-trips quoted names (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => void parseAddressList(s)),
      { numRuns: 2000 },
    );
    const local = fc.stringMatching(/^[a-z0-9][a-z0-9.+_-]{0,15}$/);
    const domain = fc.stringMatching(/^[a-z0-9]{1,10}(\.[a-z0-9]{1,8}){1,2}$/);
    const name = fc
      .string({ minLength: 1, maxLength: 20 })
      .filter((n) => n.trim() === n && !/[\r\n]/.test(n));
    fc.assert(
      fc.property(fc.array(fc.tuple(name, local, domain), { minLength: 1, maxLength: 5 }), (list) => {
        const header = list
          .map(([n, l, d]) => `"${n.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}" <${l}@${d}>`)
          .join(', ');
        expect(parseAddressList(header)).toEqual(
          list.map(([n, l, d]) => ({ name: n, address: `${l}@${d}` })),
        );
      }),
    );
  });
});

describe('address helpers', () => {
  it('normalises for comparison and rejects addresses that could break a header', () => {
    expect(normaliseAddress(' <Chair@WSIS.Example.org> ')).toBe('chair@wsis.example.org');
    expect(isMailAddress('chair@wsis.example.org')).toBe(true);
    expect(isMailAddress('rapporteur+wsis@lists.example.org')).toBe(true);
    for (const bad of [
      '',
      'chair',
      'a@b@c',
      'a b@example.org',
      'a@example.org\r\nBcc: x@evil.test',
      'a@-bad.org',
      '<a@b.org>',
    ]) {
      expect(isMailAddress(bad)).toBe(false);
    }
  });

  it('parses content types with parameters and falls back to text/plain', () => {
    expect(parseContentType('multipart/report; report-type="delivery-status"; boundary=abc')).toEqual({
      mediaType: 'multipart/report',
      params: { 'report-type': 'delivery-status', boundary: 'abc' },
    });
    expect(parseContentType('garbage').mediaType).toBe('text/plain');
    expect(parseContentType(undefined).mediaType).toBe('text/plain');
  });
});
