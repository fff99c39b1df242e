import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSlackBot } from '../src/bots/slack/index.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/core/ports/index.js';
import { createTestApp } from '../tests/helpers/app.js';
import { startFakeSlack } from '../tests/helpers/fake-slack/server.js';
import { blockActionBody, sendSigned, slashCommandBody } from '../tests/helpers/slack-signing.js';
import { type Bench, fmt, median, quantile } from './harness.js';

/**
 * The Slack app with the registry behind it: signed requests over loopback to the real Bolt
 * app (HTTP mode), the real use cases on SQLite (in memory), the fake Web API for people and
 * files. Figures: time to the HTTP ack and to the answer on the response_url for
 * `/brackets status C9` (a cached status), a button click running the full comparison, and
 * `/draft post` of the 1 June Vision draft (files.list, files.info, download, extraction,
 * bracket diff against the previous version, store).
 */

const DRAFTS = join(import.meta.dirname, '../tests/fixtures/drafts');

export const bench: Bench = {
  name: 'slack-app',
  async run({ log }) {
    const fake = await startFakeSlack();
    fake.addChannel({ id: 'C0VISION', name: 'wsis-vision' });
    fake.addUser({ id: 'U0ADMIN', isAdmin: true, tz: 'Europe/Zurich' });
    fake.addUser({ id: 'U0CIVIL', tz: 'Australia/Sydney' });
    const test = await createTestApp('2014-06-01T01:00:00Z');
    const secret = 'bench-signing-secret';
    const config = loadConfig({
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_MODE: 'http',
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: fake.apiUrl,
    });
    const app = createSlackBot({
      runtime: { config, deps: test.deps, logger: silentLogger, clock: test.clock },
      port: 0,
      host: '127.0.0.1',
      clientRetries: 0,
    });
    const { port } = await app.start();
    const url = `http://127.0.0.1:${port}/slack/events`;

    /** Sends a signed request and waits for the first answer on the response_url. */
    async function timed(body: (responseUrl: string) => string): Promise<{ ack: number; answer: number }> {
      const before = fake.messages.length;
      const t0 = performance.now();
      const res = await sendSigned(url, secret, body(fake.responseUrl('C0VISION')), 'form');
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      while (!fake.messages.slice(before).some((m) => m.via === 'response_url')) {
        await new Promise((r) => setTimeout(r, 1));
      }
      return { ack: res.ms, answer: performance.now() - t0 };
    }
    const slash = (userId: string, command: string, text: string) =>
      timed((responseUrl) =>
        slashCommandBody({ command, text, userId, channelId: 'C0VISION', responseUrl, teamId: fake.teamId }),
      );
    const report = (label: string, runs: { ack: number; answer: number }[]) => {
      const acks = runs.map((r) => r.ack).sort((a, b) => a - b);
      const answers = runs.map((r) => r.answer).sort((a, b) => a - b);
      log(
        `  ${label} (${runs.length} runs): ack median ${fmt(median(acks), 2)} ms, p95 ${fmt(quantile(acks, 0.95), 2)} ms; ` +
          `answer median ${fmt(median(answers), 1)} ms, p95 ${fmt(quantile(answers, 0.95), 1)} ms`,
      );
    };

    try {
      await slash('U0ADMIN', '/rapporteur', 'follow WSIS+10 Vision');
      const post = async (file: string, label: string, salt: string) => {
        fake.addFile({
          name: file,
          content: Buffer.concat([readFileSync(join(DRAFTS, file)), Buffer.from(salt)]),
          user: 'U0ADMIN',
          channels: ['C0VISION'],
        });
        return slash('U0ADMIN', '/draft', `post document:Vision label:"${label}"`);
      };
      await post('vision-2014-05-31.md', '31 May version', '');
      await post('vision-2014-06-01.md', '1 June version', '');

      const status = [];
      for (let i = 0; i < 60; i++) status.push(await slash('U0CIVIL', '/brackets', 'status C9'));
      report('/brackets status C9 (after 10 warm-up)', status.slice(10));

      const clicks = [];
      for (let i = 0; i < 30; i++) {
        clicks.push(
          await timed((responseUrl) =>
            blockActionBody({
              actionId: 'rapporteur:1',
              value: 'brackets diff document:Vision',
              userId: 'U0CIVIL',
              channelId: 'C0VISION',
              responseUrl,
              teamId: fake.teamId,
            }),
          ),
        );
      }
      report('button "Full comparison" (after 5 warm-up)', clicks.slice(5));

      const size = readFileSync(join(DRAFTS, 'vision-2014-06-01.md')).length;
      const posts = [];
      for (let i = 0; i < 20; i++) {
        // A trailing comment makes each upload a new version, as a re-post of the same bytes is refused.
        posts.push(
          await post('vision-2014-06-01.md', `1 June version, rerun ${i}`, `\n<!-- rerun ${i} -->\n`),
        );
      }
      report(`/draft post of a ${fmt(size / 1024, 1)} KB draft (after 3 warm-up)`, posts.slice(3));
      const posted = fake.messages.filter(
        (m) => m.via === 'response_url' && /Posted Vision #/.test(m.text ?? ''),
      );
      log(`  versions posted: ${posted.length} (2 set-up + 20 timed expected)`);
    } finally {
      await app.stop();
      await test.close();
      await fake.close();
    }
  },
};
