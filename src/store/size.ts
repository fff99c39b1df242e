import { type Kysely, type RawBuilder, sql } from 'kysely';
import {
  LANGUAGE_MIGRATION,
  PACKED_MIGRATION,
  SEGMENTS_MIGRATION,
  type SqlDialectName,
} from './migrations.js';
import type { Database } from './schema.js';

/**
 * How much room the store takes and what takes it, for `rapporteur db status`. The per-process
 * figures count the large values a process owns (its originals, its per-version caches, its
 * library of agreed language) as stored: on PostgreSQL after TOAST compression
 * (pg_column_size), on SQLite as their bytes. Everything else (the records themselves,
 * indexes, free pages) is the remainder of the total.
 */

/** The stored bytes of one process, by kind. */
export interface ProcessSize {
  id: string;
  name: string;
  /** Original files (each counted once per process, as the store keeps them once). */
  originals: number;
  /** Per-version parse, status and diff caches. */
  caches: number;
  /** The library of agreed language and each version's match against it. */
  language: number;
  bytes: number;
}

export interface TenantSize {
  id: string;
  name: string;
  platform: string;
  bytes: number;
  processes: ProcessSize[];
}

export interface StoreSize {
  /** The whole database: SQLite's pages, or PostgreSQL's tables with their indexes and TOAST. */
  totalBytes: number;
  tenants: TenantSize[];
}

type Part = 'originals' | 'caches' | 'language';

interface PartRow {
  tenant_id: string;
  process_id: string;
  bytes: number | string | null;
}

/** Measures the store. `applied` says which migrations exist, so an old store is measured too. */
export async function measureStore(
  db: Kysely<Database>,
  dialect: SqlDialectName,
  applied: readonly string[],
): Promise<StoreSize> {
  // SQLite's length() counts characters of text; octet_length counts bytes (SQLite 3.43+).
  const len = (column: string): RawBuilder<number> =>
    dialect === 'postgres'
      ? sql<number>`coalesce(pg_column_size(${sql.ref(column)}), 0)`
      : sql<number>`coalesce(octet_length(${sql.ref(column)}), 0)`;
  const packed = applied.includes(PACKED_MIGRATION);
  const queries: Array<[Part, RawBuilder<PartRow>]> = [
    [
      'originals',
      sql<PartRow>`select x.tenant_id, x.process_id, sum(${len('b.bytes')}) as bytes
        from (select distinct d.tenant_id, d.process_id, v.sha256 from versions v
              join documents d on d.tenant_id = v.tenant_id and d.id = v.document_id) x
        join blobs b on b.tenant_id = x.tenant_id and b.sha256 = x.sha256
        group by x.tenant_id, x.process_id`,
    ],
    [
      'caches',
      sql<PartRow>`select d.tenant_id, d.process_id,
          sum(${len('c.data')}${packed ? sql` + ${len('c.packed')}` : sql``}) as bytes
        from parsed_cache c
        join versions v on v.tenant_id = c.tenant_id and v.id = c.version_id
        join documents d on d.tenant_id = v.tenant_id and d.id = v.document_id
        group by d.tenant_id, d.process_id`,
    ],
  ];
  if (applied.includes(LANGUAGE_MIGRATION)) {
    queries.push(
      [
        'language',
        sql<PartRow>`select tenant_id, process_id, sum(${len('text')} + ${len('parsed')}) as bytes
          from language_texts group by tenant_id, process_id`,
      ],
      [
        'language',
        // The index: one segment per text since migration 7, one snapshot per library before.
        applied.includes(SEGMENTS_MIGRATION)
          ? sql<PartRow>`select s.tenant_id, t.process_id, sum(${len('s.bytes')}) as bytes
              from language_segments s
              join language_texts t on t.tenant_id = s.tenant_id and t.id = s.text_id
              group by s.tenant_id, t.process_id`
          : sql<PartRow>`select tenant_id, process_id, ${len('index_bytes')} as bytes from language_libraries`,
      ],
      [
        'language',
        sql<PartRow>`select d.tenant_id, d.process_id, sum(${len('m.data')}) as bytes
          from language_matches m
          join versions v on v.tenant_id = m.tenant_id and v.id = m.version_id
          join documents d on d.tenant_id = v.tenant_id and d.id = v.document_id
          group by d.tenant_id, d.process_id`,
      ],
    );
  }
  const tenants = await db.selectFrom('tenants').select(['id', 'name', 'platform']).orderBy('name').execute();
  const processes = await db
    .selectFrom('processes')
    .select(['tenant_id', 'id', 'name'])
    .orderBy('name')
    .execute();
  const byProcess = new Map<string, ProcessSize>();
  for (const p of processes) {
    byProcess.set(`${p.tenant_id}/${p.id}`, {
      id: p.id,
      name: p.name,
      originals: 0,
      caches: 0,
      language: 0,
      bytes: 0,
    });
  }
  for (const [part, query] of queries) {
    for (const row of (await query.execute(db)).rows) {
      const size = byProcess.get(`${row.tenant_id}/${row.process_id}`);
      if (!size) continue;
      const n = Number(row.bytes ?? 0);
      size[part] += n;
      size.bytes += n;
    }
  }
  const result: TenantSize[] = tenants.map((t) => {
    const own = processes
      .filter((p) => p.tenant_id === t.id)
      .map((p) => byProcess.get(`${t.id}/${p.id}`) as ProcessSize)
      .sort((a, b) => b.bytes - a.bytes);
    return {
      id: t.id,
      name: t.name,
      platform: t.platform,
      bytes: own.reduce((sum, p) => sum + p.bytes, 0),
      processes: own,
    };
  });
  result.sort((a, b) => b.bytes - a.bytes);
  return { totalBytes: await totalBytes(db, dialect), tenants: result };
}

async function totalBytes(db: Kysely<Database>, dialect: SqlDialectName): Promise<number> {
  const query =
    dialect === 'postgres'
      ? sql<{ bytes: string | number | null }>`select sum(pg_total_relation_size(c.oid)) as bytes
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = current_schema() and c.relkind = 'r'`
      : sql<{ bytes: number }>`select p.page_count * s.page_size as bytes
          from pragma_page_count() p, pragma_page_size() s`;
  const row = (await query.execute(db)).rows[0];
  return Number(row?.bytes ?? 0);
}
