import { RapporteurError } from '../errors.js';
import type { ExtractContext } from './options.js';
import type { DocumentMetadata, ExtractionWarning } from './types.js';
import { type XmlHandlers, XmlStream, xmlEncoding } from './xml.js';
import type { ZipEntry, ZipReader } from './zip.js';

/**
 * The OOXML package around a Word document: relationships that name its parts, streaming
 * one part through the XML reader (optional parts degrade to warnings), and the small
 * parts read for metadata and comment threads.
 */

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

export const REL = {
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

export function commentsExtendedHandlers(out: Map<string, { parent?: string; done: boolean }>): XmlHandlers {
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

/**
 * Title, author, subject, language and dates from docProps/core.xml, and the page count
 * Word stored in docProps/app.xml at its last save.
 */
export function readPackageMetadata(
  zip: ZipReader,
  rootRels: Relationship[],
  ctx: ExtractContext,
  warnings: ExtractionWarning[],
): DocumentMetadata {
  const metadata: DocumentMetadata = {};
  const fields: Record<string, Exclude<keyof DocumentMetadata, 'pages'>> = {
    'dc:title': 'title',
    'dc:creator': 'author',
    'dc:subject': 'subject',
    'dc:language': 'language',
    'dcterms:created': 'created',
    'dcterms:modified': 'modified',
  };
  const core = rootRels.find((r) => REL.coreProperties.test(r.type))?.target ?? 'docProps/core.xml';
  const coreHandlers = elementTexts(
    (name) => fields[name],
    (field, value) => {
      if (value.trim() !== '') metadata[field] = value.trim();
    },
  );
  parseOptional(zip, zip.get(core), ctx, coreHandlers, warnings);
  const app = rootRels.find((r) => REL.extendedProperties.test(r.type))?.target ?? 'docProps/app.xml';
  const appHandlers = elementTexts(
    (name) => (name === 'Pages' || name.endsWith(':Pages') ? 'pages' : undefined),
    (_, value) => {
      const n = Number.parseInt(value, 10);
      if (Number.isFinite(n) && n > 0) metadata.pages = n;
    },
  );
  parseOptional(zip, zip.get(app), ctx, appHandlers, warnings);
  return metadata;
}

/** Handlers that hand over the text of each element `pick` names (elements holding only text). */
function elementTexts<K>(
  pick: (name: string) => K | undefined,
  found: (key: K, text: string) => void,
): XmlHandlers {
  let key: K | undefined;
  let value = '';
  return {
    open(el) {
      key = pick(el.name);
      value = '';
    },
    close() {
      if (key !== undefined) found(key, value);
      key = undefined;
    },
    text(t) {
      if (key !== undefined) value += t;
    },
  };
}

export interface Relationship {
  type: string;
  /** Absolute part name without a leading slash. */
  target: string;
}

/** The relationships of a part (`''` for the package root), with targets resolved to part names. */
export function readRels(
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

export function parsePart(
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
export function parseOptional(
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

export function isOn(val: string | undefined): boolean {
  return val === undefined || !(val === '0' || val === 'false' || val === 'off');
}
