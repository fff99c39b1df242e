import type { Selectable } from 'kysely';
import { RapporteurError } from '../../core/errors.js';
import type { PeopleMethods } from '../../core/ports/index.js';
import {
  isValidTimeZone,
  type PersonRecord,
  type Principal,
  type ReminderPreferences,
  type RoleGrantRecord,
  type RoleName,
  reminderPreferencesSchema,
} from '../../core/store.js';
import {
  type Codec,
  encodeJson,
  instant,
  invalidSettings,
  optionalText,
  plausibleId,
  readInstant,
  text,
} from '../codec.js';
import type { TenantContext } from '../context.js';
import type { PeopleTable, RolesTable } from '../schema.js';
import { deleteAddressedTo, deleteById, familyOf, notFound, tenantRows } from './common.js';

const ROLES: readonly RoleName[] = ['poster'];

function parseReminders(base: unknown, patch: unknown): ReminderPreferences {
  if (patch !== undefined && (typeof patch !== 'object' || patch === null || Array.isArray(patch))) {
    throw invalidSettings('reminder preferences', [{ path: [], message: 'must be an object' }]);
  }
  const known = new Set(Object.keys(reminderPreferencesSchema.shape));
  const unknown = Object.keys(patch ?? {}).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw invalidSettings(
      'reminder preferences',
      unknown.map((k) => ({ path: [k], message: 'is not a preference' })),
    );
  }
  const defined = Object.fromEntries(Object.entries(patch ?? {}).filter(([, v]) => v !== undefined));
  const parsed = reminderPreferencesSchema.safeParse({ ...(base as object), ...defined });
  if (!parsed.success) throw invalidSettings('reminder preferences', parsed.error.issues);
  return parsed.data;
}

function principalOf(value: unknown): Principal {
  const p = value as Partial<Principal> | null;
  if (!p || (p.kind !== 'user' && p.kind !== 'platform-role')) {
    throw new RapporteurError('INVALID_ARGUMENT', 'A role must be granted to a user or to a platform role.', {
      hint: 'Give principal as { kind: "user" | "platform-role", id }.',
    });
  }
  return { kind: p.kind, id: text('Principal id', p.id, 200) };
}

function roleOf(value: unknown): RoleName {
  if (typeof value === 'string' && (ROLES as readonly string[]).includes(value)) return value as RoleName;
  throw new RapporteurError('INVALID_ARGUMENT', `Unknown role; the roles are ${ROLES.join(', ')}.`, {
    hint: 'Grant "poster" to let someone post official drafts and announcements.',
  });
}

/** A person row as a record (also read joined to their deliveries). */
export function personFromRow(codec: Codec, row: Selectable<PeopleTable>): PersonRecord {
  return {
    tenantId: row.tenant_id,
    platformUserId: row.platform_user_id,
    timeZone: row.time_zone,
    reminders: parseReminders(codec.readJson(row.reminders), undefined),
    updatedAt: readInstant(row.updated_at),
  };
}

/** What the people methods share. */
function peopleHelpers(ctx: TenantContext) {
  const toPerson = (row: Selectable<PeopleTable>) => personFromRow(ctx.codec, row);
  const toGrant = (row: Selectable<RolesTable>): RoleGrantRecord => ({
    id: row.id,
    tenantId: row.tenant_id,
    processId: row.process_id,
    principal: { kind: row.principal_kind as Principal['kind'], id: row.principal_id },
    role: row.role as RoleName,
    grantedBy: row.granted_by,
    grantedAt: readInstant(row.granted_at),
  });

  return { toPerson, toGrant };
}

/** People: their settings, and forgetting them. */
function personMethods(ctx: TenantContext, h: ReturnType<typeof peopleHelpers>) {
  const { toPerson } = h;
  return {
    async setPerson(platformUserId, patch) {
      const userId = text('User id', platformUserId, 200);
      if (typeof patch !== 'object' || patch === null) {
        throw invalidSettings('person settings', [{ path: [], message: 'must be an object' }]);
      }
      if (patch.timeZone !== undefined && patch.timeZone !== null && !isValidTimeZone(patch.timeZone)) {
        throw new RapporteurError(
          'INVALID_ARGUMENT',
          `"${String(patch.timeZone)}" is not a time zone this system knows.`,
          {
            hint: 'Give an IANA zone such as Australia/Sydney or America/Lima.',
          },
        );
      }
      const row = await ctx.write(
        'save a person',
        async (trx) => {
          // Two first saves at once would each merge over nothing: the row exists first, so
          // the second waits for the first's lock and merges over its result.
          await trx
            .insertInto('people')
            .values({
              tenant_id: ctx.tenantId,
              platform_user_id: userId,
              time_zone: null,
              reminders: encodeJson('reminders', parseReminders({}, undefined)),
              updated_at: ctx.now(),
            })
            .onConflict((oc) => oc.columns(['tenant_id', 'platform_user_id']).doNothing())
            .execute();
          const current = await tenantRows(ctx, trx, 'people')
            .where('platform_user_id', '=', userId)
            .$if(ctx.lockRows, (q) => q.forUpdate())
            .executeTakeFirstOrThrow();
          const reminders = parseReminders(ctx.codec.readJson(current.reminders), patch.reminders);
          return trx
            .updateTable('people')
            .set({
              time_zone: patch.timeZone === undefined ? current.time_zone : patch.timeZone,
              reminders: encodeJson('reminders', reminders),
              updated_at: ctx.now(),
            })
            .where('tenant_id', '=', ctx.tenantId)
            .where('platform_user_id', '=', userId)
            .returningAll()
            .executeTakeFirstOrThrow();
        },
        {
          missing: 'This tenant is not registered.',
          missingHint: 'Register the tenant first (ensureTenant).',
        },
      );
      return toPerson(row);
    },

    async getPerson(platformUserId) {
      if (!plausibleId(platformUserId)) return undefined;
      const row = await ctx.read('read a person', (db) =>
        tenantRows(ctx, db, 'people')
          .where('platform_user_id', '=', platformUserId.trim())
          .executeTakeFirst(),
      );
      return row && toPerson(row);
    },

    async listPeople() {
      const rows = await ctx.read('list people', (db) =>
        tenantRows(ctx, db, 'people').orderBy('platform_user_id').execute(),
      );
      return rows.map(toPerson);
    },

    async forgetPerson(platformUserId) {
      if (!plausibleId(platformUserId)) throw notFound('The person');
      const userId = platformUserId.trim();
      await ctx.write('forget a person', async (trx) => {
        const person = await trx
          .deleteFrom('people')
          .where('tenant_id', '=', ctx.tenantId)
          .where('platform_user_id', '=', userId)
          .executeTakeFirst();
        const target = { kind: 'person', id: userId } as const;
        const reminders = await deleteAddressedTo(ctx, trx, 'reminders', target);
        // Delivery rows name the person as their target: forgetting them drops those too.
        const deliveries = await deleteAddressedTo(ctx, trx, 'deliveries', target);
        const roles = await trx
          .deleteFrom('roles')
          .where('tenant_id', '=', ctx.tenantId)
          .where('principal_kind', '=', 'user')
          .where('principal_id', '=', userId)
          .executeTakeFirst();
        const total = person.numDeletedRows + reminders + deliveries + roles.numDeletedRows;
        if (total === 0n) throw notFound('The person');
      });
    },
  } satisfies Partial<PeopleMethods>;
}

/** Role grants and checks. */
function roleMethods(ctx: TenantContext, h: ReturnType<typeof peopleHelpers>) {
  const { toGrant } = h;
  return {
    async grantRole(input) {
      const principal = principalOf(input.principal);
      const role = roleOf(input.role);
      const processId = input.processId;
      if (processId !== null && !plausibleId(processId)) throw notFound('The process');
      const grantedBy = optionalText('grantedBy', input.grantedBy, 200);
      const grantedAt = input.grantedAt === undefined ? ctx.now() : instant('grantedAt', input.grantedAt);
      return ctx.write(
        'grant a role',
        async (trx) => {
          const inserted = await trx
            .insertInto('roles')
            .values({
              tenant_id: ctx.tenantId,
              id: ctx.newId(),
              process_id: processId,
              principal_kind: principal.kind,
              principal_id: principal.id,
              role,
              granted_by: grantedBy,
              granted_at: grantedAt,
            })
            // The unique index is on an expression (tenant-wide grants have no process), so no conflict target.
            .onConflict((oc) => oc.doNothing())
            .returningAll()
            .executeTakeFirst();
          if (inserted) return { grant: toGrant(inserted), created: true };
          const existing = await tenantRows(ctx, trx, 'roles')
            .$if(processId === null, (q) => q.where('process_id', 'is', null))
            .$if(processId !== null, (q) => q.where('process_id', '=', processId as string))
            .where('principal_kind', '=', principal.kind)
            .where('principal_id', '=', principal.id)
            .where('role', '=', role)
            .executeTakeFirstOrThrow();
          return { grant: toGrant(existing), created: false };
        },
        { missing: 'The process was not found.', missingHint: 'Check the process name.' },
      );
    },

    revokeRole: (grantId) => deleteById(ctx, 'revoke a role', 'roles', grantId, 'The role grant'),

    async listRoles(processId) {
      if (processId !== undefined && !plausibleId(processId)) return [];
      const rows = await ctx.read('list roles', (db) =>
        tenantRows(ctx, db, 'roles')
          .$if(processId !== undefined, (q) =>
            q.where((eb) =>
              eb.or([eb('process_id', '=', processId as string), eb('process_id', 'is', null)]),
            ),
          )
          .orderBy('granted_at')
          .orderBy('id')
          .execute(),
      );
      return rows.map(toGrant);
    },

    async hasRole(query) {
      if (!plausibleId(query.processId) || !plausibleId(query.userId)) return false;
      const role = roleOf(query.role);
      const roleIds = (query.platformRoleIds ?? []).filter(plausibleId);
      const row = await ctx.read('check a role', (db) =>
        db
          .selectFrom('roles')
          .select('id')
          .where('tenant_id', '=', ctx.tenantId)
          .where('role', '=', role)
          .where((eb) => eb.or([eb('process_id', '=', query.processId), eb('process_id', 'is', null)]))
          .where((eb) =>
            eb.or([
              eb.and([eb('principal_kind', '=', 'user'), eb('principal_id', '=', query.userId)]),
              ...(roleIds.length === 0
                ? []
                : [eb.and([eb('principal_kind', '=', 'platform-role'), eb('principal_id', 'in', roleIds)])]),
            ]),
          )
          .limit(1)
          .executeTakeFirst(),
      );
      return row !== undefined;
    },
  } satisfies Partial<PeopleMethods>;
}

export function peopleFamily(ctx: TenantContext): PeopleMethods {
  return familyOf(ctx, peopleHelpers(ctx), personMethods, roleMethods);
}
