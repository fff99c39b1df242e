import { askResident, type Engines, unpackReport } from '../core/app/engines.js';
import { type LibraryLoad, splitLoad } from '../core/app/language-resident.js';
import type { Limits } from '../core/documents/index.js';
import type { DraftStatus } from '../core/drafts/index.js';
import type { DraftLimits, ParseOptions } from '../core/drafts/types.js';
import type { Extractor } from '../core/ports/index.js';
import type { ExtractorOptions } from '../extract/sandbox.js';
import { unpackDocument, wireDocument } from './packed.js';
import type { WorkPool } from './pool.js';
import type { WorkKinds } from './protocol.js';

/**
 * The ports the use cases call, filled with the work pool. Work without a tenant (a command-line
 * extraction) shares one queue.
 */
export const NO_TENANT = '';

/**
 * The engines, each call a job in the caller's tenant queue. `draftLimits` (the configuration's)
 * bound every parse whose caller set none.
 */
export function poolEngines(pool: WorkPool, config: { draftLimits?: DraftLimits } = {}): Engines {
  let loads = 0;
  const bounded = (options: ParseOptions): ParseOptions => ({
    ...options,
    limits: { ...config.draftLimits, ...options.limits },
  });
  return {
    parseDraft: (tenantId, document, options) =>
      pool.run(tenantId, 'draft.parse', { document: wireDocument(document), options: bounded(options) }),
    readDraft: async (tenantId, document, options, compare) => {
      const reading = await pool.run(
        tenantId,
        'draft.read',
        compare
          ? { document: wireDocument(document), options: bounded(options), compare }
          : { document: wireDocument(document), options: bounded(options) },
      );
      return { ...reading, status: unpackReport<DraftStatus>(reading.status) };
    },
    draftStatus: async (tenantId, parsed, options) =>
      unpackReport<DraftStatus>(
        await pool.run(tenantId, 'draft.status', options === undefined ? { parsed } : { parsed, options }),
      ),
    diffDrafts: (tenantId, before, after, options) =>
      pool.run(tenantId, 'draft.diff', { before, after, options }),
    queryDraft: async (tenantId, parsed, query) =>
      (await pool.run(tenantId, 'draft.query', { parsed, query })) as never,
    readAnnouncement: (tenantId, document, source, options) =>
      pool.run(tenantId, 'schedule.read', { document: wireDocument(document), source, options }),
    reconcile: (tenantId, claims, options) => pool.run(tenantId, 'schedule.reconcile', { claims, options }),
    indexAgreedText: (tenantId, source, info) =>
      pool.run(tenantId, 'language.index', {
        source: 'document' in source ? { document: wireDocument(source.document) } : source,
        info,
        options: bounded({}),
      }),
    // Asked first without the texts: the worker holding the library answers from it, any
    // other says `missing` and the texts are read from the store and sent once, in parts
    // (`splitLoad`) so that copying them to the worker never holds this thread for long; the
    // question goes with the last part.
    language: (tenantId, ref, ask, load) =>
      askResident(load, async (library) => {
        const send = (input: WorkKinds['language']['input']) =>
          pool.run(tenantId, 'language', input, [], ref.key);
        if (!library) return send({ ref, ask });
        const parts = splitLoad(library, `${ref.key}@${ref.revision}#${++loads}`);
        for (const part of parts.slice(0, -1)) await send({ ref, ask: { summary: true }, load: part });
        return send({ ref, ask, load: parts.at(-1) as LibraryLoad });
      }),
  };
}

/** Reading files in the pool, with the configured extraction limits. */
export function poolExtractor(pool: WorkPool, limits: Limits, options: ExtractorOptions = {}): Extractor {
  return {
    extract(bytes, file = {}) {
      // A private copy with its own ArrayBuffer moves to the worker: the caller keeps its bytes
      // (the use cases store them as the original right after extracting).
      const copy = new Uint8Array(bytes.byteLength);
      copy.set(bytes);
      const input: WorkKinds['extract']['input'] = { bytes: copy, limits };
      if (file.name !== undefined) input.name = file.name;
      if (file.contentType !== undefined) input.contentType = file.contentType;
      if (options.partyAliases !== undefined) input.partyAliases = options.partyAliases;
      if (options.recurrenceWindow !== undefined) input.recurrenceWindow = options.recurrenceWindow;
      return pool
        .run(file.tenantId ?? NO_TENANT, 'extract', input, [copy.buffer as ArrayBuffer])
        .then(unpackDocument);
    },
    // The pool belongs to the runtime, which closes it with everything else it holds.
    async close() {},
  };
}
