import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RapporteurError } from '../../src/core/errors.js';
import { readCapped } from '../../src/http/capped-read.js';

/**
 * The one capped reader every download goes through (Discord attachments, Slack files,
 * watched pages), against a local server: a body at the limit is read whole, one byte more
 * fails naming the limit and closes the connection, whether the bytes come in one piece, in
 * many small chunks, with an honest, lying or no Content-Length, through fetch's web stream
 * or node:http's stream; a stop from outside ends the download with its reason.
 */

let server: Server | undefined;
afterEach(async () => {
  const s = server;
  if (!s) return;
  s.closeAllConnections();
  await new Promise((resolve) => s.close(resolve));
  server = undefined;
});

/** What the server saw of one response: bytes it wrote, and whether the client hung up. */
interface Sent {
  bytes: number;
  closedEarly: boolean;
}

/**
 * Serves `chunks` pieces of `chunkSize` bytes ('x'), a few milliseconds apart, with an
 * optional Content-Length (true = the real one); resolves with the port and a log of sends.
 */
async function serve(
  chunks: number,
  chunkSize: number,
  contentLength?: true | number,
): Promise<{ url: string; sent: Sent[] }> {
  const sent: Sent[] = [];
  const s = createServer((_req: IncomingMessage, res: ServerResponse) => {
    const log: Sent = { bytes: 0, closedEarly: false };
    sent.push(log);
    const total = chunks * chunkSize;
    if (contentLength !== undefined) {
      res.setHeader('content-length', contentLength === true ? total : contentLength);
    }
    res.on('close', () => {
      if (!res.writableFinished) log.closedEarly = true;
    });
    let n = 0;
    const next = () => {
      if (res.destroyed) return;
      if (n === chunks) {
        res.end();
        return;
      }
      n++;
      res.write(Buffer.alloc(chunkSize, 'x'));
      log.bytes += chunkSize;
      setTimeout(next, 2);
    };
    next();
  });
  server = s;
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/`, sent };
}

function nodeGet(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => get(url, resolve).once('error', reject));
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('readCapped on a web stream (fetch)', () => {
  it('reads a body of exactly the limit whole', async () => {
    const { url } = await serve(4, 256, true);
    const res = await fetch(url);
    const bytes = await readCapped(res.body, { maxBytes: 1024 });
    expect(bytes.byteLength).toBe(1024);
    expect(bytes.every((b) => b === 0x78)).toBe(true);
  });

  it('fails one byte over the limit with an error naming it, and aborts the request', async () => {
    const { url, sent } = await serve(1, 1025);
    const controller = new AbortController();
    const res = await fetch(url, { signal: controller.signal });
    const error = await readCapped(res.body, {
      maxBytes: 1024,
      onAbort: () => controller.abort(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RapporteurError);
    expect((error as RapporteurError).code).toBe('LIMIT_EXCEEDED');
    expect((error as RapporteurError).message).toContain('1 KB limit');
    expect((error as RapporteurError).details).toMatchObject({ maxBytes: 1024, stage: 'stream' });
    expect(controller.signal.aborted).toBe(true);
    expect(sent).toHaveLength(1);
  });

  it('stops a chunked body without a length soon after the limit, and the server sees the hang-up', async () => {
    const { url, sent } = await serve(2000, 512);
    const controller = new AbortController();
    const res = await fetch(url, { signal: controller.signal });
    expect(res.headers.get('content-length')).toBeNull();
    await expect(
      readCapped(res.body, { maxBytes: 4096, onAbort: () => controller.abort() }),
    ).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    await until(() => sent[0]?.closedEarly === true);
    expect(sent[0]?.closedEarly).toBe(true);
    // 2000 chunks were to come; the server stopped far short of them.
    expect(sent[0]?.bytes).toBeLessThan(200 * 512);
  });

  it('reads many small chunks under the limit whole', async () => {
    const { url } = await serve(40, 100);
    const res = await fetch(url);
    const bytes = await readCapped(res.body, { maxBytes: 4000 });
    expect(bytes.byteLength).toBe(4000);
  });

  it('refuses a declared length over the limit before reading, with the caller’s own error', async () => {
    const { url } = await serve(8, 256, true);
    const controller = new AbortController();
    const res = await fetch(url, { signal: controller.signal });
    const error = await readCapped(res.body, {
      maxBytes: 1024,
      declaredLength: res.headers.get('content-length'),
      tooLarge: (over) => new Error(`too big: ${over.stage} ${over.size} > ${over.maxBytes}`),
      onAbort: () => controller.abort(),
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('too big: content-length 2048 > 1024');
    expect(controller.signal.aborted).toBe(true);
  });

  it('does not trust a Content-Length that says less than comes', async () => {
    const { url } = await serve(1, 300);
    const res = await fetch(url);
    await expect(readCapped(res.body, { maxBytes: 200, declaredLength: '10' })).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
    });
  });

  it('ends with the signal’s reason when stopped from outside mid-body', async () => {
    const { url, sent } = await serve(2000, 64);
    const controller = new AbortController();
    const res = await fetch(url, { signal: controller.signal });
    const stop = new AbortController();
    let aborts = 0;
    setTimeout(() => stop.abort(new Error('shutting down')), 30);
    await expect(
      readCapped(res.body, {
        maxBytes: 10 * 1024 * 1024,
        signal: stop.signal,
        onAbort: () => {
          aborts++;
          controller.abort();
        },
      }),
    ).rejects.toThrow('shutting down');
    expect(aborts).toBe(1);
    await until(() => sent[0]?.closedEarly === true);
    expect(sent[0]?.closedEarly).toBe(true);
  });

  it('passes on an error thrown at a chunk (a clock check) and aborts', async () => {
    const { url } = await serve(50, 64);
    let aborted = false;
    const res = await fetch(url);
    await expect(
      readCapped(res.body, {
        maxBytes: 1024 * 1024,
        onChunk: (total) => {
          if (total >= 256) throw new Error('out of time');
        },
        onAbort: () => {
          aborted = true;
        },
      }),
    ).rejects.toThrow('out of time');
    expect(aborted).toBe(true);
  });

  it('reads no body as empty', async () => {
    expect(await readCapped(null, { maxBytes: 10 })).toEqual(new Uint8Array());
  });
});

describe('readCapped on a Node stream (node:http)', () => {
  it('reads a body of exactly the limit whole', async () => {
    const { url } = await serve(16, 64);
    const bytes = await readCapped(await nodeGet(url), { maxBytes: 1024 });
    expect(bytes.byteLength).toBe(1024);
  });

  it('fails past the limit, destroys the response, and the server sees the hang-up', async () => {
    const { url, sent } = await serve(2000, 512);
    const response = await nodeGet(url);
    await expect(readCapped(response, { maxBytes: 1024 })).rejects.toThrow('1 KB limit');
    expect(response.destroyed).toBe(true);
    await until(() => sent[0]?.closedEarly === true);
    expect(sent[0]?.closedEarly).toBe(true);
  });

  it('ends with the signal’s reason when stopped mid-body', async () => {
    const { url } = await serve(2000, 64);
    const response = await nodeGet(url);
    await expect(
      readCapped(response, { maxBytes: 10 * 1024 * 1024, signal: AbortSignal.timeout(30) }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(response.destroyed).toBe(true);
  });
});
