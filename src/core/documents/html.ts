import iconv from 'iconv-lite';
import { type BlockExtra, type Mark, TextBuilder } from './builder.js';
import { formatNumber } from './docx-numbering.js';
import { decodeText } from './encoding.js';
import { type DomNode, MetadataCollector } from './html-metadata.js';
import { parseHtml } from './html-parse.js';
import type { ExtractContext } from './options.js';
import type { Block, BlockKind, Document, DocumentRevision } from './types.js';

/** Never text: code, styling, embedded objects, navigation, form controls and the head. */
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'canvas',
  'iframe',
  'object',
  'embed',
  'nav',
  'select',
  'button',
  'input',
  'textarea',
  'head',
  'title',
]);

/** Elements and attributes that hide their content from readers. */
function hidden(tag: string, attrs: Record<string, string>): boolean {
  if (DROPPED.has(tag)) return true;
  if (attrs.hidden !== undefined || attrs['aria-hidden'] === 'true' || attrs.role === 'navigation')
    return true;
  const style = attrs.style;
  return style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

/** Elements that end the running paragraph. */
const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'main',
  'menu',
  'ol',
  'p',
  'section',
  'summary',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'ul',
  'caption',
]);

/** A semantic container whose inner paragraphs join into one block (a list item, a cell, a heading). */
interface Frame {
  kind: BlockKind;
  extra: BlockExtra;
  written: boolean;
}

interface ListState {
  ordered: boolean;
  next: number;
  step: number;
  format: string;
}

interface TableState {
  index: number;
  row: number;
  column: number;
}

/** Reads an HTML file: decodes it (BOM, declared charset, UTF-8, or a detected legacy encoding) and walks it. */
export function readHtml(bytes: Uint8Array, ctx: ExtractContext): Document {
  return htmlToDocument(decodeHtml(bytes, ctx), ctx);
}

/**
 * HTML text -> blocks: scripts, styles, navigation and hidden elements dropped;
 * whitespace collapsed inside blocks and block boundaries respected; headings, list items
 * (with `<ol>` numbering as the browser would show it), table cells and `<pre>` kept;
 * `<ins>`/`<del>` become revisions (deleted text is not part of the text).
 */
export function htmlToDocument(html: string, ctx: ExtractContext): Document {
  // No selector engine (cheerio's walks deep trees in quadratic time): metadata and hidden
  // elements are handled in the single iterative walk below.
  const root = parseHtml(html);
  const walker = new HtmlWalker();
  walker.walk(root);
  const { text, blocks, revisions } = walker.finish();
  return {
    type: 'html',
    name: ctx.name,
    text,
    blocks,
    metadata: walker.meta.result(),
    comments: [],
    revisions,
    events: [],
    attachments: [],
    warnings: [],
  };
}

interface OpenRevision {
  kind: 'insert' | 'delete';
  start: Mark;
  end?: Mark;
  text: string;
  date?: string;
}

/**
 * One iterative walk over the DOM (no recursion: pages nest deeper than the call stack),
 * writing blocks as a browser would lay them out.
 */
class HtmlWalker {
  readonly meta = new MetadataCollector();
  private readonly builder = new TextBuilder();
  private readonly frames: Frame[] = [];
  private readonly lists: ListState[] = [];
  private readonly tables: TableState[] = [];
  private readonly revisions: OpenRevision[] = [];
  private readonly openRevs: OpenRevision[] = [];
  private tableCount = 0;
  private pendingSpace = false;
  // Whether the open block ends in whitespace / a line break; tracked rather than re-read from the builder.
  private endsSpace = true;
  private endsNewline = true;
  private pre = 0;
  private deleting = 0;

  walk(root: DomNode): void {
    type Step = { node: DomNode; exit: boolean };
    const stack: Step[] = [{ node: root, exit: false }];
    while (stack.length > 0) {
      const { node, exit } = stack.pop() as Step;
      if (node.type === 'text') {
        this.appendText(node.data ?? '');
        continue;
      }
      if (node.type === 'cdata') {
        for (const child of node.children ?? []) if (child.type === 'text') this.appendText(child.data ?? '');
        continue;
      }
      if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style' && node.type !== 'root')
        continue;
      const tag = (node.name ?? '').toLowerCase();
      if (exit) {
        this.leave(tag);
        continue;
      }
      const attrs = node.attribs ?? {};
      this.meta.see(tag, attrs, node);
      if (hidden(tag, attrs)) {
        if (tag === 'head') this.meta.scan(node);
        continue;
      }
      this.enter(tag, node);
      stack.push({ node, exit: true });
      const children = node.children ?? [];
      for (let i = children.length - 1; i >= 0; i--)
        stack.push({ node: children[i] as DomNode, exit: false });
    }
    this.flush();
  }

  finish(): { text: string; blocks: Block[]; revisions: DocumentRevision[] } {
    const { text, blocks } = this.builder.finish();
    const revisions: DocumentRevision[] = [];
    for (const r of this.revisions) {
      const anchor = this.builder.anchor(r.start, r.kind === 'insert' ? (r.end ?? r.start) : r.start);
      const revText = r.kind === 'insert' ? anchor.text : r.text.trim();
      if (revText.trim() === '') continue;
      const rev: DocumentRevision = { kind: r.kind, text: revText, anchor };
      if (r.date) rev.date = r.date;
      revisions.push(rev);
    }
    return { text, blocks, revisions };
  }

  private frame(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }

  private flush(): void {
    this.pendingSpace = false;
    if (this.builder.openLength === 0) return;
    const f = this.frame();
    if (!f) {
      this.builder.end(this.pre > 0 ? 'code' : 'paragraph');
      return;
    }
    // A list item split by a nested block keeps its number on the first piece only.
    const extra: BlockExtra = { ...f.extra };
    if (f.written) delete extra.numbering;
    if (this.builder.end(f.kind, extra) >= 0) f.written = true;
  }

  private appendText(raw: string): void {
    const builder = this.builder;
    if (this.deleting > 0) {
      const rev = this.openRevs[this.openRevs.length - 1];
      if (rev) rev.text += this.pre > 0 ? raw : raw.replace(/\s+/g, ' ');
      return;
    }
    if (this.pre > 0) {
      builder.append(raw);
      if (raw !== '') {
        this.endsSpace = /\s$/.test(raw);
        this.endsNewline = raw.endsWith('\n');
      }
      return;
    }
    const collapsed = raw.replace(/[ \t\n\r\f\u00a0]+/g, ' ');
    if (collapsed === ' ' || collapsed === '') {
      if (collapsed === ' ' && builder.openLength > 0) this.pendingSpace = true;
      return;
    }
    const lead = collapsed.startsWith(' ');
    const body = collapsed.trim();
    if ((this.pendingSpace || lead) && builder.openLength > 0 && !this.endsSpace) builder.append(' ');
    builder.append(body);
    this.endsSpace = false;
    this.endsNewline = false;
    this.pendingSpace = collapsed.endsWith(' ');
  }

  private newline(): void {
    this.pendingSpace = false;
    if (this.builder.openLength > 0 && !this.endsNewline) {
      this.builder.append('\n');
      this.endsSpace = true;
      this.endsNewline = true;
    }
  }

  private enter(tag: string, node: DomNode): void {
    const attrs = node.attribs ?? {};
    if (/^h[1-6]$/.test(tag)) {
      this.flush();
      this.frames.push({ kind: 'heading', extra: { level: Number(tag[1]), style: tag }, written: false });
      return;
    }
    switch (tag) {
      case 'br':
        this.newline();
        return;
      case 'pre':
        this.flush();
        this.pre++;
        return;
      case 'ol':
      case 'ul':
        this.flush();
        this.lists.push(listState(tag, attrs, node));
        return;
      case 'li':
        this.flush();
        this.frames.push(this.listItem(attrs));
        return;
      case 'table':
        this.flush();
        this.tables.push({ index: this.tableCount++, row: -1, column: 0 });
        return;
      case 'tr': {
        this.flush();
        const t = this.tables[this.tables.length - 1];
        if (t) {
          t.row++;
          t.column = 0;
        }
        return;
      }
      case 'td':
      case 'th':
        this.flush();
        this.frames.push(this.cell(tag, attrs));
        return;
      case 'ins':
      case 'del':
        this.openRevision(tag, attrs);
        return;
    }
    if (BLOCK_TAGS.has(tag)) {
      // Inside a list item or cell, paragraphs join the same block on new lines.
      if (this.frames.length > 0) this.newline();
      else this.flush();
    }
  }

  private listItem(attrs: Record<string, string>): Frame {
    const list = this.lists[this.lists.length - 1];
    const value = Number.parseInt(attrs.value ?? '', 10);
    let numbering = '•';
    if (list?.ordered) {
      if (Number.isFinite(value)) list.next = value;
      numbering = `${formatNumber(list.next, list.format)}.`;
      list.next += list.step;
    }
    return {
      kind: 'list-item',
      extra: { level: Math.max(1, this.lists.length), numbering, style: 'li' },
      written: false,
    };
  }

  private cell(tag: string, attrs: Record<string, string>): Frame {
    const t = this.tables[this.tables.length - 1];
    const cell = t ? { table: t.index, row: Math.max(0, t.row), column: t.column } : undefined;
    if (t) t.column += Math.max(1, Number.parseInt(attrs.colspan ?? '1', 10) || 1);
    return { kind: 'table-cell', extra: cell ? { cell, style: tag } : { style: tag }, written: false };
  }

  private openRevision(tag: 'ins' | 'del', attrs: Record<string, string>): void {
    if (this.pendingSpace && this.builder.openLength > 0 && this.deleting === 0 && !this.endsSpace) {
      this.builder.append(' ');
      this.endsSpace = true;
      this.endsNewline = false;
      this.pendingSpace = false;
    }
    const rev: OpenRevision = {
      kind: tag === 'ins' ? 'insert' : 'delete',
      start: this.builder.mark(),
      text: '',
    };
    if (attrs.datetime) rev.date = attrs.datetime;
    this.revisions.push(rev);
    this.openRevs.push(rev);
    if (tag === 'del') this.deleting++;
  }

  private leave(tag: string): void {
    if (/^h[1-6]$/.test(tag) || tag === 'li' || tag === 'td' || tag === 'th') {
      this.flush();
      this.frames.pop();
      return;
    }
    switch (tag) {
      case 'pre':
        this.flush();
        this.pre = Math.max(0, this.pre - 1);
        return;
      case 'ol':
      case 'ul':
        this.flush();
        this.lists.pop();
        return;
      case 'table':
        this.flush();
        this.tables.pop();
        return;
      case 'ins':
      case 'del': {
        const rev = this.openRevs.pop();
        if (rev) rev.end = this.builder.mark();
        if (tag === 'del') this.deleting = Math.max(0, this.deleting - 1);
        return;
      }
    }
    if (BLOCK_TAGS.has(tag)) {
      if (this.frames.length > 0) this.newline();
      else this.flush();
    }
  }
}

/** An `<ol>` or `<ul>` as the browser numbers it: start, reversed, type. */
function listState(tag: 'ol' | 'ul', attrs: Record<string, string>, node: DomNode): ListState {
  const ordered = tag === 'ol';
  const reversed = ordered && attrs.reversed !== undefined;
  const start = Number.parseInt(attrs.start ?? '', 10);
  return {
    ordered,
    next: Number.isFinite(start) ? start : reversed ? countItems(node) : 1,
    step: reversed ? -1 : 1,
    format: listFormat(attrs.type),
  };
}

function listFormat(type: string | undefined): string {
  switch (type) {
    case 'a':
      return 'lowerLetter';
    case 'A':
      return 'upperLetter';
    case 'i':
      return 'lowerRoman';
    case 'I':
      return 'upperRoman';
    default:
      return 'decimal';
  }
}

function countItems(node: DomNode): number {
  return (node.children ?? []).filter((c) => c.type === 'tag' && c.name?.toLowerCase() === 'li').length;
}

/**
 * Decodes HTML bytes: a byte-order mark wins, then a charset declared in a `<meta>` tag
 * in the first KiB, then the transport's content type, then strict UTF-8, then a detected
 * legacy encoding (refused when it cannot be recognised).
 */
export function decodeHtml(bytes: Uint8Array, ctx: ExtractContext): string {
  if ((bytes[0] === 0xef && bytes[1] === 0xbb) || bytes[0] === 0xff || bytes[0] === 0xfe) {
    return decodeText(bytes, ctx.name).text;
  }
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const declared =
    /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ??
    /charset\s*=\s*"?([\w-]+)/i.exec(ctx.options.contentType ?? '')?.[1];
  if (declared) {
    const label = declared.toLowerCase();
    if (label === 'utf-8' || label === 'utf8') {
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        // Declared UTF-8 but is not: the detection below beats U+FFFD noise.
      }
    } else if (iconv.encodingExists(label)) {
      // iconv-lite rather than TextDecoder: Node's TextDecoder decodes windows-1252 as Latin-1.
      return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), label);
    }
  }
  return decodeText(bytes, ctx.name).text;
}
