import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackWebClient } from '../../src/bots/slack/client.js';
import { createSlackDirectory } from '../../src/bots/slack/directory.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { TestClock } from '../helpers/app.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack/server.js';
import { recordingLogger } from './e2e-helpers.js';

let fake: FakeSlack;

beforeAll(async () => {
  fake = await startFakeSlack();
  fake.addUser({
    id: 'U0OWNER',
    name: 'owner',
    realName: 'Workspace Owner',
    isOwner: true,
    tz: 'America/Lima',
  });
  fake.addUser({ id: 'U0ADMIN', name: 'admin', displayName: 'Admin', isAdmin: true });
  fake.addUser({ id: 'U0STAFF', name: 'secretariat', displayName: 'MPP secretariat', tz: '' });
  fake.addUser({ id: 'U0CIVIL', name: 'caucus', realName: 'Caucus member', tz: 'Australia/Sydney' });
  fake.addUserGroup({ id: 'S0CHAIRS', handle: 'chairs-staff', users: ['U0STAFF', 'U0ADMIN'] });
  fake.addUserGroup({ id: 'S0CAUCUS', handle: 'caucus', users: ['U0CIVIL', 'U0STAFF'] });
});
afterAll(() => fake?.close());

const directoryAt = (clock: TestClock, logger = silentLogger) =>
  createSlackDirectory({
    client: createSlackWebClient(fake.botToken, {
      logger: silentLogger,
      slackApiUrl: fake.apiUrl,
      retries: 0,
    }),
    logger,
    clock,
    defaultZone: 'Europe/Zurich',
    ttlMs: 60_000,
  });

describe('the Slack people directory', () => {
  it('says who administers the workspace, their zone and the name they go by', async () => {
    const d = directoryAt(new TestClock(new Date('2014-06-03T10:00:00Z')));
    expect(await d.person('U0OWNER')).toEqual({
      userId: 'U0OWNER',
      zone: 'America/Lima',
      displayName: 'Workspace Owner',
      isAdmin: true,
      known: true,
    });
    expect(await d.person('U0ADMIN')).toMatchObject({ isAdmin: true, displayName: 'Admin' });
    // No zone in the profile: the bot's default zone.
    expect(await d.person('U0STAFF')).toMatchObject({
      isAdmin: false,
      zone: 'Europe/Zurich',
      displayName: 'MPP secretariat',
    });
    expect(await d.person('U0CIVIL')).toMatchObject({
      isAdmin: false,
      zone: 'Australia/Sydney',
      displayName: 'Caucus member',
    });
  });

  it('asks Slack once per person per minute, even for concurrent requests', async () => {
    const clock = new TestClock(new Date('2014-06-03T10:00:00Z'));
    const d = directoryAt(clock);
    const before = fake.calls('users.info').filter((r) => r.args.user === 'U0CIVIL').length;
    await Promise.all([d.person('U0CIVIL'), d.person('U0CIVIL'), d.person('U0CIVIL')]);
    clock.advance(59_000);
    await d.person('U0CIVIL');
    const count = () => fake.calls('users.info').filter((r) => r.args.user === 'U0CIVIL').length - before;
    expect(count()).toBe(1);
    // A promotion shows within the minute.
    (fake.users.get('U0CIVIL') as { isAdmin: boolean }).isAdmin = true;
    clock.advance(2_000);
    expect((await d.person('U0CIVIL')).isAdmin).toBe(true);
    expect(count()).toBe(2);
    (fake.users.get('U0CIVIL') as { isAdmin: boolean }).isAdmin = false;
  });

  it('lists a person’s user groups from one call per workspace', async () => {
    const d = directoryAt(new TestClock(new Date('2014-06-03T10:00:00Z')));
    const before = fake.calls('usergroups.list').length;
    expect((await d.groupsOf('U0STAFF')).sort()).toEqual(['S0CAUCUS', 'S0CHAIRS']);
    expect(await d.groupsOf('U0ADMIN')).toEqual(['S0CHAIRS']);
    expect(await d.groupsOf('U0OWNER')).toEqual([]);
    expect(fake.calls('usergroups.list').length - before).toBe(1);
    expect(fake.calls('usergroups.list').at(-1)?.args).toMatchObject({ include_users: 'true' });
  });

  it('degrades safely: an unknown person is no administrator; a plan without groups grants none, logged once', async () => {
    const logger = recordingLogger();
    const clock = new TestClock(new Date('2014-06-03T10:00:00Z'));
    const d = directoryAt(clock, logger);
    expect(await d.person('U0GHOST')).toEqual({
      userId: 'U0GHOST',
      zone: 'Europe/Zurich',
      isAdmin: false,
      known: false,
    });
    fake.userGroupsError = 'paid_teams_only';
    try {
      expect(await d.groupsOf('U0STAFF')).toEqual([]);
      clock.advance(61_000);
      expect(await d.groupsOf('U0STAFF')).toEqual([]);
    } finally {
      fake.userGroupsError = undefined;
    }
    const warnings = logger.lines.filter((l) => l.msg.startsWith('could not list user groups'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.obj.slackError).toBe('paid_teams_only');
    clock.advance(61_000);
    expect((await d.groupsOf('U0STAFF')).length).toBe(2);
  });
});
