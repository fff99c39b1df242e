import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveProcess } from '../../src/core/app/context.js';
import type { Engines } from '../../src/core/app/engines.js';
import { addAgreedText } from '../../src/core/app/language.js';
import { indexAgreedText } from '../../src/core/app/language-resident.js';
import { followProcess, setStaff } from '../../src/core/app/setup.js';
import { extractDocument } from '../../src/core/documents/index.js';
import { DEFAULT_EXTRACT_LIMITS } from '../../src/core/documents/options.js';
import { parseDraft } from '../../src/core/drafts/index.js';
import { poolEngines, poolExtractor } from '../../src/work/engines.js';
import { generateDraft } from '../drafts/generate.js';
import { admin, caucus, createTestApp, STAFF_ROLE, staffer, type TestApp } from '../helpers/app.js';
import { largeDraftPool } from '../helpers/work-pool.js';

/**
 * `/language add` reads, parses and indexes the added text in the work pool: the main thread
 * only stores what comes back (the parse as JSON text, the text's segment of the index), where
 * it used to parse and index the text itself.
 */

const pool = largeDraftPool();
let app: TestApp;
const indexed: string[] = [];

beforeAll(async () => {
  app = await createTestApp('2014-06-01T08:00:00Z');
  const engines = poolEngines(pool);
  const recording: Engines = {
    ...engines,
    indexAgreedText: (tenant, source, info) => {
      indexed.push('document' in source ? 'document' : 'parsed');
      return engines.indexAgreedText(tenant, source, info);
    },
  };
  app.deps.engines = recording;
  app.deps.extractor = poolExtractor(pool, { ...DEFAULT_EXTRACT_LIMITS, extractMemoryMb: 512 });
  await followProcess(app.deps, caucus, admin, { name: 'Large review' });
  await setStaff(app.deps, caucus, admin, {
    principal: { kind: 'platform-role', id: STAFF_ROLE },
    grant: true,
  });
});

afterAll(async () => {
  await pool.close();
  await app?.close();
});

describe('adding an agreed text', () => {
  it('parses and indexes it in the pool, keeping the main thread free', { timeout: 400_000 }, async () => {
    const { text } = generateDraft({ size: 2_000_000, brackets: 0, seed: 19 });
    const bytes = new TextEncoder().encode(text);
    const info = { title: 'Large agreed text', adopted: '2005-11-18' };
    // Warm both workers so the figure is the add's, not module loading.
    await Promise.all(
      [0, 1].map(() =>
        pool
          .run('t', 'draft.query', { parsed: { json: '{"text":""}' }, query: { kind: 'qualifiers' } })
          .catch(() => {}),
      ),
    );

    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const added = await addAgreedText(app.deps, caucus, staffer, {
      ...info,
      file: { name: 'agreed.md', bytes },
    });
    loop.disable();
    const poolBlockMs = loop.max / 1e6;
    expect(indexed).toEqual(['document']);

    // As before: the text parsed and indexed on this thread.
    const doc = await extractDocument(bytes, { name: 'agreed.md', limits: DEFAULT_EXTRACT_LIMITS });
    const t0 = performance.now();
    const here = indexAgreedText({ ...info, name: 'agreed.md' }, parseDraft(doc));
    const inlineMs = performance.now() - t0;

    expect(added.passages).toBe(here.passages);
    expect(added.passages).toBeGreaterThan(1000);
    const { store } = await resolveProcess(app.deps, caucus);
    const stored = (await store.listAgreedTextSegments(added.process.id))[0];
    expect(stored?.segment?.bytes).toEqual(here.segment);
    const shown = JSON.stringify({ poolBlockMs: Math.round(poolBlockMs), inlineMs: Math.round(inlineMs) });
    expect(poolBlockMs, shown).toBeLessThan(inlineMs);
    console.log(`adding a 2 MB agreed text: ${shown}`);
  });
});
