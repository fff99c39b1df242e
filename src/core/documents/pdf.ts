import { messageOf, RapporteurError } from '../errors.js';
import { TextBuilder } from './builder.js';
import type { ExtractContext } from './options.js';
import { checkPdfInflation } from './pdf-budget.js';
import { layoutPages, type PageText, type TextRun } from './pdf-layout.js';
import { setPresent } from './present.js';
import type { Document, DocumentMetadata, ExtractionWarning } from './types.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjs: Promise<PdfJs> | undefined;

/**
 * pdf.js, loaded once on first use. The legacy build runs on Node without a DOM; its
 * worker side is loaded into this thread too, so no worker file is fetched and the
 * "fake worker" parses here: the extraction sandbox's thread is the isolation.
 *
 * Both bundles carry core-js polyfills that *replace* some native built-ins process-wide
 * when its feature tests fail on Node 20 (measured: JSON.stringify about 10x and
 * Array.prototype.push 2x slower afterwards, for every module in the process). The
 * polyfills that add missing features stay; replaced natives are put back.
 */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    const natives = snapshotBuiltins();
    const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
    await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    natives.restore();
    return lib;
  })();
  return pdfjs;
}

/** The built-in objects whose native methods a polyfill bundle may overwrite. */
function builtinHolders(): object[] {
  const typed = Object.getPrototypeOf(Uint8Array.prototype) as object;
  return [
    Array,
    Array.prototype,
    Object,
    Object.prototype,
    Function.prototype,
    String,
    String.prototype,
    Number,
    Number.prototype,
    Promise,
    Promise.prototype,
    Map,
    Map.prototype,
    Set,
    Set.prototype,
    WeakMap.prototype,
    RegExp.prototype,
    Date.prototype,
    ArrayBuffer,
    ArrayBuffer.prototype,
    typed,
    Uint8Array,
    Uint8Array.prototype,
    JSON,
    Math,
    Reflect,
    Symbol,
    Error,
  ];
}

function snapshotBuiltins(): { restore(): void } {
  const saved = builtinHolders().map((holder) => {
    const own = new Map<PropertyKey, PropertyDescriptor>();
    for (const key of Reflect.ownKeys(holder)) {
      const d = Object.getOwnPropertyDescriptor(holder, key);
      if (d && typeof d.value === 'function') own.set(key, d);
    }
    return { holder, own };
  });
  return {
    restore() {
      for (const { holder, own } of saved) {
        for (const [key, d] of own) {
          const now = Object.getOwnPropertyDescriptor(holder, key);
          if (now?.value !== d.value && now?.configurable !== false) Object.defineProperty(holder, key, d);
        }
      }
    },
  };
}

/** Pages read concurrently; more gains nothing measurable and holds more pages in memory. */
const PAGES_IN_FLIGHT = 4;

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  hasEOL?: boolean;
}

/**
 * Reads a PDF's text layer page by page and rebuilds paragraphs (see pdf-layout.ts).
 * Encrypted files are ENCRYPTED, files without any text layer NO_TEXT, damaged files
 * CORRUPT_FILE, and more pages than the limit LIMIT_EXCEEDED, each with what to do.
 */
export async function readPdf(bytes: Uint8Array, ctx: ExtractContext): Promise<Document> {
  const lib = await loadPdfJs();
  await checkPdfInflation(bytes, ctx);
  const task = lib.getDocument({
    // pdf.js takes ownership of the buffer it is given and refuses Node Buffers: hand it a
    // plain Uint8Array copy (`Buffer#slice` would be a Buffer view of the caller's memory).
    data: new Uint8Array(bytes),
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
    disableAutoFetch: true,
    disableStream: true,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => {});
    throw openError(err, ctx.name, bytes);
  }
  const warnings: ExtractionWarning[] = [];
  if (!hasEofMarker(bytes)) {
    warnings.push({
      code: 'pdf.truncated',
      message: 'The file ends before its end-of-file marker: it may be truncated, and text may be missing.',
    });
  }
  try {
    const count = doc.numPages;
    if (count > ctx.limits.maxPdfPages) {
      throw new RapporteurError(
        'LIMIT_EXCEEDED',
        `${ctx.name} has ${count} pages, over the limit of ${ctx.limits.maxPdfPages}.`,
        {
          hint: 'Send the relevant part of the document, or raise RAPPORTEUR_MAX_PDF_PAGES if this size is expected.',
          details: { pages: count, limit: ctx.limits.maxPdfPages },
        },
      );
    }
    const read = await readPages(doc, count, ctx);
    checkPages(read, count, ctx.name, warnings);
    const metadata = await readMetadata(doc, count, warnings);
    ctx.check();
    const layout = layoutPages(read.pages);
    const builder = new TextBuilder();
    for (const p of [...layout.paragraphs, ...layout.footnotes]) {
      builder.append(p.text);
      const extra: { page: number; level?: number; numbering?: string } = { page: p.page };
      if (p.level !== undefined) extra.level = p.level;
      if (p.numbering !== undefined) extra.numbering = p.numbering;
      builder.end(p.kind, extra);
    }
    const { text, blocks } = builder.finish();
    return {
      type: 'pdf',
      name: ctx.name,
      text,
      blocks,
      metadata,
      comments: [],
      revisions: [],
      events: [],
      attachments: [],
      warnings,
    };
  } finally {
    await doc.destroy().catch(() => {});
  }
}

type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

interface PagesRead {
  pages: PageText[];
  /** Page numbers without any text, and pages pdf.js could not read, ascending. */
  empty: number[];
  unreadable: number[];
}

/** Every page's positioned text runs, a few pages in flight. */
async function readPages(doc: PdfDocument, count: number, ctx: ExtractContext): Promise<PagesRead> {
  const slots: (PageText | undefined)[] = new Array(count);
  const empty: number[] = [];
  const unreadable: number[] = [];
  const readPage = async (n: number) => {
    try {
      const page = await doc.getPage(n);
      const [x0 = 0, y0 = 0, x1 = 612, y1 = 792] = page.view;
      const content = await page.getTextContent();
      const runs: TextRun[] = [];
      for (const raw of content.items) {
        const item = raw as TextItemLike;
        if (typeof item.str !== 'string' || !Array.isArray(item.transform)) continue;
        const [a = 0, b = 0, , d = 0, e = 0, f = 0] = item.transform;
        const size = Math.hypot(a, b) || Math.abs(d);
        runs.push({
          str: item.str,
          x: e - x0,
          y: f - y0,
          width: item.width,
          size,
          hasEOL: item.hasEOL === true,
        });
      }
      if (!runs.some((r) => r.str.trim() !== '')) empty.push(n);
      slots[n - 1] = { number: n, width: x1 - x0, height: y1 - y0, runs };
      page.cleanup();
    } catch (err) {
      if (err instanceof RapporteurError) throw err;
      unreadable.push(n);
    }
  };
  // A few pages in flight: pdf.js inflates content streams asynchronously (zlib on the
  // thread pool), so overlapping pages keeps this thread busy instead of waiting.
  let next = 1;
  const lane = async () => {
    while (next <= count) {
      ctx.check();
      await readPage(next++);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PAGES_IN_FLIGHT, count) }, lane));
  empty.sort((a, b) => a - b);
  unreadable.sort((a, b) => a - b);
  return { pages: slots.filter((p): p is PageText => p !== undefined), empty, unreadable };
}

/** Refuses a file with no readable text at all; lists pages without text as warnings. */
function checkPages(
  { empty, unreadable }: PagesRead,
  count: number,
  name: string,
  warnings: ExtractionWarning[],
): void {
  if (empty.length + unreadable.length === count) {
    if (unreadable.length === count) {
      throw new RapporteurError(
        'CORRUPT_FILE',
        `${name} is damaged: none of its ${count} pages can be read.`,
        {
          hint: 'Open it in a PDF reader, save or print it to a new PDF and send that copy.',
        },
      );
    }
    throw new RapporteurError(
      'NO_TEXT',
      `${name} has no text layer: it looks like a scanned image (${count} page${count === 1 ? '' : 's'}).`,
      {
        hint: 'Ask the sender for the text version (DOCX, or a PDF exported from the word processor), or run OCR on it first.',
      },
    );
  }
  if (empty.length > 0) {
    warnings.push({
      code: 'pdf.pages-without-text',
      message: `${empty.length} page(s) have no text layer (scanned images?): ${pageList(empty)}.`,
    });
  }
  if (unreadable.length > 0) {
    warnings.push({
      code: 'pdf.pages-unreadable',
      message: `${unreadable.length} page(s) could not be read and were skipped: ${pageList(unreadable)}.`,
    });
  }
}

/** The document information dictionary; unreadable information is a warning, not a failure. */
async function readMetadata(
  doc: PdfDocument,
  count: number,
  warnings: ExtractionWarning[],
): Promise<DocumentMetadata> {
  const metadata: DocumentMetadata = { pages: count };
  try {
    const meta = await doc.getMetadata();
    const info = (meta.info ?? {}) as Record<string, unknown>;
    const str = (k: string) =>
      typeof info[k] === 'string' && (info[k] as string).trim() !== ''
        ? (info[k] as string).trim()
        : undefined;
    setPresent(metadata, {
      title: str('Title'),
      author: str('Author'),
      subject: str('Subject'),
      created: pdfDate(str('CreationDate')),
      modified: pdfDate(str('ModDate')),
      language: str('Language'),
    });
  } catch {
    warnings.push({
      code: 'pdf.metadata-unreadable',
      message: 'The document information could not be read.',
    });
  }
  return metadata;
}

function openError(err: unknown, name: string, bytes: Uint8Array): RapporteurError {
  if (err instanceof RapporteurError) return err;
  const kind = (err as { name?: string })?.name ?? '';
  const message = messageOf(err);
  if (kind === 'PasswordException') {
    return new RapporteurError('ENCRYPTED', `${name} is password-protected and cannot be read.`, {
      hint: 'Ask the sender for an unprotected copy.',
    });
  }
  if (!hasEofMarker(bytes)) {
    return new RapporteurError(
      'CORRUPT_FILE',
      `${name} is truncated: the PDF ends before its end-of-file marker.`,
      {
        hint: 'The download or upload was probably cut short: download or export it again and send the complete file.',
        details: { reason: 'truncated' },
      },
    );
  }
  return new RapporteurError('CORRUPT_FILE', `${name} is not a readable PDF (${message.slice(0, 160)}).`, {
    hint: 'The file may be truncated or damaged: download or export it again, or print it to a new PDF, and send that copy.',
    details: { reason: kind || 'error' },
  });
}

/** Whether "%%EOF" appears in the last KiB, as every complete PDF has. */
function hasEofMarker(bytes: Uint8Array): boolean {
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 1024)));
  return tail.includes('%%EOF');
}

function pageList(pages: number[]): string {
  const shown = pages.slice(0, 12).join(', ');
  return pages.length > 12 ? `${shown} and ${pages.length - 12} more` : shown;
}

/** "D:20150212215923+01'00'" -> "2015-02-12T21:59:23+01:00". */
export function pdfDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz]|[+-]\d{2}'?\d{2}'?)?/.exec(
    value.trim(),
  );
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h, mi = '00', s = '00', tz] = m;
  if (h === undefined) return `${y}-${mo}-${d}`;
  let zone = '';
  if (tz) zone = /z/i.test(tz) ? 'Z' : `${tz.slice(0, 3)}:${tz.replace(/'/g, '').slice(3, 5) || '00'}`;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`;
}
