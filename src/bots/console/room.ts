import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Actor, Scope } from '../../core/app/context.js';
import type { IncomingFile } from '../../core/commands/args.js';
import { COMMANDS, runTextCommand } from '../../core/commands/index.js';
import type { BotHost } from '../../core/ports/bot-host.js';
import type { JobQueue } from '../../core/ports/index.js';
import { type Reply, renderPlain } from '../../core/reply.js';
import { readInputFile } from '../../input-files.js';

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

const QUIT = new Set(['/quit', '/exit', 'quit', 'exit']);

export function createConsoleRoom(options: ConsoleRoomOptions): ConsoleRoom {
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

  const show = async (reply: Reply): Promise<string> => {
    let text = renderPlain(reply, await zone());
    if (reply.attachments.length) {
      await mkdir(filesDir, { recursive: true });
      const saved: string[] = [];
      for (const a of reply.attachments) {
        const file = join(filesDir, basename(a.filename));
        await writeFile(file, a.content);
        saved.push(file);
      }
      text = text.replace(/\nAttached: .*$/m, `\nSaved: ${saved.join(', ')}`);
    }
    return text;
  };

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
      const out = await show(reply);
      options.write(`${out}\n`);
      return out;
    },
    start() {
      return new Promise<void>((resolve) => {
        const rl = createInterface({ input: options.input ?? process.stdin, terminal: false });
        closeInput = () => rl.close();
        let chain = Promise.resolve();
        let quit = false;
        const prompt = () => {
          if (options.prompt) options.write(options.prompt);
        };
        prompt();
        rl.on('line', (line) => {
          chain = chain.then(async () => {
            // Lines typed after /quit may already be buffered: they are not run.
            if (quit) return;
            if (QUIT.has(line.trim().toLowerCase())) {
              quit = true;
              rl.close();
              return;
            }
            try {
              await room.run(line);
            } catch (err) {
              // runTextCommand turns failures into replies; this is a last resort (e.g. a full disk).
              options.write(`rapporteur: ${err instanceof Error ? err.message : String(err)}\n`);
            }
            prompt();
          });
        });
        rl.on('close', () => {
          chain.then(resolve, resolve);
        });
      });
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
