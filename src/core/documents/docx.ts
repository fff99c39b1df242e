import { RapporteurError } from '../errors.js';
import { PartyAliases } from './aliases.js';
import { type BlockExtra, type Mark, TextBuilder } from './builder.js';
import { NumberingState, numberingCollector } from './docx-numbering.js';
import type { ExtractContext } from './options.js';
import type {
  BlockKind,
  Document,
  DocumentComment,
  DocumentMetadata,
  DocumentRevision,
  ExtractionWarning,
} from './types.js';
import { type XmlElement, type XmlHandlers, XmlStream, xmlEncoding } from './xml.js';
import { type ZipEntry, ZipReader } from './zip.js';

/** Namespace URIs (transitional and strict OOXML) -> the prefixes the reader uses. */
const NAMESPACES: Record<string, string> = {
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://purl.oclc.org/ooxml/wordprocessingml/main': 'w',
  'http://schemas.microsoft.com/office/word/2010/wordml': 'w14',
  'http://schemas.microsoft.com/office/word/2012/wordml': 'w15',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
  'http://schemas.openxmlformats.org/package/2006/metadata/core-properties': 'cp',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
};

const REL = {
  officeDocument: /\/officeDocument$/,
  styles: /\/styles$/,
  numbering: /\/numbering$/,
  footnotes: /\/footnotes$/,
  endnotes: /\/endnotes$/,
  comments: /\/comments$/,
  commentsExtended: /\/commentsExtended$/,
  coreProperties: /\/(metadata\/)?core-properties$/,
  extendedProperties: /\/extended-properties$/,
};

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

type Inline =
  | { t: 'text'; s: string }
  | { t: 'del'; s: string }
  | { t: 'commentStart' | 'commentEnd' | 'commentRef'; id: string }
  | { t: 'revStart'; kind: 'insert' | 'delete'; author?: string; date?: string }
  | { t: 'revEnd' }
  | { t: 'noteRef'; note: 'footnote' | 'endnote'; id: string; custom: boolean }
  | { t: 'pageBreak'; rendered: boolean };

interface Paragraph {
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

type Container =
  | { kind: 'body' }
  | { kind: 'cell'; table: number; row: number; column: number }
  | { kind: 'note'; note: 'footnote' | 'endnote'; id: string }
  | { kind: 'comment'; id: string; author?: string; date?: string; initials?: string };

interface ParagraphSink {
  paragraph(p: Paragraph, container: Container): void;
  containerEnd(container: Container): void;
  tableStartsIn(container: Container): void;
  /** A comment range or reference outside any paragraph. */
  looseItem(item: Inline, container: Container): void;
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
class WordmlParser implements XmlHandlers {
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
        break;
      }
      case 'w:pStyle':
        if (p && parent === 'w:pPr' && val) p.styleId = val;
        break;
      case 'w:numId':
        if (p && parent === 'w:numPr' && val !== undefined) p.numId = val;
        break;
      case 'w:ilvl':
        if (p && parent === 'w:numPr' && val !== undefined) p.ilvl = Number.parseInt(val, 10) || 0;
        break;
      case 'w:outlineLvl':
        if (p && parent === 'w:pPr' && val !== undefined) p.outlineLvl = Number.parseInt(val, 10);
        break;
      case 'w:pageBreakBefore':
        if (p && parent === 'w:pPr') p.pageBreakBefore = isOn(val);
        break;
      case 'w:sectPr':
        if (p && parent === 'w:pPr') p.sectionBreak = true;
        break;
      case 'w:type':
        if (p && parent === 'w:sectPr' && val === 'continuous') p.sectionBreak = false;
        break;
      case 'w:r':
        if (p) p.run = { hidden: false };
        break;
      case 'w:vanish':
        if (p && parent === 'w:rPr' && this.names[this.names.length - 3] === 'w:r') p.run.hidden = isOn(val);
        break;
      case 'w:t':
        if (p && !p.run.hidden) this.textTarget = this.deleting > 0 ? 'del' : 'text';
        break;
      case 'w:delText':
        if (p && !p.run.hidden) this.textTarget = 'del';
        break;
      case 'w:tab':
        if (parent === 'w:r') this.inline('\t');
        break;
      case 'w:br':
        if (parent === 'w:r') {
          if (el.attrs['w:type'] === 'page') this.push({ t: 'pageBreak', rendered: false });
          this.inline('\n');
        }
        break;
      case 'w:cr':
        if (parent === 'w:r') this.inline('\n');
        break;
      case 'w:noBreakHyphen':
        if (parent === 'w:r') this.inline('-');
        break;
      case 'w:lastRenderedPageBreak':
        this.push({ t: 'pageBreak', rendered: true });
        break;
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
        break;
      }
      case 'w:commentRangeStart':
      case 'w:commentRangeEnd':
      case 'w:commentReference': {
        const id = el.attrs['w:id'];
        if (id === undefined) break;
        const t =
          name === 'w:commentRangeStart'
            ? 'commentStart'
            : name === 'w:commentRangeEnd'
              ? 'commentEnd'
              : 'commentRef';
        if (!p && t === 'commentStart') this.pendingItems.push({ t, id });
        else this.push({ t, id });
        break;
      }
      case 'w:ins':
      case 'w:moveTo':
      case 'w:del':
      case 'w:moveFrom': {
        const active = p !== undefined && !PROPERTY_PARENTS.has(parent ?? '');
        this.revs.push(active);
        if (active) {
          const kind = name === 'w:ins' || name === 'w:moveTo' ? 'insert' : 'delete';
          if (kind === 'delete') this.deleting++;
          const item: Inline = { t: 'revStart', kind };
          const author = el.attrs['w:author'];
          const date = el.attrs['w:date'];
          if (author) item.author = author;
          if (date) item.date = date;
          this.push(item);
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
        const c: Container = { kind: 'comment', id: el.attrs['w:id'] ?? '' };
        const author = el.attrs['w:author'];
        const date = el.attrs['w:date'];
        const initials = el.attrs['w:initials'];
        if (author) c.author = author;
        if (date) c.date = date;
        if (initials) c.initials = initials;
        this.containers.push(c);
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

interface StyleDef {
  name?: string;
  type?: string;
  basedOn?: string;
  outlineLvl?: number;
  numId?: string;
  ilvl?: number;
}

/** styles.xml: paragraph styles with the facts that decide headings and style-linked numbering. */
function stylesCollector(): { handlers: XmlHandlers; styles: Map<string, StyleDef> } {
  const styles = new Map<string, StyleDef>();
  let current: StyleDef | undefined;
  const stack: string[] = [];
  const handlers: XmlHandlers = {
    open(el) {
      const parent = stack[stack.length - 1];
      stack.push(el.name);
      const val = el.attrs['w:val'];
      if (el.name === 'w:style') {
        current = {};
        const type = el.attrs['w:type'];
        if (type) current.type = type;
        styles.set(el.attrs['w:styleId'] ?? '', current);
        return;
      }
      if (!current || val === undefined) return;
      if (el.name === 'w:name' && parent === 'w:style') current.name = val;
      else if (el.name === 'w:basedOn') current.basedOn = val;
      else if (el.name === 'w:outlineLvl' && parent === 'w:pPr')
        current.outlineLvl = Number.parseInt(val, 10);
      else if (el.name === 'w:numId' && parent === 'w:numPr') current.numId = val;
      else if (el.name === 'w:ilvl' && parent === 'w:numPr') current.ilvl = Number.parseInt(val, 10) || 0;
    },
    close(name) {
      stack.pop();
      if (name === 'w:style') current = undefined;
    },
    text() {},
  };
  return { handlers, styles };
}

class Styles {
  constructor(private readonly styles: Map<string, StyleDef>) {}

  private chain(id: string | undefined): StyleDef[] {
    const out: StyleDef[] = [];
    let cur = id;
    // basedOn chains are short; the bound guards against cycles in hostile files.
    for (let i = 0; cur !== undefined && i < 16; i++) {
      const s = this.styles.get(cur);
      if (!s || out.includes(s)) break;
      out.push(s);
      cur = s.basedOn;
    }
    return out;
  }

  name(id: string | undefined): string | undefined {
    if (id === undefined) return undefined;
    return this.styles.get(id)?.name ?? id;
  }

  headingLevel(id: string | undefined): number | undefined {
    for (const s of this.chain(id)) {
      const m = /^heading\s*([1-9])$/i.exec(s.name ?? '');
      if (m) return Number(m[1]);
      if (/^title$/i.test(s.name ?? '')) return 1;
      if (s.outlineLvl !== undefined && s.outlineLvl >= 0 && s.outlineLvl < 9) return s.outlineLvl + 1;
    }
    return undefined;
  }

  numbering(id: string | undefined): { numId?: string; ilvl?: number } {
    const out: { numId?: string; ilvl?: number } = {};
    for (const s of this.chain(id)) {
      if (out.numId === undefined && s.numId !== undefined) out.numId = s.numId;
      if (out.ilvl === undefined && s.ilvl !== undefined) out.ilvl = s.ilvl;
    }
    return out;
  }

  /** The numId a numbering style (w:numStyleLink target) points to. */
  numIdOfStyle(id: string): string | undefined {
    return this.styles.get(id)?.numId;
  }
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A footnote number as superscript digits: a mark that is neither a bracket nor part of a number. */
export function superscript(n: number): string {
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

/**
 * Reads a DOCX file: body text with headings, computed list numbering, table cells and
 * footnotes; comments with their anchors, authors and party holders; tracked changes.
 */
export function readDocx(bytes: Uint8Array, ctx: ExtractContext): Document {
  const zip = ZipReader.open(bytes, ctx);
  const warnings: ExtractionWarning[] = [];
  const rootRels = readRels(zip, ctx, '', warnings);
  let mainPath = rootRels.find((r) => REL.officeDocument.test(r.type))?.target;
  if (!mainPath || !zip.get(mainPath))
    mainPath = zip.get('word/document.xml') ? 'word/document.xml' : undefined;
  const main = mainPath ? zip.get(mainPath) : undefined;
  if (!mainPath || !main) {
    throw new RapporteurError('CORRUPT_FILE', `${ctx.name} is a ZIP file without a Word document inside.`, {
      hint: 'Open it in Word or LibreOffice, save it as .docx and send it again.',
    });
  }
  const rels = readRels(zip, ctx, mainPath, warnings);
  const partFor = (re: RegExp) => {
    const target = rels.find((r) => re.test(r.type))?.target;
    return target ? zip.get(target) : undefined;
  };

  // Styles and numbering first: headings and labels are decided while the body streams.
  const stylesResult = stylesCollector();
  parseOptional(zip, partFor(REL.styles), ctx, stylesResult.handlers, warnings);
  const styles = new Styles(stylesResult.styles);
  const numberingResult = numberingCollector();
  parseOptional(zip, partFor(REL.numbering), ctx, numberingResult.handlers, warnings);
  const numbering = new NumberingState(numberingResult.result, (id) => styles.numIdOfStyle(id));
  ctx.check();

  const counter = { tables: 0 };
  // Notes and comments are collected as paragraphs; notes are written after the body.
  const notes = new Map<string, Paragraph[]>();
  const comments: { container: Extract<Container, { kind: 'comment' }>; paragraphs: Paragraph[] }[] = [];
  const collectSink = (): ParagraphSink => {
    let currentComment: (typeof comments)[number] | undefined;
    return {
      paragraph(p, c) {
        if (c.kind === 'note') {
          const key = `${c.note}:${c.id}`;
          const list = notes.get(key) ?? [];
          list.push(p);
          notes.set(key, list);
        } else if (c.kind === 'comment') {
          if (currentComment?.container !== c) {
            currentComment = { container: c, paragraphs: [] };
            comments.push(currentComment);
          }
          currentComment.paragraphs.push(p);
        }
      },
      containerEnd(c) {
        if (c.kind === 'comment' && currentComment?.container !== c)
          comments.push({ container: c, paragraphs: [] });
      },
      tableStartsIn() {},
      looseItem() {},
    };
  };
  parseOptional(
    zip,
    partFor(REL.footnotes),
    ctx,
    new WordmlParser(collectSink(), counter, undefined),
    warnings,
  );
  parseOptional(
    zip,
    partFor(REL.endnotes),
    ctx,
    new WordmlParser(collectSink(), counter, undefined),
    warnings,
  );
  parseOptional(
    zip,
    partFor(REL.comments),
    ctx,
    new WordmlParser(collectSink(), counter, undefined),
    warnings,
  );
  const commentThreads = new Map<string, { parent?: string; done: boolean }>();
  parseOptional(zip, partFor(REL.commentsExtended), ctx, commentsExtendedHandlers(commentThreads), warnings);
  ctx.check();

  const out = new Assembler(styles, numbering);
  const counterMain = { tables: 0 };
  parsePart(zip, main, ctx, new WordmlParser(out, counterMain, { kind: 'body' }), mainPath);
  out.writeNotes(notes);
  const { text, blocks } = out.builder.finish();
  out.assignPages(blocks);

  const aliases = new PartyAliases(ctx.options.partyAliases);
  const documentComments: DocumentComment[] = [];
  const idByParaId = new Map<string, string>();
  for (const { container, paragraphs } of comments) {
    const last = paragraphs[paragraphs.length - 1];
    if (last?.paraId) idByParaId.set(last.paraId, container.id);
  }
  for (const { container, paragraphs } of comments) {
    const body = paragraphs
      .map((p) =>
        p.items
          .filter((i): i is { t: 'text'; s: string } => i.t === 'text')
          .map((i) => i.s)
          .join(''),
      )
      .join('\n')
      .trim();
    const comment: DocumentComment = { id: container.id, text: body };
    if (container.author) comment.author = container.author;
    if (container.initials) comment.initials = container.initials;
    if (container.date) comment.date = container.date;
    const anchor = out.commentAnchor(container.id);
    if (anchor) comment.anchor = anchor;
    const holders = aliases.holdersOf(body);
    if (holders.length > 0) comment.holders = holders;
    const last = paragraphs[paragraphs.length - 1];
    const thread = last?.paraId ? commentThreads.get(last.paraId) : undefined;
    if (thread?.parent) {
      const parentId = idByParaId.get(thread.parent);
      if (parentId !== undefined && parentId !== container.id) comment.parentId = parentId;
    }
    if (thread?.done) comment.resolved = true;
    documentComments.push(comment);
  }

  const metadata: DocumentMetadata = {};
  const core = rootRels.find((r) => REL.coreProperties.test(r.type))?.target ?? 'docProps/core.xml';
  readCoreProperties(zip, zip.get(core), ctx, metadata, warnings);
  const app = rootRels.find((r) => REL.extendedProperties.test(r.type))?.target ?? 'docProps/app.xml';
  readAppPages(zip, zip.get(app), ctx, metadata, warnings);
  const lastPage = blocks.reduce((m, b) => Math.max(m, b.page ?? 0), 0);
  if (metadata.pages === undefined && lastPage > 0) metadata.pages = lastPage;

  return {
    type: 'docx',
    name: ctx.name,
    text,
    blocks,
    metadata,
    comments: documentComments,
    revisions: out.revisionsFinal(),
    events: [],
    attachments: [],
    warnings: [...warnings, ...out.warnings],
  };
}

/** Writes paragraphs into the text builder in document order and records marks. */
class Assembler implements ParagraphSink {
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

function commentsExtendedHandlers(out: Map<string, { parent?: string; done: boolean }>): XmlHandlers {
  return {
    open(el) {
      if (el.name !== 'w15:commentEx') return;
      const paraId = el.attrs['w15:paraId'];
      if (!paraId) return;
      const entry: { parent?: string; done: boolean } = { done: isOn(el.attrs['w15:done'] ?? '0') };
      const parent = el.attrs['w15:paraIdParent'];
      if (parent) entry.parent = parent;
      out.set(paraId, entry);
    },
    close() {},
    text() {},
  };
}

function readCoreProperties(
  zip: ZipReader,
  entry: ZipEntry | undefined,
  ctx: ExtractContext,
  metadata: DocumentMetadata,
  warnings: ExtractionWarning[],
): void {
  const fields: Record<string, keyof DocumentMetadata> = {
    'dc:title': 'title',
    'dc:creator': 'author',
    'dc:subject': 'subject',
    'dc:language': 'language',
    'dcterms:created': 'created',
    'dcterms:modified': 'modified',
  };
  let field: keyof DocumentMetadata | undefined;
  let value = '';
  parseOptional(
    zip,
    entry,
    ctx,
    {
      open(el) {
        field = fields[el.name];
        value = '';
      },
      close() {
        if (field && field !== 'pages' && value.trim() !== '') metadata[field] = value.trim();
        field = undefined;
      },
      text(t) {
        if (field) value += t;
      },
    },
    warnings,
  );
}

function readAppPages(
  zip: ZipReader,
  entry: ZipEntry | undefined,
  ctx: ExtractContext,
  metadata: DocumentMetadata,
  warnings: ExtractionWarning[],
): void {
  let inPages = false;
  let value = '';
  parseOptional(
    zip,
    entry,
    ctx,
    {
      open(el) {
        inPages = el.name === 'Pages' || el.name.endsWith(':Pages');
      },
      close() {
        if (inPages) {
          const n = Number.parseInt(value, 10);
          if (Number.isFinite(n) && n > 0) metadata.pages = n;
        }
        inPages = false;
      },
      text(t) {
        if (inPages) value += t;
      },
    },
    warnings,
  );
}

interface Relationship {
  type: string;
  /** Absolute part name without a leading slash. */
  target: string;
}

/** The relationships of a part (`''` for the package root), with targets resolved to part names. */
function readRels(
  zip: ZipReader,
  ctx: ExtractContext,
  part: string,
  warnings: ExtractionWarning[],
): Relationship[] {
  const slash = part.lastIndexOf('/');
  const dir = slash >= 0 ? part.slice(0, slash) : '';
  const file = slash >= 0 ? part.slice(slash + 1) : part;
  const relsPath = `${dir ? `${dir}/` : ''}_rels/${file}.rels`;
  const out: Relationship[] = [];
  parseOptional(
    zip,
    zip.get(relsPath),
    ctx,
    {
      open(el) {
        if (el.name !== 'Relationship' || el.attrs.TargetMode === 'External') return;
        const type = el.attrs.Type;
        const target = el.attrs.Target;
        if (!type || !target) return;
        out.push({ type, target: resolvePartName(dir, target) });
      },
      close() {},
      text() {},
    },
    warnings,
  );
  return out;
}

function resolvePartName(dir: string, target: string): string {
  const parts = target.startsWith('/') ? [] : dir.split('/').filter(Boolean);
  for (const seg of target.replace(/^\//, '').split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function parsePart(
  zip: ZipReader,
  entry: ZipEntry,
  ctx: ExtractContext,
  handlers: XmlHandlers,
  part: string,
): void {
  let stream: XmlStream | undefined;
  zip.read(entry, (chunk) => {
    if (!stream) stream = new XmlStream(ctx.name, part, NAMESPACES, handlers, xmlEncoding(chunk));
    stream.write(chunk);
  });
  if (!stream) {
    throw new RapporteurError('CORRUPT_FILE', `${ctx.name} cannot be read: ${part} is empty.`, {
      hint: 'Open the file in Word or LibreOffice, save it again as .docx and send the new copy.',
    });
  }
  stream.end();
  ctx.check();
}

/**
 * Parses a part that the document can do without (styles, comments, metadata). A
 * damaged optional part becomes a warning; hostile content (a DOCTYPE, a bomb) and
 * limits still stop the whole extraction.
 */
function parseOptional(
  zip: ZipReader,
  entry: ZipEntry | undefined,
  ctx: ExtractContext,
  handlers: XmlHandlers,
  warnings: ExtractionWarning[],
): void {
  if (!entry || entry.size === 0) return;
  try {
    parsePart(zip, entry, ctx, handlers, entry.name);
  } catch (err) {
    if (err instanceof RapporteurError && err.code === 'CORRUPT_FILE' && err.details?.reason !== 'doctype') {
      warnings.push({
        code: 'docx.part-unreadable',
        message: `${entry.name} could not be read and was skipped.`,
      });
      return;
    }
    throw err;
  }
}

function isOn(val: string | undefined): boolean {
  return val === undefined || !(val === '0' || val === 'false' || val === 'off');
}
