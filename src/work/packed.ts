import { gzipSync } from 'node:zlib';
import type { JsonText } from '../core/app/engines.js';
import type { Block, Document } from '../core/documents/types.js';
import { encodeCache } from '../store/codec.js';
import { PACK_FROM_BYTES } from '../store/pack.js';

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

/**
 * JSON text made in a worker, as the store will keep it: checked as the store checks text
 * (`encodeCache`: its size limit, characters PostgreSQL cannot hold), then, when large,
 * gzip-compressed as the store compresses it. The main thread receives a few MB of bytes
 * instead of tens of MB of string, and neither compresses nor scans them.
 */
export function packJsonText(field: string, json: string): JsonText {
  encodeCache(field, { schemaVersion: 0, json });
  if (json.length < PACK_FROM_BYTES) return { json };
  const packed = gzipSync(json);
  // Moved, not copied, to the main thread: it must be the only view of its ArrayBuffer.
  const own =
    packed.byteOffset === 0 && packed.byteLength === packed.buffer.byteLength
      ? new Uint8Array(packed.buffer)
      : new Uint8Array(packed);
  return { packed: own, chars: json.length };
}

/** The ArrayBuffers of compressed texts in a job's output (at its top level or one below), to move. */
export function transfersOf(output: unknown): ArrayBuffer[] {
  const found: ArrayBuffer[] = [];
  const look = (value: unknown, depth: number) => {
    if (value === null || typeof value !== 'object') return;
    if (value instanceof Uint8Array) return;
    for (const [key, item] of Object.entries(value)) {
      if (key === 'packed' && item instanceof Uint8Array && item.byteLength === item.buffer.byteLength) {
        found.push(item.buffer as ArrayBuffer);
      } else if (depth < 2 && !Array.isArray(item)) look(item, depth + 1);
    }
  };
  look(output, 0);
  return found;
}
