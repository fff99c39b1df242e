import { strToU8, type Zippable, zipSync } from 'fflate';

/**
 * Builds real DOCX files (OOXML in a ZIP, written with fflate) from a small description,
 * so tests exercise the reader on the same structures Word writes: styles, numbering,
 * comments with replies, tracked changes, footnotes, tables, page breaks.
 */

export interface Revision {
  author: string;
  date?: string;
}

export interface CommentSpec {
  id: number;
  author: string;
  date?: string;
  initials?: string;
  /** Paragraphs of the comment's text. */
  text: string | string[];
  /** Id of the comment this one answers (written to commentsExtended.xml). */
  replyTo?: number;
  done?: boolean;
}

export type Piece =
  | string
  | { ins: string; by: Revision }
  | { del: string; by: Revision }
  | { moveFrom: string; by: Revision }
  | { moveTo: string; by: Revision }
  /** Text with a comment range around it (the comment itself is listed in `DocxSpec.comments`). */
  | { commented: Piece[]; comment: number }
  | { footnote: string }
  | { hidden: string }
  | { tab: true }
  | { br: 'line' | 'page' }
  | { renderedPageBreak: true }
  /** Raw WordprocessingML inserted as is. */
  | { xml: string };

export interface ParagraphSpec {
  pieces: Piece[];
  /** A style id from the built-in styles: Title, Heading1..Heading3, ListParagraph, Normal. */
  style?: string;
  /** List membership: numId 1 = "1." / "(a)" / "(i)", numId 2 = bullets, numId 3 = restarts list 1. */
  list?: { numId: number; level?: number };
  pageBreakBefore?: boolean;
}

export interface TableSpec {
  rows: (string | ParagraphSpec[])[][];
}

export interface DocxSpec {
  title?: string;
  author?: string;
  created?: string;
  modified?: string;
  body: (ParagraphSpec | TableSpec | string)[];
  comments?: CommentSpec[];
  /** Replaces the generated word/document.xml (for hostile fixtures). */
  documentXml?: string;
  /** Extra or replacement parts, path -> content. */
  parts?: Record<string, string | Uint8Array>;
  /** Bind the WordprocessingML namespace to this prefix instead of `w` (readers must not care). */
  prefix?: string;
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function run(text: string, tag = 't', rPr = ''): string {
  return `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:${tag} xml:space="preserve">${esc(text)}</w:${tag}></w:r>`;
}

function revAttrs(id: number, by: Revision): string {
  return `w:id="${id}" w:author="${esc(by.author)}"${by.date ? ` w:date="${by.date}"` : ''}`;
}

class Writer {
  private revId = 100;
  footnotes: string[] = [];

  pieces(pieces: Piece[]): string {
    return pieces.map((p) => this.piece(p)).join('');
  }

  piece(p: Piece): string {
    if (typeof p === 'string') return run(p);
    if ('ins' in p) return `<w:ins ${revAttrs(this.revId++, p.by)}>${run(p.ins)}</w:ins>`;
    if ('del' in p) return `<w:del ${revAttrs(this.revId++, p.by)}>${run(p.del, 'delText')}</w:del>`;
    if ('moveFrom' in p)
      return `<w:moveFrom ${revAttrs(this.revId++, p.by)}>${run(p.moveFrom, 'delText')}</w:moveFrom>`;
    if ('moveTo' in p) return `<w:moveTo ${revAttrs(this.revId++, p.by)}>${run(p.moveTo)}</w:moveTo>`;
    if ('commented' in p) {
      return `<w:commentRangeStart w:id="${p.comment}"/>${this.pieces(p.commented)}<w:commentRangeEnd w:id="${p.comment}"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="${p.comment}"/></w:r>`;
    }
    if ('footnote' in p) {
      this.footnotes.push(p.footnote);
      const id = this.footnotes.length;
      return `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="${id}"/></w:r>`;
    }
    if ('hidden' in p) return run(p.hidden, 't', '<w:vanish/>');
    if ('tab' in p) return '<w:r><w:tab/></w:r>';
    if ('br' in p) return p.br === 'page' ? '<w:r><w:br w:type="page"/></w:r>' : '<w:r><w:br/></w:r>';
    if ('renderedPageBreak' in p) return '<w:r><w:lastRenderedPageBreak/></w:r>';
    return p.xml;
  }

  paragraph(p: ParagraphSpec | string, paraId?: string): string {
    const spec: ParagraphSpec = typeof p === 'string' ? { pieces: [p] } : p;
    const pPr = [
      spec.style ? `<w:pStyle w:val="${spec.style}"/>` : '',
      spec.pageBreakBefore ? '<w:pageBreakBefore/>' : '',
      spec.list
        ? `<w:numPr><w:ilvl w:val="${spec.list.level ?? 0}"/><w:numId w:val="${spec.list.numId}"/></w:numPr>`
        : '',
    ].join('');
    return `<w:p${paraId ? ` w14:paraId="${paraId}"` : ''}>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${this.pieces(spec.pieces)}</w:p>`;
  }

  table(t: TableSpec): string {
    const rows = t.rows
      .map(
        (row) =>
          `<w:tr>${row
            .map((cell) => {
              const paras =
                typeof cell === 'string' ? [this.paragraph(cell)] : cell.map((c) => this.paragraph(c));
              return `<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>${paras.join('')}</w:tc>`;
            })
            .join('')}</w:tr>`,
      )
      .join('');
    return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid/>${rows}</w:tbl>`;
  }
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="OperativePara"><w:name w:val="Operative Paragraph"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
</w:styles>`;

const NUMBERING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="${W}">
<w:abstractNum w:abstractNumId="10"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%3)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="20"><w:multiLevelType w:val="hybridMultilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uF0B7"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="30"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1.%2"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="10"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="30"/></w:num>
</w:numbering>`;

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>
<Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>`;

const DOC_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>
<Relationship Id="rId4" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/>
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>
<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/" TargetMode="External"/>
</Relationships>`;

/** The XML parts of a DOCX described by `spec` (before zipping), for tests that tamper with them. */
export function docxParts(spec: DocxSpec): Record<string, string | Uint8Array> {
  const w = new Writer();
  const body = spec.body
    .map((b) => (typeof b === 'object' && 'rows' in b ? w.table(b) : w.paragraph(b)))
    .join('\n');
  const documentXml =
    spec.documentXml ??
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>
${body}
<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`;

  const comments = spec.comments ?? [];
  let paraSeq = 0x1000;
  const paraIds = new Map<number, string>();
  const commentsXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="${W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">${comments
    .map((c) => {
      const paras = Array.isArray(c.text) ? c.text : [c.text];
      const xml = paras
        .map((t, i) => {
          const id = (paraSeq++).toString(16).toUpperCase().padStart(8, '0');
          if (i === paras.length - 1) paraIds.set(c.id, id);
          const ref =
            i === 0 ? '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>' : '';
          return `<w:p w14:paraId="${id}">${ref}${run(t)}</w:p>`;
        })
        .join('');
      return `<w:comment w:id="${c.id}" w:author="${esc(c.author)}"${c.date ? ` w:date="${c.date}"` : ''}${c.initials ? ` w:initials="${esc(c.initials)}"` : ''}>${xml}</w:comment>`;
    })
    .join('')}</w:comments>`;
  const commentsExtendedXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">${comments
    .map((c) => {
      const parent = c.replyTo !== undefined ? paraIds.get(c.replyTo) : undefined;
      return `<w15:commentEx w15:paraId="${paraIds.get(c.id)}"${parent ? ` w15:paraIdParent="${parent}"` : ''} w15:done="${c.done ? 1 : 0}"/>`;
    })
    .join('')}</w15:commentsEx>`;
  const footnotesXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="${W}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
${w.footnotes
  .map(
    (f, i) =>
      `<w:footnote w:id="${i + 1}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>${run(` ${f}`)}</w:p></w:footnote>`,
  )
  .join('\n')}
</w:footnotes>`;
  const coreXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${spec.title ? `<dc:title>${esc(spec.title)}</dc:title>` : ''}${spec.author ? `<dc:creator>${esc(spec.author)}</dc:creator>` : ''}${spec.created ? `<dcterms:created xsi:type="dcterms:W3CDTF">${spec.created}</dcterms:created>` : ''}${spec.modified ? `<dcterms:modified xsi:type="dcterms:W3CDTF">${spec.modified}</dcterms:modified>` : ''}</cp:coreProperties>`;

  let parts: Record<string, string | Uint8Array> = {
    '[Content_Types].xml': CONTENT_TYPES,
    '_rels/.rels': ROOT_RELS,
    'word/_rels/document.xml.rels': DOC_RELS,
    'word/document.xml': documentXml,
    'word/styles.xml': STYLES,
    'word/numbering.xml': NUMBERING,
    'word/comments.xml': commentsXml,
    'word/commentsExtended.xml': commentsExtendedXml,
    'word/footnotes.xml': footnotesXml,
    'docProps/core.xml': coreXml,
  };
  if (spec.prefix) {
    // Same document with the main namespace bound to another prefix.
    const p = spec.prefix;
    parts = Object.fromEntries(
      Object.entries(parts).map(([k, v]) => [
        k,
        typeof v === 'string' && k.startsWith('word/') && !k.includes('_rels')
          ? v
              .replace(/(<\/?)w:/g, `$1${p}:`)
              .replace(/ w:/g, ` ${p}:`)
              .replace(/xmlns:w=/g, `xmlns:${p}=`)
          : v,
      ]),
    );
  }
  return { ...parts, ...(spec.parts ?? {}) };
}

/** A complete DOCX file as bytes. */
export function makeDocx(spec: DocxSpec): Uint8Array {
  return zipParts(docxParts(spec));
}

/** Zips parts as a DOCX (DEFLATE, `[Content_Types].xml` first, as Word does). */
export function zipParts(parts: Record<string, string | Uint8Array>): Uint8Array {
  const files: Zippable = {};
  for (const [name, content] of Object.entries(parts)) {
    files[name] = typeof content === 'string' ? strToU8(content) : content;
  }
  return zipSync(files, { level: 6, mtime: new Date('2014-06-01T12:00:00Z') });
}

// ---------------------------------------------------------------------------------------
// Raw ZIP and DEFLATE writers for hostile fixtures

export interface RawEntry {
  name: string;
  /** Data as stored (already compressed when method is 8). */
  data: Uint8Array;
  method: 0 | 8;
  /** The uncompressed size to declare, true or not. */
  declaredSize: number;
}

/** A ZIP archive written byte by byte, declaring whatever sizes it is told to (CRCs are left zero). */
export function zipRaw(entries: RawEntry[]): Uint8Array {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = encoder.encode(e.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, e.method, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.declaredSize, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, e.method, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, e.declaredSize, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    chunks.push(local, e.data);
    central.push(cd);
    offset += local.length + e.data.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, Math.min(entries.length, 0xffff), true);
  ev.setUint16(10, Math.min(entries.length, 0xffff), true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const all = [...chunks, ...central, eocd];
  const out = new Uint8Array(all.reduce((n, c) => n + c.length, 0));
  let p = 0;
  for (const c of all) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/**
 * A raw DEFLATE stream that inflates to `total` copies of `byte`, written directly with
 * the fixed Huffman code: one literal, then "copy 258 bytes from distance 1" over and
 * over (13 bits for every 258 bytes, about 159:1). Building a 1 GiB bomb this way takes
 * milliseconds instead of compressing a gigabyte.
 */
export function deflateRepeated(byte: number, total: number): Uint8Array {
  const repeats = Math.floor((total - 1) / 258);
  const tail = total - 1 - repeats * 258;
  const out = new Uint8Array(Math.ceil((3 + 9 + repeats * 13 + tail * 9 + 7) / 8) + 1);
  let bitPos = 0;
  const writeBits = (value: number, count: number) => {
    for (let i = 0; i < count; i++) {
      if ((value >> i) & 1) out[bitPos >> 3] = (out[bitPos >> 3] as number) | (1 << (bitPos & 7));
      bitPos++;
    }
  };
  // Huffman codes go most significant bit first.
  const writeCode = (code: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) writeBits((code >> i) & 1, 1);
  };
  const literal = (b: number) => (b < 144 ? writeCode(0x30 + b, 8) : writeCode(0x190 + b - 144, 9));
  writeBits(1, 1); // BFINAL
  writeBits(1, 2); // BTYPE = 01, fixed Huffman
  literal(byte);
  for (let i = 0; i < repeats; i++) {
    writeCode(0xc5, 8); // length symbol 285 = 258 bytes
    writeCode(0, 5); // distance code 0 = distance 1
  }
  for (let i = 0; i < tail; i++) literal(byte);
  writeCode(0, 7); // end of block (symbol 256)
  return out.subarray(0, (bitPos + 7) >> 3);
}
