import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { type WebSocket, WebSocketServer } from 'ws';
import { parseMultipart } from './multipart.js';

/**
 * A fake Slack on 127.0.0.1, at the network boundary: the real @slack/web-api client and
 * the real Bolt app talk to it through `slackApiUrl`, exactly as they talk to slack.com.
 * It implements the Web API methods Rapporteur calls, the external file upload, a
 * `response_url` for slash commands and an authenticated file download; it records every
 * request so tests can assert what the app sent, and injects the failures Slack produces
 * (429 with Retry-After, `ok:false` errors, 5xx, dropped connections, slowness).
 *
 * Where Slack's behaviour is undocumented the fake says so in a comment and stays
 * conservative (e.g. the cumulative blocks limit).
 */

export interface FakeChannel {
  id: string;
  name: string;
  /** Whether the bot has joined; posting elsewhere fails with not_in_channel. */
  isMember: boolean;
  isArchived: boolean;
  isPrivate: boolean;
  /** Users in the channel; undefined means everyone. */
  members?: string[];
}

export interface FakeUser {
  id: string;
  name: string;
  realName: string;
  /** The profile's display name; empty when the person never set one (Slack then shows the real name). */
  displayName: string;
  tz: string;
  deleted: boolean;
  /** Workspace admin (owners are admins too in Slack's answers). */
  isAdmin: boolean;
  isOwner: boolean;
}

/** A user group (`@chairs-staff`): Slack's nearest thing to a role. */
export interface FakeUserGroup {
  id: string;
  handle: string;
  name: string;
  users: string[];
}

export interface FakeFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  content: Buffer;
  /** Who shared it. */
  user: string;
  channels: string[];
  /** Serve the sign-in page instead of the file even with a valid token (missing files:read scope). */
  loginPage: boolean;
  /** Declared length for an external upload in progress; undefined once completed or for added files. */
  pendingLength?: number;
  uploaded: boolean;
  /** When it was uploaded, in seconds since the epoch. */
  created: number;
  /** A link to a file kept elsewhere (Google Drive, Dropbox): Slack holds no bytes for it. */
  external?: boolean;
}

/** A message as Slack stored it, whichever way it arrived. */
export interface FakeMessage {
  via: 'chat.postMessage' | 'chat.postEphemeral' | 'chat.update' | 'response_url' | 'file_share';
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  threadTs?: string;
  /** For ephemeral messages: who sees it. */
  user?: string;
  /** For response_url posts: `in_channel` or `ephemeral`. */
  responseType?: string;
  replaceOriginal?: boolean;
  files?: string[];
  /** Set by a test to simulate a message someone deleted. */
  deleted?: boolean;
}

/** Everything the fake received. */
export interface RecordedRequest {
  at: number;
  httpMethod: string;
  path: string;
  /** `api` for Web API methods, otherwise which endpoint. */
  kind: 'api' | 'upload' | 'response_url' | 'download' | 'other';
  /** The Web API method, e.g. `chat.postMessage`. */
  api?: string;
  headers: Record<string, string | string[] | undefined>;
  /** Arguments, whatever the encoding (form, JSON, multipart); JSON-valued form fields decoded. */
  args: Record<string, unknown>;
  raw: Buffer;
  /** The HTTP status the fake answered with (0 when it dropped the connection). */
  status: number;
  /** For Web API calls: the `error` of an `ok:false` answer. */
  error?: string;
}

/** A failure to inject into the next matching request(s). */
export type FakeFault =
  | { kind: 'rate_limited'; retryAfter: number }
  | { kind: 'error'; error: string }
  | { kind: 'http'; status: number; body?: string }
  | { kind: 'delay'; ms: number }
  | { kind: 'drop' };

/** Which requests a fault applies to: a Web API method, an endpoint kind, or any. */
export type FaultTarget = string;

export interface FakeSlackOptions {
  botToken?: string;
  /** App-level token for Socket Mode (apps.connections.open). */
  appToken?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  /** Scopes the bot token was granted, sent in X-OAuth-Scopes as Slack does. Default: none listed. */
  scopes?: string[];
}

export interface FakeSlack {
  /** http://127.0.0.1:port */
  readonly url: string;
  /** The Web API base to pass as `slackApiUrl` (ends with /api/). */
  readonly apiUrl: string;
  readonly botToken: string;
  readonly appToken: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly requests: RecordedRequest[];
  readonly messages: FakeMessage[];
  readonly channels: Map<string, FakeChannel>;
  readonly users: Map<string, FakeUser>;
  readonly files: Map<string, FakeFile>;
  readonly userGroups: Map<string, FakeUserGroup>;
  /**
   * Makes usergroups.list fail with this error (e.g. `paid_teams_only` on a free workspace,
   * `missing_scope` when the app lacks usergroups:read); undefined answers normally.
   */
  userGroupsError: string | undefined;
  /** Calls to one Web API method, in order. */
  calls(api: string): RecordedRequest[];
  /** Adds a channel (defaults: public, bot joined, not archived). */
  addChannel(channel: Partial<FakeChannel> & { id: string }): FakeChannel;
  addUser(user: Partial<FakeUser> & { id: string }): FakeUser;
  addUserGroup(group: Partial<FakeUserGroup> & { id: string }): FakeUserGroup;
  /** Adds a file someone shared; returns it with its `url_private`. */
  addFile(
    file: Partial<Omit<FakeFile, 'content'>> & { name: string; content: string | Uint8Array },
  ): FakeFile & {
    urlPrivate: string;
  };
  /** The file object Slack would return (files.info, events). */
  fileObject(id: string): Record<string, unknown>;
  /** A fresh response_url, as Slack includes in a slash command or a block action. */
  responseUrl(channel: string): string;
  /** Injects `fault` into the next `times` requests matching `target` (method name, `upload`, `response_url`, `download`, or `*`). */
  fail(target: FaultTarget, fault: FakeFault, times?: number): void;
  /** Removes pending faults. */
  clearFaults(): void;
  /** Socket Mode: the app's live connections (after apps.connections.open and the WebSocket handshake). */
  readonly sockets: Set<WebSocket>;
  /**
   * Socket Mode: sends an envelope (`slash_commands`, `interactive`, `events_api`) to the
   * connected app and resolves with its acknowledgement and how long it took.
   */
  sendEnvelope(
    type: 'slash_commands' | 'interactive' | 'events_api',
    payload: Record<string, unknown>,
    options?: { retryAttempt?: number; retryReason?: string; timeoutMs?: number },
  ): Promise<{ ack: Record<string, unknown>; ms: number }>;
  close(): Promise<void>;
}

const LOGIN_PAGE = `<!DOCTYPE html>
<html lang="en-US"><head><meta charset="utf-8"><title>Sign in | Slack</title></head>
<body><form action="/signin" method="post"><h1>Sign in to your workspace</h1>
<input type="email" name="email" placeholder="name@work-email.com"></form></body></html>
`;

/** Where Slack's cumulative blocks limit bites (undocumented; observed near 13,200 characters). */
const FAKE_BLOCKS_JSON_LIMIT = 13_200;

/** Starts a fake Slack on an ephemeral port of 127.0.0.1. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botToken = options.botToken ?? 'xoxb-0000000000-fake-bot-token';
  const appToken = options.appToken ?? 'xapp-1-A0RAPPORT-fake-app-token';
  const teamId = options.teamId ?? 'T0WSIS10';
  const botUserId = options.botUserId ?? 'U0RAPPORT';
  const botId = options.botId ?? 'B0RAPPORT';
  const requests: RecordedRequest[] = [];
  const messages: FakeMessage[] = [];
  const channels = new Map<string, FakeChannel>();
  const users = new Map<string, FakeUser>();
  const files = new Map<string, FakeFile>();
  const userGroups = new Map<string, FakeUserGroup>();
  const state: { userGroupsError: string | undefined } = { userGroupsError: undefined };
  const uploadSecrets = new Map<string, string>();
  const responseUrls = new Map<string, { channel: string; uses: number }>();
  const faults: { target: FaultTarget; fault: FakeFault; times: number }[] = [];
  const socketTickets = new Set<string>();
  const sockets = new Set<WebSocket>();
  const pendingAcks = new Map<string, (ack: Record<string, unknown>) => void>();
  const wss = new WebSocketServer({ noServer: true });
  let counter = 0;
  let base = '';

  const nextTs = () => {
    counter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(counter).padStart(6, '0')}`;
  };
  const newId = (prefix: string) => `${prefix}${randomBytes(5).toString('hex').toUpperCase()}`;

  const addChannel = (c: Partial<FakeChannel> & { id: string }): FakeChannel => {
    const channel: FakeChannel = {
      name: c.id.toLowerCase(),
      isMember: true,
      isArchived: false,
      isPrivate: false,
      ...c,
    };
    channels.set(channel.id, channel);
    return channel;
  };
  const addUser = (u: Partial<FakeUser> & { id: string }): FakeUser => {
    const user: FakeUser = {
      name: u.id.toLowerCase(),
      realName: u.id,
      displayName: '',
      tz: 'Europe/Zurich',
      deleted: false,
      isAdmin: false,
      isOwner: false,
      ...u,
    };
    users.set(user.id, user);
    return user;
  };
  const urlPrivate = (f: FakeFile) => `${base}/files-pri/${teamId}-${f.id}/${encodeURIComponent(f.name)}`;
  const fileObject = (id: string): Record<string, unknown> => {
    const f = files.get(id);
    if (!f) throw new Error(`fake-slack: no file ${id}`);
    return {
      id: f.id,
      name: f.name,
      title: f.title,
      mimetype: f.mimetype,
      filetype: f.filetype,
      size: f.content.length,
      user: f.user,
      channels: f.channels,
      url_private: urlPrivate(f),
      url_private_download: `${urlPrivate(f)}?download=1`,
      ...(f.external ? { is_external: true, mode: 'external', external_type: 'gdrive' } : {}),
      permalink: `${base}/files/${f.user}/${f.id}/${encodeURIComponent(f.name)}`,
      created: f.created,
      timestamp: f.created,
    };
  };

  addChannel({ id: 'C0GENERAL', name: 'general' });

  const takeFault = (keys: string[]): FakeFault | undefined => {
    const i = faults.findIndex((f) => keys.includes(f.target) || f.target === '*');
    if (i === -1) return undefined;
    const entry = faults[i] as (typeof faults)[number];
    entry.times -= 1;
    if (entry.times <= 0) faults.splice(i, 1);
    return entry.fault;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks)).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`fake-slack crashed: ${String(err)}`);
        }
      });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    const contentType = String(req.headers['content-type'] ?? '');
    const record: RecordedRequest = {
      at: Date.now(),
      httpMethod: req.method ?? 'GET',
      path,
      kind: 'other',
      headers: { ...req.headers },
      args: {},
      raw,
      status: 0,
    };
    requests.push(record);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      const isText = typeof body === 'string' || Buffer.isBuffer(body);
      res.writeHead(status, {
        'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
        ...headers,
      });
      res.end(isText ? body : JSON.stringify(body));
    };
    const api = (body: Record<string, unknown>) => {
      if (body.ok === false && typeof body.error === 'string') record.error = body.error;
      reply(200, body, options.scopes ? { 'x-oauth-scopes': options.scopes.join(',') } : {});
    };

    let keys: string[];
    if (path.startsWith('/api/')) {
      record.kind = 'api';
      record.api = path.slice('/api/'.length);
      record.args = parseArgs(raw, contentType, url);
      keys = [record.api];
    } else if (path.startsWith('/upload/')) {
      record.kind = 'upload';
      keys = ['upload'];
    } else if (path.startsWith('/respond/')) {
      record.kind = 'response_url';
      record.args = parseArgs(raw, contentType, url);
      keys = ['response_url'];
    } else if (path.startsWith('/files-pri/')) {
      record.kind = 'download';
      keys = ['download'];
    } else {
      keys = ['other'];
    }

    const fault = takeFault(keys);
    if (fault) {
      switch (fault.kind) {
        case 'rate_limited':
          record.error = 'ratelimited';
          return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter) });
        case 'error':
          return api({ ok: false, error: fault.error });
        case 'http':
          return reply(
            fault.status,
            fault.body ?? `<html><body>Slack is having trouble (${fault.status})</body></html>`,
            {
              'content-type': 'text/html',
            },
          );
        case 'drop':
          record.status = 0;
          req.socket.destroy();
          return;
        case 'delay':
          await new Promise((r) => setTimeout(r, fault.ms));
          break;
      }
    }

    if (record.kind === 'api') return api(callApi(record.api as string, record.args, req));
    if (record.kind === 'upload') return upload(path, raw, contentType, reply);
    if (record.kind === 'response_url') return respond(path, record.args, reply);
    if (record.kind === 'download') return download(path, req, reply);
    return reply(404, 'not found');
  }

  function tokenOf(args: Record<string, unknown>, req: IncomingMessage): string | undefined {
    const header = req.headers.authorization;
    if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice('Bearer '.length);
    return typeof args.token === 'string' ? args.token : undefined;
  }

  function callApi(
    method: string,
    args: Record<string, unknown>,
    req: IncomingMessage,
  ): Record<string, unknown> {
    const token = tokenOf(args, req);
    if (!token) return { ok: false, error: 'not_authed' };
    if (method === 'apps.connections.open') {
      if (token === botToken) return { ok: false, error: 'not_allowed_token_type' };
      if (token !== appToken) return { ok: false, error: 'invalid_auth' };
      const ticket = randomBytes(9).toString('hex');
      socketTickets.add(ticket);
      return { ok: true, url: `${base.replace(/^http/, 'ws')}/link/?ticket=${ticket}` };
    }
    if (token === appToken) return { ok: false, error: 'not_allowed_token_type' };
    if (token !== botToken) return { ok: false, error: 'invalid_auth' };
    const str = (k: string) => (typeof args[k] === 'string' ? (args[k] as string) : undefined);
    const channelFor = (id: string | undefined): FakeChannel | { error: string } => {
      if (!id) return { error: 'channel_not_found' };
      // Posting to a user ID opens the DM with them.
      if (/^[UW]/.test(id)) {
        if (!users.has(id)) return { error: 'channel_not_found' };
        const dm = `D${id.slice(1)}`;
        return (
          channels.get(dm) ?? addChannel({ id: dm, name: dm, isPrivate: true, members: [id, botUserId] })
        );
      }
      const channel = channels.get(id);
      if (!channel) return { error: 'channel_not_found' };
      return channel;
    };
    const postable = (id: string | undefined): FakeChannel | { error: string } => {
      const channel = channelFor(id);
      if ('error' in channel) return channel;
      if (channel.isArchived) return { error: 'is_archived' };
      if (!channel.isMember) return { error: 'not_in_channel' };
      return channel;
    };
    const contentProblem = (): string | undefined => {
      const text = str('text');
      const blocks = args.blocks;
      if (
        (text === undefined || text === '') &&
        (blocks === undefined || (Array.isArray(blocks) && blocks.length === 0))
      ) {
        return 'no_text';
      }
      if (text !== undefined && text.length > 40_000) return 'msg_too_long';
      if (blocks !== undefined) {
        if (!Array.isArray(blocks) || blocks.length > 50) return 'invalid_blocks';
        for (const b of blocks as Record<string, unknown>[]) {
          if (b.type === 'section') {
            const t = (b.text as { text?: string } | undefined)?.text;
            if (t !== undefined && (t.length === 0 || t.length > 3000)) return 'invalid_blocks';
            const fields = b.fields as { text: string }[] | undefined;
            if (fields && (fields.length > 10 || fields.some((f) => f.text.length > 2000)))
              return 'invalid_blocks';
          }
          if (b.type === 'header' && ((b.text as { text?: string; type?: string }).text?.length ?? 0) > 150) {
            return 'invalid_blocks';
          }
        }
        if (JSON.stringify(blocks).length > FAKE_BLOCKS_JSON_LIMIT) return 'msg_blocks_too_long';
      }
      return undefined;
    };

    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: `${base}/`,
          team: 'WSIS+10 caucus',
          user: 'rapporteur',
          team_id: teamId,
          user_id: botUserId,
          bot_id: botId,
          is_enterprise_install: false,
        };
      case 'chat.postMessage': {
        const channel = postable(str('channel'));
        if ('error' in channel) return { ok: false, error: channel.error };
        const problem = contentProblem();
        if (problem) return { ok: false, error: problem };
        const parent = str('thread_ts');
        if (
          parent !== undefined &&
          !messages.some((m) => m.channel === channel.id && m.ts === parent && !m.deleted)
        ) {
          return { ok: false, error: 'thread_not_found' };
        }
        const ts = nextTs();
        const message: FakeMessage = {
          via: 'chat.postMessage',
          channel: channel.id,
          ts,
          ...optional('text', str('text')),
          ...optional('blocks', args.blocks as unknown[] | undefined),
          ...optional('threadTs', str('thread_ts')),
        };
        messages.push(message);
        return {
          ok: true,
          channel: channel.id,
          ts,
          message: {
            type: 'message',
            user: botUserId,
            bot_id: botId,
            ts,
            text: message.text ?? '',
            blocks: message.blocks,
          },
        };
      }
      case 'chat.postEphemeral': {
        const channel = postable(str('channel'));
        if ('error' in channel) return { ok: false, error: channel.error };
        const user = str('user');
        if (!user || !users.has(user)) return { ok: false, error: 'user_not_found' };
        if (channel.members && !channel.members.includes(user))
          return { ok: false, error: 'user_not_in_channel' };
        const problem = contentProblem();
        if (problem) return { ok: false, error: problem };
        const ts = nextTs();
        messages.push({
          via: 'chat.postEphemeral',
          channel: channel.id,
          ts,
          user,
          ...optional('text', str('text')),
          ...optional('blocks', args.blocks as unknown[] | undefined),
          ...optional('threadTs', str('thread_ts')),
        });
        return { ok: true, message_ts: ts };
      }
      case 'chat.update': {
        const channel = channelFor(str('channel'));
        if ('error' in channel) return { ok: false, error: channel.error };
        const ts = str('ts');
        const original = messages.find(
          (m) =>
            m.channel === channel.id &&
            m.ts === ts &&
            (m.via === 'chat.postMessage' || m.via === 'chat.update'),
        );
        if (!original) return { ok: false, error: 'message_not_found' };
        const problem = contentProblem();
        if (problem) return { ok: false, error: problem };
        const updated: FakeMessage = {
          via: 'chat.update',
          channel: channel.id,
          ts: original.ts,
          ...optional('text', str('text')),
          ...optional('blocks', args.blocks as unknown[] | undefined),
        };
        messages.push(updated);
        return { ok: true, channel: channel.id, ts: original.ts, text: updated.text ?? '' };
      }
      case 'files.getUploadURLExternal': {
        const filename = str('filename');
        const length = Number(args.length);
        if (!filename || !Number.isInteger(length) || length < 1)
          return { ok: false, error: 'invalid_arguments' };
        const id = newId('F');
        const secret = randomBytes(12).toString('hex');
        uploadSecrets.set(secret, id);
        files.set(id, {
          id,
          name: filename,
          title: filename,
          mimetype: guessMime(filename),
          filetype: filename.split('.').pop() ?? 'text',
          content: Buffer.alloc(0),
          user: botUserId,
          channels: [],
          loginPage: false,
          pendingLength: length,
          uploaded: false,
          created: Math.floor(Date.now() / 1000),
        });
        return { ok: true, upload_url: `${base}/upload/v1/${secret}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = args.files;
        if (!Array.isArray(list) || list.length === 0) return { ok: false, error: 'invalid_arguments' };
        const channelId = str('channel_id') ?? str('channels')?.split(',')[0];
        let channel: FakeChannel | undefined;
        if (channelId !== undefined) {
          const found = postable(channelId);
          if ('error' in found) return { ok: false, error: found.error };
          channel = found;
        }
        const done: Record<string, unknown>[] = [];
        for (const entry of list as { id?: string; title?: string }[]) {
          const file = entry.id ? files.get(entry.id) : undefined;
          if (!file?.uploaded) return { ok: false, error: 'file_not_found' };
          // Not Slack's wording: the fake refuses a declared length that differs from the bytes
          // received, to catch a client that counts characters instead of bytes.
          if (file.pendingLength !== undefined && file.pendingLength !== file.content.length) {
            return { ok: false, error: 'fake_upload_length_mismatch' };
          }
          delete file.pendingLength;
          if (entry.title) file.title = entry.title;
          if (channel) file.channels.push(channel.id);
          done.push({ id: file.id, title: file.title });
        }
        if (channel) {
          messages.push({
            via: 'file_share',
            channel: channel.id,
            ts: nextTs(),
            files: done.map((f) => f.id as string),
            ...optional('text', str('initial_comment')),
            ...optional('threadTs', str('thread_ts')),
          });
        }
        return { ok: true, files: done };
      }
      case 'files.info': {
        const id = str('file');
        if (!id || !files.has(id)) return { ok: false, error: 'file_not_found' };
        return { ok: true, file: fileObject(id) };
      }
      case 'conversations.info': {
        const channel = channelFor(str('channel'));
        if ('error' in channel) return { ok: false, error: channel.error };
        return {
          ok: true,
          channel: {
            id: channel.id,
            name: channel.name,
            is_channel: !channel.isPrivate,
            is_private: channel.isPrivate,
            is_archived: channel.isArchived,
            is_member: channel.isMember,
          },
        };
      }
      case 'conversations.open': {
        const user = str('users')?.split(',')[0];
        if (!user || !users.has(user)) return { ok: false, error: 'user_not_found' };
        const dm = channelFor(user);
        if ('error' in dm) return { ok: false, error: dm.error };
        return { ok: true, channel: { id: dm.id } };
      }
      case 'users.info': {
        const user = users.get(str('user') ?? '');
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id,
            team_id: teamId,
            name: user.name,
            real_name: user.realName,
            deleted: user.deleted,
            is_bot: false,
            tz: user.tz,
            is_admin: user.isAdmin || user.isOwner,
            is_owner: user.isOwner,
            is_primary_owner: false,
            is_restricted: false,
            is_ultra_restricted: false,
            profile: { real_name: user.realName, display_name: user.displayName },
          },
        };
      }
      case 'usergroups.list': {
        if (state.userGroupsError) return { ok: false, error: state.userGroupsError };
        const withUsers = args.include_users === true || args.include_users === 'true';
        return {
          ok: true,
          usergroups: [...userGroups.values()].map((g) => ({
            id: g.id,
            team_id: teamId,
            is_usergroup: true,
            name: g.name,
            handle: g.handle,
            date_delete: 0,
            user_count: g.users.length,
            ...(withUsers ? { users: g.users } : {}),
          })),
        };
      }
      case 'files.list': {
        // Newest first, as Slack lists them (files created in the same second: the one added
        // last first); only files shared where the filter says.
        const channel = str('channel');
        const user = str('user');
        const from = Number(args.ts_from ?? 0);
        const count = Math.min(1000, Math.max(1, Number(args.count ?? 100)));
        const found = [...files.values()]
          .reverse()
          .filter((f) => f.uploaded && f.pendingLength === undefined)
          .filter((f) => channel === undefined || f.channels.includes(channel))
          .filter((f) => user === undefined || f.user === user)
          .filter((f) => !(from > 0) || f.created >= from)
          .sort((a, b) => b.created - a.created);
        return {
          ok: true,
          files: found.slice(0, count).map((f) => fileObject(f.id)),
          paging: {
            count,
            total: found.length,
            page: 1,
            pages: Math.max(1, Math.ceil(found.length / count)),
          },
        };
      }
      case 'conversations.join': {
        const channel = channelFor(str('channel'));
        if ('error' in channel) return { ok: false, error: channel.error };
        if (channel.isArchived) return { ok: false, error: 'is_archived' };
        if (channel.isPrivate) return { ok: false, error: 'method_not_supported_for_channel_type' };
        channel.isMember = true;
        return { ok: true, channel: { id: channel.id, name: channel.name, is_member: true } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  function upload(
    path: string,
    raw: Buffer,
    contentType: string,
    reply: (status: number, body: unknown) => void,
  ): void {
    const id = uploadSecrets.get(path.slice('/upload/v1/'.length));
    const file = id ? files.get(id) : undefined;
    if (!file) {
      reply(404, 'upload url not found');
      return;
    }
    if (contentType.startsWith('multipart/form-data')) {
      const part =
        parseMultipart(raw, contentType).find((p) => p.filename !== undefined) ??
        parseMultipart(raw, contentType)[0];
      if (!part) {
        reply(400, 'no file in multipart body');
        return;
      }
      file.content = part.data;
    } else {
      file.content = raw;
    }
    file.uploaded = true;
    uploadSecrets.delete(path.slice('/upload/v1/'.length));
    reply(200, `OK - ${file.content.length}`);
  }

  function respond(
    path: string,
    args: Record<string, unknown>,
    reply: (status: number, body: unknown) => void,
  ): void {
    const entry = responseUrls.get(path.slice('/respond/'.length));
    if (!entry) {
      reply(404, { ok: false, error: 'expired_url' });
      return;
    }
    // Slack accepts up to five responses per response_url.
    if (entry.uses >= 5) {
      reply(404, { ok: false, error: 'used_url' });
      return;
    }
    entry.uses += 1;
    const text = typeof args.text === 'string' ? args.text : undefined;
    if ((text === undefined || text === '') && !Array.isArray(args.blocks)) {
      reply(400, { ok: false, error: 'no_text' });
      return;
    }
    messages.push({
      via: 'response_url',
      channel: entry.channel,
      ts: nextTs(),
      ...optional('text', text),
      ...optional('blocks', args.blocks as unknown[] | undefined),
      ...optional('responseType', typeof args.response_type === 'string' ? args.response_type : undefined),
      ...optional(
        'replaceOriginal',
        typeof args.replace_original === 'boolean' ? args.replace_original : undefined,
      ),
    });
    reply(200, { ok: true });
  }

  function download(
    path: string,
    req: IncomingMessage,
    reply: (status: number, body: unknown, h?: Record<string, string>) => void,
  ): void {
    const match = /^\/files-pri\/[^-/]+-([^/]+)\//.exec(path);
    const file = match ? files.get(match[1] as string) : undefined;
    const auth = req.headers.authorization;
    // Like Slack: without a valid token, or without the files:read scope, the answer is a
    // 200 sign-in page, not an error status.
    if (auth !== `Bearer ${botToken}` || file?.loginPage) {
      reply(200, LOGIN_PAGE, { 'content-type': 'text/html; charset=utf-8' });
      return;
    }
    if (!file) {
      reply(404, 'file not found');
      return;
    }
    reply(200, file.content, {
      'content-type': file.mimetype,
      'content-length': String(file.content.length),
      'content-disposition': `attachment; filename="${file.name}"`,
    });
  }

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', base);
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !socketTickets.delete(ticket)) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        let msg: Record<string, unknown>;
        try {
          msg = JSON.parse(String(data)) as Record<string, unknown>;
        } catch {
          return;
        }
        const id = typeof msg.envelope_id === 'string' ? msg.envelope_id : undefined;
        const resolve = id === undefined ? undefined : pendingAcks.get(id);
        if (id !== undefined && resolve) {
          pendingAcks.delete(id);
          resolve(msg);
        }
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: sockets.size,
          debug_info: { host: 'fake-slack', approximate_connection_time: 3600 },
          connection_info: { app_id: 'A0RAPPORT' },
        }),
      );
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    apiUrl: `${base}/api/`,
    botToken,
    appToken,
    sockets,
    sendEnvelope(type, payload, opts = {}) {
      const ws = [...sockets].at(-1);
      if (!ws) return Promise.reject(new Error('fake-slack: no Socket Mode connection'));
      const envelopeId = randomBytes(8).toString('hex');
      const t0 = performance.now();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pendingAcks.delete(envelopeId);
          reject(new Error(`fake-slack: no ack for ${type} within ${opts.timeoutMs ?? 3000} ms`));
        }, opts.timeoutMs ?? 3000);
        pendingAcks.set(envelopeId, (ack) => {
          clearTimeout(timer);
          resolve({ ack, ms: performance.now() - t0 });
        });
        ws.send(
          JSON.stringify({
            envelope_id: envelopeId,
            type,
            payload,
            accepts_response_payload: type !== 'events_api',
            ...(type === 'events_api'
              ? { retry_attempt: opts.retryAttempt ?? 0, retry_reason: opts.retryReason ?? '' }
              : {}),
          }),
        );
      });
    },
    teamId,
    botUserId,
    botId,
    requests,
    messages,
    channels,
    users,
    files,
    userGroups,
    get userGroupsError() {
      return state.userGroupsError;
    },
    set userGroupsError(error: string | undefined) {
      state.userGroupsError = error;
    },
    calls: (api) => requests.filter((r) => r.api === api),
    addChannel,
    addUser,
    addUserGroup(g) {
      const group: FakeUserGroup = { handle: g.id.toLowerCase(), name: g.id, users: [], ...g };
      userGroups.set(group.id, group);
      return group;
    },
    addFile(f) {
      const id = f.id ?? newId('F');
      const file: FakeFile = {
        id,
        name: f.name,
        title: f.title ?? f.name,
        mimetype: f.mimetype ?? guessMime(f.name),
        filetype: f.filetype ?? f.name.split('.').pop() ?? 'text',
        content: Buffer.from(f.content),
        user: f.user ?? 'U0SECRETARIAT',
        channels: f.channels ?? [],
        loginPage: f.loginPage ?? false,
        uploaded: true,
        created: f.created ?? Math.floor(Date.now() / 1000),
        ...(f.external ? { external: true } : {}),
      };
      files.set(id, file);
      return { ...file, urlPrivate: urlPrivate(file) };
    },
    fileObject,
    responseUrl(channel) {
      const id = randomBytes(9).toString('hex');
      responseUrls.set(id, { channel, uses: 0 });
      return `${base}/respond/${id}`;
    },
    fail(target, fault, times = 1) {
      faults.push({ target, fault, times });
    },
    clearFaults() {
      faults.length = 0;
    },
    close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Decodes Web API arguments from any of the encodings clients use. */
function parseArgs(raw: Buffer, contentType: string, url: URL): Record<string, unknown> {
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (contentType.startsWith('application/json')) {
    try {
      Object.assign(args, JSON.parse(raw.toString('utf8')) as Record<string, unknown>);
    } catch {
      args.__invalid_json = true;
    }
    return args;
  }
  if (contentType.startsWith('multipart/form-data')) {
    for (const part of parseMultipart(raw, contentType)) {
      args[part.name] =
        part.filename === undefined ? decodeJsonField(part.name, part.data.toString('utf8')) : part.data;
    }
    return args;
  }
  for (const [k, v] of Object.entries(parseQuery(raw.toString('utf8')))) {
    args[k] = typeof v === 'string' ? decodeJsonField(k, v) : v;
  }
  return args;
}

/** Arguments the client sends as JSON strings inside a form. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'files', 'metadata']);

function decodeJsonField(key: string, value: string): unknown {
  if (!JSON_FIELDS.has(key)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function guessMime(name: string): string {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  const known: Record<string, string> = {
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    pdf: 'application/pdf',
    txt: 'text/plain',
    md: 'text/markdown',
    html: 'text/html',
    ics: 'text/calendar',
    eml: 'message/rfc822',
  };
  return known[ext] ?? 'application/octet-stream';
}
