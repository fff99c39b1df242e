import { parsedOf, readDraft } from '../core/app/engines.js';
import { extractDocument, preloadReader } from '../core/documents/index.js';
import type { ExtractOptions } from '../core/documents/options.js';
import { diffDrafts, draftStatus, parseDraft } from '../core/drafts/index.js';
import { readAnnouncement, reconcile } from '../core/schedule/index.js';
import { documentOf, packDocument } from './packed.js';
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
    return readDraft(documentOf(input.document), input.options, input.compare);
  },
  async 'draft.status'(input, onStarted) {
    onStarted();
    return draftStatus(parsedOf(input.parsed), input.options);
  },
  async 'draft.diff'(input, onStarted) {
    onStarted();
    return diffDrafts(parsedOf(input.before), parsedOf(input.after), input.options);
  },
  async 'schedule.read'(input, onStarted) {
    onStarted();
    return readAnnouncement(documentOf(input.document), input.source, input.options);
  },
  async 'schedule.reconcile'(input, onStarted) {
    onStarted();
    return reconcile(input.claims, input.options);
  },
};
