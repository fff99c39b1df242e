import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DRAFT_SCHEMA_VERSION, type DraftDiff, type DraftStatus } from '../../drafts/index.js';
import { messageOf, RapporteurError } from '../../errors.js';
import type { TenantStore } from '../../ports/index.js';
import type { DocumentRecord, ProcessRecord, VersionRecord } from '../../store.js';
import { planChangeAlerts } from '../alerts.js';
import {
  type Actor,
  type AppDeps,
  type Resolved,
  resolveAsPoster,
  type Scope,
  type UploadedFile,
} from '../context.js';
import { type ChangePayload, CONTRACTS_VERSION } from '../contracts.js';
import { enginesOf, reportStoredText } from '../engines.js';
import { languageAlertLines } from '../language.js';
import {
  CACHE,
  diffFor,
  loadStatus,
  parsedInput,
  previousVersion,
  STATUS_CACHE_VERSION,
  saveDiff,
} from './versions.js';
import { draftAlert, versionRef } from './wording.js';

/**
 * Posting a version: extract, parse, compare with the previous version (holding back a file
 * that is plainly another document), store with its caches, log the change and alert the
 * subscribed channels, each step safe to repeat so that a post cut short is completed.
 */

export type { UploadedFile };

export interface PostDraftResult {
  process: ProcessRecord;
  document: DocumentRecord;
  version: VersionRecord;
  /** False when the same bytes were already posted: nothing new was stored (an unfinished post of them was completed). */
  created: boolean;
  status: DraftStatus;
  /** The comparison with the previous version, when there is one. */
  diff: DraftDiff | null;
  previous: VersionRecord | null;
  /** Channels told about the new version (deliveries created). */
  alerts: number;
  /** False when alerts are off (no queue) or could not be queued yet. */
  alertsQueued: boolean;
  /** True when an earlier post of these bytes had been cut short and this call completed it. */
  resumed?: boolean;
}

/**
 * A post held back: the file shares too little with the previous version to be a version of
 * the same document (an invitation letter posted as the Agreement). Nothing was stored or
 * announced; posting again with `confirm` stores it.
 */
export interface UnconfirmedPost {
  process: ProcessRecord;
  document: DocumentRecord;
  previous: VersionRecord;
  /** Share of the new file's paragraphs that align with a paragraph of the previous version (0-1). */
  similarity: number;
  aligned: number;
  paragraphs: number;
  diff: DraftDiff;
}

/** Below this share of aligned paragraphs a post asks for confirmation. */
export const SIMILARITY_THRESHOLD = 1 / 3;

/** The steps of a post, in order; each is durable once reached (see `resumeDraftPosts`). */
export type PostStep = 'stored' | 'logged' | 'claimed' | 'announced';

/** Test seams: called after each durable step (a test may throw or stop the process there). */
export interface PostHooks {
  afterStep?(step: PostStep): void | Promise<void>;
}

const label = z.string().trim().min(1, 'The version needs a label, e.g. "1 June version"').max(200);
const documentName = z.string().trim().min(1).max(120);

/**
 * Reads the date a version bears: a calendar date ("2015-12-04", taken as noon UTC so that it
 * reads as the same day in every zone) or an instant with its offset. Refuses what is not a
 * date, and dates in the future.
 */
export function parseVersionDate(value: string, now: Date): string {
  const v = value.trim();
  let ms: number;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) ms = Date.parse(`${v}T12:00:00Z`);
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i.test(v))
    ms = Date.parse(v.replace(' ', 'T'));
  else ms = Number.NaN;
  const iso = Number.isNaN(ms) ? '' : new Date(ms).toISOString();
  if (!iso || (v.length === 10 && iso.slice(0, 10) !== v)) {
    throw new RapporteurError('INVALID_ARGUMENT', `"${value}" is not a date.`, {
      hint: 'Give the date the version bears as YYYY-MM-DD, e.g. --date 2015-12-04 (or an instant with its offset, 2015-12-04T10:00+01:00).',
    });
  }
  if (ms > now.getTime() + 86_400_000) {
    throw new RapporteurError('INVALID_ARGUMENT', `The date ${v} is in the future.`, {
      hint: 'Give the date the version bears (the day it was issued), not a later one.',
    });
  }
  return iso;
}

/** Share of the new version's paragraphs that align with the old one's. */
export function versionSimilarity(diff: DraftDiff): {
  similarity: number;
  aligned: number;
  paragraphs: number;
} {
  const p = diff.summary.paragraphs;
  const paragraphs = p.matched + p.added;
  return { similarity: paragraphs === 0 ? 1 : p.matched / paragraphs, aligned: p.matched, paragraphs };
}

/** What a post names: the document, the file, and optionally its label, process, real date and confirmation. */
export interface PostDraftInput {
  document: string;
  label?: string | undefined;
  file: UploadedFile;
  process?: string | undefined;
  date?: string | undefined;
  confirm?: boolean | undefined;
}

/**
 * Posts a new version of a document (chairs' staff only): extracts and parses the file,
 * compares it with the previous version (holding it back for confirmation when it is plainly
 * another document), stores it with its caches, logs the change and alerts subscribed
 * channels. Re-posting the same bytes changes nothing, except completing a post that a crash
 * cut short. With `date`, the version bears that date (bracket age counts from it).
 */
export async function postDraftVersion(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  input: PostDraftInput,
  hooks: PostHooks = {},
): Promise<PostDraftResult> {
  const outcome = await postOrHold(deps, scope, actor, input, hooks);
  if ('similarity' in outcome) {
    throw new RapporteurError(
      'CONFLICT',
      `${input.file.name} does not look like a version of ${outcome.document.name}: only ${outcome.aligned} of its ${outcome.paragraphs} paragraphs match #${outcome.previous.sequence} "${outcome.previous.label}". Nothing was posted.`,
      {
        hint: 'Check the file and the document name; if it is right, post it again with confirm (`--confirm`).',
        details: { aligned: outcome.aligned, paragraphs: outcome.paragraphs },
      },
    );
  }
  return outcome;
}

/** Like `postDraftVersion`, but returns a held-back post instead of refusing it. */
export async function postOrHold(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  input: PostDraftInput,
  hooks: PostHooks = {},
): Promise<PostDraftResult | UnconfirmedPost> {
  const resolved = await resolveAsPoster(deps, scope, actor, input.process, 'post official versions');
  const { store, process } = resolved;
  const name = documentName.parse(input.document);
  const versionLabel = label.parse(input.label ?? defaultLabel(input.file.name));
  const date = input.date === undefined ? undefined : parseVersionDate(input.date, deps.clock.now());

  let document = await store.findDocument(process.id, name);
  const sha256 = createHash('sha256').update(input.file.bytes).digest('hex');
  if (document) {
    const same = (await store.listVersions(document.id, { includeWithdrawn: true })).find(
      (v) => v.sha256 === sha256,
    );
    if (same?.withdrawn) {
      // The store keeps one version per original: a withdrawn one stays as it was, for audit.
      throw new RapporteurError(
        'CONFLICT',
        `These exact bytes were version #${same.sequence} "${same.label}" of ${document.name}, withdrawn on ${same.withdrawn.at.slice(0, 10)}; they cannot be posted again as they are.`,
        {
          hint: 'Post the corrected file, or save this one again under a new name or format so that it is a new file.',
        },
      );
    }
    if (same) return existingPost(deps, resolved, document, same, hooks);
  }

  const engines = enginesOf(deps);
  const doc = await deps.extractor.extract(input.file.bytes, {
    name: input.file.name,
    ...(input.file.contentType ? { contentType: input.file.contentType } : {}),
    tenantId: store.tenantId,
  });
  // Compare before storing: a file that is plainly another document is held back unstored.
  let previous = document ? await store.latestVersion(document.id) : undefined;
  // Parse, status and diff in one job: the parse comes back as the JSON the store keeps.
  const reading = await engines.readDraft(
    store.tenantId,
    doc,
    { qualifiers: process.settings.extraQualifiers },
    previous
      ? {
          before: await parsedInput(deps, store, previous),
          options: { packageDeal: process.settings.packageDeal },
        }
      : undefined,
  );
  if (!reading.hasText) {
    throw new RapporteurError('NO_TEXT', `${input.file.name} contains no text to read.`, {
      hint: 'Send the draft as DOCX, PDF with a text layer, HTML, Markdown or plain text.',
    });
  }
  const { status } = reading;
  const { parsed } = reading;
  let diff: DraftDiff | null = reading.diff ?? null;
  if (document && previous && diff) {
    const sim = versionSimilarity(diff);
    if (sim.similarity < SIMILARITY_THRESHOLD && input.confirm !== true) {
      deps.logger.info(
        { tenant: store.tenantId, document: document.id, aligned: sim.aligned, paragraphs: sim.paragraphs },
        'draft post held back: too unlike the previous version',
      );
      return { process, document, previous, diff, ...sim };
    }
  }

  document ??= await createOrFindDocument(store, process.id, name);
  const { version, created } = await store.postVersion({
    documentId: document.id,
    label: versionLabel,
    postedBy: actor.userId,
    postedAt: deps.clock.now(),
    ...(date ? { date } : {}),
    bytes: input.file.bytes,
    fileName: input.file.name,
    contentType: input.file.contentType ?? 'application/octet-stream',
    parsed: { schemaVersion: DRAFT_SCHEMA_VERSION, ...parsed },
    caches: { [CACHE.status]: statusCache(status) },
  });
  if (!created) return existingPost(deps, resolved, document, version, hooks);
  // Another post may have slipped in between: compare with the version just before this one.
  const before = await previousVersion(store, version);
  if (before?.id !== previous?.id) {
    previous = before;
    diff = before
      ? await engines.diffDrafts(store.tenantId, await parsedInput(deps, store, before), parsed, {
          packageDeal: process.settings.packageDeal,
        })
      : null;
  }
  if (diff && previous) await saveDiff(store, previous, version, diff);
  await hooks.afterStep?.('stored');
  return announce(deps, resolved, document, version, { status, diff, previous: previous ?? null }, hooks);
}

/**
 * The last steps of a post, each safe to repeat: the change-log entry (written once, with
 * the version's marker, in one transaction), the delivery claims (one per channel under a
 * deterministic key) and the "announced" mark. A post cut short anywhere is completed by
 * running this again.
 */
async function announce(
  deps: AppDeps,
  resolved: Resolved,
  document: DocumentRecord,
  version: VersionRecord,
  facts: { status: DraftStatus; diff: DraftDiff | null; previous: VersionRecord | null },
  hooks: PostHooks,
): Promise<PostDraftResult> {
  const { store, process } = resolved;
  const { status, diff, previous } = facts;
  const payload: ChangePayload = {
    v: CONTRACTS_VERSION,
    data: {
      ...versionRef(document, version),
      ...(version.date ? { date: version.date } : {}),
      previous: previous ? { sequence: previous.sequence, label: previous.label } : null,
      summary: diff?.summary ?? null,
      status: { brackets: status.brackets.total, agreedPercent: status.agreedPercent, state: status.state },
    },
    alert: draftAlert(process, document, version, previous, status, diff),
  };
  payload.alert.lines.push(...(await languageAlertLines(deps, resolved, version, previous)));
  const { change } = await store.recordVersionChange(version.id, {
    processId: process.id,
    kind: 'draft.version',
    subject: document.id,
    payload,
    createdAt: deps.clock.now(),
  });
  await hooks.afterStep?.('logged');
  const plan = await planChangeAlerts(deps, store.tenantId, process.id, [change], 'draftChanges');
  await hooks.afterStep?.('claimed');
  const announced = await store.markVersionAnnounced(version.id, deps.clock.now());
  await hooks.afterStep?.('announced');
  deps.logger.info(
    {
      tenant: store.tenantId,
      document: document.id,
      sequence: version.sequence,
      alerts: plan.claimed.length,
    },
    'draft version posted',
  );
  return {
    process,
    document: (await store.getDocument(document.id)) ?? document,
    version: announced,
    created: true,
    status,
    diff,
    previous,
    alerts: plan.claimed.length,
    alertsQueued: deps.queue.enabled && plan.enqueued,
  };
}

/** Completes a stored version's unfinished post from its caches (status, diff against the one before). */
async function completePost(
  deps: AppDeps,
  resolved: Resolved,
  document: DocumentRecord,
  version: VersionRecord,
  hooks: PostHooks,
): Promise<PostDraftResult> {
  const { store, process } = resolved;
  const status = await loadStatus(deps, store, version);
  const previous = (await previousVersion(store, version)) ?? null;
  const diff = previous ? await diffFor(deps, store, previous, version, process.settings.packageDeal) : null;
  const result = await announce(deps, resolved, document, version, { status, diff, previous }, hooks);
  deps.logger.info(
    { tenant: store.tenantId, document: document.id, sequence: version.sequence },
    'completed a draft post that had been cut short',
  );
  return { ...result, resumed: true };
}

async function existingPost(
  deps: AppDeps,
  resolved: Resolved,
  document: DocumentRecord,
  version: VersionRecord,
  hooks: PostHooks,
): Promise<PostDraftResult> {
  if (version.announcedAt === null && version.withdrawn === null) {
    const done = await completePost(deps, resolved, document, version, hooks);
    return { ...done, created: false };
  }
  const status = await loadStatus(deps, resolved.store, version);
  return {
    process: resolved.process,
    document,
    version,
    created: false,
    status,
    diff: null,
    previous: null,
    alerts: 0,
    alertsQueued: deps.queue.enabled,
  };
}

/**
 * Completes every post that a crash cut short (a version stored without its change entry or
 * its alerts), in every tenant: run at start. Returns how many were completed.
 */
export async function resumeDraftPosts(deps: AppDeps): Promise<number> {
  let done = 0;
  for (const tenant of await deps.store.listTenants()) {
    const store = deps.store.tenant(tenant.id);
    for (const version of await store.listUnannouncedVersions(1000)) {
      try {
        const document = await store.getDocument(version.documentId);
        const process = document ? await store.getProcess(document.processId) : undefined;
        if (!document || !process) continue;
        await completePost(deps, { tenant, store, process }, document, version, {});
        done++;
      } catch (err) {
        deps.logger.warn(
          {
            tenant: tenant.id,
            version: version.id,
            error: messageOf(err),
          },
          'could not complete an unfinished draft post; it will be tried again at the next start or re-post',
        );
      }
    }
  }
  return done;
}

async function createOrFindDocument(
  store: TenantStore,
  processId: string,
  name: string,
): Promise<DocumentRecord> {
  try {
    return await store.createDocument({ processId, name });
  } catch (err) {
    // Another post created it a moment ago.
    if (err instanceof RapporteurError && err.code === 'CONFLICT') {
      const found = await store.findDocument(processId, name);
      if (found) return found;
    }
    throw err;
  }
}

/** "vision-2014-06-01.docx" -> "vision-2014-06-01". */
function defaultLabel(fileName: string): string {
  return fileName.replace(/\.[a-z0-9]{1,5}$/i, '') || 'untitled';
}

/** A status for its cache: as the JSON text it came as from the pool, when it did. */
function statusCache(status: DraftStatus) {
  const stored = reportStoredText(status);
  return stored === undefined
    ? { schemaVersion: STATUS_CACHE_VERSION, data: status }
    : { schemaVersion: STATUS_CACHE_VERSION, ...stored };
}
