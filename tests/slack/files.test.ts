import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackWebClient } from '../../src/bots/slack/client.js';
import { downloadSlackFile, fileIdFromPermalink, uploadSlackFile } from '../../src/bots/slack/files.js';
import type { RapporteurError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack/server.js';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
  fake.addChannel({ id: 'C0VISION', name: 'vision-draft' });
});
afterAll(() => fake.close());
afterEach(() => fake.clearFaults());

const client = () =>
  createSlackWebClient(fake.botToken, { logger: silentLogger, slackApiUrl: fake.apiUrl, retries: 0 });

async function rejection(p: Promise<unknown>): Promise<RapporteurError> {
  try {
    await p;
  } catch (err) {
    return err as RapporteurError;
  }
  throw new Error('expected a rejection');
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);

describe('uploadSlackFile', () => {
  it('runs the three steps and shares the file in a thread, declaring the length in bytes', async () => {
    const before = fake.requests.length;
    // Accents and CJK: more bytes than characters.
    const content = 'Déclaration de principes — 日内瓦 2003\n'.repeat(20);
    const uploaded = await uploadSlackFile(client(), {
      filename: 'vision-status.txt',
      content,
      title: 'Vision draft status',
      channelId: 'C0VISION',
      threadTs: '1401800000.000100',
    });
    const steps = fake.requests.slice(before).map((r) => r.api ?? r.kind);
    expect(steps).toEqual(['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    const [getUrl, , complete] = fake.requests.slice(before);
    expect(getUrl?.args.length).toBe(String(Buffer.byteLength(content)));
    expect(complete?.args).toMatchObject({
      channel_id: 'C0VISION',
      thread_ts: '1401800000.000100',
      files: [{ id: uploaded.id, title: 'Vision draft status' }],
    });
    expect(fake.files.get(uploaded.id)?.content.toString('utf8')).toBe(content);
    expect(fake.messages.at(-1)).toMatchObject({
      via: 'file_share',
      channel: 'C0VISION',
      files: [uploaded.id],
    });
  });

  it('retries the byte upload once after a 5xx', async () => {
    fake.fail('upload', { kind: 'http', status: 502 });
    const uploaded = await uploadSlackFile(client(), {
      filename: 'a.txt',
      content: 'agreed ad ref',
      channelId: 'C0VISION',
    });
    expect(fake.files.get(uploaded.id)?.content.toString()).toBe('agreed ad ref');
  });

  it('classifies a refusal to share: not_in_channel is permanent', async () => {
    fake.addChannel({ id: 'C0OUTSIDE', isMember: false });
    const err = await rejection(
      uploadSlackFile(client(), { filename: 'a.txt', content: 'x', channelId: 'C0OUTSIDE' }),
    );
    expect(err.code).toBe('PERMISSION_DENIED');
    expect(err.transient).toBe(false);
    expect(err.hint).toMatch(/invite/i);
  });

  it('refuses an empty file before calling Slack', async () => {
    const before = fake.requests.length;
    const err = await rejection(uploadSlackFile(client(), { filename: 'empty.txt', content: '' }));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(fake.requests.length).toBe(before);
  });
});

describe('downloadSlackFile', () => {
  const options = () => ({
    token: fake.botToken,
    maxBytes: 1024 * 1024,
    timeoutMs: 2000,
    trustedOrigins: [new URL(fake.url).origin],
  });

  it('downloads a shared PDF with the bot token', async () => {
    const f = fake.addFile({ name: 'vision-2014-06-01.pdf', content: PDF });
    const got = await downloadSlackFile(
      { name: f.name, url: f.urlPrivate, mimetype: f.mimetype, size: PDF.length },
      options(),
    );
    expect(Buffer.from(got.bytes).equals(PDF)).toBe(true);
    expect(got.contentType).toBe('application/pdf');
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${fake.botToken}`);
  });

  it('recognises Slack’s sign-in page (token without files:read) and says what to do', async () => {
    const f = fake.addFile({
      name: 'vision-2014-06-01.docx',
      content: Buffer.from('PK\u0003\u0004rest'),
      loginPage: true,
    });
    const err = await rejection(
      downloadSlackFile({ name: f.name, url: f.urlPrivate, mimetype: f.mimetype }, options()),
    );
    expect(err.code).toBe('PERMISSION_DENIED');
    expect(err.message).toMatch(/sign-in page instead of vision-2014-06-01\.docx/);
    expect(err.hint).toMatch(/files:read/);
  });

  it('gets the sign-in page with a wrong token, and reports it the same way', async () => {
    const f = fake.addFile({ name: 'notes.txt', content: 'Whit Monday session' });
    const err = await rejection(
      downloadSlackFile({ name: f.name, url: f.urlPrivate }, { ...options(), token: 'xoxb-wrong' }),
    );
    expect(err.code).toBe('PERMISSION_DENIED');
  });

  it('accepts an HTML file that really is HTML', async () => {
    const html = '<!DOCTYPE html><html><body><p>MPP 6: 14:00-18:00</p></body></html>';
    const f = fake.addFile({ name: 'mpp6.html', content: html, mimetype: 'text/html' });
    const got = await downloadSlackFile(
      { name: f.name, url: f.urlPrivate, mimetype: 'text/html' },
      options(),
    );
    expect(Buffer.from(got.bytes).toString()).toBe(html);
  });

  it('refuses a file over the limit from its metadata, before any request', async () => {
    const f = fake.addFile({ name: 'big.pdf', content: PDF });
    const before = fake.requests.length;
    const err = await rejection(
      downloadSlackFile(
        { name: f.name, url: f.urlPrivate, size: 50 * 1024 * 1024 },
        { ...options(), maxBytes: 1024 },
      ),
    );
    expect(err.code).toBe('FILE_TOO_LARGE');
    expect(err.message).toBe('big.pdf is 50 MB, over the 1 KB limit.');
    expect(fake.requests.length).toBe(before);
  });

  it('stops reading once the limit is passed when nothing announced the size', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300_000, 0x41)]);
    const f = fake.addFile({ name: 'unannounced.pdf', content: big });
    // Strip Content-Length so only the streaming count can catch it.
    const streaming: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const headers = new Headers(res.headers);
      headers.delete('content-length');
      return new Response(res.body, { status: res.status, headers });
    };
    const err = await rejection(
      downloadSlackFile(
        { name: f.name, url: f.urlPrivate },
        { ...options(), maxBytes: 100_000, fetch: streaming },
      ),
    );
    expect(err.code).toBe('FILE_TOO_LARGE');
  });

  it('gives up after the deadline', async () => {
    const f = fake.addFile({ name: 'slow.pdf', content: PDF });
    fake.fail('download', { kind: 'delay', ms: 1500 });
    const t0 = Date.now();
    const err = await rejection(
      downloadSlackFile({ name: f.name, url: f.urlPrivate }, { ...options(), timeoutMs: 200 }),
    );
    expect(err.code).toBe('TIMEOUT');
    expect(Date.now() - t0).toBeLessThan(1200);
  });

  it('rejects bytes that are not what the name says', async () => {
    const f = fake.addFile({ name: 'renamed.pdf', content: 'just text, not a PDF' });
    const err = await rejection(
      downloadSlackFile({ name: f.name, url: f.urlPrivate, mimetype: 'application/pdf' }, options()),
    );
    expect(err.code).toBe('TYPE_MISMATCH');
  });

  it('maps Slack outages to UNAVAILABLE and missing files to NOT_FOUND', async () => {
    const f = fake.addFile({ name: 'x.txt', content: 'x' });
    fake.fail('download', { kind: 'http', status: 503 });
    expect((await rejection(downloadSlackFile({ name: f.name, url: f.urlPrivate }, options()))).code).toBe(
      'UNAVAILABLE',
    );
    const missing = `${fake.url}/files-pri/${fake.teamId}-F0GONE/x.txt`;
    expect((await rejection(downloadSlackFile({ name: 'x.txt', url: missing }, options()))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('never sends the token to a host that is not Slack', async () => {
    const err = await rejection(
      downloadSlackFile(
        { name: 'x.pdf', url: 'https://files.example.org/x.pdf' },
        { ...options(), trustedOrigins: [] },
      ),
    );
    expect(err.code).toBe('PERMISSION_DENIED');
    expect(err.message).toMatch(/Refusing to send the bot token to files\.example\.org/);
  });
});

describe('fileIdFromPermalink', () => {
  it('finds the file ID in a permalink', () => {
    expect(fileIdFromPermalink('https://wsis.slack.com/files/U0SECRET/F07ABCDEF/vision.docx')).toBe(
      'F07ABCDEF',
    );
    expect(fileIdFromPermalink('https://wsis.slack.com/archives/C0/p123')).toBeUndefined();
    expect(fileIdFromPermalink('not a url')).toBeUndefined();
  });
});
