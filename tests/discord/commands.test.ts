import type { APIApplicationCommandOption } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildSlashCommands, slashDescription, slashName } from '../../src/bots/discord/commands.js';
import { applicationCommandProblems } from '../../src/bots/discord/limits.js';
import type { CommandGroup } from '../../src/core/command-line.js';
import { fileArg } from '../../src/core/commands/args.js';
import { COMMANDS } from '../../src/core/commands/index.js';
import { type Command, defineCommand } from '../../src/core/commands/types.js';
import { reply } from '../../src/core/reply.js';

/**
 * Slash commands generated from the registry: every command present once, options typed
 * from the arguments, and nothing Discord would refuse, for the real registry and for any
 * registry a future contributor might write.
 */

type Option = APIApplicationCommandOption & {
  required?: boolean;
  choices?: { name: string; value: string }[];
  autocomplete?: boolean;
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  options?: Option[];
};

const slash = buildSlashCommands(COMMANDS);
const subcommand = (group: string, name: string): Option | undefined =>
  (slash.definitions.find((d) => d.name === group)?.options as Option[] | undefined)?.find(
    (o) => o.name === name,
  );
const option = (group: string, name: string, arg: string) =>
  subcommand(group, name)?.options?.find((o) => o.name === arg);

function command(group: CommandGroup, name: string, args: z.ZodObject): Command {
  return defineCommand({
    group,
    name,
    description: `Test command ${name}`,
    args,
    examples: [`/${group} ${name}`],
    permission: 'everyone',
    handler: async () => reply('ok'),
  }) as unknown as Command;
}

describe('slash commands from the registry', () => {
  it('fit every Discord rule', () => {
    expect(slash.problems).toEqual([]);
    for (const d of slash.definitions) expect(applicationCommandProblems(d)).toEqual([]);
  });

  it('has one top-level command per group and every registry command as its subcommand', () => {
    expect(slash.definitions.map((d) => d.name)).toEqual([
      'brackets',
      'draft',
      'language',
      'meetings',
      'watch',
      'rapporteur',
    ]);
    for (const c of COMMANDS) {
      expect(subcommand(c.group, c.name), `/${c.group} ${c.name}`).toMatchObject({ type: 1 });
      expect(slash.route(c.group, c.name)?.command).toBe(c);
    }
    const total = slash.definitions.reduce((n, d) => n + (d.options?.length ?? 0), 0);
    expect(total).toBe(COMMANDS.length);
  });

  it('is offered in servers only, to every member: the core checks permissions', () => {
    for (const d of slash.definitions) {
      expect(d).toMatchObject({
        type: 1,
        dm_permission: false,
        contexts: [0],
        integration_types: [0],
        default_member_permissions: null,
      });
    }
  });

  it('types the options: attachments, choices, bounded integers, autocomplete, lengths', () => {
    expect(option('draft', 'post', 'file')).toMatchObject({ type: 11, required: true });
    expect(option('draft', 'post', 'document')).toMatchObject({
      type: 3,
      required: true,
      autocomplete: true,
    });
    expect(option('rapporteur', 'subscribe', 'topic')).toMatchObject({
      type: 3,
      required: true,
      choices: ['all', 'drafts', 'schedule', 'reminders', 'digest'].map((c) => ({ name: c, value: c })),
    });
    expect(option('rapporteur', 'subscribe', 'hour')).toMatchObject({ type: 4, min_value: 0, max_value: 23 });
    expect(option('brackets', 'clean', 'keep-text')).toMatchObject({ type: 5 });
    expect(option('meetings', 'show', 'meeting')).toMatchObject({ autocomplete: true, max_length: 120 });
    expect(option('rapporteur', 'timezone', 'zone')).toMatchObject({ autocomplete: true });
    // Discord carries at most 6000 characters in a string option; longer announcements come as files.
    expect(option('meetings', 'announce', 'text')?.max_length).toBeLessThanOrEqual(6000);
    expect(option('brackets', 'status', 'process')?.autocomplete).toBeUndefined();
  });

  it('puts required options first and keeps descriptions within 100 characters', () => {
    for (const d of slash.definitions) {
      for (const sub of d.options as Option[]) {
        expect(sub.description.length).toBeLessThanOrEqual(100);
        const required = (sub.options ?? []).map((o) => o.required === true);
        expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
        for (const o of sub.options ?? []) expect(o.description.length).toBeLessThanOrEqual(100);
      }
    }
    expect(option('draft', 'post', 'file')).toBe(subcommand('draft', 'post')?.options?.[0]);
  });

  it('offers choices Discord cannot list (over 25) through autocomplete, filtered by the bot', () => {
    const countries = Array.from({ length: 40 }, (_, i) => `country-${i + 1}`);
    const set = buildSlashCommands([
      command(
        'brackets',
        'by-country',
        z.object({ holder: z.enum(countries as [string, ...string[]]).describe('A delegation') }),
      ),
    ]);
    expect(set.problems).toEqual([]);
    const holder = (set.definitions[0]?.options?.[0] as Option | undefined)?.options?.[0];
    expect(holder).toMatchObject({ type: 3, autocomplete: true });
    expect(holder?.choices).toBeUndefined();
    expect(set.route('brackets', 'by-country')?.options.get('holder')?.localChoices).toHaveLength(40);
  });

  it('makes names Discord accepts and maps them back to the argument names', () => {
    expect(slashName('keepText')).toBe('keep_text');
    expect(slashName('Meeting id')).toBe('meeting_id');
    expect(slashName('  ')).toBe('option');
    expect(slashName('x'.repeat(40))).toHaveLength(32);
    const set = buildSlashCommands([
      command('meetings', 'near', z.object({ noticeDays: z.number().int().positive().describe('Days') })),
    ]);
    const opt = (set.definitions[0]?.options?.[0] as Option | undefined)?.options?.[0];
    // An exclusive bound on an integer becomes Discord's inclusive one.
    expect(opt).toMatchObject({ name: 'notice_days', type: 4, min_value: 1 });
    expect(set.route('meetings', 'near')?.options.get('notice_days')?.arg.name).toBe('noticeDays');
  });

  it('reports what cannot be deployed instead of sending it', () => {
    const set = buildSlashCommands([
      command('watch', 'same', z.object({ keepText: z.string(), keep_text: z.string() })),
      command('watch', 'same', z.object({})),
    ]);
    expect(set.problems).toEqual([
      '/watch same: arguments "keepText" and "keep_text" both become option "keep_text"',
      '/watch same is defined twice in the registry',
    ]);
  });

  it('cuts long descriptions between words', () => {
    const long =
      'The older version (default: the one before "to"): a number, a label ("1 June version"), latest or previous';
    const cut = slashDescription(long, 'from');
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut).toMatch(/ latest or…$|previous$|…$/);
    expect(long.startsWith(cut.slice(0, -1).trimEnd())).toBe(true);
    expect(slashDescription('   ', 'from')).toBe('from');
  });
});

/** Argument schemas a contributor might write, with hostile names and descriptions. */
const argSchema = fc
  .record({
    kind: fc.constantFrom('string', 'int', 'number', 'boolean', 'enum', 'file'),
    description: fc.string({ maxLength: 300 }),
    optional: fc.boolean(),
    min: fc.integer({ min: -1000, max: 1000 }),
    span: fc.integer({ min: 0, max: 5000 }),
    choices: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 120 }), { minLength: 1, maxLength: 40 }),
    autocomplete: fc.boolean(),
  })
  .map((a) => {
    let schema: z.ZodType;
    switch (a.kind) {
      case 'int':
        schema = z
          .number()
          .int()
          .min(a.min)
          .max(a.min + a.span);
        break;
      case 'number':
        schema = z
          .number()
          .gt(a.min)
          .lt(a.min + a.span + 1);
        break;
      case 'boolean':
        schema = z.boolean();
        break;
      case 'enum':
        schema = z.enum(a.choices as [string, ...string[]]);
        break;
      case 'file':
        schema = fileArg();
        break;
      default:
        schema = z
          .string()
          .min(Math.max(0, a.min))
          .max(Math.max(1, a.min) + a.span * 3)
          .meta(a.autocomplete ? { autocomplete: 'document' } : {});
    }
    schema = a.description.trim() ? schema.describe(a.description) : schema;
    return a.optional ? schema.optional() : schema;
  });

describe('any registry a contributor might write', () => {
  it('either deploys cleanly or says why, never sends something Discord refuses', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            group: fc.constantFrom<CommandGroup>('brackets', 'draft', 'meetings', 'watch', 'rapporteur'),
            name: fc.stringMatching(/^[a-z][a-z-]{0,40}$/),
            args: fc.dictionary(fc.string({ minLength: 1, maxLength: 40 }), argSchema, { maxKeys: 12 }),
          }),
          { maxLength: 12, selector: (c) => `${c.group} ${c.name}` },
        ),
        (specs) => {
          const set = buildSlashCommands(specs.map((s) => command(s.group, s.name, z.object(s.args))));
          const refused = set.definitions.flatMap((d) => applicationCommandProblems(d));
          // Whatever Discord would refuse is among the problems the deploy reports...
          for (const p of refused) expect(set.problems).toContain(p);
          // ...and is only ever what the registry itself gets wrong (clashing names, too much
          // text in one group); names, lengths, bounds, choices and order are always right.
          for (const p of set.problems) {
            expect(p).toMatch(
              /both become option|defined twice|characters of names, descriptions and choices/,
            );
          }
          for (const d of set.definitions) {
            for (const sub of d.options ?? []) {
              for (const o of ((sub as Option).options ?? []) as Option[]) {
                expect(o.name).toMatch(/^[-_'\p{Ll}\p{Lm}\p{Lo}\p{N}]{1,32}$/u);
                expect(o.description.length).toBeGreaterThan(0);
                expect(o.description.length).toBeLessThanOrEqual(100);
                if (o.min_value !== undefined && o.max_value !== undefined) {
                  expect(o.min_value).toBeLessThanOrEqual(o.max_value);
                }
                if (o.max_length !== undefined) expect(o.max_length).toBeLessThanOrEqual(6000);
                expect((o.choices?.length ?? 0) <= 25).toBe(true);
              }
            }
          }
          // Routes find every registered subcommand.
          for (const d of set.definitions) {
            for (const sub of d.options ?? []) expect(set.route(d.name, sub.name)).toBeDefined();
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
