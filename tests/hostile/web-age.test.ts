import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveProcess } from '../../src/core/app/context.js';
import { answerDraftQuery, type DraftQuery } from '../../src/core/app/drafts/queries-parsed.js';
import { getBracketAge, postDraftVersion } from '../../src/core/app/drafts.js';
import type { Engines } from '../../src/core/app/engines.js';
import { followProcess, setStaff } from '../../src/core/app/setup.js';
import { pageRanges, versionPage } from '../../src/core/app/web-page.js';
import { versionView } from '../../src/core/app/web-views.js';
import type { DraftDiff, ParsedDraft } from '../../src/core/drafts/index.js';
import { poolEngines } from '../../src/work/engines.js';
import { admin, caucus, createTestApp, STAFF_ROLE, staffer, type TestApp } from '../helpers/app.js';
import { largeDraftPool } from '../helpers/work-pool.js';
import { largestDraft } from './generators.js';

/**
 * The web's version view and `/brackets age` of the largest draft the limits allow (19,990
 * sections, a parse of some 44 MB of JSON): the page and the ages are computed in the work pool
 * from the caches' stored texts, so the main thread's event loop stays free, where reading
 * the parse here (as both did before) held it for seconds.
 */

const pool = largeDraftPool();
let app: TestApp;
const asked: string[] = [];

beforeAll(async () => {
  app = await createTestApp('2024-05-30T08:00:00Z');
  const engines = poolEngines(pool);
  const recording: Engines = {
    ...engines,
    queryDraft: (tenant, parsed, query) => {
      asked.push((query as DraftQuery).kind);
      return engines.queryDraft(tenant, parsed, query);
    },
  };
  app.deps.engines = recording;
  await followProcess(app.deps, caucus, admin, { name: 'Large treaty' });
  await setStaff(app.deps, caucus, admin, {
    principal: { kind: 'platform-role', id: STAFF_ROLE },
    grant: true,
  });
  const first = largestDraft();
  const text = new TextDecoder().decode(first.bytes);
  // The second version agrees the date in the first hundred articles.
  let n = 0;
  const second = text.replace(/\[by 2030\]/g, (m) => (n++ < 100 ? 'by 2030' : m));
  for (const [label, bytes] of [
    ['v1', first.bytes],
    ['v2', new TextEncoder().encode(second)],
  ] as const) {
    app.clock.advance(86_400_000);
    await postDraftVersion(app.deps, caucus, staffer, {
      document: 'Treaty',
      label,
      file: { name: `${label}.md`, bytes },
    });
  }
}, 300_000);

afterAll(async () => {
  await pool.close();
  await app?.close();
});

describe('the version view and bracket age of the largest allowed draft', () => {
  it('run in the pool and keep the main thread free', { timeout: 300_000 }, async () => {
    const resolved = await resolveProcess(app.deps, caucus);
    // Warm both workers so the figure is the questions', not module loading.
    await Promise.all(
      [0, 1].map(() =>
        app.deps.engines?.queryDraft('t', { json: '{"text":""}' }, { kind: 'qualifiers' }).catch(() => {}),
      ),
    );
    asked.length = 0;

    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const text = await versionView(app.deps, resolved, { document: 'Treaty', sequence: 2, page: 2 });
    const diff = await versionView(app.deps, resolved, {
      document: 'Treaty',
      sequence: 2,
      mode: 'diff',
      section: 'Article 50',
    });
    const age = await getBracketAge(app.deps, caucus, { limit: 5 });
    loop.disable();
    const poolBlockMs = loop.max / 1e6;
    expect(asked).toEqual(['page', 'page', 'age']);

    // As before: the parse read on this thread for the view (once, then kept) and again for
    // the ages, a page cut and each bracket followed back through the diff, read here too.
    const t0 = performance.now();
    const stored = await resolved.store.getParsedJson(text.version.id);
    const parsed = JSON.parse(stored?.json ?? '') as ParsedDraft;
    const here = versionPage(parsed, { mode: 'text', page: 2, contents: [] }, null);
    const cache = await resolved.store.getParsed(text.version.id, 'diff');
    const storedDiff = (cache?.data as unknown as { diff: DraftDiff } | undefined)?.diff ?? null;
    versionPage(parsed, { mode: 'diff', sectionId: 'article-50', contents: [] }, storedDiff);
    const again = JSON.parse(stored?.json ?? '') as ParsedDraft;
    answerDraftQuery(again, { kind: 'age', steps: storedDiff ? [{ diff: storedDiff }] : [], limit: 5 });
    const inlineMs = performance.now() - t0;

    expect(text.pages).toBe(pageRanges(parsed).length);
    expect(text.paragraphs).toEqual(here.paragraphs);
    expect(text.holders).toEqual(here.holders);
    expect(diff.mode).toBe('diff');
    expect(diff.diff?.resolvedKept).toBeGreaterThanOrEqual(100);
    expect(diff.paragraphs.some((p) => p.segments.some((s) => s.change === 'agreed'))).toBe(true);
    expect(age.open).toBeGreaterThan(19_000);
    expect(age.ages).toHaveLength(5);
    expect(age.ages[0]?.since.sequence).toBe(1);
    const shown = JSON.stringify({ poolBlockMs: Math.round(poolBlockMs), inlineMs: Math.round(inlineMs) });
    // Reading the parse here held the loop for all of `inlineMs`; through the pool it is held
    // only while the stored text is read and sent (about 0.1 s per question on a quiet machine).
    expect(poolBlockMs, shown).toBeLessThan(inlineMs);
    console.log(`version view and bracket age of the largest draft: ${shown}`);
  });
});
