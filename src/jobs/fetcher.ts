import { createHash } from 'node:crypto';
import { promises as dns } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Readable, Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { messageOf, RapporteurError } from '../core/errors.js';
import { readCapped } from '../http/capped-read.js';
import { describeRisk, judgeAddress } from './ip-policy.js';

/**
 * Fetches watched pages and feeds: a conditional GET (ETag / Last-Modified), a size cap
 * enforced while the body streams (after decompression too), an overall timeout, a bounded
 * number of redirects, a content hash to recognise an unchanged body, and a guard against
 * server-side request forgery. The guard resolves the name itself, refuses the request when
 * any resolved address is internal (see ip-policy.ts), and pins the connection to the checked
 * address through a custom `lookup`, so a second DNS answer (DNS rebinding) cannot swap it.
 * Every redirect is checked the same way.
 */

/** Limits and the SSRF switch. */
export interface FetchPolicy {
  /** Whole request, redirects included. */
  timeoutMs: number;
  /** Largest body accepted, after decompression. */
  maxBytes: number;
  maxRedirects: number;
  /** Allow loopback and private addresses (RAPPORTEUR_ALLOW_PRIVATE_URLS), for local testing only. */
  allowPrivate: boolean;
  /** Exact addresses allowed although internal (an operator's intranet mirror); empty by default. */
  allowAddresses?: readonly string[];
  userAgent?: string;
}

/** Defaults: 20 s, 20 MB, 5 redirects, internal addresses refused. */
export const DEFAULT_FETCH_POLICY: FetchPolicy = {
  timeoutMs: 20_000,
  maxBytes: 20 * 1024 * 1024,
  maxRedirects: 5,
  allowPrivate: false,
};

/** Validators and hash from the last successful fetch. */
export interface ConditionalState {
  etag: string | null;
  lastModified: string | null;
  contentHash: string | null;
}

/** What a fetch found. `changed` carries the body; the others mean "nothing new". */
export type FetchOutcome =
  | {
      status: 'changed';
      bytes: Uint8Array;
      contentType: string | null;
      /** The URL the body came from, after redirects. */
      finalUrl: string;
      etag: string | null;
      lastModified: string | null;
      /** Lower-case hex SHA-256 of the body. */
      contentHash: string;
    }
  | {
      /** 304 Not Modified, or a 200 whose body hashes as before. */
      status: 'not-modified' | 'unchanged';
      finalUrl: string;
      etag: string | null;
      lastModified: string | null;
      contentHash: string | null;
    };

/** Resolves a host name to addresses (injectable for tests). */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** A checked destination: where to connect, and the name to present (Host, TLS SNI). */
export interface PinnedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/**
 * Checks a URL and resolves it to one pinned address. Throws INVALID_ARGUMENT for a URL that
 * is not http(s) or carries credentials, PERMISSION_DENIED when the host is (or resolves to)
 * an internal address and the policy does not allow it, UNAVAILABLE when it does not resolve.
 */
export async function checkTarget(
  raw: string | URL,
  policy: Pick<FetchPolicy, 'allowPrivate' | 'allowAddresses'>,
  resolver: Resolver = systemResolver,
): Promise<PinnedTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RapporteurError(
      'INVALID_ARGUMENT',
      `Not a URL: ${JSON.stringify(String(raw).slice(0, 200))}.`,
      {
        hint: 'Give a full address such as https://example.org/meetings.',
      },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RapporteurError(
      'INVALID_ARGUMENT',
      `Only http and https can be watched, not ${url.protocol}//.`,
      {
        hint: 'Give an http:// or https:// address.',
      },
    );
  }
  if (url.username || url.password) {
    throw new RapporteurError('INVALID_ARGUMENT', 'Watched URLs may not carry a user name or password.', {
      hint: 'Watch a public address; Rapporteur does not store credentials in URLs.',
    });
  }
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const literal = isIP(host);
  const addresses = literal
    ? [{ address: host, family: literal }]
    : await resolver(host).catch((err: unknown) => {
        throw new RapporteurError(
          'UNAVAILABLE',
          `The host ${host} could not be resolved (${errorCode(err)}).`,
          {
            hint: 'Check the address; if it is right, the name server may be down and the watch will retry.',
          },
        );
      });
  if (addresses.length === 0) {
    throw new RapporteurError('UNAVAILABLE', `The host ${host} has no address.`, {
      hint: 'Check the address.',
    });
  }
  if (!policy.allowPrivate) {
    // Every answer is checked, not only the one used: a name that mixes a public and an
    // internal address is refused rather than trusted on the order of the answers.
    for (const { address } of addresses) {
      if (policy.allowAddresses?.includes(address)) continue;
      const verdict = judgeAddress(address);
      if (!verdict.allowed) {
        throw new RapporteurError(
          'PERMISSION_DENIED',
          `${url.host} ${literal ? 'is' : `resolves to ${address}, which is`} ${describeRisk(verdict.risk)}; Rapporteur does not fetch internal addresses.`,
          {
            hint: 'Watch a public address. For local testing an operator can set RAPPORTEUR_ALLOW_PRIVATE_URLS=true.',
            details: { risk: verdict.risk },
          },
        );
      }
    }
  }
  const first = addresses[0] as { address: string; family: number };
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** A lookup that always answers the pinned address, in whichever form the caller asked for. */
function pinnedLookup(target: PinnedTarget): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Fetches `url` for a watch. Resolves to `changed` with the body, or to `not-modified` /
 * `unchanged`. Throws RapporteurError: TIMEOUT, LIMIT_EXCEEDED (body too large, too many
 * redirects, a redirect loop), NOT_FOUND (404/410), PERMISSION_DENIED (401/403, or an internal
 * address), RATE_LIMITED (429, with `retryAfterMs`), UNAVAILABLE (5xx, network errors),
 * INVALID_ARGUMENT (another 4xx, a bad URL), UNSUPPORTED_TYPE (an unknown content encoding).
 */
export async function fetchWatched(
  url: string,
  state: ConditionalState,
  policy: FetchPolicy,
  resolver: Resolver = systemResolver,
): Promise<FetchOutcome> {
  const deadline = Date.now() + policy.timeoutMs;
  const seen = new Set<string>();
  let current = url;
  for (let hop = 0; ; hop++) {
    if (seen.has(current)) {
      throw new RapporteurError('LIMIT_EXCEEDED', `The page redirects in a loop (back to ${current}).`, {
        hint: 'Watch the final address of the page instead.',
      });
    }
    seen.add(current);
    const target = await withDeadline(checkTarget(current, policy, resolver), deadline, policy.timeoutMs);
    const response = await request(target, state, policy, deadline);
    const status = response.statusCode ?? 0;
    if (REDIRECTS.has(status)) {
      response.resume();
      const location = response.headers.location;
      if (!location) {
        throw new RapporteurError('INVALID_ARGUMENT', `The page answered ${status} without a Location.`, {
          hint: 'Check the address in a browser.',
        });
      }
      if (hop >= policy.maxRedirects) {
        throw new RapporteurError(
          'LIMIT_EXCEEDED',
          `The page redirects more than ${policy.maxRedirects} times.`,
          {
            hint: 'Watch the final address of the page instead.',
          },
        );
      }
      current = new URL(location, target.url).toString();
      continue;
    }
    const etag = headerOf(response, 'etag');
    const lastModified = headerOf(response, 'last-modified');
    if (status === 304) {
      response.resume();
      return {
        status: 'not-modified',
        finalUrl: current,
        etag: etag ?? state.etag,
        lastModified: lastModified ?? state.lastModified,
        contentHash: state.contentHash,
      };
    }
    if (status < 200 || status > 299) {
      response.resume();
      throw statusError(status, response);
    }
    const bytes = await readBody(response, policy, deadline);
    const contentHash = createHash('sha256').update(bytes).digest('hex');
    if (contentHash === state.contentHash) {
      return { status: 'unchanged', finalUrl: current, etag, lastModified, contentHash };
    }
    return {
      status: 'changed',
      bytes,
      contentType: headerOf(response, 'content-type'),
      finalUrl: current,
      etag,
      lastModified,
      contentHash,
    };
  }
}

function headerOf(response: IncomingMessage, name: string): string | null {
  const value = response.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? null : text.slice(0, 500);
}

function request(
  target: PinnedTarget,
  state: ConditionalState,
  policy: FetchPolicy,
  deadline: number,
): Promise<IncomingMessage> {
  const { url } = target;
  const headers: Record<string, string> = {
    'user-agent': policy.userAgent ?? 'Rapporteur/0.1 (meeting watcher)',
    accept: '*/*',
    'accept-encoding': ACCEPT_ENCODING,
  };
  if (state.etag) headers['if-none-match'] = state.etag;
  if (state.lastModified) headers['if-modified-since'] = state.lastModified;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const isHttps = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      reject(timeoutError(policy.timeoutMs));
      return;
    }
    const req = (isHttps ? https : http).request({
      protocol: url.protocol,
      hostname: host,
      port: url.port || (isHttps ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      lookup: pinnedLookup(target),
      // No pooled sockets: a kept-alive connection could outlive the address check.
      agent: false,
      ...(isHttps && isIP(host) === 0 ? { servername: host } : {}),
    });
    const timer = setTimeout(() => req.destroy(timeoutError(policy.timeoutMs)), remaining);
    req.once('response', (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    req.once('error', (err) => {
      clearTimeout(timer);
      reject(err instanceof RapporteurError ? err : networkError(url, err));
    });
    req.end();
  });
}

/**
 * The decoders this Node offers, by content-coding name. zstd is there only where zlib has it
 * (Node 22.15+ and 23.8+); elsewhere it is refused like any unknown coding, and not asked for.
 */
const DECODERS: ReadonlyMap<string, () => Transform> = new Map([
  ['gzip', () => zlib.createGunzip()],
  ['x-gzip', () => zlib.createGunzip()],
  ['deflate', () => zlib.createInflate()],
  ['br', () => zlib.createBrotliDecompress()],
  ...(typeof (zlib as { createZstdDecompress?: unknown }).createZstdDecompress === 'function'
    ? ([
        ['zstd', () => (zlib as unknown as { createZstdDecompress(): Transform }).createZstdDecompress()],
      ] as const)
    : []),
] as Array<[string, () => Transform]>);

/** The codings asked for: every decoder but the x-gzip alias. */
const ACCEPT_ENCODING = [...DECODERS.keys()].filter((k) => k !== 'x-gzip').join(', ');

/** A page may stack codings ("gzip, br"); more than this many layers is refused as abuse. */
const MAX_CODING_LAYERS = 2;

/**
 * The decoders for a Content-Encoding header, in the order to apply them (the header lists
 * them in the order they were applied, so decoding runs backwards). UNSUPPORTED_TYPE for an
 * unknown coding or too many layers.
 */
function decodersFor(header: string | null): Transform[] {
  const codings = (header ?? '')
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'identity');
  const supported = `plainly or with ${[...DECODERS.keys()].filter((k) => k !== 'x-gzip').join(', ')}`;
  if (codings.length > MAX_CODING_LAYERS) {
    throw new RapporteurError(
      'UNSUPPORTED_TYPE',
      `The page is compressed ${codings.length} times over (${codings.join(', ')}); at most ${MAX_CODING_LAYERS} layers are read.`,
      { hint: `Watch a page served ${supported}.` },
    );
  }
  const unknown = codings.filter((c) => !DECODERS.has(c));
  if (unknown.length > 0) {
    throw new RapporteurError(
      'UNSUPPORTED_TYPE',
      `The page uses a content encoding Rapporteur cannot read (${unknown.join(', ').slice(0, 60)}).`,
      { hint: `Watch a page served ${supported}.` },
    );
  }
  return codings.reverse().map((c) => (DECODERS.get(c) as () => Transform)());
}

/**
 * Reads the body under the size cap and the deadline, both checked on the DECODED bytes as
 * they come out of the decoders. When either is hit every stream of the chain is destroyed:
 * a decompressor keeps inflating what it was already given (a few KB of brotli can hold GBs)
 * until it is destroyed, so dropping the response alone is not enough.
 */
async function readBody(
  response: IncomingMessage,
  policy: FetchPolicy,
  deadline: number,
): Promise<Uint8Array> {
  let decoders: Transform[];
  try {
    decoders = decodersFor(headerOf(response, 'content-encoding'));
  } catch (err) {
    response.destroy();
    throw err;
  }
  const chain: Readable[] = [response];
  for (const decoder of decoders) chain.push((chain[chain.length - 1] as Readable).pipe(decoder));
  const stop = new AbortController();
  const timer = setTimeout(
    () => stop.abort(timeoutError(policy.timeoutMs)),
    Math.max(0, deadline - Date.now()),
  );
  const failed = (err: Error) =>
    stop.abort(
      err instanceof RapporteurError
        ? err
        : new RapporteurError('UNAVAILABLE', `The page could not be read completely (${err.message}).`, {
            hint: 'The watch will try again.',
          }),
    );
  // Errors do not travel along pipe(): listen on every link of the chain.
  for (const link of chain) link.once('error', failed);
  response.once('aborted', () =>
    stop.abort(
      new RapporteurError('UNAVAILABLE', 'The server closed the connection mid-body.', {
        hint: 'The watch will try again.',
      }),
    ),
  );
  try {
    return await readCapped(chain[chain.length - 1], {
      maxBytes: policy.maxBytes,
      declaredLength: response.headers['content-length'],
      tooLarge: () => tooLarge(policy.maxBytes),
      signal: stop.signal,
      onAbort: () => {
        response.destroy();
        for (const decoder of decoders) decoder.destroy();
      },
      // Inflating can keep the timer from firing on time: the clock is checked at each chunk.
      onChunk: () => {
        if (Date.now() > deadline) throw timeoutError(policy.timeoutMs);
      },
    });
  } finally {
    clearTimeout(timer);
  }
}

function statusError(status: number, response: IncomingMessage): RapporteurError {
  if (status === 404 || status === 410) {
    return new RapporteurError('NOT_FOUND', `The page answered ${status} (not found).`, {
      hint: 'The page may have moved; watch its new address.',
      details: { status },
    });
  }
  if (status === 401 || status === 403) {
    return new RapporteurError('PERMISSION_DENIED', `The page answered ${status} (access refused).`, {
      hint: 'Rapporteur can only watch public pages.',
      details: { status },
    });
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headerOf(response, 'retry-after'));
    return new RapporteurError('RATE_LIMITED', 'The site asks Rapporteur to slow down (429).', {
      hint: 'The watch backs off and tries again later.',
      details: { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
    });
  }
  if (status >= 500) {
    return new RapporteurError('UNAVAILABLE', `The site answered ${status} (server error).`, {
      hint: 'The watch will try again.',
      details: { status },
    });
  }
  return new RapporteurError('INVALID_ARGUMENT', `The page answered ${status}.`, {
    hint: 'Check the address in a browser.',
    details: { status },
  });
}

/** Retry-After in ms from seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function tooLarge(max: number): RapporteurError {
  return new RapporteurError(
    'LIMIT_EXCEEDED',
    `The page is larger than ${Math.round(max / 1024 / 1024)} MB.`,
    {
      hint: 'Watch a smaller page, or raise RAPPORTEUR_WATCH_MAX_MB.',
    },
  );
}

function timeoutError(ms: number): RapporteurError {
  return new RapporteurError('TIMEOUT', `The page did not answer within ${Math.round(ms / 1000)} s.`, {
    hint: 'The site may be slow or down; the watch will try again.',
  });
}

function networkError(url: URL, err: Error): RapporteurError {
  return new RapporteurError('UNAVAILABLE', `Could not reach ${url.host} (${errorCode(err)}).`, {
    hint: 'The site may be down; the watch will try again.',
  });
}

function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return messageOf(err);
}

async function withDeadline<T>(promise: Promise<T>, deadline: number, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(timeoutError(timeoutMs)), Math.max(0, deadline - Date.now()));
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
