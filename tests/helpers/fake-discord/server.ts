import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIApplicationCommand, APIApplicationCommandOption, APIEmbed, APIMessage } from 'discord.js';
import { applicationCommandProblems } from '../../../src/bots/discord/limits.js';
import { discordPayloadProblems } from '../discord-payload.js';
import { type Fault, FaultInjector } from './faults.js';
import { FakeGateway, type GatewaySession } from './gateway.js';
import {
  apiAttachment,
  apiChannel,
  apiGuildCreate,
  apiInteractionMember,
  apiRole,
  apiUser,
  type FakeChannel,
  type FakeGuild,
  type FakeGuildSpec,
  type FakeUser,
  type FakeUserSpec,
  makeGuild,
  makeUser,
} from './model.js';
import { multipartBoundary, parseMultipart } from './multipart.js';
import { snowflake } from './snowflake.js';
import { Waiters } from './waiters.js';

/**
 * A fake Discord on 127.0.0.1 for end-to-end tests: the REST API (v10) and the gateway on
 * one port, plus a CDN for attachments. The real discord.js Client and @discordjs/rest talk
 * to it unchanged (`rest: { api: fake.apiUrl }`). It keeps the state Discord would (guilds,
 * registered commands, messages, interactions and their deadlines), rejects payloads that
 * break Discord's limits the way Discord does, records every request, and injects faults.
 */

export interface FakeDiscordOptions {
  /** The bot token the fake accepts; defaults to a fixed fake token. */
  token?: string;
  applicationId?: string;
  botUsername?: string;
  /** Users besides the bot (caucus members, chairs' staff). */
  users?: FakeUserSpec[];
  guilds?: FakeGuildSpec[];
  /** HELLO's heartbeat interval; Discord's is about 41 s, tests may want less. */
  heartbeatIntervalMs?: number;
  /** Time allowed for the first response to an interaction; Discord's is 3 s. */
  interactionDeadlineMs?: number;
  /** Default per-file upload limit. */
  uploadLimitBytes?: number;
  /** The route rate limit every bucket enforces (real 429s when exceeded). */
  rateLimit?: { limit: number; windowMs: number };
  /** Reject payloads that break Discord's limits with 400 / 50035, as Discord does (default true). */
  validatePayloads?: boolean;
}

/** A request as the fake received it, for assertions. */
export interface RecordedRequest {
  seq: number;
  /** Milliseconds since the epoch when it arrived. */
  at: number;
  method: string;
  /** Path below `/api/v10`, without the query. */
  path: string;
  /** Matched route template, e.g. `POST /channels/:channel_id/messages`. */
  route: string | undefined;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Whether the Authorization header held the bot token; undefined when there was none. */
  authorized: boolean | undefined;
  userAgent: string | undefined;
  /** JSON body, or `payload_json` of a multipart body. */
  body: unknown;
  files: RecordedFile[];
  /** Status answered; 0 while in flight or when the connection was dropped. */
  status: number;
  fault?: Fault['kind'];
}

export interface RecordedFile {
  field: string;
  filename: string;
  contentType?: string;
  data: Buffer;
}

/** How the fake CDN serves an attachment. */
export type AttachmentBehaviour =
  | 'normal'
  /** 404 "This content is no longer available." (a signed URL past its expiry). */
  | 'expired'
  /** 403 (the signature does not match). */
  | 'forbidden'
  /** Announces an enormous Content-Length, then trickles bytes. */
  | 'huge-content-length'
  /** Streams the bytes chunked, without Content-Length. */
  | 'no-content-length'
  /** Sends headers and part of the body, then nothing. */
  | 'stall';

export interface UploadSpec {
  filename: string;
  content: string | Uint8Array;
  contentType?: string;
  behaviour?: AttachmentBehaviour;
  /** The `size` the attachment object claims; defaults to the real size. */
  declaredSize?: number;
  /** Bytes the CDN streams for 'no-content-length' (defaults to the content's); lets a test send more than declared. */
  servedBytes?: number;
}

/** An attachment as a user uploaded it, ready to pass as a command option value. */
export interface FakeAttachment {
  kind: 'attachment';
  id: string;
  filename: string;
  size: number;
  url: string;
  contentType: string | undefined;
}

export type OptionValue = string | number | boolean | FakeAttachment;

export interface CommandInvocation {
  /** The server; omit for a direct message with the bot (then `channelId` is ignored). */
  guildId?: string;
  channelId: string;
  userId: string;
  /** The command path as typed: `brackets status`, `draft post`, `help`. */
  command: string;
  options?: Record<string, OptionValue>;
  /** Role ids the member holds in this interaction, instead of their roles in the guild. */
  roles?: string[];
  locale?: string;
}

export interface AutocompleteInvocation extends CommandInvocation {
  /** The option being typed; its value in `options` is the partial text. */
  focused: string;
}

/** An interaction the fake dispatched, and everything the bot did with it. */
export interface FakeInteraction {
  id: string;
  token: string;
  /** 2 = application command, 4 = autocomplete. */
  type: 2 | 4;
  /** The payload dispatched as INTERACTION_CREATE. */
  payload: Record<string, unknown>;
  /** The first callback (reply, deferral or autocomplete result), once it arrives. */
  response(timeoutMs?: number): Promise<RecordedRequest>;
  /** The original response message as it stands now (after edits). */
  original(): APIMessage | undefined;
  /** Resolves with the original message once `check` holds (e.g. an edit replaced the loading state). */
  waitForOriginal(check: (message: APIMessage) => boolean, timeoutMs?: number): Promise<APIMessage>;
  followUps(): APIMessage[];
  waitForFollowUps(count: number, timeoutMs?: number): Promise<APIMessage[]>;
  /** Choices the bot answered an autocomplete with. */
  choices(): unknown[] | undefined;
}

interface InteractionState {
  id: string;
  token: string;
  type: 2 | 4;
  /** Undefined in a direct message. */
  guildId: string | undefined;
  channelId: string;
  userId: string;
  createdAt: number;
  acknowledged: number | undefined;
  original: APIMessage | undefined;
  followUps: APIMessage[];
  choices: unknown[] | undefined;
}

interface StoredFile {
  id: string;
  filename: string;
  data: Uint8Array;
  contentType: string | undefined;
  behaviour: AttachmentBehaviour;
  servedBytes: number | undefined;
}

/** An HTTP error answer with Discord's JSON error body. */
class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
  }
}

type Handler = (ctx: RequestContext) => Promise<Answer> | Answer;

interface Answer {
  status: number;
  json?: unknown;
}

interface RequestContext {
  record: RecordedRequest;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: RecordedFile[];
}

interface Route {
  method: string;
  template: string;
  segments: string[];
  auth: boolean;
  handler: Handler;
}

const NOT_FOUND = { message: '404: Not Found', code: 0 };
const DEFAULT_TOKEN = 'RkFLRQ.fake-bot-token.for-tests-only';
const MAX_REQUEST_BYTES = 64 * 1024 * 1024;
const WEBHOOK_TOKEN_LIFETIME_MS = 15 * 60 * 1000;
const LOADING_FLAG = 1 << 7;
/** How long Discord remembers an enforced nonce (documented as "a few minutes"). */
const NONCE_WINDOW_MS = 5 * 60 * 1000;
const EPHEMERAL_FLAG = 1 << 6;

/** Starts a fake Discord on an ephemeral port of 127.0.0.1. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscord(options);
  await fake.listen();
  return fake;
}

export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  readonly users = new Map<string, FakeUser>();
  readonly guilds: FakeGuild[] = [];
  readonly requests: RecordedRequest[] = [];
  /** CDN downloads: attachment id, status answered, bytes written before the end or abort. */
  readonly cdnRequests: { attachmentId: string; status: number; bytesServed: number; aborted: boolean }[] =
    [];
  readonly faults = new FaultInjector();
  readonly gateway: FakeGateway;
  /** Registered application commands: global, and per guild id. */
  readonly commands: { global: APIApplicationCommand[]; guild: Map<string, APIApplicationCommand[]> } = {
    global: [],
    guild: new Map(),
  };
  /** Messages posted in each channel (ephemeral responses excluded, as nobody else sees them). */
  readonly channelMessages = new Map<string, APIMessage[]>();

  private readonly options: Required<
    Omit<FakeDiscordOptions, 'users' | 'guilds' | 'token' | 'applicationId' | 'botUsername'>
  >;
  private readonly server: Server;
  private readonly routes: Route[] = [];
  private readonly interactions = new Map<string, InteractionState>();
  private readonly files = new Map<string, StoredFile>();
  private readonly buckets = new Map<string, number[]>();
  private readonly nonces = new Map<string, { at: number; message: APIMessage }>();
  /** Direct-message channels between the bot and a user, by user id. */
  private readonly dmChannels = new Map<string, FakeChannel>();
  private readonly waiters = new Waiters();
  private port = 0;
  private seq = 0;

  constructor(options: FakeDiscordOptions = {}) {
    this.token = options.token ?? DEFAULT_TOKEN;
    this.applicationId = options.applicationId ?? snowflake();
    this.options = {
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      interactionDeadlineMs: options.interactionDeadlineMs ?? 3000,
      uploadLimitBytes: options.uploadLimitBytes ?? 10 * 1024 * 1024,
      rateLimit: options.rateLimit ?? { limit: 50, windowMs: 1000 },
      validatePayloads: options.validatePayloads ?? true,
    };
    this.botUser = makeUser({ id: this.applicationId, username: options.botUsername ?? 'Rapporteur' }, true);
    this.users.set(this.botUser.id, this.botUser);
    for (const spec of options.users ?? []) this.addUser(spec);
    for (const spec of options.guilds ?? [])
      this.guilds.push(makeGuild(spec, this.botUser.id, this.options.uploadLimitBytes));
    this.gateway = new FakeGateway(
      {
        token: this.token,
        ready: (session) => this.readyPayload(session),
        afterReady: () =>
          this.guilds
            .filter((g) => !g.botRemoved)
            .map((g) => ({ t: 'GUILD_CREATE', d: apiGuildCreate(g, this.users, this.botUser.id) })),
      },
      {
        heartbeatIntervalMs: this.options.heartbeatIntervalMs,
        resumeUrl: () => `${this.wsUrl}/gateway-resume`,
      },
    );
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent)
          this.sendJson(res, 500, { message: `fake Discord bug: ${String(error)}`, code: 0 });
      });
    });
    this.server.on('upgrade', (req, socket, head) => {
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      if (path === '/gateway' || path === '/gateway-resume') this.gateway.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
    this.defineRoutes();
  }

  /** Binds to an ephemeral port of 127.0.0.1. */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:PORT`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The REST base to give discord.js / @discordjs/rest as `api` (they add `/v10`). */
  get apiUrl(): string {
    return `${this.url}/api`;
  }

  private get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** The gateway URL /gateway/bot announces. */
  get gatewayUrl(): string {
    return `${this.wsUrl}/gateway`;
  }

  addUser(spec: FakeUserSpec): FakeUser {
    const user = makeUser(spec);
    this.users.set(user.id, user);
    return user;
  }

  /** Adds a guild; connected clients receive GUILD_CREATE. */
  addGuild(spec: FakeGuildSpec): FakeGuild {
    const guild = makeGuild(spec, this.botUser.id, this.options.uploadLimitBytes);
    this.guilds.push(guild);
    this.gateway.dispatch('GUILD_CREATE', apiGuildCreate(guild, this.users, this.botUser.id));
    return guild;
  }

  /** The user with this username. */
  user(username: string): FakeUser {
    const user = [...this.users.values()].find((u) => u.username === username);
    if (!user) throw new Error(`fake Discord: no user named ${username}`);
    return user;
  }

  /** The guild with this name. */
  guild(name: string): FakeGuild {
    const guild = this.guilds.find((g) => g.name === name);
    if (!guild) throw new Error(`fake Discord: no guild named ${name}`);
    return guild;
  }

  /** The channel with this name (in any guild, or in `guildName`'s). */
  channel(name: string, guildName?: string): FakeChannel {
    const guilds = guildName ? [this.guild(guildName)] : this.guilds;
    const channel = guilds.flatMap((g) => g.channels).find((c) => c.name === name);
    if (!channel) throw new Error(`fake Discord: no channel named ${name}`);
    return channel;
  }

  /** The role with this name in a guild. */
  role(guildName: string, roleName: string): { id: string; name: string } {
    const role = this.guild(guildName).roles.find((r) => r.name === roleName);
    if (!role) throw new Error(`fake Discord: no role named ${roleName} in ${guildName}`);
    return role;
  }

  /** The bot is kicked: its channels answer Missing Access and GUILD_DELETE is dispatched. */
  removeBotFromGuild(guildId: string): void {
    const guild = this.guilds.find((g) => g.id === guildId);
    if (!guild) throw new Error(`fake Discord: no guild ${guildId}`);
    guild.botRemoved = true;
    this.gateway.dispatch('GUILD_DELETE', { id: guild.id });
  }

  /** The channel is deleted: it answers Unknown Channel and CHANNEL_DELETE is dispatched. */
  deleteChannel(channelId: string): void {
    const channel = this.findChannel(channelId);
    if (!channel) throw new Error(`fake Discord: no channel ${channelId}`);
    channel.deleted = true;
    this.gateway.dispatch('CHANNEL_DELETE', apiChannel(channel));
  }

  /** Makes a stored attachment's URL answer as expired from now on. */
  expireAttachment(id: string): void {
    const file = this.files.get(id);
    if (file) file.behaviour = 'expired';
  }

  /** Requests whose route template is `route` (e.g. `POST /channels/:channel_id/messages`). */
  requestsTo(route: string): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  /** Resolves when `check` holds; re-checked after every request, CDN event and interaction change. */
  waitUntil(check: () => boolean, timeoutMs = 5000, what = 'a condition'): Promise<void> {
    return this.waiters.until(check, timeoutMs, what);
  }

  /** Resolves with the first request (already received or future) matching `predicate`. */
  async waitForRequest(
    predicate: (r: RecordedRequest) => boolean,
    timeoutMs = 5000,
    what = 'a matching request',
  ): Promise<RecordedRequest> {
    await this.waiters.until(
      () => this.requests.some((r) => r.status !== 0 && predicate(r)),
      timeoutMs,
      what,
    );
    return this.requests.find((r) => r.status !== 0 && predicate(r)) as RecordedRequest;
  }

  /**
   * Every message payload the bot sent (channel messages, interaction responses, webhook
   * follow-ups and edits), with its files, whatever the fake answered. Feed them to
   * `discordPayloadProblems` to prove everything fits Discord's limits.
   */
  sentPayloads(): { request: RecordedRequest; payload: Record<string, unknown> }[] {
    const routes = new Set([
      'POST /channels/:channel_id/messages',
      'POST /interactions/:interaction_id/:interaction_token/callback',
      'POST /webhooks/:application_id/:interaction_token',
      'PATCH /webhooks/:application_id/:interaction_token/messages/:message_id',
    ]);
    return this.requests
      .filter(
        (r) => r.route !== undefined && routes.has(r.route) && typeof r.body === 'object' && r.body !== null,
      )
      .map((request) => ({
        request,
        payload: {
          ...(request.body as Record<string, unknown>),
          files: request.files.map((f) => ({ name: f.filename, data: f.data })),
        },
      }));
  }

  /** Uploads a file as a user would, for an attachment option; served by the fake CDN. */
  uploadAttachment(spec: UploadSpec): FakeAttachment {
    const data = typeof spec.content === 'string' ? new TextEncoder().encode(spec.content) : spec.content;
    const stored = this.storeFile(
      spec.filename,
      data,
      spec.contentType,
      spec.behaviour ?? 'normal',
      spec.servedBytes,
    );
    return {
      kind: 'attachment',
      id: stored.id,
      filename: stored.filename,
      size: spec.declaredSize ?? data.byteLength,
      url: this.fileUrl(stored, 'ephemeral-attachments'),
      contentType: spec.contentType,
    };
  }

  /** The bytes of a file the bot uploaded (or a user uploaded), by attachment id. */
  fileData(attachmentId: string): Uint8Array | undefined {
    return this.files.get(attachmentId)?.data;
  }

  /** Dispatches a slash command as `userId`, with the option types Discord would infer from the registered command. */
  async runCommand(invocation: CommandInvocation): Promise<FakeInteraction> {
    return this.dispatchInteraction(invocation, 2, undefined);
  }

  /** Dispatches an autocomplete interaction while `focused` is being typed. */
  async autocomplete(invocation: AutocompleteInvocation): Promise<FakeInteraction> {
    return this.dispatchInteraction(invocation, 4, invocation.focused);
  }

  /** Stops the gateway and the HTTP server, dropping open connections. */
  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---------------------------------------------------------------- interactions

  private dispatchInteraction(
    invocation: CommandInvocation,
    type: 2 | 4,
    focused: string | undefined,
  ): FakeInteraction {
    if (invocation.guildId === undefined) return this.dispatchDirect(invocation, type, focused);
    const guild = this.guilds.find((g) => g.id === invocation.guildId);
    if (!guild) throw new Error(`fake Discord: no guild ${invocation.guildId}`);
    const channel = guild.channels.find((c) => c.id === invocation.channelId && !c.deleted);
    if (!channel) throw new Error(`fake Discord: no channel ${invocation.channelId} in ${guild.name}`);
    const user = this.users.get(invocation.userId);
    const member = guild.members.find((m) => m.userId === invocation.userId);
    if (!user || !member)
      throw new Error(`fake Discord: user ${invocation.userId} is not a member of ${guild.name}`);

    const names = invocation.command.trim().split(/\s+/);
    const rootName = names[0] ?? '';
    const registered = [...(this.commands.guild.get(guild.id) ?? []), ...this.commands.global];
    const root = registered.find((c) => c.name === rootName);
    if (!root) {
      throw new Error(
        `fake Discord: /${rootName} is not registered (registered: ${registered.map((c) => c.name).join(', ') || 'none'}); deploy the commands first`,
      );
    }
    const resolved: Record<string, Record<string, unknown>> = {};
    const leaf = this.walkCommand(root, names.slice(1));
    const leafOptions = this.buildOptions(leaf.definitions, invocation, guild, resolved, focused, type);
    let options: unknown[] = leafOptions;
    for (const step of [...leaf.path].reverse()) options = [{ type: step.type, name: step.name, options }];

    const id = snowflake();
    const token = `aW50ZXJhY3Rpb24.${randomBytes(24).toString('base64url')}`;
    const state: InteractionState = {
      id,
      token,
      type,
      guildId: guild.id,
      channelId: channel.id,
      userId: user.id,
      createdAt: Date.now(),
      acknowledged: undefined,
      original: undefined,
      followUps: [],
      choices: undefined,
    };
    this.interactions.set(id, state);
    const payload: Record<string, unknown> = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      guild_id: guild.id,
      guild: { id: guild.id, locale: 'en-US', features: [] },
      guild_locale: 'en-US',
      channel_id: channel.id,
      channel: apiChannel(channel),
      member: apiInteractionMember(
        guild,
        invocation.roles ? { ...member, roles: invocation.roles } : member,
        user,
      ),
      app_permissions: '2147601408',
      locale: invocation.locale ?? 'en-GB',
      entitlements: [],
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
      attachment_size_limit: guild.uploadLimitBytes,
      data: {
        id: root.id,
        name: root.name,
        type: 1,
        ...(root.guild_id ? { guild_id: root.guild_id } : {}),
        ...(options.length > 0 ? { options } : {}),
        ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
      },
    };
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return this.interactionView(state, payload);
  }

  /** The direct-message channel between the bot and a user, created on first use. */
  dmChannel(userId: string): FakeChannel {
    let channel = this.dmChannels.get(userId);
    if (!channel) {
      const user = this.users.get(userId);
      if (!user) throw new FakeError(400, 50033, 'Invalid Recipient(s)');
      channel = {
        id: snowflake(),
        guildId: '',
        name: `dm-${user.username}`,
        type: 1,
        access: 'ok',
        deleted: false,
      };
      this.dmChannels.set(userId, channel);
    }
    return channel;
  }

  /**
   * A command run in a direct message with the bot. Discord only offers there the global
   * commands whose `contexts` include BOT_DM (1), or, without `contexts`, whose
   * `dm_permission` is not false; anything else throws, as Discord's client would not send it.
   */
  private dispatchDirect(
    invocation: CommandInvocation,
    type: 2 | 4,
    focused: string | undefined,
  ): FakeInteraction {
    const user = this.users.get(invocation.userId);
    if (!user) throw new Error(`fake Discord: no user ${invocation.userId}`);
    const channel = this.dmChannel(user.id);
    const names = invocation.command.trim().split(/\s+/);
    const root = this.commands.global.find((c) => c.name === names[0]);
    if (!root) throw new Error(`fake Discord: /${names[0]} is not registered globally`);
    const contexts = (root as { contexts?: number[] | null }).contexts;
    const allowed = Array.isArray(contexts) ? contexts.includes(1) : root.dm_permission !== false;
    if (!allowed) {
      throw new Error(
        `fake Discord: /${root.name} is not offered in direct messages (contexts, dm_permission)`,
      );
    }
    const resolved: Record<string, Record<string, unknown>> = {};
    const leaf = this.walkCommand(root, names.slice(1));
    let options: unknown[] = this.buildOptions(
      leaf.definitions,
      invocation,
      undefined,
      resolved,
      focused,
      type,
    );
    for (const step of [...leaf.path].reverse()) options = [{ type: step.type, name: step.name, options }];
    const id = snowflake();
    const state: InteractionState = {
      id,
      token: `aW50ZXJhY3Rpb24.${randomBytes(24).toString('base64url')}`,
      type,
      guildId: undefined,
      channelId: channel.id,
      userId: user.id,
      createdAt: Date.now(),
      acknowledged: undefined,
      original: undefined,
      followUps: [],
      choices: undefined,
    };
    this.interactions.set(id, state);
    const payload: Record<string, unknown> = {
      id,
      application_id: this.applicationId,
      type,
      token: state.token,
      version: 1,
      channel_id: channel.id,
      channel: { id: channel.id, type: 1, last_message_id: null, flags: 0, recipients: [apiUser(user)] },
      user: apiUser(user),
      app_permissions: '2147601408',
      locale: invocation.locale ?? 'en-GB',
      entitlements: [],
      authorizing_integration_owners: { '0': '0' },
      context: 1,
      attachment_size_limit: this.options.uploadLimitBytes,
      data: {
        id: root.id,
        name: root.name,
        type: 1,
        ...(options.length > 0 ? { options } : {}),
        ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
      },
    };
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return this.interactionView(state, payload);
  }

  private walkCommand(
    root: APIApplicationCommand,
    path: string[],
  ): { path: { type: number; name: string }[]; definitions: APIApplicationCommandOption[] } {
    let definitions = (root.options ?? []) as APIApplicationCommandOption[];
    const steps: { type: number; name: string }[] = [];
    for (const name of path) {
      const next = definitions.find((o) => o.name === name && (o.type === 1 || o.type === 2));
      if (!next) {
        const choices = definitions.filter((o) => o.type === 1 || o.type === 2).map((o) => o.name);
        throw new Error(
          `fake Discord: /${root.name} has no subcommand ${name} (has: ${choices.join(', ') || 'none'})`,
        );
      }
      steps.push({ type: next.type, name });
      definitions = ('options' in next ? (next.options ?? []) : []) as APIApplicationCommandOption[];
    }
    if (definitions.some((o) => o.type === 1 || o.type === 2)) {
      throw new Error(`fake Discord: /${root.name} ${path.join(' ')} needs a subcommand`);
    }
    return { path: steps, definitions };
  }

  private buildOptions(
    definitions: APIApplicationCommandOption[],
    invocation: CommandInvocation,
    guild: FakeGuild | undefined,
    resolved: Record<string, Record<string, unknown>>,
    focused: string | undefined,
    type: 2 | 4,
  ): unknown[] {
    const given = invocation.options ?? {};
    const out: unknown[] = [];
    for (const [name, value] of Object.entries(given)) {
      const def = definitions.find((d) => d.name === name);
      if (!def) {
        throw new Error(
          `fake Discord: /${invocation.command} has no option ${name} (has: ${definitions.map((d) => d.name).join(', ') || 'none'})`,
        );
      }
      if (name === focused) {
        if (!('autocomplete' in def) || def.autocomplete !== true) {
          throw new Error(`fake Discord: option ${name} of /${invocation.command} does not autocomplete`);
        }
        out.push({ type: def.type, name, value: String(value), focused: true });
        continue;
      }
      out.push({ type: def.type, name, value: this.optionValue(def, value, guild, resolved) });
    }
    if (type === 2) {
      for (const def of definitions) {
        if ('required' in def && def.required && !(def.name in given)) {
          throw new Error(
            `fake Discord: /${invocation.command} needs option ${def.name}; Discord's client would not send it`,
          );
        }
      }
    } else if (focused === undefined || !(focused in given)) {
      throw new Error('fake Discord: an autocomplete needs the focused option among the options');
    }
    return out;
  }

  private optionValue(
    def: APIApplicationCommandOption,
    value: OptionValue,
    guild: FakeGuild | undefined,
    resolved: Record<string, Record<string, unknown>>,
  ): string | number | boolean {
    const put = (kind: string, id: string, object: unknown) => {
      resolved[kind] ??= {};
      (resolved[kind] as Record<string, unknown>)[id] = object;
    };
    const fail = (expected: string) =>
      new Error(`fake Discord: option ${def.name} takes ${expected}, got ${JSON.stringify(value)}`);
    switch (def.type) {
      case 3:
        if (typeof value !== 'string') throw fail('a string');
        return value;
      case 4:
        if (typeof value !== 'number' || !Number.isInteger(value)) throw fail('an integer');
        return value;
      case 10:
        if (typeof value !== 'number') throw fail('a number');
        return value;
      case 5:
        if (typeof value !== 'boolean') throw fail('a boolean');
        return value;
      case 6: {
        const user = typeof value === 'string' ? this.users.get(value) : undefined;
        if (!user) throw fail('a user id');
        put('users', user.id, apiUser(user));
        const member = guild?.members.find((m) => m.userId === user.id);
        if (guild && member) {
          const { user: _omit, ...rest } = apiInteractionMember(guild, member, user);
          put('members', user.id, rest);
        }
        return user.id;
      }
      case 7: {
        const channel = typeof value === 'string' ? guild?.channels.find((c) => c.id === value) : undefined;
        if (!channel) throw fail('a channel id of this guild');
        put('channels', channel.id, { ...apiChannel(channel), permissions: '2147601408' });
        return channel.id;
      }
      case 8: {
        const role = typeof value === 'string' ? guild?.roles.find((r) => r.id === value) : undefined;
        if (!role) throw fail('a role id of this guild');
        put('roles', role.id, apiRole(role));
        return role.id;
      }
      case 11: {
        if (typeof value !== 'object' || value.kind !== 'attachment') throw fail('an uploaded attachment');
        put(
          'attachments',
          value.id,
          apiAttachment({
            id: value.id,
            filename: value.filename,
            size: value.size,
            url: value.url,
            ephemeral: true,
            ...(value.contentType === undefined ? {} : { contentType: value.contentType }),
          }),
        );
        return value.id;
      }
      default:
        throw fail(`a value of option type ${def.type}`);
    }
  }

  private interactionView(state: InteractionState, payload: Record<string, unknown>): FakeInteraction {
    const callbackRoute = 'POST /interactions/:interaction_id/:interaction_token/callback';
    return {
      id: state.id,
      token: state.token,
      type: state.type,
      payload,
      response: (timeoutMs = 5000) =>
        this.waitForRequest(
          (r) => r.route === callbackRoute && r.params.interaction_id === state.id,
          timeoutMs,
          `the response to interaction ${state.id}`,
        ),
      original: () => state.original,
      waitForOriginal: async (check, timeoutMs = 5000) => {
        await this.waiters.until(
          () => state.original !== undefined && check(state.original),
          timeoutMs,
          `the original response of interaction ${state.id} to satisfy the check`,
        );
        return state.original as APIMessage;
      },
      followUps: () => [...state.followUps],
      waitForFollowUps: async (count, timeoutMs = 5000) => {
        await this.waiters.until(() => state.followUps.length >= count, timeoutMs, `${count} follow-up(s)`);
        return [...state.followUps];
      },
      choices: () => state.choices,
    };
  }

  // ---------------------------------------------------------------- HTTP plumbing

  private route(method: string, template: string, auth: boolean, handler: Handler): void {
    this.routes.push({ method, template, segments: template.split('/').filter(Boolean), auth, handler });
  }

  private match(path: string): { route: Route; params: Record<string, string> }[] {
    const segments = path.split('/').filter(Boolean);
    const found: { route: Route; params: Record<string, string> }[] = [];
    for (const route of this.routes) {
      if (route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const ok = route.segments.every((seg, i) => {
        const actual = decodeURIComponent(segments[i] ?? '');
        if (seg.startsWith(':')) {
          params[seg.slice(1)] = actual;
          return true;
        }
        return seg === actual;
      });
      if (ok) found.push({ route, params });
    }
    return found;
  }

  private async readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_REQUEST_BYTES) throw new FakeError(413, 40005, 'Request entity too large');
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  private sendJson(
    res: ServerResponse,
    status: number,
    json: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (status === 204 || json === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(json);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(text);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.startsWith('/attachments/') || url.pathname.startsWith('/ephemeral-attachments/')) {
      this.serveFile(url, req, res);
      return;
    }
    if (!url.pathname.startsWith('/api/v10/')) {
      await this.readBody(req).catch(() => Buffer.alloc(0));
      this.sendJson(res, 404, NOT_FOUND);
      return;
    }
    const path = url.pathname.slice('/api/v10'.length);
    const method = (req.method ?? 'GET').toUpperCase();
    const candidates = this.match(path);
    const matched = candidates.find((c) => c.route.method === method);
    const auth = req.headers.authorization;
    const record: RecordedRequest = {
      seq: ++this.seq,
      at: Date.now(),
      method,
      path,
      route: matched ? `${method} ${matched.route.template}` : undefined,
      params: matched?.params ?? {},
      query: Object.fromEntries(url.searchParams),
      authorized: auth === undefined ? undefined : auth === `Bot ${this.token}`,
      userAgent: req.headers['user-agent'],
      body: undefined,
      files: [],
      status: 0,
    };
    this.requests.push(record);
    const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      this.sendJson(res, status, json, headers);
      this.waiters.notify();
    };

    let raw: Buffer;
    try {
      raw = await this.readBody(req);
    } catch (error) {
      const e = error instanceof FakeError ? error : new FakeError(400, 0, 'Bad request body');
      answer(e.status, { message: e.message, code: e.code });
      return;
    }
    try {
      this.parseBody(record, raw, req.headers['content-type']);
    } catch (error) {
      answer(400, { message: error instanceof FakeError ? error.message : String(error), code: 50109 });
      return;
    }
    if (!matched) {
      if (candidates.length > 0) answer(405, { message: '405: Method Not Allowed', code: 0 });
      else answer(404, NOT_FOUND);
      return;
    }
    if (matched.route.auth && record.authorized !== true) {
      answer(401, { message: '401: Unauthorized', code: 0 });
      return;
    }

    const fault = this.faults.take(method, path, matched.route.template);
    if (fault) {
      record.fault = fault.kind;
      if (fault.kind === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
      } else {
        this.answerFault(fault, record, res, matched.route.template);
        this.waiters.notify();
        return;
      }
    }

    const bucket = this.bucketKey(matched.route.template, matched.params);
    const limited = this.takeBucket(bucket);
    if (limited.retryAfterMs > 0) {
      const seconds = limited.retryAfterMs / 1000;
      answer(
        429,
        { message: 'You are being rate limited.', retry_after: seconds, global: false },
        { ...limited.headers, 'retry-after': String(seconds), 'x-ratelimit-scope': 'user' },
      );
      return;
    }

    try {
      const result = await matched.route.handler({
        record,
        params: matched.params,
        query: url.searchParams,
        body: record.body,
        files: record.files,
      });
      answer(result.status, result.json, limited.headers);
    } catch (error) {
      if (!(error instanceof FakeError)) throw error;
      answer(
        error.status,
        {
          message: error.message,
          code: error.code,
          ...(error.errors === undefined ? {} : { errors: error.errors }),
        },
        limited.headers,
      );
    }
  }

  private parseBody(record: RecordedRequest, raw: Buffer, contentType: string | undefined): void {
    if (raw.length === 0) return;
    const boundary = multipartBoundary(contentType);
    if (boundary) {
      let parts: ReturnType<typeof parseMultipart>;
      try {
        parts = parseMultipart(raw, boundary);
      } catch (error) {
        throw new FakeError(400, 50109, `Malformed multipart body: ${(error as Error).message}`);
      }
      for (const part of parts) {
        if (part.name === 'payload_json') record.body = this.parseJson(part.data);
        else if (part.filename !== undefined) {
          record.files.push({
            field: part.name,
            filename: part.filename,
            ...(part.contentType === undefined ? {} : { contentType: part.contentType }),
            data: Buffer.from(part.data),
          });
        }
      }
      return;
    }
    if (contentType?.startsWith('application/json')) record.body = this.parseJson(raw);
    else throw new FakeError(400, 50109, `Unsupported Content-Type ${contentType ?? '(none)'}`);
  }

  private parseJson(raw: Buffer): unknown {
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch {
      throw new FakeError(400, 50109, 'The request body contains invalid JSON.');
    }
  }

  private answerFault(fault: Fault, record: RecordedRequest, res: ServerResponse, template: string): void {
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      this.sendJson(res, status, body, headers);
    };
    switch (fault.kind) {
      case 'rate-limit': {
        const global = fault.global === true;
        const headers: Record<string, string> = {
          'retry-after': String(fault.retryAfterSeconds),
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Date.now() / 1000 + fault.retryAfterSeconds),
          'x-ratelimit-reset-after': String(fault.retryAfterSeconds),
          'x-ratelimit-bucket': this.bucketHash(template),
          'x-ratelimit-scope': fault.scope ?? (global ? 'global' : 'user'),
        };
        if (global) headers['x-ratelimit-global'] = 'true';
        json(
          429,
          { message: 'You are being rate limited.', retry_after: fault.retryAfterSeconds, global },
          headers,
        );
        return;
      }
      case 'server-error': {
        const status = fault.status ?? 502;
        record.status = status;
        res.writeHead(status, { 'content-type': 'text/html' });
        res.end('<html><body>Bad gateway</body></html>');
        return;
      }
      case 'unknown-channel':
        json(404, { message: 'Unknown Channel', code: 10003 });
        return;
      case 'missing-access':
        json(403, { message: 'Missing Access', code: 50001 });
        return;
      case 'missing-permissions':
        json(403, { message: 'Missing Permissions', code: 50013 });
        return;
      case 'error':
        json(fault.status, { message: fault.message, code: fault.code });
        return;
      case 'reset':
        res.socket?.destroy();
        return;
      case 'delay':
        return;
    }
  }

  private bucketHash(template: string): string {
    return createHash('sha1').update(template).digest('hex').slice(0, 16);
  }

  private bucketKey(template: string, params: Record<string, string>): string {
    const major =
      params.channel_id ?? params.guild_id ?? params.interaction_token ?? params.application_id ?? '';
    return `${template}:${major}`;
  }

  /** A sliding-window limit per bucket, with the headers Discord sends on every answer. */
  private takeBucket(key: string): { retryAfterMs: number; headers: Record<string, string> } {
    const { limit, windowMs } = this.options.rateLimit;
    const now = Date.now();
    const hits = (this.buckets.get(key) ?? []).filter((t) => now - t < windowMs);
    this.buckets.set(key, hits);
    const resetAfterMs = hits.length > 0 ? windowMs - (now - (hits[0] as number)) : windowMs;
    const base = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-reset': String((now + resetAfterMs) / 1000),
      'x-ratelimit-reset-after': String(resetAfterMs / 1000),
      'x-ratelimit-bucket': this.bucketHash(key.split(':')[0] ?? key),
    };
    if (hits.length >= limit) {
      return { retryAfterMs: Math.max(1, resetAfterMs), headers: { ...base, 'x-ratelimit-remaining': '0' } };
    }
    hits.push(now);
    return { retryAfterMs: 0, headers: { ...base, 'x-ratelimit-remaining': String(limit - hits.length) } };
  }

  // ---------------------------------------------------------------- the API

  private defineRoutes(): void {
    const gatewayInfo = () => ({ url: this.gatewayUrl });
    this.route('GET', '/gateway', false, () => ({ status: 200, json: gatewayInfo() }));
    this.route('GET', '/gateway/bot', true, () => ({
      status: 200,
      json: {
        ...gatewayInfo(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
      },
    }));
    this.route('GET', '/users/@me', true, () => ({ status: 200, json: apiUser(this.botUser) }));
    const application = () => ({
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: 'Fake application for tests',
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: 'f'.repeat(64),
      flags: 0,
      owner: apiUser(this.botUser),
      team: null,
      bot: apiUser(this.botUser),
    });
    this.route('GET', '/applications/@me', true, () => ({ status: 200, json: application() }));
    this.route('GET', '/oauth2/applications/@me', true, () => ({ status: 200, json: application() }));

    const commandsOf = (guildId: string | undefined) =>
      guildId === undefined ? this.commands.global : (this.commands.guild.get(guildId) ?? []);
    const checkApp = (params: Record<string, string>) => {
      if (params.application_id !== this.applicationId) throw new FakeError(403, 50001, 'Missing Access');
    };
    const checkGuild = (params: Record<string, string>) => {
      const guild = this.guilds.find((g) => g.id === params.guild_id);
      if (!guild) throw new FakeError(404, 10004, 'Unknown Guild');
      if (guild.botRemoved) throw new FakeError(403, 50001, 'Missing Access');
    };
    const overwrite = (guildId: string | undefined, body: unknown): APIApplicationCommand[] => {
      if (!Array.isArray(body)) throw new FakeError(400, 50035, 'Invalid Form Body');
      if (body.length > 100)
        throw new FakeError(400, 30032, 'Maximum number of application commands reached (100)');
      const problems = body.flatMap((c) => applicationCommandProblems(c));
      if (problems.length > 0) throw this.formError(problems);
      const previous = commandsOf(guildId);
      const saved = body.map((c: Record<string, unknown>) => this.saveCommand(c, guildId, previous));
      if (guildId === undefined) this.commands.global = saved;
      else this.commands.guild.set(guildId, saved);
      return saved;
    };
    this.route('GET', '/applications/:application_id/commands', true, ({ params }) => {
      checkApp(params);
      return { status: 200, json: this.commands.global };
    });
    this.route('PUT', '/applications/:application_id/commands', true, ({ params, body }) => {
      checkApp(params);
      return { status: 200, json: overwrite(undefined, body) };
    });
    this.route('POST', '/applications/:application_id/commands', true, ({ params, body }) => {
      checkApp(params);
      const problems = applicationCommandProblems(body);
      if (problems.length > 0) throw this.formError(problems);
      const command = this.saveCommand(body as Record<string, unknown>, undefined, this.commands.global);
      this.commands.global = [...this.commands.global.filter((c) => c.name !== command.name), command];
      return { status: 201, json: command };
    });
    this.route('DELETE', '/applications/:application_id/commands/:command_id', true, ({ params }) => {
      checkApp(params);
      const before = this.commands.global.length;
      this.commands.global = this.commands.global.filter((c) => c.id !== params.command_id);
      if (this.commands.global.length === before)
        throw new FakeError(404, 10063, 'Unknown application command');
      return { status: 204 };
    });
    this.route('GET', '/applications/:application_id/guilds/:guild_id/commands', true, ({ params }) => {
      checkApp(params);
      checkGuild(params);
      return { status: 200, json: commandsOf(params.guild_id) };
    });
    this.route('PUT', '/applications/:application_id/guilds/:guild_id/commands', true, ({ params, body }) => {
      checkApp(params);
      checkGuild(params);
      return { status: 200, json: overwrite(params.guild_id, body) };
    });

    this.route('POST', '/users/@me/channels', true, ({ body }) => {
      const recipient = (body as { recipient_id?: unknown } | undefined)?.recipient_id;
      if (typeof recipient !== 'string') throw this.formError(['recipient_id is required']);
      const channel = this.dmChannel(recipient);
      const user = this.users.get(recipient) as FakeUser;
      return {
        status: 200,
        json: { id: channel.id, type: 1, last_message_id: null, flags: 0, recipients: [apiUser(user)] },
      };
    });
    this.route('GET', '/channels/:channel_id', true, ({ params }) => {
      const channel = this.usableChannel(params.channel_id ?? '', 'view');
      return { status: 200, json: apiChannel(channel) };
    });
    this.route('POST', '/channels/:channel_id/messages', true, ({ params, body, files }) => {
      const channel = this.usableChannel(params.channel_id ?? '', 'send');
      const guild = this.guilds.find((g) => g.id === channel.guildId);
      // An enforced nonce seen in the last few minutes returns the message it created.
      const { nonce, enforce_nonce: enforce } = (body ?? {}) as { nonce?: unknown; enforce_nonce?: unknown };
      const nonceKey =
        enforce === true && (typeof nonce === 'string' || typeof nonce === 'number')
          ? `${channel.id}:${nonce}`
          : undefined;
      if (nonce !== undefined && String(nonce).length > 25)
        throw this.formError(['nonce is longer than 25 characters']);
      const seen = nonceKey ? this.nonces.get(nonceKey) : undefined;
      if (seen && Date.now() - seen.at < NONCE_WINDOW_MS) return { status: 200, json: seen.message };
      const message = this.createMessage(channel.id, guild, body, files, {});
      if (nonceKey) this.nonces.set(nonceKey, { at: Date.now(), message });
      return { status: 200, json: message };
    });
    this.route('GET', '/channels/:channel_id/messages/:message_id', true, ({ params }) => {
      const channel = this.usableChannel(params.channel_id ?? '', 'view');
      const message = this.channelMessages.get(channel.id)?.find((m) => m.id === params.message_id);
      if (!message) throw new FakeError(404, 10008, 'Unknown Message');
      return { status: 200, json: message };
    });

    this.route('POST', '/interactions/:interaction_id/:interaction_token/callback', false, (ctx) =>
      this.interactionCallback(ctx),
    );
    this.route('POST', '/webhooks/:application_id/:interaction_token', false, (ctx) => {
      const state = this.webhookState(ctx.params);
      const guild = this.guilds.find((g) => g.id === state.guildId);
      const flags = this.flagsOf(ctx.body);
      const message = this.createMessage(state.channelId, guild, ctx.body, ctx.files, {
        interaction: state,
        ephemeral: (flags & EPHEMERAL_FLAG) !== 0,
      });
      state.followUps.push(message);
      return ctx.query.get('wait') === 'true' ? { status: 200, json: message } : { status: 204 };
    });
    const messageOf = (state: InteractionState, id: string | undefined): APIMessage => {
      const message = id === '@original' ? state.original : state.followUps.find((m) => m.id === id);
      if (!message) throw new FakeError(404, 10008, 'Unknown Message');
      return message;
    };
    this.route(
      'GET',
      '/webhooks/:application_id/:interaction_token/messages/:message_id',
      false,
      ({ params }) => {
        const state = this.webhookState(params);
        return { status: 200, json: messageOf(state, params.message_id) };
      },
    );
    this.route('PATCH', '/webhooks/:application_id/:interaction_token/messages/:message_id', false, (ctx) => {
      const state = this.webhookState(ctx.params);
      const message = messageOf(state, ctx.params.message_id);
      const guild = this.guilds.find((g) => g.id === state.guildId);
      return { status: 200, json: this.editMessage(message, guild, ctx.body, ctx.files) };
    });
    this.route(
      'DELETE',
      '/webhooks/:application_id/:interaction_token/messages/:message_id',
      false,
      ({ params }) => {
        const state = this.webhookState(params);
        const message = messageOf(state, params.message_id);
        if (message === state.original) state.original = undefined;
        state.followUps = state.followUps.filter((m) => m !== message);
        const list = this.channelMessages.get(state.channelId);
        if (list)
          this.channelMessages.set(
            state.channelId,
            list.filter((m) => m.id !== message.id),
          );
        return { status: 204 };
      },
    );
  }

  private saveCommand(
    body: Record<string, unknown>,
    guildId: string | undefined,
    previous: APIApplicationCommand[],
  ): APIApplicationCommand {
    const kept = previous.find((c) => c.name === body.name);
    return {
      default_member_permissions: null,
      type: 1,
      nsfw: false,
      ...body,
      id: kept?.id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      ...(guildId === undefined ? {} : { guild_id: guildId }),
    } as APIApplicationCommand;
  }

  private formError(problems: string[]): FakeError {
    return new FakeError(400, 50035, 'Invalid Form Body', {
      _errors: problems.map((message) => ({ code: 'BASE_TYPE_INVALID', message })),
    });
  }

  private findChannel(id: string): FakeChannel | undefined {
    return (
      this.guilds.flatMap((g) => g.channels).find((c) => c.id === id) ??
      [...this.dmChannels.values()].find((c) => c.id === id)
    );
  }

  private usableChannel(id: string, need: 'view' | 'send'): FakeChannel {
    const channel = this.findChannel(id);
    if (!channel || channel.deleted) throw new FakeError(404, 10003, 'Unknown Channel');
    if (channel.type === 1) return channel;
    const guild = this.guilds.find((g) => g.id === channel.guildId);
    if (!guild || guild.botRemoved || channel.access === 'no-view')
      throw new FakeError(403, 50001, 'Missing Access');
    if (need === 'send' && channel.access === 'no-send')
      throw new FakeError(403, 50013, 'Missing Permissions');
    return channel;
  }

  private flagsOf(body: unknown): number {
    const flags = (body as { flags?: unknown } | undefined)?.flags;
    return typeof flags === 'number' ? flags : 0;
  }

  private uploadLimit(guild: FakeGuild | undefined): number {
    return guild?.uploadLimitBytes ?? this.options.uploadLimitBytes;
  }

  private checkPayload(body: unknown, files: RecordedFile[], guild: FakeGuild | undefined): void {
    for (const f of files) {
      if (f.data.byteLength > this.uploadLimit(guild))
        throw new FakeError(413, 40005, 'Request entity too large');
    }
    if (!this.options.validatePayloads) return;
    const problems = discordPayloadProblems(
      {
        ...(typeof body === 'object' && body !== null ? body : {}),
        files: files.map((f) => ({ name: f.filename, data: f.data })),
      },
      { uploadLimitBytes: this.uploadLimit(guild) },
    );
    if (problems.length > 0) throw this.formError(problems);
  }

  private storeFile(
    filename: string,
    data: Uint8Array,
    contentType: string | undefined,
    behaviour: AttachmentBehaviour,
    servedBytes?: number,
  ): StoredFile {
    const stored: StoredFile = { id: snowflake(), filename, data, contentType, behaviour, servedBytes };
    this.files.set(stored.id, stored);
    return stored;
  }

  private fileUrl(file: StoredFile, kind: 'attachments' | 'ephemeral-attachments', channelId = '0'): string {
    const issued = Math.floor(Date.now() / 1000);
    const expires = issued + 24 * 3600;
    const signature = createHash('sha256').update(`${file.id}:${expires}`).digest('hex');
    return `${this.url}/${kind}/${channelId}/${file.id}/${encodeURIComponent(file.filename)}?ex=${expires.toString(16)}&is=${issued.toString(16)}&hm=${signature}&`;
  }

  /** Attachments of a message body: kept ones by id, new ones from the uploaded files. */
  private attachmentsFor(
    body: Record<string, unknown>,
    files: RecordedFile[],
    channelId: string,
    existing: APIMessage['attachments'],
  ): APIMessage['attachments'] {
    const uploads = files.map((f) => {
      const stored = this.storeFile(f.filename, f.data, f.contentType, 'normal');
      return { field: f.field, stored };
    });
    const fromUpload = (index: number, description?: string) => {
      const upload = uploads.find((u) => u.field === `files[${index}]`) ?? uploads[index];
      if (!upload) return undefined;
      return apiAttachment({
        id: upload.stored.id,
        filename: upload.stored.filename,
        size: upload.stored.data.byteLength,
        url: this.fileUrl(upload.stored, 'attachments', channelId),
        ...(upload.stored.contentType === undefined ? {} : { contentType: upload.stored.contentType }),
        ...(description === undefined ? {} : { description }),
      });
    };
    const listed = body.attachments;
    if (!Array.isArray(listed)) {
      return [...existing, ...uploads.flatMap((_, i) => fromUpload(i) ?? [])];
    }
    return listed.flatMap((a: { id?: unknown; description?: unknown }) => {
      const description = typeof a.description === 'string' ? a.description : undefined;
      const kept = existing.find((e) => e.id === String(a.id));
      if (kept) return [kept];
      const index = Number(a.id);
      return Number.isInteger(index) ? (fromUpload(index, description) ?? []) : [];
    });
  }

  private createMessage(
    channelId: string,
    guild: FakeGuild | undefined,
    body: unknown,
    files: RecordedFile[],
    from: { interaction?: InteractionState; ephemeral?: boolean; loading?: boolean },
  ): APIMessage {
    // A deferral's placeholder ("thinking...") is Discord's own message, not a payload to check.
    if (!from.loading) this.checkPayload(body, files, guild);
    const data = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const flags = (from.ephemeral ? EPHEMERAL_FLAG : 0) | (from.loading ? LOADING_FLAG : 0);
    const message = {
      id: snowflake(),
      channel_id: channelId,
      ...(guild ? { guild_id: guild.id } : {}),
      author: apiUser(this.botUser),
      content: typeof data.content === 'string' ? data.content : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: this.attachmentsFor(data, files, channelId, []),
      embeds: Array.isArray(data.embeds)
        ? (data.embeds as APIEmbed[]).map((e) => ({ type: 'rich', ...e }))
        : [],
      pinned: false,
      type: from.interaction ? 20 : 0,
      flags,
      components: [],
      ...(from.interaction
        ? {
            webhook_id: this.applicationId,
            application_id: this.applicationId,
            interaction_metadata: {
              id: from.interaction.id,
              type: 2,
              user: apiUser(this.users.get(from.interaction.userId) as FakeUser),
              authorizing_integration_owners: { '0': guild?.id ?? '0' },
            },
          }
        : {}),
    } as unknown as APIMessage;
    if (!from.ephemeral) {
      const list = this.channelMessages.get(channelId) ?? [];
      list.push(message);
      this.channelMessages.set(channelId, list);
    }
    return message;
  }

  private editMessage(
    message: APIMessage,
    guild: FakeGuild | undefined,
    body: unknown,
    files: RecordedFile[],
  ): APIMessage {
    const data = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const next = {
      content: 'content' in data ? (typeof data.content === 'string' ? data.content : '') : message.content,
      embeds: 'embeds' in data && Array.isArray(data.embeds) ? data.embeds : message.embeds,
    };
    const attachments = this.attachmentsFor(data, files, message.channel_id, message.attachments);
    // An edit is checked as the message it produces, as Discord does.
    const problems = this.options.validatePayloads
      ? discordPayloadProblems(
          { ...next, attachments: attachments.map((a) => ({ filename: a.filename, size: a.size })) },
          { uploadLimitBytes: this.uploadLimit(guild) },
        )
      : [];
    for (const f of files) {
      if (f.data.byteLength > this.uploadLimit(guild))
        throw new FakeError(413, 40005, 'Request entity too large');
    }
    if (problems.length > 0) throw this.formError(problems);
    Object.assign(message, {
      ...next,
      embeds: (next.embeds as APIEmbed[]).map((e) => ({ type: 'rich', ...e })),
      attachments,
      edited_timestamp: new Date().toISOString(),
      flags: (message.flags ?? 0) & ~LOADING_FLAG,
    });
    return message;
  }

  private interactionCallback(ctx: RequestContext): Answer {
    const state = this.interactions.get(ctx.params.interaction_id ?? '');
    if (!state || state.token !== ctx.params.interaction_token)
      throw new FakeError(404, 10062, 'Unknown interaction');
    if (Date.now() - state.createdAt > this.options.interactionDeadlineMs) {
      throw new FakeError(404, 10062, 'Unknown interaction');
    }
    if (state.acknowledged !== undefined) {
      throw new FakeError(400, 40060, 'Interaction has already been acknowledged.');
    }
    const body = (ctx.body ?? {}) as { type?: unknown; data?: Record<string, unknown> };
    const allowed = state.type === 4 ? [8] : [4, 5, 9];
    if (typeof body.type !== 'number' || !allowed.includes(body.type)) {
      throw new FakeError(
        400,
        50035,
        `Invalid Form Body: type ${String(body.type)} cannot answer this interaction`,
      );
    }
    const guild = this.guilds.find((g) => g.id === state.guildId);
    const flags = this.flagsOf(body.data);
    const ephemeral = (flags & EPHEMERAL_FLAG) !== 0;
    let message: APIMessage | undefined;
    if (body.type === 4) {
      if (!body.data) throw this.formError(['an interaction response of type 4 needs data']);
      message = this.createMessage(state.channelId, guild, body.data, ctx.files, {
        interaction: state,
        ephemeral,
      });
    } else if (body.type === 5) {
      message = this.createMessage(state.channelId, guild, { content: '' }, [], {
        interaction: state,
        ephemeral,
        loading: true,
      });
    } else if (body.type === 8) {
      const problems = discordPayloadProblems(body);
      if (problems.length > 0 && this.options.validatePayloads) throw this.formError(problems);
      state.choices = Array.isArray(body.data?.choices) ? (body.data.choices as unknown[]) : [];
    }
    state.acknowledged = body.type;
    state.original = message;
    if (ctx.query.get('with_response') !== 'true') return { status: 204 };
    return {
      status: 200,
      json: {
        interaction: {
          id: state.id,
          type: state.type,
          ...(message
            ? {
                response_message_id: message.id,
                response_message_loading: body.type === 5,
                response_message_ephemeral: ephemeral,
              }
            : {}),
        },
        ...(message ? { resource: { type: body.type, message } } : {}),
      },
    };
  }

  private webhookState(params: Record<string, string>): InteractionState {
    if (params.application_id !== this.applicationId) throw new FakeError(404, 10015, 'Unknown Webhook');
    const state = [...this.interactions.values()].find((s) => s.token === params.interaction_token);
    if (!state || state.acknowledged === undefined || state.acknowledged === 8) {
      throw new FakeError(404, 10015, 'Unknown Webhook');
    }
    if (Date.now() - state.createdAt > WEBHOOK_TOKEN_LIFETIME_MS) {
      throw new FakeError(401, 50027, 'Invalid Webhook Token');
    }
    return state;
  }

  private readyPayload(session: GatewaySession): unknown {
    return {
      v: 10,
      user_settings: {},
      user: { ...apiUser(this.botUser), verified: true, mfa_enabled: false, flags: 0, email: null },
      guilds: this.guilds.filter((g) => !g.botRemoved).map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.gateway.resumeUrl(),
      shard: [0, 1],
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
    };
  }

  // ---------------------------------------------------------------- CDN

  private serveFile(url: URL, req: IncomingMessage, res: ServerResponse): void {
    const [, , , id] = url.pathname.split('/');
    const file = this.files.get(id ?? '');
    const record = { attachmentId: id ?? '', status: 0, bytesServed: 0, aborted: false };
    this.cdnRequests.push(record);
    const done = (status: number) => {
      record.status = status;
      this.waiters.notify();
    };
    res.on('close', () => {
      if (!res.writableFinished) record.aborted = true;
      this.waiters.notify();
    });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      done(405);
      return;
    }
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      done(404);
      return;
    }
    const contentType = file.contentType ?? 'application/octet-stream';
    const write = (chunk: Uint8Array) => {
      record.bytesServed += chunk.byteLength;
      return res.write(chunk);
    };
    switch (file.behaviour) {
      case 'expired':
        res.writeHead(404, { 'content-type': 'text/plain' }).end('This content is no longer available.');
        done(404);
        return;
      case 'forbidden':
        res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
        done(403);
        return;
      case 'huge-content-length': {
        res.writeHead(200, { 'content-type': contentType, 'content-length': String(50 * 1024 ** 3) });
        done(200);
        const timer = setInterval(() => {
          if (res.destroyed) clearInterval(timer);
          else write(new Uint8Array(64 * 1024));
        }, 5);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case 'no-content-length': {
        res.writeHead(200, { 'content-type': contentType });
        done(200);
        const total = file.servedBytes ?? file.data.byteLength;
        let sent = 0;
        const pump = () => {
          while (sent < total && !res.destroyed) {
            const size = Math.min(64 * 1024, total - sent);
            const chunk =
              sent < file.data.byteLength ? file.data.subarray(sent, sent + size) : new Uint8Array(size);
            sent += chunk.byteLength;
            if (!write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          if (!res.destroyed) res.end();
        };
        pump();
        return;
      }
      case 'stall':
        res.writeHead(200, { 'content-type': contentType, 'content-length': String(file.data.byteLength) });
        done(200);
        write(file.data.subarray(0, Math.floor(file.data.byteLength / 2)));
        return;
      default:
        res.writeHead(200, { 'content-type': contentType, 'content-length': String(file.data.byteLength) });
        if (req.method === 'HEAD') res.end();
        else {
          write(file.data);
          res.end();
        }
        done(200);
    }
  }
}
