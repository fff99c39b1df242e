import type { Selectable, Transaction } from 'kysely';
import { RapporteurError } from '../../core/errors.js';
import type { AgreedTextRecord, LanguageMethods, LanguageSegment } from '../../core/language/store.js';
import { AGREED_RANKS, type AgreedRank } from '../../core/language/types.js';
import { isStorableText } from '../../core/store.js';
import {
  encodeCache,
  encodeJson,
  instant,
  int,
  localDate,
  optionalText,
  plausibleId,
  readBytes,
  readInstant,
  sha256Hex,
  text,
} from '../codec.js';
import type { TenantContext } from '../context.js';
import type { Database, LanguageTextsTable } from '../schema.js';
import { familyOf, lockProcess, notFound, requireVersion } from './common.js';

/** Largest extracted text an agreed text may have (the documents module caps files well below). */
const MAX_TEXT_CHARS = 50_000_000;
/** Largest segment of the index kept (a text's segment is a fraction of the text's size). */
const MAX_SEGMENT_BYTES = 256 * 1024 * 1024;

const METADATA = [
  'id',
  'tenant_id',
  'process_id',
  'title',
  'symbol',
  'adopted',
  'body',
  'rank',
  'file_name',
  'content_type',
  'sha256',
  'size',
  'source_version_id',
  'added_by',
  'chars',
  'created_at',
] as const;

type MetadataRow = Pick<Selectable<LanguageTextsTable>, (typeof METADATA)[number]>;

function rankOf(value: unknown): AgreedRank | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && (AGREED_RANKS as readonly string[]).includes(value))
    return value as AgreedRank;
  throw new RapporteurError('INVALID_ARGUMENT', `The rank must be one of ${AGREED_RANKS.join(', ')}.`, {
    hint: 'Leave it out when the adopting body has none of these ranks.',
  });
}

function segmentBytes(segment: LanguageSegment): { schemaVersion: number; bytes: Uint8Array } {
  const schemaVersion = int('schemaVersion', segment?.schemaVersion, 0, 2_000_000_000);
  if (!(segment.bytes instanceof Uint8Array) || segment.bytes.byteLength > MAX_SEGMENT_BYTES) {
    throw new RapporteurError('INVALID_ARGUMENT', 'A segment of the index must be bytes, at most 256 MB.', {
      hint: 'Split the agreed text into smaller documents.',
    });
  }
  return { schemaVersion, bytes: segment.bytes };
}

function agreedTextFromRow(row: MetadataRow): AgreedTextRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    processId: row.process_id,
    title: row.title,
    symbol: row.symbol,
    adopted: row.adopted,
    body: row.body,
    rank: row.rank as AgreedRank | null,
    fileName: row.file_name,
    contentType: row.content_type,
    sha256: row.sha256,
    size: Number(row.size),
    chars: Number(row.chars),
    sourceVersionId: row.source_version_id,
    addedBy: row.added_by,
    createdAt: readInstant(row.created_at),
  };
}

/** What the language methods share. */
function languageHelpers(ctx: TenantContext) {
  const metadata = (db: TenantContext['db'] | Transaction<Database>) =>
    db.selectFrom('language_texts').select(METADATA).where('tenant_id', '=', ctx.tenantId);

  /** Raises (creating) the library's revision; in the caller's transaction. */
  const bump = async (trx: Transaction<Database>, processId: string, now: string) => {
    const row = await trx
      .insertInto('language_libraries')
      .values({ tenant_id: ctx.tenantId, process_id: processId, revision: 1, updated_at: now })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'process_id']).doUpdateSet((eb) => ({
          revision: eb('language_libraries.revision', '+', 1),
          updated_at: now,
        })),
      )
      .returning('revision')
      .executeTakeFirstOrThrow();
    return Number(row.revision);
  };

  return { metadata, bump };
}

type LanguageHelpers = ReturnType<typeof languageHelpers>;

/** Adding and removing agreed texts, each raising the library's revision. */
function languageLibrary(ctx: TenantContext, h: LanguageHelpers) {
  const { metadata, bump } = h;
  return {
    async addAgreedText(input) {
      if (!plausibleId(input?.processId)) throw notFound('The process');
      const processId = input.processId;
      const title = text('Title', input.title, 500);
      const symbol = optionalText('Symbol', input.symbol, 200);
      const adopted = localDate('Date of adoption', input.adopted);
      if (adopted === null) {
        throw new RapporteurError('INVALID_ARGUMENT', 'An agreed text needs its date of adoption.', {
          hint: 'Give it as YYYY-MM-DD, e.g. 2005-11-18.',
        });
      }
      const body = optionalText('Adopting body', input.body, 500);
      const rank = rankOf(input.rank);
      const fileName = text('File name', input.fileName, 500);
      const contentType = text('Content type', input.contentType, 200);
      const sha256 = sha256Hex('sha256', input.sha256);
      const size = int('size', input.size, 0, Number.MAX_SAFE_INTEGER);
      const sourceVersionId =
        input.sourceVersionId === undefined || input.sourceVersionId === null ? null : input.sourceVersionId;
      if (sourceVersionId !== null && !plausibleId(sourceVersionId)) throw notFound('The version');
      const addedBy = text('Added by', input.addedBy, 200);
      // Kept exactly as extracted (not trimmed): the parse's offsets point into it.
      const body_text = input.text;
      if (
        typeof body_text !== 'string' ||
        body_text.trim().length === 0 ||
        body_text.length > MAX_TEXT_CHARS ||
        !isStorableText(body_text)
      ) {
        throw new RapporteurError(
          'INVALID_ARGUMENT',
          `The text of an agreed text must be non-empty, storable text of at most ${MAX_TEXT_CHARS.toLocaleString('en-US')} characters.`,
          { hint: 'Check the document: it may have no text layer, or be too large to keep.' },
        );
      }
      const parsedSchema = int('parsed.schemaVersion', input.parsed?.schemaVersion, 0, 2_000_000_000);
      const parsed = encodeCache('parsed', input.parsed);
      const segment = input.segment === undefined ? undefined : segmentBytes(input.segment);
      const createdAt = input.addedAt === undefined ? ctx.now() : instant('addedAt', input.addedAt);
      const id = ctx.newId();
      const row = await ctx.write(
        'add an agreed text',
        async (trx) => {
          if (!(await lockProcess(ctx, trx, processId))) throw notFound('The process');
          if (sourceVersionId !== null) {
            const version = await trx
              .selectFrom('versions')
              .innerJoin('documents', (j) =>
                j
                  .onRef('documents.tenant_id', '=', 'versions.tenant_id')
                  .onRef('documents.id', '=', 'versions.document_id'),
              )
              .select('versions.id')
              .where('versions.tenant_id', '=', ctx.tenantId)
              .where('versions.id', '=', sourceVersionId)
              .where('documents.process_id', '=', processId)
              .executeTakeFirst();
            if (!version) throw notFound('The version');
          }
          await trx
            .insertInto('language_texts')
            .values({
              tenant_id: ctx.tenantId,
              id,
              process_id: processId,
              title,
              symbol,
              adopted,
              body,
              rank,
              file_name: fileName,
              content_type: contentType,
              sha256,
              size,
              source_version_id: sourceVersionId,
              added_by: addedBy,
              chars: body_text.length,
              text: body_text,
              parsed_schema_version: parsedSchema,
              parsed,
              created_at: createdAt,
            })
            .execute();
          if (segment) {
            await trx
              .insertInto('language_segments')
              .values({
                tenant_id: ctx.tenantId,
                text_id: id,
                schema_version: segment.schemaVersion,
                bytes: ctx.codec.bytes(segment.bytes),
                updated_at: ctx.now(),
              })
              .execute();
          }
          await bump(trx, processId, ctx.now());
          return metadata(trx).where('id', '=', id).executeTakeFirstOrThrow();
        },
        {
          conflict: 'This document is already in the library of agreed texts.',
          conflictHint:
            '`/language list` shows the library; remove the old entry first to change its details.',
          missing: 'The process was not found.',
          missingHint: 'Follow a process first, or check its name.',
        },
      );
      return agreedTextFromRow(row);
    },

    async removeAgreedText(id) {
      if (!plausibleId(id)) throw notFound('The agreed text');
      await ctx.write('remove an agreed text', async (trx) => {
        const row = await trx
          .selectFrom('language_texts')
          .select('process_id')
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (!row) throw notFound('The agreed text');
        // The process lock orders this against concurrent adds (revision bumps stay serial).
        await lockProcess(ctx, trx, row.process_id);
        const result = await trx
          .deleteFrom('language_texts')
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (result.numDeletedRows === 0n) throw notFound('The agreed text');
        await bump(trx, row.process_id, ctx.now());
      });
    },

    async libraryRevision(processId) {
      if (!plausibleId(processId)) return 0;
      const row = await ctx.read('read the library revision', (db) =>
        db
          .selectFrom('language_libraries')
          .select('revision')
          .where('tenant_id', '=', ctx.tenantId)
          .where('process_id', '=', processId)
          .executeTakeFirst(),
      );
      return row ? Number(row.revision) : 0;
    },
  } satisfies Partial<LanguageMethods>;
}

/** Reading agreed texts. */
function languageReads(ctx: TenantContext, h: LanguageHelpers) {
  const { metadata } = h;
  return {
    async getAgreedText(id) {
      if (!plausibleId(id)) return undefined;
      const row = await ctx.read('read an agreed text', (db) =>
        metadata(db).where('id', '=', id).executeTakeFirst(),
      );
      return row && agreedTextFromRow(row);
    },

    async listAgreedTexts(processId) {
      if (!plausibleId(processId)) return [];
      const rows = await ctx.read('list agreed texts', (db) =>
        metadata(db)
          .where('process_id', '=', processId)
          .orderBy('adopted', 'desc')
          .orderBy('title')
          .orderBy('id')
          .execute(),
      );
      return rows.map(agreedTextFromRow);
    },

    async listAgreedTextContents(processId) {
      if (!plausibleId(processId)) return [];
      const rows = await ctx.read('read the agreed texts', (db) =>
        metadata(db)
          .select(['text', 'parsed_schema_version', 'parsed'])
          .where('process_id', '=', processId)
          .orderBy('adopted')
          .orderBy('created_at')
          .orderBy('id')
          .execute(),
      );
      return rows.map((row) => ({
        record: agreedTextFromRow(row),
        text: row.text,
        parsed: { schemaVersion: row.parsed_schema_version, data: ctx.codec.readJson(row.parsed) },
      }));
    },
  } satisfies Partial<LanguageMethods>;
}

/** The per-text segments of the index. */
function languageIndex(ctx: TenantContext) {
  return {
    async listAgreedTextSegments(processId) {
      if (!plausibleId(processId)) return [];
      const rows = await ctx.read('read the index of agreed texts', (db) =>
        db
          .selectFrom('language_texts')
          .leftJoin('language_segments', (j) =>
            j
              .onRef('language_segments.tenant_id', '=', 'language_texts.tenant_id')
              .onRef('language_segments.text_id', '=', 'language_texts.id'),
          )
          .select(METADATA.map((c) => `language_texts.${c}` as const))
          .select([
            'language_texts.text',
            'language_segments.schema_version as segment_schema_version',
            'language_segments.bytes as segment_bytes',
          ])
          .where('language_texts.tenant_id', '=', ctx.tenantId)
          .where('language_texts.process_id', '=', processId)
          .orderBy('language_texts.adopted')
          .orderBy('language_texts.created_at')
          .orderBy('language_texts.id')
          .execute(),
      );
      return rows.map((row) => ({
        record: agreedTextFromRow(row),
        text: row.text,
        ...(row.segment_bytes === null || row.segment_schema_version === null
          ? {}
          : {
              segment: {
                schemaVersion: Number(row.segment_schema_version),
                bytes: readBytes(row.segment_bytes),
              },
            }),
      }));
    },

    async setLanguageSegment(textId, segment) {
      if (!plausibleId(textId)) return false;
      const { schemaVersion, bytes } = segmentBytes(segment);
      return ctx.write('store a segment of the index', async (trx) => {
        const text = await trx
          .selectFrom('language_texts')
          .select('id')
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', textId)
          .executeTakeFirst();
        if (!text) return false;
        const values = {
          schema_version: schemaVersion,
          bytes: ctx.codec.bytes(bytes),
          updated_at: ctx.now(),
        };
        await trx
          .insertInto('language_segments')
          .values({ tenant_id: ctx.tenantId, text_id: textId, ...values })
          .onConflict((oc) => oc.columns(['tenant_id', 'text_id']).doUpdateSet(values))
          .execute();
        return true;
      });
    },
  } satisfies Partial<LanguageMethods>;
}

/** The cached match of a version against the library. */
function languageMatches(ctx: TenantContext) {
  return {
    async getLanguageMatch(versionId) {
      if (!plausibleId(versionId)) return undefined;
      const row = await ctx.read('read a language match', (db) =>
        db
          .selectFrom('language_matches')
          .select(['library_revision', 'schema_version', 'data'])
          .where('tenant_id', '=', ctx.tenantId)
          .where('version_id', '=', versionId)
          .executeTakeFirst(),
      );
      return (
        row && {
          libraryRevision: Number(row.library_revision),
          schemaVersion: Number(row.schema_version),
          data: ctx.codec.readJson(row.data),
        }
      );
    },

    async setLanguageMatch(versionId, cache) {
      if (!plausibleId(versionId)) throw notFound('The version');
      const libraryRevision = int('libraryRevision', cache?.libraryRevision, 0, 2_000_000_000);
      const schemaVersion = int('schemaVersion', cache?.schemaVersion, 0, 2_000_000_000);
      const data = encodeJson('match data', cache.data);
      await ctx.write(
        'store a language match',
        async (trx) => {
          await requireVersion(ctx, trx, versionId);
          const values = {
            library_revision: libraryRevision,
            schema_version: schemaVersion,
            data,
            updated_at: ctx.now(),
          };
          await trx
            .insertInto('language_matches')
            .values({ tenant_id: ctx.tenantId, version_id: versionId, ...values })
            .onConflict((oc) => oc.columns(['tenant_id', 'version_id']).doUpdateSet(values))
            .execute();
        },
        { missing: 'The version was not found.' },
      );
    },
  } satisfies Partial<LanguageMethods>;
}

export function languageFamily(ctx: TenantContext): LanguageMethods {
  return familyOf(ctx, languageHelpers(ctx), languageLibrary, languageReads, languageIndex, languageMatches);
}
