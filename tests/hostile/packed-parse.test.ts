import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveProcess } from '../../src/core/app/context.js';
import { postDraftVersion } from '../../src/core/app/drafts.js';
import { parsedText } from '../../src/core/app/parsed-input.js';
import { followProcess, setStaff } from '../../src/core/app/setup.js';
import { versionView } from '../../src/core/app/web-views.js';
import { extractDocument } from '../../src/core/documents/index.js';
import { DEFAULT_EXTRACT_LIMITS } from '../../src/core/documents/options.js';
import { DRAFT_SCHEMA_VERSION } from '../../src/core/drafts/index.js';
import { poolEngines } from '../../src/work/engines.js';
import { admin, caucus, createTestApp, STAFF_ROLE, staffer, type TestApp } from '../helpers/app.js';
import { largeDraftPool } from '../helpers/work-pool.js';
import { largestDraft } from './generators.js';

/**
 * The parse of the largest draft the limits allow (some 44 MB of JSON) is compressed in the
 * worker that made it, stored as those bytes, and read back compressed for the next job, which
 * inflates it: the main thread never scans, compresses, inflates or copies the text. Measured
 * against the way it went before (the text received, checked and compressed here; read back,
 * inflated to a string here and copied to the worker) in the same run, with the same answers.
 */

const pool = largeDraftPool({ memoryMb: 768, externalMb: 512, timeoutMs: 120_000 });
let app: TestApp;

beforeAll(async () => {
  app = await createTestApp('2024-05-30T08:00:00Z');
  app.deps.engines = poolEngines(pool);
  await followProcess(app.deps, caucus, admin, { name: 'Large treaty' });
  await setStaff(app.deps, caucus, admin, {
    principal: { kind: 'platform-role', id: STAFF_ROLE },
    grant: true,
  });
  await postDraftVersion(app.deps, caucus, staffer, {
    document: 'Treaty',
    label: 'v1',
    file: { name: 'v1.md', bytes: new TextEncoder().encode('## Article 1\n\n1. The parties [shall] act.\n') },
  });
}, 120_000);

afterAll(async () => {
  await pool.close();
  await app?.close();
});

/** The longest the event loop was held while `work` ran, ms. */
async function heldDuring<T>(work: () => Promise<T>): Promise<{ value: T; maxMs: number }> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const value = await work();
  loop.disable();
  return { value, maxMs: loop.max / 1e6 };
}

describe('the parse of the largest allowed draft', () => {
  it('is stored and read back compressed, the main thread held less than before', {
    timeout: 300_000,
  }, async () => {
    const engines = poolEngines(pool);
    const resolved = await resolveProcess(app.deps, caucus);
    const { store } = resolved;
    const version = await store.latestVersion((await store.listDocuments(resolved.process.id))[0]?.id ?? '');
    const id = version?.id ?? '';
    const file = largestDraft();
    const doc = await extractDocument(file.bytes, { name: file.name, limits: DEFAULT_EXTRACT_LIMITS });
    // Warm both workers so the figures are the work's, not module loading.
    await Promise.all(
      [0, 1].map(() =>
        engines.queryDraft('t', { json: '{"text":""}' }, { kind: 'qualifiers' }).catch(() => {}),
      ),
    );

    // Now: read in the pool, the parse back as compressed bytes, stored as they are, read
    // back compressed and inflated by the worker answering the question.
    const nowWay = () =>
      heldDuring(async () => {
        const reading = await engines.readDraft('t', doc, {});
        await store.setParsed(id, { schemaVersion: DRAFT_SCHEMA_VERSION, ...reading.parsed });
        const cached = await store.getParsedPacked(id);
        if (!cached || !('packed' in cached)) throw new Error('the parse was not stored compressed');
        const holders = await engines.queryDraft('t', cached, { kind: 'holders' });
        const status = await engines.draftStatus('t', cached);
        return { reading, holders, status };
      });
    const first = await nowWay();
    const { reading } = first.value;
    expect('packed' in reading.parsed).toBe(true);
    const json = parsedText(reading.parsed) as string;
    expect(json.length).toBeGreaterThan(30 * 1048576);

    // Before: the text (here already received) checked and compressed here, stored, read
    // back and inflated to a string here, and copied to the worker.
    const beforeWay = () =>
      heldDuring(async () => {
        await store.setParsed(id, { schemaVersion: DRAFT_SCHEMA_VERSION, json });
        const cached = await store.getParsedJson(id);
        if (!cached) throw new Error('the parse was not stored');
        const holders = await engines.queryDraft('t', { json: cached.json }, { kind: 'holders' });
        const status = await engines.draftStatus('t', { json: cached.json });
        return { holders, status, json: cached.json };
      });

    // Each way three times, alternately: the machine is shared, and the least disturbed run
    // of each is the figure compared.
    const nows = [first.maxMs];
    const befores: number[] = [];
    let now = first;
    let before = await beforeWay();
    befores.push(before.maxMs);
    for (let i = 0; i < 2; i++) {
      now = await nowWay();
      nows.push(now.maxMs);
      before = await beforeWay();
      befores.push(before.maxMs);
    }
    // The same answers either way, and the same text stored.
    expect(before.value.json).toBe(json);
    expect(now.value.holders).toEqual(before.value.holders);
    expect(JSON.stringify(now.value.status)).toBe(JSON.stringify(before.value.status));
    const shown = JSON.stringify({
      nowMs: nows.map(Math.round),
      beforeMs: befores.map(Math.round),
      mb: Math.round(json.length / 1048576),
    });
    console.log(`largest parse stored and read back, main thread held at most: ${shown}`);
    expect(Math.min(...nows), shown).toBeLessThan(Math.min(...befores));
  });
  it('is posted with the main thread held briefly (figure for the README)', {
    timeout: 300_000,
  }, async () => {
    const file = largestDraft();
    await app.deps.engines?.queryDraft('t', { json: '{"text":""}' }, { kind: 'qualifiers' }).catch(() => {});
    const post = await heldDuring(() =>
      postDraftVersion(app.deps, caucus, staffer, {
        document: 'Largest',
        label: 'v1',
        file: { name: file.name, bytes: file.bytes },
      }),
    );
    const version = await heldDuring(async () => {
      const resolved = await resolveProcess(app.deps, caucus);
      return versionView(app.deps, resolved, { document: 'Largest', sequence: 1, page: 2 });
    });
    expect(version.value.paragraphs.length).toBeGreaterThan(0);
    const shown = JSON.stringify({ postMs: Math.round(post.maxMs), pageMs: Math.round(version.maxMs) });
    console.log(`largest draft posted and a page of it shown, main thread held at most: ${shown}`);
  });
});
