import { renderMail } from '../src/bots/email/render.js';
import { createSmtpSender } from '../src/bots/email/transport/index.js';
import { parseHeaderBlock } from '../src/core/email/headers.js';
import { triageInbound } from '../src/core/email/triage.js';
import { type InboundMail, memoryMailboxState, silentLogger } from '../src/core/ports/index.js';
import { type Reply, reply } from '../src/core/reply.js';
import { type Bench, fmt, median, quantile, timeRuns } from './harness.js';

/**
 * E-mail figures: header triage per inbound message, rendering a large reply as mail,
 * sending over SMTP to a local capture, and reading from a private Dovecot (when it can
 * run here). Network figures are loopback: they measure the bot's own overhead.
 */

const listHeaders = [
  ...Array.from(
    { length: 12 },
    (_, i) =>
      `Received: from relay${i}.example.org (relay${i}.example.org [192.0.2.${i}])\r\n\tby mx.bot.example.org with ESMTPS id ${i}; Tue, 3 Jun 2014 17:05:0${i % 10} +0200`,
  ),
  'Authentication-Results: mx.bot.example.org; spf=pass smtp.mailfrom=secretariat@wsis.example.org; dkim=pass header.d=wsis.example.org; dmarc=pass header.from=wsis.example.org',
  `DKIM-Signature: v=1; a=rsa-sha256; d=wsis.example.org; s=sel; h=from:to:subject; b=${'A'.repeat(344)}`,
  'From: "MPP Secretariat" <secretariat@wsis.example.org>',
  'To: WSIS+10 civil society <wsis@lists.example.org>',
  'Subject: =?UTF-8?Q?Corrected_invitation=3A_sixth_MPP_meeting=2C_9_June_2014?=',
  'Message-ID: <mpp6-corrected@wsis.example.org>',
  'References: <mpp6@wsis.example.org>',
  'List-Id: WSIS+10 civil society <wsis.lists.example.org>',
  'List-Post: <mailto:wsis@lists.example.org>',
  'Precedence: list',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  'body',
].join('\r\n');

/** A bracket report with `rows` timed rows; `shiftDays` makes its instants new to any cache. */
function bigReply(rows: number, shiftDays = 0): Reply {
  return reply('Brackets still open in the Vision draft, 1 June version', {
    tone: 'warning',
    summary: [
      'Compared with the 28 May version, as of ',
      { time: '2014-06-01T00:30:00Z', zone: 'Europe/Zurich' },
    ],
    sections: [
      {
        heading: 'By section',
        table: {
          columns: ['Section', 'Brackets', 'Latest change'],
          rows: Array.from({ length: rows }, (_, i) => [
            `C${(i % 11) + 1} paragraph ${i + 1}`,
            String(i % 7),
            [
              {
                time: new Date(Date.UTC(2014, 4, 28) + shiftDays * 86_400_000 + i * 60_000).toISOString(),
                zone: 'Europe/Zurich',
                style: 'time',
              },
            ],
          ]),
        },
      },
      {
        heading: 'What each source says about MPP 6',
        columns: [
          { heading: 'Signed PDF invitation', items: ['14:00-16:00'] },
          { heading: 'Web page', items: ['14:00-18:00'] },
        ],
      },
    ],
  });
}

/** Rejects when `promise` takes longer than `ms`, so a broken setup cannot hang the run. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function smtpFigures(log: (line: string) => void): Promise<void> {
  const { startSmtpCapture } = await import('../tests/helpers/smtp-capture.js');
  const capture = await startSmtpCapture();
  const sender = createSmtpSender({
    smtp: { host: capture.host, port: capture.port, secure: false, pool: true },
    from: 'Rapporteur <rapporteur@bot.example.org>',
    logger: silentLogger,
  });
  const message = bigReply(20);
  const n = 100;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    await sender.send({ to: ['wsis@lists.example.org'], reply: message, idempotencyKey: `bench:${i}` });
  }
  const ms = performance.now() - t0;
  await capture.waitFor(n, 10_000);
  log(
    `  smtp send (pooled, sequential, 20-row reply, text+html): ${fmt((n / ms) * 1000, 0)} msg/s, ${fmt(ms / n, 2)} ms/msg`,
  );
  sender.close();
  await capture.stop();
}

async function imapFigures(log: (line: string) => void): Promise<void> {
  const { dovecotUsable, startDovecot } = await import('../tests/helpers/dovecot.js');
  let usable = false;
  try {
    usable = dovecotUsable();
  } catch {
    usable = false;
  }
  if (!usable) {
    log('  imap read: skipped (no usable Dovecot here; see scripts/ensure-dovecot.sh)');
    return;
  }
  const { createImapReader } = await import('../src/bots/email/transport/index.js');
  const dovecot = await startDovecot();
  try {
    const n = 300;
    const body = `${'The sixth meeting will take place on 9 June 2014 from 14:00 to 16:00 in Geneva. '.repeat(40)}\r\n`;
    const client = await dovecot.connect(dovecot.users.bot);
    const tAppend = performance.now();
    for (let i = 0; i < n; i++) {
      await client.append(
        'INBOX',
        `From: secretariat@wsis.example.org\r\nTo: wsis@lists.example.org\r\nSubject: Note ${i}\r\nMessage-ID: <n${i}@wsis.example.org>\r\n\r\n${body}`,
      );
    }
    const appendMs = performance.now() - tAppend;
    await client.logout();
    const received: InboundMail[] = [];
    let done!: () => void;
    const all = new Promise<void>((r) => {
      done = r;
    });
    const reader = createImapReader({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      startTls: false,
      auth: dovecot.users.bot,
      mailbox: 'INBOX',
      state: memoryMailboxState(),
      startAt: 'beginning',
      logger: silentLogger,
      pollIntervalMs: 60_000,
      onMessage: async (m) => {
        received.push(m);
        if (received.length === n) done();
      },
    });
    const t0 = performance.now();
    reader.start();
    await within(all, 60_000, 'the backlog');
    const ms = performance.now() - t0;
    await reader.stop();
    const kb = received.reduce((s, m) => s + m.size, 0) / 1024;
    log(`  imap append (one client, sequential): ${fmt((n / appendMs) * 1000, 0)} msg/s`);
    log(
      `  imap read backlog (${n} messages, ${fmt(kb / n, 1)} KiB each, incl. login): ${fmt((n / ms) * 1000, 0)} msg/s, ${fmt(ms, 0)} ms total`,
    );

    // Latency of IDLE: from APPEND on another connection to the handler.
    const latencies: number[] = [];
    let arrived: (() => void) | undefined;
    const live = createImapReader({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      startTls: false,
      auth: dovecot.users.bot,
      mailbox: 'INBOX',
      state: memoryMailboxState(),
      logger: silentLogger,
      pollIntervalMs: 60_000,
      onMessage: async () => arrived?.(),
    });
    live.start();
    await live.ready();
    for (let i = 0; i < 10; i++) {
      const deadline = Date.now() + 10_000;
      while (live.status().phase !== 'idle' && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 5));
      const got = new Promise<void>((r) => {
        arrived = r;
      });
      const t = performance.now();
      await dovecot.append(dovecot.users.bot, `From: a@example.org\r\nSubject: live ${i}\r\n\r\nhi\r\n`);
      await within(got, 10_000, 'an IDLE notification');
      latencies.push(performance.now() - t);
    }
    await live.stop();
    latencies.sort((a, b) => a - b);
    log(
      `  imap IDLE latency (append on another connection -> handler, n=10): median ${fmt(median(latencies), 0)} ms, max ${fmt(latencies.at(-1) ?? 0, 0)} ms`,
    );
  } finally {
    await dovecot.stop();
  }
}

export const bench: Bench = {
  name: 'email: triage, render, SMTP send, IMAP read',
  async run({ log }) {
    const options = {
      routes: [{ tenant: 'cs', process: 'wsis-10', listIds: ['<wsis.lists.example.org>'] }],
      policy: { ownAddresses: ['rapporteur@bot.example.org'] },
      authservIds: ['mx.bot.example.org'],
    };
    const raw = new TextEncoder().encode(listHeaders);
    const batch = 2000;
    const triage = await timeRuns(() => {
      for (let i = 0; i < batch; i++) triageInbound(raw, options);
    }, 10);
    log(
      `  triage (${fmt(raw.length / 1024, 1)} KiB header block, route + loop verdict + sender check): median ${fmt((median(triage) / batch) * 1000, 1)} µs/msg, ${fmt((batch / median(triage)) * 1000, 0)} msg/s`,
    );

    const hostile = new TextEncoder().encode(`X-Junk: ${'a'.repeat(10 * 1024 * 1024)}`);
    const worst = await timeRuns(() => parseHeaderBlock(hostile), 5);
    log(`  header block with no end (10 MiB input, capped at 256 KiB): median ${fmt(median(worst), 2)} ms`);

    let shift = 0;
    for (const rows of [20, 500]) {
      // Cold: every instant is new (the first render of a report); warm: the same report
      // again, as when a digest goes to many subscribers.
      const cold = await timeRuns(
        () => renderMail(bigReply(rows, ++shift), { timeZone: 'Australia/Sydney' }),
        10,
        0,
      );
      const r = bigReply(rows);
      const warm = await timeRuns(() => renderMail(r, { timeZone: 'Australia/Sydney' }), 30, 3);
      const size = renderMail(r).html.length / 1024;
      log(
        `  render ${rows}-row timed reply as text+html (html ${fmt(size, 0)} KiB): cold median ${fmt(median(cold), 2)} ms, warm median ${fmt(median(warm), 2)} ms, p90 ${fmt(quantile(warm, 0.9), 2)} ms`,
      );
    }

    await smtpFigures(log);
    await imapFigures(log);
  },
};
