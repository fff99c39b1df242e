import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantStore } from '../../src/core/ports/index.js';
import type { SqlStore } from '../../src/store/sql-store.js';
import { agreedTextInput, expectError, type StoreHarness, type TestDatabase } from './contract.js';

/**
 * The store's library of agreed texts (previously agreed language), run against SQLite and
 * PostgreSQL by the test files beside this one: texts and their library revision, each
 * text's segment of the index, version matches, cascades and tenant
 * isolation.
 */
export function describeLanguageStoreContract(harness: StoreHarness): void {
  describe(`Language library store: ${harness.name}`, () => {
    let database: TestDatabase;
    let store: SqlStore;

    beforeAll(async () => {
      database = await harness.freshDatabase();
      store = await database.open();
    });

    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    let n = 0;
    const seeded = async () => {
      n++;
      const tenant = await store.ensureTenant({
        platform: 'slack',
        externalId: `T-language-${process.pid}-${Date.now().toString(36)}-${n}`,
        name: 'Caucus',
      });
      const t = store.tenant(tenant.id);
      const p = await t.createProcess({ name: 'WSIS+10 Review' });
      return { tenant, t, p };
    };
    const postVersion = async (t: TenantStore, processId: string, text: string) => {
      const d = await t.createDocument({ processId, name: `Outcome ${text.length}` });
      const bytes = new TextEncoder().encode(text);
      return (
        await t.postVersion({
          documentId: d.id,
          label: 'adopted',
          postedBy: 'U-staff',
          bytes,
          fileName: 'outcome.md',
          contentType: 'text/markdown',
          parsed: { schemaVersion: 1, data: { text } },
        })
      ).version;
    };

    it('adds texts, lists them newest first, and raises the revision on every add and remove', async () => {
      const { t, p } = await seeded();
      expect(await t.libraryRevision(p.id)).toBe(0);
      expect(await t.listAgreedTexts(p.id)).toEqual([]);
      const tunis = await t.addAgreedText(agreedTextInput(p.id, 'Tunis Agenda'));
      expect(await t.libraryRevision(p.id)).toBe(1);
      const geneva = await t.addAgreedText({
        ...agreedTextInput(p.id, 'Geneva Plan of Action'),
        adopted: '2003-12-12',
        symbol: null,
        body: null,
        rank: null,
      });
      expect(await t.libraryRevision(p.id)).toBe(2);
      expect(tunis).toMatchObject({
        processId: p.id,
        title: 'Tunis Agenda',
        symbol: 'WSIS-05/TUNIS/DOC/6(Rev.1)',
        adopted: '2005-11-18',
        body: 'World Summit on the Information Society',
        rank: 'summit',
        fileName: 'agenda.md',
        sourceVersionId: null,
        addedBy: 'U-chair-staff',
      });
      expect(tunis.chars).toBe(agreedTextInput(p.id, 'Tunis Agenda').text.length);
      expect(geneva).toMatchObject({ symbol: null, body: null, rank: null });
      expect((await t.listAgreedTexts(p.id)).map((x) => x.title)).toEqual([
        'Tunis Agenda',
        'Geneva Plan of Action',
      ]);
      expect(await t.getAgreedText(tunis.id)).toEqual(tunis);
      const contents = await t.listAgreedTextContents(p.id);
      expect(contents.map((c) => c.record.title)).toEqual(['Geneva Plan of Action', 'Tunis Agenda']);
      const input = agreedTextInput(p.id, 'Tunis Agenda');
      expect(contents[1]).toEqual({ record: tunis, text: input.text, parsed: input.parsed });

      await t.removeAgreedText(geneva.id);
      expect(await t.libraryRevision(p.id)).toBe(3);
      expect(await t.getAgreedText(geneva.id)).toBeUndefined();
      await expectError(t.removeAgreedText(geneva.id), 'NOT_FOUND');
      expect(await t.libraryRevision(p.id)).toBe(3);
    });

    it('keeps the text exactly as extracted, leading and trailing space included', async () => {
      const { t, p } = await seeded();
      const input = { ...agreedTextInput(p.id, 'Spaced'), text: '\n  Spaced text with an indent.\n\n' };
      const added = await t.addAgreedText(input);
      expect((await t.listAgreedTextContents(p.id))[0]?.text).toBe(input.text);
      expect(added.chars).toBe(input.text.length);
    });

    it('refuses the same bytes twice in one library, but not in another process', async () => {
      const { t, p } = await seeded();
      await t.addAgreedText(agreedTextInput(p.id, 'Tunis Agenda'));
      await expectError(
        t.addAgreedText({ ...agreedTextInput(p.id, 'Tunis Agenda'), title: 'Another title' }),
        'CONFLICT',
        /already in the library/,
      );
      expect(await t.libraryRevision(p.id)).toBe(1);
      const other = await t.createProcess({ name: 'IGF mandate' });
      await t.addAgreedText(agreedTextInput(other.id, 'Tunis Agenda'));
      expect((await t.listAgreedTexts(other.id)).length).toBe(1);
      expect(await t.libraryRevision(other.id)).toBe(1);
    });

    it('refuses bad metadata with INVALID_ARGUMENT naming the field', async () => {
      const { t, p } = await seeded();
      const base = agreedTextInput(p.id, 'Bad');
      await expectError(t.addAgreedText({ ...base, adopted: '18/11/2005' }), 'INVALID_ARGUMENT', /adoption/);
      await expectError(t.addAgreedText({ ...base, adopted: '2005-02-30' }), 'INVALID_ARGUMENT', /adoption/);
      await expectError(t.addAgreedText({ ...base, rank: 'plenary' as never }), 'INVALID_ARGUMENT', /rank/);
      await expectError(t.addAgreedText({ ...base, title: '  ' }), 'INVALID_ARGUMENT', /Title/);
      await expectError(t.addAgreedText({ ...base, text: '   ' }), 'INVALID_ARGUMENT', /text/);
      await expectError(t.addAgreedText({ ...base, text: 'a\u0000b' }), 'INVALID_ARGUMENT', /text/);
      await expectError(t.addAgreedText({ ...base, sha256: 'xyz' }), 'INVALID_ARGUMENT', /SHA-256/);
      await expectError(
        t.addAgreedText({ ...base, parsed: { schemaVersion: 1, data: { n: Number.NaN } } }),
        'INVALID_ARGUMENT',
      );
      expect(await t.libraryRevision(p.id)).toBe(0);
      await expectError(t.addAgreedText({ ...base, processId: 'no-such-process' }), 'NOT_FOUND');
    });

    it('promotes a version of the process, and only of that process', async () => {
      const { t, p } = await seeded();
      const v = await postVersion(t, p.id, 'Outcome document as adopted.');
      const promoted = await t.addAgreedText({ ...agreedTextInput(p.id, 'Outcome'), sourceVersionId: v.id });
      expect(promoted.sourceVersionId).toBe(v.id);
      const other = await t.createProcess({ name: 'Other process' });
      await expectError(
        t.addAgreedText({ ...agreedTextInput(other.id, 'Outcome'), sourceVersionId: v.id }),
        'NOT_FOUND',
        /version/,
      );
      // The library keeps a promoted text when its version's document goes.
      await t.deleteDocument(v.documentId);
      expect(await t.getAgreedText(promoted.id)).toMatchObject({ sourceVersionId: v.id });
    });

    it("keeps each text's segment of the index with it: written on add, replaced in place, gone with the text", async () => {
      const { t, p } = await seeded();
      const first = new Uint8Array(20_000).map((_, i) => i % 251);
      const a = await t.addAgreedText({
        ...agreedTextInput(p.id, 'First'),
        segment: { schemaVersion: 3, bytes: first },
      });
      const b = await t.addAgreedText({ ...agreedTextInput(p.id, 'Second'), adopted: '2006-01-01' });
      const rows = await t.listAgreedTextSegments(p.id);
      // Oldest adoption first, with each text's words; a text stored without a segment has none.
      expect(rows.map((r) => r.record)).toEqual([a, b]);
      expect(rows[0]).toEqual({
        record: a,
        text: agreedTextInput(p.id, 'First').text,
        segment: { schemaVersion: 3, bytes: first },
      });
      expect(rows[1]?.segment).toBeUndefined();
      expect(await t.setLanguageSegment(b.id, { schemaVersion: 3, bytes: new Uint8Array([7]) })).toBe(true);
      expect(await t.setLanguageSegment(a.id, { schemaVersion: 4, bytes: new Uint8Array([8, 9]) })).toBe(
        true,
      );
      expect((await t.listAgreedTextSegments(p.id)).map((r) => r.segment)).toEqual([
        { schemaVersion: 4, bytes: new Uint8Array([8, 9]) },
        { schemaVersion: 3, bytes: new Uint8Array([7]) },
      ]);
      // Adding a text writes that text's segment only: the other's is untouched.
      await t.addAgreedText({
        ...agreedTextInput(p.id, 'Third'),
        adopted: '2007-01-01',
        segment: { schemaVersion: 4, bytes: new Uint8Array([3]) },
      });
      expect((await t.listAgreedTextSegments(p.id)).map((r) => r.segment?.bytes)).toEqual([
        new Uint8Array([8, 9]),
        new Uint8Array([7]),
        new Uint8Array([3]),
      ]);
      await t.removeAgreedText(a.id);
      expect(await countRows(store, 'language_segments', t.tenantId)).toBe(2);
      expect(await t.setLanguageSegment(a.id, { schemaVersion: 4, bytes: new Uint8Array([1]) })).toBe(false);
      expect(await countRows(store, 'language_segments', t.tenantId)).toBe(2);
      await expectError(
        t.setLanguageSegment(b.id, { schemaVersion: 4, bytes: 'not bytes' as never }),
        'INVALID_ARGUMENT',
        /bytes/,
      );
      expect(await t.listAgreedTextSegments('no-such-process')).toEqual([]);
    });

    it('upgrades a version 6 library: its texts stay, their segments are to be built, the old snapshot column is gone', async () => {
      const fresh = await harness.freshDatabase();
      const s = await fresh.open({ migrate: false });
      try {
        await s.migrate('0006_language_library');
        const tenant = await s.ensureTenant({ platform: 'slack', externalId: 'T-upgrade', name: 'Caucus' });
        const t = s.tenant(tenant.id);
        const p = await t.createProcess({ name: 'WSIS+10 Review' });
        const input = agreedTextInput(p.id, 'Tunis Agenda');
        const added = await t.addAgreedText(input);
        await s.migrate();
        expect(await t.listAgreedTextSegments(p.id)).toEqual([{ record: added, text: input.text }]);
        expect(await t.libraryRevision(p.id)).toBe(1);
        const columns = (await s.db.introspection.getTables())
          .find((x) => x.name === 'language_libraries')
          ?.columns.map((c) => c.name);
        expect(columns).not.toContain('index_bytes');
        expect(await t.setLanguageSegment(added.id, { schemaVersion: 2, bytes: new Uint8Array([4]) })).toBe(
          true,
        );
      } finally {
        await s.close();
        await fresh.drop();
      }
    });

    it('stores one match per version, replaced in place, and drops it with the version', async () => {
      const { t, p } = await seeded();
      const v = await postVersion(t, p.id, 'A draft with [bracketed] words.');
      expect(await t.getLanguageMatch(v.id)).toBeUndefined();
      await t.setLanguageMatch(v.id, { libraryRevision: 1, schemaVersion: 2, data: { paragraphs: [1] } });
      await t.setLanguageMatch(v.id, { libraryRevision: 2, schemaVersion: 2, data: { paragraphs: [1, 2] } });
      expect(await t.getLanguageMatch(v.id)).toEqual({
        libraryRevision: 2,
        schemaVersion: 2,
        data: { paragraphs: [1, 2] },
      });
      await expectError(
        t.setLanguageMatch('no-such-version', { libraryRevision: 1, schemaVersion: 1, data: {} }),
        'NOT_FOUND',
      );
      await t.deleteDocument(v.documentId);
      expect(await t.getLanguageMatch(v.id)).toBeUndefined();
      expect(await countRows(store, 'language_matches', t.tenantId)).toBe(0);
    });

    it('deletes a library with its process', async () => {
      const { t, p } = await seeded();
      await t.addAgreedText({
        ...agreedTextInput(p.id, 'Tunis Agenda'),
        segment: { schemaVersion: 1, bytes: new Uint8Array([1]) },
      });
      await t.deleteProcess(p.id);
      expect(await countRows(store, 'language_texts', t.tenantId)).toBe(0);
      expect(await countRows(store, 'language_segments', t.tenantId)).toBe(0);
      expect(await countRows(store, 'language_libraries', t.tenantId)).toBe(0);
    });

    it('keeps tenants apart: another tenant sees nothing, changes nothing, and may hold the same text', async () => {
      const a = await seeded();
      const b = await seeded();
      const v = await postVersion(a.t, a.p.id, 'Tenant A draft.');
      const text = await a.t.addAgreedText({
        ...agreedTextInput(a.p.id, 'Tunis Agenda'),
        segment: { schemaVersion: 1, bytes: new Uint8Array([5]) },
      });
      await a.t.setLanguageMatch(v.id, { libraryRevision: 1, schemaVersion: 1, data: { mine: true } });

      expect(await b.t.getAgreedText(text.id)).toBeUndefined();
      expect(await b.t.listAgreedTexts(a.p.id)).toEqual([]);
      expect(await b.t.listAgreedTextContents(a.p.id)).toEqual([]);
      expect(await b.t.libraryRevision(a.p.id)).toBe(0);
      expect(await b.t.listAgreedTextSegments(a.p.id)).toEqual([]);
      expect(await b.t.getLanguageMatch(v.id)).toBeUndefined();
      await expectError(b.t.removeAgreedText(text.id), 'NOT_FOUND');
      await expectError(b.t.addAgreedText(agreedTextInput(a.p.id, 'Intruder')), 'NOT_FOUND');
      await expectError(
        b.t.addAgreedText({ ...agreedTextInput(b.p.id, 'Promoted'), sourceVersionId: v.id }),
        'NOT_FOUND',
      );
      expect(await b.t.setLanguageSegment(text.id, { schemaVersion: 1, bytes: new Uint8Array([6]) })).toBe(
        false,
      );
      await expectError(
        b.t.setLanguageMatch(v.id, { libraryRevision: 1, schemaVersion: 1, data: 'overwritten' }),
        'NOT_FOUND',
      );
      // The same document in B's own library is B's row.
      const own = await b.t.addAgreedText(agreedTextInput(b.p.id, 'Tunis Agenda'));
      expect(own.id).not.toBe(text.id);
      expect(own.tenantId).toBe(b.tenant.id);

      expect(await a.t.listAgreedTexts(a.p.id)).toEqual([text]);
      expect(await a.t.libraryRevision(a.p.id)).toBe(1);
      expect((await a.t.listAgreedTextSegments(a.p.id)).map((r) => r.segment)).toEqual([
        { schemaVersion: 1, bytes: new Uint8Array([5]) },
      ]);
      expect(await a.t.getLanguageMatch(v.id)).toEqual({
        libraryRevision: 1,
        schemaVersion: 1,
        data: { mine: true },
      });
      await store.deleteTenant(b.tenant.id);
      expect(await a.t.listAgreedTexts(a.p.id)).toEqual([text]);
    });

    it('treats hostile ids as ids that match nothing', async () => {
      const { t } = await seeded();
      for (const id of ['', 'a\u0000b', '\uD800', 'x'.repeat(5000), "' or 1=1 --"]) {
        expect(await t.getAgreedText(id)).toBeUndefined();
        expect(await t.listAgreedTexts(id)).toEqual([]);
        expect(await t.libraryRevision(id)).toBe(0);
        expect(await t.getLanguageMatch(id)).toBeUndefined();
        await expectError(t.removeAgreedText(id), 'NOT_FOUND');
      }
    });
  });
}

async function countRows(store: SqlStore, table: string, tenantId: string): Promise<number> {
  const result = await sql<{
    n: number | string;
  }>`select count(*) as n from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(store.db);
  return Number(result.rows[0]?.n ?? 0);
}
