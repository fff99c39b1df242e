import { isOn } from './docx-package.js';
import { setPresent } from './present.js';
import type { XmlElement, XmlHandlers } from './xml.js';

/** Elements whose content is never document text: formatting history, field codes, fallbacks. */
const SKIPPED = new Set([
  'mc:Fallback',
  'w:pPrChange',
  'w:rPrChange',
  'w:sectPrChange',
  'w:tblPrChange',
  'w:tcPrChange',
  'w:trPrChange',
  'w:tblGridChange',
  'w:numberingChange',
  'w:instrText',
  'w:delInstrText',
  'w:fldData',
  'w:sdtPr',
  'w:annotationRef',
  'w:footnoteRef',
  'w:endnoteRef',
  'w:separator',
  'w:continuationSeparator',
]);

/** Property containers: an ins/del inside them marks a formatting or paragraph-mark change, not text. */
const PROPERTY_PARENTS = new Set(['w:rPr', 'w:pPr', 'w:trPr', 'w:tcPr', 'w:tblPr', 'w:numPr', 'w:sectPr']);

export type Inline =
  | { t: 'text'; s: string }
  | { t: 'del'; s: string }
  | { t: 'commentStart' | 'commentEnd' | 'commentRef'; id: string }
  | { t: 'revStart'; kind: 'insert' | 'delete'; author?: string; date?: string }
  | { t: 'revEnd' }
  | { t: 'noteRef'; note: 'footnote' | 'endnote'; id: string; custom: boolean }
  | { t: 'pageBreak'; rendered: boolean };

export interface Paragraph {
  items: Inline[];
  styleId?: string;
  numId?: string;
  ilvl?: number;
  outlineLvl?: number;
  pageBreakBefore: boolean;
  sectionBreak: boolean;
  paraId?: string;
  run: { hidden: boolean };
}

export type Container =
  | { kind: 'body' }
  | { kind: 'cell'; table: number; row: number; column: number }
  | { kind: 'note'; note: 'footnote' | 'endnote'; id: string }
  | { kind: 'comment'; id: string; author?: string; date?: string; initials?: string };

export interface ParagraphSink {
  paragraph(p: Paragraph, container: Container): void;
  containerEnd(container: Container): void;
  tableStartsIn(container: Container): void;
  /** A comment range or reference outside any paragraph. */
  looseItem(item: Inline, container: Container): void;
}

/** An opening tag with what its handling needs: the parent element, the open paragraph, w:val. */
interface OpenTag {
  el: XmlElement;
  name: string;
  parent: string | undefined;
  p: Paragraph | undefined;
  val: string | undefined;
}

interface TableState {
  index: number;
  row: number;
  column: number;
  nextColumn: number;
  span: number;
}

/**
 * Turns the WordprocessingML event stream of one part (document, footnotes, endnotes,
 * comments) into paragraphs of inline items, tagged with the container they belong to.
 * It holds no text itself: the assembler decides where each paragraph goes.
 */
export class WordmlParser implements XmlHandlers {
  private readonly names: string[] = [];
  private skip = 0;
  private readonly paragraphs: Paragraph[] = [];
  private readonly containers: Container[];
  private readonly tables: TableState[] = [];
  private readonly revs: boolean[] = [];
  private textTarget: 'text' | 'del' | undefined;
  private deleting = 0;
  private pendingItems: Inline[] = [];

  constructor(
    private readonly sink: ParagraphSink,
    private readonly counter: { tables: number },
    root: Container | undefined,
  ) {
    this.containers = root ? [root] : [];
  }

  private get current(): Paragraph | undefined {
    return this.paragraphs[this.paragraphs.length - 1];
  }

  private get container(): Container | undefined {
    return this.containers[this.containers.length - 1];
  }

  private push(item: Inline): void {
    const p = this.current;
    if (p) p.items.push(item);
    else if (this.container) this.sink.looseItem(item, this.container);
  }

  open(el: XmlElement): void {
    if (this.skip > 0) {
      this.skip++;
      return;
    }
    const parent = this.names[this.names.length - 1];
    this.names.push(el.name);
    const name = el.name;
    if (SKIPPED.has(name)) {
      this.skip = 1;
      return;
    }
    const p = this.current;
    const val = el.attrs['w:val'];
    const tag: OpenTag = { el, name, parent, p, val };
    if (this.paragraphPart(tag)) return;
    if (this.runPart(tag)) return;
    this.structurePart(tag);
  }

  /** A paragraph and the properties that decide its style, numbering and page. */
  private paragraphPart({ el, name, parent, p, val }: OpenTag): boolean {
    switch (name) {
      case 'w:p': {
        const para: Paragraph = {
          items: this.pendingItems,
          pageBreakBefore: false,
          sectionBreak: false,
          run: { hidden: false },
        };
        this.pendingItems = [];
        const paraId = el.attrs['w14:paraId'];
        if (paraId) para.paraId = paraId;
        this.paragraphs.push(para);
        return true;
      }
      case 'w:pStyle':
        if (p && parent === 'w:pPr' && val) p.styleId = val;
        return true;
      case 'w:numId':
        if (p && parent === 'w:numPr' && val !== undefined) p.numId = val;
        return true;
      case 'w:ilvl':
        if (p && parent === 'w:numPr' && val !== undefined) p.ilvl = Number.parseInt(val, 10) || 0;
        return true;
      case 'w:outlineLvl':
        if (p && parent === 'w:pPr' && val !== undefined) p.outlineLvl = Number.parseInt(val, 10);
        return true;
      case 'w:pageBreakBefore':
        if (p && parent === 'w:pPr') p.pageBreakBefore = isOn(val);
        return true;
      case 'w:sectPr':
        if (p && parent === 'w:pPr') p.sectionBreak = true;
        return true;
      case 'w:type':
        if (p && parent === 'w:sectPr' && val === 'continuous') p.sectionBreak = false;
        return true;
    }
    return false;
  }

  /** Run content: text, breaks, note references and comment marks. */
  private runPart({ el, name, parent, p, val }: OpenTag): boolean {
    switch (name) {
      case 'w:r':
        if (p) p.run = { hidden: false };
        return true;
      case 'w:vanish':
        if (p && parent === 'w:rPr' && this.names[this.names.length - 3] === 'w:r') p.run.hidden = isOn(val);
        return true;
      case 'w:t':
        if (p && !p.run.hidden) this.textTarget = this.deleting > 0 ? 'del' : 'text';
        return true;
      case 'w:delText':
        if (p && !p.run.hidden) this.textTarget = 'del';
        return true;
      case 'w:tab':
        if (parent === 'w:r') this.inline('\t');
        return true;
      case 'w:br':
        if (parent === 'w:r') {
          if (el.attrs['w:type'] === 'page') this.push({ t: 'pageBreak', rendered: false });
          this.inline('\n');
        }
        return true;
      case 'w:cr':
        if (parent === 'w:r') this.inline('\n');
        return true;
      case 'w:noBreakHyphen':
        if (parent === 'w:r') this.inline('-');
        return true;
      case 'w:lastRenderedPageBreak':
        this.push({ t: 'pageBreak', rendered: true });
        return true;
      case 'w:footnoteReference':
      case 'w:endnoteReference': {
        const id = el.attrs['w:id'];
        if (id !== undefined) {
          this.push({
            t: 'noteRef',
            note: name === 'w:footnoteReference' ? 'footnote' : 'endnote',
            id,
            custom: isOn(el.attrs['w:customMarkFollows'] ?? '0'),
          });
        }
        return true;
      }
      case 'w:commentRangeStart':
      case 'w:commentRangeEnd':
      case 'w:commentReference': {
        const id = el.attrs['w:id'];
        if (id === undefined) return true;
        const t =
          name === 'w:commentRangeStart'
            ? 'commentStart'
            : name === 'w:commentRangeEnd'
              ? 'commentEnd'
              : 'commentRef';
        if (!p && t === 'commentStart') this.pendingItems.push({ t, id });
        else this.push({ t, id });
        return true;
      }
    }
    return false;
  }

  /** Tracked changes, tables, notes and comments: the containers paragraphs belong to. */
  private structurePart({ el, name, parent, p, val }: OpenTag): void {
    switch (name) {
      case 'w:ins':
      case 'w:moveTo':
      case 'w:del':
      case 'w:moveFrom': {
        const active = p !== undefined && !PROPERTY_PARENTS.has(parent ?? '');
        this.revs.push(active);
        if (active) {
          const kind = name === 'w:ins' || name === 'w:moveTo' ? 'insert' : 'delete';
          if (kind === 'delete') this.deleting++;
          const attrs = { author: el.attrs['w:author'], date: el.attrs['w:date'] };
          this.push(setPresent<Extract<Inline, { t: 'revStart' }>>({ t: 'revStart', kind }, attrs));
        }
        break;
      }
      case 'w:tbl': {
        const c = this.container;
        if (c && c.kind === 'cell') this.sink.tableStartsIn(c);
        this.tables.push({ index: this.counter.tables++, row: -1, column: -1, nextColumn: 0, span: 1 });
        break;
      }
      case 'w:tr': {
        const t = this.tables[this.tables.length - 1];
        if (t) {
          t.row++;
          t.nextColumn = 0;
        }
        break;
      }
      case 'w:tc': {
        const t = this.tables[this.tables.length - 1];
        if (t) {
          t.column = t.nextColumn;
          t.span = 1;
          this.containers.push({ kind: 'cell', table: t.index, row: Math.max(t.row, 0), column: t.column });
        }
        break;
      }
      case 'w:gridSpan': {
        const t = this.tables[this.tables.length - 1];
        if (t && parent === 'w:tcPr') t.span = Math.max(1, Number.parseInt(val ?? '1', 10) || 1);
        break;
      }
      case 'w:footnote':
      case 'w:endnote': {
        const type = el.attrs['w:type'];
        if (type && type !== 'normal') {
          this.skip = 1;
          break;
        }
        this.containers.push({
          kind: 'note',
          note: name === 'w:footnote' ? 'footnote' : 'endnote',
          id: el.attrs['w:id'] ?? '',
        });
        break;
      }
      case 'w:comment': {
        const c: Extract<Container, { kind: 'comment' }> = { kind: 'comment', id: el.attrs['w:id'] ?? '' };
        const { 'w:author': author, 'w:date': date, 'w:initials': initials } = el.attrs;
        this.containers.push(setPresent(c, { author, date, initials }));
        break;
      }
    }
  }

  private inline(s: string): void {
    const p = this.current;
    if (!p || p.run.hidden) return;
    p.items.push({ t: this.deleting > 0 ? 'del' : 'text', s });
  }

  close(name: string): void {
    if (this.skip > 0) {
      this.skip--;
      if (this.skip === 0) this.names.pop();
      return;
    }
    this.names.pop();
    switch (name) {
      case 'w:t':
      case 'w:delText':
        this.textTarget = undefined;
        break;
      case 'w:r': {
        const p = this.current;
        if (p) p.run = { hidden: false };
        break;
      }
      case 'w:ins':
      case 'w:moveTo':
      case 'w:del':
      case 'w:moveFrom': {
        const active = this.revs.pop();
        if (active) {
          if (name === 'w:del' || name === 'w:moveFrom') this.deleting--;
          this.push({ t: 'revEnd' });
        }
        break;
      }
      case 'w:p': {
        const p = this.paragraphs.pop();
        const c = this.container;
        if (p && c) this.sink.paragraph(p, c);
        break;
      }
      case 'w:tc': {
        const t = this.tables[this.tables.length - 1];
        if (t) t.nextColumn = t.column + t.span;
        const c = this.containers.pop();
        if (c) this.sink.containerEnd(c);
        break;
      }
      case 'w:tbl':
        this.tables.pop();
        break;
      case 'w:footnote':
      case 'w:endnote':
      case 'w:comment': {
        const c = this.containers.pop();
        if (c) this.sink.containerEnd(c);
        break;
      }
    }
  }

  text(text: string): void {
    if (this.textTarget === undefined) return;
    const p = this.current;
    if (!p) return;
    p.items.push({ t: this.textTarget, s: text });
  }
}
