import type { z } from 'zod';
import type { Actor, AppDeps, Scope } from '../app/context.js';
import type { CommandGroup } from '../command-line.js';
import type { Reply } from '../reply.js';

/**
 * A command is one typed object: the group and name people type (`/brackets status`), a
 * one-line description and per-argument descriptions that double as help text, a zod
 * schema for its arguments, a permission level and a handler that returns a neutral
 * `Reply`. Adapters translate the registry into slash commands, text parsing and help;
 * they hold no business logic.
 */

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
  /** What the platform can do about the channel the command runs in, when it can do anything. */
  channel?: ChannelPresence;
}

/**
 * The platform's side of "this channel follows a process": some platforms (Slack) post only
 * in channels the bot is a member of. Commands that make a channel receive alerts ask this.
 */
export interface ChannelPresence {
  /**
   * Makes sure alerts can be posted in the channel (joins it where the platform allows);
   * resolves to a note for the reader when something is left for them to do or was done
   * for them, else undefined. Never throws: trouble becomes the note.
   */
  ensurePostable(): Promise<string | undefined>;
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
