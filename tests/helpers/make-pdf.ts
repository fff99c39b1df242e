/**
 * Writes real PDF files (PDF 1.4 syntax, standard Type1 fonts, WinAnsi text) from a small
 * description, and a tiny typesetter that lays paragraphs out over pages the way word
 * processors do: running header and footer, page numbers, footnotes in a smaller font at
 * the bottom of the page with superscript references, hyphenated line breaks.
 */

export type FontName = 'Times-Roman' | 'Times-Bold' | 'Helvetica' | 'Helvetica-Bold';

const FONTS: FontName[] = ['Times-Roman', 'Times-Bold', 'Helvetica', 'Helvetica-Bold'];

/** A run of text on a line; `rise` raises it (superscripts). */
export interface Segment {
  text: string;
  font?: FontName;
  size: number;
  rise?: number;
}

export interface Line {
  x: number;
  y: number;
  segments: Segment[];
}

export interface Page {
  lines: Line[];
  /** Draws a grey image over the page instead of (or besides) text: a scanned page. */
  image?: boolean;
}

export interface PdfSpec {
  pages: Page[];
  info?: { Title?: string; Author?: string; Subject?: string; CreationDate?: string };
  width?: number;
  height?: number;
}

const WIN_ANSI: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  '„': 0x84,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
};

/** A PDF literal string in WinAnsi bytes (as a binary JS string). */
function pdfString(text: string): string {
  let out = '(';
  for (const ch of text) {
    let code = WIN_ANSI[ch] ?? ch.charCodeAt(0);
    if (code > 0xff) code = 0x3f;
    const c = String.fromCharCode(code);
    out += c === '(' || c === ')' || c === '\\' ? `\\${c}` : c;
  }
  return `${out})`;
}

function fontKey(font: FontName): string {
  return `F${FONTS.indexOf(font) + 1}`;
}

function pageContent(page: Page, width: number, height: number): string {
  const parts: string[] = [];
  if (page.image) parts.push(`q ${width - 100} 0 0 ${height - 100} 50 50 cm /Im1 Do Q`);
  for (const line of page.lines) {
    let current = '';
    let body = `BT ${line.x.toFixed(2)} ${line.y.toFixed(2)} Td`;
    for (const seg of line.segments) {
      const font = seg.font ?? 'Times-Roman';
      const key = `${fontKey(font)} ${seg.size}`;
      if (key !== current) {
        body += ` /${fontKey(font)} ${seg.size} Tf`;
        current = key;
      }
      body += ` ${seg.rise ?? 0} Ts ${pdfString(seg.text)} Tj`;
    }
    parts.push(`${body} ET`);
  }
  return parts.join('\n');
}

/** Serialises a PDF with a correct cross-reference table. */
export function makePdf(spec: PdfSpec): Uint8Array {
  const width = spec.width ?? 595;
  const height = spec.height ?? 842;
  const objects: string[] = [];
  const add = (body: string) => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add('');
  const pagesId = add('');
  const fontIds = FONTS.map((f) =>
    add(`<< /Type /Font /Subtype /Type1 /BaseFont /${f} /Encoding /WinAnsiEncoding >>`),
  );
  const pixels = String.fromCharCode(0x80, 0xc0, 0xc0, 0x80);
  const imageId = add(
    `<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${pixels.length} >>\nstream\n${pixels}\nendstream`,
  );
  const fontDict = FONTS.map((f, i) => `/${fontKey(f)} ${fontIds[i]} 0 R`).join(' ');
  const pageIds: number[] = [];
  for (const page of spec.pages) {
    const content = pageContent(page, width, height);
    const contentId = add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    pageIds.push(
      add(
        `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /Font << ${fontDict} >> /XObject << /Im1 ${imageId} 0 R >> >> /Contents ${contentId} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R >>`;
  objects[pagesId - 1] =
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  let infoId: number | undefined;
  if (spec.info) {
    const entries = Object.entries(spec.info)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `/${k} ${pdfString(v as string)}`)
      .join(' ');
    infoId = add(`<< ${entries} >>`);
  }
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${infoId ? ` /Info ${infoId} 0 R` : ''} >>\nstartxref\n${xref}\n%%EOF\n`;
  const bytes = new Uint8Array(out.length);
  for (let i = 0; i < out.length; i++) bytes[i] = out.charCodeAt(i) & 0xff;
  return bytes;
}

// ---------------------------------------------------------------------------------------
// A small typesetter

export interface TypesetParagraph {
  text: string;
  kind?: 'heading' | 'paragraph';
  /** Footnotes referenced at the end of the paragraph's text. */
  footnotes?: string[];
  /** First-line indent in points. */
  indent?: number;
}

export interface TypesetSpec {
  paragraphs: TypesetParagraph[];
  header?: string;
  /** Footer text; `{page}` is replaced by the page number. */
  footer?: string;
  /** Put the page number alone at the bottom centre. */
  pageNumbers?: boolean;
  bodySize?: number;
  noteSize?: number;
  /** Break long words at line ends with a hyphen. */
  hyphenate?: boolean;
  info?: PdfSpec['info'];
  /** Usable text width in points (default 451, A4 with 72pt margins). */
  measure?: number;
}

/** Rough advance width of text in Times at `size` (good enough to fill lines without overflow). */
function estimate(text: string, size: number): number {
  let w = 0;
  for (const ch of text)
    w += /[A-Z]/.test(ch) ? 0.68 : /[mwMW]/.test(ch) ? 0.75 : /[il.,;:'! ]/.test(ch) ? 0.28 : 0.48;
  return w * size;
}

/** Lays out paragraphs over A4 pages and returns the PDF description. */
export function typeset(spec: TypesetSpec): PdfSpec {
  const size = spec.bodySize ?? 11;
  const noteSize = spec.noteSize ?? 8;
  const leading = size * 1.25;
  const left = 72;
  const measure = spec.measure ?? 451;
  const top = 842 - 72;
  const bottom = 90;
  const pages: Page[] = [];
  let page: Page = { lines: [] };
  let notes: { n: number; text: string }[] = [];
  let y = top;
  let noteCounter = 0;

  const noteHeight = (list: { text: string }[]) =>
    list.reduce((h, n) => h + Math.ceil(estimate(n.text, noteSize) / measure + 0.01) * noteSize * 1.2, 0) +
    (list.length > 0 ? 10 : 0);

  const finishPage = () => {
    const number = pages.length + 1;
    if (spec.header) {
      page.lines.unshift({
        x: left,
        y: 842 - 40,
        segments: [{ text: spec.header, size: 9, font: 'Helvetica' }],
      });
    }
    let ny = bottom + noteHeight(notes) - 10 - noteSize;
    for (const note of notes) {
      const words = note.text.split(' ');
      let first = true;
      let line: string[] = [];
      const flush = () => {
        const segments: Segment[] = first
          ? [
              { text: String(note.n), size: noteSize * 0.7, rise: 3 },
              { text: ` ${line.join(' ')}`, size: noteSize },
            ]
          : [{ text: line.join(' '), size: noteSize }];
        page.lines.push({ x: left, y: ny, segments });
        ny -= noteSize * 1.2;
        first = false;
        line = [];
      };
      for (const w of words) {
        if (estimate([...line, w].join(' '), noteSize) > measure - 10 && line.length > 0) flush();
        line.push(w);
      }
      if (line.length > 0) flush();
    }
    if (spec.footer) {
      page.lines.push({
        x: left,
        y: 40,
        segments: [{ text: spec.footer.replace('{page}', String(number)), size: 9, font: 'Helvetica' }],
      });
    }
    if (spec.pageNumbers) {
      page.lines.push({ x: 295, y: 28, segments: [{ text: String(number), size: 9, font: 'Helvetica' }] });
    }
    pages.push(page);
    page = { lines: [] };
    notes = [];
    y = top;
  };

  for (const para of spec.paragraphs) {
    const heading = para.kind === 'heading';
    const fontSize = heading ? size * 1.3 : size;
    const font: FontName = heading ? 'Times-Bold' : 'Times-Roman';
    const paraNotes = (para.footnotes ?? []).map((text) => ({ n: ++noteCounter, text }));
    const words = para.text.split(/\s+/).filter(Boolean);
    const lines: string[][] = [];
    let line: string[] = [];
    const width = (ws: string[], first: boolean) =>
      estimate(ws.join(' '), fontSize) + (first ? (para.indent ?? 0) : 0);
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      const first = lines.length === 0;
      if (line.length > 0 && width([...line, w], first) > measure) {
        if (spec.hyphenate && w.length >= 9 && !w.includes('-')) {
          // Break the word so its head still fits, with a hyphen at the line end.
          let cut = w.length - 3;
          while (cut > 3 && width([...line, `${w.slice(0, cut)}-`], first) > measure) cut--;
          if (cut > 3) {
            line.push(`${w.slice(0, cut)}-`);
            lines.push(line);
            line = [w.slice(cut)];
            continue;
          }
        }
        lines.push(line);
        line = [];
      }
      line.push(w);
    }
    if (line.length > 0) lines.push(line);
    lines.forEach((ws, i) => {
      const reserve = noteHeight([...notes, ...(i === lines.length - 1 ? paraNotes : [])]);
      if (y - leading < bottom + reserve) finishPage();
      const segments: Segment[] = [{ text: ws.join(' '), size: fontSize, font }];
      if (i === lines.length - 1) {
        for (const note of paraNotes)
          segments.push({ text: String(note.n), size: size * 0.65, rise: 4, font });
      }
      page.lines.push({ x: left + (i === 0 ? (para.indent ?? 0) : 0), y, segments });
      y -= leading;
    });
    notes.push(...paraNotes);
    y -= heading ? leading * 0.6 : leading * 0.7;
  }
  if (page.lines.length > 0 || notes.length > 0) finishPage();
  const out: PdfSpec = { pages };
  if (spec.info) out.info = spec.info;
  return out;
}
