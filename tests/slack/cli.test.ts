import { afterEach, describe, expect, it } from 'vitest';
import { SLACK_BOT_SCOPES } from '../../src/bots/slack/manifest.js';
import { runCli } from '../../src/cli/index.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack/server.js';

/** `rapporteur slack check` against the fake Slack: what an operator sees before starting the bot. */

let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function check(env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['slack', 'check'], {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env,
    cwd: process.cwd(),
  });
  return { code, out, err };
}

const envFor = (f: FakeSlack, more: Record<string, string> = {}) => ({
  SLACK_BOT_TOKEN: f.botToken,
  SLACK_APP_TOKEN: f.appToken,
  SLACK_API_URL: f.apiUrl,
  ...more,
});

describe('rapporteur slack check', () => {
  it('reports the workspace, the bot user, the scopes and the app token, and never prints a token', async () => {
    fake = await startFakeSlack({ scopes: Object.keys(SLACK_BOT_SCOPES) });
    const { code, out } = await check(envFor(fake));
    expect(code).toBe(0);
    expect(out).toContain(`Workspace    WSIS+10 caucus (${fake.teamId})`);
    expect(out).toContain(`Bot user     rapporteur (${fake.botUserId})`);
    expect(out).toContain(`Scopes       all ${Object.keys(SLACK_BOT_SCOPES).length} granted`);
    expect(out).toContain('App token    accepted for Socket Mode');
    expect(out).not.toContain(fake.botToken);
    expect(out).not.toContain(fake.appToken);
  });

  it('names each missing scope with what needs it, and fails', async () => {
    fake = await startFakeSlack({
      scopes: Object.keys(SLACK_BOT_SCOPES).filter((s) => s !== 'usergroups:read' && s !== 'files:read'),
    });
    const { code, out } = await check(envFor(fake));
    expect(code).toBe(1);
    expect(out).toContain('MISSING files:read, usergroups:read');
    expect(out).toContain('usergroups:read: needed for usergroups.list');
    expect(out).toContain('reinstall the app');
  });

  it('fails clearly on a refused bot token or app token', async () => {
    fake = await startFakeSlack({ scopes: Object.keys(SLACK_BOT_SCOPES) });
    const badBot = await check(envFor(fake, { SLACK_BOT_TOKEN: 'xoxb-revoked' }));
    expect(badBot.code).toBe(1);
    expect(badBot.err).toContain('invalid_auth');
    expect(badBot.err).toContain('SLACK_BOT_TOKEN');
    const badApp = await check(envFor(fake, { SLACK_APP_TOKEN: 'xapp-1-revoked' }));
    expect(badApp.code).toBe(1);
    expect(badApp.out).toContain('App token    REFUSED');
    expect(badApp.out).toContain('connections:write');
  });

  it('says what to set when Slack is not configured, and refuses a plain-http SLACK_API_URL', async () => {
    const none = await check({});
    expect(none.code).toBe(1);
    expect(none.err).toContain('Slack is not configured');
    const plain = await check({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'http://slack.example.org/api/',
    });
    expect(plain.code).toBe(1);
    expect(plain.err).toMatch(/SLACK_API_URL must use https/);
  });
});
