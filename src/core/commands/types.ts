import type { z } from 'zod';
import type { Actor, AppDeps, Scope } from '../app/context.js';
import type { Reply } from '../reply.js';

/**
 * A command is one typed object: the group and name people type (`/brackets status`), a
 * one-line description and per-argument descriptions that double as help text, a zod
 * schema for its arguments, a permission level and a handler that returns a neutral
 * `Reply`. Adapters translate the registry into slash commands, text parsing and help;
 * they hold no business logic.
 */
export type CommandGroup = 'brackets' | 'draft' | 'language' | 'meetings' | 'watch' | 'rapporteur';

/** What each group is about, for help and for platforms that describe top-level commands. */
export const GROUP_DESCRIPTIONS: Record<CommandGroup, string> = {
  brackets: 'What is still bracketed, what changed, and who holds what',
  draft: 'Post and list versions of negotiated drafts',
  language: 'Previously agreed language: where wording comes from, and roll-backs',
  meetings: 'Meetings, their sources, conflicts and local times',
  watch: 'Web pages and calendar feeds Rapporteur checks for changes',
  rapporteur: 'Set up this channel, your time zone and reminders; help',
};

/**
 * Who may run a command, as shown in help and used for platform-side defaults. The use
 * cases enforce the real rule themselves (chairs' staff for `staff`, tenant administrators
 * for `admin`), so a platform that ignores this level still cannot be used to bypass it.
 */
export type Permission = 'everyone' | 'staff' | 'admin';

/** Everything a handler may use. */
export interface CommandContext {
  deps: AppDeps;
  scope: Scope;
  actor: Actor;
  /** The reader's time zone for text renderings, when the adapter knows it. */
  zone?: string;
  /** Shown to the user with unexpected errors so logs can be found. */
  requestId: string;
}

export interface Command<S extends z.ZodObject = z.ZodObject> {
  group: CommandGroup;
  /** Subcommand name, lower case, one word. */
  name: string;
  /** One line, at most 100 characters (Discord's limit for descriptions). */
  description: string;
  args: S;
  /** Complete invocations as typed in a chat ("/brackets status Vision C9"); the first is used in errors. */
  examples: string[];
  permission: Permission;
  /** May take longer than two seconds (file downloads, parsing): adapters defer their answer. */
  slow?: boolean;
  handler(ctx: CommandContext, args: z.output<S>): Promise<Reply>;
}

/** Declares a command with its argument types inferred from its schema. */
export function defineCommand<S extends z.ZodObject>(command: Command<S>): Command<S> {
  return command;
}

/** The command's invocation as people type it. */
export function invocationOf(command: Pick<Command, 'group' | 'name'>): string {
  return `/${command.group} ${command.name}`;
}
