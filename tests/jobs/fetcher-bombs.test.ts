import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  brotliCompressSync,
  constants,
  createBrotliCompress,
  createDeflate,
  deflateSync,
  gzipSync,
} from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FetchPolicy, fetchWatched } from '../../src/jobs/fetcher.js';

/**
 * Decompression bombs served from 127.0.0.1: a few hundred KB that inflate to 1 GB. The
 * fetch must stop within its timeout and its size cap WHILE inflating, and the inflating
 * must stop with it (a decompressor that keeps running after the fetch gave up still burns
 * the worker's CPU for seconds).
 */

const NONE = { etag: null, lastModified: null, contentHash: null };
const GB_OF_ZEROS_MB = 1024;

/** Compresses `mb` MB of zeros through a streaming compressor, 1 MB at a time (no 1 GB buffer). */
async function bomb(compressor: NodeJS.ReadWriteStream, mb: number): Promise<Buffer> {
  const chunk = Buffer.alloc(1024 * 1024);
  const out: Buffer[] = [];
  compressor.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve) => compressor.once('end', resolve));
  for (let i = 0; i < mb; i++) {
    if (!compressor.write(chunk)) await new Promise((resolve) => compressor.once('drain', resolve));
  }
  compressor.end();
  await ended;
  return Buffer.concat(out);
}

/** CPU time (ms) this process spends during `ms` of wall time. */
async function cpuDuring(ms: number): Promise<number> {
  const before = process.cpuUsage();
  await sleep(ms);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

let server: Server;
let base: string;
const bodies = new Map<string, { encoding: string; body: Buffer }>();

beforeAll(async () => {
  bodies.set('/br', {
    encoding: 'br',
    body: await bomb(
      createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }),
      GB_OF_ZEROS_MB,
    ),
  });
  bodies.set('/deflate', {
    encoding: 'deflate',
    body: await bomb(createDeflate({ level: 1 }), GB_OF_ZEROS_MB),
  });
  const page = Buffer.from('<h1>Informal consultations</h1><p>Thursday 12 June, Room XVII.</p>');
  bodies.set('/stacked', { encoding: 'deflate, br', body: brotliCompressSync(deflateSync(page)) });
  bodies.set('/three-layers', { encoding: 'gzip, gzip, gzip', body: gzipSync(gzipSync(gzipSync(page))) });
  bodies.set('/compress', { encoding: 'compress', body: page });
  server = createServer((req, res) => {
    const found = bodies.get(req.url ?? '');
    if (!found) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-encoding': found.encoding, 'content-type': 'text/html' }).end(found.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe.each(['br', 'deflate'])('a %s bomb (1 GB of zeros in a few hundred KB)', (encoding) => {
  it('is the bomb it claims to be', () => {
    const { body } = bodies.get(`/${encoding}`) as { body: Buffer };
    expect(body.length).toBeLessThan(8 * 1024 * 1024);
  });

  it('stops at the size cap, and stops inflating', async () => {
    const policy: FetchPolicy = {
      timeoutMs: 3_000,
      maxBytes: 8 * 1024 * 1024,
      maxRedirects: 0,
      allowPrivate: true,
    };
    const t0 = Date.now();
    await expect(fetchWatched(`${base}/${encoding}`, NONE, policy)).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
    });
    expect(Date.now() - t0).toBeLessThan(policy.timeoutMs);
    // Nothing keeps inflating the rest of the gigabyte in the background (a few ms of the
    // test runner's own work, against 300+ ms per second when the decompressor runs on).
    expect(await cpuDuring(1_000)).toBeLessThan(100);
  });

  it('stops at the timeout while still inflating, and stops inflating', async () => {
    const policy: FetchPolicy = {
      timeoutMs: 300,
      maxBytes: 2 * 1024 * 1024 * 1024 - 1,
      maxRedirects: 0,
      allowPrivate: true,
    };
    const t0 = Date.now();
    const outcome = await fetchWatched(`${base}/${encoding}`, NONE, policy).then(
      () => 'finished',
      (err: { code?: string }) => err.code,
    );
    const elapsed = Date.now() - t0;
    // A machine that inflates 1 GB in 300 ms would finish; none of ours does.
    expect(outcome).toBe('TIMEOUT');
    expect(elapsed).toBeLessThan(policy.timeoutMs + 400);
    expect(await cpuDuring(1_000)).toBeLessThan(100);
  });
});

describe('content encodings', () => {
  const policy: FetchPolicy = {
    timeoutMs: 3_000,
    maxBytes: 1024 * 1024,
    maxRedirects: 0,
    allowPrivate: true,
  };

  it('decodes stacked codings in reverse order of application', async () => {
    const out = await fetchWatched(`${base}/stacked`, NONE, policy);
    expect(out.status).toBe('changed');
    if (out.status === 'changed') expect(Buffer.from(out.bytes).toString()).toContain('Room XVII');
  });

  it('refuses more than two layers, and unknown codings, saying which', async () => {
    await expect(fetchWatched(`${base}/three-layers`, NONE, policy)).rejects.toMatchObject({
      code: 'UNSUPPORTED_TYPE',
      message: expect.stringContaining('3 times over'),
    });
    await expect(fetchWatched(`${base}/compress`, NONE, policy)).rejects.toMatchObject({
      code: 'UNSUPPORTED_TYPE',
      message: expect.stringContaining('(compress)'),
      hint: expect.stringContaining('gzip, deflate, br'),
    });
  });
});
