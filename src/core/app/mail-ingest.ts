import type { Document } from '../documents/types.js';
import {
  type DraftAttachment,
  draftNames,
  type MessageContent,
  readMessageContent,
} from '../email/content.js';
import { headerValue, parseAddressList } from '../email/headers.js';
import { type DraftPosters, mayPostDrafts } from '../email/sender-auth.js';
import type { InboundTriage } from '../email/triage.js';
import { isRapporteurError } from '../errors.js';
import type { Logger } from '../ports/index.js';
import { type Actor, type AppDeps, type Resolved, resolveProcess, type Scope } from './context.js';
import { postDraftVersion } from './drafts.js';
import { ingestSource } from './schedule.js';

/**
 * What a mail to a list (or to the bot) may change, decided here rather than in the mail
 * adapter: drafts are posted only for the chairs' staff the bot's own mail server
 * authenticated, and meeting facts in mail sent to the bot directly count only from them;
 * list traffic is read as an announcement whoever sent it (the list itself is the filter).
 * The adapter hands over the extracted message and a way to its attachments' bytes, and
 * acts on the result (counting, answering a refused sender).
 */

/** The platform role given to authenticated chairs' staff senders; granted `poster` per list at start. */
export const MAIL_STAFF_ROLE = 'mail-staff';

/** `MAIL_STAFF` entries: addresses, and whole domains written `@domain`. */
export function postersOf(staff: readonly string[]): DraftPosters {
  return {
    addresses: staff.filter((s) => !s.startsWith('@') && s.includes('@')),
    domains: staff.filter((s) => s.startsWith('@') || !s.includes('@')).map((s) => s.replace(/^@/, '')),
  };
}

/** Whether an address is on the staff list (logged beside a refusal: "on the list, but unproven"). */
export function onStaffList(address: string, posters: DraftPosters): boolean {
  const domain = address.split('@')[1] ?? '';
  return (posters.addresses ?? []).includes(address) || (posters.domains ?? []).includes(domain);
}

/**
 * The Actor of a mail's sender: the `mail-staff` role only for an authenticated sender on
 * the staff list, never an administrator (nobody administers a tenant by mail).
 */
export function mailActor(triage: Pick<InboundTriage, 'headers' | 'sender'>, posters: DraftPosters): Actor {
  const from = parseAddressList(headerValue(triage.headers, 'from') ?? '')[0];
  const staff = mayPostDrafts(triage.sender, posters);
  return {
    userId: triage.sender.address || 'unknown-sender',
    ...(from?.name ? { displayName: from.name.slice(0, 100) } : {}),
    platformRoleIds: staff ? [MAIL_STAFF_ROLE] : [],
    isAdmin: false,
  };
}

/** Whether the Actor is authenticated chairs' staff (see {@link mailActor}). */
export function isMailStaff(actor: Actor): boolean {
  return actor.platformRoleIds.includes(MAIL_STAFF_ROLE);
}

/** One mail's content, as the adapter read it. */
export interface MailIngestInput {
  /** Through the list, or written to the bot directly. */
  via: 'list' | 'direct';
  /** The process the list feeds. */
  process: string;
  /** The whole message, extracted (its `attachments` in MIME order). */
  message: Document;
  /** The decoded subject. */
  subject: string;
  /** One source per sender and thread (see `revisionKeyOf`). */
  revisionKey: string;
  /** When the message was seen (ISO instant). */
  seenAt: string;
  /** The document the operator named for this list's drafts, if any. */
  configuredDocument?: string | undefined;
  /**
   * The bytes of attachment `draft.index`, or undefined when they cannot be matched to what
   * the extractor saw (the draft is then skipped and logged).
   */
  draftBytes(draft: DraftAttachment): Promise<Uint8Array | undefined>;
  /**
   * Called at once when drafts are refused (the sender is not authenticated staff), before
   * anything else in the mail is read: the adapter logs why and may answer the sender.
   */
  onDraftsRefused?(count: number): Promise<void>;
}

/** What {@link ingestMail} did. */
export interface MailIngestResult {
  drafts: { posted: number; refused: number };
  /** Set when an announcement was read (new source or known). */
  announcement?: { created: boolean; changes: number; alerts: number };
  /** The sender sent drafts without being authenticated chairs' staff: nothing was posted. */
  refusedDrafts: boolean;
}

/**
 * Reads one mail into the process its list feeds: drafts from authenticated staff become new
 * versions, meeting facts become (a revision of) a source. Transient trouble is thrown (the
 * reader retries the message); a draft that cannot be posted for a lasting reason is logged
 * and skipped.
 */
export async function ingestMail(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  input: MailIngestInput,
  log: Logger,
): Promise<MailIngestResult> {
  const resolved = await resolveProcess(deps, scope, input.process);
  const settings = resolved.process.settings;
  const content = readMessageContent(input.message, {
    seenAt: input.seenAt,
    defaultTimeZone: settings.defaultTimeZone ?? undefined,
    extraQualifiers: settings.extraQualifiers,
  });
  const staff = isMailStaff(actor);
  const result: MailIngestResult = { drafts: { posted: 0, refused: 0 }, refusedDrafts: false };
  for (const u of content.unreadable)
    log.info({ attachment: u.index, code: u.code }, 'an attachment could not be read');

  if (content.drafts.length > 0 && !staff) {
    result.drafts.refused = content.drafts.length;
    result.refusedDrafts = true;
    await input.onDraftsRefused?.(content.drafts.length);
  } else if (content.drafts.length > 0) {
    result.drafts.posted = await postDrafts(deps, scope, actor, resolved, content, input, log);
  }

  const announcement = content.announcement;
  if (announcement && (input.via === 'list' || staff)) {
    const name =
      announcement.part === 'attachment'
        ? `${input.subject || 'e-mail'} (${announcement.filename})`
        : input.subject || `e-mail of ${input.seenAt.slice(0, 10)}`;
    const ingested = await ingestSource(deps, resolved, {
      document: announcement.document,
      source: {
        kind: 'email',
        name: name.slice(0, 300),
        revisionKey: input.revisionKey,
        seenAt: input.seenAt,
      },
    });
    result.announcement = {
      created: ingested.created,
      changes: ingested.changes.length,
      alerts: ingested.alerts,
    };
    log.info(
      {
        part: announcement.part,
        created: ingested.created,
        claims: ingested.claims.length,
        changes: ingested.changes.map((c) => c.kind),
        alerts: ingested.alerts,
      },
      ingested.created ? 'recorded an announcement from mail' : 'an announcement already known',
    );
  } else if (announcement) {
    log.info(
      { part: announcement.part },
      'meeting facts in direct mail from someone not on the staff; ignored',
    );
  } else if (content.drafts.length === 0) {
    log.debug({}, 'nothing to read in this message');
  }
  return result;
}

/** Posts each draft attachment as a version; returns how many were new. */
async function postDrafts(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  resolved: Resolved,
  content: MessageContent,
  input: MailIngestInput,
  log: Logger,
): Promise<number> {
  let posted = 0;
  const documents = (await resolved.store.listDocuments(resolved.process.id)).map((d) => d.name);
  for (const draft of content.drafts) {
    const bytes = await input.draftBytes(draft);
    if (!bytes) {
      log.error({ attachment: draft.index }, 'a draft attachment could not be matched to its bytes; skipped');
      continue;
    }
    const names = draftNames({
      subject: input.subject,
      filename: draft.filename,
      configured: input.configuredDocument,
      known: documents,
    });
    try {
      const version = await postDraftVersion(deps, scope, actor, {
        document: names.document,
        label: names.label,
        process: input.process,
        file: { name: draft.filename, contentType: draft.contentType, bytes },
      });
      if (version.created) posted++;
      if (!documents.includes(version.document.name)) documents.push(version.document.name);
      log.info(
        {
          document: version.document.id,
          sequence: version.version.sequence,
          created: version.created,
          alerts: version.alerts,
          reason: draft.reason,
        },
        version.created ? 'posted a draft version from mail' : 'a draft from mail was already posted',
      );
    } catch (error) {
      if (isRapporteurError(error) && error.transient) throw error;
      log.warn(
        { attachment: draft.index, code: isRapporteurError(error) ? error.code : 'INTERNAL' },
        'a draft from mail could not be posted',
      );
    }
  }
  return posted;
}
