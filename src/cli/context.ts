import type { Config } from '../config.js';

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
