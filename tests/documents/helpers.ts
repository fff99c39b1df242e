import { expect } from 'vitest';
import {
  DEFAULT_EXTRACT_LIMITS,
  type ExtractOptions,
  extractDocument,
  loadAllReaders,
} from '../../src/core/documents/index.js';
import type { Document } from '../../src/core/documents/types.js';
import { RapporteurError } from '../../src/core/errors.js';

// Readers load on first use; these tests time and measure reading, not module loading.
await loadAllReaders();

/** Extracts with default limits and a name. */
export function extract(
  bytes: Uint8Array | string,
  name: string,
  extra: Partial<ExtractOptions> = {},
): Promise<Document> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return extractDocument(data, { name, limits: DEFAULT_EXTRACT_LIMITS, ...extra });
}

/** The RapporteurError a promise rejects with (fails the test if it resolves or throws something else). */
export async function failure(promise: Promise<unknown>): Promise<RapporteurError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(RapporteurError);
    return err as RapporteurError;
  }
  throw new Error('expected the extraction to fail');
}

/** Every block's text is the verbatim range of the document text it claims, and lines/columns agree. */
export function expectInvariant(doc: Document): void {
  for (const block of doc.blocks) {
    expect(doc.text.slice(block.offset, block.offset + block.text.length)).toBe(block.text);
    const before = doc.text.slice(0, block.offset);
    const line = before.split('\n').length;
    const column = block.offset - (before.lastIndexOf('\n') + 1) + 1;
    expect({ line: block.line, column: block.column }).toEqual({ line, column });
  }
  for (const c of doc.comments) {
    if (c.anchor) expect(doc.text.slice(c.anchor.start, c.anchor.end)).toBe(c.anchor.text);
  }
  for (const r of doc.revisions) {
    if (r.anchor) expect(doc.text.slice(r.anchor.start, r.anchor.end)).toBe(r.anchor.text);
  }
}

/**
 * Memory growth (MB) while `fn` runs: JavaScript heap plus buffers (inflated data lives in
 * ArrayBuffers outside the heap), and the process RSS. Sampled every few milliseconds and
 * at the end; garbage is not collected in between, so allocations show up even when freed.
 */
export async function memoryGrowth<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; heapMb: number; rssMb: number }> {
  const used = () => {
    const m = process.memoryUsage();
    return { js: m.heapUsed + m.arrayBuffers, rss: m.rss };
  };
  const base = used();
  let peak = base;
  const sample = () => {
    const m = used();
    peak = { js: Math.max(peak.js, m.js), rss: Math.max(peak.rss, m.rss) };
  };
  const timer = setInterval(sample, 2);
  try {
    const result = await fn();
    sample();
    return {
      result,
      heapMb: (peak.js - base.js) / (1024 * 1024),
      rssMb: (peak.rss - base.rss) / (1024 * 1024),
    };
  } finally {
    clearInterval(timer);
  }
}
