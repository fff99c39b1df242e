import { type CliContext, cliUsageError, optionsOf, servingGroup, stopped } from './context.js';

const USAGE = `Usage: rapporteur web [--port N] [--host ADDRESS]

Serves the read-only web pages and the live calendar feed on their own, against the same store
as the bots (the SQLite file in RAPPORTEUR_DATA_DIR, or DATABASE_URL): a page per process with
its bracket map, a page per draft version, the meetings page, and /calendar/<token>.ics.
Links come from \`/rapporteur web\` in a channel and are signed with RAPPORTEUR_WEB_SECRET.
The bot process serves the same pages itself when RAPPORTEUR_WEB_PORT is set.

Options:
  --port N          Port to listen on (default RAPPORTEUR_WEB_PORT, else 8080).
  --host ADDRESS    Address to listen on (default RAPPORTEUR_WEB_HOST, 127.0.0.1).`;

const usageError = (message: string) => cliUsageError('web', message);

/** Parses `--port N --host ADDRESS`. */
export function parseWebArgs(args: readonly string[]): { port?: number; host?: string } {
  const out: { port?: number; host?: string } = {};
  for (const { arg, name, value } of optionsOf(args)) {
    if (name === '--port') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0 || n > 65_535)
        throw usageError('--port takes a port number from 0 to 65535.');
      out.port = n;
    } else if (name === '--host') {
      if (!value) throw usageError('--host needs an address.');
      out.host = value;
    } else throw usageError(`Unknown option "${arg}" for web.`);
  }
  return out;
}

/** Runs the web server until `stop` resolves. */
export async function runWeb(
  args: readonly string[],
  ctx: CliContext,
  stop: Promise<string>,
): Promise<number> {
  const overrides = parseWebArgs(args);
  const { createRuntime } = await import('../runtime.js');
  const { startRuntimeWeb } = await import('../web/index.js');
  const runtime = await createRuntime(ctx.config, { role: 'cli', queue: 'off' });
  try {
    const server = await startRuntimeWeb(runtime, overrides);
    ctx.stderr(
      `rapporteur web: listening on ${server.url}; links point to ${runtime.deps.web?.publicUrl}. Ctrl-C stops it.\n`,
    );
    await stopped(stop, ctx, 'web', 'stopping');
    await server.close();
    return 0;
  } finally {
    await runtime.close();
  }
}

/** `rapporteur web`. */
export const webGroup = servingGroup('Serve the read-only web pages and the calendar feed.', USAGE, runWeb);
