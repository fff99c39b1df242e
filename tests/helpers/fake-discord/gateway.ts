import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { deflateSync } from 'node:zlib';
import { type WebSocket, WebSocketServer } from 'ws';
import { Waiters } from './waiters.js';

/**
 * A small Discord gateway (API v10, JSON encoding) that the real @discordjs/ws shard talks
 * to: HELLO, heartbeats and their ACKs, IDENTIFY -> READY then GUILD_CREATE per guild,
 * RESUME with replay of missed events, RECONNECT and INVALID_SESSION, and the close codes
 * Discord uses for protocol errors. Tests dispatch events (INTERACTION_CREATE...) through it.
 */

const OP = {
  dispatch: 0,
  heartbeat: 1,
  identify: 2,
  presenceUpdate: 3,
  voiceStateUpdate: 4,
  resume: 6,
  reconnect: 7,
  requestGuildMembers: 8,
  invalidSession: 9,
  hello: 10,
  heartbeatAck: 11,
} as const;

/** Close codes of the gateway, as Discord numbers them. */
export const GATEWAY_CLOSE = {
  unknownError: 4000,
  unknownOpcode: 4001,
  decodeError: 4002,
  notAuthenticated: 4003,
  authenticationFailed: 4004,
  alreadyAuthenticated: 4005,
  invalidSeq: 4007,
  invalidApiVersion: 4012,
  invalidIntents: 4013,
} as const;

interface GatewayPayload {
  op: number;
  d?: unknown;
  s?: number | null;
  t?: string | null;
}

interface DispatchedEvent {
  s: number;
  t: string;
  d: unknown;
}

/** A gateway session: survives a dropped connection so the client can RESUME it. */
export interface GatewaySession {
  id: string;
  seq: number;
  /** Every dispatch of this session, for replay on RESUME. */
  events: DispatchedEvent[];
  connection: WebSocket | undefined;
  intents: number;
  compress: boolean;
  invalid: boolean;
}

/** What the gateway needs from the fake's world when a client identifies. */
export interface GatewayWorld {
  token: string;
  ready(session: GatewaySession): unknown;
  /** Dispatches that follow READY (GUILD_CREATE per guild). */
  afterReady(): { t: string; d: unknown }[];
}

interface Connection {
  socket: WebSocket;
  session: GatewaySession | undefined;
  compress: boolean;
}

export interface FakeGatewayOptions {
  heartbeatIntervalMs: number;
  resumeUrl: () => string;
}

export class FakeGateway {
  readonly sessions = new Map<string, GatewaySession>();
  /** Every IDENTIFY payload received, token replaced by whether it matched. */
  readonly identifies: { intents: number; shard: unknown; tokenValid: boolean; properties: unknown }[] = [];
  /** Every RESUME received: session id, sequence, and whether it was accepted. */
  readonly resumes: { sessionId: string; seq: number; accepted: boolean }[] = [];
  /** Heartbeats received, across connections. */
  heartbeats = 0;
  /** Set to false to stop acknowledging heartbeats (a zombied connection). */
  ackHeartbeats = true;
  /** Every payload of op 3, 4 and 8 (presence, voice, member requests). */
  readonly otherOps: GatewayPayload[] = [];
  /** Query strings of every connection (`v`, `encoding`, `compress`). */
  readonly connectQueries: URLSearchParams[] = [];

  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<Connection>();
  private readonly waiters = new Waiters();

  constructor(
    private readonly world: GatewayWorld,
    private readonly options: FakeGatewayOptions,
  ) {}

  /** Number of open client connections. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Takes over an HTTP upgrade request aimed at the gateway. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, request));
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    const query = new URL(request.url ?? '/', 'ws://fake').searchParams;
    this.connectQueries.push(query);
    const connection: Connection = { socket, session: undefined, compress: false };
    this.connections.add(connection);
    socket.on('close', () => {
      this.connections.delete(connection);
      if (connection.session?.connection === socket) connection.session.connection = undefined;
      this.notify();
    });
    socket.on('error', () => {});
    if (query.get('v') !== '10') {
      socket.close(GATEWAY_CLOSE.invalidApiVersion, 'Invalid API version');
      return;
    }
    if ((query.get('encoding') ?? 'json') !== 'json') {
      socket.close(GATEWAY_CLOSE.decodeError, 'Only JSON encoding is served');
      return;
    }
    socket.on('message', (data, isBinary) => this.onMessage(connection, data, isBinary));
    this.send(connection, { op: OP.hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
    this.notify();
  }

  private send(connection: Connection, payload: GatewayPayload): void {
    if (connection.socket.readyState !== connection.socket.OPEN) return;
    const json = JSON.stringify({ s: null, t: null, ...payload });
    // With identify compression, every payload is a zlib-deflated binary frame.
    if (connection.compress) connection.socket.send(deflateSync(json), { binary: true });
    else connection.socket.send(json);
  }

  private onMessage(connection: Connection, data: unknown, isBinary: boolean): void {
    let payload: GatewayPayload;
    try {
      if (isBinary) throw new Error('binary frames are not accepted');
      payload = JSON.parse(String(data)) as GatewayPayload;
      if (typeof payload !== 'object' || payload === null || typeof payload.op !== 'number') {
        throw new Error('no op');
      }
    } catch {
      connection.socket.close(GATEWAY_CLOSE.decodeError, 'Decode error');
      return;
    }
    switch (payload.op) {
      case OP.heartbeat:
        this.heartbeats++;
        if (this.ackHeartbeats) this.send(connection, { op: OP.heartbeatAck });
        this.notify();
        return;
      case OP.identify:
        this.identify(connection, payload.d);
        return;
      case OP.resume:
        this.resume(connection, payload.d);
        return;
      case OP.presenceUpdate:
      case OP.voiceStateUpdate:
      case OP.requestGuildMembers:
        if (!connection.session) connection.socket.close(GATEWAY_CLOSE.notAuthenticated, 'Not authenticated');
        else this.otherOps.push(payload);
        return;
      default:
        connection.socket.close(GATEWAY_CLOSE.unknownOpcode, 'Unknown opcode');
    }
  }

  private identify(connection: Connection, d: unknown): void {
    if (connection.session) {
      connection.socket.close(GATEWAY_CLOSE.alreadyAuthenticated, 'Already authenticated');
      return;
    }
    const data = (d ?? {}) as {
      token?: unknown;
      intents?: unknown;
      shard?: unknown;
      properties?: unknown;
      compress?: unknown;
    };
    const tokenValid = data.token === this.world.token;
    const intents = typeof data.intents === 'number' ? data.intents : -1;
    this.identifies.push({ intents, shard: data.shard, tokenValid, properties: data.properties });
    if (!tokenValid) {
      connection.socket.close(GATEWAY_CLOSE.authenticationFailed, 'Authentication failed');
      return;
    }
    if (intents < 0 || intents >= 1 << 26) {
      connection.socket.close(GATEWAY_CLOSE.invalidIntents, 'Invalid intent(s)');
      return;
    }
    connection.compress = data.compress === true;
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      seq: 0,
      events: [],
      connection: connection.socket,
      intents,
      compress: connection.compress,
      invalid: false,
    };
    this.sessions.set(session.id, session);
    connection.session = session;
    this.dispatchTo(session, 'READY', this.world.ready(session));
    for (const event of this.world.afterReady()) this.dispatchTo(session, event.t, event.d);
    this.notify();
  }

  private resume(connection: Connection, d: unknown): void {
    const data = (d ?? {}) as { token?: unknown; session_id?: unknown; seq?: unknown };
    const session = typeof data.session_id === 'string' ? this.sessions.get(data.session_id) : undefined;
    const seq = typeof data.seq === 'number' ? data.seq : -1;
    const accepted =
      data.token === this.world.token &&
      session !== undefined &&
      !session.invalid &&
      seq >= 0 &&
      seq <= session.seq;
    this.resumes.push({ sessionId: String(data.session_id), seq, accepted });
    if (!accepted || session === undefined) {
      this.send(connection, { op: OP.invalidSession, d: false });
      this.notify();
      return;
    }
    if (session.connection && session.connection !== connection.socket) session.connection.terminate();
    session.connection = connection.socket;
    connection.session = session;
    connection.compress = session.compress;
    for (const event of session.events.filter((e) => e.s > seq)) {
      this.send(connection, { op: OP.dispatch, s: event.s, t: event.t, d: event.d });
    }
    this.dispatchTo(session, 'RESUMED', {});
    this.notify();
  }

  private dispatchTo(session: GatewaySession, t: string, d: unknown): void {
    session.seq++;
    const event = { s: session.seq, t, d };
    session.events.push(event);
    if (session.events.length > 1000) session.events.shift();
    const connection = [...this.connections].find((c) => c.socket === session.connection);
    if (connection) this.send(connection, { op: OP.dispatch, s: event.s, t, d });
  }

  /**
   * Dispatches an event to every live session. A session whose connection dropped keeps
   * the event and replays it on RESUME, as Discord does.
   */
  dispatch(t: string, d: unknown): void {
    for (const session of this.sessions.values()) {
      if (!session.invalid) this.dispatchTo(session, t, d);
    }
  }

  /** Closes every connection with `code` (4000 invites a resume, 1000 a fresh identify). */
  drop(code: number = GATEWAY_CLOSE.unknownError, reason = 'Dropped by the test'): void {
    for (const c of this.connections) c.socket.close(code, reason);
  }

  /** Ends every connection abruptly, without a close frame (a network failure). */
  terminate(): void {
    for (const c of this.connections) c.socket.terminate();
  }

  /** Asks every client to reconnect and resume (op 7). */
  requestReconnect(): void {
    for (const c of this.connections) this.send(c, { op: OP.reconnect });
  }

  /** Makes every session unresumable, as after a long outage. */
  invalidateSessions(): void {
    for (const session of this.sessions.values()) session.invalid = true;
  }

  /** Asks every client for an immediate heartbeat (op 1 from the server). */
  requestHeartbeat(): void {
    for (const c of this.connections) this.send(c, { op: OP.heartbeat, d: null });
  }

  /** The resume URL READY announces. */
  resumeUrl(): string {
    return this.options.resumeUrl();
  }

  /** Resolves when `check` holds, re-checked after every gateway event; rejects after `timeoutMs`. */
  waitFor(check: () => boolean, timeoutMs = 5000, what = 'a gateway condition'): Promise<void> {
    return this.waiters.until(check, timeoutMs, what);
  }

  private notify(): void {
    this.waiters.notify();
  }

  /** Closes every connection and the WebSocket server. */
  async close(): Promise<void> {
    for (const c of this.connections) c.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
