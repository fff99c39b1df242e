/**
 * Every command of the command line, declared once: the shared parsing layer (src/cli/index.ts)
 * generates `--help` from these declarations, refuses unknown commands and options with the
 * same wording and exit code (2) everywhere, and only then loads the command's module. A new
 * option is added here and in the command that reads it.
 */

export interface OptionSpec {
  type: 'boolean' | 'string';
  /** The value's placeholder in help, for string options (`ID`, `FILE`). */
  value?: string;
  description: string;
}

export interface CommandSpec {
  /** The words after `rapporteur`, e.g. `draft status`. */
  path: string;
  /** Positional arguments as shown in help, e.g. `FILE`, `OLD NEW`, `FILE...`. */
  args?: string;
  summary: string;
  options?: Record<string, OptionSpec>;
  /** How many positional arguments it takes (unchecked when absent). */
  positionals?: { min: number; max?: number };
}

export interface GroupSpec {
  name: string;
  /** One line for `rapporteur --help`. */
  summary: string;
  /** Subcommands; a group without any is itself the command (`rapporteur worker`). */
  commands: CommandSpec[];
  /** The group as a command, when it has no subcommands. */
  self?: CommandSpec;
}

const json: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print JSON instead of text' },
};
const tz: OptionSpec = {
  type: 'string',
  value: 'ZONE',
  description: 'time zone when a source states none and its venue is unknown (IANA name)',
};
/** Commands that take no positional arguments. */
const none = { min: 0, max: 0 } as const;
const guild: OptionSpec = { type: 'string', value: 'ID', description: 'one Discord server (guild) id' };

export const GROUP_SPECS: GroupSpec[] = [
  {
    name: 'draft',
    summary: 'What is still [bracketed] in a draft, and what changed between two versions.',
    commands: [
      {
        path: 'draft status',
        args: 'FILE',
        summary: 'what is still [bracketed], per section, or per paragraph of one section',
        options: {
          section: { type: 'string', value: 'ID', description: "one section's paragraphs, e.g. C9" },
          ...json,
          'package-deal': {
            type: 'boolean',
            description: 'clean sections are only "provisionally agreed" while anything is bracketed',
          },
        },
        positionals: { min: 1, max: 1 },
      },
      {
        path: 'draft diff',
        args: 'OLD NEW',
        summary: 'brackets agreed, deleted, added and changed between two versions; qualifiers and verbs',
        options: {
          ...json,
          'package-deal': { type: 'boolean', description: 'nothing is agreed until everything is agreed' },
        },
        positionals: { min: 2, max: 2 },
      },
      {
        path: 'draft clean',
        args: 'FILE',
        summary: 'the text with all bracketed text deleted (the "Australian method" preview)',
        options: {
          'keep-text': { type: 'boolean', description: 'remove the brackets but keep their text' },
        },
        positionals: { min: 1, max: 1 },
      },
      {
        path: 'draft qualifiers',
        args: 'FILE',
        summary: 'every qualifier ("as appropriate", "inter alia", ...) and strength verb, located',
        options: {
          ...json,
          extra: {
            type: 'string',
            value: 'LIST',
            description: 'comma-separated phrases to look for as well',
          },
        },
        positionals: { min: 1, max: 1 },
      },
    ],
  },
  {
    name: 'language',
    summary: 'Previously agreed language: where a proposal\u2019s words come from, and roll-backs.',
    commands: [
      {
        path: 'language check',
        args: 'TEXT',
        summary: 'the agreed passages TEXT reuses, newest first, roll-backs, and bracket options compared',
        options: {
          library: {
            type: 'string',
            value: 'DIR',
            description: 'folder of agreed texts (with an optional library.json)',
          },
          ...json,
        },
        positionals: { min: 1 },
      },
      {
        path: 'language section',
        args: 'FILE SECTION',
        summary: 'the same for each paragraph of one section of a draft',
        options: {
          library: {
            type: 'string',
            value: 'DIR',
            description: 'folder of agreed texts (with an optional library.json)',
          },
          ...json,
        },
        positionals: { min: 2, max: 2 },
      },
    ],
  },
  {
    name: 'doc',
    summary: 'Read a document (DOCX, PDF, HTML, Markdown, text, e-mail, iCalendar) and print its text.',
    commands: [
      {
        path: 'doc extract',
        args: 'FILE',
        summary: 'the text block by block, with comments, tracked changes, events and attachments',
        options: { ...json },
        positionals: { min: 1, max: 1 },
      },
    ],
  },
  {
    name: 'meetings',
    summary: 'Meetings from announcements: claims, schedule with conflicts and flags, changes, iCalendar.',
    commands: [
      {
        path: 'meetings parse',
        args: 'FILE...',
        summary: 'the claims each file makes, with the quoted text behind every fact',
        options: { tz, ...json },
        positionals: { min: 1 },
      },
      {
        path: 'meetings reconcile',
        args: 'FILE...',
        summary: 'the meetings, with conflicts between sources and flags (holidays, weekends, notice...)',
        options: {
          tz,
          participants: {
            type: 'string',
            value: 'LIST',
            description: 'zones or cities of remote participants, e.g. Pacific/Fiji,Lima',
          },
          'holiday-region': {
            type: 'string',
            value: 'R',
            description: "holiday calendar to use instead of the venue's, e.g. CH-GE, US-NY",
          },
          'notice-days': {
            type: 'string',
            value: 'N',
            description: 'fewer days between announcement and start is short notice (default 14)',
          },
          ...json,
        },
        positionals: { min: 1 },
      },
      {
        path: 'meetings changes',
        args: '--before FILE... --after FILE...',
        summary: 'what changed between two complete sets of sources',
        options: {
          before: { type: 'string', value: 'FILE...', description: 'the earlier set of sources' },
          after: { type: 'string', value: 'FILE...', description: 'the later set of sources' },
          tz,
          ...json,
        },
      },
      {
        path: 'meetings ics',
        args: 'FILE...',
        summary: 'an iCalendar feed of the meetings on stdout',
        options: { tz, name: { type: 'string', value: 'NAME', description: 'calendar name' } },
        positionals: { min: 1 },
      },
    ],
  },
  {
    name: 'db',
    summary: 'Migrate, inspect or back up the store (SQLite or PostgreSQL).',
    commands: [
      {
        path: 'db migrate',
        summary: 'apply pending schema migrations (they also run on every start)',
        positionals: none,
      },
      {
        path: 'db status',
        summary: 'where the store is and which migrations it has',
        options: { ...json },
        positionals: none,
      },
      {
        path: 'db backup',
        args: 'FILE',
        summary: 'copy the SQLite store to FILE, consistently, while the bot runs',
      },
    ],
  },
  {
    name: 'worker',
    summary: 'Run the job worker: reminders, alerts, digests and watched pages.',
    commands: [],
    self: {
      path: 'worker',
      summary: 'run the job worker until SIGINT or SIGTERM',
      options: {
        concurrency: {
          type: 'string',
          value: 'N',
          description: 'reminder and delivery jobs at once (default RAPPORTEUR_WORKER_CONCURRENCY, 8)',
        },
      },
      positionals: none,
    },
  },
  {
    name: 'web',
    summary: 'Serve the read-only web pages and the calendar feed.',
    commands: [],
    self: {
      path: 'web',
      summary: 'serve the web pages until SIGINT or SIGTERM',
      options: {
        port: { type: 'string', value: 'N', description: 'port (default RAPPORTEUR_WEB_PORT, else 8080)' },
        host: {
          type: 'string',
          value: 'ADDRESS',
          description: 'address (default RAPPORTEUR_WEB_HOST, 127.0.0.1)',
        },
      },
      positionals: none,
    },
  },
  {
    name: 'jobs',
    summary: 'Rebuild the job queue from the store, or show its counts.',
    commands: [
      {
        path: 'jobs rebuild',
        summary: 're-create in Redis, from the store, every pending reminder, delivery and scheduler',
        options: { ...json },
        positionals: none,
      },
      {
        path: 'jobs status',
        summary: 'job counts per queue (waiting, delayed, active, failed...)',
        options: { ...json },
        positionals: none,
      },
    ],
  },
  {
    name: 'demo',
    summary: 'Replay the WSIS+10 story in the terminal room, with reminders seconds apart.',
    commands: [],
    self: {
      path: 'demo',
      summary: 'replay the example process on a virtual clock, in a temporary store',
      options: { fast: { type: 'boolean', description: 'no pauses between steps' } },
      positionals: none,
    },
  },
  {
    name: 'slack',
    summary: 'Print the Slack app manifest, or check the Slack tokens and scopes.',
    commands: [
      {
        path: 'slack manifest',
        summary: "print the app manifest (JSON) that creates Rapporteur's Slack app",
        options: {
          'request-url': {
            type: 'string',
            value: 'URL',
            description: 'HTTP mode with this events URL (default: Socket Mode)',
          },
          name: { type: 'string', value: 'NAME', description: "the app's name" },
        },
        positionals: none,
      },
      {
        path: 'slack check',
        summary: 'check SLACK_BOT_TOKEN (and SLACK_APP_TOKEN) with Slack, and the scopes',
        positionals: none,
      },
    ],
  },
  {
    name: 'discord',
    summary: 'Register the Discord slash commands, or print the link that adds the bot to a server.',
    commands: [
      {
        path: 'discord deploy-commands',
        summary: 'register the slash commands with Discord, replacing the previous set',
        options: {
          guild,
          'dry-run': { type: 'boolean', description: 'print the definitions as JSON and contact nobody' },
          clear: { type: 'boolean', description: 'remove the commands from that scope instead' },
        },
        positionals: none,
      },
      {
        path: 'discord invite-url',
        summary: 'print the link that adds Rapporteur to a server',
        options: { guild },
        positionals: none,
      },
    ],
  },
];

/** `Usage: rapporteur draft status FILE [options]` and the options, for `--help`. */
export function commandHelp(spec: CommandSpec): string {
  const options = Object.entries(spec.options ?? {});
  const lines = [
    `Usage: rapporteur ${spec.path}${spec.args ? ` ${spec.args}` : ''}${options
      .map(([name, o]) => ` [--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}]`)
      .join('')}`,
    '',
    `${spec.summary.charAt(0).toUpperCase()}${spec.summary.slice(1)}.`,
    '',
    'Options:',
  ];
  const rows = [
    ...options.map(([name, o]) => [
      `--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`,
      o.description,
    ]),
    ['-h, --help', 'show this help'],
  ];
  const width = Math.max(...rows.map((r) => (r[0] as string).length));
  for (const [flag, text] of rows) lines.push(`  ${(flag as string).padEnd(width)}  ${text}`);
  return lines.join('\n');
}
