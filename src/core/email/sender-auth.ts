import { getDomain } from 'tldts';
import { headerValues, type MailHeaders, normaliseAddress, parseAddressList } from './headers.js';

/**
 * Who really sent a message, as far as the receiving mail server could tell. A From line
 * is free text: anyone can write `From: chair@wsis.example.org`. Only the verdicts of the
 * bot's own receiving server, recorded in `Authentication-Results` (RFC 8601) under its
 * authserv-id, say whether the From domain was proven (DMARC pass, or an aligned DKIM or SPF
 * pass). Results under any other authserv-id may have been written by the sender and are
 * ignored, and of ours only the topmost (the last one added, by the server nearest to the
 * bot) counts.
 */

/** The sender as claimed, and whether the bot's mail server vouched for its domain. */
export interface SenderCheck {
  /** The first From address, normalised; empty when there is none. */
  address: string;
  domain: string;
  authenticated: boolean;
  /** What proved the domain: `dmarc`, `dkim` (aligned d=) or `spf` (aligned MAIL FROM). */
  method?: 'dmarc' | 'dkim' | 'spf';
  /** Why the sender is or is not authenticated, for logs (no address). */
  detail: string;
}

interface MethodResult {
  method: string;
  result: string;
  props: Record<string, string>;
}

/** Splits an Authentication-Results value into its authserv-id and method results. */
export function parseAuthenticationResults(value: string): { authservId: string; results: MethodResult[] } {
  const clean = value.replace(/\([^()]*\)/g, ' ');
  const [head = '', ...rest] = clean.split(';');
  const authservId = (head.trim().split(/\s+/)[0] ?? '').toLowerCase();
  const results = rest.flatMap((part) => {
    const m = /^\s*([\w.-]+)\s*=\s*([\w-]+)(.*)$/s.exec(part);
    if (!m) return [];
    const props: Record<string, string> = {};
    for (const p of (m[3] as string).matchAll(/([\w-]+\.[\w.-]+)\s*=\s*("[^"]*"|[^\s;]+)/g)) {
      props[(p[1] as string).toLowerCase()] = (p[2] as string).replace(/^"|"$/g, '');
    }
    return [{ method: (m[1] as string).toLowerCase(), result: (m[2] as string).toLowerCase(), props }];
  });
  return { authservId, results };
}

/**
 * Relaxed alignment: one domain equals, contains or is contained in the other, and the
 * shorter one is a registrable domain (or below one) by the Public Suffix List. Without
 * that last test `d=example` (a suffix anyone can sign for when it is a private TLD or a
 * shared suffix such as `github.io`) would vouch for every `*.example`. Stricter than
 * DMARC for siblings (mail.example.org signing for wsis.example.org is refused).
 */
function aligned(a: string, b: string): boolean {
  const x = a.toLowerCase().replace(/\.$/, '');
  const y = b.toLowerCase().replace(/\.$/, '');
  if (x === y) return true;
  const [longer, shorter] = x.length > y.length ? [x, y] : [y, x];
  if (!longer.endsWith(`.${shorter}`)) return false;
  return getDomain(shorter, { allowPrivateDomains: true }) !== null;
}

/**
 * Checks the From address against the Authentication-Results of the bot's own receiving
 * server(s), named by `authservIds` (e.g. `mx.example.org`). With no trusted id nothing is
 * authenticated: the bot then cannot tell a chair from someone pretending to be one.
 */
export function checkSender(headers: MailHeaders, authservIds: readonly string[]): SenderCheck {
  const froms = headerValues(headers, 'from').flatMap((v) => parseAddressList(v));
  const address = froms.length === 1 ? normaliseAddress(froms[0]?.address ?? '') : '';
  const domain = address.includes('@') ? (address.split('@').pop() ?? '') : '';
  const base = { address, domain };
  if (froms.length !== 1 || domain === '') {
    return { ...base, authenticated: false, detail: 'The message does not have exactly one From address.' };
  }
  const trusted = new Set(authservIds.map((id) => id.toLowerCase()));
  const ours = headerValues(headers, 'authentication-results')
    .map(parseAuthenticationResults)
    .find((r) => trusted.has(r.authservId));
  if (!ours) {
    return {
      ...base,
      authenticated: false,
      detail: 'No Authentication-Results from the bot’s own mail server.',
    };
  }
  // DMARC, when evaluated, is the verdict on the From domain itself and overrides the rest.
  const dmarc = ours.results.find((r) => r.method === 'dmarc');
  if (dmarc) {
    // A pass that does not name the domain it judged proves nothing about this From: our own
    // reading of From may differ from the server's (two From lines, odd syntax).
    return dmarc.result === 'pass' && (dmarc.props['header.from'] ?? '').toLowerCase() === domain
      ? { ...base, authenticated: true, method: 'dmarc', detail: 'DMARC passed for the From domain.' }
      : { ...base, authenticated: false, detail: `DMARC did not pass (${dmarc.result}).` };
  }
  const passed = ours.results.filter((r) => r.result === 'pass');
  if (
    passed.some(
      (r) => r.method === 'dkim' && r.props['header.d'] !== undefined && aligned(r.props['header.d'], domain),
    )
  ) {
    return {
      ...base,
      authenticated: true,
      method: 'dkim',
      detail: 'A DKIM signature of the From domain verified.',
    };
  }
  const spfAligned = (r: MethodResult) => {
    const mailFrom = r.props['smtp.mailfrom'];
    return mailFrom !== undefined && aligned(mailFrom.split('@').pop() ?? '', domain);
  };
  if (passed.some((r) => r.method === 'spf' && spfAligned(r))) {
    return {
      ...base,
      authenticated: true,
      method: 'spf',
      detail: 'SPF passed for an envelope sender of the From domain.',
    };
  }
  return { ...base, authenticated: false, detail: 'The mail server could not confirm the From domain.' };
}

/** Addresses and domains allowed to post official draft versions for a process. */
export interface DraftPosters {
  addresses?: readonly string[];
  /** Whole domains (`wsis.example.org`); subdomains are not included. */
  domains?: readonly string[];
}

/**
 * True only for an authenticated sender on the allow list: an outside sender, or anyone
 * who merely writes an allowed address into From, can never post an official draft.
 */
export function mayPostDrafts(sender: SenderCheck, allowed: DraftPosters): boolean {
  if (!sender.authenticated || sender.address === '') return false;
  if ((allowed.addresses ?? []).some((a) => normaliseAddress(a) === sender.address)) return true;
  return (allowed.domains ?? []).some((d) => d.trim().toLowerCase().replace(/^@/, '') === sender.domain);
}
