import { RapporteurError } from '../errors.js';
import type { Clock, Extractor, JobQueue, Logger, Store, TenantStore, WebAccess } from '../ports/index.js';
import type { Platform, ProcessRecord, TenantRecord } from '../store.js';
import type { Engines } from './engines.js';

/**
 * What every use case receives. Adapters and jobs build one `AppDeps` at start-up
 * (src/runtime.ts) and pass a `Scope` and an `Actor` per request.
 */
export interface AppDeps {
  store: Store;
  queue: JobQueue;
  extractor: Extractor;
  /** Where the CPU-heavy engines run (the runtime's work pool); in this thread when absent. */
  engines?: Engines;
  clock: Clock;
  logger: Logger;
  /** Operator-chosen defaults (from configuration). */
  defaults?: { watchIntervalMinutes?: number };
  /**
   * Refuses (PERMISSION_DENIED, saying why) an address the watcher would never fetch, such as
   * a loopback or private one, so a watch is refused when it is added rather than failing
   * later in the background. Every fetch checks again.
   */
  checkWatchTarget?: (url: string) => Promise<void>;
  /** The web pages, when they are switched on: links in replies and `/rapporteur web`. */
  web?: WebAccess;
}

/** Who is asking. Platform facts only; what they may do is decided here, in the core. */
export interface Actor {
  /** Platform user id (Discord/Slack user id, e-mail address, `console`). */
  userId: string;
  displayName?: string;
  /** Platform roles the user holds (Discord role ids, Slack user group ids). */
  platformRoleIds: readonly string[];
  /**
   * The platform says this user administers the tenant (Discord Manage Server, a Slack
   * workspace admin, the local console user). Administrators set up processes and roles.
   */
  isAdmin: boolean;
}

/** Where a request comes from. */
export interface Scope {
  platform: Platform;
  /** The tenant's platform id (guild id, team id, list address, `local`). */
  tenantExternalId: string;
  tenantName: string;
  /** The platform channel id the request was made in, when there is one. */
  channelId?: string;
  channelName?: string;
}

/** A resolved request: the tenant's store and, when the channel follows one, its process. */
export interface Resolved {
  tenant: TenantRecord;
  store: TenantStore;
  process: ProcessRecord;
}

/** Finds or creates the tenant for a scope. */
export async function tenantFor(
  deps: AppDeps,
  scope: Scope,
): Promise<{ tenant: TenantRecord; store: TenantStore }> {
  const tenant = await deps.store.ensureTenant({
    platform: scope.platform,
    externalId: scope.tenantExternalId,
    name: scope.tenantName,
  });
  return { tenant, store: deps.store.tenant(tenant.id) };
}

/**
 * Resolves the process a request is about: the one named, else the one the channel
 * follows, else the only process of the tenant. Fails with a message that says how to
 * follow a process when there is none.
 */
export async function resolveProcess(deps: AppDeps, scope: Scope, processName?: string): Promise<Resolved> {
  const { tenant, store } = await tenantFor(deps, scope);
  if (processName) {
    const process = await store.findProcess(processName);
    if (!process) {
      const known = (await store.listProcesses()).map((p) => p.name);
      throw new RapporteurError('NOT_FOUND', `No process called "${processName}" is followed here.`, {
        hint: known.length
          ? `Known processes: ${known.join(', ')}.`
          : 'Follow one first, e.g. `/rapporteur follow WSIS+10 Vision`.',
      });
    }
    return { tenant, store, process };
  }
  if (scope.channelId) {
    const channel = await store.findChannel(scope.channelId);
    if (channel) {
      const process = await store.getProcess(channel.processId);
      if (process) return { tenant, store, process };
    }
  }
  const all = await store.listProcesses();
  if (all.length === 1) return { tenant, store, process: all[0] as ProcessRecord };
  throw new RapporteurError(
    'NOT_FOUND',
    all.length === 0 ? 'No negotiation is followed here yet.' : 'This channel follows no process.',
    {
      hint:
        all.length === 0
          ? 'Start with `/rapporteur follow WSIS+10 Vision` (administrators).'
          : `Run \`/rapporteur follow <process>\` in this channel, or name one of: ${all.map((p) => p.name).join(', ')}.`,
    },
  );
}

/** Throws PERMISSION_DENIED unless the actor administers the tenant. */
export function requireAdmin(actor: Actor, what: string): void {
  if (!actor.isAdmin) {
    throw new RapporteurError(
      'PERMISSION_DENIED',
      `Only administrators of this server or workspace may ${what}.`,
      {
        hint: 'Ask an administrator to do it.',
      },
    );
  }
}

/**
 * Throws PERMISSION_DENIED unless the actor may post official versions and announcements
 * for the process: holders of the `poster` role (chairs' staff) and administrators.
 * This is the check that counts; platform command permissions are only a convenience.
 */
export async function requirePoster(
  store: TenantStore,
  process: ProcessRecord,
  actor: Actor,
  what: string,
): Promise<void> {
  if (actor.isAdmin) return;
  const allowed = await store.hasRole({
    processId: process.id,
    userId: actor.userId,
    platformRoleIds: actor.platformRoleIds,
    role: 'poster',
  });
  if (!allowed) {
    throw new RapporteurError('PERMISSION_DENIED', `Only the chairs' staff of ${process.name} may ${what}.`, {
      hint: "Ask an administrator to give you the chairs' staff role (`/rapporteur staff add`).",
    });
  }
}

/**
 * The process a staff-only use case acts on: {@link resolveProcess}, then {@link requirePoster}
 * with `what` the actor wanted to do ("post official versions").
 */
export async function resolveAsPoster(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  processName: string | undefined,
  what: string,
): Promise<Resolved> {
  const resolved = await resolveProcess(deps, scope, processName);
  await requirePoster(resolved.store, resolved.process, actor, what);
  return resolved;
}

/** A file as an adapter hands it over: already downloaded within the platform's limits. */
export interface UploadedFile {
  name: string;
  contentType?: string;
  bytes: Uint8Array;
}
