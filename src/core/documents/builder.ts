import { LineIndex } from '../diagnostics.js';
import type { Block, BlockKind, TextAnchor } from './types.js';

/** Separator between blocks in `Document.text` for extracted (non-verbatim) formats. */
export const BLOCK_SEPARATOR = '\n\n';

/** A position taken while a block was being built: the block's ordinal and an offset inside it. */
export interface Mark {
  readonly seq: number;
  readonly local: number;
}

/** Extra block fields a reader may set. */
export type BlockExtra = Pick<Block, 'level' | 'numbering' | 'page' | 'cell' | 'style'>;

interface Placed {
  /** Index in `blocks`, or -1 when the block was empty and dropped. */
  index: number;
  /** Absolute offset of the block's raw (untrimmed) start. */
  rawStart: number;
  /** Characters trimmed at the start and kept. */
  lead: number;
  length: number;
}

/**
 * Accumulates the text of a binary-format document block by block and keeps the
 * `Document` invariant by construction: each block's text is written once, at a known
 * offset, with a fixed separator between blocks. Readers take marks while a block is
 * open (a comment range starts here, an insertion ends there) and resolve them after
 * `finish()`, when trimming and dropped empty blocks are known.
 */
export class TextBuilder {
  private readonly chunks: string[] = [];
  private length = 0;
  private readonly blocks: Block[] = [];
  private readonly placed: Placed[] = [];
  private pending: string[] = [];
  private pendingLength = 0;
  private text: string | undefined;
  /** For each placed block, the first kept block at or after it (-1: none); set by `finish()`. */
  private nextKept: Int32Array | undefined;

  /** Appends text to the open block (a block is open implicitly). */
  append(text: string): void {
    if (text.length === 0) return;
    this.pending.push(text);
    this.pendingLength += text.length;
  }

  /** Characters appended to the open block so far. */
  get openLength(): number {
    return this.pendingLength;
  }

  /** A mark at the current end of the open block. */
  mark(): Mark {
    return { seq: this.placed.length, local: this.pendingLength };
  }

  /** Number of blocks emitted so far (the index the next kept block will get). */
  get blockCount(): number {
    return this.blocks.length;
  }

  /**
   * Closes the open block. Surrounding whitespace is trimmed; an empty block is dropped
   * (its marks resolve to where it would have been). Returns the block's index or -1.
   */
  end(kind: BlockKind, extra: BlockExtra = {}): number {
    const raw = this.pending.length === 1 ? (this.pending[0] as string) : this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    let lead = 0;
    let tail = raw.length;
    while (lead < tail && isTrimmable(raw.charCodeAt(lead))) lead++;
    while (tail > lead && isTrimmable(raw.charCodeAt(tail - 1))) tail--;
    if (tail === lead) {
      this.placed.push({ index: -1, rawStart: this.length, lead: 0, length: 0 });
      return -1;
    }
    if (this.blocks.length > 0) {
      this.chunks.push(BLOCK_SEPARATOR);
      this.length += BLOCK_SEPARATOR.length;
    }
    const body = raw.slice(lead, tail);
    const offset = this.length;
    this.chunks.push(body);
    this.length += body.length;
    const block: Block = { kind, text: body, offset, line: 0, column: 0 };
    if (extra.level !== undefined) block.level = extra.level;
    if (extra.numbering !== undefined) block.numbering = extra.numbering;
    if (extra.page !== undefined) block.page = extra.page;
    if (extra.cell !== undefined) block.cell = extra.cell;
    if (extra.style !== undefined) block.style = extra.style;
    this.blocks.push(block);
    this.placed.push({ index: this.blocks.length - 1, rawStart: offset - lead, lead, length: body.length });
    return this.blocks.length - 1;
  }

  /** Drops whatever the open block holds (e.g. a header line recognised too late). */
  discard(): void {
    this.pending = [];
    this.pendingLength = 0;
  }

  /** Finalises the text and the blocks' line and column numbers. Call once. */
  finish(): { text: string; blocks: Block[] } {
    if (this.pendingLength > 0) this.end('paragraph');
    const text = this.chunks.join('');
    this.text = text;
    // One backward sweep, so that a mark in a dropped block resolves in constant time:
    // scanning forward per mark was quadratic in a file of many empty commented paragraphs.
    const nextKept = new Int32Array(this.placed.length);
    let next = -1;
    for (let i = this.placed.length - 1; i >= 0; i--) {
      if ((this.placed[i] as Placed).index >= 0) next = i;
      nextKept[i] = next;
    }
    this.nextKept = nextKept;
    const index = new LineIndex(text);
    for (const block of this.blocks) {
      const { line, column } = index.locate(block.offset);
      block.line = line;
      block.column = column;
    }
    return { text, blocks: this.blocks };
  }

  /** The absolute offset in the final text of a mark, clamped into its block. */
  offsetOf(mark: Mark): { offset: number; block: number } {
    const placed = this.placed[mark.seq];
    if (!placed) return { offset: this.length, block: Math.max(0, this.blocks.length - 1) };
    if (placed.index < 0) {
      // The block was dropped: point at the start of the next kept block, or the end of the text.
      const at = this.nextKept?.[mark.seq] ?? -1;
      const next = at >= 0 ? this.placed[at] : undefined;
      if (next) return { offset: next.rawStart + next.lead, block: next.index };
      return { offset: this.length, block: Math.max(0, this.blocks.length - 1) };
    }
    const inside = Math.min(Math.max(mark.local - placed.lead, 0), placed.length);
    return { offset: placed.rawStart + placed.lead + inside, block: placed.index };
  }

  /** A `TextAnchor` for the range between two marks (after `finish()`). */
  anchor(start: Mark, end: Mark): TextAnchor {
    const text = this.text ?? '';
    const a = this.offsetOf(start);
    const b = this.offsetOf(end);
    const lo = Math.min(a.offset, b.offset);
    const hi = Math.max(a.offset, b.offset);
    return { block: a.offset <= b.offset ? a.block : b.block, start: lo, end: hi, text: text.slice(lo, hi) };
  }
}

function isTrimmable(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0 || code === 0x200b;
}
