import * as chrono from 'chrono-node';
import { z } from 'zod';
import type { Document } from '../documents/types.js';
import { RapporteurError } from '../errors.js';
import { AGREED_RANKS, type AgreedTextInfo } from './types.js';

/**
 * Where an agreed text's title and date of adoption come from: a `library.json` manifest
 * beside the files when it names the file, else the document itself (its title, and the
 * first full date in its title or dateline, preferring one said to be the adoption date).
 */

const entrySchema = z
  .object({
    file: z.string().min(1),
    title: z.string().min(1).optional(),
    symbol: z.string().min(1).optional(),
    adopted: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date of adoption in the form YYYY-MM-DD')
      .optional(),
    body: z.string().min(1).optional(),
    rank: z.enum(AGREED_RANKS).optional(),
  })
  .strict();

const manifestSchema = z.object({ texts: z.array(entrySchema) }).strict();

export type ManifestEntry = z.infer<typeof entrySchema>;

/** Reads `library.json`; a bad manifest is one INVALID_ARGUMENT listing every problem. */
export function parseManifest(json: string, name = 'library.json'): Map<string, ManifestEntry> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new RapporteurError('INVALID_ARGUMENT', `${name} is not valid JSON (${(err as Error).message}).`, {
      hint: MANIFEST_HINT,
    });
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top)'}: ${i.message}`)
      .join('; ');
    throw new RapporteurError('INVALID_ARGUMENT', `${name} is not a valid library manifest: ${problems}.`, {
      hint: MANIFEST_HINT,
    });
  }
  const out = new Map<string, ManifestEntry>();
  for (const e of parsed.data.texts) out.set(e.file, e);
  return out;
}

export const MANIFEST_HINT =
  'library.json looks like {"texts": [{"file": "tunis-agenda.md", "title": "Tunis Agenda for the Information Society", "symbol": "WSIS-05/TUNIS/DOC/6(Rev.1)", "adopted": "2005-11-18", "body": "WSIS", "rank": "summit"}]}.';

/**
 * The metadata of one library document: the manifest entry's fields first, then what the
 * document says. Returns `undefined` for the date when neither gives one (the caller
 * refuses the text by name).
 */
export function describeAgreedText(
  doc: Pick<Document, 'text' | 'blocks' | 'metadata'>,
  fileName: string,
  entry?: ManifestEntry,
): Omit<AgreedTextInfo, 'adopted'> & { adopted?: string } {
  const title =
    entry?.title ?? doc.metadata.title?.trim() ?? frontMatterTitle(doc.text) ?? firstHeading(doc) ?? fileName;
  const adopted = entry?.adopted ?? adoptionDate(doc);
  const symbol = entry?.symbol ?? findSymbol(doc.text.slice(0, 2000));
  return {
    title: title.length > 200 ? `${title.slice(0, 199)}…` : title,
    ...(adopted === undefined ? {} : { adopted }),
    ...(symbol === undefined ? {} : { symbol }),
    ...(entry?.body === undefined ? {} : { body: entry.body }),
    ...(entry?.rank === undefined ? {} : { rank: entry.rank }),
    name: fileName,
  };
}

/** `title:` of a Markdown file's YAML front matter. */
function frontMatterTitle(text: string): string | undefined {
  const m = /^---\r?\n([\s\S]{0,2000}?)\r?\n---/.exec(text);
  const t = m ? /^title:\s*["']?(.+?)["']?\s*$/m.exec(m[1] as string) : null;
  return t ? (t[1] as string) : undefined;
}

function firstHeading(doc: Pick<Document, 'blocks'>): string | undefined {
  const heading = doc.blocks.slice(0, 20).find((b) => b.kind === 'heading') ?? doc.blocks[0];
  const text = heading?.text
    .replace(/[*_#`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text && text.length > 0 ? text : undefined;
}

/**
 * The date of adoption a document states near its top: a full date (day, month and year)
 * in its title or first lines; one on a line that says "adopted" wins over the others.
 */
export function adoptionDate(doc: Pick<Document, 'text' | 'metadata'>): string | undefined {
  const head = [doc.metadata.title ?? '', doc.text.slice(0, 3000)].join('\n');
  const found: { iso: string; adopted: boolean; index: number }[] = [];
  for (const r of chrono.strict.parse(head)) {
    const s = r.start;
    if (!s.isCertain('day') || !s.isCertain('month') || !s.isCertain('year')) continue;
    const y = s.get('year');
    const m = s.get('month');
    const d = s.get('day');
    if (y === null || m === null || d === null || y < 1900 || y > 2200) continue;
    const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const lineStart = head.lastIndexOf('\n', r.index) + 1;
    const before = head.slice(Math.max(lineStart, r.index - 80), r.index);
    found.push({ iso, adopted: /\badopt(?:ed|ion)\b|\bagreed\b/i.test(before), index: r.index });
  }
  return (found.find((f) => f.adopted) ?? found[0])?.iso;
}

/** A document symbol such as "A/RES/70/125" or "FCCC/CP/2015/L.9" near the top. */
function findSymbol(head: string): string | undefined {
  const m = /(?<![\w/])[A-Z][A-Z0-9.-]*(?:\/[A-Za-z0-9.()-]+){2,}(?![\w/])/.exec(head);
  return m ? m[0] : undefined;
}
