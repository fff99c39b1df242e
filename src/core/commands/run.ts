import { ownTimeZone } from '../app/setup.js';
import { replyLink } from '../app/web-links.js';
import { canonicalCommandLine, GROUP_DESCRIPTIONS } from '../command-line.js';
import { messageOf, RapporteurError, ruleViolationError } from '../errors.js';
import { type Reply, reply } from '../reply.js';
import { describeArgs, explainArgError, type IncomingFile, parseTextArgs, tokenize } from './args.js';
import { helpReply } from './rapporteur-help.js';
import { type Command, type CommandContext, invocationOf } from './types.js';

/**
 * Runs commands for every adapter: validates arguments against the command's schema,
 * calls its handler, and turns every failure into a Reply. Expected failures
 * (RapporteurError) say what is wrong and what to do; anything else is logged with the
 * request id and shown only as "something went wrong (ref ...)", never a stack trace.
 */
export async function runCommand(
  command: Command,
  ctx: CommandContext,
  raw: Record<string, unknown>,
): Promise<Reply> {
  const started = Date.now();
  const log = ctx.deps.logger.child({
    request: ctx.requestId,
    command: `${command.group} ${command.name}`,
    platform: ctx.scope.platform,
  });
  try {
    const parsed = command.args.safeParse(raw);
    if (!parsed.success) {
      throw explainArgError(
        parsed.error,
        describeArgs(command.args),
        invocationOf(command),
        command.examples[0],
      );
    }
    // "Your time" is the person's own zone wherever it is written: the one they set wins
    // over the platform's (Slack's profile zone); Discord tells none, so it is theirs or none.
    // A lookup that fails (the store away) leaves the platform's zone: no command fails for it.
    const own = await ownTimeZone(ctx.deps, ctx.scope, ctx.actor).catch((err: unknown) => {
      ctx.deps.logger.warn(
        { requestId: ctx.requestId, err: messageOf(err) },
        "could not read the person's own time zone; using the platform's",
      );
      return undefined;
    });
    let result = await command.handler(own ? { ...ctx, zone: own } : ctx, parsed.data as never);
    if (ctx.deps.web && !result.link) {
      const link = await replyLink(ctx.deps, ctx.scope, command, parsed.data as Record<string, unknown>);
      if (link) result = { ...result, link };
    }
    log.info({ ms: Date.now() - started }, 'command answered');
    return result;
  } catch (caught) {
    // A rule's refusal deep in a use case (a schema that rejects the value) is the user's
    // error to fix, not an internal one; it is logged with its stack in case it was a bug.
    const violation = ruleViolationError(caught);
    if (violation) {
      log.warn(
        { ms: Date.now() - started, stack: caught instanceof Error ? caught.stack : undefined },
        'command refused by a rule inside the use case',
      );
    }
    const err = violation ?? caught;
    if (err instanceof RapporteurError) {
      if (!violation) log.info({ ms: Date.now() - started, code: err.code }, 'command refused');
    } else {
      log.error(
        {
          ms: Date.now() - started,
          err:
            err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
        },
        'command failed',
      );
    }
    return errorReply(err, ctx.requestId);
  }
}

/** The Reply for a failure: the user's own words for expected errors, a reference for the rest. */
export function errorReply(err: unknown, requestId: string): Reply {
  if (err instanceof RapporteurError) {
    return reply(titleFor(err), {
      tone: err.code === 'PERMISSION_DENIED' ? 'warning' : 'error',
      summary: err.message,
      sections: err.hint ? [{ body: err.hint }] : [],
      ephemeral: true,
    });
  }
  return reply('Something went wrong', {
    tone: 'error',
    summary: `Rapporteur could not finish this. It has been logged with reference ${requestId}; please try again, and quote the reference if it keeps happening.`,
    sections: [],
    ephemeral: true,
  });
}

function titleFor(err: RapporteurError): string {
  switch (err.code) {
    case 'PERMISSION_DENIED':
      return 'Not allowed';
    case 'NOT_FOUND':
      return 'Not found';
    case 'INVALID_ARGUMENT':
      return 'Check the command';
    case 'FILE_TOO_LARGE':
    case 'LIMIT_EXCEEDED':
      return 'Too large';
    case 'UNSUPPORTED_TYPE':
    case 'TYPE_MISMATCH':
    case 'CORRUPT_FILE':
    case 'ENCRYPTED':
    case 'NO_TEXT':
    case 'UNREADABLE_ENCODING':
      return 'Cannot read that file';
    case 'TIMEOUT':
    case 'UNAVAILABLE':
    case 'RATE_LIMITED':
      return 'Try again shortly';
    default:
      return 'Could not do that';
  }
}

/**
 * Runs a command typed as text ("brackets status C9 --version 3", with or without the
 * leading slash): used by Slack (group from the slash command, the rest from its text),
 * e-mail (subject or first line) and the terminal. Unknown commands get help; the line is
 * read with {@link canonicalCommandLine} first.
 */
export async function runTextCommand(
  commands: readonly Command[],
  ctx: CommandContext,
  text: string,
  options: { group?: string; files?: IncomingFile[]; resolveFile?: (path: string) => IncomingFile } = {},
): Promise<Reply> {
  const words = tokenize(canonicalCommandLine(text, options.group));
  const group = (words.shift() ?? '').replace(/^\//, '').toLowerCase();
  if (!group || !(group in GROUP_DESCRIPTIONS)) {
    return {
      ...helpReply(commands),
      title: group ? `Unknown command "/${group}"` : helpReply(commands).title,
    };
  }
  const sub = (words.shift() ?? '').toLowerCase();
  const command = commands.find((c) => c.group === group && c.name === sub);
  if (!command) {
    const help = helpReply(commands, group);
    return sub && sub !== 'help'
      ? { ...help, title: `/${group} has no "${sub}" command`, tone: 'warning' }
      : help;
  }
  let raw: Record<string, unknown>;
  try {
    raw = parseTextArgs(words, describeArgs(command.args), {
      invocation: invocationOf(command),
      ...(command.examples[0] ? { example: command.examples[0] } : {}),
      ...(options.files ? { files: options.files } : {}),
      ...(options.resolveFile ? { resolveFile: options.resolveFile } : {}),
    });
  } catch (err) {
    return errorReply(err, ctx.requestId);
  }
  return runCommand(command, ctx, raw);
}
