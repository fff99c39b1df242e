import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailBot, type EmailBot } from '../../src/bots/email/index.js';
import { loadConfig } from '../../src/config.js';
import type { InboundMail, OutboundMail, SentMail } from '../../src/core/ports/index.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { type LogLine, recordingLogger } from '../helpers/recording-logger.js';
import { buildMail } from './mime.js';

/**
 * Mail straight into the bot's handler (no IMAP server needed). Hostile mail: whatever
 * arrives, the bot never throws, never answers more than one person, never writes a header
 * it did not mean to, and never lets mail it cannot read block the mailbox. Commands with
 * attachments: chairs' staff can post a draft by mail to the bot. The job queue is off (no
 * Redis), the store is a real SQLite file, answers are recorded at the MailSender port.
 */

let dataDir: string;
let runtime: Runtime;
let bot: EmailBot;
const sent: OutboundMail[] = [];
const lines: LogLine[] = [];
let uid = 0;

const BOT = 'rapporteur@bot.example.org';
/** What the bot's own mail server writes when it verified the sender's domain. */
const VERIFIED = { 'Authentication-Results': 'mx.bot.example.org; dmarc=pass header.from=civil.example.org' };

function inbound(raw: string | Uint8Array): InboundMail {
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  uid++;
  return { source: 'test', mailbox: 'INBOX', uid, uidValidity: '1', size: bytes.byteLength, raw: bytes };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rapporteur-email-hostile-'));
  const config = loadConfig({
    RAPPORTEUR_DATA_DIR: dataDir,
    // Nothing listens here: the queue is off, as on a laptop without Redis.
    REDIS_URL: 'redis://127.0.0.1:1',
    LOG_LEVEL: 'silent',
    IMAP_HOST: '127.0.0.1',
    IMAP_USER: 'rapporteur',
    IMAP_PASSWORD: 'unused',
    SMTP_HOST: '127.0.0.1',
    MAIL_FROM: BOT,
    MAIL_LISTS: 'wsis@lists.example.org=WSIS+10 Vision',
    MAIL_STAFF: '@wsis.example',
    MAIL_AUTHSERV_IDS: 'mx.bot.example.org',
  });
  const logger = recordingLogger(lines);
  runtime = await createRuntime(config, { role: 'bot', queue: 'auto', logger });
  bot = createEmailBot({
    runtime,
    logger,
    sender: {
      async send(mail: OutboundMail): Promise<SentMail> {
        sent.push(mail);
        return { messageId: `<answer-${sent.length}@bot.example.org>`, accepted: mail.to, rejected: [] };
      },
    },
    rateLimit: { windowMs: 3_600_000, max: 1000 },
  });
  await bot.prepare();
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await runtime?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('hostile mail into the handler', () => {
  it('never throws on arbitrary bytes, and answers nobody', async () => {
    const before = sent.length;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        await expect(bot.handle(inbound(bytes))).resolves.toBeDefined();
      }),
      { numRuns: 60 },
    );
    expect(sent.length).toBe(before);
  });

  it('never throws on mail-shaped garbage around a command to the bot', async () => {
    const header = fc.constantFrom(
      'Subject: brackets status C9',
      'Subject: =?UTF-8?B?',
      'From: <>',
      'From: "unterminated <amina@civil.example.org',
      'Reply-To: ,,,,',
      'Content-Type: multipart/mixed; boundary=',
      'Content-Type: multipart/mixed; boundary="x"',
      'Content-Transfer-Encoding: base64',
      'References: <<<<>>>>',
      '\tfolded continuation',
      'List-Id: <>',
    );
    const before = sent.length;
    await fc.assert(
      fc.asyncProperty(
        fc.array(header, { maxLength: 12 }),
        fc.string({ maxLength: 500 }),
        async (hs, body) => {
          const raw = [`From: amina@civil.example.org`, `To: ${BOT}`, ...hs, '', body].join('\r\n');
          await expect(bot.handle(inbound(raw))).resolves.toBeDefined();
        },
      ),
      { numRuns: 60 },
    );
    // Every answer went to one person, never the bot or a list.
    for (const mail of sent.slice(before)) {
      expect(mail.to).toHaveLength(1);
      expect(mail.to[0]).not.toBe(BOT);
      expect(mail.to[0]).not.toContain('lists.example.org');
      expect(mail.autoSubmitted).toBe('auto-replied');
    }
  });

  it('answers the authenticated sender only, never the Reply-To addresses a message names', async () => {
    const before = sent.length;
    const many = Array.from({ length: 200 }, (_, i) => `victim${i}@elsewhere.example`).join(', ');
    const command = (extra: Record<string, string>) =>
      inbound(
        buildMail(
          {
            ...extra,
            From: 'amina@civil.example.org',
            'Reply-To': many,
            To: BOT,
            Subject: 'rapporteur help',
          },
          '',
        ),
      );
    // Unproven sender: no answer at all (a forged From would name the victim).
    await expect(bot.handle(command({}))).resolves.toEqual({ kind: 'not-answered', reason: 'unanswerable' });
    expect(sent.length).toBe(before);
    await bot.handle(command(VERIFIED));
    expect(sent.slice(before).map((m) => m.to)).toEqual([['amina@civil.example.org']]);
  });

  it('cannot be made to write a header through an encoded subject', async () => {
    const before = sent.length;
    await bot.handle(
      inbound(
        buildMail(
          {
            ...VERIFIED,
            From: 'amina@civil.example.org',
            To: BOT,
            Subject: '=?UTF-8?Q?rapporteur_help=0D=0ABcc:_victim@elsewhere.example?=',
          },
          '',
        ),
      ),
    );
    const [answer] = sent.slice(before);
    expect(answer?.to).toEqual(['amina@civil.example.org']);
    // The sender sanitises the subject; here the raw value must at least be the one we decoded.
    expect(answer?.subject).not.toMatch(/[\r\n]/);
    // The answer's subject is the bot's own words, never the stranger's.
    expect(answer?.subject).not.toMatch(/victim|Bcc/i);
  });

  it('treats mail claiming to come from the bot as its own, and a flood of headers as nothing special', async () => {
    const before = sent.length;
    const own = await bot.handle(
      inbound(buildMail({ From: BOT, To: BOT, Subject: 'rapporteur help' }, 'rapporteur help')),
    );
    expect(own).toEqual({ kind: 'ignored', reason: 'own-mail' });
    const fields = Array.from({ length: 3000 }, (_, i) => `X-Filler-${i}: ${'x'.repeat(60)}`).join('\r\n');
    const flood = await bot.handle(
      inbound(`From: amina@civil.example.org\r\nTo: ${BOT}\r\n${fields}\r\nSubject: rapporteur help\r\n\r\n`),
    );
    expect(flood.kind).toBeDefined();
    expect(sent.length).toBeLessThanOrEqual(before + 1);
  });

  it('reads a message forwarded twelve times within the depth limit; refuses one too large to read', async () => {
    const nested = (levels: number) => {
      let inner = buildMail({ From: 'mpp-secretariat@wsis.example', Subject: 'inner' }, 'innermost');
      for (let i = 0; i < levels; i++) {
        inner = buildMail({ From: 'mpp-secretariat@wsis.example', Subject: `level ${i}` }, 'forwarded', [
          { filename: `level-${i}.eml`, contentType: 'message/rfc822', content: inner },
        ]);
      }
      return inbound(
        `List-Id: <wsis.lists.example.org>\r\n${buildMail({ From: 'mpp-secretariat@wsis.example', To: 'wsis@lists.example.org', Subject: 'Fwd: nested' }, 'See below.', [{ filename: 'fwd.eml', contentType: 'message/rfc822', content: inner }])}`,
      );
    };
    await expect(bot.handle(nested(12))).resolves.toMatchObject({
      kind: 'read',
      drafts: { posted: 0, refused: 0 },
    });
    // Base64 inside base64 grows by a third per level: thirty levels exceed the file limit.
    await expect(bot.handle(nested(30))).resolves.toEqual({ kind: 'ignored', reason: 'unreadable' });
    expect(lines.findLast((l) => l.obj.component === 'email-bot')).toMatchObject({
      msg: 'could not read a message',
      obj: { code: 'FILE_TOO_LARGE' },
    });
    const next = await bot.handle(
      inbound(
        buildMail({ ...VERIFIED, From: 'amina@civil.example.org', To: BOT, Subject: 'rapporteur help' }, ''),
      ),
    );
    expect(next.kind).toBe('answered');
  });

  it('caps answers per sender domain, however many addresses of it write', async () => {
    const before = sent.length;
    const outcomes = [];
    for (let i = 0; i < 25; i++) {
      outcomes.push(
        await bot.handle(
          inbound(
            buildMail(
              {
                'Authentication-Results': 'mx.bot.example.org; dmarc=pass header.from=many.example',
                From: `person${i}@many.example`,
                To: BOT,
                Subject: 'rapporteur help',
              },
              '',
            ),
          ),
        ),
      );
    }
    expect(sent.length - before).toBe(20);
    expect(outcomes.filter((o) => o.kind === 'not-answered' && o.reason === 'rate-limited')).toHaveLength(5);
  });

  it('answers a malformed command with what is wrong, not a stack trace', async () => {
    const before = sent.length;
    await bot.handle(
      inbound(
        buildMail(
          {
            ...VERIFIED,
            From: 'amina@civil.example.org',
            To: BOT,
            Subject: 'brackets status --version "unclosed',
          },
          '',
        ),
      ),
    );
    const [answer] = sent.slice(before);
    expect(answer?.reply.title).toBeTruthy();
    expect(JSON.stringify(answer?.reply)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('commands with attachments, straight to the bot', () => {
  const draft = (from: string, extra: Record<string, string> = {}) =>
    inbound(
      buildMail(
        { ...extra, From: from, To: BOT, Subject: 'draft post --document Vision --label "31 May version"' },
        '',
        [
          {
            filename: 'vision-2014-05-31.md',
            contentType: 'text/markdown',
            content: readFileSync(join(import.meta.dirname, '../fixtures/drafts/vision-2014-05-31.md')),
          },
        ],
      ),
    );

  it('posts the attached draft for authenticated chairs’ staff, and says so', async () => {
    const before = sent.length;
    const outcome = await bot.handle(
      draft('MPP Secretariat <mpp-secretariat@wsis.example>', {
        'Authentication-Results': 'mx.bot.example.org; dmarc=pass header.from=wsis.example',
      }),
    );
    expect(outcome.kind).toBe('answered');
    const [answer] = sent.slice(before);
    expect(answer?.to).toEqual(['mpp-secretariat@wsis.example']);
    expect(answer?.reply.title).toBe('Posted Vision #1 "31 May version"');
  });

  it('refuses the same command from a sender the mail server did not vouch for, without answering', async () => {
    const before = sent.length;
    const outcome = await bot.handle(draft('MPP Secretariat <mpp-secretariat@wsis.example>'));
    // Not posted, and no answer: the From may be forged, so the bot writes to nobody.
    expect(outcome).toEqual({ kind: 'not-answered', reason: 'unanswerable' });
    expect(sent.length).toBe(before);
  });

  it('tells an authenticated sender who is not staff that posting is not allowed', async () => {
    const before = sent.length;
    await bot.handle(draft('Amina <amina@civil.example.org>', VERIFIED));
    const [answer] = sent.slice(before);
    expect(answer?.reply.title).toBe('Not allowed');
    expect(answer?.reply.summary).toContain("Only the chairs' staff");
  });
});
