import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { RapporteurError } from '../../src/core/errors.js';
import { createExtractor } from '../../src/extract/sandbox.js';
import { invitationEml, visionDocx, visionPdf } from './fixtures.js';
import { extract, failure, memoryGrowth } from './helpers.js';

const limits = loadConfig({}).limits;

/**
 * About 16 MB of HTML: parsing it is one synchronous call that takes seconds and needs
 * several hundred megabytes, so only the sandbox can stop it.
 */
const heavyHtml = new TextEncoder().encode(
  `<html><body>${'<div><p>Paragraph <b>bold</b> and <i>italic</i> text</p></div>'.repeat(300_000)}</body></html>`,
);

describe('the extraction sandbox', () => {
  const extractor = createExtractor(limits);
  afterAll(() => extractor.close());

  it('returns the same document as extracting in-process', async () => {
    for (const [bytes, name] of [
      [visionDocx(), 'vision.docx'],
      [visionPdf(), 'vision.pdf'],
      [invitationEml(), 'invitation.eml'],
    ] as const) {
      expect(await extractor.extract(bytes, { name })).toEqual(await extract(bytes, name));
    }
  }, 30_000);

  it('passes errors back as RapporteurErrors with their code, message and hint', async () => {
    const err = await failure(extractor.extract(visionDocx(), { name: 'vision.pdf' }));
    expect(err).toBeInstanceOf(RapporteurError);
    expect(err.code).toBe('TYPE_MISMATCH');
    expect(err.message).toBe('vision.pdf is labelled as a PDF but its content is a Word (DOCX) document.');
    expect(err.hint).toMatch(/extension/);
  }, 30_000);

  it('reads queued files one after another', async () => {
    const names = ['a.docx', 'b.pdf', 'c.docx', 'd.pdf'];
    const docs = await Promise.all(
      names.map((name) => extractor.extract(name.endsWith('pdf') ? visionPdf() : visionDocx(), { name })),
    );
    expect(docs.map((d) => d.name)).toEqual(names);
  }, 30_000);

  it('leaves the caller’s buffer intact', async () => {
    const bytes = visionDocx();
    const copy = bytes.slice();
    await extractor.extract(bytes, { name: 'v.docx' });
    expect(bytes).toEqual(copy);
  }, 30_000);

  it('leaves a Node Buffer intact (adapters hand over Buffers, and the original is stored after)', async () => {
    // Buffer#slice shares memory; transferring a large Buffer's ArrayBuffer would empty it.
    const text = Buffer.from(`# Vision\n\n${'1. [The Parties] shall cooperate.\n'.repeat(1000)}`);
    const before = Buffer.from(text);
    const doc = await extractor.extract(text, { name: 'v.md' });
    expect(doc.text).toContain('shall cooperate');
    expect(text.length).toBe(before.length);
    expect(text.equals(before)).toBe(true);
  }, 30_000);
});

describe('hard limits', () => {
  it('kills a CPU-bound extraction at the timeout and recovers with a fresh worker', async () => {
    const timeout = 400;
    const extractor = createExtractor({ ...limits, extractTimeoutMs: timeout });
    try {
      await extractor.extract(visionDocx(), { name: 'warm-up.docx' });
      const started = performance.now();
      const err = await failure(extractor.extract(heavyHtml, { name: 'heavy.html' }));
      const elapsed = performance.now() - started;
      expect(err.code).toBe('TIMEOUT');
      expect(err.message).toBe('Reading heavy.html took longer than 400 ms and was stopped.');
      // Killed at the budget (plus scheduling slack on a busy machine), not after the seconds the parse needs.
      expect(elapsed).toBeGreaterThanOrEqual(timeout - 5);
      expect(elapsed).toBeLessThan(timeout + 600);
      const after = await extractor.extract(visionDocx(), { name: 'after.docx' });
      expect(after.blocks.length).toBeGreaterThan(10);
    } finally {
      await extractor.close();
    }
  }, 60_000);

  it('stops an extraction that exceeds the memory budget, keeping the process bounded', async () => {
    const extractor = createExtractor({ ...limits, extractMemoryMb: 64, extractTimeoutMs: 60_000 });
    try {
      await extractor.extract(visionDocx(), { name: 'warm-up.docx' });
      const { result: err, rssMb } = await memoryGrowth(() =>
        failure(extractor.extract(heavyHtml, { name: 'heavy.html' })),
      );
      expect(err.code).toBe('LIMIT_EXCEEDED');
      expect(err.message).toBe('Reading heavy.html needed more than 64 MB of memory and was stopped.');
      expect(err.hint).toMatch(/RAPPORTEUR_EXTRACT_MEMORY_MB/);
      // The worker's heap is capped at 64 MB; allow for its young generation, code and the copied input.
      console.log(
        `[sandbox] process RSS grew by ${rssMb.toFixed(0)} MB while the capped worker ran out of memory`,
      );
      expect(rssMb).toBeLessThan(200);
      const after = await extractor.extract(visionDocx(), { name: 'after.docx' });
      expect(after.type).toBe('docx');
    } finally {
      await extractor.close();
    }
  }, 60_000);

  it('rejects pending and later work once closed', async () => {
    const extractor = createExtractor(limits);
    const pending = failure(extractor.extract(visionDocx(), { name: 'pending.docx' }));
    await extractor.close();
    expect((await pending).code).toBe('UNAVAILABLE');
    expect((await failure(extractor.extract(visionDocx(), { name: 'late.docx' }))).code).toBe('UNAVAILABLE');
  }, 30_000);
});
