import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { z } from 'zod';
import { type CommandGroup, GROUP_DESCRIPTIONS } from '../../core/command-line.js';
import { type ArgInfo, describeArgs } from '../../core/commands/args.js';
import type { Command } from '../../core/commands/types.js';
import {
  applicationCommandProblems,
  MAX_AUTOCOMPLETE_CHOICES,
  MAX_CHOICE_NAME,
  MAX_CHOICE_STRING_VALUE,
  MAX_COMMAND_DESCRIPTION,
  MAX_COMMAND_NAME,
  MAX_COMMAND_OPTIONS,
  MAX_COMMANDS_PER_SCOPE,
} from './limits.js';
import { cutPlain } from './markdown.js';

/**
 * Slash commands generated from the command registry: one top-level command per group
 * (/brackets, /draft, /meetings, /watch, /rapporteur) with one subcommand per command, and
 * the way back from an incoming interaction to the registry command and its argument names.
 * Nothing here decides what a command does or who may run it: the definitions leave
 * Discord's member permissions open because the use cases check permissions themselves.
 */

/** A chat-input command definition as the bulk-overwrite endpoint takes it. */
export type SlashCommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** One option of a subcommand and the registry argument it carries. */
export interface SlashOption {
  /** The option name Discord shows and sends back. */
  name: string;
  arg: ArgInfo;
  /**
   * Choices too many for Discord's static list (more than 25) or too long for it: offered
   * through autocomplete instead, filtered by the adapter.
   */
  localChoices?: readonly string[];
}

/** A subcommand and the registry command it runs. */
export interface SlashRoute {
  command: Command;
  /** Options by the name Discord sends. */
  options: ReadonlyMap<string, SlashOption>;
}

/** The generated definitions and the routes back. */
export interface SlashCommandSet {
  definitions: SlashCommandDefinition[];
  /** The registry command behind `/group subcommand`, or undefined for a stale or foreign command. */
  route(group: string, subcommand: string | null): SlashRoute | undefined;
  /** Every Discord rule the definitions break; deploy refuses to send them unless this is empty. */
  problems: string[];
}

/** Discord's integer options take values within ±2^53. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Discord's string options carry at most 6000 characters. */
const MAX_STRING_OPTION = 6000;
const GROUP_ORDER: CommandGroup[] = ['brackets', 'draft', 'language', 'meetings', 'watch', 'rapporteur'];

/**
 * A command or option name Discord accepts: lower case letters, digits, `-` and `_`, at most
 * 32 characters. Registry names already are; this keeps a future `keepText` or `Meeting id`
 * from breaking the deploy.
 */
export function slashName(name: string): string {
  const clean = name
    .normalize('NFKC')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^-_'\p{Ll}\p{Lm}\p{Lo}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_COMMAND_NAME);
  return clean || 'option';
}

/** A description within Discord's 100 characters, cut between words when it must be. */
export function slashDescription(text: string, fallback: string): string {
  for (const candidate of [text, fallback]) {
    const cut = cutPlain(candidate.replace(/\s+/g, ' ').trim(), MAX_COMMAND_DESCRIPTION).trim();
    if (cut !== '') return cut;
  }
  return 'No description';
}

interface Bounds {
  minLength?: number;
  maxLength?: number;
  min?: { value: number; inclusive: boolean };
  max?: { value: number; inclusive: boolean };
}

/**
 * Lengths and bounds read from the argument's zod schema, so Discord's client refuses what
 * the command would refuse anyway before anyone waits for an answer. The command's own
 * validation still runs; these only save a round trip.
 */
function boundsOf(schema: z.ZodType | undefined): Bounds {
  let current = schema as { def: { type: string; innerType?: unknown; checks?: unknown[] } } | undefined;
  while (current && ['optional', 'default', 'nullable'].includes(current.def.type) && current.def.innerType) {
    current = current.def.innerType as typeof current;
  }
  const bounds: Bounds = {};
  for (const check of current?.def.checks ?? []) {
    const def = (check as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) continue;
    if (def.check === 'min_length' && typeof def.minimum === 'number') bounds.minLength = def.minimum;
    if (def.check === 'max_length' && typeof def.maximum === 'number') bounds.maxLength = def.maximum;
    if (def.check === 'greater_than' && typeof def.value === 'number') {
      bounds.min = { value: def.value, inclusive: def.inclusive === true };
    }
    if (def.check === 'less_than' && typeof def.value === 'number') {
      bounds.max = { value: def.value, inclusive: def.inclusive === true };
    }
  }
  return bounds;
}

const clampSafe = (n: number) => Math.max(-MAX_SAFE, Math.min(MAX_SAFE, n));

function numericBounds(
  kind: 'integer' | 'number',
  bounds: Bounds,
): { min_value?: number; max_value?: number } {
  const out: { min_value?: number; max_value?: number } = {};
  // Discord's bounds are inclusive; an exclusive integer bound moves by one, an exclusive
  // decimal bound is left to the command's own check.
  if (bounds.min && Number.isFinite(bounds.min.value)) {
    const v = bounds.min.inclusive ? bounds.min.value : kind === 'integer' ? bounds.min.value + 1 : undefined;
    if (v !== undefined) out.min_value = clampSafe(kind === 'integer' ? Math.ceil(v) : v);
  }
  if (bounds.max && Number.isFinite(bounds.max.value)) {
    const v = bounds.max.inclusive ? bounds.max.value : kind === 'integer' ? bounds.max.value - 1 : undefined;
    if (v !== undefined) out.max_value = clampSafe(kind === 'integer' ? Math.floor(v) : v);
  }
  if (out.min_value !== undefined && out.max_value !== undefined && out.min_value > out.max_value) return {};
  return out;
}

function stringBounds(bounds: Bounds): { min_length?: number; max_length?: number } {
  const out: { min_length?: number; max_length?: number } = {};
  if (bounds.minLength !== undefined && bounds.minLength > 0) {
    out.min_length = Math.min(bounds.minLength, MAX_STRING_OPTION);
  }
  if (bounds.maxLength !== undefined && bounds.maxLength >= 1) {
    out.max_length = Math.min(bounds.maxLength, MAX_STRING_OPTION);
  }
  if (out.min_length !== undefined && out.max_length !== undefined && out.min_length > out.max_length) {
    return {};
  }
  return out;
}

function optionFor(
  arg: ArgInfo,
  name: string,
  schema: z.ZodType | undefined,
): { option: APIApplicationCommandBasicOption; localChoices?: readonly string[] } {
  const base = {
    name,
    description: slashDescription(arg.description, arg.name),
    required: arg.required,
  };
  const bounds = boundsOf(schema);
  switch (arg.kind) {
    case 'file':
      return { option: { ...base, type: ApplicationCommandOptionType.Attachment } };
    case 'boolean':
      return { option: { ...base, type: ApplicationCommandOptionType.Boolean } };
    case 'integer':
      return {
        option: {
          ...base,
          type: ApplicationCommandOptionType.Integer,
          ...numericBounds('integer', bounds),
        },
      };
    case 'number':
      return {
        option: { ...base, type: ApplicationCommandOptionType.Number, ...numericBounds('number', bounds) },
      };
    case 'choice': {
      const choices = arg.choices ?? [];
      const fits =
        choices.length > 0 &&
        choices.length <= MAX_AUTOCOMPLETE_CHOICES &&
        choices.every(
          (c) => c.trim() !== '' && c.length <= MAX_CHOICE_STRING_VALUE && c.length <= MAX_CHOICE_NAME,
        );
      if (fits) {
        return {
          option: {
            ...base,
            type: ApplicationCommandOptionType.String,
            choices: choices.map((c) => ({ name: c, value: c })),
          },
        };
      }
      // Too many for a static list: the same choices, offered as the user types.
      return {
        option: { ...base, type: ApplicationCommandOptionType.String, autocomplete: true },
        localChoices: choices,
      };
    }
    default:
      return {
        option: {
          ...base,
          type: ApplicationCommandOptionType.String,
          ...stringBounds(bounds),
          ...(arg.meta.autocomplete ? { autocomplete: true } : {}),
        },
      };
  }
}

function subcommandFor(
  command: Command,
  problems: string[],
): { definition: APIApplicationCommandSubcommandOption; options: Map<string, SlashOption> } {
  const args = describeArgs(command.args);
  const shape = command.args.shape as Record<string, z.ZodType>;
  const options = new Map<string, SlashOption>();
  const built: { option: APIApplicationCommandBasicOption; order: number }[] = [];
  args.forEach((arg, order) => {
    const name = slashName(arg.name);
    if (options.has(name)) {
      problems.push(
        `/${command.group} ${command.name}: arguments "${options.get(name)?.arg.name}" and "${arg.name}" both become option "${name}"`,
      );
      return;
    }
    const { option, localChoices } = optionFor(arg, name, shape[arg.name]);
    options.set(name, { name, arg, ...(localChoices ? { localChoices } : {}) });
    built.push({ option, order });
  });
  if (built.length > MAX_COMMAND_OPTIONS) {
    problems.push(
      `/${command.group} ${command.name} has ${built.length} arguments; Discord allows ${MAX_COMMAND_OPTIONS}`,
    );
  }
  // Discord wants required options before optional ones; otherwise declaration order.
  built.sort(
    (a, b) => Number(b.option.required === true) - Number(a.option.required === true) || a.order - b.order,
  );
  return {
    definition: {
      type: ApplicationCommandOptionType.Subcommand,
      name: slashName(command.name),
      description: slashDescription(command.description, `${command.group} ${command.name}`),
      ...(built.length > 0 ? { options: built.map((b) => b.option) } : {}),
    },
    options,
  };
}

/**
 * Builds the slash commands for a registry. Every registry command becomes a subcommand of
 * its group; options come from the argument descriptions (kinds become option types,
 * choices stay choices, bounds become min/max, autocomplete sources become autocomplete).
 * Commands are offered in servers only (`contexts`: guild; `dm_permission` false), and
 * `default_member_permissions` stays unset so every member sees them: the core decides.
 */
export function buildSlashCommands(commands: readonly Command[]): SlashCommandSet {
  const problems: string[] = [];
  const routes = new Map<string, SlashRoute>();
  const groups = [...new Set(commands.map((c) => c.group))].sort(
    (a, b) => orderOf(a) - orderOf(b) || a.localeCompare(b),
  );
  const definitions: SlashCommandDefinition[] = [];
  for (const group of groups) {
    const groupName = slashName(group);
    const subcommands: APIApplicationCommandSubcommandOption[] = [];
    for (const command of commands.filter((c) => c.group === group)) {
      const { definition, options } = subcommandFor(command, problems);
      const key = `${groupName} ${definition.name}`;
      if (routes.has(key)) {
        problems.push(`/${key} is defined twice in the registry`);
        continue;
      }
      routes.set(key, { command, options });
      subcommands.push(definition);
    }
    if (subcommands.length > MAX_COMMAND_OPTIONS) {
      problems.push(
        `/${group} has ${subcommands.length} subcommands; Discord allows ${MAX_COMMAND_OPTIONS} (split the group)`,
      );
    }
    definitions.push({
      type: ApplicationCommandType.ChatInput,
      name: groupName,
      description: slashDescription(GROUP_DESCRIPTIONS[group] ?? group, group),
      options: subcommands,
      default_member_permissions: null,
      dm_permission: false,
      contexts: [InteractionContextType.Guild],
      integration_types: [ApplicationIntegrationType.GuildInstall],
    });
  }
  if (definitions.length > MAX_COMMANDS_PER_SCOPE) {
    problems.push(`${definitions.length} commands; Discord allows ${MAX_COMMANDS_PER_SCOPE} per scope`);
  }
  for (const definition of definitions) problems.push(...applicationCommandProblems(definition));
  return {
    definitions,
    route(group, subcommand) {
      if (subcommand === null) return undefined;
      return routes.get(`${group} ${subcommand}`);
    },
    problems,
  };
}

function orderOf(group: string): number {
  const i = GROUP_ORDER.indexOf(group as CommandGroup);
  return i < 0 ? GROUP_ORDER.length : i;
}
