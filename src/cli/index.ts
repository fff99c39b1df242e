import { parseArgs } from 'node:util';
import { loadConfig, readEnvFile } from '../config.js';
import { messageOf, RapporteurError } from '../core/errors.js';
import { type CommandSpec, commandHelp, GROUP_SPECS } from './commands.js';
import type { CliContext, CliGroup } from './context.js';

/**
 * Command groups, loaded lazily so that `rapporteur draft ...` does not pay for the
 * Discord or database code. Each group lives in its own file under src/cli/.
 */
const GROUPS: Record<string, () => Promise<CliGroup>> = {
  draft: async () => (await import('./draft.js')).draftGroup,
  language: async () => (await import('./language.js')).languageGroup,
  doc: async () => (await import('./doc.js')).docGroup,
  db: async () => (await import('./db.js')).dbGroup,
  worker: async () => (await import('./worker.js')).workerGroup,
  web: async () => (await import('./web.js')).webGroup,
  jobs: async () => (await import('./jobs.js')).jobsGroup,
  meetings: async () => (await import('./meetings.js')).meetingsGroup,
  demo: async () => (await import('./demo.js')).demoGroup,
  slack: async () => (await import('./slack.js')).slackGroup,
  discord: async () => (await import('./discord.js')).discordGroup,
};

/** The names of all command groups, in help order. */
export function groupNames(): string[] {
  return GROUP_SPECS.map((g) => g.name);
}

function helpText(): string {
  const width = Math.max(...GROUP_SPECS.map((g) => g.name.length));
  return [
    'rapporteur: what is still [bracketed], what changed, and when the meeting moved.',
    '',
    'Usage: rapporteur <command> [options]',
    '',
    'Commands:',
    ...GROUP_SPECS.map((g) => `  ${g.name.padEnd(width)}  ${g.summary}`),
    '',
    'Run `rapporteur <command> --help` for the options of one command. `npm start` runs the bots',
    '(or the terminal room when no chat platform is configured).',
  ].join('\n');
}

/** A usage error: one line on stderr, exit code 2, and where to find the usage. */
function usageError(message: string, helpFor: string): RapporteurError {
  return new RapporteurError('INVALID_ARGUMENT', message, {
    hint: `Run \`rapporteur ${helpFor} --help\` for the usage.`,
  });
}

/** `--help` or `-h` before a `--` that ends the options. */
function asksForHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/**
 * Checks a command's options and positional count against its declaration, with one wording
 * for every command. The command still reads its own arguments; this only refuses early.
 */
function checkArgs(spec: CommandSpec, args: string[]): void {
  const options: Record<string, { type: 'boolean' | 'string' }> = {};
  for (const [name, o] of Object.entries(spec.options ?? {})) options[name] = { type: o.type };
  let positionals: string[];
  try {
    positionals = parseArgs({ args, options, allowPositionals: true, strict: true }).positionals;
  } catch (err) {
    const raw = messageOf(err);
    const unknown = /Unknown option '([^']+)'/.exec(raw);
    const needsValue = /Option '(?:-\w, )?(--[\w-]+)(?: <value>)?' argument missing/.exec(raw);
    const message = unknown
      ? `${spec.path}: unknown option "${unknown[1]}".`
      : needsValue
        ? `${spec.path}: ${needsValue[1]} needs a value.`
        : `${spec.path}: ${raw.replace(/\.?\s*To specify a positional argument.*$/s, '').replace(/\.$/, '')}.`;
    throw usageError(message, spec.path);
  }
  const range = spec.positionals;
  if (!range) return;
  const n = positionals.length;
  const what = spec.args ?? 'no arguments';
  if (n < range.min) throw usageError(`${spec.path}: missing ${what}.`, spec.path);
  if (range.max !== undefined && n > range.max) {
    throw usageError(
      range.max === 0
        ? `${spec.path} takes no arguments (got ${positionals.join(' ')}).`
        : `${spec.path}: too many arguments (expected ${what}, got ${positionals.join(' ')}).`,
      spec.path,
    );
  }
}

/** Runs the CLI with `argv` (without node and script). Resolves to the process exit code. */
export async function runCli(
  argv: string[],
  io: Pick<CliContext, 'stdout' | 'stderr' | 'env' | 'cwd'>,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${helpText()}\n`);
    return name === undefined ? 2 : 0;
  }
  try {
    const spec = GROUP_SPECS.find((g) => g.name === name);
    const load = GROUPS[name];
    if (!spec || !load) {
      throw new RapporteurError('INVALID_ARGUMENT', `unknown command "${name}".`, {
        hint: `Use one of: ${groupNames().join(', ')}; \`rapporteur --help\` says what each does.`,
      });
    }
    let command = spec.self;
    let commandArgs = rest;
    if (!command) {
      const [sub, ...subArgs] = rest;
      const names = spec.commands.map((c) => c.path.split(' ')[1]);
      if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
        const group = await load();
        io.stdout(
          `${group.usage}\n\nRun \`rapporteur ${name} <command> --help\` for the options of one command.\n`,
        );
        return sub === undefined ? 2 : 0;
      }
      command = spec.commands.find((c) => c.path === `${name} ${sub}`);
      if (!command) {
        throw usageError(`unknown command "${name} ${sub}"; use ${names.join(', ')}.`, name);
      }
      commandArgs = subArgs;
    }
    if (asksForHelp(commandArgs)) {
      io.stdout(`${commandHelp(command)}\n`);
      return 0;
    }
    checkArgs(command, commandArgs);
    const source = readEnvFile(io.env, io.cwd);
    const config = loadConfig(source.env, source);
    const group = await load();
    return await group.run(rest, {
      ...io,
      env: source.env,
      config,
      ...(source.file ? { envFile: source.file } : {}),
    });
  } catch (err) {
    return reportError(err, io);
  }
}

/** One clear line on stderr; exit 2 for usage errors, 1 for everything else. */
export function reportError(err: unknown, io: Pick<CliContext, 'stderr' | 'env'>): number {
  if (err instanceof RapporteurError) {
    io.stderr(`rapporteur: ${err.describe()}\n`);
    return err.code === 'INVALID_ARGUMENT' ? 2 : 1;
  }
  const message = messageOf(err);
  io.stderr(`rapporteur: unexpected error: ${message}\n`);
  if (io.env.RAPPORTEUR_DEBUG && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
  return 1;
}
