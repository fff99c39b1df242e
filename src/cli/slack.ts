import { messageOf, RapporteurError } from '../core/errors.js';
import {
  type CliContext,
  type CliGroup,
  cliUsageError,
  optionsOf,
  refuseUnknownOptions,
  subcommandOf,
} from './context.js';

const USAGE = `Usage: rapporteur slack <command>

  rapporteur slack manifest [--request-url URL] [--name NAME]
      Print the app manifest (JSON) that creates Rapporteur's Slack app with its scopes,
      slash commands, events and interactivity. Paste it at https://api.slack.com/apps ->
      Create New App -> From a manifest. Without --request-url the app uses Socket Mode
      (no public URL); with --request-url https://host/slack/events it uses HTTP mode.
      slack-app-manifest.json in the repository is this command's output.

  rapporteur slack check
      Check SLACK_BOT_TOKEN (and SLACK_APP_TOKEN in Socket Mode) with Slack: prints the
      workspace and bot user, and any scope of the manifest the token lacks. Exit 1 when
      something is missing. Uses SLACK_API_URL when set.`;

const usageError = (message: string) => cliUsageError('slack', message, ' for the commands');

/** `rapporteur slack manifest|check`. */
export const slackGroup: CliGroup = {
  summary: 'Print the Slack app manifest, or check the Slack tokens and scopes.',
  usage: USAGE,
  async run(args: string[], ctx: CliContext): Promise<number> {
    const { sub, rest } = subcommandOf('slack', args, ['manifest', 'check']);
    if (sub === 'manifest') return manifest(rest, ctx);
    refuseUnknownOptions('slack', sub, rest, []);
    return check(ctx);
  },
};

async function manifest(args: string[], ctx: CliContext): Promise<number> {
  const options: { requestUrl?: string; name?: string } = {};
  for (const { arg, name: flag, value } of optionsOf(args)) {
    if (flag !== '--request-url' && flag !== '--name')
      throw usageError(`Unknown option "${arg}" for slack manifest.`);
    if (value === undefined || value === '') throw usageError(`${flag} needs a value.`);
    if (flag === '--request-url') options.requestUrl = value;
    else options.name = value;
  }
  const { rapporteurManifest } = await import('../bots/slack/manifest.js');
  const { COMMANDS } = await import('../core/commands/index.js');
  let json: Record<string, unknown>;
  try {
    json = rapporteurManifest(COMMANDS, options);
  } catch (err) {
    throw new RapporteurError('INVALID_ARGUMENT', messageOf(err), {
      hint: 'Give the public https address Slack should post to, e.g. https://rapporteur.example.org/slack/events.',
    });
  }
  ctx.stdout(`${JSON.stringify(json, null, 2)}\n`);
  return 0;
}

async function check(ctx: CliContext): Promise<number> {
  const slack = ctx.config.slack;
  if (!slack) {
    throw new RapporteurError('CONFIG_INVALID', 'Slack is not configured.', {
      hint: 'Set SLACK_BOT_TOKEN (and SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET with SLACK_MODE=http).',
    });
  }
  const { createSlackWebClient, slackApiUrlProblem, slackError, DEFAULT_SLACK_API_URL } = await import(
    '../bots/slack/client.js'
  );
  const { SLACK_BOT_SCOPES } = await import('../bots/slack/manifest.js');
  const { silentLogger } = await import('../core/ports/index.js');
  const apiUrl = slack.apiUrl ?? DEFAULT_SLACK_API_URL;
  const problem = slackApiUrlProblem(apiUrl);
  if (problem) throw new RapporteurError('CONFIG_INVALID', problem);
  const settings = { logger: silentLogger, slackApiUrl: apiUrl, retries: 1, timeoutMs: 10_000 };

  const bot = createSlackWebClient(slack.botToken, settings);
  let auth: Awaited<ReturnType<typeof bot.auth.test>>;
  try {
    auth = await bot.auth.test();
  } catch (err) {
    throw slackError(err, { action: 'checking SLACK_BOT_TOKEN (auth.test)', method: 'auth.test' });
  }
  const lines = [
    `Web API      ${apiUrl}`,
    `Workspace    ${auth.team ?? '?'} (${auth.team_id ?? '?'})${auth.enterprise_id ? `, organisation ${auth.enterprise_id}` : ''}`,
    `Bot user     ${auth.user ?? '?'} (${auth.user_id ?? '?'})`,
    `Mode         ${slack.mode === 'socket' ? 'Socket Mode' : `HTTP on port ${slack.port}`}`,
  ];
  let failed = false;
  const granted = auth.response_metadata?.scopes;
  const wanted = Object.keys(SLACK_BOT_SCOPES);
  if (granted === undefined) {
    lines.push(
      'Scopes       not reported (a proxy may strip X-OAuth-Scopes); compare with slack-app-manifest.json',
    );
  } else {
    const missing = wanted.filter((s) => !granted.includes(s));
    if (missing.length === 0) lines.push(`Scopes       all ${wanted.length} granted`);
    else {
      failed = true;
      lines.push(`Scopes       MISSING ${missing.join(', ')}`);
      for (const s of missing)
        lines.push(`               ${s}: needed for ${(SLACK_BOT_SCOPES[s] ?? []).join('; ')}`);
      lines.push('             Add them (or re-create the app from the manifest) and reinstall the app.');
    }
  }
  if (slack.mode === 'socket' && slack.appToken) {
    const app = createSlackWebClient(slack.appToken, settings);
    try {
      await app.apps.connections.open();
      lines.push('App token    accepted for Socket Mode');
    } catch (err) {
      failed = true;
      const e = slackError(err, { action: 'checking SLACK_APP_TOKEN (apps.connections.open)' });
      lines.push(`App token    REFUSED: ${e.message}${e.hint ? ` ${e.hint}` : ''}`);
      lines.push(
        '             Create an app-level token with connections:write (Basic Information -> App-Level Tokens).',
      );
    }
  }
  ctx.stdout(`${lines.join('\n')}\n`);
  return failed ? 1 : 0;
}
