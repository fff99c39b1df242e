import { once } from 'node:events';
import {
  type IShardingStrategy,
  managerToFetchingStrategyOptions,
  SimpleContextFetchingStrategy,
  type WebSocketManager,
  WebSocketShard,
  type WebSocketShardDestroyOptions,
  WebSocketShardEvents,
  WebSocketShardStatus,
} from '@discordjs/ws';
import { Collection, type GatewaySendPayload } from 'discord.js';
import { type Logger, silentLogger } from '../../core/ports.js';

/**
 * The gateway shards, spawned like @discordjs/ws's simple strategy but with a shutdown that
 * cannot leave a connection behind. @discordjs/ws 1.x reconnects by destroying a shard with
 * a "recover" flag, sleeping 500 ms while the shard is Idle, then connecting again; and it
 * reacts to a destroy in the middle of a handshake (waiting for HELLO or READY) by
 * scheduling yet another reconnect. A plain `client.destroy()` during a resume or a
 * re-IDENTIFY therefore returns while a shard is about to come back online, and the process
 * never exits. Here a shutdown first lets each shard finish its handshake (bounded), then
 * destroys it while Ready, which is clean; a shard that still comes back later (the gateway
 * was unreachable for the whole wait) is closed the moment it turns Ready again.
 */

/** Options of {@link StoppableShardingStrategy}. */
export interface StoppableShardingOptions {
  /** Longest wait for a reconnecting shard to finish its handshake before destroying it anyway. */
  settleTimeoutMs?: number;
  logger?: Logger;
}

/** How long an Idle shard is watched for the reconnect @discordjs/ws schedules 500 ms after a drop. */
const RECONNECT_SLEEP_WATCH_MS = 1200;
const POLL_MS = 25;

export class StoppableShardingStrategy implements IShardingStrategy {
  private readonly shards = new Collection<number, WebSocketShard>();
  /** Every shard ever spawned: a re-spawn must not lose track of one still reconnecting. */
  private readonly everSpawned = new Set<WebSocketShard>();
  private readonly destroying = new Map<WebSocketShard, Promise<void>>();
  private stopping = false;
  private readonly settleTimeoutMs: number;
  private readonly logger: Logger;

  constructor(
    private readonly manager: WebSocketManager,
    options: StoppableShardingOptions = {},
  ) {
    this.settleTimeoutMs = options.settleTimeoutMs ?? 10_000;
    this.logger = options.logger ?? silentLogger;
  }

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
        if (!this.stopping) return;
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
   * Destroys every shard. Before {@link stop} this is the manager re-spawning shards (it
   * destroys them first); after it, each shard is allowed to settle before it is destroyed.
   */
  async destroy(options: Omit<WebSocketShardDestroyOptions, 'recover'> = {}): Promise<void> {
    const shards = this.stopping ? [...this.everSpawned] : [...this.shards.values()];
    await Promise.all(
      shards.map((shard) => (this.stopping ? this.retire(shard, options) : this.destroyOnce(shard, options))),
    );
    this.shards.clear();
  }

  /** Marks the strategy as shutting down; the next {@link destroy} is final. */
  stop(): void {
    this.stopping = true;
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
          this.logger.warn({ shardId: shard.id, err: errorMessage(error) }, 'closing a gateway shard failed');
        })
        .finally(() => this.destroying.delete(shard));
      this.destroying.set(shard, pending);
    }
    return pending;
  }

  /** Lets a shard finish a handshake in progress, then destroys it while it is Ready (a clean close). */
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
    if (statusOf(shard) !== WebSocketShardStatus.Ready) {
      const left = Math.max(0, this.settleTimeoutMs - (Date.now() - started));
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), left);
      try {
        await Promise.race([
          once(shard, WebSocketShardEvents.Ready, { signal: controller.signal }),
          once(shard, WebSocketShardEvents.Resumed, { signal: controller.signal }),
        ]);
      } catch {
        this.logger.warn(
          { shardId: shard.id, waitedMs: Date.now() - started, status: WebSocketShardStatus[shard.status] },
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

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Read through a function: the status changes under awaits, which type narrowing cannot see. */
function statusOf(shard: WebSocketShard): WebSocketShardStatus {
  return shard.status;
}
