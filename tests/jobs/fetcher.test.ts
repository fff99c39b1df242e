import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTarget, type FetchPolicy, fetchWatched, parseRetryAfter } from '../../src/jobs/fetcher.js';

const NONE = { etag: null, lastModified: null, contentHash: null };
const LOCAL: FetchPolicy = { timeoutMs: 2_000, maxBytes: 64 * 1024, maxRedirects: 3, allowPrivate: true };
const STRICT: FetchPolicy = { ...LOCAL, allowPrivate: false };

const PAGE_16 = '<h1>Sixth MPP meeting</h1><p>Monday 9 June 2014, 14:00-16:00, ITU headquarters, Geneva.</p>';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(handler: Handler, host = '127.0.0.1'): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://${host}:${port}` };
}

describe('fetchWatched against a local server', () => {
  let server: Server;
  let base: string;
  let hits: Array<{ path: string; headers: IncomingMessage['headers'] }> = [];

  beforeAll(async () => {
    ({ server, base } = await serve((req, res) => {
      hits.push({ path: req.url ?? '', headers: req.headers });
      const url = new URL(req.url ?? '/', 'http://x');
      switch (url.pathname) {
        case '/page':
          if (req.headers['if-none-match'] === '"v16"') {
            res.writeHead(304).end();
            return;
          }
          res.writeHead(200, {
            etag: '"v16"',
            'last-modified': 'Tue, 03 Jun 2014 09:00:00 GMT',
            'content-type': 'text/html; charset=utf-8',
          });
          res.end(PAGE_16);
          return;
        case '/plain':
          res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE_16);
          return;
        case '/moved':
          res.writeHead(302, { location: '/page' }).end();
          return;
        case '/loop-a':
          res.writeHead(301, { location: '/loop-b' }).end();
          return;
        case '/loop-b':
          res.writeHead(301, { location: '/loop-a' }).end();
          return;
        case '/chain': {
          const n = Number(url.searchParams.get('n') ?? '0');
          res.writeHead(302, { location: `/chain?n=${n + 1}` }).end();
          return;
        }
        case '/big-declared':
          res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).end();
          return;
        case '/big-streamed':
          res.writeHead(200, { 'content-type': 'application/pdf' });
          for (let i = 0; i < 200; i++) res.write(Buffer.alloc(1024, 65));
          res.end();
          return;
        case '/bomb':
          res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(8 * 1024 * 1024, 32)));
          return;
        case '/gzip':
          res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.from(PAGE_16)));
          return;
        case '/bad-gzip':
          res.writeHead(200, { 'content-encoding': 'gzip' }).end(Buffer.from('this is not gzip at all'));
          return;
        case '/weird-encoding':
          res.writeHead(200, { 'content-encoding': 'zstd-x' }).end('abc');
          return;
        case '/slow':
          // Never answers: the timeout must end the request.
          return;
        case '/slow-body':
          res.writeHead(200);
          res.write('partial');
          return;
        case '/gone':
          res.writeHead(404).end('not here');
          return;
        case '/broken':
          res.writeHead(503).end();
          return;
        case '/busy':
          res.writeHead(429, { 'retry-after': '120' }).end();
          return;
        case '/private':
          res.writeHead(403).end();
          return;
        default:
          res.writeHead(400).end();
      }
    }));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('fetches, then asks conditionally and gets 304 Not Modified', async () => {
    const first = await fetchWatched(`${base}/page`, NONE, LOCAL);
    expect(first.status).toBe('changed');
    if (first.status !== 'changed') throw new Error('unreachable');
    expect(Buffer.from(first.bytes).toString()).toBe(PAGE_16);
    expect(first).toMatchObject({
      etag: '"v16"',
      lastModified: 'Tue, 03 Jun 2014 09:00:00 GMT',
      contentType: 'text/html; charset=utf-8',
    });
    expect(first.contentHash).toMatch(/^[0-9a-f]{64}$/);
    hits = [];
    const second = await fetchWatched(`${base}/page`, first, LOCAL);
    expect(second.status).toBe('not-modified');
    expect(hits[0]?.headers['if-none-match']).toBe('"v16"');
    expect(hits[0]?.headers['if-modified-since']).toBe('Tue, 03 Jun 2014 09:00:00 GMT');
  });

  it('recognises an unchanged body by its hash when the server has no validators', async () => {
    const first = await fetchWatched(`${base}/plain`, NONE, LOCAL);
    if (first.status !== 'changed') throw new Error('expected a body');
    const second = await fetchWatched(`${base}/plain`, { ...NONE, contentHash: first.contentHash }, LOCAL);
    expect(second.status).toBe('unchanged');
  });

  it('decodes gzip and follows redirects up to the limit', async () => {
    const gz = await fetchWatched(`${base}/gzip`, NONE, LOCAL);
    if (gz.status !== 'changed') throw new Error('expected a body');
    expect(Buffer.from(gz.bytes).toString()).toBe(PAGE_16);
    const moved = await fetchWatched(`${base}/moved`, NONE, LOCAL);
    expect(moved).toMatchObject({ status: 'changed', finalUrl: `${base}/page` });
    await expect(fetchWatched(`${base}/chain`, NONE, LOCAL)).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
    });
    await expect(fetchWatched(`${base}/loop-a`, NONE, LOCAL)).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: expect.stringContaining('loop'),
    });
  });

  it('caps the size: declared, streamed, and after decompression (a gzip bomb)', async () => {
    await expect(fetchWatched(`${base}/big-declared`, NONE, LOCAL)).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
    });
    await expect(fetchWatched(`${base}/big-streamed`, NONE, LOCAL)).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
    });
    await expect(fetchWatched(`${base}/bomb`, NONE, LOCAL)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
  });

  it('times out a server that does not answer, or stops mid-body', async () => {
    const policy = { ...LOCAL, timeoutMs: 300 };
    const t0 = Date.now();
    await expect(fetchWatched(`${base}/slow`, NONE, policy)).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(fetchWatched(`${base}/slow-body`, NONE, policy)).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('maps HTTP failures to codes that decide retries', async () => {
    await expect(fetchWatched(`${base}/gone`, NONE, LOCAL)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(fetchWatched(`${base}/broken`, NONE, LOCAL)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(fetchWatched(`${base}/private`, NONE, LOCAL)).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    await expect(fetchWatched(`${base}/busy`, NONE, LOCAL)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { status: 429, retryAfterMs: 120_000 },
    });
    await expect(fetchWatched(`${base}/bad-gzip`, NONE, LOCAL)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    await expect(fetchWatched(`${base}/weird-encoding`, NONE, LOCAL)).rejects.toMatchObject({
      code: 'UNSUPPORTED_TYPE',
    });
    await expect(fetchWatched('http://127.0.0.1:1/', NONE, LOCAL)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });

  it('pins the connection to the address it checked (the name is resolved once, by us)', async () => {
    const port = new URL(base).port;
    let lookups = 0;
    const resolver = async () => {
      lookups++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    hits = [];
    const out = await fetchWatched(`http://mpp6.wsis.example:${port}/plain`, NONE, LOCAL, resolver);
    expect(out.status).toBe('changed');
    expect(lookups).toBe(1);
    expect(hits[0]?.headers.host).toBe(`mpp6.wsis.example:${port}`);
  });
});

describe('the SSRF guard (private addresses not allowed)', () => {
  it.each([
    'http://127.0.0.1/',
    'http://10.20.30.40/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[fd00:ec2::254]/',
    'http://0.0.0.0/',
    'http://2130706433/', // 127.0.0.1 written as one number
    'http://0x7f.1/',
  ])('refuses %s before connecting', async (url) => {
    await expect(fetchWatched(url, NONE, STRICT)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });

  it('refuses a name that resolves to an internal address, even among public ones', async () => {
    await expect(checkTarget('http://localhost/', STRICT)).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    const mixed = async () => [
      { address: '8.8.8.8', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    await expect(checkTarget('https://intranet.example/', STRICT, mixed)).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message: expect.stringContaining('10.0.0.7'),
    });
    const pub = async () => [{ address: '156.106.192.1', family: 4 }];
    expect(await checkTarget('https://www.itu.int/', STRICT, pub)).toMatchObject({
      address: '156.106.192.1',
      family: 4,
    });
  });

  it('refuses non-http schemes and URLs with credentials', async () => {
    await expect(checkTarget('file:///etc/passwd', STRICT)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(checkTarget('gopher://example.org/', STRICT)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(checkTarget('https://user:pw@example.org/', STRICT)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(checkTarget('not a url', STRICT)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  describe('on redirects', () => {
    // A server on 127.0.0.2 stands in for a public site (explicitly allowed); where it
    // redirects to is checked like any other address.
    let server: Server;
    let base: string;
    beforeAll(async () => {
      ({ server, base } = await serve((req, res) => {
        const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to') ?? '/';
        res.writeHead(302, { location: to }).end();
      }, '127.0.0.2'));
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });
    const policy = { ...STRICT, allowAddresses: ['127.0.0.2'] };

    it('reaches the stand-in public server (so the refusals below are about the redirect)', async () => {
      await expect(
        fetchWatched(`${base}/r?to=${encodeURIComponent(`${base}/r`)}`, NONE, policy),
      ).rejects.toMatchObject({
        code: 'LIMIT_EXCEEDED',
      });
    });

    it.each([
      'http://127.0.0.1:6379/',
      'http://169.254.169.254/latest/meta-data/iam/',
      'http://[::1]:8080/',
      'http://[::ffff:127.0.0.1]/',
      'http://10.1.2.3/',
      'http://localhost/',
    ])('refuses a redirect to %s', async (target) => {
      await expect(
        fetchWatched(`${base}/r?to=${encodeURIComponent(target)}`, NONE, policy),
      ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    });
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30')).toBe(30_000);
    expect(parseRetryAfter('Tue, 03 Jun 2014 09:00:30 GMT', Date.parse('2014-06-03T09:00:00Z'))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
