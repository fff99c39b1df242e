import { type Kysely, type Selectable, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import { RapporteurError } from '../../core/errors.js';
import type { Target } from '../../core/store.js';
import { plausibleId, text } from '../codec.js';
import type { TenantContext } from '../context.js';
import type { Database } from '../schema.js';

/** NOT_FOUND for a record this tenant does not have (whether it never existed or belongs to another tenant). */
export function notFound(
  what: string,
  hint = 'Check the name or id; it may have been deleted.',
): RapporteurError {
  return new RapporteurError('NOT_FOUND', `${what} was not found.`, { hint });
}

/** Inside `trx`: NOT_FOUND unless this tenant has the version (before writing beside it). */
export async function requireVersion(
  ctx: TenantContext,
  trx: Transaction<Database>,
  versionId: string,
): Promise<void> {
  if (!(await selectById(ctx, trx, 'versions', versionId))) throw notFound('The version');
}

/** Default and ceiling for list sizes. */
export function limitOf(limit: number | undefined, fallback = 100, max = 1000): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RapporteurError('INVALID_ARGUMENT', `limit must be a whole number of at least 1.`, {
      hint: `Give a limit from 1 to ${max}.`,
    });
  }
  return Math.min(limit, max);
}

/**
 * Locks a process row for the rest of the transaction on PostgreSQL (SQLite transactions are
 * already serialised) and tells whether it exists in this tenant. FOR NO KEY UPDATE serialises
 * the callers that take it without blocking inserts of rows that merely reference the process.
 */
export async function lockProcess(
  ctx: TenantContext,
  trx: Transaction<Database>,
  processId: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom('processes')
    .select('id')
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', processId)
    .$if(ctx.lockRows, (q) => q.forNoKeyUpdate())
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Deletes originals that no version references any more. On PostgreSQL the blob rows are
 * locked first: a concurrent post that reuses one of them holds a share lock on it, so either
 * that post commits first (and the blob is kept) or it waits and re-inserts the blob.
 */
export async function pruneBlobs(
  ctx: TenantContext,
  trx: Transaction<Database>,
  shas: string[],
): Promise<void> {
  if (shas.length === 0) return;
  const unique = [...new Set(shas)];
  if (ctx.lockRows) {
    await trx
      .selectFrom('blobs')
      .select('sha256')
      .where('tenant_id', '=', ctx.tenantId)
      .where('sha256', 'in', unique)
      .forUpdate()
      .execute();
  }
  await trx
    .deleteFrom('blobs')
    .where('tenant_id', '=', ctx.tenantId)
    .where('sha256', 'in', unique)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('versions')
            .select(sql`1`.as('one'))
            .whereRef('versions.tenant_id', '=', 'blobs.tenant_id')
            .whereRef('versions.sha256', '=', 'blobs.sha256'),
        ),
      ),
    )
    .execute();
}

/** A reminder or delivery target, checked. */
export function targetOf(value: unknown): Target {
  const t = value as Partial<Target> | null;
  if (!t || (t.kind !== 'channel' && t.kind !== 'person')) {
    throw new RapporteurError('INVALID_ARGUMENT', 'A target must be a channel or a person.', {
      hint: 'Give target as { kind: "channel" | "person", id }.',
    });
  }
  return { kind: t.kind, id: text('Target id', t.id, 200) };
}

/** A status filter, checked against the statuses a table allows. */
export function statusOf<S extends string>(field: string, value: unknown, allowed: readonly S[]): S {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as S;
  throw new RapporteurError('INVALID_ARGUMENT', `${field} must be one of ${allowed.join(', ')}.`, {
    hint: `Use one of: ${allowed.join(', ')}.`,
  });
}

/** The intersection of a union's members: `A | B` -> `A & B`. */
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/**
 * A family of tenant methods (what one file of this folder offers the store) put together from
 * its parts, each built from the tenant context and the helpers the family shares, built once.
 * The result has every part's methods: a family declared as returning its port's methods is
 * checked for completeness as if it spread the parts itself.
 */
export function familyOf<H, P extends readonly object[]>(
  ctx: TenantContext,
  helpers: H,
  ...parts: { [K in keyof P]: (ctx: TenantContext, h: H) => P[K] }
): Intersection<P[number]> {
  return Object.assign({}, ...parts.map((part) => part(ctx, helpers)));
}

/** The tables whose rows have an id of their own within their tenant. */
type IdTable = {
  [T in keyof Database]: Database[T] extends { tenant_id: string; id: string | number } ? T : never;
}[keyof Database];

/** Any of those tables, seen as (tenant_id, id) rows, for the by-id helpers below. */
type ById = Kysely<{ row: { tenant_id: string; id: string } }>;

/** The tables whose rows belong to a tenant. */
type TenantTable = {
  [T in keyof Database]: Database[T] extends { tenant_id: string } ? T : never;
}[keyof Database];

/**
 * Every row of `table` that belongs to this tenant, as a query to narrow further: the one
 * start of the tenant families' reads, so that none can forget the tenant.
 */
export function tenantRows<T extends TenantTable>(
  ctx: TenantContext,
  db: Kysely<Database> | Transaction<Database>,
  table: T,
): SelectQueryBuilder<Database, T, Selectable<Database[T]>> {
  return (db as unknown as Kysely<{ row: { tenant_id: string } }>)
    .selectFrom(table as TenantTable as 'row')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId) as unknown as SelectQueryBuilder<
    Database,
    T,
    Selectable<Database[T]>
  >;
}

/** One row of `table` with this id in this tenant, inside `db` or a transaction. */
export function selectById<T extends IdTable>(
  ctx: TenantContext,
  db: Kysely<Database> | Transaction<Database>,
  table: T,
  id: string,
): Promise<Selectable<Database[T]> | undefined> {
  return (db as unknown as ById)
    .selectFrom(table as IdTable as 'row')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst() as Promise<Selectable<Database[T]> | undefined>;
}

/** Reads one row by id; undefined for an id this store cannot have issued or a row it does not have. */
export async function rowById<T extends IdTable>(
  ctx: TenantContext,
  action: string,
  table: T,
  id: unknown,
): Promise<Selectable<Database[T]> | undefined> {
  if (!plausibleId(id)) return undefined;
  return ctx.read(action, (db) => selectById(ctx, db, table, id));
}

/** Deletes one row by id; NOT_FOUND (`what` was not found) when this tenant has no such row. */
export async function deleteById(
  ctx: TenantContext,
  action: string,
  table: IdTable,
  id: unknown,
  what: string,
): Promise<void> {
  if (!plausibleId(id)) throw notFound(what);
  await ctx.write(action, async (trx) => {
    const result = await (trx as unknown as ById)
      .deleteFrom(table as IdTable as 'row')
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) throw notFound(what);
  });
}

/**
 * Deletes, inside `trx`, this tenant's reminders or deliveries addressed to `target` (when the
 * person or channel they would go to is gone); returns how many rows went.
 */
export async function deleteAddressedTo(
  ctx: TenantContext,
  trx: Transaction<Database>,
  table: 'reminders' | 'deliveries',
  target: Target,
): Promise<bigint> {
  const result = await trx
    .deleteFrom(table)
    .where('tenant_id', '=', ctx.tenantId)
    .where('target_kind', '=', target.kind)
    .where('target_id', '=', target.id)
    .executeTakeFirst();
  return result.numDeletedRows;
}
