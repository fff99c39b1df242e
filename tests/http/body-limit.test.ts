import { spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type BodyRefusal, createBodyGuard } from '../../src/http/body-limit.js';

/**
 * The body guard on a plain Node server, as any future endpoint would use it: bodies within
 * the limits reach the handler whole; the number of bodies read at once is capped; and a
 * client in ANOTHER process still reads the 413 although it is still uploading (the refused
 * upload is drained briefly instead of being reset under the client's feet).
 */

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function listen(maxConcurrent: number, refusals: BodyRefusal[]): Promise<number> {
  const guard = createBodyGuard(
    { maxBytes: 1024, timeoutMs: 5_000, maxConcurrent },
    { onRefused: (r) => refusals.push(r) },
  );
  const s = createServer(
    guard.serverOptions(),
    guard.wrap((req, res) => {
      res.end(`got ${req.rawBody.length} bytes`);
    }),
  );
  server = s;
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return (s.address() as AddressInfo).port;
}

describe('the body guard on any server', () => {
  it('hands a body within the limit to the handler, whole', async () => {
    const port = await listen(4, []);
    const res = await fetch(`http://127.0.0.1:${port}/form`, { method: 'POST', body: 'a'.repeat(1024) });
    expect(await res.text()).toBe('got 1024 bytes');
  });

  it('reads at most maxConcurrent bodies at once (503 with Retry-After beyond)', async () => {
    const refusals: BodyRefusal[] = [];
    const port = await listen(2, refusals);
    // Two uploads that never finish hold both places.
    const open = [0, 1].map(() => {
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        headers: { 'content-length': '100' },
      });
      req.on('error', () => {});
      req.write('{');
      return req;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const third = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' });
    expect(third.status).toBe(503);
    expect(third.headers.get('retry-after')).toBe('1');
    expect(refusals.map((r) => r.reason)).toContain('too-many');
    for (const req of open) req.destroy();
  });

  it('lets a client in another process read the 413 while it is still uploading', async () => {
    const refusals: BodyRefusal[] = [];
    const port = await listen(4, refusals);
    // A separate Node process streams 200 MB; it prints the status it got, or the error.
    const client = `
      const http = require('node:http');
      const { Readable } = require('node:stream');
      let sent = 0;
      const body = new Readable({ read() { if (sent > 200e6) return this.push(null); sent += 65536; this.push(Buffer.alloc(65536)); } });
      const req = http.request({ host: '127.0.0.1', port: ${port}, method: 'POST', path: '/upload' });
      req.on('response', (res) => { console.log(res.statusCode); process.exit(0); });
      req.on('error', (e) => { console.log(e.code); process.exit(0); });
      body.pipe(req);`;
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) {
      const child = spawn(process.execPath, ['-e', client]);
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      await new Promise((resolve) => child.once('close', resolve));
      statuses.push(out.trim());
    }
    expect(statuses).toEqual(['413', '413', '413']);
    expect(refusals.every((r) => r.reason === 'too-large' && r.path === '/upload')).toBe(true);
  });
});
