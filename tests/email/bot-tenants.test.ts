import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailBot, type EmailBot } from '../../src/bots/email/index.js';
import { loadConfig } from '../../src/config.js';
import type { Actor, Scope } from '../../src/core/app/context.js';
import { followProcess } from '../../src/core/app/setup.js';
import type { InboundMail, OutboundMail, SentMail } from '../../src/core/ports/index.js';
import { channelPlatform, type Platform } from '../../src/core/store.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { type LogLine, recordingLogger } from '../helpers/recording-logger.js';
import { buildMail } from './mime.js';

/**
 * Which tenant a list lives in, as MAIL_LISTS changes between starts: its own, a Discord
 * server's, another server's, its own again. At every start the list address is a channel of
 * exactly the tenant it feeds (and an e-mail channel there), every other binding the bot made
 * earlier is released, and what people or operators set up themselves is left alone. Mail to
 * the bot about a list acts in the tenant the list feeds. No servers: a SQLite store, no
 * queue, answers recorded at the MailSender port.
 */

const BOT = 'rapporteur@bot.example.org';
const WSIS = 'wsis@lists.example.org';
const OBSERVERS = 'observers@lists.example.org';
const GUILD_A = '81384788765712384';
const GUILD_B = '41771983423143937';
const admin: Actor = { userId: '80351110224678912', platformRoleIds: [], isAdmin: true };

let dataDir: string;
let runtime: Runtime;
let bot: EmailBot | undefined;
const lines: LogLine[] = [];
const logger = recordingLogger(lines);
const sent: OutboundMail[] = [];
let uid = 0;

/** Starts (prepares) a bot as if the process restarted with this MAIL_LISTS. */
async function restartWith(mailLists: string): Promise<EmailBot> {
  await bot?.stop();
  const lists = loadConfig({ ...env(), MAIL_LISTS: mailLists }).email?.lists ?? [];
  const email = runtime.config.email;
  if (!email) throw new Error('the e-mail configuration is missing');
  bot = createEmailBot({
    runtime: { ...runtime, config: { ...runtime.config, email: { ...email, lists } } },
    logger,
    sender: {
      async send(mail: OutboundMail): Promise<SentMail> {
        sent.push(mail);
        return { messageId: `<answer-${sent.length}@bot.example.org>`, accepted: mail.to, rejected: [] };
      },
    },
  });
  await bot.prepare();
  return bot;
}

function env() {
  return {
    RAPPORTEUR_DATA_DIR: dataDir,
    RAPPORTEUR_DEFAULT_TZ: 'Europe/Zurich',
    LOG_LEVEL: 'silent',
    IMAP_HOST: '127.0.0.1',
    IMAP_USER: 'rapporteur',
    IMAP_PASSWORD: 'unused',
    SMTP_HOST: '127.0.0.1',
    MAIL_FROM: BOT,
    MAIL_LISTS: `${WSIS}=WSIS+10 Vision`,
    MAIL_STAFF: '@wsis.example',
    MAIL_AUTHSERV_IDS: 'mx.bot.example.org',
  };
}

/** Where each address is bound: `platform:externalId -> [address, channel platform]`. */
async function bindings(): Promise<Record<string, Array<[string, Platform]>>> {
  const out: Record<string, Array<[string, Platform]>> = {};
  for (const tenant of await runtime.store.listTenants()) {
    const channels = await runtime.store.tenant(tenant.id).listChannels();
    const found = channels
      .filter((c) => c.platformChannelId.includes('@'))
      .map((c): [string, Platform] => [c.platformChannelId, channelPlatform(c, tenant)])
      .sort();
    if (found.length > 0) out[`${tenant.platform}:${tenant.externalId}`] = found;
  }
  return out;
}

const released = () => lines.filter((l) => /feeds another tenant now/.test(l.msg)).map((l) => l.obj);

function command(subject: string, to = BOT): InboundMail {
  const raw = new TextEncoder().encode(
    buildMail(
      {
        From: 'Amina Diallo <amina@civil.example.org>',
        // Commands are answered (and run) only for senders the bot's mail server verified.
        'Authentication-Results': 'mx.bot.example.org; dmarc=pass header.from=civil.example.org',
        To: to,
        Subject: subject,
        'Message-ID': `<cmd-${++uid}@civil.example.org>`,
      },
      '',
    ),
  );
  return { source: 'test', mailbox: 'INBOX', uid, uidValidity: '1', size: raw.byteLength, raw };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rapporteur-email-tenants-'));
  runtime = await createRuntime(loadConfig(env()), { role: 'bot', queue: 'off', logger });
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await runtime?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the tenant a list feeds, across restarts with another MAIL_LISTS', () => {
  it('starts in the list’s own tenant, where an operator also binds the observers’ list', async () => {
    await restartWith(`${WSIS}=WSIS+10 Vision`);
    // On purpose: the observers' list hears what the WSIS list's process says.
    const own: Scope = { platform: 'email', tenantExternalId: WSIS, tenantName: WSIS, channelId: OBSERVERS };
    await followProcess(runtime.deps, own, admin, { name: 'WSIS+10 Vision' });
    expect(await bindings()).toEqual({
      [`email:${WSIS}`]: [
        [OBSERVERS, 'email'],
        [WSIS, 'email'],
      ],
    });
  });

  it('moves into a Discord server: an e-mail channel there, released from its own tenant', async () => {
    const room: Scope = {
      platform: 'discord',
      tenantExternalId: GUILD_A,
      tenantName: 'WSIS+10 civil society caucus',
      channelId: '112233445566778899',
    };
    await followProcess(runtime.deps, room, admin, { name: 'WSIS+10 Vision' });
    await restartWith(
      `${WSIS}=discord:${GUILD_A}/WSIS+10 Vision; ${OBSERVERS}=discord:${GUILD_A}/WSIS+10 Vision`,
    );
    // In the WSIS list's own tenant only its own address is released: the operator bound the
    // observers' list there on purpose, and that stays until the operator undoes it.
    expect(await bindings()).toEqual({
      [`email:${WSIS}`]: [[OBSERVERS, 'email']],
      [`discord:${GUILD_A}`]: [
        [OBSERVERS, 'email'],
        [WSIS, 'email'],
      ],
    });
    expect(released()).toEqual([expect.objectContaining({ list: WSIS, from: 'email', to: 'discord' })]);
    const server = await runtime.store.findTenant('discord', GUILD_A);
    expect(server?.name).toBe('WSIS+10 civil society caucus');
    const t = runtime.store.tenant(server?.id ?? '');
    const [process] = await t.listProcesses();
    // The server's own channel still follows, beside the two lists.
    expect((await t.listChannels(process?.id)).map((c) => c.platformChannelId).sort()).toEqual([
      '112233445566778899',
      OBSERVERS,
      WSIS,
    ]);
  });

  it('mail to the bot about a list acts in the server: settings there, never administration', async () => {
    const wsisAlias = 'rapporteur+wsis@bot.example.org';
    const outcome = await bot?.handle(command('rapporteur timezone Australia/Sydney', wsisAlias));
    expect(outcome).toMatchObject({ kind: 'answered' });
    const server = await runtime.store.findTenant('discord', GUILD_A);
    const person = await runtime.store.tenant(server?.id ?? '').getPerson('amina@civil.example.org');
    expect(person?.timeZone).toBe('Australia/Sydney');
    const own = await runtime.store.findTenant('email', WSIS);
    expect(await runtime.store.tenant(own?.id ?? '').getPerson('amina@civil.example.org')).toBeUndefined();
    // Nobody administers by mail: not the list's own tenant, not the server.
    await bot?.handle(command('rapporteur follow CSTD working group', wsisAlias));
    expect(sent.at(-1)?.reply.summary).toMatch(/Only administrators/);
    expect(await runtime.store.tenant(server?.id ?? '').findProcess('CSTD working group')).toBeUndefined();
  });

  it('moves to another server: released from the first, whose own channel keeps following', async () => {
    await restartWith(
      `${WSIS}=discord:${GUILD_B}/WSIS+10 Vision; ${OBSERVERS}=discord:${GUILD_A}/WSIS+10 Vision`,
    );
    expect(await bindings()).toEqual({
      [`email:${WSIS}`]: [[OBSERVERS, 'email']],
      [`discord:${GUILD_A}`]: [[OBSERVERS, 'email']],
      [`discord:${GUILD_B}`]: [[WSIS, 'email']],
    });
    expect(released().at(-1)).toMatchObject({ list: WSIS, from: 'discord', to: 'discord' });
    const a = await runtime.store.findTenant('discord', GUILD_A);
    expect(await runtime.store.tenant(a?.id ?? '').findChannel('112233445566778899')).toBeDefined();
    // A server the bot meets first through MAIL_LISTS gets a name until Discord tells its own.
    expect((await runtime.store.findTenant('discord', GUILD_B))?.name).toBe(`Discord server ${GUILD_B}`);
  });

  it('comes home to its own tenant: released from the server, and the same start twice changes nothing', async () => {
    await restartWith(`${WSIS}=WSIS+10 Vision; ${OBSERVERS}=discord:${GUILD_A}/WSIS+10 Vision`);
    const home = await bindings();
    expect(home).toEqual({
      [`email:${WSIS}`]: [
        [OBSERVERS, 'email'],
        [WSIS, 'email'],
      ],
      [`discord:${GUILD_A}`]: [[OBSERVERS, 'email']],
    });
    expect(released().at(-1)).toMatchObject({ list: WSIS, from: 'discord', to: 'email' });
    const count = released().length;
    await restartWith(`${WSIS}=WSIS+10 Vision; ${OBSERVERS}=discord:${GUILD_A}/WSIS+10 Vision`);
    expect(await bindings()).toEqual(home);
    expect(released()).toHaveLength(count);
  });
});
