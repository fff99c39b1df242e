import { Client, type CloseEvent, Events, GatewayIntentBits, type Interaction, Status } from 'discord.js';
import type { Config } from '../../config.js';
import type { AppDeps } from '../../core/app/context.js';
import { COMMANDS } from '../../core/commands/index.js';
import type { Command } from '../../core/commands/types.js';
import { RapporteurError } from '../../core/errors.js';
import type { Logger } from '../../core/ports/index.js';
import { adapterSettings } from '../shared/configured.js';
import { DISCORD_CDN_ORIGINS } from './attachments.js';
import { buildSlashCommands, type SlashCommandSet } from './commands.js';
import { answerInteraction } from './interactions.js';
import {
  closeHint,
  describeError,
  type ListenerContext,
  logClientEvents,
  onAutocomplete,
  onCommand,
  stoppingReply,
} from './listeners.js';
import type { FileReading } from './requests.js';
import { classifyDiscordError, createStoppableGateway, discordApiBase } from './transport.js';

/**
 * The Discord bot: a discord.js Client on the gateway (Guilds intent only, nothing
 * privileged) that turns each slash command into a registry command run for the server
 * (Scope) and the member (Actor), and answers with the rendered Reply within Discord's
 * deadlines and limits. Autocomplete asks the core for documents, versions, sections and
 * meetings. Alerts, reminders and digests do not pass through here: the job worker sends
 * them through the Notifier port over REST.
 */

/** What the bot needs from the runtime (src/runtime.ts provides all of it). */
export interface DiscordBotRuntime {
  config: Pick<Config, 'discord' | 'limits' | 'jobs'>;
  deps: AppDeps;
}

/** Options of {@link createDiscordBot}. */
export interface DiscordBotOptions {
  runtime: DiscordBotRuntime;
  /** The registry; defaults to every command. Slash definitions must be deployed from the same list. */
  commands?: readonly Command[];
  logger: Logger;
  /**
   * Origins attachment links may point to. Defaults to Discord's CDN plus the origin of
   * DISCORD_API_URL when set: a REST proxy is trusted with the token already.
   */
  attachmentOrigins?: readonly string[];
  /** Defer a command's answer once it has run this long; default 2000 ms (Discord allows 3000). */
  deferAfterMs?: number;
  /** How long {@link DiscordBot.stop} waits for commands being answered; default RAPPORTEUR_SHUTDOWN_GRACE_S. */
  shutdownGraceMs?: number;
  /** How long {@link DiscordBot.start} waits for the gateway to be ready; default 60 s. */
  readyTimeoutMs?: number;
  /** How long a reconnecting gateway connection may take to settle on stop; default 10 s. */
  gatewaySettleMs?: number;
  /** Budget for downloading one attachment; default 30 s. */
  downloadTimeoutMs?: number;
}

/** A running (or startable) bot. */
export interface DiscordBot {
  /** Logs in and resolves once the gateway is ready; rejects with a RapporteurError saying what to fix. */
  start(): Promise<void>;
  /**
   * Stops taking commands (new ones are told to retry shortly), waits for those being
   * answered, cancels downloads left, and closes the gateway without leaving a connection.
   */
  stop(): Promise<void>;
  /** Whether the gateway connection is up and commands arrive (for health checks). */
  isReady(): boolean;
  /** The slash command definitions this bot answers (what `deploy-commands` registers). */
  readonly slash: SlashCommandSet;
}

/** Creates the bot. Nothing connects until {@link DiscordBot.start}. */
export function createDiscordBot(options: DiscordBotOptions): DiscordBot {
  const { runtime } = options;
  const discord = adapterSettings(runtime.config, 'discord');
  const logger = options.logger.child({ component: 'discord' });
  const commands = options.commands ?? COMMANDS;
  const slash = buildSlashCommands(commands);
  if (slash.problems.length > 0) {
    throw new RapporteurError('INTERNAL', 'The command registry does not fit Discord’s rules.', {
      hint: slash.problems.slice(0, 5).join('; '),
      details: { problems: slash.problems },
    });
  }
  const token = discord.token;
  const api = discordApiBase(discord.apiUrl);
  const allowedOrigins = options.attachmentOrigins ?? [
    ...DISCORD_CDN_ORIGINS,
    ...(discord.apiUrl ? [new URL(api).origin] : []),
  ];
  const downloads = new AbortController();
  const reading: FileReading = {
    maxBytes: runtime.config.limits.maxFileBytes,
    allowedOrigins,
    signal: downloads.signal,
    ...(options.downloadTimeoutMs ? { timeoutMs: options.downloadTimeoutMs } : {}),
  };
  const deferAfterMs = options.deferAfterMs ?? 2000;
  const graceMs = options.shutdownGraceMs ?? runtime.config.jobs.shutdownGraceMs;

  const gateway = createStoppableGateway({ logger, settleTimeoutMs: options.gatewaySettleMs ?? 10_000 });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api },
    ws: {
      buildStrategy: gateway.buildStrategy,
      buildIdentifyThrottler: gateway.buildIdentifyThrottler,
    },
    // Replies carry document text: nothing in them may ping anyone.
    allowedMentions: { parse: [] },
  });

  const inFlight = new Set<Promise<unknown>>();
  let state: 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' = 'idle';
  let stopped: Promise<void> | undefined;

  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const listening: ListenerContext = { slash, deps: runtime.deps, reading, logger, deferAfterMs };

  function onInteraction(interaction: Interaction): void {
    if (state === 'stopping' || state === 'stopped') {
      if (interaction.isAutocomplete()) track(interaction.respond([]).catch(() => undefined));
      else if (interaction.isRepliable()) {
        track(answerInteraction(interaction, async () => stoppingReply(), { logger }));
      }
      return;
    }
    if (interaction.isChatInputCommand()) track(onCommand(listening, interaction));
    else if (interaction.isAutocomplete()) track(onAutocomplete(listening, interaction));
  }

  client.on(Events.InteractionCreate, onInteraction);
  logClientEvents(client, logger, () => state === 'stopping' || state === 'stopped');

  async function start(): Promise<void> {
    if (state !== 'idle') {
      throw new RapporteurError(
        'INVALID_ARGUMENT',
        state === 'stopping' || state === 'stopped'
          ? 'This Discord bot was stopped.'
          : 'This Discord bot was already started.',
        { hint: 'Create a new bot to start again.' },
      );
    }
    state = 'starting';
    try {
      await loginAndWait(client, token, options.readyTimeoutMs ?? 60_000);
    } catch (error) {
      state = 'stopping';
      await destroyClient().catch(() => undefined);
      state = 'stopped';
      throw loginError(error);
    }
    state = 'running';
    logger.info(
      { guilds: client.guilds.cache.size, commands: slash.definitions.length },
      'Discord bot ready',
    );
  }

  async function destroyClient(): Promise<void> {
    gateway.stop();
    await client.destroy();
  }

  async function stop(): Promise<void> {
    if (stopped) return stopped;
    const wasStarted = state !== 'idle';
    state = 'stopping';
    stopped = (async () => {
      if (inFlight.size > 0) {
        logger.info({ running: inFlight.size, graceMs }, 'waiting for commands being answered');
        const settled = await waitAll(inFlight, graceMs);
        if (!settled) {
          logger.warn({ running: inFlight.size }, 'commands still running at shutdown; cancelling downloads');
        }
      }
      downloads.abort(new RapporteurError('UNAVAILABLE', 'Rapporteur is stopping.'));
      if (wasStarted) await destroyClient();
      await waitAll(inFlight, 1000);
      state = 'stopped';
      logger.info({}, 'Discord bot stopped');
    })();
    return stopped;
  }

  return {
    start,
    stop,
    slash,
    isReady: () => state === 'running' && client.ws.status === Status.Ready,
  };
}

function closeError(code: number): RapporteurError {
  return code === 4004
    ? new RapporteurError('CONFIG_INVALID', 'Discord rejected the bot token (gateway close 4004).', {
        hint: 'Set DISCORD_TOKEN to the token of the bot (Developer Portal > Bot > Reset Token) and start again.',
      })
    : new RapporteurError('UNAVAILABLE', `Discord closed the gateway connection for good (code ${code}).`, {
        hint: closeHint(code),
      });
}

/** Logs in and waits for the gateway to be ready, a close for good, or the timeout. */
async function loginAndWait(client: Client, token: string, readyTimeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let onDisconnect: ((event: CloseEvent) => void) | undefined;
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  const failed = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new RapporteurError(
            'TIMEOUT',
            `Discord's gateway was not ready within ${Math.round(readyTimeoutMs / 1000)} s.`,
            {
              hint: 'Check the network (and DISCORD_API_URL if set), then start again.',
            },
          ),
        ),
      readyTimeoutMs,
    );
    onDisconnect = (event: CloseEvent) => reject(closeError(event.code));
    client.once(Events.ShardDisconnect, onDisconnect);
  });
  const loggingIn = client.login(token).then(() => ready);
  // Whichever loses the race must not surface later as an unhandled rejection.
  loggingIn.catch(() => undefined);
  failed.catch(() => undefined);
  try {
    await Promise.race([loggingIn, failed]);
  } finally {
    clearTimeout(timer);
    if (onDisconnect) client.off(Events.ShardDisconnect, onDisconnect);
  }
}

/** Turns a failed login into an error that says what to fix; never includes the token. */
function loginError(error: unknown): RapporteurError {
  if (error instanceof RapporteurError) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'TokenInvalid' || (error instanceof Error && /token/i.test(error.message))) {
    return new RapporteurError('CONFIG_INVALID', 'Discord rejected the bot token.', {
      hint: 'Set DISCORD_TOKEN to the token of the bot (Developer Portal > Bot > Reset Token) and start again.',
      cause: error,
    });
  }
  const classified = classifyDiscordError(error, { action: 'connecting to the gateway' });
  return classified.code === 'INTERNAL'
    ? new RapporteurError('UNAVAILABLE', 'Could not connect to Discord.', {
        hint: 'Check the network (and DISCORD_API_URL if set), then start again.',
        details: { error: describeError(error) },
        cause: error,
      })
    : classified;
}

/** Resolves true when every promise settled within `ms`, false otherwise. */
async function waitAll(promises: Set<Promise<unknown>>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const all = Promise.allSettled([...promises]).then(() => true as const);
  const result = await Promise.race([all, timeout]);
  clearTimeout(timer);
  return result;
}
