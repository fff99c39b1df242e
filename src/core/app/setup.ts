import { z } from 'zod';
import { messageOf, RapporteurError } from '../errors.js';
import { findLookAlike, lookAlikeError, normaliseProcessName } from '../process-names.js';
import {
  type ChannelRecord,
  isValidTimeZone,
  type PersonRecord,
  type ProcessRecord,
  type ProcessSettings,
  type RoleGrantRecord,
  type SubscriptionRecord,
  type SubscriptionSettings,
  slugOf,
} from '../store.js';
import { type Actor, type AppDeps, requireAdmin, resolveProcess, type Scope, tenantFor } from './context.js';
import { syncMeetingReminders } from './reminders.js';

/**
 * Setting up: following a process in a channel, choosing what the channel hears about,
 * naming the chairs' staff, and each person's time zone and reminder preferences.
 */

/** What a newly followed channel hears about until someone changes it. */
export const DEFAULT_SUBSCRIPTION: SubscriptionSettings = {
  draftChanges: true,
  scheduleChanges: true,
  reminders: true,
  digestHour: null,
  digestZone: null,
};

export interface FollowResult {
  process: ProcessRecord;
  channel: ChannelRecord | null;
  subscription: SubscriptionRecord | null;
  createdProcess: boolean;
}

/**
 * Makes the request's channel follow a process, creating the process when it is new.
 * A new channel starts subscribed to draft changes, schedule changes and reminders.
 */
export async function followProcess(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  input: { name: string; settings?: Partial<ProcessSettings> },
): Promise<FollowResult> {
  requireAdmin(actor, 'choose which negotiation a channel follows');
  // Normalised and checked here (a refusal says why); the store checks again and refuses a
  // name that looks like another of the tenant's processes, naming it.
  const name = normaliseProcessName(input.name);
  const { store } = await tenantFor(deps, scope);
  let process = await store.findProcess(name);
  let createdProcess = false;
  if (!process) {
    const twin = findLookAlike(name, slugOf(name), await store.listProcesses());
    if (twin) throw lookAlikeError(name, twin);
    process = await store.createProcess({ name, ...(input.settings ? { settings: input.settings } : {}) });
    createdProcess = true;
  } else if (input.settings) {
    process = await store.updateProcess(process.id, { settings: input.settings });
  }
  if (!scope.channelId) return { process, channel: null, subscription: null, createdProcess };
  const existing = await store.findChannel(scope.channelId);
  const channel = await store.bindChannel({
    processId: process.id,
    platformChannelId: scope.channelId,
    name: scope.channelName ?? null,
  });
  const subscription =
    existing && existing.processId === process.id
      ? ((await store.getSubscription(channel.id)) ??
        (await store.setSubscription(channel.id, DEFAULT_SUBSCRIPTION)))
      : await store.setSubscription(channel.id, DEFAULT_SUBSCRIPTION);
  deps.logger.info(
    { tenant: scope.tenantExternalId, process: process.id, createdProcess },
    'channel follows process',
  );
  return { process, channel, subscription, createdProcess };
}

/** Stops the request's channel following its process (the process and its history stay). */
export async function unfollowProcess(deps: AppDeps, scope: Scope, actor: Actor): Promise<ProcessRecord> {
  requireAdmin(actor, 'stop a channel following a negotiation');
  const { store, process } = await resolveProcess(deps, scope);
  const channel = scope.channelId ? await store.findChannel(scope.channelId) : undefined;
  if (!channel) {
    throw new RapporteurError('NOT_FOUND', 'This channel does not follow a process.', {
      hint: 'Nothing to undo here.',
    });
  }
  await deps.queue.scheduleDigest(store.tenantId, channel.id, null).catch((err) => queueTrouble(deps, err));
  await store.unbindChannel(channel.id);
  return process;
}

export const subscriptionPatchSchema = z
  .object({
    draftChanges: z.boolean().optional(),
    scheduleChanges: z.boolean().optional(),
    reminders: z.boolean().optional(),
    digestHour: z.number().int().min(0).max(23).nullable().optional(),
    digestZone: z
      .string()
      .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Zurich')
      .nullable()
      .optional(),
  })
  .strict();

/** Changes what the request's channel hears about; a digest hour schedules the daily digest. */
export async function updateSubscription(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  patch: z.input<typeof subscriptionPatchSchema>,
): Promise<{ process: ProcessRecord; subscription: SubscriptionRecord }> {
  requireAdmin(actor, 'change what a channel is told about');
  const parsed = subscriptionPatchSchema.safeParse(patch);
  if (!parsed.success) {
    throw new RapporteurError(
      'INVALID_ARGUMENT',
      `These subscription settings are not valid: ${parsed.error.issues
        .map((i) => `${i.path.join('.') || 'settings'} ${i.message}`)
        .join('; ')}.`,
      { hint: 'See `/rapporteur help rapporteur subscribe` for what can be set.' },
    );
  }
  const clean = parsed.data;
  const { store, process } = await resolveProcess(deps, scope);
  const channel = scope.channelId ? await store.findChannel(scope.channelId) : undefined;
  if (!channel || channel.processId !== process.id) {
    throw new RapporteurError('NOT_FOUND', 'This channel does not follow a process yet.', {
      hint: 'Run `/rapporteur follow <process>` here first.',
    });
  }
  const subscription = await store.setSubscription(channel.id, stripUndefined(clean));
  if (clean.reminders !== undefined) await resyncReminders(deps, store.tenantId, [process.id]);
  const zone = subscription.digestZone ?? process.settings.defaultTimeZone ?? 'UTC';
  await deps.queue
    .scheduleDigest(
      store.tenantId,
      channel.id,
      subscription.digestHour === null ? null : { hour: subscription.digestHour, zone },
    )
    .catch((err) => queueTrouble(deps, err));
  return { process, subscription };
}

/** Changes a process's settings (time zone, venue, holiday region, participants...). */
export async function updateProcessSettings(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  patch: Partial<ProcessSettings>,
): Promise<ProcessRecord> {
  requireAdmin(actor, "change a process's settings");
  const { store, process } = await resolveProcess(deps, scope);
  return store.updateProcess(process.id, { settings: patch });
}

/** Who may post official versions and announcements for the request's process. */
export async function listStaff(
  deps: AppDeps,
  scope: Scope,
): Promise<{ process: ProcessRecord; grants: RoleGrantRecord[] }> {
  const { store, process } = await resolveProcess(deps, scope);
  const grants = (await store.listRoles(process.id)).filter((g) => g.role === 'poster');
  return { process, grants };
}

/** Grants or revokes the chairs' staff role (a platform role or one user) for the process. */
export async function setStaff(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  input: { principal: { kind: 'user' | 'platform-role'; id: string }; grant: boolean },
): Promise<{ process: ProcessRecord; changed: boolean }> {
  requireAdmin(actor, "name the chairs' staff");
  const { store, process } = await resolveProcess(deps, scope);
  if (input.grant) {
    const { created } = await store.grantRole({
      processId: process.id,
      principal: input.principal,
      role: 'poster',
      grantedBy: actor.userId,
      grantedAt: deps.clock.now(),
    });
    return { process, changed: created };
  }
  const grants = (await store.listRoles(process.id)).filter(
    (g) =>
      g.role === 'poster' &&
      g.principal.kind === input.principal.kind &&
      g.principal.id === input.principal.id &&
      g.processId === process.id,
  );
  for (const g of grants) await store.revokeRole(g.id);
  return { process, changed: grants.length > 0 };
}

/** Sets (or with null clears) the actor's own time zone. */
export async function setMyTimeZone(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  zone: string | null,
): Promise<PersonRecord> {
  if (zone !== null && !isValidTimeZone(zone)) {
    throw new RapporteurError('INVALID_ARGUMENT', `"${zone}" is not a time zone I know.`, {
      hint: 'Use an IANA name such as Europe/Zurich, Australia/Sydney or America/Lima.',
    });
  }
  const { store } = await tenantFor(deps, scope);
  const person = await store.setPerson(actor.userId, { timeZone: zone });
  // Personal reminders say times in the person's zone: re-want them with the new zone.
  if (person.reminders.offsetsMinutes?.length && !person.reminders.muted)
    await resyncReminders(deps, store.tenantId);
  return person;
}

/** Turns the actor's personal reminders on (optionally with their own offsets) or off. */
export async function setMyReminders(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  input: { on: boolean; offsetsMinutes?: number[] | null },
): Promise<PersonRecord> {
  const { store } = await tenantFor(deps, scope);
  const person = await store.setPerson(actor.userId, {
    reminders: {
      muted: !input.on,
      ...(input.offsetsMinutes === undefined ? {} : { offsetsMinutes: input.offsetsMinutes }),
    },
  });
  await resyncReminders(deps, store.tenantId);
  return person;
}

/**
 * Brings wanted reminders in line after who wants them changed (a channel subscribed, a
 * person opted in or out): every meeting of the given processes (default: all of the tenant).
 */
export async function resyncReminders(deps: AppDeps, tenantId: string, processIds?: string[]): Promise<void> {
  const store = deps.store.tenant(tenantId);
  const ids = processIds ?? (await store.listProcesses()).map((p) => p.id);
  for (const processId of ids) {
    const meetings = await store.listMeetings(processId);
    if (meetings.length) await syncMeetingReminders(deps, tenantId, processId, meetings);
  }
}

/** The actor's own settings, if they set any. */
export async function getMe(deps: AppDeps, scope: Scope, actor: Actor): Promise<PersonRecord | undefined> {
  const { store } = await tenantFor(deps, scope);
  return store.getPerson(actor.userId);
}

/**
 * The zone a person reads times in: the one they set with /rapporteur timezone, which wins
 * over what their platform says (a Slack profile's zone); undefined when they set none.
 * Looks only: a request never creates its tenant to answer this.
 */
export async function ownTimeZone(deps: AppDeps, scope: Scope, actor: Actor): Promise<string | undefined> {
  const tenant = await deps.store.findTenant(scope.platform, scope.tenantExternalId);
  if (!tenant) return undefined;
  const me = await deps.store.tenant(tenant.id).getPerson(actor.userId);
  return me?.timeZone ?? undefined;
}

/**
 * The queue being down must not fail a user's command: the store already holds what the
 * queue should, and the worker rebuilds the queue from it when it can.
 */
export function queueTrouble(deps: AppDeps, err: unknown): void {
  deps.logger.warn(
    { err: messageOf(err) },
    'queue unavailable; the store keeps the work and the worker will rebuild it',
  );
}

function stripUndefined<T extends Record<string, unknown>>(
  obj: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
