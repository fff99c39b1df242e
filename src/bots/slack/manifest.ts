import { GROUP_DESCRIPTIONS } from '../../core/command-line.js';
import { describeArgs } from '../../core/commands/args.js';
import type { Command } from '../../core/commands/types.js';

/**
 * The Slack app manifest that creates Rapporteur's app with exactly the scopes, commands,
 * events and interactivity the Slack adapter uses. Paste its JSON at
 * api.slack.com/apps -> Create New App -> From a manifest. Generated from code so the
 * scopes cannot drift from the Web API methods the adapter calls (a test checks them).
 */

/** One slash command as the registry describes it. */
export interface ManifestCommand {
  /** e.g. `/brackets` (lowercase, at most 32 characters). */
  name: string;
  description: string;
  usageHint?: string;
}

export interface ManifestOptions {
  /** App and bot name; default "Rapporteur". */
  name?: string;
  description?: string;
  commands: readonly ManifestCommand[];
  /**
   * Socket Mode (default): no public URL. HTTP mode: the public https URL Slack posts to,
   * e.g. https://rapporteur.example.org/slack/events.
   */
  requestUrl?: string;
}

/**
 * Bot scopes, each with the Web API methods or events that need it. Tests compare this
 * table with the methods the adapter calls.
 */
export const SLACK_BOT_SCOPES: Readonly<Record<string, readonly string[]>> = {
  commands: ['slash commands'],
  'chat:write': ['chat.postMessage', 'chat.update'],
  'files:write': ['files.getUploadURLExternal', 'files.completeUploadExternal'],
  'files:read': [
    'files.info (a file given to /draft post)',
    'files.list (the file someone just shared)',
    'url_private download',
    'file_shared event',
  ],
  'users:read': ['users.info (time zone, name, workspace admin)'],
  'usergroups:read': ['usergroups.list (chairs’ staff granted as a user group)'],
  'im:write': ['conversations.open (files for a private reply)'],
  'channels:read': ['conversations.info (public channels)'],
  'groups:read': ['conversations.info (private channels the bot is in)'],
  'channels:join': ['conversations.join (a public channel that starts following a process)'],
};

/** Web API methods the adapter calls that need no scope. */
export const SLACK_UNSCOPED_METHODS = ['auth.test'] as const;

/** The Events API subscriptions the adapter handles. */
export const SLACK_BOT_EVENTS = ['file_shared'] as const;

/** Builds the manifest (Slack's JSON manifest format, version 1). */
export function slackAppManifest(options: ManifestOptions): Record<string, unknown> {
  const name = (options.name ?? 'Rapporteur').slice(0, 35);
  const http = options.requestUrl;
  if (http !== undefined && !/^https:\/\//.test(http)) {
    throw new Error(`The request URL must be public https (Slack refuses anything else): ${http}`);
  }
  for (const c of options.commands) {
    if (!/^\/[a-z0-9_-]{1,31}$/.test(c.name)) {
      throw new Error(
        `Slack command names are "/" plus up to 31 lowercase letters, digits, - or _: ${c.name}`,
      );
    }
  }
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name,
      description: (
        options.description ?? 'What is still in [brackets], what changed, and when the meeting moved.'
      ).slice(0, 140),
    },
    features: {
      bot_user: { display_name: name, always_online: true },
      slash_commands: options.commands.map((c) => ({
        command: c.name,
        description: c.description.slice(0, 2000),
        ...(c.usageHint ? { usage_hint: c.usageHint.slice(0, 1000) } : {}),
        // Mentions then arrive as ids (<@U…>, <!subteam^S…>), which is what staff grants store.
        should_escape: true,
        ...(http ? { url: http } : {}),
      })),
    },
    oauth_config: { scopes: { bot: Object.keys(SLACK_BOT_SCOPES) } },
    settings: {
      event_subscriptions: { bot_events: [...SLACK_BOT_EVENTS], ...(http ? { request_url: http } : {}) },
      interactivity: { is_enabled: true, ...(http ? { request_url: http } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: http === undefined,
      token_rotation_enabled: false,
    },
  };
}

/**
 * The slash commands of the registry: one per group, described by the group, with a usage
 * hint listing its subcommands and their positional arguments.
 */
export function registryManifestCommands(commands: readonly Command[]): ManifestCommand[] {
  const groups = [...new Set(commands.map((c) => c.group))];
  return groups.map((group) => {
    const hint = commands
      .filter((c) => c.group === group)
      .map((c) => {
        const args = describeArgs(c.args);
        const positional = args
          .filter((a) => a.meta.positional !== undefined && a.kind !== 'file')
          .sort((a, b) => (a.meta.positional ?? 0) - (b.meta.positional ?? 0))
          .map((a) => (a.required ? `<${a.name}>` : `[${a.name}]`));
        const named = args
          .filter((a) => a.meta.positional === undefined && a.required && a.kind !== 'file')
          .map((a) => `${a.name}:<${a.name}>`);
        // Slack commands carry no files: the one shared just before is used (see commands.ts).
        const file = args.some((a) => a.kind === 'file' && a.required) ? ['(share the file first)'] : [];
        return [c.name, ...positional, ...named, ...file].join(' ');
      });
    if (group !== 'rapporteur') hint.push('help');
    return { name: `/${group}`, description: GROUP_DESCRIPTIONS[group], usageHint: hint.join(' | ') };
  });
}

/** Rapporteur's manifest: the registry's commands with the scopes and events above. */
export function rapporteurManifest(
  commands: readonly Command[],
  options: Omit<ManifestOptions, 'commands'> = {},
): Record<string, unknown> {
  return slackAppManifest({ ...options, commands: registryManifestCommands(commands) });
}
