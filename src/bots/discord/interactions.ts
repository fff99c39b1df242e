import { randomBytes } from 'node:crypto';
import type { AutocompleteInteraction, RepliableInteraction } from 'discord.js';
import { type ErrorCode, isRapporteurError } from '../../core/errors.js';
import { type Logger, silentLogger } from '../../core/ports/index.js';
import { type Reply, reply } from '../../core/reply.js';
import {
  EPHEMERAL_FLAG,
  MAX_AUTOCOMPLETE_CHOICES,
  MAX_CHOICE_NAME,
  MAX_CHOICE_STRING_VALUE,
} from './limits.js';
import { cutPlain } from './markdown.js';
import { type DiscordRenderOptions, renderDiscordReply, toInteractionMessage } from './render.js';
import { classifyDiscordError } from './transport.js';

/**
 * Answering interactions within Discord's deadlines: a command gets its reply directly
 * when the work is quick, or a deferral ("Rapporteur is thinking...") once it has run for
 * `deferAfterMs` and an edit when it finishes, so the 3-second limit for the first
 * response is never missed. Failures reach the user as a short message with a correlation
 * id; the stack and details go to the log under the same id.
 */

/** Options of {@link answerInteraction}. */
export interface AnswerOptions {
  /** Defer when the work has not finished after this long; default 2000 ms (Discord allows 3000). */
  deferAfterMs?: number;
  /** Whether a deferral is private; the reply's own `ephemeral` decides when there is no deferral. */
  ephemeral?: boolean;
  render?: DiscordRenderOptions;
  logger?: Logger;
  /** Makes the id users quote to the operator; default 8 random hex digits. */
  correlationId?: () => string;
  /** Facts for the log lines (command name, guild id); never tokens or file contents. */
  context?: Record<string, unknown>;
}

/** What happened, for the caller's metrics and tests. */
export interface AnswerOutcome {
  correlationId: string;
  deferred: boolean;
  /** False when Discord refused the answer (e.g. the interaction expired); the cause is logged. */
  delivered: boolean;
  /** The error code when the work failed. */
  errorCode?: ErrorCode;
  ms: number;
}

const newCorrelationId = () => randomBytes(4).toString('hex');

const ERROR_TITLES: Partial<Record<ErrorCode, string>> = {
  PERMISSION_DENIED: 'Not allowed',
  INVALID_ARGUMENT: 'That did not work',
  NOT_FOUND: 'Not found',
  FILE_TOO_LARGE: 'File too large',
  UNSUPPORTED_TYPE: 'Unsupported file',
  TIMEOUT: 'Took too long',
  RATE_LIMITED: 'Too many requests',
  UNAVAILABLE: 'Temporarily unavailable',
};

/**
 * The reply a user sees when their command failed: what went wrong and what to do for an
 * expected error; a generic sentence for anything else. Always with the correlation id.
 */
export function errorReply(error: unknown, correlationId: string): Reply {
  const known = isRapporteurError(error) && error.code !== 'INTERNAL' ? error : undefined;
  if (known) {
    return reply(ERROR_TITLES[known.code] ?? 'Could not do that', {
      tone: known.transient ? 'warning' : 'error',
      summary: known.message,
      ...(known.hint ? { sections: [{ body: known.hint }] } : {}),
      footer: `Reference: ${correlationId}`,
      ephemeral: true,
    });
  }
  return reply('Something went wrong', {
    tone: 'error',
    summary: 'Rapporteur hit an unexpected problem and could not finish this command.',
    sections: [
      { body: 'Try again in a moment. If it happens again, give the operator the reference below.' },
    ],
    footer: `Reference: ${correlationId}`,
    ephemeral: true,
  });
}

type Settled = { ok: true; reply: Reply } | { ok: false; error: unknown };

/**
 * Runs `produce` and answers the interaction with its reply, deferring first if it takes
 * longer than `deferAfterMs`. Never throws: failures of the work become an error reply,
 * failures to answer are logged; both carry the correlation id.
 */
export async function answerInteraction(
  interaction: RepliableInteraction,
  produce: () => Promise<Reply>,
  options: AnswerOptions = {},
): Promise<AnswerOutcome> {
  const started = Date.now();
  const correlationId = (options.correlationId ?? newCorrelationId)();
  const log = (options.logger ?? silentLogger).child({ correlationId, ...options.context });
  const deferAfterMs = options.deferAfterMs ?? 2000;

  const work: Promise<Settled> = Promise.resolve()
    .then(produce)
    .then(
      (r) => ({ ok: true as const, reply: r }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deferAfterMs);
  });
  const first = await Promise.race([work, late]);
  clearTimeout(timer);

  let deferred = false;
  if (first === 'late') {
    try {
      await interaction.deferReply(options.ephemeral ? { flags: EPHEMERAL_FLAG } : {});
      deferred = true;
    } catch (error) {
      const failure = classifyDiscordError(error, { action: 'deferring a reply' });
      log.warn({ code: failure.code, details: failure.details }, 'could not defer the interaction');
      await work;
      return { correlationId, deferred: false, delivered: false, ms: Date.now() - started };
    }
  }

  const settled = first === 'late' ? await work : first;
  let errorCode: ErrorCode | undefined;
  let answer: Reply;
  if (settled.ok) {
    answer = settled.reply;
  } else {
    const error = settled.error;
    errorCode = isRapporteurError(error) ? error.code : 'INTERNAL';
    if (isRapporteurError(error) && error.code !== 'INTERNAL') {
      log.info({ code: error.code, details: error.details }, 'command refused');
    } else {
      log.error({ err: error }, 'command failed unexpectedly');
    }
    answer = errorReply(error, correlationId);
  }

  // The interaction says what this server accepts (boosted servers allow larger files).
  const uploadLimitBytes = interaction.attachmentSizeLimit || options.render?.uploadLimitBytes;
  const render: DiscordRenderOptions = {
    ...options.render,
    ...(uploadLimitBytes ? { uploadLimitBytes } : {}),
  };
  const payload = renderDiscordReply(answer, render);
  const message = toInteractionMessage(payload);
  try {
    if (deferred && payload.ephemeral && !options.ephemeral) {
      // The deferral was public but the answer is private (an error, help): an edit cannot
      // change visibility, so the answer goes out as a private follow-up and the public
      // "thinking..." message is removed.
      await interaction.followUp(message);
      await interaction.deleteReply().catch((error: unknown) => {
        const failure = classifyDiscordError(error, { action: 'removing the deferral' });
        log.debug({ code: failure.code }, 'could not remove the public deferral');
      });
    } else if (deferred) {
      const { flags: _visibilityIsFixed, ...edit } = message;
      await interaction.editReply(edit);
    } else {
      await interaction.reply(message);
    }
  } catch (error) {
    const failure = classifyDiscordError(error, { action: deferred ? 'editing the reply' : 'replying' });
    log.warn({ code: failure.code, details: failure.details }, 'could not answer the interaction');
    return {
      correlationId,
      deferred,
      delivered: false,
      ms: Date.now() - started,
      ...(errorCode ? { errorCode } : {}),
    };
  }
  log.debug({ deferred, ms: Date.now() - started, truncated: payload.truncated }, 'answered interaction');
  return {
    correlationId,
    deferred,
    delivered: true,
    ms: Date.now() - started,
    ...(errorCode ? { errorCode } : {}),
  };
}

/** A suggestion for an autocompleted option. */
export interface Choice {
  name: string;
  value: string | number;
}

/**
 * Choices as Discord accepts them: at most 25, names cut to 100 characters at a word
 * boundary, duplicates (by value) dropped, and string values over 100 characters dropped,
 * since a cut value would no longer name the thing chosen.
 */
export function fitAutocompleteChoices(choices: readonly Choice[]): Choice[] {
  const seen = new Set<string | number>();
  const out: Choice[] = [];
  for (const choice of choices) {
    if (out.length >= MAX_AUTOCOMPLETE_CHOICES) break;
    if (
      typeof choice.value === 'string' &&
      (choice.value.length > MAX_CHOICE_STRING_VALUE || choice.value === '')
    ) {
      continue;
    }
    if (typeof choice.value === 'number' && !Number.isFinite(choice.value)) continue;
    if (seen.has(choice.value)) continue;
    const name =
      cutPlain(choice.name.replace(/\s+/g, ' ').trim(), MAX_CHOICE_NAME) ||
      cutPlain(String(choice.value), MAX_CHOICE_NAME);
    seen.add(choice.value);
    out.push({ name, value: choice.value });
  }
  return out;
}

/** Options of {@link answerAutocomplete}. */
export interface AutocompleteOptions {
  /** Answer with no suggestions rather than miss Discord's 3 s deadline; default 2500 ms. */
  timeoutMs?: number;
  logger?: Logger;
}

/**
 * Answers an autocomplete with the suggestions `produce` finds, fitted to Discord's limits.
 * Autocomplete cannot be deferred: when `produce` is slow or fails, the answer is an empty
 * list (the user keeps typing) and the cause is logged. Never throws.
 */
export async function answerAutocomplete(
  interaction: AutocompleteInteraction,
  produce: () => Promise<readonly Choice[]>,
  options: AutocompleteOptions = {},
): Promise<Choice[]> {
  const log = options.logger ?? silentLogger;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<readonly Choice[]>((resolve) => {
    timer = setTimeout(() => {
      log.warn(
        { timeoutMs: options.timeoutMs ?? 2500 },
        'autocomplete too slow; answered with no suggestions',
      );
      resolve([]);
    }, options.timeoutMs ?? 2500);
  });
  let choices: Choice[];
  try {
    choices = fitAutocompleteChoices(await Promise.race([Promise.resolve().then(produce), timeout]));
  } catch (error) {
    log.warn({ err: error }, 'autocomplete failed; answered with no suggestions');
    choices = [];
  } finally {
    clearTimeout(timer);
  }
  try {
    await interaction.respond(choices);
  } catch (error) {
    const failure = classifyDiscordError(error, { action: 'answering an autocomplete' });
    log.debug({ code: failure.code }, 'autocomplete answer refused');
  }
  return choices;
}
