import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { runDemo } from '../../src/demo/demo.js';
import { REDIS_URL, serviceUp } from '../helpers/services.js';

/**
 * The demo doubles as an end-to-end test of the whole story: the terminal room, the use
 * cases, the engines, the store, and (with Redis) the worker sending alerts and reminders
 * that follow the re-timed meeting.
 */
const ROOT = join(import.meta.dirname, '../..');
let redis = false;
beforeAll(async () => {
  redis = await serviceUp('redis');
});

describe('npm run demo', () => {
  it('replays the WSIS+10 story with alerts and reminders that follow the meeting', async (ctx) => {
    if (!redis) ctx.skip();
    let out = '';
    const report = await runDemo({
      config: loadConfig({ REDIS_URL, LOG_LEVEL: 'silent' }),
      write: (t) => {
        out += t;
      },
      root: ROOT,
      pace: 0,
    });
    expect(report.skipped).toEqual([]);
    expect(out).toContain('Posted Vision #2 "1 June version"');
    expect(out).toContain('4 agreed, 5 deleted, 1 added, 1 changed');
    expect(out).toContain('9 June 2014 is a public holiday in Geneva (Whit Monday).');
    expect(out).toContain('Announced 6 days before it starts');
    expect(out).toContain('00:00-02:00 in Suva (next day)');
    expect(out).toContain('times: 14:00-16:00 (Signed invitation (PDF)) vs 14:00-18:00 (MPP web page)');
    expect(out).toContain('ALERT to #terminal: MPP-6: sources disagree on the times');
    expect(out).toContain('ALERT to #terminal: MPP-6 disagreement settled');
    expect(out).toContain('ALERT to #terminal: MPP-6 re-timed: now 15:00-18:00');
    // Both reminders fired, and the second one says what changed since the first.
    expect(report.remindersFired).toBe(2);
    expect(out).toContain('Reminder: MPP-6 starts in 24 hours');
    expect(out).toContain('The meeting you were reminded of for 14:00 now starts at 15:00.');
    // History is not news: the fifth meeting, already over, is not alerted.
    expect(out).not.toContain('ALERT to #terminal: MPP-5');
  }, 120_000);

  it('without Redis, runs the drafts and meetings and says what it skipped and why', async () => {
    let out = '';
    const report = await runDemo({
      config: loadConfig({ REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'silent' }),
      write: (t) => {
        out += t;
      },
      root: ROOT,
      pace: 0,
    });
    expect(report.remindersFired).toBe(0);
    expect(report.skipped.join(' ')).toMatch(/Redis at \S+ is not reachable/);
    expect(out).toContain('Posted Vision #2 "1 June version"');
    expect(out).toContain('Sources disagree on times');
    expect(out).toContain('skipped: alerts and reminders');
  }, 120_000);
});
