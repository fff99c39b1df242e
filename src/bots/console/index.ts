import { basename, join } from 'node:path';
import type { BotHost } from '../../core/app/bot-host.js';
import type { Actor, Scope } from '../../core/app/context.js';
import type { IncomingFile } from '../../core/commands/args.js';
import { COMMANDS, runTextCommand } from '../../core/commands/index.js';
import type { JobQueue } from '../../core/ports/index.js';
import { readInputFile } from '../../input-files.js';
import { renderConsoleReply } from './render.js';
import { readTypedLines } from './transport.js';

/**
 * The terminal room: the same commands as the chat platforms, typed in a terminal
 * (`/brackets status C9`, `/draft post drafts/v7.docx --document Vision`). Alerts and
 * reminders the worker sends to this room are printed as they fire (the console
 * notifier in src/runtime.ts). The person at the terminal administers the local tenant.
 */
export interface ConsoleRoomOptions {
  /** What the room uses of its process (the runtime satisfies it). */
  runtime: BotHost;
  /** Where typed lines come from (stdin by default in main.ts). */
  input?: NodeJS.ReadableStream;
  write(text: string): void;
  /** Directory files are read from (typed paths are relative to it). */
  cwd: string;
  /** Where attached files (clean views, calendars) are saved. */
  filesDir?: string;
  /** Prompt shown before each line, when interactive. */
  prompt?: string;
}

export interface ConsoleRoom {
  /** Runs one typed line and prints its answer; resolves to the printed text. */
  run(line: string): Promise<string>;
  /** Reads lines from `input` until it ends or `/quit`; resolves when done. */
  start(): Promise<void>;
  close(): void;
}

/** The local tenant and its one channel. */
export const CONSOLE_SCOPE: Scope = {
  platform: 'console',
  tenantExternalId: 'local',
  tenantName: 'This terminal',
  channelId: 'terminal',
  channelName: 'terminal',
};

export const CONSOLE_ACTOR: Actor = { userId: 'you', displayName: 'you', platformRoleIds: [], isAdmin: true };

export function createConsoleBot(options: ConsoleRoomOptions): ConsoleRoom {
  const { runtime } = options;
  const filesDir = options.filesDir ?? join(runtime.config.dataDir, 'files');
  let counter = 0;
  let closeInput: (() => void) | undefined;

  const zone = async (): Promise<string> => {
    const store = runtime.deps.store;
    const tenant = await store.findTenant('console', 'local');
    if (!tenant) return 'UTC';
    const t = store.tenant(tenant.id);
    const me = await t.getPerson(CONSOLE_ACTOR.userId);
    if (me?.timeZone) return me.timeZone;
    const channel = await t.findChannel('terminal');
    const process = channel ? await t.getProcess(channel.processId) : undefined;
    return process?.settings.defaultTimeZone ?? 'UTC';
  };

  const resolveFile = (path: string): IncomingFile => ({
    name: basename(path),
    read: async () => (await readInputFile(path, options.cwd, runtime.config.limits.maxFileBytes)).bytes,
  });

  const room: ConsoleRoom = {
    async run(line) {
      const text = line.trim();
      if (!text) return '';
      counter += 1;
      const ctx = {
        deps: runtime.deps,
        scope: CONSOLE_SCOPE,
        actor: CONSOLE_ACTOR,
        requestId: `console-${process.pid}-${counter}`,
        zone: await zone(),
      };
      const reply = await runTextCommand(COMMANDS, ctx, text, { resolveFile });
      const out = await renderConsoleReply(reply, await zone(), filesDir);
      options.write(`${out}\n`);
      return out;
    },
    start() {
      const reader = readTypedLines({
        input: options.input ?? process.stdin,
        prompt: options.prompt,
        write: options.write,
        onLine: (line) => room.run(line),
      });
      closeInput = reader.close;
      return reader.done;
    },
    close() {
      closeInput?.();
    },
  };
  return room;
}

/** What the terminal says when it opens: what works, what is off and how to turn it on. */
export function consoleBanner(runtime: {
  store: { location: string };
  queue: Pick<JobQueue, 'enabled' | 'disabledReason'>;
}): string {
  const lines = [
    'Rapporteur terminal room. Type /rapporteur help for the commands, /quit to leave.',
    `Store: ${runtime.store.location}.`,
  ];
  if (runtime.queue.enabled) lines.push('Reminders and alerts: on; they are printed here as they fire.');
  else lines.push(`Reminders and alerts: off. ${runtime.queue.disabledReason ?? ''}`.trim());
  lines.push(
    'Start with: /rapporteur follow WSIS+10 Vision, then /draft post examples/vision-2014-06-01.md --document Vision',
  );
  return lines.join('\n');
}
