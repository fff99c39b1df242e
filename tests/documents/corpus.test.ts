import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../../src/core/documents/index.js';
import type { Document } from '../../src/core/documents/types.js';
import { RapporteurError } from '../../src/core/errors.js';
import { corpusAvailable, corpusPath, describeCorpus } from '../helpers/corpus.js';

const read = (path: string) => new Uint8Array(readFileSync(path));
const options = (name: string) => ({ name, limits: DEFAULT_EXTRACT_LIMITS });

function filesUnder(dir: string, ext: string): string[] {
  if (!corpusAvailable) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.toLowerCase().endsWith(ext))
    .sort()
    .map((f) => join(dir, f));
}

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** Lower-case words (letters and digits), with compatibility forms and superscript digits folded. */
export function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .replace(/[⁰-⁹]/g, (c) => String(SUPERSCRIPTS.indexOf(c)))
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Dice coefficient of two word multisets: 1 when both texts hold the same words equally often. */
export function wordSimilarity(a: string[], b: string[]): number {
  const counts = new Map<string, number>();
  for (const w of a) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of b) {
    const c = counts.get(w) ?? 0;
    if (c > 0) {
      common++;
      counts.set(w, c - 1);
    }
  }
  return a.length + b.length === 0 ? 1 : (2 * common) / (a.length + b.length);
}

describeCorpus('Paris agreement PDFs against pdftotext', () => {
  const dir = corpusPath('negotiation/unfccc_paris_2015_okfn_cop21');
  const expected: [string, number][] = [
    ['negotiating_text_12022015@2200', 86],
    ['8infnot', 20],
    ['11infnot', 54],
    ['adp_compilation_4dec15_10am', 46],
  ];
  for (const [name, pages] of expected) {
    it(`${name}.pdf: ${pages} pages, text close to pdftotext`, async () => {
      const doc = await extractDocument(read(join(dir, 'pdf', `${name}.pdf`)), options(`${name}.pdf`));
      expect(doc.metadata.pages).toBe(pages);
      expect(Math.max(...doc.blocks.map((b) => b.page ?? 0))).toBe(pages);
      const reference = readFileSync(join(dir, 'pdf_text_derived', `${name}.raw.txt`), 'utf8');
      // pdftotext also keeps running headers and page numbers, which we drop on purpose.
      const similarity = wordSimilarity(words(doc.text), words(reference));
      const notes = doc.blocks.filter((b) => b.kind === 'footnote').length;
      console.log(
        `[corpus] ${name}.pdf: ${pages} pages, ${doc.blocks.length} blocks (${notes} footnotes), word similarity to pdftotext ${similarity.toFixed(4)}`,
      );
      expect(similarity).toBeGreaterThan(0.97);
      // Negotiation brackets survive extraction: the count of "[" is close to pdftotext's.
      const ours = (doc.text.match(/\[/g) ?? []).length;
      const theirs = (reference.match(/\[/g) ?? []).length;
      expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(theirs * 0.01);
    }, 60_000);
  }
});

describeCorpus('iCalendar files from three parsers’ test suites', () => {
  it('every .ics file parses, or fails with a clear error naming it', async () => {
    const files = filesUnder(corpusPath('ics'), '.ics');
    expect(files.length).toBeGreaterThan(200);
    let full = 0;
    let partial = 0;
    let events = 0;
    let zoned = 0;
    let mapped = 0;
    const refused: string[] = [];
    for (const file of files) {
      const name = basename(file);
      let doc: Document;
      try {
        doc = await extractDocument(read(file), options(name));
      } catch (err) {
        expect(err).toBeInstanceOf(RapporteurError);
        const e = err as RapporteurError;
        expect(['CORRUPT_FILE', 'UNREADABLE_ENCODING']).toContain(e.code);
        expect(e.message.startsWith(name)).toBe(true);
        expect(e.hint).toBeTruthy();
        refused.push(`${name}: ${e.message.slice(name.length + 1, name.length + 90)}`);
        continue;
      }
      if (doc.warnings.some((w) => w.code === 'ics.partially-read')) partial++;
      else full++;
      events += doc.events.length;
      for (const e of doc.events) {
        if (e.start.utc && e.start.timeZone && e.start.timeZone !== 'Etc/UTC') zoned++;
        if (e.start.sourceTimeZone && e.start.timeZone) mapped++;
      }
    }
    console.log(
      `[corpus] ${files.length} .ics files: ${full} read, ${partial} partially read, ${refused.length} refused with a clear error; ${events} events (${zoned} in a named zone, ${mapped} through a non-IANA TZID mapped to IANA)`,
    );
    for (const r of refused) console.log(`[corpus]   refused ${r}`);
    expect(refused.length).toBeLessThanOrEqual(files.length * 0.05);
  }, 120_000);

  it('finds the events that ical.js’s own expected output lists', async () => {
    const dir = corpusPath('ics/icaljs/test/parser');
    let checked = 0;
    for (const json of filesUnder(dir, '.json')) {
      const ics = json.replace(/\.json$/, '.ics');
      let jcal: unknown;
      let bytes: Uint8Array;
      try {
        jcal = JSON.parse(readFileSync(json, 'utf8'));
        bytes = read(ics);
      } catch {
        continue;
      }
      const expected = datedEvents(jcal);
      if (expected === 0) continue;
      const doc = await extractDocument(bytes, options(basename(ics)));
      expect(doc.events.length, basename(ics)).toBeGreaterThan(0);
      checked++;
    }
    console.log(`[corpus] ${checked} ical.js parser fixtures with dated events: all found`);
    expect(checked).toBeGreaterThan(0);
  }, 60_000);
});

/** VEVENTs with a DTSTART in a jCal tree: ["vevent", [[name, params, type, value]...], [subcomponents]]. */
function datedEvents(node: unknown): number {
  if (!Array.isArray(node)) return 0;
  if (typeof node[0] === 'string' && Array.isArray(node[1]) && Array.isArray(node[2])) {
    const own = node[0] === 'vevent' && (node[1] as unknown[][]).some((p) => p[0] === 'dtstart') ? 1 : 0;
    return own + (node[2] as unknown[]).reduce<number>((n, c) => n + datedEvents(c), 0);
  }
  return node.reduce<number>((n, c) => n + datedEvents(c), 0);
}

describeCorpus('invitation e-mails from many clients', () => {
  it('every .eml parses and its calendar parts are found', async () => {
    const files = filesUnder(corpusPath('mbox'), '.eml');
    expect(files.length).toBeGreaterThan(20);
    let withCalendar = 0;
    const methods = new Map<string, number>();
    for (const file of files) {
      const raw = readFileSync(file, 'latin1');
      const doc = await extractDocument(read(file), options(basename(file)));
      expect(doc.type).toBe('eml');
      expect(Object.keys(doc.email ?? {}).length, basename(file)).toBeGreaterThan(0);
      if (/text\/calendar|application\/ics|\.ics\b/i.test(raw)) {
        withCalendar++;
        expect(doc.events.length, basename(file)).toBeGreaterThan(0);
        for (const e of doc.events)
          methods.set(e.method ?? '(none)', (methods.get(e.method ?? '(none)') ?? 0) + 1);
      }
    }
    console.log(
      `[corpus] ${files.length} .eml files parsed; ${withCalendar} carry calendar parts, all found; methods: ${[...methods].map(([m, n]) => `${m} ${n}`).join(', ')}`,
    );
  }, 60_000);
});
