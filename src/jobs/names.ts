import { z } from 'zod';

/**
 * Queue names, job data schemas and job ids. Job data carries ids and instants only, never
 * message content, document text, addresses or secrets: every processor re-reads the store,
 * so a job that waited while things changed acts on the current state.
 */

/** The four queues of the job layer. */
export const QUEUES = {
  reminders: 'reminders',
  deliveries: 'deliveries',
  watches: 'watches',
  digests: 'digests',
} as const;

/** A queue name. */
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** All queue names, in the order the worker starts them. */
export const QUEUE_NAMES: readonly QueueName[] = [
  QUEUES.reminders,
  QUEUES.deliveries,
  QUEUES.watches,
  QUEUES.digests,
];

const id = z.string().min(1).max(200);

/** A reminder's job: fire the reminder if it is still due at `dueAt`. */
export const reminderJobSchema = z.strictObject({ tenantId: id, reminderId: id, dueAt: z.iso.datetime() });
/** A delivery's job: send the claimed delivery unless it was sent already. */
export const deliveryJobSchema = z.strictObject({ tenantId: id, deliveryId: id });
/** A watch scheduler's job: check the watched URL. */
export const watchJobSchema = z.strictObject({ tenantId: id, watchId: id });
/** A digest scheduler's job: plan today's digest for the channel. */
export const digestJobSchema = z.strictObject({ tenantId: id, channelId: id });

export type ReminderJob = z.infer<typeof reminderJobSchema>;
export type DeliveryJob = z.infer<typeof deliveryJobSchema>;
export type WatchJob = z.infer<typeof watchJobSchema>;

/**
 * BullMQ refuses custom ids containing ':' (its own key separator), so every part is
 * URI-encoded (which also escapes the `|` separator) before joining.
 */
const joinId = (...parts: string[]) => parts.map((p) => encodeURIComponent(p)).join('|');

/** Deterministic job and scheduler ids. */
export const jobIds = {
  /** Tenant + reminder + due time: a moved reminder gets a new job, and the old one is removed. */
  reminder: (tenantId: string, reminderId: string, dueAt: string) =>
    joinId('rem', tenantId, reminderId, String(Date.parse(dueAt))),
  delivery: (tenantId: string, deliveryId: string) => joinId('dlv', tenantId, deliveryId),
  watchScheduler: (tenantId: string, watchId: string) => joinId('watch', tenantId, watchId),
  digestScheduler: (tenantId: string, channelId: string) => joinId('digest', tenantId, channelId),
};

/** Splits a scheduler id made by `jobIds` back into its kind, tenant and subject. */
export function parseSchedulerId(
  schedulerId: string,
): { kind: 'watch' | 'digest'; tenantId: string; subjectId: string } | undefined {
  const parts = schedulerId.split('|');
  if (parts.length !== 3) return undefined;
  const [kind, tenantId, subjectId] = parts.map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return '';
    }
  }) as [string, string, string];
  if ((kind !== 'watch' && kind !== 'digest') || !tenantId || !subjectId) return undefined;
  return { kind, tenantId, subjectId };
}
