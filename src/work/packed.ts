import type { Block, Document } from '../core/documents/types.js';

/**
 * A document as it crosses between threads: its blocks as JSON text. A hostile file can have
 * hundreds of thousands of blocks, and copying them as objects (structured cloning) costs the
 * receiving thread about a second per 100,000; a string crosses at the speed of memory. The
 * `blocks` key stays, as null, so that a document's keys keep their order.
 */
export type PackedDocument = Omit<Document, 'blocks'> & { blocks: null; blocksJson: string };

/** A document's wire form (in the worker that read it). */
export function packDocument(doc: Document): PackedDocument {
  return { ...doc, blocks: null, blocksJson: JSON.stringify(doc.blocks) };
}

/** The wire form of documents whose blocks nobody has read yet (they can go back as they came). */
const unread = new WeakMap<Document, string>();

/**
 * The document of a wire form, its blocks parsed when first read: a post passes the document
 * straight on to the parse, so the main thread never builds them.
 */
export function unpackDocument(wire: PackedDocument): Document {
  const doc = {} as Document;
  let blocks: Block[] | undefined;
  for (const key of Object.keys(wire) as (keyof PackedDocument)[]) {
    if (key === 'blocksJson') continue;
    if (key !== 'blocks') {
      (doc as unknown as Record<string, unknown>)[key] = wire[key];
      continue;
    }
    Object.defineProperty(doc, 'blocks', {
      enumerable: true,
      configurable: true,
      get() {
        unread.delete(doc);
        blocks ??= JSON.parse(wire.blocksJson) as Block[];
        return blocks;
      },
      set(value: Block[]) {
        unread.delete(doc);
        blocks = value;
      },
    });
  }
  unread.set(doc, wire.blocksJson);
  return doc;
}

/** What to send a worker: the wire form when the blocks were never read here, else the document. */
export function wireDocument(doc: Document): Document | PackedDocument {
  const blocksJson = unread.get(doc);
  if (blocksJson === undefined) return doc;
  const wire: Record<string, unknown> = {};
  for (const key of Object.keys(doc)) {
    wire[key] = key === 'blocks' ? null : (doc as unknown as Record<string, unknown>)[key];
  }
  wire.blocksJson = blocksJson;
  return wire as PackedDocument;
}

/** The document of what a worker received. */
export function documentOf(input: Document | PackedDocument): Document {
  if (input.blocks !== null) return input as Document;
  const { blocksJson, ...rest } = input as PackedDocument;
  return { ...rest, blocks: JSON.parse(blocksJson) as Block[] };
}
