import { loadConfig, readEnvFile } from '../config.js';
import { RapporteurError } from '../core/errors.js';
import type { CliContext, CliGroup } from './context.js';

/**
 * Command groups, loaded lazily so that `rapporteur draft ...` does not pay for the
 * Discord or database code. Each group lives in its own file under src/cli/.
 */
const GROUPS: Record<string, () => Promise<CliGroup>> = {
  draft: async () => (await import('./draft.js')).draftGroup,
  doc: async () => (await import('./doc.js')).docGroup,
  db: async () => (await import('./db.js')).dbGroup,
  worker: async () => (await import('./worker.js')).workerGroup,
  jobs: async () => (await import('./jobs.js')).jobsGroup,
  meetings: async () => (await import('./meetings.js')).meetingsGroup,
  demo: async () => (await import('./demo.js')).demoGroup,
  slack: async () => (await import('./slack.js')).slackGroup,
  discord: async () => (await import('./discord.js')).discordGroup,
};

/** The names of all command groups, in help order. */
export function groupNames(): string[] {
  return Object.keys(GROUPS);
}

function helpText(): string {
  return [
    'rapporteur: what is still [bracketed], what changed, and when the meeting moved.',
    '',
    'Usage: rapporteur <command> [options]',
    '',
    'Commands:',
    ...Object.keys(GROUPS).map((g) => `  ${g}`),
    '',
    'Run `rapporteur <command> --help` for the options of one command.',
  ].join('\n');
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
  const load = GROUPS[name];
  if (!load) {
    io.stderr(`rapporteur: unknown command "${name}". Run \`rapporteur --help\` for the list.\n`);
    return 2;
  }
  try {
    const source = readEnvFile(io.env, io.cwd);
    const config = loadConfig(source.env, source);
    const group = await load();
    if (rest[0] === '--help' || rest[0] === '-h') {
      io.stdout(`${group.usage}\n`);
      return 0;
    }
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
  const message = err instanceof Error ? err.message : String(err);
  io.stderr(`rapporteur: unexpected error: ${message}\n`);
  if (io.env.RAPPORTEUR_DEBUG && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
  return 1;
}
