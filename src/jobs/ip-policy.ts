import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

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
  const address = parseAddress(text);
  if (!address) return undefined;
  return { version: address.kind() === 'ipv4' ? 4 : 6, bytes: address.toByteArray() };
}

/**
 * The address, parsed by ipaddr.js after node's strict check: ipaddr.js alone also takes the
 * loose IPv4 forms (`127.1`, `0x7f.0.0.1`) that no resolver returns and that are easy to misjudge.
 */
function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const noZone = bare.split('%')[0] as string;
  const version = isIP(noZone);
  if (version === 4) return ipaddr.IPv4.parse(noZone);
  if (version === 6) return ipaddr.IPv6.parse(noZone);
  return undefined;
}

type Range4 = { range: [ipaddr.IPv4, number]; risk: AddressRisk };
type Range6 = { range: [ipaddr.IPv6, number]; risk: AddressRisk | 'embedded-v4' | 'six-to-four' };

const v4 = (cidr: string) => ipaddr.IPv4.parseCIDR(cidr);
const v6 = (cidr: string) => ipaddr.IPv6.parseCIDR(cidr);

/** First match wins: the metadata endpoints before the link-local and CGNAT ranges they sit in. */
const V4_RANGES: Range4[] = [
  { range: v4('169.254.169.254/32'), risk: 'metadata' },
  { range: v4('100.100.100.200/32'), risk: 'metadata' },
  { range: v4('0.0.0.0/8'), risk: 'unspecified' },
  { range: v4('10.0.0.0/8'), risk: 'private' },
  { range: v4('100.64.0.0/10'), risk: 'carrier-grade-nat' },
  { range: v4('127.0.0.0/8'), risk: 'loopback' },
  { range: v4('169.254.0.0/16'), risk: 'link-local' },
  { range: v4('172.16.0.0/12'), risk: 'private' },
  { range: v4('192.0.0.0/24'), risk: 'reserved' },
  { range: v4('192.0.2.0/24'), risk: 'documentation' },
  { range: v4('192.88.99.0/24'), risk: 'reserved' },
  { range: v4('192.168.0.0/16'), risk: 'private' },
  { range: v4('198.18.0.0/15'), risk: 'reserved' },
  { range: v4('198.51.100.0/24'), risk: 'documentation' },
  { range: v4('203.0.113.0/24'), risk: 'documentation' },
  { range: v4('224.0.0.0/4'), risk: 'multicast' },
  { range: v4('240.0.0.0/4'), risk: 'reserved' },
];

/** First match wins: `::` and `::1` before the IPv4-compatible range `::/96` that holds them. */
const V6_RANGES: Range6[] = [
  { range: v6('::/128'), risk: 'unspecified' },
  { range: v6('::1/128'), risk: 'loopback' },
  { range: v6('fd00:ec2::254/128'), risk: 'metadata' },
  { range: v6('::ffff:0:0/96'), risk: 'embedded-v4' },
  { range: v6('::/96'), risk: 'embedded-v4' },
  { range: v6('64:ff9b::/96'), risk: 'embedded-v4' },
  { range: v6('64:ff9b:1::/48'), risk: 'private' },
  { range: v6('100::/64'), risk: 'reserved' },
  { range: v6('2001:db8::/32'), risk: 'documentation' },
  // Teredo tunnels to an address hidden in the rest of the address: refuse outright.
  { range: v6('2001::/32'), risk: 'reserved' },
  { range: v6('2002::/16'), risk: 'six-to-four' },
  { range: v6('fc00::/7'), risk: 'private' },
  { range: v6('fe80::/10'), risk: 'link-local' },
  { range: v6('fec0::/10'), risk: 'private' },
  { range: v6('ff00::/8'), risk: 'multicast' },
];

function judgeV4(address: ipaddr.IPv4): AddressVerdict {
  const found = V4_RANGES.find((r) => address.match(r.range));
  return found ? { allowed: false, risk: found.risk } : { allowed: true };
}

/** The IPv4 address made of four bytes of an IPv6 address. */
const v4At = (bytes: readonly number[], from: number) => new ipaddr.IPv4(bytes.slice(from, from + 4));

/** Judges one literal address (IPv4, IPv6, bracketed IPv6 or IPv6 with a zone id). */
export function judgeAddress(address: string): AddressVerdict {
  const ip = parseAddress(address);
  if (!ip) return { allowed: false, risk: 'invalid' };
  if (ip.kind() === 'ipv4') return judgeV4(ip as ipaddr.IPv4);
  const found = V6_RANGES.find((r) => ip.match(r.range));
  if (!found) return { allowed: true };
  // IPv6 forms that carry an IPv4 address are judged by the address inside.
  if (found.risk === 'embedded-v4') return judgeV4(v4At(ip.toByteArray(), 12));
  if (found.risk === 'six-to-four') return judgeV4(v4At(ip.toByteArray(), 2));
  return { allowed: false, risk: found.risk };
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
