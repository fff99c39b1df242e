import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeAddress, parseIp } from '../../src/jobs/ip-policy.js';

const v4 = (a: number, b: number, c: number, d: number) => `${a}.${b}.${c}.${d}`;
const octet = fc.integer({ min: 0, max: 255 });
/** The IPv4 address written as an IPv4-mapped IPv6 address in hex groups (::ffff:7f00:1). */
const mappedHex = (a: number, b: number, c: number, d: number) =>
  `::ffff:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;

describe('the address policy', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade-nat'],
    ['100.127.255.254', 'carrier-grade-nat'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:a00:1::1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001::1', 'reserved'],
    ['2001:db8::1', 'documentation'],
    ['not-an-ip', 'invalid'],
  ])('refuses %s (%s)', (address, risk) => {
    expect(judgeAddress(address)).toEqual({ allowed: false, risk });
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '156.106.192.1', // a public address of the kind a UN agency publishes from
    '172.32.0.1',
    '100.128.0.1',
    '169.255.0.1',
    '2001:4860:4860::8888',
    '2a00:1450:4001::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('allows the public address %s', (address) => {
    expect(judgeAddress(address)).toEqual({ allowed: true });
  });

  it('judges every IPv4-mapped and NAT64 form like the IPv4 address inside', () => {
    fc.assert(
      fc.property(octet, octet, octet, octet, (a, b, c, d) => {
        const plain = judgeAddress(v4(a, b, c, d));
        expect(judgeAddress(`::ffff:${v4(a, b, c, d)}`)).toEqual(plain);
        expect(judgeAddress(mappedHex(a, b, c, d))).toEqual(plain);
        expect(judgeAddress(`64:ff9b::${v4(a, b, c, d)}`)).toEqual(plain);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses every address in 10/8, 127/8, 169.254/16, 100.64/10 and 192.168/16', () => {
    fc.assert(
      fc.property(octet, octet, octet, fc.integer({ min: 64, max: 127 }), (b, c, d, cgnat) => {
        for (const address of [
          v4(10, b, c, d),
          v4(127, b, c, d),
          v4(169, 254, c, d),
          v4(100, cgnat, c, d),
          v4(192, 168, c, d),
        ]) {
          expect(judgeAddress(address).allowed).toBe(false);
        }
      }),
    );
  });

  it('refuses every ULA and link-local IPv6 address', () => {
    const group = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
    fc.assert(
      fc.property(fc.integer({ min: 0xfc00, max: 0xfdff }), group, group, (first, g2, g3) => {
        expect(judgeAddress(`${first.toString(16)}:${g2}::${g3}`).allowed).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0xfe80, max: 0xfebf }), group, (first, g) => {
        expect(judgeAddress(`${first.toString(16)}::${g}`)).toEqual({ allowed: false, risk: 'link-local' });
      }),
    );
  });

  it('parses IPv6 with compression and an IPv4 tail to 16 bytes, and never throws on junk', () => {
    expect(parseIp('::ffff:127.0.0.1')?.bytes).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 127, 0, 0, 1,
    ]);
    expect(parseIp('1::')?.bytes).toEqual([0, 1, ...new Array(14).fill(0)]);
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const verdict = judgeAddress(s);
        expect(typeof verdict.allowed).toBe('boolean');
      }),
    );
  });
});
