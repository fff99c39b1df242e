/**
 * Discord's limits, as named constants, and the checker of command definitions run before
 * they are deployed (message payload checkers live with the tests, in tests/helpers).
 *
 * Lengths are measured in UTF-16 code units (`String.prototype.length`). Discord counts
 * characters (code points); a code point is one or two UTF-16 units, so a string whose
 * `.length` fits also fits Discord's count. Measuring the cheap, stricter way keeps every
 * check on the safe side.
 */

/** Message `content`. */
export const MAX_MESSAGE_CONTENT = 2000;
/** Embeds in one message. */
export const MAX_EMBEDS_PER_MESSAGE = 10;
/** Sum of title, description, field names and values, footer text and author name across all embeds of a message. */
export const MAX_EMBED_TOTAL_CHARS = 6000;
export const MAX_EMBED_TITLE = 256;
export const MAX_EMBED_DESCRIPTION = 4096;
export const MAX_EMBED_FIELDS = 25;
export const MAX_EMBED_FIELD_NAME = 256;
export const MAX_EMBED_FIELD_VALUE = 1024;
export const MAX_EMBED_FOOTER_TEXT = 2048;
export const MAX_EMBED_AUTHOR_NAME = 256;
/** Largest embed colour (24-bit RGB). */
export const MAX_EMBED_COLOR = 0xffffff;
/** Files (attachments) in one message. */
export const MAX_FILES_PER_MESSAGE = 10;
/** Alt text of one attachment. */
export const MAX_ATTACHMENT_DESCRIPTION = 1024;
/**
 * Upload size per file when Discord does not say otherwise (10 MiB since January 2025).
 * Interactions carry the real figure in `attachment_size_limit` (boosted servers allow more).
 */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

/** Choices in one autocomplete answer (and in a static option's choice list). */
export const MAX_AUTOCOMPLETE_CHOICES = 25;
export const MAX_CHOICE_NAME = 100;
/** A string choice's value; longer values cannot be offered at all. */
export const MAX_CHOICE_STRING_VALUE = 100;

export const MAX_COMMAND_NAME = 32;
export const MAX_COMMAND_DESCRIPTION = 100;
/** Options (or subcommands, or subcommand groups) at one level of a command. */
export const MAX_COMMAND_OPTIONS = 25;
/** Slash commands per scope (global, or one guild). */
export const MAX_COMMANDS_PER_SCOPE = 100;
/** Sum of all names, descriptions and choice names/values of one command. */
export const MAX_COMMAND_TOTAL_CHARS = 4000;

/** Action rows per message and buttons per row. */
export const MAX_ACTION_ROWS = 5;
export const MAX_BUTTONS_PER_ROW = 5;
export const MAX_BUTTON_LABEL = 80;
export const MAX_CUSTOM_ID = 100;

/** The first answer to an interaction (reply, defer or autocomplete result) must arrive within this. */
export const INTERACTION_INITIAL_RESPONSE_MS = 3000;
/** How long an interaction token stays valid for edits and follow-ups. */
export const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60 * 1000;

/** `flags` bit that shows a reply only to the person who asked. */
export const EPHEMERAL_FLAG = 1 << 6;

/** Option types of application commands, as numbered by Discord. */
export const OPTION_TYPE = {
  subcommand: 1,
  subcommandGroup: 2,
  string: 3,
  integer: 4,
  boolean: 5,
  user: 6,
  channel: 7,
  role: 8,
  mentionable: 9,
  number: 10,
  attachment: 11,
} as const;

/** Slash command and option names: lowercase letters (any script), digits, `-` and `_`. */
const COMMAND_NAME = /^[-_'\p{Ll}\p{Lm}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

export type Json = Record<string, unknown>;

/** A JSON object (not an array, not null). */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where a checker collects problems. */
export interface Check {
  problems: string[];
  uploadLimitBytes: number;
}

/** Adds a problem when `value` is missing (if required), not a string, blank or over `max`; returns its length. */
export function tooLong(check: Check, path: string, value: unknown, max: number, required = false): number {
  if (value === undefined || value === null) {
    if (required) check.problems.push(`${path} is missing; Discord requires it`);
    return 0;
  }
  if (typeof value !== 'string') {
    check.problems.push(`${path} must be a string, got ${typeof value}`);
    return 0;
  }
  if (required && value.trim() === '')
    check.problems.push(`${path} is empty or only whitespace; Discord rejects that`);
  if (value.length > max) {
    check.problems.push(`${path} has ${value.length} characters; Discord allows at most ${max}`);
  }
  return value.length;
}

/** Problems of an autocomplete answer's `choices`. */
export function autocompleteChoiceProblems(choices: unknown): string[] {
  const problems: string[] = [];
  if (!Array.isArray(choices)) return ['choices must be an array'];
  if (choices.length > MAX_AUTOCOMPLETE_CHOICES) {
    problems.push(
      `choices has ${choices.length} entries; Discord allows at most ${MAX_AUTOCOMPLETE_CHOICES}`,
    );
  }
  const check: Check = { problems, uploadLimitBytes: 0 };
  choices.forEach((choice, i) => {
    if (!isObject(choice)) {
      problems.push(`choices[${i}] must be an object`);
      return;
    }
    tooLong(check, `choices[${i}].name`, choice.name, MAX_CHOICE_NAME, true);
    if (typeof choice.value === 'string') {
      tooLong(check, `choices[${i}].value`, choice.value, MAX_CHOICE_STRING_VALUE);
    } else if (typeof choice.value !== 'number' || !Number.isFinite(choice.value)) {
      problems.push(`choices[${i}].value must be a string or a finite number`);
    }
  });
  return problems;
}

/** Total characters Discord counts against {@link MAX_COMMAND_TOTAL_CHARS}, and per-option problems. */
function checkCommandOptions(problems: string[], path: string, options: unknown, depth: number): number {
  if (options === undefined) return 0;
  if (!Array.isArray(options)) {
    problems.push(`${path}.options must be an array`);
    return 0;
  }
  if (options.length > MAX_COMMAND_OPTIONS) {
    problems.push(`${path} has ${options.length} options; Discord allows at most ${MAX_COMMAND_OPTIONS}`);
  }
  let total = 0;
  let seenOptional = false;
  const names = new Set<string>();
  options.forEach((option, i) => {
    const at = `${path}.options[${i}]`;
    if (!isObject(option)) {
      problems.push(`${at} must be an object`);
      return;
    }
    total += checkNameAndDescription(problems, at, option);
    if (typeof option.name === 'string') {
      if (names.has(option.name)) problems.push(`${at}.name "${option.name}" is used twice at this level`);
      names.add(option.name);
    }
    const type = option.type;
    const nests = type === OPTION_TYPE.subcommand || type === OPTION_TYPE.subcommandGroup;
    if (nests) {
      if (depth >= 2 || (type === OPTION_TYPE.subcommandGroup && depth >= 1)) {
        problems.push(`${at} nests too deep: groups hold subcommands, subcommands hold plain options`);
      }
      total += checkCommandOptions(problems, at, option.options, depth + 1);
    } else if (typeof type !== 'number' || type < 3 || type > 11) {
      problems.push(`${at}.type ${String(type)} is not an option type`);
    } else {
      if (option.required === true && seenOptional) {
        problems.push(
          `${at} is required but follows an optional option; Discord wants required options first`,
        );
      }
      if (option.required !== true) seenOptional = true;
      if (option.choices !== undefined) {
        if (option.autocomplete === true) problems.push(`${at} cannot have both choices and autocomplete`);
        const choiceProblems = autocompleteChoiceProblems(option.choices).map((p) => `${at}.${p}`);
        problems.push(...choiceProblems);
        if (Array.isArray(option.choices)) {
          for (const c of option.choices) {
            if (isObject(c)) total += String(c.name ?? '').length + String(c.value ?? '').length;
          }
        }
      }
    }
  });
  const kinds = new Set(
    options.map((o) => (isObject(o) && (o.type === 1 || o.type === 2) ? 'sub' : 'plain')),
  );
  if (kinds.size > 1)
    problems.push(`${path} mixes subcommands with plain options; Discord does not allow that`);
  return total;
}

function checkNameAndDescription(problems: string[], at: string, item: Json): number {
  const name = item.name;
  if (typeof name !== 'string' || !COMMAND_NAME.test(name)) {
    problems.push(
      `${at}.name ${JSON.stringify(name)} must be 1-${MAX_COMMAND_NAME} lowercase letters, digits, "-" or "_"`,
    );
  }
  const check: Check = { problems, uploadLimitBytes: 0 };
  tooLong(check, `${at}.description`, item.description, MAX_COMMAND_DESCRIPTION, true);
  return (
    (typeof name === 'string' ? name.length : 0) +
    (typeof item.description === 'string' ? item.description.length : 0)
  );
}

/**
 * Every limit a chat-input application command definition (the JSON sent to the bulk
 * overwrite endpoint) breaks: names, descriptions, option counts and order, nesting,
 * choices, and the 4000-character total. Run it before deploying commands.
 */
export function applicationCommandProblems(command: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(command)) return ['the command must be an object'];
  const at = `command ${typeof command.name === 'string' ? `"${command.name}"` : '(unnamed)'}`;
  let total = checkNameAndDescription(problems, at, command);
  total += checkCommandOptions(problems, at, command.options, 0);
  if (total > MAX_COMMAND_TOTAL_CHARS) {
    problems.push(
      `${at} has ${total} characters of names, descriptions and choices; Discord allows ${MAX_COMMAND_TOTAL_CHARS}`,
    );
  }
  return problems;
}
