import { messageOf } from '../../errors.js';
import type { DocumentRecord, ProcessRecord, VersionRecord } from '../../store.js';
import { deliveryKeys, payloadRefs } from '../alerts.js';
import { type Actor, type AppDeps, resolveAsPoster, type Scope } from '../context.js';
import { type ChangePayload, CONTRACTS_VERSION } from '../contracts.js';
import { selectDocument, selectVersion } from './versions.js';
import { quoteArg, versionRef } from './wording.js';

/** Withdrawing a version posted by mistake, and telling the channels that heard of it. */

export interface WithdrawResult {
  process: ProcessRecord;
  document: DocumentRecord;
  version: VersionRecord;
  /** The version that now counts as the latest, if any is left. */
  current: VersionRecord | null;
  /** Channels that had been alerted about the version and are told it was withdrawn. */
  told: number;
}

/** The steps of a withdrawal: the version marked withdrawn and its change logged, then its alerts claimed. */
export type WithdrawStep = 'withdrawn' | 'claimed';

/**
 * Test seams: called after each step. `withdrawn` runs inside the store transaction, between
 * the change entry and the delivery claims (a throw there rolls all of it back, as a crash
 * would); `claimed` runs after the commit, before the queue is told.
 */
export interface WithdrawHooks {
  afterStep?(step: WithdrawStep): void | Promise<void>;
}

/**
 * Withdraws a posted version (chairs' staff only): it no longer counts for status,
 * comparisons or bracket age, its original and caches stay stored for audit, and the
 * channels that were alerted about it are told. The withdrawal, its change entry and one
 * delivery claim per alerted channel commit in one transaction; the queue is told after
 * (a queue that missed it is rebuilt from the pending claims).
 */
export async function withdrawDraftVersion(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  input: {
    version: string;
    document?: string | undefined;
    reason?: string | undefined;
    process?: string | undefined;
  },
  hooks: WithdrawHooks = {},
): Promise<WithdrawResult> {
  const resolved = await resolveAsPoster(deps, scope, actor, input.process, 'withdraw versions');
  const { store, process } = resolved;
  const document = await selectDocument(store, process, input.document);
  const version = await selectVersion(store, document, input.version);
  const reason = input.reason?.trim() ? input.reason.trim().slice(0, 500) : null;
  const current = (await store.listVersions(document.id)).filter((v) => v.id !== version.id).pop() ?? null;

  // Who was told about the version: the channels holding its alert.
  const alerted: string[] = [];
  if (version.changeId !== null) {
    for (const channel of await store.listChannels()) {
      const key = deliveryKeys.alert('draftChanges', version.changeId, channel.id);
      if (await store.findDelivery(key)) alerted.push(channel.id);
    }
  }
  const lines = [
    `Withdrawn by chairs' staff${reason ? `: ${reason}` : '.'}`,
    current
      ? `Status and comparisons now use #${current.sequence} "${current.label}".`
      : `No version of ${document.name} is left.`,
  ];
  const payload: ChangePayload = {
    v: CONTRACTS_VERSION,
    data: {
      ...versionRef(document, version),
      withdrawn: true,
      reason,
      current: current ? { sequence: current.sequence, label: current.label } : null,
    },
    alert: {
      title: `${document.name}: version #${version.sequence} "${version.label}" withdrawn in ${process.name}`,
      tone: 'warning',
      lines,
      actions: current
        ? [
            {
              command: `brackets status document:${quoteArg(document.name)}`,
              label: 'What is still bracketed',
            },
          ]
        : [],
      threadKey: `document:${document.id}`,
    },
  };
  const { version: withdrawn, claimed } = await store.withdrawVersion(version.id, {
    by: actor.userId,
    reason,
    at: deps.clock.now(),
    change: {
      processId: process.id,
      kind: 'draft.withdrawn',
      subject: document.id,
      payload,
      createdAt: deps.clock.now(),
    },
    claims: async (change) => {
      await hooks.afterStep?.('withdrawn');
      return alerted.map((channelId) => ({
        key: deliveryKeys.alert('draftChanges', change.id, channelId),
        target: { kind: 'channel', id: channelId },
        kind: 'draft-change',
        payloadRef: payloadRefs.change.encode({ processId: process.id, changeId: change.id }),
      }));
    },
  });
  await hooks.afterStep?.('claimed');
  if (claimed.length > 0) {
    try {
      await deps.queue.enqueueDeliveries(
        store.tenantId,
        claimed.map((d) => d.id),
      );
    } catch (err) {
      deps.logger.warn(
        { tenant: store.tenantId, error: messageOf(err) },
        'could not enqueue withdrawal alerts; they are pending in the store for the queue rebuild',
      );
    }
  }
  deps.logger.info(
    { tenant: store.tenantId, document: document.id, sequence: version.sequence, told: alerted.length },
    'draft version withdrawn',
  );
  return { process, document, version: withdrawn, current, told: alerted.length };
}
