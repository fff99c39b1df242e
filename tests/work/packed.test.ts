import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/core/documents/index.js';
import { DEFAULT_EXTRACT_LIMITS } from '../../src/core/documents/options.js';
import { documentOf, packDocument, unpackDocument, wireDocument } from '../../src/work/packed.js';

/**
 * Documents cross threads with their blocks as JSON text: the thread that only passes a
 * document on (the bot's main thread, from the extraction to the parse) never builds them.
 */
const source = new TextEncoder().encode(
  '# Outcome\n\n## Article 1\n\n1. The parties [shall] act.\n\n2. Others [may].\n',
);

describe('documents between threads', () => {
  it('reads back as the document it was, blocks included', async () => {
    const doc = await extractDocument(source, { name: 'd.md', limits: DEFAULT_EXTRACT_LIMITS });
    const back = unpackDocument(structuredClone(packDocument(doc)));
    expect(back).toEqual(doc);
    expect(Object.keys(back)).toEqual(Object.keys(doc));
    expect(JSON.stringify(back)).toBe(JSON.stringify(doc));
  });

  it('goes on as text while nobody read its blocks, and as objects once someone did', async () => {
    const doc = await extractDocument(source, { name: 'd.md', limits: DEFAULT_EXTRACT_LIMITS });
    const back = unpackDocument(structuredClone(packDocument(doc)));
    back.name = 'renamed.md';
    const wire = wireDocument(back);
    expect(wire.blocks).toBeNull();
    // What the worker rebuilds has the change made meanwhile, and the same blocks.
    expect(documentOf(structuredClone(wire))).toEqual({ ...doc, name: 'renamed.md' });
    expect(back.blocks.length).toBe(doc.blocks.length);
    expect(wireDocument(back)).toBe(back);
  });
});
