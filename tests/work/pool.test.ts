import { describe, expect, it } from 'vitest';
import { parsedText } from '../../src/core/app/parsed-input.js';
import { extractDocument } from '../../src/core/documents/index.js';
import { DEFAULT_EXTRACT_LIMITS } from '../../src/core/documents/options.js';
import { diffDrafts, draftStatus, parseDraft } from '../../src/core/drafts/index.js';
import type { RapporteurError } from '../../src/core/errors.js';
import { poolEngines, poolExtractor } from '../../src/work/engines.js';
import type { WorkPool } from '../../src/work/pool.js';
import { poolForEachTest } from '../helpers/work-pool.js';
import { manyAnnotations } from '../hostile/generators.js';

/**
 * The work pool: the engines give the same answers there as in this thread, each job is
 * bounded in time and memory, and tenants are served in turn so one cannot starve another.
 */

const LIMITS = { ...DEFAULT_EXTRACT_LIMITS, extractMemoryMb: 512 };
const enc = new TextEncoder();
const SMALL = enc.encode(
  '# Outcome\n\n## Article 1\n\n1. The parties [shall][should] act [by 2030] [EU: delete].\n',
);

const open = poolForEachTest();

async function refusal(p: Promise<unknown>): Promise<RapporteurError> {
  try {
    await p;
  } catch (err) {
    return err as RapporteurError;
  }
  throw new Error('not refused');
}

/** Starts every worker of the pool, so timings below do not include module loading. */
async function warm(p: WorkPool, size: number) {
  const engines = poolEngines(p);
  const extractor = poolExtractor(p, LIMITS);
  const doc = await extractor.extract(SMALL, { name: 'warm.md' });
  await Promise.all(
    Array.from({ length: size }, (_, i) => engines.parseDraft(`warm-${i}`, doc, {}).then(() => undefined)),
  );
}

describe('work pool', () => {
  it('answers as the engines do in this thread', { timeout: 60_000 }, async () => {
    const p = open();
    const engines = poolEngines(p);
    const doc = await poolExtractor(p, LIMITS).extract(SMALL, { name: 'draft.md', tenantId: 't1' });
    const inline = await extractDocument(SMALL, { name: 'draft.md', limits: LIMITS });
    expect(doc).toEqual(inline);
    const parsed = await engines.parseDraft('t1', doc, {});
    expect(parsed).toEqual(parseDraft(inline));
    expect(await engines.draftStatus('t1', parsed)).toEqual(draftStatus(parseDraft(inline)));
  });

  it('reads a draft in one job: the parse as JSON text, with its status and diff', {
    timeout: 60_000,
  }, async () => {
    const p = open();
    const engines = poolEngines(p);
    const doc = await poolExtractor(p, LIMITS).extract(SMALL, { name: 'draft.md', tenantId: 't1' });
    const before = parseDraft(
      await extractDocument(enc.encode('## Article 1\n\n1. The parties act.\n'), {
        name: 'v1.md',
        limits: LIMITS,
      }),
    );
    const reading = await engines.readDraft('t1', doc, {}, { before, options: { packageDeal: false } });
    const inline = parseDraft(await extractDocument(SMALL, { name: 'draft.md', limits: LIMITS }));
    expect(JSON.parse(parsedText(reading.parsed) as string)).toEqual(inline);
    expect(reading.hasText).toBe(true);
    expect(reading.status).toEqual(draftStatus(inline));
    expect(reading.diff).toEqual(diffDrafts(before, inline, { packageDeal: false }));
    // The JSON text is an input as good as the object.
    expect(await engines.draftStatus('t1', reading.parsed)).toEqual(reading.status);
  });

  it('applies the configured draft limits, naming the limit', { timeout: 60_000 }, async () => {
    const p = open();
    const engines = poolEngines(p, {
      draftLimits: { maxBrackets: 3, maxDepth: 100, maxSections: 100, maxAlternatives: 100 },
    });
    const doc = await poolExtractor(p, LIMITS).extract(SMALL, { name: 'draft.md', tenantId: 't1' });
    const err = await refusal(engines.parseDraft('t1', doc, {}));
    expect(err.code).toBe('LIMIT_EXCEEDED');
    expect(err.message).toContain('maxBrackets');
  });

  it('stops a job past its time limit, and the next job gets a fresh worker', {
    timeout: 120_000,
  }, async () => {
    const p = open({ size: 1, timeoutMs: 300 });
    const engines = poolEngines(p);
    const hostile = await poolExtractor(p, LIMITS).extract(manyAnnotations().bytes, { name: 'a.txt' });
    const err = await refusal(engines.parseDraft('t1', hostile, {}));
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toContain("the draft's brackets");
    expect(err.hint).toContain('RAPPORTEUR_WORK_TIMEOUT_MS');
    const doc = await poolExtractor(p, LIMITS).extract(SMALL, { name: 'draft.md' });
    expect((await engines.parseDraft('t1', doc, {})).brackets.length).toBeGreaterThan(0);
  });

  it('stops a job past its heap limit with LIMIT_EXCEEDED', { timeout: 120_000 }, async () => {
    const p = open({ size: 1, memoryMb: 32 });
    const hostile = manyAnnotations(200_000);
    const err = await refusal(
      poolEngines(p).parseDraft(
        't1',
        await extractDocument(hostile.bytes, { name: 'a.txt', limits: LIMITS }),
        {},
      ),
    );
    expect(err.code).toBe('LIMIT_EXCEEDED');
    expect(err.hint).toContain('RAPPORTEUR_EXTRACT_MEMORY_MB');
  });

  it("answers another tenant's command within 1 s while one tenant's hostile jobs fill the queue", {
    timeout: 180_000,
  }, async () => {
    const p = open({ size: 2 });
    await warm(p, 2);
    const engines = poolEngines(p);
    const hostile = await extractDocument(manyAnnotations().bytes, { name: 'a.txt', limits: LIMITS });
    const small = await extractDocument(SMALL, { name: 'draft.md', limits: LIMITS });
    const parsedSmall = parseDraft(small);
    // Tenant A posts four hostile drafts at once, each several seconds of parsing.
    const attack = Array.from({ length: 4 }, () =>
      engines.parseDraft('tenant-a', hostile, {}).catch((err: unknown) => err),
    );
    await new Promise((r) => setTimeout(r, 200));
    // Tenant B asks for a status meanwhile.
    const t0 = performance.now();
    const status = await engines.draftStatus('tenant-b', parsedSmall);
    const waited = performance.now() - t0;
    expect(status.brackets.total).toBeGreaterThan(0);
    expect(waited).toBeLessThan(1_000);
    // Tenant A never held both workers: one of its drafts was still waiting.
    expect(p.stats().queued).toBeGreaterThan(0);
    await p.close();
    await Promise.all(attack);
  });

  it("serves tenants in turn: a tenant's second job waits behind other tenants' first", {
    timeout: 120_000,
  }, async () => {
    const p = open({ size: 1 });
    await warm(p, 1);
    const engines = poolEngines(p);
    const small = parseDraft(await extractDocument(SMALL, { name: 'd.md', limits: LIMITS }));
    const order: string[] = [];
    const job = (tenant: string) => engines.draftStatus(tenant, small).then(() => order.push(tenant));
    await Promise.all([job('a'), job('a'), job('a'), job('b'), job('c')]);
    expect(order).toEqual(['a', 'b', 'c', 'a', 'a']);
  });

  it('rejects queued and running work when closed', { timeout: 60_000 }, async () => {
    const p = open({ size: 1 });
    const engines = poolEngines(p);
    const small = parseDraft(await extractDocument(SMALL, { name: 'd.md', limits: LIMITS }));
    const pending = Promise.allSettled([engines.draftStatus('a', small), engines.draftStatus('a', small)]);
    await p.close();
    for (const r of await pending) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason.code).toBe('UNAVAILABLE');
    }
  });
});
