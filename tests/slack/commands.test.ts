import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackWebClient } from '../../src/bots/slack/client.js';
import { createSlackCommandHandlers, type SlackCommandHandlers } from '../../src/bots/slack/commands.js';
import { createSlackDirectory } from '../../src/bots/slack/directory.js';
import type { SlackCommandRequest, SlackRequestContext } from '../../src/bots/slack/transport.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { plainText, renderPlain } from '../../src/core/reply.js';
import { createTestApp, fixture, type TestApp } from '../helpers/app.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack/server.js';

/**
 * The registry adapter on its own: requests built as app.ts builds them, the real registry
 * and use cases on an in-memory store, and the fake Slack Web API for people and files.
 */

let fake: FakeSlack;
let app: TestApp;
let handlers: SlackCommandHandlers;
const TEAM = 'T0WSIS10';
const CHANNEL = 'C0VISION';

beforeAll(async () => {
  fake = await startFakeSlack();
  fake.addChannel({ id: CHANNEL, name: 'wsis-vision' });
  fake.addUser({ id: 'U0ADMIN', isAdmin: true });
  fake.addUser({ id: 'U0STAFF', tz: 'Europe/Zurich' });
  fake.addUserGroup({ id: 'S0CHAIRS', users: ['U0STAFF'] });
  app = await createTestApp('2014-06-03T09:00:00Z');
  const client = createSlackWebClient(fake.botToken, {
    logger: silentLogger,
    slackApiUrl: fake.apiUrl,
    retries: 0,
  });
  handlers = createSlackCommandHandlers({
    deps: app.deps,
    client,
    directory: createSlackDirectory({ client, logger: silentLogger, clock: app.clock }),
    logger: silentLogger,
    // Files are created with the machine's time; the window is measured on the same clock.
    clock: { now: () => new Date() },
    botToken: fake.botToken,
    trustedOrigins: [new URL(fake.apiUrl).origin],
    maxFileBytes: 1024 * 1024,
    downloadTimeoutMs: 5000,
    workspace: () => ({ teamId: TEAM, name: 'WSIS+10 caucus' }),
  });
  await run('U0ADMIN', '/rapporteur', 'follow WSIS+10 Vision', { isAdmin: true });
  await run('U0ADMIN', '/rapporteur', 'staff add <!subteam^S0CHAIRS|@chairs-staff>', { isAdmin: true });
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
});

let n = 0;
function request(userId: string, command: string, text: string, more: Partial<SlackCommandRequest> = {}) {
  const isAdmin = more.person?.isAdmin ?? false;
  const base: SlackRequestContext = {
    requestId: `req${++n}`,
    teamId: TEAM,
    isEnterpriseInstall: false,
    channelId: CHANNEL,
    channelName: 'wsis-vision',
    userId,
    person: { userId, zone: 'Europe/Zurich', isAdmin, known: true },
    zone: 'Europe/Zurich',
  };
  return { ...base, command, text, teamDomain: 'wsis-caucus', ...more };
}

function run(
  userId: string,
  command: string,
  text: string,
  options: { isAdmin?: boolean } & Partial<SlackCommandRequest> = {},
) {
  const { isAdmin, ...more } = options;
  return handlers.command(
    request(userId, command, text, {
      ...more,
      person: { userId, zone: 'Europe/Zurich', isAdmin: isAdmin ?? false, known: true },
    }),
  );
}

const text = (r: Awaited<ReturnType<typeof run>>) => renderPlain(r);

describe('the Slack registry adapter', () => {
  it('uses the workspace as the tenant, named as auth.test says; an org-wide install uses the organisation', async () => {
    const tenants = async () => (await app.store.listTenants()).map((t) => [t.externalId, t.name]);
    expect(await tenants()).toContainEqual([TEAM, 'WSIS+10 caucus']);
    await run('U0ADMIN', '/rapporteur', 'follow Enterprise process', {
      isAdmin: true,
      teamId: 'T0OTHER',
      enterpriseId: 'E0UNITED',
      isEnterpriseInstall: true,
      enterpriseName: 'United Nations family',
    });
    expect(await tenants()).toContainEqual(['E0UNITED', 'United Nations family']);
    expect((await tenants()).some(([id]) => id === 'T0OTHER')).toBe(false);
  });

  it('tells the acknowledgement what is slow, before anything is looked up', () => {
    expect(handlers.ackText({ command: '/draft', text: 'post document:Vision' })).toBe(
      'Working on /draft post…',
    );
    expect(handlers.ackText({ command: '/brackets', text: 'status C9' })).toBeUndefined();
    expect(handlers.ackText({ command: '/brackets', text: '' })).toBeUndefined();
    expect(handlers.ackText({ command: '/nonsense', text: 'x'.repeat(5000) })).toBeUndefined();
  });

  it('announces a meeting from typed text without taking a file shared earlier', async () => {
    fake.addFile({ name: 'unrelated.pdf', content: '%PDF-1.4\n', user: 'U0STAFF', channels: [CHANNEL] });
    const listed = fake.calls('files.list').length;
    const r = await run(
      'U0STAFF',
      '/meetings',
      'announce The sixth MPP meeting will take place on 9 June 2014, 14:00-18:00, ITU, Geneva.',
    );
    expect(r.tone).toBe('success');
    expect(fake.calls('files.list').length).toBe(listed);
    expect(r.footer ?? '').not.toContain('unrelated.pdf');
  });

  it('announces from the invitation just shared when nothing is typed', async () => {
    fake.addFile({
      name: 'mpp6-invitation.txt',
      content: fixture('schedule', '2014-06-03-mpp6-invitation.txt'),
      user: 'U0STAFF',
      channels: [CHANNEL],
    });
    const r = await run('U0STAFF', '/meetings', 'announce');
    expect(r.tone).toBe('success');
    expect(r.footer).toMatch(/^File: mpp6-invitation\.txt, shared by you here just now\./);
    expect(text(r)).toContain('MPP');
  });

  it('falls back to the file_shared events it saw when files.list fails', async () => {
    const file = fake.addFile({
      name: 'mpp6-webpage.html',
      content: fixture('schedule', '2014-06-03-mpp6-webpage.html'),
      user: 'U0STAFF',
      channels: [CHANNEL],
    });
    await handlers.fileShared({
      id: file.id,
      channelId: CHANNEL,
      userId: 'U0STAFF',
      teamId: TEAM,
      sharedAt: Date.now(),
      describe: async () => ({ name: file.name, mimetype: file.mimetype, size: file.content.length }),
      download: async () => {
        throw new Error('not used: the command downloads');
      },
    });
    fake.fail('files.list', { kind: 'error', error: 'internal_error' });
    const r = await run('U0STAFF', '/meetings', 'announce');
    expect(r.footer).toMatch(/^File: mpp6-webpage\.html/);
    expect(plainText(r.title)).not.toContain('Could not');
  });

  it('refuses a file kept outside Slack with what to do instead', async () => {
    const file = fake.addFile({
      name: 'Vision draft (Google Docs)',
      content: 'x',
      user: 'U0STAFF',
      channels: [CHANNEL],
      external: true,
    });
    const r = await run('U0STAFF', '/draft', `post ${file.id} document:Vision`);
    expect(r.ephemeral).toBe(true);
    expect(text(r)).toContain('a link to a file kept outside Slack');
    expect(fake.requests.some((q) => q.kind === 'download' && q.path.includes(file.id))).toBe(false);
  });

  it('answers a button for the person who clicked it only', async () => {
    const r = await handlers.action({
      ...request('U0STAFF', '', ''),
      command: 'meetings show MPP-6',
    });
    expect(r.ephemeral).toBe(true);
    expect(r.title).toContain('MPP-6');
  });

  it('survives hostile text: huge, control characters, unbalanced quotes and markup', async () => {
    for (const t of [
      'status '.repeat(20_000),
      'status "C9',
      'status \u0000\u202e<<<>>>&&&',
      'diff from:<@U0ADMIN> to:<!here>',
      '<https://evil.example|status> C9',
    ]) {
      const r = await run('U0STAFF', '/brackets', t);
      expect(typeof r.title).toBe('string');
      expect(text(r)).not.toMatch(/TypeError|at .*\.ts:\d+/);
    }
  });
});
