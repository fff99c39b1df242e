import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsedText } from '../../src/core/app/parsed-input.js';
import { type ErrorCode, RapporteurError } from '../../src/core/errors.js';
import type { Clock, TenantStore } from '../../src/core/ports/index.js';
import { normaliseProcessName } from '../../src/core/process-names.js';
import { channelPlatform, type JsonValue } from '../../src/core/store.js';
import { LANGUAGE_MIGRATION, LATEST_MIGRATION, SEGMENTS_MIGRATION } from '../../src/store/migrations.js';
import type { SqlStore } from '../../src/store/sql-store.js';
import { packJsonText } from '../../src/work/packed.js';

/**
 * The store contract: what every Store implementation must do, run against SQLite (a file
 * and :memory:) and PostgreSQL by the test files beside this one. A harness gives fresh
 * empty databases; each test works in tenants of its own, so tests never see each other.
 */

/** One empty database of the harness's kind. */
export interface TestDatabase {
  /** Opens a store on it (a new connection or pool each time). */
  open(options?: { migrate?: boolean; clock?: Clock }): Promise<SqlStore>;
  /** True when two opens reach the same data (false for SQLite :memory:). */
  shared: boolean;
  /** Drops the database; stores opened on it must be closed first. */
  drop(): Promise<void>;
}

/** How the contract gets databases. */
export interface StoreHarness {
  name: string;
  freshDatabase(): Promise<TestDatabase>;
}

/** Runs the contract against a harness. */
export function describeStoreContract(harness: StoreHarness): void {
  describe(`Store contract: ${harness.name}`, () => {
    let database: TestDatabase;
    let store: SqlStore;
    let second: SqlStore | undefined;

    beforeAll(async () => {
      database = await harness.freshDatabase();
      store = await database.open();
      if (database.shared) second = await database.open();
    });

    afterAll(async () => {
      await second?.close();
      await store?.close();
      await database?.drop();
    });

    const seeded = async () => {
      const tenant = await newTenant(store);
      const t = store.tenant(tenant.id);
      const process = await t.createProcess({
        name: 'WSIS+10 Vision',
        settings: {
          defaultTimeZone: 'Europe/Zurich',
          holidayRegion: 'CH-GE',
          participantZones: ['Australia/Sydney'],
        },
      });
      const document = await t.createDocument({ processId: process.id, name: 'Vision' });
      return { tenant, t, process, document };
    };

    describe('tenants', () => {
      it('registers a tenant once per platform id and keeps its name current', async () => {
        const externalId = `guild-${unique()}`;
        const a = await store.ensureTenant({ platform: 'discord', externalId, name: 'WSIS caucus' });
        const b = await store.ensureTenant({ platform: 'discord', externalId, name: 'WSIS caucus' });
        const renamed = await store.ensureTenant({ platform: 'discord', externalId, name: 'WSIS+10 caucus' });
        expect(b.id).toBe(a.id);
        expect(renamed).toMatchObject({ id: a.id, name: 'WSIS+10 caucus' });
        expect(await store.findTenant('discord', externalId)).toMatchObject({ id: a.id });
        expect(await store.findTenant('slack', externalId)).toBeUndefined();
        expect((await store.listTenants()).map((x) => x.id)).toContain(a.id);
      });

      it('refuses an unknown platform and empty names with INVALID_ARGUMENT', async () => {
        await expectError(
          store.ensureTenant({ platform: 'irc' as never, externalId: 'x', name: 'x' }),
          'INVALID_ARGUMENT',
          /platform/,
        );
        await expectError(
          store.ensureTenant({ platform: 'slack', externalId: '  ', name: 'x' }),
          'INVALID_ARGUMENT',
          /External id is empty/,
        );
      });

      it('deletes a tenant with every row it owns, and nothing of another tenant', async () => {
        const a = await fullTenant(store);
        const b = await fullTenant(store);
        await store.deleteTenant(a.tenant.id);
        for (const table of TENANT_TABLES) {
          expect(await countRows(store, table, a.tenant.id), table).toBe(0);
        }
        expect(await countRows(store, 'versions', b.tenant.id)).toBe(2);
        expect(await countRows(store, 'blobs', b.tenant.id)).toBe(2);
        expect(await b.t.readOriginal(b.versions[0].id)).toEqual(bytes(VISION_V1));
        await expectError(store.deleteTenant(a.tenant.id), 'NOT_FOUND');
      });
    });

    describe('processes', () => {
      it('creates a process with default settings merged under the given ones', async () => {
        const { process } = await seeded();
        expect(process).toMatchObject({ name: 'WSIS+10 Vision', slug: 'wsis-10-vision' });
        expect(process.settings).toEqual({
          packageDeal: false,
          extraQualifiers: [],
          defaultTimeZone: 'Europe/Zurich',
          defaultVenue: null,
          holidayRegion: 'CH-GE',
          noticeThresholdDays: 14,
          reminderOffsetsMinutes: [1440, 60],
          participantZones: ['Australia/Sydney'],
        });
      });

      it('finds a process by name whatever the case, accents and punctuation', async () => {
        const { t, process } = await seeded();
        expect((await t.findProcess('wsis 10 vision'))?.id).toBe(process.id);
        expect((await t.findProcess('WSIS+10 VISION'))?.id).toBe(process.id);
        expect(await t.findProcess('WSIS+20')).toBeUndefined();
        const geneva = await t.createProcess({ name: 'Déclaration de Genève' });
        expect(geneva.slug).toBe('declaration-de-geneve');
        expect((await t.findProcess('declaration de geneve'))?.id).toBe(geneva.id);
        expect((await t.listProcesses()).map((p) => p.slug)).toEqual([
          'declaration-de-geneve',
          'wsis-10-vision',
        ]);
      });

      it('answers CONFLICT for a second process with the same handle', async () => {
        const { t } = await seeded();
        const err = await expectError(t.createProcess({ name: 'wsis 10: vision' }), 'CONFLICT');
        expect(err.message).toContain('wsis-10-vision');
        expect(err.hint).toBeTruthy();
      });

      it('refuses bad settings with one message naming each problem', async () => {
        const { t, process } = await seeded();
        const err = await expectError(
          t.updateProcess(process.id, {
            settings: { defaultTimeZone: 'Geneva/Switzerland', noticeThresholdDays: -3 },
          }),
          'INVALID_ARGUMENT',
        );
        expect(err.message).toMatch(/defaultTimeZone/);
        expect(err.message).toMatch(/noticeThresholdDays/);
        await expectError(
          t.createProcess({ name: 'MPP', settings: { reminderOfsets: [10] } as never }),
          'INVALID_ARGUMENT',
          /reminderOfsets: is not a setting/,
        );
        await expectError(t.createProcess({ name: '+++' }), 'INVALID_ARGUMENT', /no letters or digits/);
      });

      it('merges a settings patch and renames', async () => {
        const { t, process } = await seeded();
        const updated = await t.updateProcess(process.id, {
          name: 'WSIS+10 Vision (High Level Event)',
          settings: { packageDeal: true, reminderOffsetsMinutes: [60, 2880, 60] },
        });
        expect(updated.slug).toBe('wsis-10-vision-high-level-event');
        expect(updated.settings).toMatchObject({
          packageDeal: true,
          reminderOffsetsMinutes: [2880, 60],
          defaultTimeZone: 'Europe/Zurich',
        });
        expect((await t.getProcess(process.id))?.settings.packageDeal).toBe(true);
        await expectError(t.updateProcess('no-such-id', { name: 'x' }), 'NOT_FOUND');
      });

      it('keeps both of two concurrent settings patches', async () => {
        const { t, process } = await seeded();
        const other = second ? second.tenant(t.tenantId) : t;
        await Promise.all([
          t.updateProcess(process.id, { settings: { packageDeal: true } }),
          other.updateProcess(process.id, { settings: { noticeThresholdDays: 7 } }),
        ]);
        expect((await t.getProcess(process.id))?.settings).toMatchObject({
          packageDeal: true,
          noticeThresholdDays: 7,
        });
      });

      it('keeps every field of concurrent first saves of a person and of a subscription', async () => {
        const { t, process } = await seeded();
        const other = second ? second.tenant(t.tenantId) : t;
        const channel = await t.bindChannel({ processId: process.id, platformChannelId: 'C-race' });
        await Promise.all([
          t.setPerson('U-race', { timeZone: 'Australia/Sydney' }),
          other.setPerson('U-race', { reminders: { muted: true } }),
          t.setSubscription(channel.id, { draftChanges: true }),
          other.setSubscription(channel.id, { digestHour: 6 }),
        ]);
        expect(await t.getPerson('U-race')).toMatchObject({
          timeZone: 'Australia/Sydney',
          reminders: { muted: true },
        });
        expect(await t.getSubscription(channel.id)).toMatchObject({ draftChanges: true, digestHour: 6 });
      });

      it('deletes a process with its documents, and keeps originals other versions still use', async () => {
        const { t, process, document } = await seeded();
        const other = await t.createProcess({ name: 'WSIS Forum' });
        const otherDoc = await t.createDocument({ processId: other.id, name: 'Vision' });
        await post(t, document.id, VISION_V1, '1 June version');
        await post(t, document.id, VISION_V2, '3 June version');
        const kept = await post(t, otherDoc.id, VISION_V1, 'copy');
        await t.deleteProcess(process.id);
        expect(await t.getProcess(process.id)).toBeUndefined();
        expect(await t.getDocument(document.id)).toBeUndefined();
        expect(await countRows(store, 'blobs', t.tenantId)).toBe(1);
        expect(await t.readOriginal(kept.version.id)).toEqual(bytes(VISION_V1));
        await expectError(t.deleteProcess(process.id), 'NOT_FOUND');
      });
    });

    describe('channels and subscriptions', () => {
      it('binds a channel, and binding it again moves it to the other process', async () => {
        const { t, process } = await seeded();
        const forum = await t.createProcess({ name: 'WSIS Forum' });
        const a = await t.bindChannel({
          processId: process.id,
          platformChannelId: 'C-vision',
          name: '#vision',
        });
        const moved = await t.bindChannel({ processId: forum.id, platformChannelId: 'C-vision' });
        expect(moved).toMatchObject({ id: a.id, processId: forum.id, name: '#vision' });
        expect((await t.findChannel('C-vision'))?.processId).toBe(forum.id);
        expect(await t.listChannels(process.id)).toEqual([]);
        await expectError(
          t.bindChannel({ processId: 'missing', platformChannelId: 'C-2' }),
          'NOT_FOUND',
          /process was not found/,
        );
      });

      it("keeps a channel's own platform: the tenant's unless given, kept on a move, reset with null", async () => {
        const { tenant, t, process } = await seeded();
        const forum = await t.createProcess({ name: 'WSIS Forum' });
        const room = await t.bindChannel({ processId: process.id, platformChannelId: '112233445566778899' });
        expect(room.platform).toBeNull();
        expect(channelPlatform(room, tenant)).toBe('discord');
        // A mailing list feeding this Discord server's process is an e-mail channel of the server.
        const list = await t.bindChannel({
          processId: process.id,
          platformChannelId: 'wsis@lists.example.org',
          name: 'wsis@lists.example.org',
          platform: 'email',
        });
        expect(list).toMatchObject({ processId: process.id, platform: 'email' });
        expect(channelPlatform(list, tenant)).toBe('email');
        const moved = await t.bindChannel({
          processId: forum.id,
          platformChannelId: 'wsis@lists.example.org',
        });
        expect(moved).toMatchObject({ id: list.id, processId: forum.id, platform: 'email' });
        expect(await t.findChannel('wsis@lists.example.org')).toEqual(moved);
        expect(await t.getChannel(list.id)).toEqual(moved);
        await t.setSubscription(list.id, { scheduleChanges: true });
        expect((await t.listSubscribers(forum.id, 'scheduleChanges')).map((x) => x.channel)).toEqual([moved]);
        expect((await t.listChannels()).map((c) => [c.platformChannelId, c.platform]).sort()).toEqual([
          ['112233445566778899', null],
          ['wsis@lists.example.org', 'email'],
        ]);
        const reset = await t.bindChannel({
          processId: forum.id,
          platformChannelId: 'wsis@lists.example.org',
          platform: null,
        });
        expect(reset).toMatchObject({ id: list.id, platform: null, name: 'wsis@lists.example.org' });
        await expectError(
          t.bindChannel({ processId: process.id, platformChannelId: 'C-irc', platform: 'irc' as never }),
          'INVALID_ARGUMENT',
          /platform must be one of discord, slack, email, console/,
        );
        expect(await t.findChannel('C-irc')).toBeUndefined();
      });

      it('merges subscription patches and lists subscribers per topic', async () => {
        const { t, process } = await seeded();
        const a = await t.bindChannel({ processId: process.id, platformChannelId: 'C-a' });
        const b = await t.bindChannel({ processId: process.id, platformChannelId: 'C-b' });
        await t.bindChannel({ processId: process.id, platformChannelId: 'C-c' });
        await t.setSubscription(a.id, { draftChanges: true });
        const sa = await t.setSubscription(a.id, {
          reminders: true,
          digestHour: 7,
          digestZone: 'Australia/Sydney',
        });
        expect(sa).toMatchObject({
          draftChanges: true,
          reminders: true,
          scheduleChanges: false,
          digestHour: 7,
        });
        await t.setSubscription(b.id, { scheduleChanges: true });
        const ids = async (topic: Parameters<TenantStore['listSubscribers']>[1]) =>
          (await t.listSubscribers(process.id, topic)).map((s) => s.channel.platformChannelId);
        expect(await ids('draftChanges')).toEqual(['C-a']);
        expect(await ids('scheduleChanges')).toEqual(['C-b']);
        expect(await ids('reminders')).toEqual(['C-a']);
        expect(await ids('digest')).toEqual(['C-a']);
        await expectError(t.setSubscription(a.id, { digestHour: 24 }), 'INVALID_ARGUMENT', /digestHour/);
        await expectError(
          t.setSubscription(a.id, { digestZone: 'Mars/Olympus' }),
          'INVALID_ARGUMENT',
          /digestZone/,
        );
        await expectError(t.setSubscription('missing', { reminders: true }), 'NOT_FOUND');
      });

      it('unbinding drops the subscription and the reminders addressed to the channel', async () => {
        const { t, process } = await seeded();
        const c = await t.bindChannel({ processId: process.id, platformChannelId: 'C-a' });
        await t.setSubscription(c.id, { reminders: true });
        const meeting = await sixthMeeting(t, process.id);
        await t.wantReminder({
          meetingId: meeting.id,
          offsetMinutes: 60,
          target: { kind: 'channel', id: c.id },
          dueAt: '2014-06-09T11:00:00Z',
        });
        await t.unbindChannel(c.id);
        expect(await t.getSubscription(c.id)).toBeUndefined();
        expect(await t.listReminders({ meetingId: meeting.id })).toEqual([]);
        await expectError(t.unbindChannel(c.id), 'NOT_FOUND');
      });
    });

    describe('documents and versions', () => {
      it('numbers versions 1, 2, 3 and keeps label, poster and original', async () => {
        const { t, document } = await seeded();
        const v1 = await post(t, document.id, VISION_V1, '1 June version', '2014-06-01T09:00:00+02:00');
        const v2 = await post(t, document.id, VISION_V2, '3 June version');
        const v3 = await post(t, document.id, VISION_V3, '5 June version');
        expect([v1, v2, v3].map((r) => [r.created, r.version.sequence])).toEqual([
          [true, 1],
          [true, 2],
          [true, 3],
        ]);
        expect(v1.version).toMatchObject({
          label: '1 June version',
          postedBy: 'U-secretariat',
          postedAt: '2014-06-01T07:00:00.000Z',
          fileName: 'vision.md',
          contentType: 'text/markdown',
          size: bytes(VISION_V1).byteLength,
          parsedSchemaVersion: 1,
        });
        expect(v1.version.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect((await t.latestVersion(document.id))?.id).toBe(v3.version.id);
        expect((await t.getVersionBySequence(document.id, 2))?.id).toBe(v2.version.id);
        expect((await t.listVersions(document.id)).map((v) => v.label)).toEqual([
          '1 June version',
          '3 June version',
          '5 June version',
        ]);
        expect((await t.getDocument(document.id))?.latestSequence).toBe(3);
        expect(await t.readOriginal(v2.version.id)).toEqual(bytes(VISION_V2));
      });

      it('recognises a re-post of the same bytes and returns the existing version', async () => {
        const { t, document, process } = await seeded();
        const first = await post(t, document.id, VISION_V1, '1 June version');
        const again = await post(t, document.id, VISION_V1, '1 June version (re-sent)');
        expect(again.created).toBe(false);
        expect(again.version).toEqual(first.version);
        expect(await t.listVersions(document.id)).toHaveLength(1);
        // The same bytes as another document's version: a new version, one kept original.
        const statement = await t.createDocument({ processId: process.id, name: 'Statement' });
        const other = await post(t, statement.id, VISION_V1, 'draft');
        expect(other.created).toBe(true);
        expect(await countRows(store, 'blobs', t.tenantId)).toBe(1);
      });

      it('keeps binary originals byte for byte', async () => {
        const { t, document } = await seeded();
        const all = new Uint8Array(256 * 4).map((_, i) => i % 256);
        const r = await t.postVersion({
          documentId: document.id,
          label: 'scan',
          postedBy: 'U-secretariat',
          bytes: all,
          fileName: 'vision.pdf',
          contentType: 'application/pdf',
        });
        const back = await t.readOriginal(r.version.id);
        expect(back).toBeInstanceOf(Uint8Array);
        expect(back).toEqual(all);
        const empty = await t.postVersion({
          documentId: document.id,
          label: 'empty',
          postedBy: 'U-secretariat',
          bytes: new Uint8Array(0),
          fileName: 'empty.txt',
          contentType: 'text/plain',
        });
        expect(await t.readOriginal(empty.version.id)).toEqual(new Uint8Array(0));
      });

      it('stores JSON text compressed elsewhere as it is, and hands it back compressed', async () => {
        const { t, document } = await seeded();
        const v = await post(t, document.id, VISION_V1, '1 June version');
        // A large cache, compressed as a pool worker does (packJsonText): the store neither
        // inflates nor scans it, and every read gives the same value.
        const big = { text: 'Article 1. '.repeat(5000), brackets: [{ id: 1, text: 'é ✓ 𝄞' }] };
        const json = JSON.stringify(big);
        const { packed, chars } = packJsonText('parse', json) as { packed: Uint8Array; chars: number };
        await t.setParsed(v.version.id, { schemaVersion: 7, packed, chars });
        expect(await t.getParsed(v.version.id)).toEqual({ schemaVersion: 7, data: big });
        expect((await t.getParsedJson(v.version.id))?.json).toBe(json);
        const back = await t.getParsedPacked(v.version.id);
        expect(back?.schemaVersion).toBe(7);
        expect(back && 'packed' in back && Buffer.from(back.packed).equals(Buffer.from(packed))).toBe(true);
        expect(parsedText(back as { packed: Uint8Array })).toBe(json);
        // A small cache stays text, read back as text.
        await t.setParsed(v.version.id, { schemaVersion: 1, data: { a: 1 } }, 'small');
        expect(await t.getParsedPacked(v.version.id, 'small')).toEqual({ schemaVersion: 1, json: '{"a":1}' });
        expect(await t.getParsedPacked(v.version.id, 'none')).toBeUndefined();
        // What is not compressed JSON text, or says it is over the limit, is refused.
        await expectError(
          t.setParsed(v.version.id, { schemaVersion: 1, packed: new TextEncoder().encode(json), chars }),
          'INVALID_ARGUMENT',
          /gzip/,
        );
        await expectError(
          t.setParsed(v.version.id, { schemaVersion: 1, packed, chars: 300 * 1048576 }),
          'LIMIT_EXCEEDED',
          /256 MB/,
        );
        expect(() => packJsonText('The parse', JSON.stringify({ a: 'nul\u0000' }))).toThrow(/U\+0000/);
        // Posted with a version, in the same transaction.
        const w = await t.postVersion({
          documentId: document.id,
          label: 'packed',
          postedBy: 'U-secretariat',
          bytes: new TextEncoder().encode('packed draft'),
          fileName: 'packed.md',
          contentType: 'text/markdown',
          parsed: { schemaVersion: 7, packed, chars },
          caches: { 'status-summary': { schemaVersion: 1, packed, chars } },
        });
        expect((await t.getParsed(w.version.id))?.data).toEqual(big);
        expect((await t.getParsed(w.version.id, 'status-summary'))?.data).toEqual(big);
      });

      it('caches the parse result and replaces it when the engine schema changes', async () => {
        const { t, document } = await seeded();
        const v = await post(t, document.id, VISION_V1, '1 June version');
        expect(await t.getParsed(v.version.id)).toEqual({ schemaVersion: 1, data: parsedOf(VISION_V1) });
        const upgraded = {
          ...(parsedOf(VISION_V1) as Record<string, JsonValue>),
          engine: 'v2',
          brackets: [],
        };
        await t.setParsed(v.version.id, { schemaVersion: 2, data: upgraded });
        expect(await t.getParsed(v.version.id)).toEqual({ schemaVersion: 2, data: upgraded });
        expect((await t.getVersion(v.version.id))?.parsedSchemaVersion).toBe(2);
        // The same cache as stored text, for an engine in another thread; and text stored as is.
        const text = await t.getParsedJson(v.version.id);
        expect(text?.schemaVersion).toBe(2);
        expect(JSON.parse(text?.json ?? 'null')).toEqual(upgraded);
        await t.setParsed(v.version.id, { schemaVersion: 3, json: JSON.stringify(upgraded) });
        expect(await t.getParsed(v.version.id)).toEqual({ schemaVersion: 3, data: upgraded });
        await expectError(
          t.setParsed(v.version.id, { schemaVersion: 3, json: JSON.stringify({ a: 'nul\u0000' }) }),
          'INVALID_ARGUMENT',
          /U\+0000/,
        );
        expect(await t.getParsedJson(v.version.id, 'holders')).toBeUndefined();
        await expectError(t.setParsed('missing', { schemaVersion: 1, data: {} }), 'NOT_FOUND');
        // A smaller derived cache beside the full parse, for answers that need only a summary.
        const summary = { open: 3, bySection: { C5: 2, C9: 1 } };
        await t.setParsed(v.version.id, { schemaVersion: 1, data: summary }, 'status-summary');
        expect(await t.getParsed(v.version.id, 'status-summary')).toEqual({
          schemaVersion: 1,
          data: summary,
        });
        expect(await t.getParsed(v.version.id)).toEqual({ schemaVersion: 3, data: upgraded });
        expect(await t.getParsed(v.version.id, 'holders')).toBeUndefined();
        await expectError(t.getParsed(v.version.id, 'Status Summary'), 'INVALID_ARGUMENT', /cache name/);
        const bare = await t.postVersion({
          documentId: document.id,
          label: 'no cache',
          postedBy: 'U',
          bytes: bytes('[text]'),
          fileName: 'a.txt',
          contentType: 'text/plain',
        });
        expect(bare.version.parsedSchemaVersion).toBeNull();
        expect(await t.getParsed(bare.version.id)).toBeUndefined();
      });

      it('refuses what JSON would alter or PostgreSQL cannot hold, identically on every database', async () => {
        const { t, document } = await seeded();
        const hostile: Array<[string, unknown]> = [
          ['NaN', { a: Number.NaN }],
          ['Infinity', [1, Number.POSITIVE_INFINITY]],
          ['undefined in an array', [1, undefined]],
          ['a Date', { postedAt: new Date(0) }],
          ['a Map', { m: new Map([[1, 2]]) }],
          ['a class instance', { r: new RapporteurError('INTERNAL', 'x') }],
          ['a function', { f: () => 1 }],
          ['a bigint', { n: 10n }],
          ['U+0000 in a string', { text: 'a\u0000b' }],
          ['U+0000 in a key', { 'a\u0000': 1 }],
          ['a lone surrogate', { text: 'bracket \uD83D here' }],
          ['nothing', undefined],
        ];
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        hostile.push(['a cycle', cyclic]);
        for (const [label, data] of hostile) {
          const err = await expectError(
            t.postVersion({
              documentId: document.id,
              label: 'hostile',
              postedBy: 'U',
              bytes: bytes(`hostile ${label}`),
              fileName: 'h.txt',
              contentType: 'text/plain',
              parsed: { schemaVersion: 1, data },
            }),
            'INVALID_ARGUMENT',
          );
          expect(err.message, label).toMatch(/not plain JSON data/);
        }
        expect(await t.listVersions(document.id)).toEqual([]);
      });

      it('deletes a document and the originals only it used', async () => {
        const { t, document, process } = await seeded();
        const statement = await t.createDocument({ processId: process.id, name: 'Statement' });
        await post(t, document.id, VISION_V1, 'a');
        await post(t, document.id, VISION_V2, 'b');
        await post(t, statement.id, VISION_V2, 'b');
        await t.deleteDocument(document.id);
        expect(await countRows(store, 'blobs', t.tenantId)).toBe(1);
        expect(await t.listDocuments(process.id)).toHaveLength(1);
        await expectError(t.deleteDocument(document.id), 'NOT_FOUND');
        await expectError(
          t.createDocument({ processId: process.id, name: 'STATEMENT' }),
          'CONFLICT',
          /already has a document called "STATEMENT"/,
        );
      });

      it('refuses bad version input with the field named', async () => {
        const { t, document } = await seeded();
        const base = {
          documentId: document.id,
          label: 'x',
          postedBy: 'U',
          bytes: bytes('x'),
          fileName: 'x.txt',
          contentType: 'text/plain',
        };
        await expectError(
          t.postVersion({ ...base, label: '' }),
          'INVALID_ARGUMENT',
          /Version label is empty/,
        );
        await expectError(
          t.postVersion({ ...base, postedAt: '1 June 2014' }),
          'INVALID_ARGUMENT',
          /postedAt/,
        );
        await expectError(t.postVersion({ ...base, postedAt: '2014-06-01' }), 'INVALID_ARGUMENT', /postedAt/);
        await expectError(
          t.postVersion({ ...base, label: 'a'.repeat(201) }),
          'INVALID_ARGUMENT',
          /over the limit/,
        );
        await expectError(t.postVersion({ ...base, bytes: 'text' as never }), 'INVALID_ARGUMENT', /bytes/);
        await expectError(t.postVersion({ ...base, documentId: 'missing' }), 'NOT_FOUND', /document/);
      });
    });

    describe('concurrency', () => {
      it('keeps every one of many versions posted at the same moment, numbered without gaps', async () => {
        const { t, document } = await seeded();
        const stores = second ? [t, second.tenant(t.tenantId)] : [t];
        const n = 24;
        const results = await Promise.all(
          Array.from({ length: n }, (_, i) =>
            (stores[i % stores.length] as TenantStore).postVersion({
              documentId: document.id,
              label: `night session draft ${i}`,
              postedBy: `U-${i}`,
              bytes: bytes(`${VISION_V1}\nRevision ${i}.`),
              fileName: 'vision.md',
              contentType: 'text/markdown',
              parsed: { schemaVersion: 1, data: { i } },
            }),
          ),
        );
        expect(results.every((r) => r.created)).toBe(true);
        const sequences = results.map((r) => r.version.sequence).sort((a, b) => a - b);
        expect(sequences).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        const listed = await t.listVersions(document.id);
        expect(listed.map((v) => v.sequence)).toEqual(sequences);
        expect((await t.getDocument(document.id))?.latestSequence).toBe(n);
      });

      it('keeps one version when the same bytes are posted twice at the same moment', async () => {
        const { t, document } = await seeded();
        const stores = second ? [t, second.tenant(t.tenantId)] : [t, t];
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            post(stores[i % 2] as TenantStore, document.id, VISION_V2, `copy ${i}`),
          ),
        );
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(results.map((r) => r.version.id)).size).toBe(1);
        expect(await t.listVersions(document.id)).toHaveLength(1);
      });

      it('lets exactly one of many concurrent claimers have a delivery', async () => {
        const { t } = await seeded();
        const stores = second ? [t, second.tenant(t.tenantId)] : [t];
        const claims = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            (stores[i % stores.length] as TenantStore).claimDelivery({
              key: 'schedule-change:mpp-6:retimed:C-vision',
              target: { kind: 'channel', id: 'C-vision' },
              kind: 'schedule-change',
              payloadRef: '42',
            }),
          ),
        );
        expect(claims.filter((c) => c.created)).toHaveLength(1);
        expect(new Set(claims.map((c) => c.delivery.id)).size).toBe(1);
        expect(await t.listDeliveries()).toHaveLength(1);
      });

      it('saves a meeting once when two workers reconcile it at the same moment', async () => {
        const { t, process } = await seeded();
        const stores = second ? [t, second.tenant(t.tenantId)] : [t];
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (stores[i % stores.length] as TenantStore).saveMeeting(sixthMeetingInput(process.id)),
          ),
        );
        expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
        expect(results.filter((r) => r.outcome === 'updated')).toHaveLength(0);
        expect(await t.listMeetings(process.id)).toHaveLength(1);
      });

      it('logs concurrent changes in one order that afterId pages through', async () => {
        const { t, process } = await seeded();
        const stores = second ? [t, second.tenant(t.tenantId)] : [t];
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (stores[i % stores.length] as TenantStore).appendChange({
              processId: process.id,
              kind: 'meeting.retimed',
              subject: 'mpp-6',
              payload: { i },
            }),
          ),
        );
        const firstPage = await t.listChanges(process.id, { limit: 7 });
        const rest = await t.listChanges(process.id, { afterId: firstPage.at(-1)?.id ?? 0 });
        const all = [...firstPage, ...rest];
        expect(all).toHaveLength(20);
        expect(new Set(all.map((c) => (c.payload as { i: number }).i)).size).toBe(20);
        expect(all.map((c) => c.id)).toEqual([...all.map((c) => c.id)].sort((a, b) => a - b));
      });
    });

    describe('sources and claims', () => {
      it('records a source with its claims in order and recognises the same content', async () => {
        const { t, process } = await seeded();
        const claims = [sixthClaim('14:00', '16:00'), { meeting: 'mpp-6', venue: 'Geneva, ITU Tower' }];
        const first = await t.recordSource(pdfInvitation(process.id, claims));
        expect(first.created).toBe(true);
        expect(first.claims.map((c) => c.data)).toEqual(claims);
        expect(first.source).toMatchObject({
          kind: 'pdf',
          documentDate: '2014-06-03',
          seenAt: '2014-06-03T15:12:00.000Z',
          revisionKey: null,
        });
        const again = await t.recordSource(pdfInvitation(process.id, claims));
        expect(again.created).toBe(false);
        expect(again.source.id).toBe(first.source.id);
        expect(again.claims).toEqual(first.claims);
      });

      it('treats a re-published page as a new revision only when its content changed', async () => {
        const { t, process } = await seeded();
        const page = (sha: string, seenAt: string, end: string) =>
          t.recordSource({
            processId: process.id,
            kind: 'web',
            name: 'Sixth MPP meeting page',
            url: 'https://www.itu.int/net4/wsis/review/mpp/',
            revisionKey: 'https://www.itu.int/net4/wsis/review/mpp/',
            seenAt,
            sha256: sha,
            claims: [sixthClaim('14:00', end)],
          });
        const a1 = await page(SHA_A, '2014-06-03T16:00:00Z', '18:00');
        const a2 = await page(SHA_A, '2014-06-04T16:00:00Z', '18:00');
        const b = await page(SHA_B, '2014-06-05T16:00:00Z', '16:00');
        const aAgain = await page(SHA_A, '2014-06-06T16:00:00Z', '18:00');
        expect([a1.created, a2.created, b.created, aAgain.created]).toEqual([true, false, true, true]);
        const listed = await t.listClaims(process.id);
        expect(listed.map((s) => s.source.sha256)).toEqual([SHA_A, SHA_B, SHA_A]);
        expect(listed.map((s) => (s.claims[0]?.data as { end: string } | undefined)?.end)).toEqual([
          '18:00',
          '16:00',
          '18:00',
        ]);
      });

      it('stores many claims of one source (beyond one insert batch)', async () => {
        const { t, process } = await seeded();
        const claims = Array.from({ length: 1203 }, (_, i) => ({ meeting: `session-${i}`, day: i % 5 }));
        const r = await t.recordSource({ ...pdfInvitation(process.id, claims), sha256: SHA_B });
        expect(r.claims).toHaveLength(1203);
        const [listed] = await t.listClaims(process.id);
        expect(listed?.claims.map((c) => c.position)).toEqual(claims.map((_, i) => i));
        expect(listed?.claims[1202]?.data).toEqual({ meeting: 'session-1202', day: 2 });
      });

      it('deletes a source with its claims and refuses malformed input', async () => {
        const { t, process } = await seeded();
        const r = await t.recordSource(pdfInvitation(process.id, [sixthClaim('14:00', '16:00')]));
        await t.deleteSource(r.source.id);
        expect(await t.listClaims(process.id)).toEqual([]);
        await expectError(t.deleteSource(r.source.id), 'NOT_FOUND');
        await expectError(
          t.recordSource({ ...pdfInvitation(process.id, []), sha256: 'abc' }),
          'INVALID_ARGUMENT',
          /SHA-256/,
        );
        await expectError(
          t.recordSource({ ...pdfInvitation(process.id, []), documentDate: '2014-02-30' }),
          'INVALID_ARGUMENT',
          /YYYY-MM-DD/,
        );
        await expectError(t.recordSource(pdfInvitation('missing', [])), 'NOT_FOUND');
      });
    });

    describe('meetings', () => {
      it('creates, leaves unchanged, and updates a meeting with a growing revision', async () => {
        const { t, process } = await seeded();
        const created = await t.saveMeeting(sixthMeetingInput(process.id));
        expect(created.outcome).toBe('created');
        expect(created.meeting).toMatchObject({
          meetingKey: 'mpp-6',
          status: 'scheduled',
          startsAt: '2014-06-09T12:00:00.000Z',
          endsAt: '2014-06-09T14:00:00.000Z',
          revision: 0,
        });
        // The same facts with keys in another order and the instant written with an offset.
        const same = await t.saveMeeting({
          ...sixthMeetingInput(process.id),
          startsAt: '2014-06-09T14:00:00+02:00',
          snapshot: { venue: 'Geneva', title: 'Sixth MPP meeting', conflict: { end: ['16:00', '18:00'] } },
        });
        expect(same.outcome).toBe('unchanged');
        const retimed = await t.saveMeeting({
          ...sixthMeetingInput(process.id),
          endsAt: '2014-06-09T16:00:00Z',
        });
        expect(retimed).toMatchObject({
          outcome: 'updated',
          meeting: { revision: 1, id: created.meeting.id },
        });
        const cancelled = await t.saveMeeting({ ...sixthMeetingInput(process.id), status: 'cancelled' });
        expect(cancelled.meeting.revision).toBe(2);
        expect((await t.findMeeting(process.id, 'mpp-6'))?.status).toBe('cancelled');
      });

      it('lists meetings by start, unknown starts last, and filters a window', async () => {
        const { t, process } = await seeded();
        const save = (key: string, start: string | null, end: string | null) =>
          t.saveMeeting({
            processId: process.id,
            meetingKey: key,
            status: 'scheduled',
            startsAt: start,
            endsAt: end,
            snapshot: { key },
          });
        await save('hle', '2014-06-10T07:00:00Z', '2014-06-13T16:00:00Z');
        await save('mpp-5', '2014-05-28T07:00:00Z', '2014-05-31T23:30:00Z');
        await save('mpp-7', null, null);
        await save('mpp-6', '2014-06-09T12:00:00Z', '2014-06-09T16:00:00Z');
        expect((await t.listMeetings(process.id)).map((m) => m.meetingKey)).toEqual([
          'mpp-5',
          'mpp-6',
          'hle',
          'mpp-7',
        ]);
        const june = await t.listMeetings(process.id, {
          from: '2014-06-01T00:00:00Z',
          to: '2014-06-10T00:00:00Z',
        });
        expect(june.map((m) => m.meetingKey)).toEqual(['mpp-6']);
        const ongoing = await t.listMeetings(process.id, { from: '2014-06-11T00:00:00Z' });
        expect(ongoing.map((m) => m.meetingKey)).toEqual(['hle']);
      });

      it('refuses a meeting that ends before it starts and an unknown status', async () => {
        const { t, process } = await seeded();
        await expectError(
          t.saveMeeting({ ...sixthMeetingInput(process.id), endsAt: '2014-06-09T11:00:00Z' }),
          'INVALID_ARGUMENT',
          /ends before it starts/,
        );
        await expectError(
          t.saveMeeting({ ...sixthMeetingInput(process.id), status: 'moved' as never }),
          'INVALID_ARGUMENT',
          /status/,
        );
      });

      it('deleting a meeting removes its reminders', async () => {
        const { t, process } = await seeded();
        const m = await sixthMeeting(t, process.id);
        await t.wantReminder({
          meetingId: m.id,
          offsetMinutes: 60,
          target: { kind: 'person', id: 'U-1' },
          dueAt: '2014-06-09T11:00:00Z',
        });
        await t.deleteMeeting(m.id);
        expect(await t.listReminders()).toEqual([]);
        await expectError(t.deleteMeeting(m.id), 'NOT_FOUND');
      });
    });

    describe('watches', () => {
      it('adds a watch, finds it due, and records success and failure runs', async () => {
        const { t, process } = await seeded();
        const url = 'https://www.itu.int/net4/wsis/review/mpp/';
        const w = await t.addWatch({
          processId: process.id,
          url,
          intervalSeconds: 900,
          nextRunAt: '2014-06-03T16:00:00Z',
        });
        expect(w).toMatchObject({ url, intervalSeconds: 900, notified: false, failingSince: null });
        await expectError(
          t.addWatch({ processId: process.id, url, intervalSeconds: 900 }),
          'CONFLICT',
          /already watches/,
        );
        expect(await t.dueWatches('2014-06-03T15:59:59Z')).toEqual([]);
        expect((await t.dueWatches('2014-06-03T16:00:00Z')).map((x) => x.id)).toEqual([w.id]);
        const f1 = await t.recordWatchFailure(w.id, {
          checkedAt: '2014-06-03T16:00:00Z',
          error: 'HTTP 503 from www.itu.int\u0000',
          nextRunAt: '2014-06-03T16:15:00Z',
        });
        const f2 = await t.recordWatchFailure(w.id, {
          checkedAt: '2014-06-03T16:15:00Z',
          error: 'timeout after 30 s',
          nextRunAt: '2014-06-03T16:30:00Z',
        });
        expect(f1.lastError).toBe('HTTP 503 from www.itu.int\uFFFD');
        expect(f2).toMatchObject({
          failingSince: '2014-06-03T16:00:00.000Z',
          lastError: 'timeout after 30 s',
        });
        expect((await t.setWatchNotified(w.id, true)).notified).toBe(true);
        const ok = await t.recordWatchSuccess(w.id, {
          checkedAt: '2014-06-03T16:30:00Z',
          etag: 'W/"6-june"',
          lastModified: 'Tue, 03 Jun 2014 14:00:00 GMT',
          contentHash: SHA_A,
          nextRunAt: '2014-06-03T16:45:00Z',
        });
        expect(ok).toMatchObject({
          failingSince: null,
          lastError: null,
          notified: false,
          etag: 'W/"6-june"',
        });
        await t.removeWatch(w.id);
        expect(await t.listWatches(process.id)).toEqual([]);
        await expectError(t.removeWatch(w.id), 'NOT_FOUND');
      });

      it('refuses URLs that are not web addresses and silly intervals', async () => {
        const { t, process } = await seeded();
        await expectError(
          t.addWatch({ processId: process.id, url: 'file:///etc/passwd', intervalSeconds: 900 }),
          'INVALID_ARGUMENT',
          /http or https/,
        );
        await expectError(
          t.addWatch({ processId: process.id, url: 'not a url', intervalSeconds: 900 }),
          'INVALID_ARGUMENT',
          /not a valid URL/,
        );
        await expectError(
          t.addWatch({ processId: process.id, url: 'https://example.org/', intervalSeconds: 5 }),
          'INVALID_ARGUMENT',
          /intervalSeconds/,
        );
      });
    });

    describe('change log', () => {
      it('appends changes and lists them by id, instant and kind', async () => {
        const { t, process } = await seeded();
        const c1 = await t.appendChange({
          processId: process.id,
          kind: 'meeting.added',
          subject: 'mpp-6',
          payload: { after: { date: '2014-06-09' } },
          createdAt: '2014-06-03T15:00:00Z',
        });
        const c2 = await t.appendChange({
          processId: process.id,
          kind: 'meeting.conflict-opened',
          subject: 'mpp-6',
          payload: { field: 'end', values: ['16:00', '18:00'] },
          createdAt: '2014-06-03T16:00:00Z',
        });
        const c3 = await t.appendChange({
          processId: process.id,
          kind: 'meeting.conflict-settled',
          subject: 'mpp-6',
          payload: { field: 'end', value: '16:00' },
          createdAt: '2014-06-05T09:00:00Z',
        });
        expect(c2.id).toBeGreaterThan(c1.id);
        expect((await t.listChanges(process.id, { afterId: c1.id })).map((c) => c.id)).toEqual([
          c2.id,
          c3.id,
        ]);
        expect((await t.listChanges(process.id, { since: '2014-06-04T00:00:00Z' })).map((c) => c.id)).toEqual(
          [c3.id],
        );
        expect((await t.listChanges(process.id, { kinds: ['meeting.added'] })).map((c) => c.id)).toEqual([
          c1.id,
        ]);
        expect(await t.listChanges(process.id, { kinds: [] })).toEqual([]);
        expect((await t.listChanges(process.id, { limit: 1 })).map((c) => c.id)).toEqual([c1.id]);
        expect(c2.payload).toEqual({ field: 'end', values: ['16:00', '18:00'] });
        await expectError(t.listChanges(process.id, { limit: 0 }), 'INVALID_ARGUMENT');
      });

      it('reads one change by process and id, and nothing of another process', async () => {
        const { t, process } = await seeded();
        const other = await t.createProcess({ name: 'IGF MAG' });
        const change = await t.appendChange({
          processId: process.id,
          kind: 'meeting.retimed',
          subject: 'mpp-6',
          payload: { before: '14:00-16:00', after: '14:00-18:00' },
        });
        expect(await t.getChange(process.id, change.id)).toEqual(change);
        expect(await t.getChange(other.id, change.id)).toBeUndefined();
        for (const id of [change.id + 1, 0, -1, 1.5, Number.NaN, Number.MAX_VALUE]) {
          expect(await t.getChange(process.id, id), String(id)).toBeUndefined();
        }
        expect(await t.getChange("' or 1=1 --", change.id)).toBeUndefined();
      });
    });

    describe('people and roles', () => {
      it('keeps a person time zone and reminder preferences, merging patches', async () => {
        const { t } = await seeded();
        const p = await t.setPerson('U-sydney', { timeZone: 'Australia/Sydney' });
        expect(p).toMatchObject({
          timeZone: 'Australia/Sydney',
          reminders: { offsetsMinutes: null, muted: false },
        });
        const q = await t.setPerson('U-sydney', { reminders: { offsetsMinutes: [30, 720] } });
        expect(q).toMatchObject({
          timeZone: 'Australia/Sydney',
          reminders: { offsetsMinutes: [720, 30], muted: false },
        });
        const r = await t.setPerson('U-sydney', { timeZone: null });
        expect(r.timeZone).toBeNull();
        await expectError(t.setPerson('U-sydney', { timeZone: 'Sydney' }), 'INVALID_ARGUMENT', /time zone/);
        await expectError(
          t.setPerson('U-sydney', { reminders: { offsetsMinutes: [0] } }),
          'INVALID_ARGUMENT',
          /offsetsMinutes/,
        );
        expect((await t.listPeople()).map((x) => x.platformUserId)).toEqual(['U-sydney']);
      });

      it('forgets a person with their reminders, deliveries and grants', async () => {
        const { t, process } = await seeded();
        const m = await sixthMeeting(t, process.id);
        await t.setPerson('U-lima', { timeZone: 'America/Lima' });
        await t.wantReminder({
          meetingId: m.id,
          offsetMinutes: 60,
          target: { kind: 'person', id: 'U-lima' },
          dueAt: '2014-06-09T11:00:00Z',
        });
        await t.claimDelivery({
          key: 'reminder:1',
          target: { kind: 'person', id: 'U-lima' },
          kind: 'reminder',
        });
        await t.grantRole({ processId: null, principal: { kind: 'user', id: 'U-lima' }, role: 'poster' });
        await t.forgetPerson('U-lima');
        expect(await t.getPerson('U-lima')).toBeUndefined();
        expect(await t.listReminders()).toEqual([]);
        expect(await t.listDeliveries()).toEqual([]);
        expect(await t.listRoles()).toEqual([]);
        await expectError(t.forgetPerson('U-lima'), 'NOT_FOUND');
      });

      it('grants roles idempotently, per process or tenant-wide, and answers hasRole', async () => {
        const { t, process } = await seeded();
        const forum = await t.createProcess({ name: 'WSIS Forum' });
        const g1 = await t.grantRole({
          processId: process.id,
          principal: { kind: 'user', id: 'U-chair-staff' },
          role: 'poster',
          grantedBy: 'U-admin',
        });
        const g1again = await t.grantRole({
          processId: process.id,
          principal: { kind: 'user', id: 'U-chair-staff' },
          role: 'poster',
        });
        const wide = await t.grantRole({
          processId: null,
          principal: { kind: 'platform-role', id: 'R-secretariat' },
          role: 'poster',
        });
        const wideAgain = await t.grantRole({
          processId: null,
          principal: { kind: 'platform-role', id: 'R-secretariat' },
          role: 'poster',
        });
        expect([g1.created, g1again.created, wide.created, wideAgain.created]).toEqual([
          true,
          false,
          true,
          false,
        ]);
        expect(g1again.grant.id).toBe(g1.grant.id);
        expect(wideAgain.grant.id).toBe(wide.grant.id);
        const may = (processId: string, userId: string, platformRoleIds: string[] = []) =>
          t.hasRole({ processId, userId, platformRoleIds, role: 'poster' });
        expect(await may(process.id, 'U-chair-staff')).toBe(true);
        expect(await may(forum.id, 'U-chair-staff')).toBe(false);
        expect(await may(forum.id, 'U-observer', ['R-member', 'R-secretariat'])).toBe(true);
        expect(await may(forum.id, 'U-observer', ['R-member'])).toBe(false);
        expect((await t.listRoles(forum.id)).map((g) => g.id)).toEqual([wide.grant.id]);
        expect(await t.listRoles()).toHaveLength(2);
        await t.revokeRole(g1.grant.id);
        expect(await may(process.id, 'U-chair-staff')).toBe(false);
        await expectError(t.revokeRole(g1.grant.id), 'NOT_FOUND');
        await expectError(
          t.grantRole({ processId: 'missing', principal: { kind: 'user', id: 'U' }, role: 'poster' }),
          'NOT_FOUND',
        );
        await expectError(
          t.grantRole({ processId: null, principal: { kind: 'user', id: 'U' }, role: 'chair' as never }),
          'INVALID_ARGUMENT',
        );
      });
    });

    describe('reminders', () => {
      it('reads a reminder with its meeting in one call, as getReminder and getMeeting give them', async () => {
        const { t, process } = await seeded();
        const m = await sixthMeeting(t, process.id);
        const { reminder } = await t.wantReminder({
          meetingId: m.id,
          offsetMinutes: 60,
          target: { kind: 'person', id: 'U-sydney' },
          dueAt: '2014-06-09T11:00:00Z',
          told: { startsAt: '2014-06-09T12:00:00Z' },
        });
        expect(await t.getReminderWithMeeting(reminder.id)).toEqual({
          reminder: await t.getReminder(reminder.id),
          meeting: await t.getMeeting(m.id),
        });
        expect(await t.getReminderWithMeeting('no-such-reminder')).toBeUndefined();
        expect(await t.getReminderWithMeeting("' or 1=1 --")).toBeUndefined();
      });

      it('wants a reminder once, and wanting it again moves it or revives it', async () => {
        const { t, process } = await seeded();
        const m = await sixthMeeting(t, process.id);
        const want = (dueAt: string, told?: unknown) =>
          t.wantReminder({
            meetingId: m.id,
            offsetMinutes: 1440,
            target: { kind: 'person', id: 'U-sydney' },
            dueAt,
            ...(told === undefined ? {} : { told }),
          });
        const a = await want('2014-06-08T12:00:00Z', { start: '14:00', venue: 'Geneva' });
        expect(a).toMatchObject({
          created: true,
          reminder: { status: 'pending', told: { start: '14:00', venue: 'Geneva' } },
        });
        const sent = await t.markReminderSent(a.reminder.id, { told: { start: '14:00', end: '16:00' } });
        expect(sent.status).toBe('sent');
        const same = await want('2014-06-08T12:00:00Z');
        expect(same).toMatchObject({
          created: false,
          reminder: { id: a.reminder.id, status: 'sent', told: { start: '14:00', end: '16:00' } },
        });
        const moved = await want('2014-06-08T13:00:00Z');
        expect(moved.reminder).toMatchObject({ status: 'pending', dueAt: '2014-06-08T13:00:00.000Z' });
        await expectError(
          t.wantReminder({
            meetingId: 'missing',
            offsetMinutes: 60,
            target: { kind: 'person', id: 'U' },
            dueAt: '2014-06-08T13:00:00Z',
          }),
          'NOT_FOUND',
          /meeting/,
        );
      });

      it('finds due reminders, moves them with the meeting and cancels them with it', async () => {
        const { t, process } = await seeded();
        const m = await sixthMeeting(t, process.id);
        for (const offsetMinutes of [1440, 60]) {
          await t.wantReminder({
            meetingId: m.id,
            offsetMinutes,
            target: { kind: 'channel', id: 'C-vision' },
            dueAt: new Date(Date.parse('2014-06-09T12:00:00Z') - offsetMinutes * 60_000),
          });
        }
        expect((await t.dueReminders('2014-06-08T12:00:00Z')).map((r) => r.offsetMinutes)).toEqual([1440]);
        expect(await t.dueReminders('2014-06-08T11:59:59.999Z')).toEqual([]);
        // Re-timed to 15:00 Geneva (13:00 UTC).
        const moved = await t.rescheduleReminders(m.id, '2014-06-09T15:00:00+02:00');
        expect(moved.map((r) => r.dueAt)).toEqual(['2014-06-08T13:00:00.000Z', '2014-06-09T12:00:00.000Z']);
        expect(await t.rescheduleReminders(m.id, '2014-06-09T13:00:00Z')).toEqual([]);
        const cancelled = await t.cancelReminders(m.id);
        expect(cancelled.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
        expect(await t.dueReminders('2014-06-10T00:00:00Z')).toEqual([]);
        const err = await expectError(t.markReminderSent(cancelled[0]?.id ?? ''), 'CONFLICT', /cancelled/);
        expect(err.hint).toMatch(/do not send/);
        await t.deleteReminder(cancelled[0]?.id ?? '');
        expect(await t.listReminders({ status: 'cancelled' })).toHaveLength(1);
      });
    });

    describe('deliveries', () => {
      it('records attempts, failures, retries and the send', async () => {
        const { t } = await seeded();
        const { delivery } = await t.claimDelivery({
          key: 'draft-change:vision:3:C-vision',
          target: { kind: 'channel', id: 'C-vision' },
          kind: 'draft-change',
          payloadRef: '7',
        });
        expect(delivery).toMatchObject({ status: 'pending', attempts: 0, payloadRef: '7' });
        const failed = await t.recordDeliveryFailure(delivery.id, {
          error: 'Discord answered 503',
          permanent: false,
          at: '2014-06-03T16:00:00Z',
          nextAttemptAt: '2014-06-03T16:01:00Z',
        });
        expect(failed).toMatchObject({
          status: 'failed',
          attempts: 1,
          nextAttemptAt: '2014-06-03T16:01:00.000Z',
        });
        expect(await t.deliveriesToRetry('2014-06-03T16:00:30Z')).toEqual([]);
        expect((await t.deliveriesToRetry('2014-06-03T16:01:00Z')).map((d) => d.id)).toEqual([delivery.id]);
        const sent = await t.recordDeliverySent(delivery.id, {
          sentAt: '2014-06-03T16:01:02Z',
          platformMessageId: 'M-1',
        });
        expect(sent).toMatchObject({
          status: 'sent',
          attempts: 2,
          platformMessageId: 'M-1',
          nextAttemptAt: null,
        });
        expect((await t.findDelivery('draft-change:vision:3:C-vision'))?.id).toBe(delivery.id);
        await expectError(t.recordDeliverySent(delivery.id), 'CONFLICT', /already sent/);
        await expectError(
          t.recordDeliveryFailure(delivery.id, { error: 'x', permanent: false }),
          'CONFLICT',
          /already sent/,
        );
        expect((await t.listDeliveries({ status: 'sent' })).map((d) => d.id)).toEqual([delivery.id]);
      });

      it('stops retrying a permanent failure', async () => {
        const { t } = await seeded();
        const { delivery } = await t.claimDelivery({
          key: 'reminder:mpp-6:60:U-gone',
          target: { kind: 'person', id: 'U-gone' },
          kind: 'reminder',
        });
        const p = await t.recordDeliveryFailure(delivery.id, { error: 'Unknown user', permanent: true });
        expect(p).toMatchObject({ status: 'permanent', nextAttemptAt: null });
        expect(await t.deliveriesToRetry('2100-01-01T00:00:00Z')).toEqual([]);
        await expectError(t.recordDeliverySent(delivery.id), 'CONFLICT', /failed for good/);
        await expectError(t.recordDeliverySent('missing'), 'NOT_FOUND');
      });

      it('reads a delivery with the channel or person it is addressed to', async () => {
        const { t, process } = await seeded();
        const channel = await t.bindChannel({ processId: process.id, platformChannelId: 'C-geneva' });
        const person = await t.setPerson('U-sydney', {
          timeZone: 'Australia/Sydney',
          reminders: { offsetsMinutes: [30] },
        });
        const claim = async (key: string, target: { kind: 'channel' | 'person'; id: string }) =>
          (await t.claimDelivery({ key, target, kind: 'reminder' })).delivery;
        const toChannel = await claim('reminder:mpp-6:60:channel', { kind: 'channel', id: channel.id });
        const toPerson = await claim('reminder:mpp-6:60:U-sydney', { kind: 'person', id: 'U-sydney' });
        const toStranger = await claim('reminder:mpp-6:60:U-new', { kind: 'person', id: 'U-new' });

        expect(await t.getDeliveryWithTarget(toChannel.id)).toEqual({
          delivery: await t.getDelivery(toChannel.id),
          channel: await t.getChannel(channel.id),
          person: null,
        });
        expect(await t.getDeliveryWithTarget(toPerson.id)).toEqual({
          delivery: await t.getDelivery(toPerson.id),
          channel: null,
          person,
        });
        expect(await t.getDeliveryWithTarget(toStranger.id)).toMatchObject({ channel: null, person: null });
        // A channel id that happens to equal a person's id does not cross over.
        const lookalike = await claim('reminder:mpp-6:60:lookalike', { kind: 'person', id: channel.id });
        expect(await t.getDeliveryWithTarget(lookalike.id)).toMatchObject({ channel: null, person: null });
        await t.unbindChannel(channel.id);
        expect(await t.getDeliveryWithTarget(toChannel.id)).toMatchObject({
          delivery: { id: toChannel.id },
          channel: null,
        });
        expect(await t.getDeliveryWithTarget('no-such-delivery')).toBeUndefined();
        expect(await t.getDeliveryWithTarget("' or 1=1 --")).toBeUndefined();
      });

      it('records many sends at once, each with its own outcome', async () => {
        const { t } = await seeded();
        const claim = async (key: string) =>
          (
            await t.claimDelivery({
              key,
              target: { kind: 'channel', id: 'C-vision' },
              kind: 'schedule-change',
            })
          ).delivery;
        const [a, b, sentBefore, gone, badTime] = [
          await claim('schedule-change:mpp-6:a'),
          await claim('schedule-change:mpp-6:b'),
          await claim('schedule-change:mpp-6:c'),
          await claim('schedule-change:mpp-6:d'),
          await claim('schedule-change:mpp-6:e'),
        ] as const;
        await t.recordDeliverySent(sentBefore.id, { platformMessageId: 'M-earlier' });
        await t.recordDeliveryFailure(gone.id, { error: 'Unknown channel', permanent: true });

        const outcomes = await t.recordDeliveriesSent([
          { id: a.id, sentAt: '2014-06-03T16:00:01Z', platformMessageId: 'M-a' },
          { id: sentBefore.id, platformMessageId: 'M-again' },
          { id: 'no-such-delivery' },
          { id: gone.id },
          { id: badTime.id, sentAt: 'next Tuesday' },
          { id: b.id, platformMessageId: 'M-b' },
          { id: '' },
        ]);
        expect(outcomes).toHaveLength(7);
        expect(outcomes[0]).toMatchObject({
          id: a.id,
          status: 'sent',
          platformMessageId: 'M-a',
          attempts: 1,
        });
        expect(outcomes[0]).toMatchObject({ sentAt: '2014-06-03T16:00:01.000Z' });
        const codes = outcomes.map((o) => (o instanceof RapporteurError ? o.code : 'recorded'));
        expect(codes).toEqual([
          'recorded',
          'CONFLICT',
          'NOT_FOUND',
          'CONFLICT',
          'INVALID_ARGUMENT',
          'recorded',
          'NOT_FOUND',
        ]);
        expect((outcomes[1] as RapporteurError).message).toMatch(/already sent/);
        expect((outcomes[3] as RapporteurError).message).toMatch(/failed for good/);
        // What was recorded is stored; the refused entries changed nothing.
        expect(await t.getDelivery(b.id)).toMatchObject({ status: 'sent', platformMessageId: 'M-b' });
        expect(await t.getDelivery(sentBefore.id)).toMatchObject({
          platformMessageId: 'M-earlier',
          attempts: 1,
        });
        expect(await t.getDelivery(badTime.id)).toMatchObject({ status: 'pending', attempts: 0 });
        expect(await t.recordDeliveriesSent([])).toEqual([]);
      });

      it('records a delivery sent twice in one batch, or by racing batches, exactly once', async () => {
        const { t } = await seeded();
        const { delivery } = await t.claimDelivery({
          key: 'reminder:mpp-6:60:C-vision',
          target: { kind: 'channel', id: 'C-vision' },
          kind: 'reminder',
        });
        const [first, again] = await t.recordDeliveriesSent([
          { id: delivery.id, platformMessageId: 'M-1' },
          { id: delivery.id, platformMessageId: 'M-2' },
        ]);
        expect(first).toMatchObject({ status: 'sent', platformMessageId: 'M-1', attempts: 1 });
        expect(again).toBeInstanceOf(RapporteurError);
        expect(again).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already sent/) });

        const racing = await Promise.all(
          Array.from({ length: 4 }, async (_, i) => {
            const { delivery: d } = await t.claimDelivery({
              key: `reminder:mpp-6:60:U-${i}`,
              target: { kind: 'person', id: `U-${i}` },
              kind: 'reminder',
            });
            return d.id;
          }),
        );
        const views = [t, ...(second ? [second.tenant(t.tenantId)] : [])];
        const batches = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (views[i % views.length] as TenantStore).recordDeliveriesSent(
              racing.map((id) => ({ id, platformMessageId: `M-${i}` })),
            ),
          ),
        );
        for (const [k, id] of racing.entries()) {
          const recorded = batches.filter((b) => !(b[k] instanceof RapporteurError));
          expect(recorded, id).toHaveLength(1);
          expect((await t.getDelivery(id))?.attempts).toBe(1);
        }
      });
    });

    describe('tenant isolation', () => {
      it('gives another tenant nothing through any method, and NOT_FOUND for every write', async () => {
        const a = await fullTenant(store);
        const intruder = await newTenant(store);
        const b = store.tenant(intruder.id);
        const before = await snapshotTenant(a.t, a);
        const exercised = new Set<string>();
        const read = async (name: keyof TenantStore, call: () => Promise<unknown>) => {
          exercised.add(name);
          const value = await call();
          expect(Array.isArray(value) ? value : value === false ? undefined : value, name).toEqual(
            Array.isArray(value) ? [] : undefined,
          );
        };
        const write = async (name: keyof TenantStore, call: () => Promise<unknown>) => {
          exercised.add(name);
          await expectError(call(), 'NOT_FOUND', undefined, name);
        };
        const {
          process: p,
          document: d,
          versions,
          channel,
          listChannel,
          source,
          meeting,
          watch,
          grant,
          reminder,
          delivery,
        } = a;
        const v = versions[0];

        await read('getProcess', () => b.getProcess(p.id));
        await read('findProcess', () => b.findProcess(p.name));
        await read('listProcesses', () => b.listProcesses());
        await write('updateProcess', () => b.updateProcess(p.id, { settings: { packageDeal: true } }));
        await write('deleteProcess', () => b.deleteProcess(p.id));

        await write('bindChannel', () =>
          b.bindChannel({ processId: p.id, platformChannelId: channel.platformChannelId }),
        );
        await write('bindChannel', () =>
          b.bindChannel({
            processId: p.id,
            platformChannelId: listChannel.platformChannelId,
            platform: 'email',
          }),
        );
        await read('findChannel', () => b.findChannel(listChannel.platformChannelId));
        await read('getChannel', () => b.getChannel(channel.id));
        await read('findChannel', () => b.findChannel(channel.platformChannelId));
        await read('listChannels', () => b.listChannels(p.id));
        await write('unbindChannel', () => b.unbindChannel(channel.id));
        await write('setSubscription', () => b.setSubscription(channel.id, { reminders: false }));
        await read('getSubscription', () => b.getSubscription(channel.id));
        await read('listSubscribers', () => b.listSubscribers(p.id, 'draftChanges'));

        await write('createDocument', () => b.createDocument({ processId: p.id, name: 'Vision' }));
        await read('getDocument', () => b.getDocument(d.id));
        await read('findDocument', () => b.findDocument(p.id, d.name));
        await read('listDocuments', () => b.listDocuments(p.id));
        await write('deleteDocument', () => b.deleteDocument(d.id));
        await write('postVersion', () => post(b, d.id, VISION_V1, 'intruder'));
        await read('getVersion', () => b.getVersion(v.id));
        await read('getVersionBySequence', () => b.getVersionBySequence(d.id, 1));
        await read('latestVersion', () => b.latestVersion(d.id));
        await read('listVersions', () => b.listVersions(d.id));
        await read('readOriginal', () => b.readOriginal(v.id));
        await read('getParsed', () => b.getParsed(v.id));
        await read('getParsedJson', () => b.getParsedJson(v.id));
        await read('getParsedPacked', () => b.getParsedPacked(v.id));
        await write('setParsed', () => b.setParsed(v.id, { schemaVersion: 9, data: 'overwritten' }));
        const intruderChange = { processId: p.id, kind: 'draft.version', subject: d.id, payload: {} };
        await write('recordVersionChange', () => b.recordVersionChange(v.id, intruderChange));
        await write('markVersionAnnounced', () => b.markVersionAnnounced(v.id));
        await read('listUnannouncedVersions', () => b.listUnannouncedVersions());
        await write('withdrawVersion', () =>
          b.withdrawVersion(v.id, { by: 'intruder', change: intruderChange }),
        );

        const { agreed } = a;
        await write('addAgreedText', () => b.addAgreedText(agreedTextInput(p.id, 'intruder')));
        await write('addAgreedText', () =>
          b.addAgreedText({ ...agreedTextInput(p.id, 'promoted'), sourceVersionId: v.id }),
        );
        await read('getAgreedText', () => b.getAgreedText(agreed.id));
        await read('listAgreedTexts', () => b.listAgreedTexts(p.id));
        await read('listAgreedTextContents', () => b.listAgreedTextContents(p.id));
        await write('removeAgreedText', () => b.removeAgreedText(agreed.id));
        exercised.add('libraryRevision');
        expect(await b.libraryRevision(p.id)).toBe(0);
        await read('listAgreedTextSegments', () => b.listAgreedTextSegments(p.id));
        await read('setLanguageSegment', () =>
          b.setLanguageSegment(agreed.id, { schemaVersion: 1, bytes: new Uint8Array([9]) }),
        );
        await read('getLanguageMatch', () => b.getLanguageMatch(v.id));
        await write('setLanguageMatch', () =>
          b.setLanguageMatch(v.id, { libraryRevision: 1, schemaVersion: 1, data: 'overwritten' }),
        );

        await write('recordSource', () => b.recordSource(pdfInvitation(p.id, [])));
        await read('getSource', () => b.getSource(source.id));
        await read('listSources', () => b.listSources(p.id));
        await read('listClaims', () => b.listClaims(p.id));
        await write('deleteSource', () => b.deleteSource(source.id));
        await write('saveMeeting', () => b.saveMeeting(sixthMeetingInput(p.id)));
        await read('getMeeting', () => b.getMeeting(meeting.id));
        await read('findMeeting', () => b.findMeeting(p.id, meeting.meetingKey));
        await read('listMeetings', () => b.listMeetings(p.id));
        await write('deleteMeeting', () => b.deleteMeeting(meeting.id));

        await write('addWatch', () =>
          b.addWatch({ processId: p.id, url: 'https://example.org/', intervalSeconds: 900 }),
        );
        await read('getWatch', () => b.getWatch(watch.id));
        await read('listWatches', () => b.listWatches(p.id));
        await read('dueWatches', () => b.dueWatches('2100-01-01T00:00:00Z'));
        await write('recordWatchSuccess', () =>
          b.recordWatchSuccess(watch.id, {
            checkedAt: '2014-06-03T16:00:00Z',
            etag: null,
            lastModified: null,
            contentHash: null,
            nextRunAt: '2014-06-03T16:00:00Z',
          }),
        );
        await write('recordWatchFailure', () =>
          b.recordWatchFailure(watch.id, {
            checkedAt: '2014-06-03T16:00:00Z',
            error: 'x',
            nextRunAt: '2014-06-03T16:00:00Z',
          }),
        );
        await write('setWatchNotified', () => b.setWatchNotified(watch.id, true));
        await write('removeWatch', () => b.removeWatch(watch.id));

        await write('appendChange', () =>
          b.appendChange({ processId: p.id, kind: 'x', subject: 'x', payload: {} }),
        );
        await read('listChanges', () => b.listChanges(p.id));
        const change = (await a.t.listChanges(p.id))[0];
        expect(change, 'the full tenant has a change to steal').toBeDefined();
        await read('getChange', () => b.getChange(p.id, change?.id ?? 1));

        await read('getPerson', () => b.getPerson('U-sydney'));
        await read('listPeople', () => b.listPeople());
        await write('forgetPerson', () => b.forgetPerson('U-sydney'));
        await write('grantRole', () =>
          b.grantRole({ processId: p.id, principal: { kind: 'user', id: 'U-intruder' }, role: 'poster' }),
        );
        await write('revokeRole', () => b.revokeRole(grant.id));
        await read('listRoles', () => b.listRoles(p.id));
        await read('hasRole', () => b.hasRole({ processId: p.id, userId: 'U-chair-staff', role: 'poster' }));

        await write('wantReminder', () =>
          b.wantReminder({
            meetingId: meeting.id,
            offsetMinutes: 60,
            target: { kind: 'person', id: 'U' },
            dueAt: '2014-06-09T11:00:00Z',
          }),
        );
        await read('getReminder', () => b.getReminder(reminder.id));
        await read('getReminderWithMeeting', () => b.getReminderWithMeeting(reminder.id));
        await read('listReminders', () => b.listReminders({ meetingId: meeting.id }));
        await read('dueReminders', () => b.dueReminders('2100-01-01T00:00:00Z'));
        await write('rescheduleReminders', () => b.rescheduleReminders(meeting.id, '2014-06-09T13:00:00Z'));
        await write('cancelReminders', () => b.cancelReminders(meeting.id));
        await write('markReminderSent', () => b.markReminderSent(reminder.id));
        await write('deleteReminder', () => b.deleteReminder(reminder.id));
        await read('getDelivery', () => b.getDelivery(delivery.id));
        await read('getDeliveryWithTarget', () => b.getDeliveryWithTarget(delivery.id));
        await read('findDelivery', () => b.findDelivery(delivery.idempotencyKey));
        await read('listDeliveries', () => b.listDeliveries());
        await read('deliveriesToRetry', () => b.deliveriesToRetry('2100-01-01T00:00:00Z'));
        await write('recordDeliverySent', () => b.recordDeliverySent(delivery.id));
        exercised.add('recordDeliveriesSent');
        const batch = await b.recordDeliveriesSent([{ id: delivery.id }, { id: delivery.id }]);
        expect(batch.map((o) => (o instanceof RapporteurError ? o.code : o.status))).toEqual([
          'NOT_FOUND',
          'NOT_FOUND',
        ]);
        await write('recordDeliveryFailure', () =>
          b.recordDeliveryFailure(delivery.id, { error: 'x', permanent: true }),
        );

        // Writes that create in the intruder's own namespace succeed there and touch nothing of A.
        exercised.add('setPerson');
        expect((await b.setPerson('U-sydney', { timeZone: 'Pacific/Chatham' })).timeZone).toBe(
          'Pacific/Chatham',
        );
        exercised.add('claimDelivery');
        const claim = await b.claimDelivery({
          key: delivery.idempotencyKey,
          target: { kind: 'channel', id: 'C-intruder' },
          kind: 'draft-change',
        });
        expect(claim.created).toBe(true);
        exercised.add('createProcess');
        const own = await b.createProcess({ name: p.name });
        const ownDoc = await b.createDocument({ processId: own.id, name: 'Vision' });
        await post(b, ownDoc.id, VISION_V1, 'same bytes, other tenant');
        expect(await countRows(store, 'blobs', intruder.id)).toBe(1);
        // The same list may feed a process of another tenant: a row of that tenant, not A's moved.
        const ownList = await b.bindChannel({
          processId: own.id,
          platformChannelId: listChannel.platformChannelId,
          platform: 'email',
        });
        expect(ownList).toMatchObject({ tenantId: intruder.id, processId: own.id, platform: 'email' });
        expect(ownList.id).not.toBe(listChannel.id);

        const methods = Object.keys(b).filter((k) => k !== 'tenantId');
        expect(methods.filter((m) => !exercised.has(m))).toEqual([]);
        expect(await snapshotTenant(a.t, a)).toEqual(before);
      });

      it('shares one view per tenant, each scoped to its own tenant and closed to changes', async () => {
        const one = await newTenant(store);
        const two = await newTenant(store);
        const view = store.tenant(one.id);
        expect(store.tenant(one.id)).toBe(view);
        expect(store.tenant(two.id)).not.toBe(view);
        expect(store.tenant(two.id).tenantId).toBe(two.id);
        expect(Object.isFrozen(view)).toBe(true);
        await view.createProcess({ name: 'WSIS+10 Vision' });
        expect(await store.tenant(two.id).listProcesses()).toEqual([]);
      });

      it('a tenant store for an unregistered tenant reads nothing and cannot write', async () => {
        const ghost = store.tenant('00000000-0000-4000-8000-000000000000');
        expect(await ghost.listProcesses()).toEqual([]);
        await expectError(
          ghost.createProcess({ name: 'WSIS+10 Vision' }),
          'NOT_FOUND',
          /tenant is not registered/,
        );
        await expectError(
          ghost.claimDelivery({ key: 'k', target: { kind: 'channel', id: 'c' }, kind: 'reminder' }),
          'NOT_FOUND',
        );
      });

      it('treats hostile ids as ids that match nothing', async () => {
        const { t } = await seeded();
        for (const id of ['', 'a\u0000b', '\uD800', 'x'.repeat(5000), "' or 1=1 --"]) {
          expect(await t.getProcess(id)).toBeUndefined();
          expect(await t.getVersion(id)).toBeUndefined();
          expect(await t.listVersions(id)).toEqual([]);
          await expectError(t.deleteProcess(id), 'NOT_FOUND');
        }
      });
    });

    describe('values', () => {
      it('normalises instants to UTC and keeps the injected clock for bookkeeping', async () => {
        const fixed = new Date('2014-06-03T15:12:00.000Z');
        const db = database.shared ? database : await harness.freshDatabase();
        const clocked = await db.open({ clock: { now: () => fixed } });
        try {
          const tenant = await newTenant(clocked);
          const t = clocked.tenant(tenant.id);
          const p = await t.createProcess({ name: 'MPP' });
          expect(p.createdAt).toBe('2014-06-03T15:12:00.000Z');
          const c = await t.appendChange({ processId: p.id, kind: 'k', subject: 's', payload: null });
          expect(c.createdAt).toBe('2014-06-03T15:12:00.000Z');
          const d = await t.appendChange({
            processId: p.id,
            kind: 'k',
            subject: 's',
            payload: 1,
            createdAt: new Date('2014-06-01T01:05:00+02:00'),
          });
          expect(d.createdAt).toBe('2014-05-31T23:05:00.000Z');
          await expectError(
            t.appendChange({
              processId: p.id,
              kind: 'k',
              subject: 's',
              payload: 1,
              createdAt: new Date(Number.NaN),
            }),
            'INVALID_ARGUMENT',
          );
          await expectError(
            t.appendChange({
              processId: p.id,
              kind: 'k',
              subject: 's',
              payload: 1,
              createdAt: '+275760-09-13T00:00:00Z',
            }),
            'INVALID_ARGUMENT',
          );
        } finally {
          await clocked.close();
          if (db !== database) await db.drop();
        }
      });

      it('round-trips any JSON value exactly, or refuses it for the same reason everywhere (property)', async () => {
        const { t, process } = await seeded();
        await fc.assert(
          fc.asyncProperty(fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }), async (value) => {
            const storable = isStorableJson(value);
            const attempt = t.appendChange({
              processId: process.id,
              kind: 'prop',
              subject: 's',
              payload: value,
            });
            if (!storable) {
              await expectError(attempt, 'INVALID_ARGUMENT');
              return;
            }
            const stored = await attempt;
            expect(stored.payload).toEqual(JSON.parse(JSON.stringify(value)));
          }),
          { numRuns: 60 },
        );
      });

      it('stores any name normalised or refuses it with INVALID_ARGUMENT, never anything else (property)', async () => {
        const { t } = await seeded();
        await fc.assert(
          fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 40 }), async (label) => {
            // The prefix and suffix keep a letter in the name and its handle unique.
            const name = `MPP ${label} ${unique()}`;
            const outcome = await t.createProcess({ name }).then(
              (p) => ({ ok: true as const, p }),
              (e: unknown) => ({ ok: false as const, e }),
            );
            // Names are normalised (NFC, spaces collapsed) or refused with their reason.
            const normalised = (() => {
              try {
                return normaliseProcessName(name, { min: 1, max: 200 });
              } catch {
                return undefined;
              }
            })();
            if (isStorableJson(name) && normalised !== undefined) {
              expect(outcome.ok ? outcome.p.name : outcome.e).toBe(normalised);
            } else {
              expect(outcome.ok ? outcome.p : (outcome.e as RapporteurError).code).toBe('INVALID_ARGUMENT');
            }
          }),
          { numRuns: 60 },
        );
      });
    });

    describe('migrations', () => {
      it('builds the schema from an empty database, and running again changes nothing', async () => {
        const fresh = await harness.freshDatabase();
        const s = await fresh.open({ migrate: false });
        try {
          const before = await s.migrationStatus();
          expect(before.applied).toEqual([]);
          expect(before.pending.at(-1)).toBe(LATEST_MIGRATION);
          const first = await s.migrate();
          expect(first.applied).toEqual(before.pending);
          expect(first.status.pending).toEqual([]);
          const second = await s.migrate();
          expect(second.applied).toEqual([]);
          const tables = (await s.db.introspection.getTables()).map((x) => x.name);
          for (const table of TENANT_TABLES) expect(tables).toContain(table);
        } finally {
          await s.close();
          await fresh.drop();
        }
      });

      it('upgrades a version 1 database that holds data', async () => {
        const fresh = await harness.freshDatabase();
        const s = await fresh.open({ migrate: false });
        try {
          await s.migrate('0001_initial_schema');
          expect((await s.migrationStatus()).pending).toEqual([
            '0002_delivery_retry_schedule',
            '0003_channel_platform',
            '0004_version_lifecycle',
            '0005_store_identity',
            LANGUAGE_MIGRATION,
            SEGMENTS_MIGRATION,
            LATEST_MIGRATION,
          ]);
          // Version 1 data: written through the tables as they were (no next_attempt_at).
          const tenant = await s.ensureTenant({
            platform: 'email',
            externalId: 'wsis-cs@lists.example.org',
            name: 'WSIS CS list',
          });
          const t = s.tenant(tenant.id);
          const p = await t.createProcess({ name: 'WSIS+10 Vision' });
          const d = await t.createDocument({ processId: p.id, name: 'Vision' });
          const v = await post(t, d.id, VISION_V1, '1 June version');
          for (const [id, status] of [
            ['d-failed', 'failed'],
            ['d-sent', 'sent'],
          ] as const) {
            await sql`insert into deliveries (tenant_id, id, idempotency_key, target_kind, target_id, kind, status,
                attempts, created_at, updated_at)
              values (${tenant.id}, ${id}, ${`key-${id}`}, 'channel', 'C-list', 'draft-change', ${status}, 1,
                '2014-06-01T10:00:00.000Z', '2014-06-01T10:05:00.000Z')`.execute(s.db);
          }
          const report = await s.migrate();
          expect(report.applied).toEqual([
            '0002_delivery_retry_schedule',
            '0003_channel_platform',
            '0004_version_lifecycle',
            '0005_store_identity',
            LANGUAGE_MIGRATION,
            SEGMENTS_MIGRATION,
            LATEST_MIGRATION,
          ]);
          // A version posted before the lifecycle columns existed counts as announced.
          expect((await t.latestVersion(d.id))?.announcedAt).not.toBeNull();
          expect(await t.listUnannouncedVersions()).toEqual([]);
          expect((await t.latestVersion(d.id))?.id).toBe(v.version.id);
          expect(await t.getParsed(v.version.id)).toEqual({ schemaVersion: 1, data: parsedOf(VISION_V1) });
          expect((await t.getDelivery('d-failed'))?.nextAttemptAt).toBe('2014-06-01T10:05:00.000Z');
          expect((await t.getDelivery('d-sent'))?.nextAttemptAt).toBeNull();
          expect((await t.deliveriesToRetry('2014-06-02T00:00:00Z')).map((x) => x.id)).toEqual(['d-failed']);
        } finally {
          await s.close();
          await fresh.drop();
        }
      });

      it('upgrades a version 2 database that holds channels: they keep their tenant’s platform', async () => {
        const fresh = await harness.freshDatabase();
        const s = await fresh.open({ migrate: false });
        try {
          await s.migrate('0002_delivery_retry_schedule');
          expect((await s.migrationStatus()).pending).toEqual([
            '0003_channel_platform',
            '0004_version_lifecycle',
            '0005_store_identity',
            LANGUAGE_MIGRATION,
            SEGMENTS_MIGRATION,
            LATEST_MIGRATION,
          ]);
          const tenant = await s.ensureTenant({
            platform: 'discord',
            externalId: `guild-${unique()}`,
            name: 'WSIS civil society caucus',
          });
          const t = s.tenant(tenant.id);
          const p = await t.createProcess({ name: 'WSIS+10 Vision' });
          const meeting = await sixthMeeting(t, p.id);
          // Version 2 rows, written through the tables as they were (no platform column).
          await sql`insert into channels (tenant_id, id, process_id, platform_channel_id, name, created_at)
            values (${tenant.id}, 'ch-alerts', ${p.id}, '112233445566778899', 'wsis-alerts',
              '2014-06-01T10:00:00.000Z')`.execute(s.db);
          await t.setSubscription('ch-alerts', { scheduleChanges: true, reminders: true, digestHour: 7 });
          await t.wantReminder({
            meetingId: meeting.id,
            offsetMinutes: 60,
            target: { kind: 'channel', id: 'ch-alerts' },
            dueAt: '2014-06-09T11:00:00Z',
          });
          const report = await s.migrate();
          expect(report.applied).toEqual([
            '0003_channel_platform',
            '0004_version_lifecycle',
            '0005_store_identity',
            LANGUAGE_MIGRATION,
            SEGMENTS_MIGRATION,
            LATEST_MIGRATION,
          ]);
          const channel = await t.findChannel('112233445566778899');
          expect(channel).toEqual({
            id: 'ch-alerts',
            tenantId: tenant.id,
            processId: p.id,
            platformChannelId: '112233445566778899',
            name: 'wsis-alerts',
            platform: null,
            createdAt: '2014-06-01T10:00:00.000Z',
          });
          expect(channelPlatform(channel as NonNullable<typeof channel>, tenant)).toBe('discord');
          expect((await t.listSubscribers(p.id, 'digest')).map((x) => x.subscription)).toEqual([
            expect.objectContaining({ channelId: 'ch-alerts', reminders: true, digestHour: 7 }),
          ]);
          expect(await t.listReminders({ target: { kind: 'channel', id: 'ch-alerts' } })).toHaveLength(1);
          // The new column works on the upgraded table, and refuses what it must.
          const list = await t.bindChannel({
            processId: p.id,
            platformChannelId: 'wsis@lists.example.org',
            platform: 'email',
          });
          expect(list.platform).toBe('email');
          await expect(
            sql`update channels set platform = 'irc' where id = ${list.id}`.execute(s.db),
          ).rejects.toThrow(/check/i);
        } finally {
          await s.close();
          await fresh.drop();
        }
      });

      it('refuses a database written by a newer Rapporteur', async () => {
        const fresh = await harness.freshDatabase();
        const s = await fresh.open();
        try {
          await sql`insert into rapporteur_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01T00:00:00.000Z')`.execute(
            s.db,
          );
          const err = await expectError(s.migrate(), 'CONFIG_INVALID', /newer version of Rapporteur/);
          expect(err.message).toContain('9999_from_the_future');
          if (fresh.shared) {
            await expectError(fresh.open(), 'CONFIG_INVALID', /newer version/);
          }
        } finally {
          await s.close();
          await fresh.drop();
        }
      });

      it('lets two processes start on the same empty database at once', async (ctx) => {
        const fresh = await harness.freshDatabase();
        if (!fresh.shared) {
          await fresh.drop();
          ctx.skip(true, 'each :memory: open is its own database, so there is nothing to share');
        }
        const opened = await Promise.all([fresh.open(), fresh.open(), fresh.open()]);
        try {
          for (const s of opened) expect((await s.migrationStatus()).pending).toEqual([]);
          const rows = await sql<{ name: string }>`select name from rapporteur_migration`.execute(
            (opened[0] as SqlStore).db,
          );
          expect(rows.rows.map((r) => r.name).sort()).toEqual([
            '0001_initial_schema',
            '0002_delivery_retry_schedule',
            '0003_channel_platform',
            '0004_version_lifecycle',
            '0005_store_identity',
            LANGUAGE_MIGRATION,
            SEGMENTS_MIGRATION,
            LATEST_MIGRATION,
          ]);
        } finally {
          for (const s of opened) await s.close();
          await fresh.drop();
        }
      });
    });

    describe('errors', () => {
      it('says CONFLICT, NOT_FOUND and UNAVAILABLE (after close) with a hint', async () => {
        const fresh = database.shared ? database : await harness.freshDatabase();
        const s = await fresh.open();
        const tenant = await newTenant(s);
        const t = s.tenant(tenant.id);
        await t.createProcess({ name: 'WSIS+10 Vision' });
        const conflict = await expectError(t.createProcess({ name: 'WSIS+10 Vision' }), 'CONFLICT');
        expect(conflict.hint).toMatch(/existing process/);
        const missing = await expectError(
          t.createDocument({ processId: 'gone', name: 'Vision' }),
          'NOT_FOUND',
        );
        expect(missing.hint).toBeTruthy();
        await s.close();
        const closed = await expectError(t.listProcesses(), 'UNAVAILABLE', /closed/);
        expect(closed.transient).toBe(true);
        if (fresh !== database) await fresh.drop();
      });
    });
  });
}

// ---------------------------------------------------------------------------------------
// Fixtures: draft versions and announcements modelled on the WSIS+10 review (domain.md),
// written for these tests.

const VISION_V1 = [
  '# WSIS+10 Vision for WSIS Beyond 2015',
  '',
  '## C5. Building confidence and security in the use of ICTs',
  '',
  '12. [Strengthening the trust framework, [as appropriate,] including information security and network security,',
  'is essential for the information society.] [US: delete]',
  '',
  '## C9. Media',
  '',
  '[Alt 1: Recognise the role of media in their respective roles and responsibilities.]',
  '[Alt 2: Encourage media to respect the rights and responsibilities of users.]',
].join('\n');

const VISION_V2 = VISION_V1.replace('[as appropriate,] ', '').replace(' [US: delete]', ' [agreed ad ref]');

const VISION_V3 = `${VISION_V2}\n\n## III. Action lines beyond 2015\n\n[13 bis. The Chair's report will annex the proposals.]`;

/** A stand-in for the bracket engine's parse output: plain JSON of realistic shape. */
function parsedOf(text: string): JsonValue {
  const brackets = [...text.matchAll(/\[([^[\]]*)\]/g)].map((m) => ({
    offset: m.index ?? 0,
    text: m[1] ?? '',
    kind: /^(US|EU|G77)[:\s]/.test(m[1] ?? '') ? 'annotation' : 'negotiation',
  }));
  return { schema: 'draft-parse', lines: text.split('\n').length, brackets, diagnostics: [] };
}

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

function sixthClaim(start: string, end: string) {
  return {
    meeting: { series: 'WSIS+10 MPP', ordinal: 6 },
    date: '2014-06-09',
    start,
    end,
    zone: { name: 'Europe/Zurich', from: 'venue' },
    evidence: { text: `Monday 9 June 2014, ${start}-${end}`, offset: 412, line: 14 },
  };
}

function pdfInvitation(processId: string, claims: unknown[]) {
  return {
    processId,
    kind: 'pdf',
    name: 'Invitation to the sixth MPP meeting (signed letter)',
    documentDate: '2014-06-03',
    seenAt: '2014-06-03T17:12:00+02:00',
    sha256: SHA_A,
    claims,
  };
}

function sixthMeetingInput(processId: string) {
  return {
    processId,
    meetingKey: 'mpp-6',
    status: 'scheduled' as const,
    startsAt: '2014-06-09T12:00:00Z',
    endsAt: '2014-06-09T14:00:00Z',
    snapshot: { title: 'Sixth MPP meeting', venue: 'Geneva', conflict: { end: ['16:00', '18:00'] } },
  };
}

async function sixthMeeting(t: TenantStore, processId: string) {
  return (await t.saveMeeting(sixthMeetingInput(processId))).meeting;
}

/** An agreed text for the library of `processId`; the title makes its bytes (and hash) distinct. */
export function agreedTextInput(processId: string, title: string) {
  const text = `${title}\n\n1. The role of public governance authorities and all stakeholders in the promotion of ICTs for development.`;
  return {
    processId,
    title,
    symbol: 'WSIS-05/TUNIS/DOC/6(Rev.1)',
    adopted: '2005-11-18',
    body: 'World Summit on the Information Society',
    rank: 'summit' as const,
    fileName: 'agenda.md',
    contentType: 'text/markdown',
    sha256: createHash('sha256').update(text).digest('hex'),
    size: text.length,
    addedBy: 'U-chair-staff',
    text,
    parsed: { schemaVersion: 1, data: { text, paragraphs: 1 } },
  };
}

function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

let counter = 0;
function unique(): string {
  counter += 1;
  return `${process.pid}-${Date.now().toString(36)}-${counter}`;
}

function newTenant(store: SqlStore) {
  return store.ensureTenant({
    platform: 'discord',
    externalId: `guild-${unique()}`,
    name: 'WSIS civil society caucus',
  });
}

function post(t: TenantStore, documentId: string, text: string, label: string, postedAt?: string) {
  return t.postVersion({
    documentId,
    label,
    postedBy: 'U-secretariat',
    ...(postedAt === undefined ? {} : { postedAt }),
    bytes: bytes(text),
    fileName: 'vision.md',
    contentType: 'text/markdown',
    parsed: { schemaVersion: 1, data: parsedOf(text) },
  });
}

/** A tenant with at least one row in every table. */
async function fullTenant(store: SqlStore) {
  const tenant = await newTenant(store);
  const t = store.tenant(tenant.id);
  const process = await t.createProcess({ name: 'WSIS+10 Vision' });
  const channel = await t.bindChannel({
    processId: process.id,
    platformChannelId: 'C-vision',
    name: '#vision',
  });
  await t.setSubscription(channel.id, { draftChanges: true, reminders: true });
  const listChannel = await t.bindChannel({
    processId: process.id,
    platformChannelId: 'wsis@lists.example.org',
    platform: 'email',
  });
  const document = await t.createDocument({ processId: process.id, name: 'Vision' });
  const versions = [
    (await post(t, document.id, VISION_V1, '1 June version')).version,
    (await post(t, document.id, VISION_V2, '3 June version')).version,
  ] as const;
  const source = (await t.recordSource(pdfInvitation(process.id, [sixthClaim('14:00', '16:00')]))).source;
  const meeting = await sixthMeeting(t, process.id);
  const watch = await t.addWatch({
    processId: process.id,
    url: 'https://www.itu.int/net4/wsis/review/mpp/',
    intervalSeconds: 900,
  });
  await t.appendChange({
    processId: process.id,
    kind: 'meeting.added',
    subject: 'mpp-6',
    payload: { date: '2014-06-09' },
  });
  await t.setPerson('U-sydney', { timeZone: 'Australia/Sydney' });
  const grant = (
    await t.grantRole({
      processId: process.id,
      principal: { kind: 'user', id: 'U-chair-staff' },
      role: 'poster',
    })
  ).grant;
  const reminder = (
    await t.wantReminder({
      meetingId: meeting.id,
      offsetMinutes: 60,
      target: { kind: 'person', id: 'U-sydney' },
      dueAt: '2014-06-09T11:00:00Z',
    })
  ).reminder;
  const delivery = (
    await t.claimDelivery({
      key: 'schedule-change:mpp-6:added:C-vision',
      target: { kind: 'channel', id: channel.id },
      kind: 'schedule-change',
    })
  ).delivery;
  const agreed = await t.addAgreedText(agreedTextInput(process.id, 'Tunis Agenda'));
  await t.setLanguageSegment(agreed.id, { schemaVersion: 1, bytes: new Uint8Array([1, 2, 3]) });
  await t.setLanguageMatch(versions[1].id, {
    libraryRevision: 1,
    schemaVersion: 1,
    data: { paragraphs: [] },
  });
  return {
    tenant,
    t,
    process,
    channel,
    listChannel,
    document,
    versions,
    agreed,
    source,
    meeting,
    watch,
    grant,
    reminder,
    delivery,
  };
}

/** Everything a tenant's store shows, to compare before and after an intrusion attempt. */
async function snapshotTenant(t: TenantStore, a: Awaited<ReturnType<typeof fullTenant>>) {
  return {
    processes: await t.listProcesses(),
    channels: await t.listChannels(),
    subscription: await t.getSubscription(a.channel.id),
    documents: await t.listDocuments(a.process.id),
    versions: await t.listVersions(a.document.id),
    original: await t.readOriginal(a.versions[0].id),
    parsed: await t.getParsed(a.versions[0].id),
    claims: await t.listClaims(a.process.id),
    meetings: await t.listMeetings(a.process.id),
    watches: await t.listWatches(),
    changes: await t.listChanges(a.process.id),
    people: await t.listPeople(),
    roles: await t.listRoles(),
    reminders: await t.listReminders(),
    deliveries: await t.listDeliveries(),
    agreedTexts: await t.listAgreedTextContents(a.process.id),
    libraryRevision: await t.libraryRevision(a.process.id),
    languageSegments: await t.listAgreedTextSegments(a.process.id),
    languageMatch: await t.getLanguageMatch(a.versions[1].id),
  };
}

/** Every table with a tenant_id column. */
const TENANT_TABLES = [
  'processes',
  'channels',
  'subscriptions',
  'documents',
  'blobs',
  'versions',
  'parsed_cache',
  'sources',
  'claims',
  'meetings',
  'watches',
  'change_log',
  'people',
  'roles',
  'reminders',
  'deliveries',
  'language_texts',
  'language_libraries',
  'language_segments',
  'language_matches',
] as const;

async function countRows(store: SqlStore, table: string, tenantId: string): Promise<number> {
  const result = await sql<{
    n: number | string;
  }>`select count(*) as n from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(store.db);
  return Number(result.rows[0]?.n ?? 0);
}

/** True when every string and key is free of U+0000 and unpaired surrogates (what both databases can hold). */
function isStorableJson(value: unknown): boolean {
  const ok = (s: string) =>
    !s.includes('\u0000') &&
    !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
  if (typeof value === 'string') return ok(value);
  if (Array.isArray(value)) return value.every(isStorableJson);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).every(([k, v]) => ok(k) && isStorableJson(v));
  }
  return true;
}

/** Awaits a rejection and checks its code (and message pattern). */
export async function expectError(
  promise: Promise<unknown>,
  code: ErrorCode,
  pattern?: RegExp,
  label?: string,
): Promise<RapporteurError> {
  const outcome = await promise.then(
    (value) => ({ resolved: true as const, value }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) {
    throw new Error(
      `${label ?? 'call'}: expected ${code}, but it succeeded with ${JSON.stringify(outcome.value)?.slice(0, 200)}`,
    );
  }
  const err = outcome.error;
  if (!(err instanceof RapporteurError)) {
    throw new Error(`${label ?? 'call'}: expected a RapporteurError ${code}, got ${String(err)}`);
  }
  expect(err.code, `${label ?? 'call'}: ${err.message}`).toBe(code);
  if (pattern) expect(err.message).toMatch(pattern);
  return err;
}
