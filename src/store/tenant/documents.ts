/*
 * Documents, their versions, originals and per-version caches, in one file: posting, reading,
 * announcing and withdrawing a version share the version row's mapping and its cache join.
 */
import { createHash } from 'node:crypto';
import { type Selectable, sql, type Transaction } from 'kysely';
import { RapporteurError } from '../../core/errors.js';
import type { DocumentMethods } from '../../core/ports/index.js';
import {
  type DeliveryRecord,
  type DocumentRecord,
  type ParsedCacheInput,
  type PostVersionInput,
  type PostVersionResult,
  slugOf,
  type VersionRecord,
} from '../../core/store.js';
import {
  encodeCache,
  instant,
  int,
  optionalText,
  plausibleId,
  readBytes,
  readInstant,
  readOptionalInstant,
  text,
} from '../codec.js';
import type { TenantContext } from '../context.js';
import {
  type PackedJson,
  packedAsStored,
  packJson,
  packOriginal,
  unpackJson,
  unpackJsonText,
  unpackOriginal,
} from '../pack.js';
import type { Database, DocumentsTable, VersionsTable } from '../schema.js';
import { changeRecord, changeValues, insertChange } from './changes.js';
import { limitOf, lockProcess, notFound, pruneBlobs, requireVersion, tenantRows } from './common.js';
import { claimDeliveryIn } from './deliveries.js';
import { requireSlug } from './processes.js';

/** The largest original the store accepts; both databases cap a value at 1 GB, and drafts are far smaller. */
const MAX_ORIGINAL_BYTES = 256 * 1024 * 1024;

/** The cache `postVersion` fills and `VersionRecord.parsedSchemaVersion` describes. */
const PARSE_CACHE = 'parse';

function cacheNameOf(name: unknown): string {
  if (typeof name === 'string' && /^[a-z][a-z0-9-]{0,39}$/.test(name)) return name;
  throw new RapporteurError(
    'INVALID_ARGUMENT',
    'A cache name must be lower-case letters, digits and dashes.',
    {
      hint: 'Use names such as "parse" or "status-summary".',
    },
  );
}

type VersionRow = Selectable<VersionsTable> & { parsed_schema_version: number | null };

function toDocument(row: Selectable<DocumentsTable>): DocumentRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    processId: row.process_id,
    name: row.name,
    slug: row.slug,
    latestSequence: row.last_sequence,
    createdAt: readInstant(row.created_at),
  };
}

function toVersion(row: VersionRow): VersionRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    documentId: row.document_id,
    sequence: row.sequence,
    label: row.label,
    postedBy: row.posted_by,
    postedAt: readInstant(row.posted_at),
    sha256: row.sha256,
    size: row.size,
    fileName: row.file_name,
    contentType: row.content_type,
    parsedSchemaVersion: row.parsed_schema_version,
    createdAt: readInstant(row.created_at),
    date: readOptionalInstant(row.dated_at ?? null),
    withdrawn:
      (row.withdrawn_at ?? null) === null
        ? null
        : {
            at: readInstant(row.withdrawn_at as Date | string),
            by: row.withdrawn_by ?? '',
            reason: row.withdraw_reason ?? null,
            changeId: (row.withdraw_change_id ?? null) === null ? null : Number(row.withdraw_change_id),
          },
    changeId: (row.change_id ?? null) === null ? null : Number(row.change_id),
    // Rows read before the lifecycle upgrade have no such column: they were announced.
    announcedAt:
      row.announced_at === undefined ? readInstant(row.created_at) : readOptionalInstant(row.announced_at),
  };
}

/** Versions with the schema version of their cache, if any. */
function versions(ctx: TenantContext, db: Transaction<Database> | TenantContext['db']) {
  return db
    .selectFrom('versions')
    .leftJoin('parsed_cache', (j) =>
      j
        .onRef('parsed_cache.tenant_id', '=', 'versions.tenant_id')
        .onRef('parsed_cache.version_id', '=', 'versions.id')
        .on('parsed_cache.name', '=', PARSE_CACHE),
    )
    .selectAll('versions')
    .select('parsed_cache.schema_version as parsed_schema_version')
    .where('versions.tenant_id', '=', ctx.tenantId);
}

/** Writes a cache; a packed one leaves the JSON literal null in `data` (see migration 0008). */
async function upsertCache(
  ctx: TenantContext,
  trx: Transaction<Database>,
  versionId: string,
  name: string,
  schemaVersion: number,
  value: PackedJson,
): Promise<void> {
  const key = { tenant_id: ctx.tenantId, version_id: versionId, name };
  const values = { schema_version: schemaVersion, data: value.data, updated_at: ctx.now() };
  if (value.packed === undefined) {
    // A plain cache never names `packed`, so a store still waiting for its migration takes
    // it; the row it replaces (perhaps packed) goes first.
    await trx
      .deleteFrom('parsed_cache')
      .where((eb) => eb.and(key))
      .execute();
    await trx
      .insertInto('parsed_cache')
      .values({ ...key, ...values })
      .execute();
    return;
  }
  const packed = { ...values, packed: value.packed };
  await trx
    .insertInto('parsed_cache')
    .values({ ...key, ...packed })
    .onConflict((oc) => oc.columns(['tenant_id', 'version_id', 'name']).doUpdateSet(packed))
    .execute();
}

/** Documents by id, name or process. */
function documentMethods(ctx: TenantContext) {
  const one = (action: string, match: { id: string } | { process_id: string; slug: string }) =>
    ctx.read(action, (db) =>
      db
        .selectFrom('documents')
        .selectAll()
        .where((eb) => eb.and({ tenant_id: ctx.tenantId, ...match }))
        .executeTakeFirst(),
    );
  return {
    async createDocument(input) {
      const name = text('Document name', input.name, 200);
      const slug = requireSlug('The document name', name);
      if (!plausibleId(input.processId)) throw notFound('The process');
      const processId = input.processId;
      const row = await ctx.write(
        'create a document',
        (trx) =>
          trx
            .insertInto('documents')
            .values({
              tenant_id: ctx.tenantId,
              id: ctx.newId(),
              process_id: processId,
              name,
              slug,
              last_sequence: 0,
              created_at: ctx.now(),
            })
            .returningAll()
            .executeTakeFirstOrThrow(),
        {
          conflict: `The process already has a document called "${name}" (or with the same handle, ${slug}).`,
          conflictHint: 'Post a new version of that document instead, or choose another name.',
          missing: 'The process was not found.',
          missingHint: 'Create the process first, or check its name.',
        },
      );
      return toDocument(row);
    },

    async getDocument(id) {
      if (!plausibleId(id)) return undefined;
      const row = await one('read a document', { id });
      return row && toDocument(row);
    },

    async findDocument(processId, nameOrSlug) {
      const slug = typeof nameOrSlug === 'string' ? slugOf(nameOrSlug) : '';
      if (!slug || !plausibleId(processId)) return undefined;
      const row = await one('find a document', { process_id: processId, slug });
      return row && toDocument(row);
    },

    async listDocuments(processId) {
      if (!plausibleId(processId)) return [];
      const rows = await ctx.read('list documents', (db) =>
        tenantRows(ctx, db, 'documents').where('process_id', '=', processId).orderBy('slug').execute(),
      );
      return rows.map(toDocument);
    },

    async deleteDocument(id) {
      if (!plausibleId(id)) throw notFound('The document');
      await ctx.write('delete a document', async (trx) => {
        const shas = await trx
          .selectFrom('versions')
          .select('sha256')
          .where('tenant_id', '=', ctx.tenantId)
          .where('document_id', '=', id)
          .execute();
        const result = await trx
          .deleteFrom('documents')
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (result.numDeletedRows === 0n) throw notFound('The document');
        await pruneBlobs(
          ctx,
          trx,
          shas.map((s) => s.sha256),
        );
      });
    },
  } satisfies Partial<DocumentMethods>;
}

/** A cache as its row keeps it: serialised, checked and compressed here, or as compressed by a worker. */
function cacheAsStored(field: string, cache: ParsedCacheInput | undefined): Promise<PackedJson> {
  if (cache && 'packed' in cache) return Promise.resolve(packedAsStored(field, cache));
  return packJson(encodeCache(field, cache));
}

/** A post, checked, hashed, serialised and compressed before its transaction opens. */
async function preparePost(ctx: TenantContext, input: PostVersionInput) {
  if (!plausibleId(input.documentId)) throw notFound('The document');
  const label = text('Version label', input.label, 200);
  const postedBy = text('Posted by', input.postedBy, 200);
  const postedAt = input.postedAt === undefined ? ctx.now() : instant('postedAt', input.postedAt);
  const fileName = text('File name', input.fileName, 255);
  const contentType = text('Content type', input.contentType, 255);
  if (!(input.bytes instanceof Uint8Array)) {
    throw new RapporteurError('INVALID_ARGUMENT', 'The original file must be given as bytes (Uint8Array).', {
      hint: 'Pass the file content as read, before any decoding.',
    });
  }
  if (input.bytes.byteLength > MAX_ORIGINAL_BYTES) {
    throw new RapporteurError('FILE_TOO_LARGE', 'The original file is over the store limit of 256 MB.', {
      hint: 'Send a smaller file.',
    });
  }
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const parsed =
    input.parsed === undefined
      ? undefined
      : {
          schemaVersion: int('parsed.schemaVersion', input.parsed.schemaVersion, 0, 2_000_000_000),
          data: await cacheAsStored('parsed.data', input.parsed),
        };
  const caches = [];
  for (const [name, cache] of Object.entries(input.caches ?? {})) {
    caches.push({
      name: cacheNameOf(name),
      schemaVersion: int(`${name}.schemaVersion`, cache?.schemaVersion, 0, 2_000_000_000),
      data: await cacheAsStored(`${name}.data`, cache),
    });
  }
  const original = await packOriginal(input.bytes);
  return {
    documentId: input.documentId,
    version: {
      label,
      posted_by: postedBy,
      posted_at: postedAt,
      sha256,
      size: input.bytes.byteLength,
      file_name: fileName,
      content_type: contentType,
    },
    blob: original
      ? { bytes: ctx.codec.bytes(original.bytes), encoding: original.encoding }
      : { bytes: ctx.codec.bytes(input.bytes) },
    datedAt: input.date === undefined ? null : instant('date', input.date),
    parsed,
    caches,
  };
}

type PreparedPost = Awaited<ReturnType<typeof preparePost>>;

/** Stores the original once per tenant, share-locking a kept one so a concurrent prune cannot delete it. */
async function keepOriginal(ctx: TenantContext, trx: Transaction<Database>, post: PreparedPost) {
  const { sha256, size } = post.version;
  const blob = await trx
    .selectFrom('blobs')
    .select('sha256')
    .where('tenant_id', '=', ctx.tenantId)
    .where('sha256', '=', sha256)
    .$if(ctx.lockRows, (q) => q.forKeyShare())
    .executeTakeFirst();
  if (blob) return;
  await trx
    .insertInto('blobs')
    .values({ tenant_id: ctx.tenantId, sha256, size, ...post.blob, created_at: ctx.now() })
    .onConflict((oc) => oc.columns(['tenant_id', 'sha256']).doNothing())
    .execute();
}

async function postVersion(ctx: TenantContext, input: PostVersionInput): Promise<PostVersionResult> {
  // Hashing, serialising and compressing happen before the transaction, so the write lock is held briefly.
  const post = await preparePost(ctx, input);
  const { documentId, parsed } = post;
  return ctx.write(
    'post a version',
    async (trx) => {
      // Locking the document row orders concurrent posts: each waits, then sees the
      // sequence and the originals committed before it.
      const doc = await trx
        .selectFrom('documents')
        .select(['id', 'last_sequence'])
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', documentId)
        .$if(ctx.lockRows, (q) => q.forNoKeyUpdate())
        .executeTakeFirst();
      if (!doc) throw notFound('The document');

      const existing = await versions(ctx, trx)
        .where('versions.document_id', '=', documentId)
        .where('versions.sha256', '=', post.version.sha256)
        .executeTakeFirst();
      if (existing) {
        if (parsed && (existing.parsed_schema_version ?? -1) < parsed.schemaVersion) {
          await upsertCache(ctx, trx, existing.id, PARSE_CACHE, parsed.schemaVersion, parsed.data);
          existing.parsed_schema_version = parsed.schemaVersion;
        }
        return { version: toVersion(existing), created: false };
      }

      await keepOriginal(ctx, trx, post);
      const sequence = doc.last_sequence + 1;
      await trx
        .updateTable('documents')
        .set({ last_sequence: sequence })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', documentId)
        .execute();
      const row = await trx
        .insertInto('versions')
        .values({
          tenant_id: ctx.tenantId,
          id: ctx.newId(),
          document_id: documentId,
          sequence,
          ...post.version,
          created_at: ctx.now(),
          // The lifecycle columns stay unset (null) unless needed: a store not yet upgraded
          // can still take a post while it waits for its migration.
          ...(post.datedAt === null ? {} : { dated_at: post.datedAt }),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (parsed) await upsertCache(ctx, trx, row.id, PARSE_CACHE, parsed.schemaVersion, parsed.data);
      for (const c of post.caches) await upsertCache(ctx, trx, row.id, c.name, c.schemaVersion, c.data);
      return {
        version: toVersion({ ...row, parsed_schema_version: parsed ? parsed.schemaVersion : null }),
        created: true,
      };
    },
    {
      missing: 'The document was not found.',
      missingHint: 'Create the document first, or check its name.',
    },
  );
}

/** Reading versions. */
function versionReads(ctx: TenantContext) {
  const one = async (
    action: string,
    where: (q: ReturnType<typeof versions>) => ReturnType<typeof versions>,
  ) => {
    const row = await ctx.read(action, (db) => where(versions(ctx, db)).executeTakeFirst());
    return row && toVersion(row);
  };
  const many = async (
    action: string,
    where: (q: ReturnType<typeof versions>) => ReturnType<typeof versions>,
  ) => (await ctx.read(action, (db) => where(versions(ctx, db)).execute())).map(toVersion);
  return {
    async getVersion(id) {
      if (!plausibleId(id)) return undefined;
      return one('read a version', (q) => q.where('versions.id', '=', id));
    },

    async getVersionBySequence(documentId, sequence) {
      if (!plausibleId(documentId) || !Number.isInteger(sequence)) return undefined;
      return one('read a version', (q) =>
        q.where('versions.document_id', '=', documentId).where('versions.sequence', '=', sequence),
      );
    },

    async latestVersion(documentId) {
      if (!plausibleId(documentId)) return undefined;
      return one('read the latest version', (q) =>
        q
          .where('versions.document_id', '=', documentId)
          .where('versions.withdrawn_at', 'is', null)
          .orderBy('versions.sequence', 'desc')
          .limit(1),
      );
    },

    async listVersions(documentId, options = {}) {
      if (!plausibleId(documentId)) return [];
      return many('list versions', (q) =>
        q
          .where('versions.document_id', '=', documentId)
          .$if(options.includeWithdrawn !== true, (q) => q.where('versions.withdrawn_at', 'is', null))
          .orderBy('versions.sequence'),
      );
    },

    async listUnannouncedVersions(limit) {
      const n = limitOf(limit);
      return many('list unfinished posts', (q) =>
        q
          .where('versions.announced_at', 'is', null)
          .where('versions.withdrawn_at', 'is', null)
          .orderBy('versions.created_at')
          .orderBy('versions.sequence')
          .limit(n),
      );
    },
  } satisfies Partial<DocumentMethods>;
}

/** A version's announcement and withdrawal, each with its change-log entry. */
function versionLifecycle(ctx: TenantContext) {
  return {
    async recordVersionChange(versionId, change) {
      if (!plausibleId(versionId)) throw notFound('The version');
      const values = changeValues(ctx, change);
      return ctx.write(
        'announce a version',
        async (trx) => {
          // The process lock comes first (as for every append), then the version is read under
          // it: two completers of one post serialise here and the second finds the change.
          if (!(await lockProcess(ctx, trx, values.process_id))) throw notFound('The process');
          const row = await versions(ctx, trx).where('versions.id', '=', versionId).executeTakeFirst();
          if (!row) throw notFound('The version');
          if (row.change_id !== null) {
            const existing = await tenantRows(ctx, trx, 'change_log')
              .where('id', '=', Number(row.change_id))
              .executeTakeFirst();
            if (existing)
              return { version: toVersion(row), change: changeRecord(ctx, existing), created: false };
          }
          const inserted = await insertChange(ctx, trx, values);
          await trx
            .updateTable('versions')
            .set({ change_id: Number(inserted.id) })
            .where('tenant_id', '=', ctx.tenantId)
            .where('id', '=', versionId)
            .execute();
          return {
            version: toVersion({ ...row, change_id: Number(inserted.id) }),
            change: changeRecord(ctx, inserted),
            created: true,
          };
        },
        { missing: 'The version or its process was not found.' },
      );
    },

    async markVersionAnnounced(versionId, at) {
      if (!plausibleId(versionId)) throw notFound('The version');
      const when = at === undefined ? ctx.now() : instant('at', at);
      return ctx.write('mark a version announced', async (trx) => {
        await trx
          .updateTable('versions')
          .set({ announced_at: when })
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', versionId)
          .where('announced_at', 'is', null)
          .execute();
        const row = await versions(ctx, trx).where('versions.id', '=', versionId).executeTakeFirst();
        if (!row) throw notFound('The version');
        return toVersion(row);
      });
    },

    async withdrawVersion(versionId, input) {
      if (!plausibleId(versionId)) throw notFound('The version');
      const by = text('Withdrawn by', input.by, 200);
      const reason = optionalText('Reason', input.reason, 500);
      const at = input.at === undefined ? ctx.now() : instant('at', input.at);
      const values = changeValues(ctx, input.change);
      return ctx.write(
        'withdraw a version',
        async (trx) => {
          if (!(await lockProcess(ctx, trx, values.process_id))) throw notFound('The process');
          const row = await versions(ctx, trx).where('versions.id', '=', versionId).executeTakeFirst();
          if (!row) throw notFound('The version');
          if (row.withdrawn_at !== null) {
            throw new RapporteurError(
              'CONFLICT',
              `Version ${row.sequence} was already withdrawn on ${readInstant(row.withdrawn_at).slice(0, 10)}.`,
              { hint: 'See `/draft versions` for the versions that count.' },
            );
          }
          const inserted = await trx
            .insertInto('change_log')
            .values(values)
            .returningAll()
            .executeTakeFirstOrThrow();
          const set = {
            withdrawn_at: at,
            withdrawn_by: by,
            withdraw_reason: reason,
            withdraw_change_id: Number(inserted.id),
          };
          await trx
            .updateTable('versions')
            .set(set)
            .where('tenant_id', '=', ctx.tenantId)
            .where('id', '=', versionId)
            .execute();
          const change = changeRecord(ctx, inserted);
          // The withdrawal's alerts commit with it: no crash can leave it logged but untold.
          const claimed: DeliveryRecord[] = [];
          for (const claim of input.claims ? await input.claims(change) : []) {
            const { delivery, created } = await claimDeliveryIn(ctx, trx, claim);
            if (created) claimed.push(delivery);
          }
          return { version: toVersion({ ...row, ...set }), change, claimed };
        },
        { missing: 'The version or its process was not found.' },
      );
    },
  } satisfies Partial<DocumentMethods>;
}

/** Originals and the caches kept beside each version. */
function versionData(ctx: TenantContext) {
  /** A cache row with its stored JSON as text (PostgreSQL's json type keeps the text as it was
   * stored; SQLite's column is that text) and its compressed bytes, if any. */
  const readCacheRow = async (versionId: string, name: unknown) => {
    if (!plausibleId(versionId)) return undefined;
    const cacheName = cacheNameOf(name);
    const json = ctx.codec.dialect === 'postgres' ? sql<string>`data::text` : sql<string>`data`;
    return ctx.read('read a parse cache', (db) =>
      db
        .selectFrom('parsed_cache')
        .select(['schema_version', 'packed', json.as('json')])
        .where('tenant_id', '=', ctx.tenantId)
        .where('version_id', '=', versionId)
        .where('name', '=', cacheName)
        .executeTakeFirst(),
    );
  };
  return {
    async readOriginal(versionId) {
      if (!plausibleId(versionId)) return undefined;
      const row = await ctx.read('read an original file', (db) =>
        db
          .selectFrom('versions')
          .innerJoin('blobs', (j) =>
            j
              .onRef('blobs.tenant_id', '=', 'versions.tenant_id')
              .onRef('blobs.sha256', '=', 'versions.sha256'),
          )
          .selectAll('blobs')
          .where('versions.tenant_id', '=', ctx.tenantId)
          .where('versions.id', '=', versionId)
          .executeTakeFirst(),
      );
      return row && unpackOriginal({ ...row, bytes: readBytes(row.bytes) });
    },

    async getParsed(versionId, name = PARSE_CACHE) {
      if (!plausibleId(versionId)) return undefined;
      const cacheName = cacheNameOf(name);
      const row = await ctx.read('read a parse cache', (db) =>
        tenantRows(ctx, db, 'parsed_cache')
          .where('version_id', '=', versionId)
          .where('name', '=', cacheName)
          .executeTakeFirst(),
      );
      return row && { schemaVersion: row.schema_version, data: await unpackJson(ctx.codec, row) };
    },

    async getParsedJson(versionId, name = PARSE_CACHE) {
      const row = await readCacheRow(versionId, name);
      return row && { schemaVersion: row.schema_version, json: await unpackJsonText(row.json, row.packed) };
    },

    async getParsedPacked(versionId, name = PARSE_CACHE) {
      const row = await readCacheRow(versionId, name);
      if (!row) return undefined;
      if (row.packed === null || row.packed === undefined)
        return { schemaVersion: row.schema_version, json: row.json };
      return { schemaVersion: row.schema_version, packed: readBytes(row.packed) };
    },

    async setParsed(versionId, cache, name = PARSE_CACHE) {
      if (!plausibleId(versionId)) throw notFound('The version');
      const cacheName = cacheNameOf(name);
      const schemaVersion = int('schemaVersion', cache?.schemaVersion, 0, 2_000_000_000);
      const data = await cacheAsStored('parsed data', cache);
      await ctx.write(
        'store a parse cache',
        async (trx) => {
          await requireVersion(ctx, trx, versionId);
          await upsertCache(ctx, trx, versionId, cacheName, schemaVersion, data);
        },
        { missing: 'The version was not found.' },
      );
    },
  } satisfies Partial<DocumentMethods>;
}

export function documentFamily(ctx: TenantContext): DocumentMethods {
  return {
    ...documentMethods(ctx),
    postVersion: (input) => postVersion(ctx, input),
    ...versionReads(ctx),
    ...versionLifecycle(ctx),
    ...versionData(ctx),
  };
}
