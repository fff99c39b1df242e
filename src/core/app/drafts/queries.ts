import {
  type DraftDiff,
  type DraftQualifiers,
  type DraftStatus,
  matchSections,
  type ReportedState,
  type SectionStatus,
} from '../../drafts/index.js';
import { RapporteurError } from '../../errors.js';
import type { TenantStore } from '../../ports/index.js';
import { type DocumentRecord, type VersionRecord, versionDate } from '../../store.js';
import { type AppDeps, type Resolved, resolveProcess, type Scope } from '../context.js';
import { enginesOf } from '../engines.js';
import type {
  BracketPlace,
  DiffInput,
  DraftQueries,
  DraftQuery,
  DraftQueryKind,
  HolderEntry,
  StaleDiff,
} from './queries-parsed.js';
import {
  diffFor,
  diffInput,
  loadStatus,
  parsedInput,
  previousVersion,
  type Selected,
  selectDocument,
  selectVersion,
  selectVersionFor,
  type VersionQuery,
} from './versions.js';

export type { BracketPlace, HolderEntry };

/** The questions people ask about stored versions: status, diff, clean view, qualifiers, holders, bracket age, versions. */

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
  input: VersionQuery & { section?: string | undefined },
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
  input: VersionQuery & { keepText?: boolean | undefined },
): Promise<Selected & { text: string; mode: 'delete' | 'keep'; status: DraftStatus }> {
  const selected = await selectVersionFor(deps, scope, input);
  const mode = input.keepText ? 'keep' : 'delete';
  return {
    ...selected,
    mode,
    text: await queryVersion(deps, selected, { kind: 'clean', mode }),
    status: await loadStatus(deps, selected.resolved.store, selected.version),
  };
}

/** Qualifiers and verb strengths in a version. */
export async function getQualifiers(
  deps: AppDeps,
  scope: Scope,
  input: VersionQuery,
): Promise<Selected & { report: DraftQualifiers }> {
  const selected = await selectVersionFor(deps, scope, input);
  return { ...selected, report: await queryVersion(deps, selected, { kind: 'qualifiers' }) };
}

/** Who holds which brackets, from annotations (`[US: delete]`) and reviewers' comments. */
export async function getHolders(
  deps: AppDeps,
  scope: Scope,
  input: VersionQuery & { holder?: string | undefined },
): Promise<Selected & { holders: HolderEntry[] }> {
  const selected = await selectVersionFor(deps, scope, input);
  const holders = await queryVersion(deps, selected, { kind: 'holders', holder: input.holder });
  return { ...selected, holders };
}

/** A question about a version's whole parse, answered where the engines run. */
async function queryVersion<K extends DraftQueryKind>(
  deps: AppDeps,
  selected: Selected,
  query: DraftQuery<K>,
): Promise<DraftQueries[K]['answer']> {
  const { store } = selected.resolved;
  return enginesOf(deps).queryDraft(store.tenantId, await parsedInput(deps, store, selected.version), query);
}

export interface BracketAge extends BracketPlace {
  /** Bracket id in the selected version. */
  id: number;
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
  input: VersionQuery & { limit?: number | undefined },
): Promise<Selected & { ages: BracketAge[]; open: number }> {
  const selected = await selectVersionFor(deps, scope, input);
  const { store } = selected.resolved;
  const versions = (await store.listVersions(selected.document.id)).filter(
    (v) => v.sequence <= selected.version.sequence,
  );
  const pairs = versions.slice(1).map((v, i) => [versions[i], v] as [VersionRecord, VersionRecord]);
  const answer = await queryWithDiffs(deps, store, selected.version, pairs, false, (steps) => ({
    kind: 'age',
    steps,
    limit: input.limit ?? 20,
  }));
  // Ages count between the dates the versions bear (`--date`), else when they were posted.
  const selectedAt = Date.parse(versionDate(selected.version));
  const ages = answer.ages.map(({ origin, ...entry }): BracketAge => {
    const o = versions[origin] as VersionRecord;
    return {
      ...entry,
      since: { sequence: o.sequence, label: o.label, postedAt: o.postedAt, date: versionDate(o) },
      versions: versions.length - origin,
      days: Math.max(0, Math.floor((selectedAt - Date.parse(versionDate(o))) / 86_400_000)),
    };
  });
  return { ...selected, ages, open: answer.open };
}

/**
 * Asks a question about `version` that needs diffs (`pairs[i]`: from, to) where the engines
 * run, the diffs as their caches' stored texts: one the worker finds missing or computed
 * against another version is computed (and cached) and the question asked again with it.
 */
export async function queryWithDiffs<K extends 'page' | 'age'>(
  deps: AppDeps,
  store: TenantStore,
  version: VersionRecord,
  pairs: readonly [VersionRecord, VersionRecord][],
  packageDeal: boolean,
  question: (steps: DiffInput[]) => DraftQuery<K>,
): Promise<Exclude<DraftQueries[K]['answer'], StaleDiff>> {
  const computed = (i: number) => {
    const [from, to] = pairs[i] as [VersionRecord, VersionRecord];
    return diffFor(deps, store, from, to, packageDeal).then((diff): DiffInput => ({ diff }));
  };
  // With the package-deal rule a diff is never cached: it is computed for the question.
  const steps = await Promise.all(
    pairs.map(([from, to], i) => (packageDeal ? computed(i) : diffInput(store, from, to))),
  );
  const parsed = await parsedInput(deps, store, version);
  for (;;) {
    const answer = await enginesOf(deps).queryDraft(store.tenantId, parsed, question(steps));
    if (!('stale' in answer)) return answer as Exclude<DraftQueries[K]['answer'], StaleDiff>;
    const i = (answer as StaleDiff).stale;
    if ('diff' in (steps[i] as DiffInput)) {
      throw new RapporteurError('INTERNAL', 'A comparison of two versions could not be read.');
    }
    steps[i] = await computed(i);
  }
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
