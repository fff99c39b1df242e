import { renderSlackReply } from '../src/bots/slack/render.js';
import { createSlackTransport } from '../src/bots/slack/transport.js';
import { silentLogger } from '../src/core/ports/index.js';
import { type Reply, reply } from '../src/core/reply.js';
import { startFakeSlack } from '../tests/helpers/fake-slack/server.js';
import { slackPayloadProblems } from '../tests/helpers/slack-payload.js';
import { sendSigned, slashCommandBody } from '../tests/helpers/slack-signing.js';
import { type Bench, fmt, median, quantile, timeRuns } from './harness.js';

/**
 * Slack figures: how long the Block Kit renderer takes on small, long and very long
 * replies (with the cut and the full-report file), how long the limit checker takes, and
 * the latency of a signed slash command through the real Bolt app to the fake Slack:
 * time to the HTTP ack and time until the answer reaches the response_url.
 */

function replyOf(items: number, rows: number): Reply {
  return reply('Vision draft, 1 June 2014: open brackets', {
    tone: 'warning',
    summary: [
      'Open brackets in C5, C8, C9 and Section III; next meeting ',
      { time: '2014-06-09T12:00:00Z' },
      '.',
    ],
    sections: [
      {
        heading: 'Action Line C9 (media)',
        items: Array.from({ length: items }, (_, i) => [
          `¶ ${i + 1} `,
          { code: `[Alt ${(i % 2) + 1}: “in their respective roles and responsibilities”]` },
          ' proposed by G77 & China',
        ]),
      },
      {
        heading: 'Sources for MPP 6',
        table: {
          columns: ['Source', 'Seen', 'Time'],
          rows: Array.from({ length: rows }, (_, i) => [`Source ${i}`, '3 June 2014', '14:00-18:00']),
        },
      },
    ],
    actions: [{ command: 'brackets diff --full', label: 'Show full diff' }],
    footer: 'Package deal: nothing is agreed until everything is agreed.',
  });
}

export const bench: Bench = {
  name: 'slack',
  async run({ log }) {
    for (const [label, r] of [
      ['small (5 items, 3 rows)', replyOf(5, 3)],
      ['long (700 items, 40 rows)', replyOf(700, 40)],
      ['very long (20 000 items, 2 000 rows)', replyOf(20_000, 2_000)],
    ] as const) {
      let out = renderSlackReply(r);
      const times = await timeRuns(
        () => {
          out = renderSlackReply(r, { zone: 'Australia/Sydney' });
        },
        label.startsWith('very') ? 10 : 200,
        3,
      );
      const report = out.files.find((f) => f.role === 'full-report');
      log(
        `  render ${label}: median ${fmt(median(times), 3)} ms, p95 ${fmt(quantile(times, 0.95), 3)} ms; ` +
          `${out.blocks.length} blocks, ${JSON.stringify(out.blocks).length} JSON chars, ` +
          `truncated=${out.truncated}${report ? `, report ${report.content.length} chars` : ''}`,
      );
      const check = await timeRuns(() => slackPayloadProblems(out), 200, 3);
      log(`  slackPayloadProblems on it: median ${fmt(median(check), 3)} ms`);
    }

    const fake = await startFakeSlack();
    fake.addChannel({ id: 'C0VISION' });
    fake.addUser({ id: 'U0CIVIL', tz: 'Australia/Sydney' });
    const secret = 'bench-secret';
    const bot = createSlackTransport({
      mode: 'http',
      botToken: fake.botToken,
      signingSecret: secret,
      slackApiUrl: fake.apiUrl,
      port: 0,
      host: '127.0.0.1',
      commands: ['/brackets'],
      logger: silentLogger,
      maxFileBytes: 1 << 20,
      downloadTimeoutMs: 5000,
      clientRetries: 0,
      handlers: { command: async () => replyOf(5, 3) },
    });
    try {
      const { port } = await bot.start();
      const url = `http://127.0.0.1:${port}/slack/events`;
      const acks: number[] = [];
      const answers: number[] = [];
      for (let i = 0; i < 60; i++) {
        const responseUrl = fake.responseUrl('C0VISION');
        const before = fake.messages.length;
        const body = slashCommandBody({
          command: '/brackets',
          text: 'status C9',
          userId: 'U0CIVIL',
          channelId: 'C0VISION',
          responseUrl,
        });
        const t0 = performance.now();
        const res = await sendSigned(url, secret, body, 'form');
        acks.push(res.ms);
        while (fake.messages.length === before) await new Promise((r) => setTimeout(r, 1));
        answers.push(performance.now() - t0);
      }
      const a = acks.slice(10).sort((x, y) => x - y);
      const b = answers.slice(10).sort((x, y) => x - y);
      log(
        `  slash command over loopback (50 after 10 warm-up): ack median ${fmt(median(a), 2)} ms, p95 ${fmt(quantile(a, 0.95), 2)} ms; ` +
          `answer on response_url median ${fmt(median(b), 2)} ms, p95 ${fmt(quantile(b, 0.95), 2)} ms`,
      );
    } finally {
      await bot.stop();
      await fake.close();
    }
  },
};
