import type { Inline, Reply, ReplySection, RichText, TimeInline } from './reply.js';

/**
 * What {@link mapReplyText} does to each kind of piece a reader sees. A kind without a
 * function is left as it is.
 */
export interface ReplyTextMap {
  /** Plain text: the title, headings, strings of rich text, strong and emphasised pieces, the footer. */
  text?(text: string): string;
  /** Code pieces. */
  code?(code: string): string;
  /** The labels of links (never their targets). */
  linkLabel?(label: string): string;
  /** Time pieces, replaced by what this returns (text, for a renderer that cannot localise). */
  time?(piece: TimeInline): Inline;
}

/**
 * The one walker over a Reply for every renderer (mention names, times as text): it visits
 * every piece of text people read, in the title, summary, sections (heading, body, items,
 * fields, table, columns) and footer, and never the attachments or actions.
 */
export function mapReplyText(reply: Reply, map: ReplyTextMap): Reply {
  const text = map.text ?? ((t: string) => t);
  const inline = (p: Inline): Inline => {
    if (typeof p === 'string') return text(p);
    if ('strong' in p) return map.text ? { strong: text(p.strong) } : p;
    if ('em' in p) return map.text ? { em: text(p.em) } : p;
    if ('code' in p) return map.code ? { code: map.code(p.code) } : p;
    if ('link' in p) {
      return p.label === undefined || !map.linkLabel ? p : { link: p.link, label: map.linkLabel(p.label) };
    }
    if ('time' in p) return map.time ? map.time(p) : p;
    return p;
  };
  const rich = (t: RichText): RichText => (typeof t === 'string' ? text(t) : t.map(inline));
  const section = (s: ReplySection): ReplySection => ({
    ...s,
    ...(s.heading === undefined ? {} : { heading: text(s.heading) }),
    ...(s.body === undefined ? {} : { body: rich(s.body) }),
    ...(s.items === undefined ? {} : { items: s.items.map(rich) }),
    ...(s.fields === undefined
      ? {}
      : { fields: s.fields.map((f) => ({ ...f, name: text(f.name), value: rich(f.value) })) }),
    ...(s.table === undefined
      ? {}
      : {
          table: {
            ...s.table,
            columns: s.table.columns.map(text),
            rows: s.table.rows.map((row) => row.map(rich)),
          },
        }),
    ...(s.columns === undefined
      ? {}
      : { columns: s.columns.map((c) => ({ ...c, heading: text(c.heading), items: c.items.map(rich) })) }),
  });
  return {
    ...reply,
    title: text(reply.title),
    ...(reply.summary === undefined ? {} : { summary: rich(reply.summary) }),
    sections: reply.sections.map(section),
    ...(reply.footer === undefined ? {} : { footer: text(reply.footer) }),
  };
}
