import type { Actor, AppDeps, Scope } from '../../core/app/context.js';
import { tenantFor } from '../../core/app/context.js';
import { MAIL_STAFF_ROLE } from '../../core/app/mail-ingest.js';
import { followProcess, queueTrouble, setStaff, updateSubscription } from '../../core/app/setup.js';
import type { MailList, MailSetup } from '../../core/email/inbound.js';
import type { Logger } from '../../core/ports/index.js';
import { channelPlatform } from '../../core/store.js';

/**
 * The lists of MAIL_LISTS in the store: each list's tenant and process, its address bound as
 * an `email` channel, and its staff role. Run at every start, idempotently.
 */

/** The actor the configuration acts as when it sets lists up (the operator's authority). */
const CONFIGURATION: Actor = {
  userId: 'configuration',
  displayName: 'Rapporteur configuration',
  platformRoleIds: [],
  isAdmin: true,
};

export interface MailListsOptions {
  deps: AppDeps;
  setup: MailSetup;
  logger: Logger;
  /** The zone a process created for a list starts in. */
  defaultTimeZone?: string | undefined;
  /** MAIL_DIGEST_HOUR: the configuration alone decides a list's digest. */
  digestHour?: number | undefined;
}

export interface MailLists {
  /** The scope of a list's mail: its tenant, with the list address as the channel. */
  scopeOf(list: MailList): Promise<Scope>;
  /** Sets every list up in the store (see `EmailBot.prepare`). */
  prepare(): Promise<void>;
}

export function createMailLists(options: MailListsOptions): MailLists {
  const { deps, setup, logger } = options;

  /** The tenant a list's mail acts in, without a channel (for creating its process). */
  async function tenantScopeOf(list: MailList): Promise<Scope> {
    if (!list.tenant.shared) return { platform: 'email', tenantExternalId: list.key, tenantName: list.key };
    // The chat platform names its server or workspace: keep that name rather than overwrite it.
    const known = await deps.store.findTenant(list.tenant.platform, list.tenant.externalId);
    const kind = list.tenant.platform === 'discord' ? 'Discord server' : 'Slack workspace';
    return {
      platform: list.tenant.platform,
      tenantExternalId: list.tenant.externalId,
      tenantName: known?.name ?? `${kind} ${list.tenant.externalId}`,
    };
  }

  async function scopeOf(list: MailList): Promise<Scope> {
    return { ...(await tenantScopeOf(list)), channelId: list.address, channelName: list.address };
  }

  /** One list: its process (created on first use), its channel, its staff and its digest. */
  async function setUpList(list: MailList): Promise<string> {
    const scope = await scopeOf(list);
    const { tenant, store } = await tenantFor(deps, scope);
    let process = await store.findProcess(list.process);
    if (!process) {
      const zone = options.defaultTimeZone;
      ({ process } = await followProcess(deps, await tenantScopeOf(list), CONFIGURATION, {
        name: list.process,
        ...(zone ? { settings: { defaultTimeZone: zone } } : {}),
      }));
    }
    let channel = await store.findChannel(list.address);
    if (!channel) {
      // Bound as an e-mail channel from its first moment, so that in a Discord or Slack
      // tenant no alert is ever addressed to it on the tenant's own platform.
      channel = await store.bindChannel({
        processId: process.id,
        platformChannelId: list.address,
        name: list.address,
        platform: 'email',
      });
    }
    if (channel.processId !== process.id || !(await store.getSubscription(channel.id))) {
      await followProcess(deps, scope, CONFIGURATION, { name: list.process });
      logger.info({ list: list.key, tenant: list.tenant.platform }, 'the list follows its process');
    }
    if (channelPlatform(channel, tenant) !== 'email') {
      await store.bindChannel({
        processId: process.id,
        platformChannelId: list.address,
        platform: 'email',
      });
    }
    await setStaff(deps, scope, CONFIGURATION, {
      principal: { kind: 'platform-role', id: MAIL_STAFF_ROLE },
      grant: true,
    });
    // The configuration is the only authority over a list's digest: nobody administers a
    // list tenant by mail, so removing MAIL_DIGEST_HOUR turns the digest off again.
    const hour = options.digestHour ?? null;
    const bound = await store.findChannel(list.address);
    const subscription = bound ? await store.getSubscription(bound.id) : undefined;
    if (subscription && subscription.digestHour !== hour) {
      await updateSubscription(deps, scope, CONFIGURATION, { digestHour: hour });
    }
    return tenant.id;
  }

  /**
   * Unbinds each list's address from tenants it no longer feeds (MAIL_LISTS moved it), which
   * would otherwise keep sending it their reminders and alerts: the list's own tenant once it
   * feeds a chat tenant, and chat tenants where the bot had bound it as an `email` channel.
   * Other tenants of lists are left alone: there, an operator may have made one list's address
   * follow another list's process on purpose.
   */
  async function releaseMovedLists(homes: ReadonlyMap<string, string>): Promise<void> {
    for (const tenant of await deps.store.listTenants()) {
      const isOwn = (list: MailList) => tenant.platform === 'email' && tenant.externalId === list.key;
      const candidates = setup.lists.filter(
        (list) => homes.get(list.address) !== tenant.id && (tenant.platform !== 'email' || isOwn(list)),
      );
      if (candidates.length === 0) continue;
      // One read per tenant: a server follows few channels, and starts must stay quick with thousands.
      const store = deps.store.tenant(tenant.id);
      const channels = await store.listChannels();
      for (const list of candidates) {
        const channel = channels.find((c) => c.platformChannelId === list.address);
        if (!channel || (!isOwn(list) && channel.platform !== 'email')) continue;
        await deps.queue.scheduleDigest(tenant.id, channel.id, null).catch((err) => queueTrouble(deps, err));
        await store.unbindChannel(channel.id);
        logger.info(
          { list: list.key, from: tenant.platform, to: list.tenant.platform },
          'the list feeds another tenant now; released its channel in the one it fed before',
        );
      }
    }
  }

  return {
    scopeOf,
    async prepare() {
      const homes = new Map<string, string>();
      for (const list of setup.lists) homes.set(list.address, await setUpList(list));
      await releaseMovedLists(homes);
    },
  };
}
