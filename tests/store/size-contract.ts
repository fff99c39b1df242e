import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { TenantStore } from '../../src/core/ports/index.js';
import type { JsonValue } from '../../src/core/store.js';
import { LANGUAGE_MIGRATION, LATEST_MIGRATION } from '../../src/store/migrations.js';
import type { SqlStore } from '../../src/store/sql-store.js';
import type { StoreHarness } from './contract.js';

/**
 * What the store keeps of a large draft and how it reports its size: caches and originals
 * over a few kilobytes are stored compressed and read back exactly; rows written before
 * compression stay readable; `sizeReport` breaks the store down by tenant and process.
 */

/** A draft in Markdown of about `bytes`, repetitive as negotiated texts are. */
function markdownDraft(bytes: number, seed = 0): string {
  const parts: string[] = [];
  for (let i = 1, size = 0; size < bytes; i++) {
    const p = `${i}. [We reaffirm${i % 7 === seed % 7 ? ' [strongly]' : ''} the commitment] to the outcome of paragraph ${i * 3}, [as appropriate,] with [all stakeholders].\n\n`;
    parts.push(p);
    size += p.length;
  }
  return parts.join('');
}

/** A parse-like result of about `bytes` of JSON: one record per bracket with positions. */
function parseLike(bytes: number): JsonValue {
  const brackets: JsonValue[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const b = {
      id: i,
      kind: i % 5 === 0 ? 'alternative' : 'text',
      start: i * 40,
      end: i * 40 + 17,
      depth: 1 + (i % 3),
      holders: i % 4 === 0 ? ['G77'] : [],
      text: `as appropriate ${i % 90}`,
    };
    brackets.push(b);
    size += JSON.stringify(b).length + 1;
  }
  return { version: 1, brackets };
}

const encoder = new TextEncoder();

async function postLarge(t: TenantStore, documentId: string, label: string, seed: number) {
  const bytes = encoder.encode(markdownDraft(100_000, seed));
  const parsed = parseLike(300_000);
  const { version } = await t.postVersion({
    documentId,
    label,
    postedBy: 'U-secretariat',
    bytes,
    fileName: 'outcome.md',
    contentType: 'text/markdown',
    parsed: { schemaVersion: 3, data: parsed },
    caches: { status: { schemaVersion: 1, data: { open: 12 } } },
  });
  return { version, bytes, parsed };
}

async function setUp(store: SqlStore, name: string) {
  const tenant = await store.ensureTenant({ platform: 'console', externalId: name, name });
  const t = store.tenant(tenant.id);
  const process = await t.createProcess({ name: `${name} outcome` });
  const document = await t.createDocument({ processId: process.id, name: 'Outcome' });
  return { tenant, t, process, document };
}

export function describeStoreSizeContract(harness: StoreHarness): void {
  // Large values on a machine that may be busy: more time than the default.
  describe(`Store size: ${harness.name}`, { timeout: 60_000 }, () => {
    it('stores large caches and text originals compressed and returns them as posted', async () => {
      const database = await harness.freshDatabase();
      const store = await database.open();
      try {
        const { t, document } = await setUp(store, 'Compressed');
        const { version, bytes, parsed } = await postLarge(t, document.id, 'rev 1', 1);
        expect(await t.readOriginal(version.id)).toEqual(bytes);
        expect(await t.getParsed(version.id)).toEqual({ schemaVersion: 3, data: parsed });
        expect(await t.getParsed(version.id, 'status')).toEqual({ schemaVersion: 1, data: { open: 12 } });
        // A cache replaced by setParsed is read back as the new value, compressed or not.
        await t.setParsed(version.id, { schemaVersion: 4, data: { small: true } });
        expect(await t.getParsed(version.id)).toEqual({ schemaVersion: 4, data: { small: true } });
        await t.setParsed(version.id, { schemaVersion: 5, data: parsed });
        expect(await t.getParsed(version.id)).toEqual({ schemaVersion: 5, data: parsed });

        // An original that does not compress (a PDF's streams) is kept as sent.
        const pdf = new Uint8Array(randomBytes(100_000));
        const { version: v2 } = await t.postVersion({
          documentId: document.id,
          label: 'rev 2',
          postedBy: 'U-secretariat',
          bytes: pdf,
          fileName: 'outcome.pdf',
          contentType: 'application/pdf',
        });
        expect(await t.readOriginal(v2.id)).toEqual(pdf);

        const size = await store.sizeReport();
        const own = size.tenants.find((x) => x.name === 'Compressed')?.processes[0];
        // 300 KB of JSON and a 100 KB text keep a fraction of their size.
        expect(own?.caches).toBeGreaterThan(0);
        expect(own?.caches).toBeLessThan(100_000);
        expect(own?.originals).toBeGreaterThan(100_000);
        expect(own?.originals).toBeLessThan(100_000 + 40_000);
      } finally {
        await store.close();
        await database.drop();
      }
    });

    it('reads caches and originals written before compression, after the upgrade', async () => {
      const database = await harness.freshDatabase();
      const store = await database.open({ migrate: false });
      try {
        await store.migrate(LANGUAGE_MIGRATION);
        const { tenant, t, document } = await setUp(store, 'Upgraded');
        const { version } = await t.postVersion({
          documentId: document.id,
          label: 'rev 1',
          postedBy: 'U-secretariat',
          bytes: encoder.encode('placeholder'),
          fileName: 'outcome.md',
          contentType: 'text/markdown',
        });
        // Large rows as the store wrote them before migration 8: plain JSON and plain bytes.
        const bytes = encoder.encode(markdownDraft(100_000));
        const parsed = parseLike(200_000);
        await sql`update blobs set bytes = ${Buffer.from(bytes)}, size = ${bytes.byteLength}
          where tenant_id = ${tenant.id}`.execute(store.db);
        await sql`insert into parsed_cache (tenant_id, version_id, name, schema_version, data, updated_at)
          values (${tenant.id}, ${version.id}, 'parse', 3, ${JSON.stringify(parsed)}, ${new Date().toISOString()})`.execute(
          store.db,
        );
        expect((await store.migrate()).status.latest).toBe(LATEST_MIGRATION);
        expect(await t.readOriginal(version.id)).toEqual(bytes);
        expect(await t.getParsed(version.id)).toEqual({ schemaVersion: 3, data: parsed });
        expect((await t.getVersion(version.id))?.parsedSchemaVersion).toBe(3);
      } finally {
        await store.close();
        await database.drop();
      }
    });

    it('reports the size of each tenant and process, largest first', async () => {
      const database = await harness.freshDatabase();
      const store = await database.open();
      try {
        const big = await setUp(store, 'Plenary');
        await postLarge(big.t, big.document.id, 'rev 1', 1);
        await postLarge(big.t, big.document.id, 'rev 2', 2);
        const idle = await big.t.createProcess({ name: 'Idle track' });
        const small = await setUp(store, 'Working group');
        await postLarge(small.t, small.document.id, 'rev 1', 3);

        const size = await store.sizeReport();
        expect(size.tenants.map((x) => x.name)).toEqual(['Plenary', 'Working group']);
        const [plenary, group] = size.tenants;
        expect(plenary?.processes.map((p) => p.name)).toEqual(['Plenary outcome', idle.name]);
        const [busy, quiet] = plenary?.processes ?? [];
        expect(quiet).toMatchObject({ originals: 0, caches: 0, language: 0, bytes: 0 });
        expect(busy?.bytes).toBe((busy?.originals ?? 0) + (busy?.caches ?? 0) + (busy?.language ?? 0));
        // Two versions take about twice what one takes.
        const one = group?.bytes ?? 0;
        expect(one).toBeGreaterThan(0);
        expect(busy?.bytes).toBeGreaterThan(1.5 * one);
        expect(busy?.bytes).toBeLessThan(2.5 * one);
        expect(plenary?.bytes).toBe(busy?.bytes);
        expect(size.totalBytes).toBeGreaterThan((plenary?.bytes ?? 0) + one);
      } finally {
        await store.close();
        await database.drop();
      }
    });

    it('measures an empty store as empty', async () => {
      const database = await harness.freshDatabase();
      const store = await database.open({ migrate: false });
      try {
        expect(await store.sizeReport()).toEqual({ totalBytes: 0, tenants: [] });
      } finally {
        await store.close();
        await database.drop();
      }
    });
  });
}
