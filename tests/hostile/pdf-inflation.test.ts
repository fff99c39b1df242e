import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/core/documents/index.js';
import { DEFAULT_EXTRACT_LIMITS } from '../../src/core/documents/options.js';
import type { RapporteurError } from '../../src/core/errors.js';
import { makePdf } from '../helpers/make-pdf.js';
import { pdfInflating } from './generators.js';

describe('a PDF stream that inflates past the budget', () => {
  it('is refused while it inflates, naming the limit, without holding the inflated bytes', {
    timeout: 60_000,
  }, async () => {
    const file = pdfInflating(1024 * 1024 * 1024);
    expect(file.bytes.length).toBeLessThan(8 * 1024 * 1024);
    // Load the reader first: the figures below are the file's own.
    await extractDocument(
      makePdf({ pages: [{ lines: [{ x: 72, y: 700, segments: [{ text: 'Warm', size: 12 }] }] }] }),
      {
        name: 'warm.pdf',
        limits: DEFAULT_EXTRACT_LIMITS,
      },
    );
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }, 5);
    const t0 = performance.now();
    let err: RapporteurError | undefined;
    try {
      await extractDocument(file.bytes, { name: file.name, limits: DEFAULT_EXTRACT_LIMITS });
    } catch (e) {
      err = e as RapporteurError;
    } finally {
      clearInterval(sampler);
    }
    expect(err?.code).toBe('LIMIT_EXCEEDED');
    expect(err?.message).toContain('would decompress to more than 200 MB');
    expect(err?.hint).toContain('RAPPORTEUR_MAX_UNZIPPED_MB');
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('leaves ordinary compressed PDFs alone', { timeout: 60_000 }, async () => {
    const file = pdfInflating(64 * 1024);
    const err = await extractDocument(file.bytes, { name: file.name, limits: DEFAULT_EXTRACT_LIMITS }).catch(
      (e: RapporteurError) => e,
    );
    // Spaces only: read, and found to hold no text, as before.
    expect((err as RapporteurError).code).toBe('NO_TEXT');
  });
});
