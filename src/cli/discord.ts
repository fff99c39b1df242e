import type { DiscordConfig } from '../config.js';
import { RapporteurError } from '../core/errors.js';
import { type CliContext, type CliGroup, cliUsageError, subcommandOf } from './context.js';

const USAGE = `Usage: rapporteur discord <command> [options]

  rapporteur discord deploy-commands [--guild ID] [--dry-run | --clear]
      Register the slash commands (/brackets, /draft, /meetings, /watch, /rapporteur) with
      Discord, replacing the previous set. Globally by default; with --guild, in that one
      server only (handy to try a new release). --dry-run prints the definitions as JSON and
      contacts nobody; --clear removes the commands from that scope instead.
      Run it after installing or upgrading Rapporteur.

  rapporteur discord invite-url [--guild ID]
      Print the link that adds Rapporteur to a server, with the scopes bot and
      applications.commands and the permissions it needs (View Channel, Send Messages, Send
      Messages in Threads, Embed Links, Attach Files). With --guild, that server is preselected.

Uses DISCORD_TOKEN, DISCORD_APPLICATION_ID and DISCORD_API_URL (optional REST base URL).`;

const usageError = (message: string) => cliUsageError('discord', message, ' for the commands');

function notConfigured(what: string): RapporteurError {
  return new RapporteurError('CONFIG_INVALID', `Discord is not configured, so I cannot ${what}.`, {
    hint: 'Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (Developer Portal > your application: Bot > Reset Token; General Information > Application ID).',
  });
}

/** The options of a discord subcommand: `--guild ID` (or `--guild=ID`) and boolean flags. */
export function parseDiscordArgs(
  sub: string,
  args: readonly string[],
  flags: readonly string[],
): { guildId?: string; flags: Set<string> } {
  let guildId: string | undefined;
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--guild' || arg.startsWith('--guild=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (value === undefined || value === '') throw usageError('--guild needs a server id.');
      if (!/^\d{17,20}$/.test(value)) {
        throw usageError(
          `"${value}" is not a server id (17-20 digits: Developer Mode, right-click the server, Copy Server ID).`,
        );
      }
      guildId = value;
    } else if (flags.includes(arg)) {
      seen.add(arg);
    } else {
      throw usageError(`Unknown option "${arg}" for discord ${sub}.`);
    }
  }
  return { ...(guildId === undefined ? {} : { guildId }), flags: seen };
}

async function deploy(args: readonly string[], ctx: CliContext): Promise<number> {
  const { guildId, flags } = parseDiscordArgs('deploy-commands', args, ['--dry-run', '--clear']);
  if (flags.has('--dry-run') && flags.has('--clear')) throw usageError('Use --dry-run or --clear, not both.');
  const clear = flags.has('--clear');
  const { buildSlashCommands } = await import('../bots/discord/commands.js');
  const { COMMANDS } = await import('../core/commands/index.js');
  const slash = buildSlashCommands(COMMANDS);
  if (slash.problems.length > 0) {
    ctx.stderr(`rapporteur: the command definitions break Discord's rules:\n`);
    for (const p of slash.problems) ctx.stderr(`  - ${p}\n`);
    return 1;
  }
  if (flags.has('--dry-run')) {
    ctx.stdout(`${JSON.stringify(slash.definitions, null, 2)}\n`);
    return 0;
  }
  const discord: DiscordConfig | undefined = ctx.config.discord;
  if (!discord) throw notConfigured('register the commands');
  const { createDiscordRest } = await import('../bots/discord/transport.js');
  const { deployCommands } = await import('../bots/discord/deploy.js');
  const rest = createDiscordRest({
    token: discord.token,
    ...(discord.apiUrl ? { apiUrl: discord.apiUrl } : {}),
  });
  const result = await deployCommands({
    rest,
    applicationId: discord.applicationId,
    definitions: clear ? [] : slash.definitions,
    ...(guildId === undefined ? {} : { guildId }),
  });
  const where = result.scope.kind === 'global' ? 'globally' : `in server ${result.scope.guildId}`;
  if (clear) {
    ctx.stdout(`Removed every command of application ${discord.applicationId} ${where}.\n`);
    return 0;
  }
  const subcommands = result.commands.reduce((n, c) => n + c.subcommands.length, 0);
  ctx.stdout(
    [
      `Registered ${result.commands.length} commands with ${subcommands} subcommands ${where} for application ${discord.applicationId}:`,
      ...result.commands.map((c) => `  /${c.name} ${c.subcommands.join(', ')}`),
      result.scope.kind === 'global'
        ? 'Commands registered earlier in single servers (--guild) stay there too; if they show twice, remove them with --guild ID --clear.'
        : 'These show in that server only; deploy without --guild to offer them everywhere.',
      '',
    ].join('\n'),
  );
  return 0;
}

async function invite(args: readonly string[], ctx: CliContext): Promise<number> {
  const { guildId } = parseDiscordArgs('invite-url', args, []);
  const discord = ctx.config.discord;
  if (!discord) throw notConfigured('build the invite link');
  const { inviteUrl } = await import('../bots/discord/deploy.js');
  ctx.stdout(`${inviteUrl(discord.applicationId, guildId === undefined ? {} : { guildId })}\n`);
  return 0;
}

/** `rapporteur discord deploy-commands|invite-url`. */
export const discordGroup: CliGroup = {
  summary: 'Register the Discord slash commands, or print the link that adds the bot to a server.',
  usage: USAGE,
  async run(args: string[], ctx: CliContext): Promise<number> {
    const { sub, rest } = subcommandOf('discord', args, ['deploy-commands', 'invite-url']);
    return sub === 'deploy-commands' ? deploy(rest, ctx) : invite(rest, ctx);
  },
};
