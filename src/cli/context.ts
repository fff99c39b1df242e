import type { Config } from '../config.js';
import { RapporteurError } from '../core/errors.js';

/** What a CLI command may touch: injected so commands run in-process in tests. */
export interface CliContext {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  config: Config;
  /** The settings file read at start (`.env` or RAPPORTEUR_ENV_FILE), when there was one. */
  envFile?: string;
}

/** One `rapporteur <group> ...` command group. */
export interface CliGroup {
  /** One line for `rapporteur --help`. */
  summary: string;
  /** Full usage text for `rapporteur <group> --help`. */
  usage: string;
  /** Runs the group with the arguments after its name; resolves to the exit code. */
  run(args: string[], ctx: CliContext): Promise<number>;
}

/**
 * Resolves with the first SIGINT or SIGTERM, for commands that serve until stopped; a second
 * signal while stopping means "now" and leaves at once (exit 130).
 */
export function untilStopSignal(): Promise<string> {
  return new Promise<string>((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      process.once(signal, () => process.exit(130));
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/**
 * A misuse of `rapporteur <group>`: INVALID_ARGUMENT with a hint pointing at the group's help
 * (`what` says what the help lists, e.g. ' for the commands'; `prefix` starts the message).
 */
export function cliUsageError(group: string, message: string, what = '', prefix = ''): RapporteurError {
  return new RapporteurError('INVALID_ARGUMENT', `${prefix}${message}`, {
    hint: `Run \`rapporteur ${group} --help\`${what}.`,
  });
}

/** node:util parseArgs's error as one lower-case usage line, without its advice on positionals. */
export function parseArgsMessage(err: unknown): string {
  const message =
    err instanceof Error
      ? err.message.replace(/\.?\s*To specify a positional argument.*$/s, '')
      : String(err);
  return message.charAt(0).toLowerCase() + message.slice(1);
}
