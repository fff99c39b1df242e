import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEmailBot } from '../src/bots/email/index.js';
import { loadConfig } from '../src/config.js';
import { mailSetup, planInbound } from '../src/core/email/inbound.js';
import { triageInbound } from '../src/core/email/triage.js';
import { type InboundMail, type OutboundMail, type SentMail, silentLogger } from '../src/core/ports/index.js';
import { createRuntime } from '../src/runtime.js';
import { makePdf, typeset } from '../tests/helpers/make-pdf.js';
import { type Bench, fmt, median, quantile, timeRuns } from './harness.js';

/**
 * The mailing-list bot's own cost per inbound message, without the network: header
 * decisions alone; a message dropped unread; a list announcement with a PDF letter read
 * (extraction sandbox, claims, store, change log); a draft posted by authenticated staff;
 * a command answered from the store. The store is SQLite in a temporary directory, the job
 * queue is off and answers stop at the MailSender port, so the figures are the bot's.
 */

const FIXTURES = join(import.meta.dirname, '../tests/fixtures');
const BOT = 'rapporteur@bot.example.org';
const LIST_HEADERS = 'List-Id: <wsis.lists.example.org>\r\nPrecedence: list\r\n';

function mime(
  headers: string,
  body: string,
  attachment?: { name: string; type: string; bytes: Uint8Array },
): string {
  if (!attachment)
    return `${headers}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;
  const b64 = Buffer.from(attachment.bytes).toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    `${headers}MIME-Version: 1.0`,
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '--b',
    `Content-Type: ${attachment.type}; name="${attachment.name}"`,
    `Content-Disposition: attachment; filename="${attachment.name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    b64,
    '--b--',
    '',
  ].join('\r\n');
}

const ORDINALS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
];

/** The invitation letter as a PDF, for the `n`-th meeting of a working group. */
function letter(n: number): Uint8Array {
  const day = 1 + (n % 27);
  const text = [
    'Commission on Science and Technology for Development, working group on enhanced cooperation',
    `Geneva, ${day} March 2015`,
    `Invitation: ${ORDINALS[n % 10]} meeting of the working group (WGEC-${n + 1})`,
    'Dear colleagues,',
    `I have the honour to invite you to the ${ORDINALS[n % 10]} meeting of the working group, which will take place on ${day} April 2015 from 10:00 to 13:00 at the Palais des Nations, Geneva (Room XXV).`,
    'Yours sincerely, the Chair',
  ];
  return makePdf(typeset({ paragraphs: text.map((t) => ({ text: t })) }));
}

export const bench: Bench = {
  name: 'e-mail bot: inbound messages',
  async run({ log }) {
    const setup = mailSetup({
      lists: [{ list: 'wsis.lists.example.org', process: 'Bench' }],
      botAddress: BOT,
    });
    const listMail = mime(
      `From: MPP Secretariat <mpp@wsis.example>\r\nTo: wsis@lists.example.org\r\n${LIST_HEADERS}Subject: Invitation\r\nMessage-ID: <bench@wsis.example>\r\n`,
      'Please find the invitation attached.',
    );
    const triageTimes = await timeRuns(() => planInbound(triageInbound(listMail, setup), setup), 2000, 200);
    log(
      `  triage + plan (headers only): median ${fmt(median(triageTimes) * 1000, 0)} µs, p95 ${fmt(quantile(triageTimes, 0.95) * 1000, 0)} µs`,
    );

    const dataDir = await mkdtemp(join(tmpdir(), 'rapporteur-bench-email-'));
    const config = loadConfig({
      RAPPORTEUR_DATA_DIR: dataDir,
      REDIS_URL: 'redis://127.0.0.1:1',
      LOG_LEVEL: 'silent',
      IMAP_HOST: '127.0.0.1',
      IMAP_USER: 'bench',
      IMAP_PASSWORD: 'unused',
      SMTP_HOST: '127.0.0.1',
      MAIL_FROM: BOT,
      MAIL_LISTS: 'wsis.lists.example.org=WSIS+10 Vision',
      MAIL_STAFF: '@wsis.example',
      MAIL_AUTHSERV_IDS: 'mx.bot.example.org',
      RAPPORTEUR_DEFAULT_TZ: 'Europe/Zurich',
    });
    const runtime = await createRuntime(config, { role: 'bot', queue: 'auto', logger: silentLogger });
    const answers: OutboundMail[] = [];
    const bot = createEmailBot({
      runtime,
      logger: silentLogger,
      sender: {
        async send(mail): Promise<SentMail> {
          answers.push(mail);
          return { messageId: `<a${answers.length}@bot.example.org>`, accepted: mail.to, rejected: [] };
        },
      },
      rateLimit: { windowMs: 1000, max: 1_000_000 },
    });
    try {
      await bot.prepare();
      let uid = 0;
      const handle = (raw: string) => {
        const bytes = new TextEncoder().encode(raw);
        const mail: InboundMail = {
          source: 'bench',
          mailbox: 'INBOX',
          uid: ++uid,
          uidValidity: '1',
          size: bytes.byteLength,
          raw: bytes,
        };
        return bot.handle(mail);
      };

      const own = mime(
        `From: ${BOT}\r\nTo: wsis@lists.example.org\r\n${LIST_HEADERS}Subject: MPP-6 announced\r\n`,
        'x',
      );
      const ignored = await timeRuns(() => handle(own), 500, 50);
      log(`  own alert sent back by the list (dropped unread): median ${fmt(median(ignored) * 1000, 0)} µs`);

      const letters = Array.from({ length: 40 }, (_, i) => letter(i));
      let n = 0;
      const announce = await timeRuns(
        () => {
          const i = n++;
          return handle(
            mime(
              `From: CSTD Secretariat <cstd@wsis.example>\r\nTo: wsis@lists.example.org\r\n${LIST_HEADERS}Subject: Invitation: meeting ${i + 1} of the working group\r\nMessage-ID: <wgec-${i}@wsis.example>\r\n`,
              'Dear colleagues, please find the invitation attached.',
              {
                name: `wgec-${i + 1}.pdf`,
                type: 'application/pdf',
                bytes: letters[i % letters.length] as Uint8Array,
              },
            ),
          );
        },
        40,
        0,
      );
      log(
        `  list announcement, PDF letter read and recorded (extract + claims + reconcile + store): median ${fmt(median(announce), 1)} ms, p95 ${fmt(quantile(announce, 0.95), 1)} ms`,
      );

      const draft = readFileSync(join(FIXTURES, 'drafts', 'vision-2014-06-01.md'));
      const versions = [
        'vision-2014-04-17.md',
        'vision-2014-05-28.md',
        'vision-2014-05-30.md',
        'vision-2014-05-31.md',
      ].map((f) => readFileSync(join(FIXTURES, 'drafts', f)));
      let v = 0;
      const posted = await timeRuns(
        () => {
          const bytes = [...versions, draft][v % 5] as Uint8Array;
          v++;
          return handle(
            mime(
              `Authentication-Results: mx.bot.example.org; dmarc=pass header.from=wsis.example\r\nFrom: MPP Secretariat <mpp@wsis.example>\r\nTo: wsis@lists.example.org\r\n${LIST_HEADERS}Subject: Vision draft, version ${v}\r\nMessage-ID: <vision-${v}@wsis.example>\r\n`,
              'The latest text is attached.',
              { name: `vision-${v}.md`, type: 'text/markdown', bytes },
            ),
          );
        },
        5,
        0,
      );
      log(
        `  draft from authenticated staff posted (classify + extract + parse + diff + store), 5 Vision versions: median ${fmt(median(posted), 1)} ms, max ${fmt(posted.at(-1) ?? 0, 1)} ms`,
      );

      let c = 0;
      const commands = await timeRuns(
        () =>
          handle(
            mime(
              `From: Amina Diallo <amina${c++}@civil.example.org>\r\nTo: ${BOT}\r\nSubject: brackets status C9\r\nMessage-ID: <cmd-${c}@civil.example.org>\r\n`,
              '',
            ),
          ),
        200,
        20,
      );
      log(
        `  command by mail answered (brackets status C9, to the MailSender port): median ${fmt(median(commands), 2)} ms, p95 ${fmt(quantile(commands, 0.95), 2)} ms, ${fmt(1000 / median(commands), 0)} msg/s`,
      );
      const t0 = performance.now();
      for (let i = 0; i < 200; i++) await handle(own);
      log(`  throughput, dropped messages: ${fmt(200 / ((performance.now() - t0) / 1000), 0)} msg/s`);
      const s = bot.status();
      // The figures above are only meaningful if each path did its work.
      log(
        `  (check: ${s.ingested} announcements recorded, ${s.draftsPosted} drafts posted, ${s.answered} answers; last answer "${answers.at(-1)?.reply.title}")`,
      );
    } finally {
      await bot.stop();
      await runtime.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};
