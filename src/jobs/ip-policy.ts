import { isIP } from 'node:net';

/**
 * Which network addresses a watcher may connect to. Watched URLs come from users, so a URL
 * must not make the server reach into its own network (server-side request forgery): the
 * loopback interface, private and carrier-grade NAT ranges, link-local addresses and the
 * cloud metadata endpoints that hand out credentials. The check runs on the addresses a name
 * resolves to (and on every redirect), and IPv6 forms that embed an IPv4 address are judged by
 * the IPv4 address inside.
 */

/** Why an address is refused. */
export type AddressRisk =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'carrier-grade-nat'
  | 'link-local'
  | 'metadata'
  | 'multicast'
  | 'reserved'
  | 'documentation'
  | 'invalid';

/** The verdict on one address. */
export type AddressVerdict = { allowed: true } | { allowed: false; risk: AddressRisk };

/** Parses an IPv4 or IPv6 address (IPv6 zone ids are dropped) into its bytes. */
export function parseIp(text: string): { version: 4 | 6; bytes: number[] } | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const noZone = bare.split('%')[0] as string;
  const version = isIP(noZone);
  if (version === 4) return { version: 4, bytes: noZone.split('.').map(Number) };
  if (version !== 6) return undefined;
  let head = noZone;
  let tail: number[] = [];
  // An embedded dotted IPv4 tail (::ffff:127.0.0.1) stands for the last two groups.
  const lastColon = head.lastIndexOf(':');
  const maybeV4 = head.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    tail = maybeV4.split('.').map(Number);
    head = `${head.slice(0, lastColon + 1)}0:0`;
  }
  const [left, right] = head.includes('::') ? (head.split('::') as [string, string]) : [head, undefined];
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => Number.parseInt(g, 16)));
  const l = groups(left);
  const r = right === undefined ? [] : groups(right);
  const fill = right === undefined ? [] : new Array(8 - l.length - r.length).fill(0);
  const all = [...l, ...fill, ...r];
  if (all.length !== 8) return undefined;
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return { version: 6, bytes };
}

type Range4 = { base: [number, number, number, number]; bits: number; risk: AddressRisk };

const V4_RANGES: Range4[] = [
  { base: [169, 254, 169, 254], bits: 32, risk: 'metadata' },
  { base: [100, 100, 100, 200], bits: 32, risk: 'metadata' },
  { base: [0, 0, 0, 0], bits: 8, risk: 'unspecified' },
  { base: [10, 0, 0, 0], bits: 8, risk: 'private' },
  { base: [100, 64, 0, 0], bits: 10, risk: 'carrier-grade-nat' },
  { base: [127, 0, 0, 0], bits: 8, risk: 'loopback' },
  { base: [169, 254, 0, 0], bits: 16, risk: 'link-local' },
  { base: [172, 16, 0, 0], bits: 12, risk: 'private' },
  { base: [192, 0, 0, 0], bits: 24, risk: 'reserved' },
  { base: [192, 0, 2, 0], bits: 24, risk: 'documentation' },
  { base: [192, 88, 99, 0], bits: 24, risk: 'reserved' },
  { base: [192, 168, 0, 0], bits: 16, risk: 'private' },
  { base: [198, 18, 0, 0], bits: 15, risk: 'reserved' },
  { base: [198, 51, 100, 0], bits: 24, risk: 'documentation' },
  { base: [203, 0, 113, 0], bits: 24, risk: 'documentation' },
  { base: [224, 0, 0, 0], bits: 4, risk: 'multicast' },
  { base: [240, 0, 0, 0], bits: 4, risk: 'reserved' },
];

function inPrefix(bytes: readonly number[], base: readonly number[], bits: number): boolean {
  for (let i = 0; i < base.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((base[i] ?? 0) & mask)) return false;
  }
  return true;
}

function judgeV4(bytes: readonly number[]): AddressVerdict {
  for (const range of V4_RANGES) {
    if (inPrefix(bytes, range.base, range.bits)) return { allowed: false, risk: range.risk };
  }
  return { allowed: true };
}

const hex = (s: string) => parseIp(s)?.bytes ?? [];

type Range6 = { base: number[]; bits: number; risk: AddressRisk | 'embedded-v4' | 'six-to-four' };

const V6_RANGES: Range6[] = [
  { base: hex('::'), bits: 128, risk: 'unspecified' },
  { base: hex('::1'), bits: 128, risk: 'loopback' },
  { base: hex('fd00:ec2::254'), bits: 128, risk: 'metadata' },
  { base: hex('::ffff:0:0'), bits: 96, risk: 'embedded-v4' },
  { base: hex('::'), bits: 96, risk: 'embedded-v4' },
  { base: hex('64:ff9b::'), bits: 96, risk: 'embedded-v4' },
  { base: hex('64:ff9b:1::'), bits: 48, risk: 'private' },
  { base: hex('100::'), bits: 64, risk: 'reserved' },
  { base: hex('2001:db8::'), bits: 32, risk: 'documentation' },
  // Teredo tunnels to an address hidden in the rest of the address: refuse outright.
  { base: hex('2001::'), bits: 32, risk: 'reserved' },
  { base: hex('2002::'), bits: 16, risk: 'six-to-four' },
  { base: hex('fc00::'), bits: 7, risk: 'private' },
  { base: hex('fe80::'), bits: 10, risk: 'link-local' },
  { base: hex('fec0::'), bits: 10, risk: 'private' },
  { base: hex('ff00::'), bits: 8, risk: 'multicast' },
];

/** Judges one literal address (IPv4, IPv6, bracketed IPv6 or IPv6 with a zone id). */
export function judgeAddress(address: string): AddressVerdict {
  const ip = parseIp(address);
  if (!ip) return { allowed: false, risk: 'invalid' };
  if (ip.version === 4) return judgeV4(ip.bytes);
  for (const range of V6_RANGES) {
    if (!inPrefix(ip.bytes, range.base, range.bits)) continue;
    if (range.risk === 'embedded-v4') return judgeV4(ip.bytes.slice(12));
    if (range.risk === 'six-to-four') return judgeV4(ip.bytes.slice(2, 6));
    return { allowed: false, risk: range.risk };
  }
  return { allowed: true };
}

/** Words for a refused address, for the watch's error. */
export function describeRisk(risk: AddressRisk): string {
  switch (risk) {
    case 'unspecified':
      return 'an unspecified address';
    case 'loopback':
      return 'a loopback address (this machine)';
    case 'private':
      return 'a private network address';
    case 'carrier-grade-nat':
      return 'a carrier-grade NAT address';
    case 'link-local':
      return 'a link-local address';
    case 'metadata':
      return 'a cloud metadata address';
    case 'multicast':
      return 'a multicast address';
    case 'reserved':
      return 'a reserved address';
    case 'documentation':
      return 'a documentation-only address';
    default:
      return 'not a valid address';
  }
}
