import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  cleanView,
  DRAFT_SCHEMA_VERSION,
  type DraftDiff,
  type DraftQualifiers,
  type DraftStatus,
  diffDrafts,
  draftQualifiers,
  draftStatus,
  matchSections,
  type ParsedDraft,
  parseDraft,
  type ReportedState,
  type SectionStatus,
} from '../drafts/index.js';
import { RapporteurError } from '../errors.js';
import {
  type DocumentRecord,
  type ProcessRecord,
  type TenantStore,
  type VersionRecord,
  versionDate,
} from '../store.js';
import { deliveryKeys, payloadRefs, planChangeAlerts } from './alerts.js';
import {
  type Actor,
  type AppDeps,
  type Resolved,
  requirePoster,
  resolveProcess,
  type Scope,
} from './context.js';
import { type AlertContent, type ChangePayload, CONTRACTS_VERSION } from './contracts.js';

/**
 * Draft use cases: posting a version (extract, parse, store, diff, alert) and every
 * question people ask about the stored versions. Parsing happens once, when a version is
 * posted; the questions read cached results (the status report in well under 20 ms), and
 * only fall back to the full parse (or, after an engine upgrade, to re-parsing the kept
 * original) when a cache is missing or stale.
 */

/** Names of the per-version caches in the store. */
const CACHE = { parse: 'parse', status: 'status', diff: 'diff' } as const;
/** Schema versions of the small caches, bumped with the engine's report shapes. */
const STATUS_CACHE_VERSION = 1;
/** 2: the diff is kept with the id of the version it was compared with (`DiffCache`). */
const DIFF_CACHE_VERSION = 2;

/** The diff cache of a version: against which version it was computed, and the diff. */
interface DiffCache {
  from: string;
  diff: DraftDiff;
}

/** A file as an adapter hands it over: already downloaded within the platform's limits. */
export interface UploadedFile {
  name: string;
  contentType?: string;
  bytes: Uint8Array;
}

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
  const resolved = await resolveProcess(deps, scope, input.process);
  const { store, process } = resolved;
  await requirePoster(store, process, actor, 'post official versions');
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

  const doc = await deps.extractor.extract(input.file.bytes, {
    name: input.file.name,
    ...(input.file.contentType ? { contentType: input.file.contentType } : {}),
  });
  const parsed = parseDraft(doc, { qualifiers: process.settings.extraQualifiers });
  if (parsed.text.trim().length === 0) {
    throw new RapporteurError('NO_TEXT', `${input.file.name} contains no text to read.`, {
      hint: 'Send the draft as DOCX, PDF with a text layer, HTML, Markdown or plain text.',
    });
  }
  const status = draftStatus(parsed);
  // Compare before storing: a file that is plainly another document is held back unstored.
  let previous = document ? await store.latestVersion(document.id) : undefined;
  let diff: DraftDiff | null = null;
  if (document && previous) {
    diff = diffDrafts(await loadParsed(deps, store, previous), parsed, {
      packageDeal: process.settings.packageDeal,
    });
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
    parsed: { schemaVersion: DRAFT_SCHEMA_VERSION, data: parsed },
    caches: { [CACHE.status]: { schemaVersion: STATUS_CACHE_VERSION, data: status } },
  });
  if (!created) return existingPost(deps, resolved, document, version, hooks);
  // Another post may have slipped in between: compare with the version just before this one.
  const before = await previousVersion(store, version);
  if (before?.id !== previous?.id) {
    previous = before;
    diff = before
      ? diffDrafts(await loadParsed(deps, store, before), parsed, {
          packageDeal: process.settings.packageDeal,
        })
      : null;
  }
  if (diff && previous) await saveDiff(store, previous, version, diff);
  await hooks.afterStep?.('stored');
  return announce(deps, resolved, document, version, { status, diff, previous: previous ?? null }, hooks);
}

/** The newest version before `version` that was not withdrawn. */
async function previousVersion(
  store: TenantStore,
  version: VersionRecord,
): Promise<VersionRecord | undefined> {
  const all = await store.listVersions(version.documentId);
  let found: VersionRecord | undefined;
  for (const v of all) if (v.sequence < version.sequence) found = v;
  return found;
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
      documentId: document.id,
      document: document.name,
      versionId: version.id,
      sequence: version.sequence,
      label: version.label,
      ...(version.date ? { date: version.date } : {}),
      previous: previous ? { sequence: previous.sequence, label: previous.label } : null,
      summary: diff?.summary ?? null,
      status: { brackets: status.brackets.total, agreedPercent: status.agreedPercent, state: status.state },
    },
    alert: draftAlert(process, document, version, previous, status, diff),
  };
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
            error: err instanceof Error ? err.message : String(err),
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

// ---------------------------------------------------------------------------------------
// Reading stored versions

/** A document and version chosen from what the user typed. */
export interface Selected {
  resolved: Resolved;
  document: DocumentRecord;
  version: VersionRecord;
}

/**
 * Picks the document the user means: by name or handle; without one, the only document of
 * the process, else the one with the newest version.
 */
export async function selectDocument(
  store: TenantStore,
  process: ProcessRecord,
  name?: string,
): Promise<DocumentRecord> {
  const all = await store.listDocuments(process.id);
  if (name) {
    const found = await store.findDocument(process.id, name);
    if (found) return found;
    throw new RapporteurError('NOT_FOUND', `No document called "${name}" in ${process.name}.`, {
      hint: all.length
        ? `Documents: ${all.map((d) => d.name).join(', ')}.`
        : 'No version has been posted yet; chairs staff post one with `/draft post`.',
    });
  }
  const withVersions = all.filter((d) => d.latestSequence > 0);
  if (withVersions.length === 0) {
    throw new RapporteurError('NOT_FOUND', `No draft has been posted in ${process.name} yet.`, {
      hint: "Chairs' staff post one with `/draft post` (attach the file).",
    });
  }
  if (withVersions.length === 1) return withVersions[0] as DocumentRecord;
  let best = withVersions[0] as DocumentRecord;
  let bestAt = '';
  for (const d of withVersions) {
    const latest = await store.latestVersion(d.id);
    if (latest && latest.postedAt > bestAt) {
      best = d;
      bestAt = latest.postedAt;
    }
  }
  return best;
}

/**
 * Picks a version: a number ("3", "v3", "#3"), "latest", "previous", or a label (exact, then
 * unique prefix, ignoring case). Without one, the latest.
 */
export async function selectVersion(
  store: TenantStore,
  document: DocumentRecord,
  query?: string,
): Promise<VersionRecord> {
  const versions = await store.listVersions(document.id);
  if (versions.length === 0) {
    throw new RapporteurError('NOT_FOUND', `${document.name} has no versions yet.`, {
      hint: "Chairs' staff post one with `/draft post`.",
    });
  }
  const latest = versions[versions.length - 1] as VersionRecord;
  const q = query?.trim().toLowerCase();
  if (!q || q === 'latest' || q === 'last' || q === 'current') return latest;
  if (q === 'previous' || q === 'prev') {
    const prev = versions[versions.length - 2];
    if (!prev)
      throw new RapporteurError('NOT_FOUND', `${document.name} has only one version.`, {
        hint: 'Post another to compare.',
      });
    return prev;
  }
  const num = /^(?:v|#|version\s*)?(\d+)$/.exec(q);
  if (num) {
    const found = versions.find((v) => v.sequence === Number(num[1]));
    if (found) return found;
    const gone = await store.getVersionBySequence(document.id, Number(num[1]));
    if (gone?.withdrawn) {
      throw new RapporteurError(
        'NOT_FOUND',
        `Version ${gone.sequence} of ${document.name} ("${gone.label}") was withdrawn on ${gone.withdrawn.at.slice(0, 10)}${gone.withdrawn.reason ? `: ${gone.withdrawn.reason}` : ''}.`,
        { hint: `Versions: ${versions.map((v) => `#${v.sequence} ${v.label}`).join(', ')}.` },
      );
    }
  }
  const exact = versions.filter((v) => v.label.toLowerCase() === q);
  if (exact.length > 0) return exact[exact.length - 1] as VersionRecord;
  const partial = versions.filter((v) => v.label.toLowerCase().includes(q));
  if (partial.length === 1) return partial[0] as VersionRecord;
  throw new RapporteurError(
    'NOT_FOUND',
    partial.length > 1
      ? `"${query}" matches several versions of ${document.name}: ${partial.map((v) => `#${v.sequence} ${v.label}`).join(', ')}.`
      : `${document.name} has no version "${query}".`,
    { hint: `Versions: ${versions.map((v) => `#${v.sequence} ${v.label}`).join(', ')}.` },
  );
}

/** Resolves process, document and version for a read command. */
export async function selectVersionFor(
  deps: AppDeps,
  scope: Scope,
  input: { process?: string | undefined; document?: string | undefined; version?: string | undefined },
): Promise<Selected> {
  const resolved = await resolveProcess(deps, scope, input.process);
  const document = await selectDocument(resolved.store, resolved.process, input.document);
  const version = await selectVersion(resolved.store, document, input.version);
  return { resolved, document, version };
}

/**
 * The parsed draft of a version, from its cache; re-parsed from the kept original when the
 * cache is missing or was written by an older engine (and the cache refreshed).
 */
export async function loadParsed(
  deps: AppDeps,
  store: TenantStore,
  version: VersionRecord,
): Promise<ParsedDraft> {
  const cached = await store.getParsed(version.id, CACHE.parse);
  if (cached && cached.schemaVersion === DRAFT_SCHEMA_VERSION) return cached.data as unknown as ParsedDraft;
  const bytes = await store.readOriginal(version.id);
  if (!bytes) {
    throw new RapporteurError('NOT_FOUND', `The original file of version ${version.sequence} is missing.`, {
      hint: 'Post the version again.',
    });
  }
  const doc = await deps.extractor.extract(bytes, {
    name: version.fileName,
    contentType: version.contentType,
  });
  const document = await store.getDocument(version.documentId);
  const process = document ? await store.getProcess(document.processId) : undefined;
  const parsed = parseDraft(doc, { qualifiers: process?.settings.extraQualifiers ?? [] });
  await store.setParsed(version.id, { schemaVersion: DRAFT_SCHEMA_VERSION, data: parsed }, CACHE.parse);
  return parsed;
}

/** The status report of a version, from its small cache when possible. */
export async function loadStatus(
  deps: AppDeps,
  store: TenantStore,
  version: VersionRecord,
): Promise<DraftStatus> {
  const cached = await store.getParsed(version.id, CACHE.status);
  if (cached && cached.schemaVersion === STATUS_CACHE_VERSION) return cached.data as unknown as DraftStatus;
  const status = draftStatus(await loadParsed(deps, store, version));
  await store.setParsed(version.id, { schemaVersion: STATUS_CACHE_VERSION, data: status }, CACHE.status);
  return status;
}

/** Applies the package-deal rule to a stored report: clean units are only provisionally agreed while anything is bracketed. */
export function withPackageDeal(status: DraftStatus, packageDeal: boolean): DraftStatus {
  if (!packageDeal || status.brackets.total === 0) return status;
  const lift = (s: ReportedState): ReportedState => (s === 'clean' ? 'provisionally-agreed' : s);
  return {
    ...status,
    packageDeal: true,
    state: lift(status.state),
    sections: status.sections.map((sec) => ({
      ...sec,
      state: lift(sec.state),
      paragraphs: sec.paragraphs.map((p) => ({ ...p, state: lift(p.state) })),
    })),
  };
}

export interface StatusResult extends Selected {
  status: DraftStatus;
  /** The section asked for, when one was. */
  section: SectionStatus | null;
}

/** What is still bracketed: a whole version, or one section of it. */
export async function getDraftStatus(
  deps: AppDeps,
  scope: Scope,
  input: {
    process?: string | undefined;
    document?: string | undefined;
    version?: string | undefined;
    section?: string | undefined;
  },
): Promise<StatusResult> {
  const selected = await selectVersionFor(deps, scope, input);
  const status = withPackageDeal(
    await loadStatus(deps, selected.resolved.store, selected.version),
    selected.resolved.process.settings.packageDeal,
  );
  const section = input.section ? findStatusSection(status, input.section) : null;
  return { ...selected, status, section };
}

/** Finds a section by id, number or title words; NOT_FOUND lists the sections there are. */
export function findStatusSection(status: DraftStatus, query: string): SectionStatus {
  const q = query.trim().toLowerCase();
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const nq = norm(q);
  const candidates = status.sections.filter((s) => s.kind !== 'front' && s.kind !== 'footnotes');
  // Exact numbers first ("Article 4" is not Articles 14 and 24), then labels and titles.
  const matched = matchSections(candidates, query);
  if (matched.length === 1) return candidates[matched[0] as number] as SectionStatus;
  const exact = matched.length === 0 ? candidates.find((s) => norm(s.title) === nq) : undefined;
  if (exact) return exact;
  // "Action Line C9", "C9 media", "article 6": match on the section number or its words.
  const byWords = candidates.filter((s) => {
    const hay = norm(`${s.kind.replace('-', ' ')} ${s.number ?? ''} ${s.id} ${s.title}`);
    return nq.split(' ').every((w) => hay.split(' ').includes(w) || hay.includes(w));
  });
  if (byWords.length === 1) return byWords[0] as SectionStatus;
  throw new RapporteurError(
    'NOT_FOUND',
    byWords.length > 1
      ? `"${query}" matches several sections: ${byWords
          .map((s) => s.label)
          .slice(0, 10)
          .join('; ')}.`
      : `No section "${query}" in this version.`,
    {
      hint: `Sections: ${candidates
        .map((s) => s.number ?? s.label)
        .slice(0, 30)
        .join(', ')}.`,
    },
  );
}

export interface DiffResult {
  resolved: Resolved;
  document: DocumentRecord;
  from: VersionRecord;
  to: VersionRecord;
  diff: DraftDiff;
}

/** What changed between two versions (default: the latest against the one before it). */
export async function getDraftDiff(
  deps: AppDeps,
  scope: Scope,
  input: {
    process?: string | undefined;
    document?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
  },
): Promise<DiffResult> {
  const resolved = await resolveProcess(deps, scope, input.process);
  const { store, process } = resolved;
  const document = await selectDocument(store, process, input.document);
  const to = await selectVersion(store, document, input.to);
  let from: VersionRecord;
  if (input.from) from = await selectVersion(store, document, input.from);
  else {
    const prev = await previousVersion(store, to);
    if (!prev) {
      throw new RapporteurError(
        'NOT_FOUND',
        `Version ${to.sequence} of ${document.name} is the first; there is nothing to compare it with.`,
        {
          hint: 'Post another version, or name two versions: `/brackets diff from:1 to:2`.',
        },
      );
    }
    from = prev;
  }
  if (from.id === to.id) {
    throw new RapporteurError('INVALID_ARGUMENT', 'Both sides of the comparison are the same version.', {
      hint: 'Name two different versions, e.g. `/brackets diff from:previous to:latest`.',
    });
  }
  const diff = await diffFor(deps, store, from, to, process.settings.packageDeal);
  return { resolved, document, from, to, diff };
}

/** The text as it would be if all bracketed text were deleted now, or with brackets dropped and text kept. */
export async function getCleanView(
  deps: AppDeps,
  scope: Scope,
  input: {
    process?: string | undefined;
    document?: string | undefined;
    version?: string | undefined;
    keepText?: boolean | undefined;
  },
): Promise<Selected & { text: string; mode: 'delete' | 'keep'; status: DraftStatus }> {
  const selected = await selectVersionFor(deps, scope, input);
  const parsed = await loadParsed(deps, selected.resolved.store, selected.version);
  const mode = input.keepText ? 'keep' : 'delete';
  return {
    ...selected,
    mode,
    text: cleanView(parsed, mode, { tidy: true }),
    status: await loadStatus(deps, selected.resolved.store, selected.version),
  };
}

/** Qualifiers and verb strengths in a version. */
export async function getQualifiers(
  deps: AppDeps,
  scope: Scope,
  input: { process?: string | undefined; document?: string | undefined; version?: string | undefined },
): Promise<Selected & { report: DraftQualifiers }> {
  const selected = await selectVersionFor(deps, scope, input);
  const parsed = await loadParsed(deps, selected.resolved.store, selected.version);
  return { ...selected, report: draftQualifiers(parsed) };
}

export interface HolderEntry {
  holder: string;
  /** Open brackets this holder is named on. */
  brackets: { id: number; section: string; paragraph: string; line: number; text: string; notes: string[] }[];
  /** Paragraphs the holder is named on as a whole. */
  paragraphs: string[];
}

/** Who holds which brackets, from annotations (`[US: delete]`) and reviewers' comments. */
export async function getHolders(
  deps: AppDeps,
  scope: Scope,
  input: {
    process?: string | undefined;
    document?: string | undefined;
    version?: string | undefined;
    holder?: string | undefined;
  },
): Promise<Selected & { holders: HolderEntry[] }> {
  const selected = await selectVersionFor(deps, scope, input);
  const parsed = await loadParsed(deps, selected.resolved.store, selected.version);
  const byHolder = new Map<string, HolderEntry>();
  const entry = (h: string) => {
    let e = byHolder.get(h);
    if (!e) {
      e = { holder: h, brackets: [], paragraphs: [] };
      byHolder.set(h, e);
    }
    return e;
  };
  for (const b of parsed.brackets) {
    for (const h of b.holders) {
      entry(h).brackets.push({
        id: b.id,
        section: parsed.sections[b.section]?.id ?? '',
        paragraph: parsed.paragraphs[b.paragraph]?.id ?? '',
        line: b.line,
        text: excerpt(parsed.text.slice(b.start, b.end)),
        notes: b.notes,
      });
    }
  }
  for (const p of parsed.paragraphs) for (const h of p.holders) entry(h).paragraphs.push(p.id);
  let holders = [...byHolder.values()].sort(
    (a, b) =>
      b.brackets.length + b.paragraphs.length - (a.brackets.length + a.paragraphs.length) ||
      a.holder.localeCompare(b.holder),
  );
  if (input.holder) {
    const q = input.holder.trim().toLowerCase();
    holders = holders.filter((h) => h.holder.toLowerCase() === q || h.holder.toLowerCase().includes(q));
  }
  return { ...selected, holders };
}

export interface BracketAge {
  /** Bracket id in the selected version. */
  id: number;
  section: string;
  paragraph: string;
  line: number;
  text: string;
  holders: string[];
  /** The version in which this bracket first appeared (following it back through every diff). */
  since: { sequence: number; label: string; postedAt: string; date: string };
  /** How many versions it has survived, counting the one it appeared in (withdrawn ones not counted). */
  versions: number;
  /** Whole days between the version it appeared in and the selected version. */
  days: number;
}

/** The oldest open brackets: how many versions and days each has survived. */
export async function getBracketAge(
  deps: AppDeps,
  scope: Scope,
  input: {
    process?: string | undefined;
    document?: string | undefined;
    version?: string | undefined;
    limit?: number | undefined;
  },
): Promise<Selected & { ages: BracketAge[]; open: number }> {
  const selected = await selectVersionFor(deps, scope, input);
  const { store } = selected.resolved;
  const versions = (await store.listVersions(selected.document.id)).filter(
    (v) => v.sequence <= selected.version.sequence,
  );
  const parsed = await loadParsed(deps, store, selected.version);
  // origin[id] = index into `versions` of the version where the bracket first appeared.
  const origin = new Map<number, number>(parsed.brackets.map((b) => [b.id, versions.length - 1]));
  let current = new Map<number, number>(parsed.brackets.map((b) => [b.id, b.id]));
  for (let i = versions.length - 1; i > 0 && current.size > 0; i--) {
    const diff = await diffFor(
      deps,
      store,
      versions[i - 1] as VersionRecord,
      versions[i] as VersionRecord,
      false,
    );
    const back = new Map<number, number>();
    for (const link of diff.links) if (!back.has(link.new)) back.set(link.new, link.old);
    const next = new Map<number, number>();
    for (const [id, here] of current) {
      const older = back.get(here);
      if (older === undefined) continue;
      next.set(id, older);
      origin.set(id, i - 1);
    }
    current = next;
  }
  // Ages count between the dates the versions bear (`--date`), else when they were posted.
  const selectedAt = Date.parse(versionDate(selected.version));
  const ages = parsed.brackets
    .filter((b) => b.depth === 1)
    .map((b): BracketAge => {
      const o = versions[origin.get(b.id) ?? versions.length - 1] as VersionRecord;
      return {
        id: b.id,
        section: parsed.sections[b.section]?.id ?? '',
        paragraph: parsed.paragraphs[b.paragraph]?.id ?? '',
        line: b.line,
        text: excerpt(parsed.text.slice(b.start, b.end)),
        holders: b.holders,
        since: { sequence: o.sequence, label: o.label, postedAt: o.postedAt, date: versionDate(o) },
        versions: versions.length - (origin.get(b.id) ?? versions.length - 1),
        days: Math.max(0, Math.floor((selectedAt - Date.parse(versionDate(o))) / 86_400_000)),
      };
    })
    .sort((a, b) => a.since.sequence - b.since.sequence || a.line - b.line);
  return { ...selected, ages: ages.slice(0, input.limit ?? 20), open: ages.length };
}

/**
 * The diff between two versions; the newer one's cache holds its diff against the version it
 * was compared with when posted, which is reused when that is the one asked for.
 */
export async function diffFor(
  deps: AppDeps,
  store: TenantStore,
  from: VersionRecord,
  to: VersionRecord,
  packageDeal: boolean,
): Promise<DraftDiff> {
  if (!packageDeal) {
    const cached = await store.getParsed(to.id, CACHE.diff);
    if (cached && cached.schemaVersion === DIFF_CACHE_VERSION) {
      const data = cached.data as unknown as DiffCache;
      if (data.from === from.id) return data.diff;
    }
  }
  const [before, after] = await Promise.all([loadParsed(deps, store, from), loadParsed(deps, store, to)]);
  const diff = diffDrafts(before, after, { packageDeal });
  if (!packageDeal) {
    const previous = await previousVersion(store, to);
    if (previous?.id === from.id) await saveDiff(store, from, to, diff);
  }
  return diff;
}

async function saveDiff(store: TenantStore, from: VersionRecord, to: VersionRecord, diff: DraftDiff) {
  const data: DiffCache = { from: from.id, diff };
  await store.setParsed(to.id, { schemaVersion: DIFF_CACHE_VERSION, data }, CACHE.diff);
}

/** The versions of a document, oldest first, with their status summaries. */
export async function listDraftVersions(
  deps: AppDeps,
  scope: Scope,
  input: { process?: string | undefined; document?: string | undefined },
): Promise<{
  resolved: Resolved;
  documents: { document: DocumentRecord; versions: { version: VersionRecord; status: DraftStatus }[] }[];
}> {
  const resolved = await resolveProcess(deps, scope, input.process);
  const { store, process } = resolved;
  const documents = input.document
    ? [await selectDocument(store, process, input.document)]
    : await store.listDocuments(process.id);
  const out = [];
  for (const document of documents) {
    const versions = [];
    for (const version of await store.listVersions(document.id, { includeWithdrawn: true })) {
      versions.push({ version, status: await loadStatus(deps, store, version) });
    }
    out.push({ document, versions });
  }
  return { resolved, documents: out };
}

export interface WithdrawResult {
  process: ProcessRecord;
  document: DocumentRecord;
  version: VersionRecord;
  /** The version that now counts as the latest, if any is left. */
  current: VersionRecord | null;
  /** Channels that had been alerted about the version and are told it was withdrawn. */
  told: number;
}

/**
 * Withdraws a posted version (chairs' staff only): it no longer counts for status,
 * comparisons or bracket age, its original and caches stay stored for audit, and the
 * channels that were alerted about it are told.
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
): Promise<WithdrawResult> {
  const resolved = await resolveProcess(deps, scope, input.process);
  const { store, process } = resolved;
  await requirePoster(store, process, actor, 'withdraw versions');
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
      documentId: document.id,
      document: document.name,
      versionId: version.id,
      sequence: version.sequence,
      label: version.label,
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
  const { version: withdrawn, change } = await store.withdrawVersion(version.id, {
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
  });
  const claimed: string[] = [];
  for (const channelId of alerted) {
    const { delivery, created } = await store.claimDelivery({
      key: deliveryKeys.alert('draftChanges', change.id, channelId),
      target: { kind: 'channel', id: channelId },
      kind: 'draft-change',
      payloadRef: payloadRefs.change.encode({ processId: process.id, changeId: change.id }),
    });
    if (created) claimed.push(delivery.id);
  }
  if (claimed.length > 0) {
    try {
      await deps.queue.enqueueDeliveries(store.tenantId, claimed);
    } catch (err) {
      deps.logger.warn(
        { tenant: store.tenantId, error: err instanceof Error ? err.message : String(err) },
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

// ---------------------------------------------------------------------------------------
// The alert people get for a new version

function draftAlert(
  process: ProcessRecord,
  document: DocumentRecord,
  version: VersionRecord,
  previous: VersionRecord | null,
  status: DraftStatus,
  diff: DraftDiff | null,
): AlertContent {
  const lines: string[] = [];
  lines.push(
    `${status.brackets.total} bracket${status.brackets.total === 1 ? '' : 's'} open, ${status.agreedPercent}% of words agreed${status.state === 'clean' ? ' — no brackets left' : ''}.`,
  );
  if (diff && previous) {
    const s = diff.summary;
    lines.push(
      `Since #${previous.sequence} (${previous.label}): ${s.resolvedKept} agreed, ${s.resolvedDeleted} deleted, ${s.added} added, ${s.changed} changed.`,
    );
    const plainAdded = s.paragraphs.addedUnbracketed ?? 0;
    const plainRemoved = s.paragraphs.removedUnbracketed ?? 0;
    if (plainAdded || plainRemoved) {
      lines.push(
        `Outside brackets: ${plainAdded} new paragraph${plainAdded === 1 ? '' : 's'}, ${plainRemoved} removed.`,
      );
    }
    if (s.qualifiersAdded || s.qualifiersRemoved) {
      const added = [...new Set(diff.qualifiers.added.map((q) => `"${q.phrase}"`))].slice(0, 5);
      const removed = [...new Set(diff.qualifiers.removed.map((q) => `"${q.phrase}"`))].slice(0, 5);
      lines.push(
        `Qualifiers: ${added.length ? `added ${added.join(', ')}` : ''}${added.length && removed.length ? '; ' : ''}${removed.length ? `removed ${removed.join(', ')}` : ''}.`,
      );
    }
    for (const v of diff.verbs.changed.slice(0, 3)) {
      lines.push(
        `${v.kind === 'weakened' ? 'Weakened' : v.kind === 'strengthened' ? 'Strengthened' : 'Replaced'}: "${v.from}" -> "${v.to}" in ${v.after.section || v.after.paragraph}.`,
      );
    }
    for (const sec of diff.sections.filter((x) => x.changed).slice(0, 5)) {
      lines.push(`${sec.title || sec.id}: ${stateWords(sec.before)} -> ${stateWords(sec.after)}.`);
    }
  } else {
    const open = partSections(status).filter(
      (s) => s.state !== 'clean' && s.state !== 'provisionally-agreed',
    );
    if (open.length)
      lines.push(
        `Still bracketed: ${open
          .slice(0, 8)
          .map((s) => s.title || s.id)
          .join(', ')}.`,
      );
  }
  return {
    title: `${document.name}: new version #${version.sequence} "${version.label}" in ${process.name}`,
    tone: 'info',
    lines,
    actions: [
      { command: `brackets status document:${quoteArg(document.name)}`, label: 'What is still bracketed' },
      ...(previous
        ? [{ command: `brackets diff document:${quoteArg(document.name)}`, label: 'Full comparison' }]
        : []),
    ],
    threadKey: `document:${document.id}`,
  };
}

/**
 * The sections people think of as the draft's parts: the top level, or, when one title
 * section holds everything (a Markdown "# Title" over the whole draft), the level below it.
 */
export function partSections(status: Pick<DraftStatus, 'sections'>): SectionStatus[] {
  const real = status.sections.filter((s) => s.kind !== 'footnotes' && s.kind !== 'front');
  let level = real.filter((s) => s.parent === null);
  while (level.length === 1) {
    const only = level[0] as SectionStatus;
    const children = real.filter((s) => s.parent === only.id);
    if (children.length === 0) break;
    level = children;
  }
  return level;
}

/** Words for a section state in alerts. */
export function stateWords(state: ReportedState | null): string {
  switch (state) {
    case null:
      return 'absent';
    case 'clean':
      return 'agreed';
    case 'provisionally-agreed':
      return 'provisionally agreed';
    case 'partly-bracketed':
      return 'partly bracketed';
    case 'wholly-bracketed':
      return 'wholly bracketed';
    case 'uncertain':
      return 'uncertain';
  }
}

function quoteArg(s: string): string {
  return /\s/.test(s) ? `"${s}"` : s;
}

/** One line, at most 160 characters. */
export function excerpt(text: string, max = 160): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
