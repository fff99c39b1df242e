import { EventEmitter, once } from 'node:events';
import {
  type IIdentifyThrottler,
  type IShardingStrategy,
  managerToFetchingStrategyOptions,
  SimpleContextFetchingStrategy,
  SimpleIdentifyThrottler,
  type WebSocketManager,
  WebSocketShard,
  type WebSocketShardDestroyOptions,
  WebSocketShardEvents,
  WebSocketShardStatus,
} from '@discordjs/ws';
import { Collection, type GatewaySendPayload } from 'discord.js';
import { messageOf } from '../../core/errors.js';
import { type Logger, silentLogger } from '../../core/ports/index.js';

/**
 * Gateway shards with a shutdown that cannot leave a connection behind.
 *
 * @discordjs/ws 1.x reconnects by destroying a shard with a "recover" flag, sleeping 500 ms
 * while the shard is Idle, then connecting again; and a destroy that lands while the shard
 * waits for HELLO or READY aborts that wait, which schedules yet another reconnect. So a
 * plain `client.destroy()` during a resume or a re-IDENTIFY returns while a shard is about
 * to come back online, and the process never exits (reproduced against the fake gateway:
 * invalidate the session, drop the connection, destroy within the next second).
 *
 * Here, once stopping:
 * - a shard that reaches the identify throttle is held there (it would otherwise IDENTIFY),
 *   and a shard held there is destroyed at once: nothing waits on the socket at that point,
 *   so the destroy is clean;
 * - any other shard is given time (bounded) to reach READY, RESUMED or the throttle, then
 *   destroyed;
 * - a shard that turns Ready after all (the gateway was unreachable during the whole wait)
 *   is closed as soon as it does.
 */

/** Options of {@link createStoppableGateway}. */
export interface StoppableGatewayOptions {
  /** Longest wait for a reconnecting shard to settle before destroying it anyway; default 10 s. */
  settleTimeoutMs?: number;
  logger?: Logger;
}

/** What discord.js's `ws` client options take, and the switch that makes the next destroy final. */
export interface StoppableGateway {
  buildStrategy(manager: WebSocketManager): IShardingStrategy;
  buildIdentifyThrottler(manager: WebSocketManager): Promise<IIdentifyThrottler>;
  /** Marks the gateway as shutting down; call before `client.destroy()`. */
  stop(): void;
}

/** How long an Idle shard is watched for the reconnect @discordjs/ws schedules 500 ms after a drop. */
const RECONNECT_SLEEP_WATCH_MS = 1200;
const POLL_MS = 25;

/** Shared between the strategy and the throttler: who is stopping, who waits to identify. */
class StopState extends EventEmitter {
  stopping = false;
  readonly atThrottle = new Set<number>();

  constructor() {
    super();
    // One listener per shard being retired; a big bot has many shards.
    this.setMaxListeners(0);
  }
}

/** Rejects when `signal` aborts (at once if it already has). */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** The identify throttle Discord requires (@discordjs/ws's own), which holds shards once stopping. */
class StoppableIdentifyThrottler implements IIdentifyThrottler {
  constructor(
    private readonly inner: IIdentifyThrottler,
    private readonly state: StopState,
  ) {}

  async waitForIdentify(shardId: number, signal: AbortSignal): Promise<void> {
    this.state.atThrottle.add(shardId);
    this.state.emit('throttle', shardId);
    try {
      if (this.state.stopping) await aborted(signal);
      await this.inner.waitForIdentify(shardId, signal);
      // Shutdown began meanwhile: never IDENTIFY; the shard's close aborts `signal`, and the
      // shard then returns quietly (it checks the signal when this rejects).
      if (this.state.stopping) await aborted(signal);
    } finally {
      this.state.atThrottle.delete(shardId);
    }
  }
}

class StoppableShardingStrategy implements IShardingStrategy {
  private readonly shards = new Collection<number, WebSocketShard>();
  /** Every shard ever spawned: a re-spawn must not lose track of one still reconnecting. */
  private readonly everSpawned = new Set<WebSocketShard>();
  private readonly destroying = new Map<WebSocketShard, Promise<void>>();

  constructor(
    private readonly manager: WebSocketManager,
    private readonly state: StopState,
    private readonly settleTimeoutMs: number,
    private readonly logger: Logger,
  ) {}

  /** Creates the shards and relays their events to the manager, as the simple strategy does. */
  async spawn(shardIds: number[]): Promise<void> {
    const strategyOptions = await managerToFetchingStrategyOptions(this.manager);
    for (const shardId of shardIds) {
      const shard = new WebSocketShard(
        new SimpleContextFetchingStrategy(this.manager, strategyOptions),
        shardId,
      );
      for (const event of Object.values(WebSocketShardEvents)) {
        shard.on(event, (payload: object) => {
          (this.manager.emit as (name: string, data: unknown) => boolean)(event, { ...payload, shardId });
        });
      }
      const closeIfStopped = () => {
        if (!this.state.stopping) return;
        // Not from inside the event: the shard's own wait for READY must settle first, or
        // aborting it schedules another reconnect.
        setImmediate(() => {
          if (statusOf(shard) !== WebSocketShardStatus.Ready) return;
          this.logger.info({ shardId }, 'a gateway shard came back after shutdown; closing it');
          void this.destroyOnce(shard, { code: 1000, reason: 'Rapporteur is stopping' });
        });
      };
      shard.on(WebSocketShardEvents.Ready, closeIfStopped);
      shard.on(WebSocketShardEvents.Resumed, closeIfStopped);
      this.shards.set(shardId, shard);
      this.everSpawned.add(shard);
    }
  }

  async connect(): Promise<void> {
    await Promise.all(this.shards.map((shard) => shard.connect()));
  }

  /**
   * Destroys every shard. Before a stop this is the manager re-spawning shards (it destroys
   * them first); after it, each shard is allowed to settle before it is destroyed.
   */
  async destroy(options: Omit<WebSocketShardDestroyOptions, 'recover'> = {}): Promise<void> {
    const stopping = this.state.stopping;
    const shards = stopping ? [...this.everSpawned] : [...this.shards.values()];
    await Promise.all(
      shards.map((shard) => (stopping ? this.retire(shard, options) : this.destroyOnce(shard, options))),
    );
    this.shards.clear();
  }

  async send(shardId: number, payload: GatewaySendPayload): Promise<void> {
    const shard = this.shards.get(shardId);
    if (!shard) throw new RangeError(`Shard ${shardId} not found`);
    await shard.send(payload);
  }

  fetchStatus(): Awaited<ReturnType<IShardingStrategy['fetchStatus']>> {
    // @discordjs/ws bundles its own copy of Collection; both are Maps with the same methods.
    return this.shards.mapValues((shard) => shard.status) as unknown as Awaited<
      ReturnType<IShardingStrategy['fetchStatus']>
    >;
  }

  /**
   * One destroy at a time per shard: two concurrent destroys of a connected shard overwrite
   * each other's close handler and the first never returns.
   */
  private destroyOnce(shard: WebSocketShard, options: WebSocketShardDestroyOptions): Promise<void> {
    let pending = this.destroying.get(shard);
    if (!pending) {
      pending = shard
        .destroy(options)
        .catch((error: unknown) => {
          this.logger.warn({ shardId: shard.id, err: messageOf(error) }, 'closing a gateway shard failed');
        })
        .finally(() => this.destroying.delete(shard));
      this.destroying.set(shard, pending);
    }
    return pending;
  }

  /** Destroys a shard at a moment when that is clean (see the module comment). */
  private async retire(shard: WebSocketShard, options: Omit<WebSocketShardDestroyOptions, 'recover'>) {
    const started = Date.now();
    if (statusOf(shard) === WebSocketShardStatus.Idle) {
      // Idle is either final or the 500 ms sleep before a reconnect: watch a little longer.
      while (
        statusOf(shard) === WebSocketShardStatus.Idle &&
        Date.now() - started < RECONNECT_SLEEP_WATCH_MS
      ) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      if (statusOf(shard) === WebSocketShardStatus.Idle) return;
    }
    const settled = () =>
      statusOf(shard) === WebSocketShardStatus.Ready || this.state.atThrottle.has(shard.id);
    if (!settled()) {
      const left = Math.max(0, this.settleTimeoutMs - (Date.now() - started));
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), left);
      try {
        await Promise.race([
          once(shard, WebSocketShardEvents.Ready, { signal: controller.signal }),
          once(shard, WebSocketShardEvents.Resumed, { signal: controller.signal }),
          (async () => {
            while (!this.state.atThrottle.has(shard.id)) {
              await once(this.state, 'throttle', { signal: controller.signal });
            }
          })(),
        ]);
      } catch {
        this.logger.warn(
          {
            shardId: shard.id,
            waitedMs: Date.now() - started,
            status: WebSocketShardStatus[statusOf(shard)],
          },
          'gateway shard did not settle before shutdown; closing it anyway',
        );
      } finally {
        clearTimeout(timer);
        controller.abort();
      }
    }
    // Let the shard's own wait for READY settle before aborting anything (see spawn).
    await new Promise((resolve) => setImmediate(resolve));
    if (statusOf(shard) !== WebSocketShardStatus.Idle) await this.destroyOnce(shard, options);
  }
}

/** The gateway pieces for a discord.js Client (`ws: { buildStrategy, buildIdentifyThrottler }`). */
export function createStoppableGateway(options: StoppableGatewayOptions = {}): StoppableGateway {
  const state = new StopState();
  const logger = options.logger ?? silentLogger;
  const settleTimeoutMs = options.settleTimeoutMs ?? 10_000;
  return {
    buildStrategy: (manager) => new StoppableShardingStrategy(manager, state, settleTimeoutMs, logger),
    async buildIdentifyThrottler(manager) {
      // As @discordjs/ws builds its own: one identify per 5 s per concurrency bucket.
      const info = await manager.fetchGatewayInformation();
      return new StoppableIdentifyThrottler(
        new SimpleIdentifyThrottler(info.session_start_limit.max_concurrency),
        state,
      );
    },
    stop() {
      state.stopping = true;
    },
  };
}

/** Read through a function: the status changes under awaits, which type narrowing cannot see. */
function statusOf(shard: WebSocketShard): WebSocketShardStatus {
  return shard.status;
}
