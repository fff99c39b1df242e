import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSlashCommands } from '../../src/bots/discord/commands.js';
import { BOT_PERMISSIONS, inviteUrl } from '../../src/bots/discord/deploy.js';
import { runCli } from '../../src/cli/index.js';
import { COMMANDS } from '../../src/core/commands/index.js';
import { type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord/index.js';
import { BOT_USERS, CAUCUS_SERVER, IDS } from './bot-world.js';

/**
 * `rapporteur discord deploy-commands` and `invite-url`, in-process against the fake
 * Discord, which validates command definitions the way Discord does.
 */

let fake: FakeDiscord;

beforeAll(async () => {
  fake = await startFakeDiscord({ users: BOT_USERS, guilds: [CAUCUS_SERVER] });
});
afterAll(async () => {
  await fake?.close();
});

async function cli(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['discord', ...args], {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      ...env,
    },
    cwd: process.cwd(),
  });
  return { code, out: out.join(''), err: err.join('') };
}

/** Every `group subcommand` a registered set offers. */
function registered(commands: { name: string; options?: { type: number; name: string }[] }[]): string[] {
  return commands.flatMap((c) =>
    (c.options ?? []).filter((o) => o.type === 1).map((o) => `${c.name} ${o.name}`),
  );
}

const everyRegistryCommand = COMMANDS.map((c) => `${c.group} ${c.name}`).sort();

describe('rapporteur discord deploy-commands', () => {
  it('registers every registry command globally, in one bulk overwrite, and says what it registered', async () => {
    const { code, out, err } = await cli(['deploy-commands']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const puts = fake.requestsTo('PUT /applications/:application_id/commands');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.status).toBe(200);
    expect(registered(fake.commands.global).sort()).toEqual(everyRegistryCommand);
    const groups = new Set(COMMANDS.map((c) => c.group)).size;
    expect(out).toContain(`Registered ${groups} commands with ${COMMANDS.length} subcommands globally`);
    expect(out).toContain('/brackets status, diff, clean');
    expect(out).not.toContain(fake.token);
  });

  it('registers in one server with --guild, leaving the global set alone', async () => {
    const before = fake.commands.global.map((c) => c.id);
    const { code, out } = await cli(['deploy-commands', '--guild', IDS.guild]);
    expect(code).toBe(0);
    expect(out).toContain(`in server ${IDS.guild} for application ${fake.applicationId}`);
    expect(registered(fake.commands.guild.get(IDS.guild) ?? []).sort()).toEqual(everyRegistryCommand);
    expect(fake.commands.global.map((c) => c.id)).toEqual(before);
    // The definitions Discord stored are the generated ones (the fake validated them).
    const stored = fake.commands.guild.get(IDS.guild)?.find((c) => c.name === 'draft');
    expect(stored).toMatchObject({ dm_permission: false, contexts: [0], default_member_permissions: null });
  });

  it('removes a server’s commands with --clear', async () => {
    const { code, out } = await cli(['deploy-commands', '--guild', IDS.guild, '--clear']);
    expect(code).toBe(0);
    expect(out).toContain(
      `Removed every command of application ${fake.applicationId} in server ${IDS.guild}`,
    );
    expect(fake.commands.guild.get(IDS.guild)).toEqual([]);
  });

  it('prints the definitions with --dry-run without contacting anyone or needing a token', async () => {
    const requests = fake.requests.length;
    const { code, out } = await cli(['deploy-commands', '--dry-run'], {
      DISCORD_TOKEN: '',
      DISCORD_APPLICATION_ID: '',
    });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(buildSlashCommands(COMMANDS).definitions);
    expect(fake.requests.length).toBe(requests);
  });

  it('explains what to fix: no configuration, a bad server id, an unknown server, a wrong token', async () => {
    const unset = await cli(['deploy-commands'], { DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' });
    expect(unset.code).toBe(1);
    expect(unset.err).toContain('Discord is not configured');
    expect(unset.err).toContain('DISCORD_TOKEN');

    const badId = await cli(['deploy-commands', '--guild', 'caucus']);
    expect(badId.code).toBe(2);
    expect(badId.err).toContain('"caucus" is not a server id');

    const unknown = await cli(['deploy-commands', '--guild', '1100000000000009999']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('server 1100000000000009999');
    expect(unknown.err).toContain('invite-url');

    const wrongToken = await cli(['deploy-commands'], { DISCORD_TOKEN: 'not-the-token' });
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.err).toContain('Discord rejected the bot token');
    expect(wrongToken.err).not.toContain('not-the-token');

    const unknownOption = await cli(['deploy-commands', '--global']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.err).toMatch(/unknown option "--global"/i);
  });
});

describe('rapporteur discord invite-url', () => {
  it('prints the OAuth2 link with the bot and commands scopes and the permissions the bot needs', async () => {
    const { code, out } = await cli(['invite-url']);
    expect(code).toBe(0);
    const url = new URL(out.trim());
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe(fake.applicationId);
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    // View Channel, Send Messages, Send Messages in Threads, Embed Links, Attach Files.
    const bits = BigInt(url.searchParams.get('permissions') ?? '0');
    expect(bits).toBe((1n << 10n) | (1n << 11n) | (1n << 38n) | (1n << 14n) | (1n << 15n));
    expect(bits).toBe(BOT_PERMISSIONS);
    // Nothing administrative: the bot never needs to manage the server.
    expect(bits & ((1n << 3n) | (1n << 5n) | (1n << 28n))).toBe(0n);
  });

  it('preselects a server with --guild', async () => {
    const { out } = await cli(['invite-url', `--guild=${IDS.guild}`]);
    const url = new URL(out.trim());
    expect(url.searchParams.get('guild_id')).toBe(IDS.guild);
    expect(url.searchParams.get('disable_guild_select')).toBe('true');
    expect(() => inviteUrl('rapporteur')).toThrow(/not a Discord application id/);
  });
});
