import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AttachmentRef,
  type DownloadOptions,
  downloadAttachment,
  formatBytes,
} from '../../src/bots/discord/attachments.js';
import { RapporteurError } from '../../src/core/errors.js';
import { type FakeAttachment, type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord/index.js';

/** Downloading command attachments from the fake CDN: limits before and during, expiry, timeouts. */

let fake: FakeDiscord;
const MB = 1024 * 1024;

beforeAll(async () => {
  fake = await startFakeDiscord();
});

afterAll(async () => {
  await fake?.close();
});

const ref = (a: FakeAttachment): AttachmentRef => ({
  url: a.url,
  size: a.size,
  name: a.filename,
  contentType: a.contentType ?? null,
});
const options = (extra: Partial<DownloadOptions> = {}): DownloadOptions => ({
  maxBytes: 2 * MB,
  allowedOrigins: [fake.url],
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<RapporteurError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RapporteurError);
  return error as RapporteurError;
}

const served = (a: FakeAttachment) => fake.cdnRequests.filter((r) => r.attachmentId === a.id);

describe('downloadAttachment', () => {
  it('downloads the bytes and keeps the declared type', async () => {
    const content = '1 June version\n\n12. [Alt 1: as appropriate] [Alt 2: in their respective roles]\n';
    const a = fake.uploadAttachment({
      filename: 'vision-1-june.txt',
      content,
      contentType: 'text/plain; charset=utf-8',
    });
    const file = await downloadAttachment(ref(a), options());
    expect(new TextDecoder().decode(file.bytes)).toBe(content);
    expect(file).toMatchObject({ filename: 'vision-1-june.txt', contentType: 'text/plain; charset=utf-8' });
  });

  it('refuses a file whose declared size is over the limit without downloading anything', async () => {
    const a = fake.uploadAttachment({ filename: 'scans.pdf', content: 'x', declaredSize: 45 * MB });
    const error = await failure(downloadAttachment(ref(a), options({ maxBytes: 20 * MB })));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.message).toBe('scans.pdf is 45 MB, over the 20 MB limit.');
    expect(error.hint).toContain('RAPPORTEUR_MAX_FILE_MB');
    expect(served(a)).toHaveLength(0);
  });

  it('refuses on a huge Content-Length before reading the body', async () => {
    const a = fake.uploadAttachment({
      filename: 'bomb.docx',
      content: 'x',
      behaviour: 'huge-content-length',
    });
    const started = Date.now();
    const error = await failure(downloadAttachment(ref(a), options()));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.details).toMatchObject({ stage: 'content-length', size: 50 * 1024 ** 3 });
    expect(Date.now() - started).toBeLessThan(2000);
    await fake.waitUntil(() => served(a)[0]?.aborted === true, 2000, 'the CDN response to be aborted');
    expect(served(a)[0]?.bytesServed ?? 0).toBeLessThan(2 * MB);
  });

  it('stops a body that grows past the limit while streaming, whatever the attachment claimed', async () => {
    const a = fake.uploadAttachment({
      filename: 'draft.txt',
      content: 'small',
      declaredSize: 5,
      behaviour: 'no-content-length',
      servedBytes: 16 * MB,
    });
    const error = await failure(downloadAttachment(ref(a), options()));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.details).toMatchObject({ stage: 'stream' });
    expect(error.message).toBe('draft.txt is larger than the 2 MB limit.');
  });

  it.each([
    ['expired', 404],
    ['forbidden', 403],
  ] as const)('says an %s link has expired and to attach the file again', async (behaviour, status) => {
    const a = fake.uploadAttachment({ filename: 'vision.pdf', content: '%PDF', behaviour });
    const error = await failure(downloadAttachment(ref(a), options()));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe(`The link to vision.pdf has expired or was removed (HTTP ${status}).`);
    expect(error.hint).toBe('Attach the file again and run the command right away.');
  });

  it('times out on a stalled download', async () => {
    const a = fake.uploadAttachment({
      filename: 'slow.pdf',
      content: 'x'.repeat(100_000),
      behaviour: 'stall',
    });
    const started = Date.now();
    const error = await failure(downloadAttachment(ref(a), options({ timeoutMs: 300 })));
    expect(error.code).toBe('TIMEOUT');
    expect(error.transient).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses links outside Discord’s CDN (by default) so a forged URL cannot reach internal hosts', async () => {
    const a = fake.uploadAttachment({ filename: 'vision.txt', content: 'x' });
    const error = await failure(downloadAttachment(ref(a), { maxBytes: MB }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(served(a)).toHaveLength(0);
    const file = await failure(downloadAttachment({ ...ref(a), url: 'file:///etc/passwd' }, options()));
    expect(file.code).toBe('INVALID_ARGUMENT');
  });

  it('follows a redirect only within allowed origins', async () => {
    const a = fake.uploadAttachment({ filename: 'vision.txt', content: 'agreed' });
    const redirectTo = (location: string): typeof fetch => {
      let first = true;
      return (async (input: string | URL | Request, init?: RequestInit) => {
        if (first) {
          first = false;
          return new Response(null, { status: 302, headers: { location } });
        }
        return fetch(input, init);
      }) as typeof fetch;
    };
    const ok = await downloadAttachment(
      { ...ref(a), url: `${fake.url}/moved` },
      options({ fetch: redirectTo(a.url) }),
    );
    expect(new TextDecoder().decode(ok.bytes)).toBe('agreed');
    const error = await failure(
      downloadAttachment(
        { ...ref(a), url: `${fake.url}/moved` },
        options({ fetch: redirectTo('http://169.254.169.254/latest') }),
      ),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
  });

  it('reports a failing or unreachable CDN as UNAVAILABLE (transient)', async () => {
    const a = fake.uploadAttachment({ filename: 'vision.txt', content: 'x' });
    const failing = (async () => new Response('oops', { status: 503 })) as unknown as typeof fetch;
    const error = await failure(downloadAttachment(ref(a), options({ fetch: failing })));
    expect(error.code).toBe('UNAVAILABLE');
    const unreachable = await failure(
      downloadAttachment(
        { ...ref(a), url: 'http://127.0.0.1:9/x.txt' },
        options({ allowedOrigins: ['http://127.0.0.1:9'] }),
      ),
    );
    expect(unreachable.code).toBe('UNAVAILABLE');
    expect(unreachable.transient).toBe(true);
  });

  it('stops when the caller cancels', async () => {
    const a = fake.uploadAttachment({
      filename: 'slow.pdf',
      content: 'x'.repeat(10_000),
      behaviour: 'stall',
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(downloadAttachment(ref(a), options({ signal: controller.signal })));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe('The download of slow.pdf was cancelled.');
  });

  it('rejects a nonsense declared size', async () => {
    const error = await failure(
      downloadAttachment({ url: `${fake.url}/x`, size: Number.NaN, name: 'x' }, options()),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
  });
});

describe('formatBytes', () => {
  it('speaks in the units people use', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(20 * MB)).toBe('20 MB');
    expect(formatBytes(31.25 * MB)).toBe('31.3 MB');
  });
});
