import type { Selectable, Transaction } from 'kysely';
import { RapporteurError } from '../../core/errors.js';
import type { ProcessMethods } from '../../core/ports/index.js';
import { findLookAlike, lookAlikeError, normaliseProcessName } from '../../core/process-names.js';
import { type ProcessRecord, type ProcessSettings, processSettingsSchema, slugOf } from '../../core/store.js';
import { encodeJson, invalidSettings, plausibleId, readInstant, text } from '../codec.js';
import type { TenantContext } from '../context.js';
import type { Database, ProcessesTable } from '../schema.js';
import { familyOf, notFound, pruneBlobs, rowById, tenantRows } from './common.js';

/** Parses settings merged over `base`; unknown keys are refused so a typo is not silently ignored. */
export function parseSettings(base: unknown, patch: unknown): ProcessSettings {
  if (patch !== undefined && (typeof patch !== 'object' || patch === null || Array.isArray(patch))) {
    throw invalidSettings('process settings', [{ path: [], message: 'must be an object' }]);
  }
  const known = new Set(Object.keys(processSettingsSchema.shape));
  const unknown = Object.keys(patch ?? {}).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw invalidSettings(
      'process settings',
      unknown.map((k) => ({ path: [k], message: 'is not a setting' })),
    );
  }
  const defined = Object.fromEntries(Object.entries(patch ?? {}).filter(([, v]) => v !== undefined));
  const parsed = processSettingsSchema.safeParse({ ...(base as object), ...defined });
  if (!parsed.success) throw invalidSettings('process settings', parsed.error.issues);
  return parsed.data;
}

/** The store keeps names of 1 to 200 characters; commands ask for 2 to 120. */
const STORE_NAME_LIMITS = { min: 1, max: 200 };

/** The slug of a user-given name, or INVALID_ARGUMENT when the name has no letters or digits. */
export function requireSlug(field: string, name: string): string {
  const slug = slugOf(name);
  if (!slug) {
    throw new RapporteurError('INVALID_ARGUMENT', `${field} "${name}" has no letters or digits.`, {
      hint: 'Choose a name people can type, such as "WSIS+10 Vision".',
    });
  }
  return slug;
}

/** What the process methods share. */
function processHelpers(ctx: TenantContext) {
  const toRecord = (row: Selectable<ProcessesTable>): ProcessRecord => ({
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    slug: row.slug,
    // Rows written by older versions may lack newer settings: the schema fills the defaults.
    settings: parseSettings(ctx.codec.readJson(row.settings), undefined),
    createdAt: readInstant(row.created_at),
    updatedAt: readInstant(row.updated_at),
  });

  const conflictMessage = (name: string, slug: string) => ({
    conflict: `A process called "${name}" (or a name with the same handle, ${slug}) already exists.`,
    conflictHint: 'Use the existing process, or choose another name.',
    missing: 'This tenant is not registered.',
    missingHint: 'Register the server, workspace or list first (ensureTenant).',
  });

  /** CONFLICT when another process of the tenant has a name that looks like `name`. */
  const refuseLookAlike = async (trx: Transaction<Database>, name: string, slug: string, except?: string) => {
    const others = await trx
      .selectFrom('processes')
      .select(['id', 'name', 'slug'])
      .where('tenant_id', '=', ctx.tenantId)
      .execute();
    const twin = findLookAlike(
      name,
      slug,
      others.filter((o) => o.id !== except),
    );
    if (twin) throw lookAlikeError(name, twin);
  };

  return { toRecord, conflictMessage, refuseLookAlike };
}

/** Creating and reading processes. */
function processReads(ctx: TenantContext, h: ReturnType<typeof processHelpers>) {
  const { toRecord, conflictMessage, refuseLookAlike } = h;
  return {
    async createProcess(input) {
      const name = normaliseProcessName(text('Process name', input.name, 200), STORE_NAME_LIMITS);
      const slug = requireSlug('The process name', name);
      const settings = encodeJson('settings', parseSettings({}, input.settings));
      const now = ctx.now();
      const row = await ctx.write(
        'create a process',
        async (trx) => {
          await refuseLookAlike(trx, name, slug);
          return trx
            .insertInto('processes')
            .values({
              tenant_id: ctx.tenantId,
              id: ctx.newId(),
              name,
              slug,
              settings,
              created_at: now,
              updated_at: now,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
        },
        conflictMessage(name, slug),
      );
      return toRecord(row);
    },

    async getProcess(id) {
      const row = await rowById(ctx, 'read a process', 'processes', id);
      return row && toRecord(row);
    },

    async findProcess(nameOrSlug) {
      const slug = typeof nameOrSlug === 'string' ? slugOf(nameOrSlug) : '';
      if (!slug) return undefined;
      const row = await ctx.read('find a process', (db) =>
        tenantRows(ctx, db, 'processes').where('slug', '=', slug).executeTakeFirst(),
      );
      return row && toRecord(row);
    },

    async listProcesses() {
      const rows = await ctx.read('list processes', (db) =>
        tenantRows(ctx, db, 'processes').orderBy('slug').execute(),
      );
      return rows.map(toRecord);
    },
  } satisfies Partial<ProcessMethods>;
}

/** Renaming, re-configuring and deleting processes. */
function processChanges(ctx: TenantContext, h: ReturnType<typeof processHelpers>) {
  const { toRecord, conflictMessage, refuseLookAlike } = h;
  return {
    async updateProcess(id, patch) {
      if (!plausibleId(id)) throw notFound('The process');
      const name =
        patch.name === undefined
          ? undefined
          : normaliseProcessName(text('Process name', patch.name, 200), STORE_NAME_LIMITS);
      const slug = name === undefined ? undefined : requireSlug('The process name', name);
      const row = await ctx.write(
        'update a process',
        async (trx) => {
          // Read-modify-write of the settings: lock the row so concurrent patches both land.
          const current = await tenantRows(ctx, trx, 'processes')
            .where('id', '=', id)
            .$if(ctx.lockRows, (q) => q.forUpdate())
            .executeTakeFirst();
          if (!current) throw notFound('The process');
          if (name !== undefined && slug !== undefined) await refuseLookAlike(trx, name, slug, id);
          const settings =
            patch.settings === undefined
              ? undefined
              : encodeJson('settings', parseSettings(toRecord(current).settings, patch.settings));
          return trx
            .updateTable('processes')
            .set({
              ...(name === undefined ? {} : { name, slug: slug as string }),
              ...(settings === undefined ? {} : { settings }),
              updated_at: ctx.now(),
            })
            .where('tenant_id', '=', ctx.tenantId)
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirstOrThrow();
        },
        conflictMessage(name ?? '', slug ?? ''),
      );
      return toRecord(row);
    },

    async deleteProcess(id) {
      if (!plausibleId(id)) throw notFound('The process');
      await ctx.write('delete a process', async (trx) => {
        const shas = await trx
          .selectFrom('versions')
          .innerJoin('documents', (j) =>
            j
              .onRef('documents.tenant_id', '=', 'versions.tenant_id')
              .onRef('documents.id', '=', 'versions.document_id'),
          )
          .select('versions.sha256')
          .where('versions.tenant_id', '=', ctx.tenantId)
          .where('documents.process_id', '=', id)
          .execute();
        // Reminders of the process's meetings go with the meetings (cascade); deliveries stay as history.
        const result = await trx
          .deleteFrom('processes')
          .where('tenant_id', '=', ctx.tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (result.numDeletedRows === 0n) throw notFound('The process');
        await pruneBlobs(
          ctx,
          trx,
          shas.map((s) => s.sha256),
        );
      });
    },
  } satisfies Partial<ProcessMethods>;
}

export function processFamily(ctx: TenantContext): ProcessMethods {
  return familyOf(ctx, processHelpers(ctx), processReads, processChanges);
}
