import { DRAFT_SCHEMA_VERSION, type DraftDiff, type DraftStatus } from '../../drafts/index.js';
import { RapporteurError } from '../../errors.js';
import type { TenantStore } from '../../ports/index.js';
import type { DocumentRecord, ProcessRecord, VersionRecord } from '../../store.js';
import { type AppDeps, type Resolved, resolveProcess, type Scope } from '../context.js';
import { enginesOf, type JsonText, type ParsedInput, reportText } from '../engines.js';
import type { DiffCache, DiffInput } from './queries-parsed.js';

/**
 * Reading stored versions: choosing the document and version a person means, and the
 * per-version caches (parse, status, diff) that let every question skip the parse.
 */

/** Names of the per-version caches in the store. */
export const CACHE = { parse: 'parse', status: 'status', diff: 'diff' } as const;
/** Schema versions of the small caches, bumped with the engine's report shapes. */
export const STATUS_CACHE_VERSION = 2;
/**
 * 2: the diff is kept with the id of the version it was compared with (`DiffCache`).
 * 3 (and status 2): recomputed once after holders were restricted to parties and groups.
 */
const DIFF_CACHE_VERSION = 3;

/** The newest version before `version` that was not withdrawn. */
export async function previousVersion(
  store: TenantStore,
  version: VersionRecord,
): Promise<VersionRecord | undefined> {
  const all = await store.listVersions(version.documentId);
  let found: VersionRecord | undefined;
  for (const v of all) if (v.sequence < version.sequence) found = v;
  return found;
}

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
/** Which version a query is about: the process, the document and the version, each defaulted when absent. */
export interface VersionQuery {
  process?: string | undefined;
  document?: string | undefined;
  version?: string | undefined;
}

export async function selectVersionFor(deps: AppDeps, scope: Scope, input: VersionQuery): Promise<Selected> {
  const resolved = await resolveProcess(deps, scope, input.process);
  const document = await selectDocument(resolved.store, resolved.process, input.document);
  const version = await selectVersion(resolved.store, document, input.version);
  return { resolved, document, version };
}

/**
 * A version's parse for an engine (diff, status, a question): its cache as stored (the
 * compressed bytes of a large one), so that a large parse is neither inflated, made a
 * string, parsed nor copied as objects on this thread;
 * parsed again from the kept original when the cache is missing or was written by an older
 * engine (and the cache refreshed).
 */
export async function parsedInput(
  deps: AppDeps,
  store: TenantStore,
  version: VersionRecord,
): Promise<ParsedInput> {
  const cached = await store.getParsedPacked(version.id, CACHE.parse);
  if (cached && cached.schemaVersion === DRAFT_SCHEMA_VERSION) {
    return 'packed' in cached ? { packed: cached.packed } : { json: cached.json };
  }
  return reparse(deps, store, version);
}

/** Parses a version again from its kept original, refreshing its parse cache; the parse's JSON text. */
async function reparse(deps: AppDeps, store: TenantStore, version: VersionRecord): Promise<JsonText> {
  const bytes = await store.readOriginal(version.id);
  if (!bytes) {
    throw new RapporteurError('NOT_FOUND', `The original file of version ${version.sequence} is missing.`, {
      hint: 'Post the version again.',
    });
  }
  const doc = await deps.extractor.extract(bytes, {
    name: version.fileName,
    contentType: version.contentType,
    tenantId: store.tenantId,
  });
  const document = await store.getDocument(version.documentId);
  const process = document ? await store.getProcess(document.processId) : undefined;
  const { parsed } = await enginesOf(deps).readDraft(store.tenantId, doc, {
    qualifiers: process?.settings.extraQualifiers ?? [],
  });
  await store.setParsed(version.id, { schemaVersion: DRAFT_SCHEMA_VERSION, ...parsed }, CACHE.parse);
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
  const status = await enginesOf(deps).draftStatus(store.tenantId, await parsedInput(deps, store, version));
  // Stored as the text it came as from the worker, when it did: not built here to be written.
  const json = reportText(status);
  await store.setParsed(
    version.id,
    json === undefined
      ? { schemaVersion: STATUS_CACHE_VERSION, data: status }
      : { schemaVersion: STATUS_CACHE_VERSION, json },
    CACHE.status,
  );
  return status;
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
  const [before, after] = await Promise.all([parsedInput(deps, store, from), parsedInput(deps, store, to)]);
  const diff = await enginesOf(deps).diffDrafts(store.tenantId, before, after, { packageDeal });
  if (!packageDeal) {
    const previous = await previousVersion(store, to);
    if (previous?.id === from.id) await saveDiff(store, from, to, diff);
  }
  return diff;
}

/**
 * A version's diff from `from` as a question in the pool takes it (`DiffInput`): the diff
 * cache's stored text, unparsed (the worker checks it was computed from `from`), or `missing`.
 */
export async function diffInput(
  store: TenantStore,
  from: VersionRecord,
  to: VersionRecord,
): Promise<DiffInput> {
  const cached = await store.getParsedJson(to.id, CACHE.diff);
  return cached && cached.schemaVersion === DIFF_CACHE_VERSION
    ? { cache: cached.json, from: from.id }
    : { missing: true };
}

export async function saveDiff(store: TenantStore, from: VersionRecord, to: VersionRecord, diff: DraftDiff) {
  const data: DiffCache = { from: from.id, diff };
  await store.setParsed(to.id, { schemaVersion: DIFF_CACHE_VERSION, data }, CACHE.diff);
}
