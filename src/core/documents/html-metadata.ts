import { setPresent } from './present.js';
import type { DocumentMetadata } from './types.js';

/** The parts of a DOM node the walker reads (domhandler's shape, kept structural). */
export interface DomNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  data?: string;
}

/** Title, author, description, dates and language, from wherever the page states them. */
export class MetadataCollector {
  private title?: string;
  private readonly metas = new Map<string, string>();
  private lang?: string;
  private time?: string;

  see(tag: string, attrs: Record<string, string>, node: DomNode): void {
    if (tag === 'title' && this.title === undefined) {
      const text = textOf(node).replace(/\s+/g, ' ').trim();
      if (text) this.title = text;
    } else if (tag === 'meta') {
      const key = (attrs.name ?? attrs.property ?? attrs.itemprop ?? '').toLowerCase();
      const content = attrs.content?.trim();
      if (key && content && !this.metas.has(key)) this.metas.set(key, content);
    } else if (tag === 'html' && attrs.lang?.trim()) {
      this.lang = attrs.lang.trim();
    } else if (tag === 'time' && attrs.datetime && this.time === undefined) {
      this.time = attrs.datetime;
    } else if (attrs.itemprop === 'datePublished' && attrs.content && !this.metas.has('datepublished')) {
      this.metas.set('datepublished', attrs.content);
    }
  }

  /** Visits a subtree that is not text (the head) for its metadata elements. */
  scan(node: DomNode): void {
    const stack = [...(node.children ?? [])].reverse();
    while (stack.length > 0) {
      const n = stack.pop() as DomNode;
      if (n.type !== 'tag') continue;
      this.see((n.name ?? '').toLowerCase(), n.attribs ?? {}, n);
      const children = n.children ?? [];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as DomNode);
    }
  }

  result(): DocumentMetadata {
    const m = (...keys: string[]) => keys.map((k) => this.metas.get(k)).find((v) => v !== undefined);
    return setPresent<DocumentMetadata>(
      {},
      {
        title: this.title ?? m('og:title'),
        author: m('author', 'dc.creator'),
        subject: m('description', 'og:description'),
        date: m('date', 'dcterms.date', 'dc.date', 'article:published_time', 'datepublished') ?? this.time,
        modified: m('article:modified_time', 'last-modified'),
        language: this.lang,
      },
    );
  }
}

/** Concatenated text of a small subtree (a title), iteratively. */
function textOf(node: DomNode): string {
  let out = '';
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop() as DomNode;
    if (n.type === 'text') out += n.data ?? '';
    const children = n.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as DomNode);
  }
  return out;
}
