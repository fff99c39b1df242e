import { type BlockExtra, type Mark, TextBuilder } from './builder.js';
import type { NumberingState } from './docx-numbering.js';
import type { Styles } from './docx-styles.js';
import type { Container, Inline, Paragraph, ParagraphSink } from './docx-wordml.js';
import type { BlockKind, DocumentRevision, ExtractionWarning } from './types.js';

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A footnote number as superscript digits: a mark that is neither a bracket nor part of a number. */
function superscript(n: number): string {
  return String(n).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)] as string);
}

interface OpenRevision {
  kind: 'insert' | 'delete';
  author?: string;
  date?: string;
  start: Mark;
  deleted: string;
}

interface ClosedRevision extends OpenRevision {
  end: Mark;
}

/** Writes paragraphs into the text builder in document order and records marks. */
export class Assembler implements ParagraphSink {
  readonly builder = new TextBuilder();
  readonly warnings: ExtractionWarning[] = [];
  private readonly cells = new Map<Container, Paragraph[]>();
  private readonly commentStarts = new Map<string, Mark>();
  private readonly commentEnds = new Map<string, Mark>();
  private readonly commentRefs = new Map<string, Mark>();
  private readonly open: OpenRevision[] = [];
  private readonly revisions: ClosedRevision[] = [];
  private readonly noteOrder: {
    note: 'footnote' | 'endnote';
    id: string;
    n: number;
    pages: [number, number];
  }[] = [];
  private readonly noteNumbers = new Map<string, number>();
  private readonly notesSeen = { footnote: 0, endnote: 0 };
  private explicitPage = 1;
  private renderedPage = 1;
  private sawRendered = false;
  private sawExplicit = false;
  private sectionBreakPending = false;
  private readonly blockPages: [number, number][] = [];

  constructor(
    private readonly styles: Styles,
    private readonly numbering: NumberingState,
  ) {}

  paragraph(p: Paragraph, container: Container): void {
    const label = this.label(p);
    if (container.kind === 'cell') {
      const list = this.cells.get(container) ?? [];
      list.push(p);
      this.cells.set(container, list);
      return;
    }
    if (container.kind !== 'body') return;
    const heading =
      p.outlineLvl !== undefined && p.outlineLvl < 9 ? p.outlineLvl + 1 : this.styles.headingLevel(p.styleId);
    let kind: BlockKind = 'paragraph';
    const extra: BlockExtra = {};
    if (heading !== undefined) {
      kind = 'heading';
      extra.level = heading;
    } else if (label?.text) {
      kind = 'list-item';
      extra.level = label.level;
    }
    if (label?.text) extra.numbering = label.text;
    const style = this.styles.name(p.styleId);
    if (style) extra.style = style;
    this.write([p], kind, extra);
  }

  containerEnd(container: Container): void {
    if (container.kind !== 'cell') return;
    const list = this.cells.get(container);
    this.cells.delete(container);
    this.write(list ?? [], 'table-cell', {
      cell: { table: container.table, row: container.row, column: container.column },
    });
  }

  tableStartsIn(container: Container): void {
    if (container.kind !== 'cell') return;
    const list = this.cells.get(container);
    if (!list || list.length === 0) return;
    this.cells.set(container, []);
    this.write(list, 'table-cell', {
      cell: { table: container.table, row: container.row, column: container.column },
    });
  }

  looseItem(item: Inline, container: Container): void {
    if (item.t !== 'commentEnd' && item.t !== 'commentRef') return;
    const buffered = this.cells.get(container);
    const last = buffered?.[buffered.length - 1];
    if (last) {
      last.items.push(item);
      return;
    }
    // After the previous block's last character.
    const mark = this.builder.mark();
    const end: Mark = { seq: mark.seq - 1, local: Number.MAX_SAFE_INTEGER };
    if (item.t === 'commentEnd') this.commentEnds.set(item.id, end);
    else this.commentRefs.set(item.id, end);
  }

  private label(p: Paragraph): { text: string; level: number } | undefined {
    const fromStyle = this.styles.numbering(p.styleId);
    const numId = p.numId ?? fromStyle.numId;
    if (numId === undefined || numId === '0') return undefined;
    const ilvl =
      p.ilvl ??
      fromStyle.ilvl ??
      (p.styleId ? this.numbering.levelOfStyle(numId, p.styleId) : undefined) ??
      0;
    const text = this.numbering.next(numId, ilvl);
    if (text === undefined) return undefined;
    return { text, level: ilvl + 1 };
  }

  private write(paragraphs: Paragraph[], kind: BlockKind, extra: BlockExtra): void {
    const b = this.builder;
    let pages: [number, number] | undefined;
    const pageNow = (): [number, number] => [this.explicitPage, this.renderedPage];
    if (this.sectionBreakPending) {
      this.explicitPage++;
      this.sawExplicit = true;
      this.sectionBreakPending = false;
    }
    paragraphs.forEach((p, i) => {
      if (i > 0) b.append('\n');
      if (p.pageBreakBefore) {
        this.explicitPage++;
        this.sawExplicit = true;
      }
      for (const item of p.items) {
        switch (item.t) {
          case 'text':
            if (pages === undefined && item.s.trim() !== '') pages = pageNow();
            b.append(item.s);
            break;
          case 'del': {
            const rev = this.open[this.open.length - 1];
            if (rev?.kind === 'delete') rev.deleted += item.s;
            break;
          }
          case 'commentStart':
            this.commentStarts.set(item.id, b.mark());
            break;
          case 'commentEnd':
            this.commentEnds.set(item.id, b.mark());
            break;
          case 'commentRef':
            this.commentRefs.set(item.id, b.mark());
            break;
          case 'revStart': {
            const rev: OpenRevision = { kind: item.kind, start: b.mark(), deleted: '' };
            if (item.author) rev.author = item.author;
            if (item.date) rev.date = item.date;
            this.open.push(rev);
            break;
          }
          case 'revEnd': {
            const rev = this.open.pop();
            if (rev) this.revisions.push({ ...rev, end: b.mark() });
            break;
          }
          case 'noteRef': {
            if (pages === undefined) pages = pageNow();
            const key = `${item.note}:${item.id}`;
            let n = this.noteNumbers.get(key);
            if (n === undefined) {
              n = ++this.notesSeen[item.note];
              this.noteNumbers.set(key, n);
              this.noteOrder.push({ note: item.note, id: item.id, n, pages: pageNow() });
            }
            if (!item.custom) b.append(superscript(n));
            break;
          }
          case 'pageBreak':
            if (item.rendered) {
              this.renderedPage++;
              this.sawRendered = true;
            } else {
              this.explicitPage++;
              this.sawExplicit = true;
            }
            break;
        }
      }
      if (p.sectionBreak) this.sectionBreakPending = true;
    });
    // Revisions never span paragraphs in WordprocessingML; close any left open by a malformed file.
    while (this.open.length > 0) {
      const rev = this.open.pop() as OpenRevision;
      this.revisions.push({ ...rev, end: b.mark() });
    }
    const index = b.end(kind, extra);
    if (index >= 0) this.blockPages[index] = pages ?? pageNow();
  }

  /** Footnotes then endnotes, in the order of their first reference, after the body. */
  writeNotes(notes: Map<string, Paragraph[]>): void {
    for (const ref of this.noteOrder) {
      const paragraphs = notes.get(`${ref.note}:${ref.id}`);
      if (!paragraphs) {
        this.warnings.push({
          code: 'docx.note-missing',
          message: `The ${ref.note} numbered ${ref.n} has no text.`,
        });
        continue;
      }
      const before = this.builder.blockCount;
      this.write(paragraphs, 'footnote', {
        numbering: String(ref.n),
        style: ref.note,
      });
      if (this.builder.blockCount > before) this.blockPages[before] = ref.pages;
    }
  }

  /**
   * Pages from Word's last layout (w:lastRenderedPageBreak) when the file has them,
   * else from explicit page and section breaks; no page numbers when it has neither.
   */
  assignPages(blocks: { page?: number }[]): void {
    if (!this.sawRendered && !this.sawExplicit) return;
    const use = this.sawRendered ? 1 : 0;
    blocks.forEach((block, i) => {
      const pages = this.blockPages[i];
      if (pages) block.page = pages[use];
    });
  }

  commentAnchor(id: string) {
    const start = this.commentStarts.get(id);
    const end = this.commentEnds.get(id) ?? this.commentRefs.get(id);
    if (start && end) return this.builder.anchor(start, end);
    const ref = this.commentRefs.get(id) ?? start ?? end;
    return ref ? this.builder.anchor(ref, ref) : undefined;
  }

  /** Resolved revisions with empty ones dropped and adjacent pieces of one change merged. */
  revisionsFinal(): DocumentRevision[] {
    const out: DocumentRevision[] = [];
    for (const r of this.revisions) {
      const anchor = this.builder.anchor(r.start, r.kind === 'insert' ? r.end : r.start);
      const text = r.kind === 'insert' ? anchor.text : r.deleted;
      if (text === '') continue;
      const prev = out[out.length - 1];
      if (
        prev &&
        prev.kind === r.kind &&
        prev.author === r.author &&
        prev.date === r.date &&
        prev.anchor &&
        (r.kind === 'insert' ? prev.anchor.end === anchor.start : prev.anchor.start === anchor.start)
      ) {
        if (r.kind === 'insert') {
          prev.anchor = { ...prev.anchor, end: anchor.end, text: prev.anchor.text + anchor.text };
          prev.text = prev.anchor.text;
        } else {
          prev.text += text;
        }
        continue;
      }
      const rev: DocumentRevision = { kind: r.kind, text, anchor };
      if (r.author) rev.author = r.author;
      if (r.date) rev.date = r.date;
      out.push(rev);
    }
    return out;
  }
}
