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
 * A group that serves until stopped (`web`, `worker`): its `serve` is handed the first stop
 * signal to wait for (tests hand their own).
 */
export function servingGroup(
  summary: string,
  usage: string,
  serve: (args: readonly string[], ctx: CliContext, stop: Promise<string>) => Promise<number>,
): CliGroup {
  return { summary, usage, run: (args, ctx) => serve(args, ctx, untilStopSignal()) };
}

/** Waits for `stop` and says on stderr which signal came and what happens now. */
export async function stopped(
  stop: Promise<string>,
  ctx: CliContext,
  who: string,
  now: string,
): Promise<void> {
  const signal = await stop;
  ctx.stderr(`rapporteur ${who}: ${signal} received; ${now}.\n`);
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

/** "a, b or c". */
function orList(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/**
 * The command of `rapporteur <group> <command> ...` and the arguments after it, or a usage
 * error pointing at the group's help when the command is missing or not one of `commands`.
 */
export function subcommandOf<C extends string>(
  group: string,
  args: readonly string[],
  commands: readonly C[],
): { sub: C; rest: string[] } {
  const [sub, ...rest] = args;
  if (sub === undefined)
    throw cliUsageError(group, `Missing command: ${orList(commands)}.`, ' for the commands');
  if (!(commands as readonly string[]).includes(sub)) {
    throw cliUsageError(group, `Unknown command "${group} ${sub}".`, ' for the commands');
  }
  return { sub: sub as C, rest };
}

/**
 * Refuses the first argument of `rapporteur <group> <sub>` that is not one of `allowed`; with
 * `positionals`, arguments that do not start with `--` are the command's own and pass.
 */
export function refuseUnknownOptions(
  group: string,
  sub: string,
  args: readonly string[],
  allowed: readonly string[],
  options: { positionals?: boolean } = {},
): void {
  const unknown = args.find((a) => !allowed.includes(a) && (!options.positionals || a.startsWith('--')));
  if (unknown !== undefined) {
    throw cliUsageError(group, `Unknown option "${unknown}" for ${group} ${sub}.`, ' for the commands');
  }
}

/**
 * Options as typed, in order: `--name value` or `--name=value`. The value is the next argument
 * when the option holds no `=` (that argument is then consumed), undefined when none follows.
 */
export function* optionsOf(
  args: readonly string[],
): Generator<{ arg: string; name: string; value: string | undefined }> {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.indexOf('=');
    if (eq >= 0) yield { arg, name: arg.slice(0, eq), value: arg.slice(eq + 1) };
    else yield { arg, name: arg, value: args[++i] };
  }
}

/** node:util parseArgs's error as one lower-case usage line, without its advice on positionals. */
export function parseArgsMessage(err: unknown): string {
  const message =
    err instanceof Error
      ? err.message.replace(/\.?\s*To specify a positional argument.*$/s, '')
      : String(err);
  return message.charAt(0).toLowerCase() + message.slice(1);
}
