import { answerDraftQuery } from '../core/app/drafts/queries-parsed.js';
import { indexSource, packReport, parsedOf, readDraft } from '../core/app/engines.js';
import { ResidentLibraries } from '../core/app/language-resident.js';
import { extractDocument, preloadReader } from '../core/documents/index.js';
import type { ExtractOptions } from '../core/documents/options.js';
import { diffDrafts, draftStatus, parseDraft } from '../core/drafts/index.js';
import { readAnnouncement, reconcile } from '../core/schedule/index.js';
import { documentOf, packDocument, packJsonText } from './packed.js';
import type { WorkKind, WorkKinds } from './protocol.js';

/**
 * Runs one job of the work pool: the pure engine the kind names, on the job's input. Called
 * in a pool worker; `onStarted` is called once anything that is not the input's fault (loading
 * a reader's code) is done, so the job's time budget counts only the work itself.
 */
export async function runWork<K extends WorkKind>(
  kind: K,
  input: WorkKinds[K]['input'],
  onStarted: () => void,
): Promise<WorkKinds[K]['output']> {
  const run = RUNNERS[kind] as (
    input: WorkKinds[K]['input'],
    onStarted: () => void,
  ) => Promise<WorkKinds[K]['output']>;
  return run(input, onStarted);
}

/** The libraries of agreed texts resident in this worker, bounded as the pool says. */
let resident: ResidentLibraries | undefined;

/** Sets the bounds of the resident libraries (the first job's; the pool sends the same to all). */
export function configureResident(bounds: { budgetBytes: number; maxLibraries: number }): void {
  resident ??= new ResidentLibraries(bounds);
}

/** Keys of the libraries this worker holds, for the pool's routing. */
export function heldLibraries(): string[] {
  return resident?.keys() ?? [];
}

/** Memory outside the heap the resident libraries hold, bytes (not counted against a job). */
export function residentBytes(): number {
  return resident?.bytes ?? 0;
}

type Runners = {
  [K in WorkKind]: (input: WorkKinds[K]['input'], onStarted: () => void) => Promise<WorkKinds[K]['output']>;
};

const RUNNERS: Runners = {
  async extract(input, onStarted) {
    const options: ExtractOptions = { limits: input.limits };
    if (input.name !== undefined) options.name = input.name;
    if (input.contentType !== undefined) options.contentType = input.contentType;
    if (input.partyAliases !== undefined) options.partyAliases = input.partyAliases;
    if (input.recurrenceWindow !== undefined) options.recurrenceWindow = input.recurrenceWindow;
    await preloadReader(input.bytes, options);
    onStarted();
    return packDocument(await extractDocument(input.bytes, options));
  },
  async 'draft.parse'(input, onStarted) {
    onStarted();
    return parseDraft(documentOf(input.document), input.options);
  },
  async 'draft.read'(input, onStarted) {
    onStarted();
    const reading = readDraft(documentOf(input.document), input.options, input.compare);
    const json = 'json' in reading.parsed ? reading.parsed.json : '';
    const status = packReport(reading.status);
    status.stored = packJsonText('The status', status.json);
    return { ...reading, parsed: packJsonText('The parse', json), status };
  },
  async 'draft.status'(input, onStarted) {
    onStarted();
    return packReport(draftStatus(parsedOf(input.parsed), input.options));
  },
  async 'draft.diff'(input, onStarted) {
    onStarted();
    return diffDrafts(parsedOf(input.before), parsedOf(input.after), input.options);
  },
  async 'draft.query'(input, onStarted) {
    onStarted();
    return answerDraftQuery(parsedOf(input.parsed), input.query);
  },
  async 'schedule.read'(input, onStarted) {
    onStarted();
    return readAnnouncement(documentOf(input.document), input.source, input.options);
  },
  async 'schedule.reconcile'(input, onStarted) {
    onStarted();
    return reconcile(input.claims, input.options);
  },
  async language(input, onStarted) {
    onStarted();
    if (!resident) throw new Error('the resident libraries were not configured');
    return resident.answer(input.ref, input.ask, input.load);
  },
  async 'language.index'(input, onStarted) {
    onStarted();
    const { source } = input;
    return indexSource(
      'document' in source ? { document: documentOf(source.document) } : source,
      input.info,
      input.options,
    );
  },
};
