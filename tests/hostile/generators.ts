import { deflateRawSync } from 'node:zlib';
import { deflateRepeated, makeDocx } from '../helpers/make-docx.js';
import { makePdf } from '../helpers/make-pdf.js';

/**
 * Hostile inputs, generated (nothing large is stored): the named shapes of issue 19 and a
 * fuzzer of random and mutated files of every format the documents module reads. Used by the
 * hostile-input tests and by `npm run bench -- hostile`.
 */

export interface HostileFile {
  name: string;
  bytes: Uint8Array;
  /** What the generator made: the format, and whether it is random or mutated. */
  kind: string;
}

const enc = new TextEncoder();
const MB = 1024 * 1024;

/** Markdown made only of "[" (19.9 MB by default: just under the default file limit). */
export function openBrackets(bytes = 19.9 * 1e6): HostileFile {
  return { name: 'brackets.md', kind: 'named', bytes: new Uint8Array(Math.floor(bytes)).fill(0x5b) };
}

/** `count` headings, each with a short bracketed paragraph. */
export function manyHeadings(count = 100_000): HostileFile {
  const parts: string[] = [];
  for (let i = 1; i <= count; i++) parts.push(`## Article ${i}\n\nThe parties [shall] act.\n`);
  return { name: 'headings.md', kind: 'named', bytes: enc.encode(parts.join('\n')) };
}

/** `count` adjacent alternatives (`[a][b]…`) in one paragraph, 3 bytes each. */
export function manyAlternatives(count = 1_000_000): HostileFile {
  return { name: 'alternatives.txt', kind: 'named', bytes: enc.encode(`Text ${'[a]'.repeat(count)} end.\n`) };
}

/** `count` holder annotations, each after a bracket. */
export function manyAnnotations(count = 100_000): HostileFile {
  const holders = ['EU', 'G77', 'US', 'Japan', 'Russian Federation'];
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(`[text ${i}] [${holders[i % holders.length]}: delete]`);
  return { name: 'annotations.txt', kind: 'named', bytes: enc.encode(`${parts.join(' ')}\n`) };
}

/**
 * The largest draft the default limits allow in sections (19,990 of 20,000), each with a
 * numbered paragraph holding a group of alternatives, a bracket and a holder's annotation:
 * what a view or a question about a version may have to read.
 */
export function largestDraft(sections = 19_990): HostileFile {
  const holders = ['EU', 'G77', 'US', 'Japan', 'Russian Federation'];
  const parts: string[] = [];
  for (let i = 1; i <= sections; i++) {
    parts.push(
      `## Article ${i}\n\n${i}. The parties [shall][should] take measures [by 2030] [${holders[i % holders.length]}: delete] on matter ${i}.\n`,
    );
  }
  return { name: 'largest.md', kind: 'named', bytes: enc.encode(parts.join('\n')) };
}

/** A one-page PDF whose content stream (FlateDecode) inflates to `inflated` bytes of spaces. */
export function pdfInflating(inflated = 1024 * MB): HostileFile {
  const raw = deflateRepeated(0x20, inflated);
  // A zlib stream: header, the raw deflate data, Adler-32 of `inflated` spaces.
  const mod = 65521n;
  const n = BigInt(inflated);
  const a = (1n + n * 32n) % mod;
  const b = (n + 32n * ((n * (n + 1n)) / 2n)) % mod;
  const adler = Number((b << 16n) | a);
  const stream = new Uint8Array(raw.length + 6);
  stream.set([0x78, 0x9c], 0);
  stream.set(raw, 2);
  new DataView(stream.buffer).setUint32(raw.length + 2, adler >>> 0);
  const head = enc.encode(
    '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' +
      '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n' +
      `4 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`,
  );
  const tail = enc.encode('\nendstream\nendobj\ntrailer\n<< /Size 5 /Root 1 0 R >>\n%%EOF\n');
  const bytes = new Uint8Array(head.length + stream.length + tail.length);
  bytes.set(head, 0);
  bytes.set(stream, head.length);
  bytes.set(tail, head.length + stream.length);
  return { name: 'inflating.pdf', kind: 'named', bytes };
}

/** The four shapes of the issue and the PDF bomb, at the sizes. */
export function namedCases(): HostileFile[] {
  return [openBrackets(), manyHeadings(), manyAlternatives(), manyAnnotations(), pdfInflating()];
}

// ---------------------------------------------------------------------------------------
// Fuzzing: random and mutated files of every format

/** A small seeded generator (mulberry32), so a failing try can be replayed from its seed. */
export function random(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  '[',
  ']',
  '[[',
  ']]',
  '/',
  ' ',
  '\n',
  '\n\n',
  '# ',
  '## Article 1\n',
  'Alt 1',
  '[EU: delete]',
  '[G77: retain]',
  'shall',
  '[^1]',
  '<!--',
  '-->',
  '<a href="x">',
  '<li>',
  '<ul>',
  '</ul>',
  '&amp;',
  '\u00a0',
  '\u202e',
  '\uffff',
  '\t',
  'BEGIN:VEVENT\n',
  'RRULE:FREQ=SECONDLY\n',
  'DTSTART:20250101T090000Z\n',
  '15 March 2025, 10:00-13:00',
  'Geneva',
  '(',
  ')',
  '*',
  '_',
  '`',
];

function tokenSoup(rnd: () => number, length: number): string {
  const out: string[] = [];
  let size = 0;
  while (size < length) {
    const t =
      rnd() < 0.7
        ? (TOKENS[Math.floor(rnd() * TOKENS.length)] as string)
        : String.fromCharCode(Math.floor(rnd() * 0x3000));
    const times = rnd() < 0.05 ? 1 + Math.floor(rnd() * 2000) : 1;
    const piece = t.repeat(times);
    out.push(piece);
    size += piece.length;
  }
  return out.join('');
}

function randomBytes(rnd: () => number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(rnd() * 256);
  return out;
}

/** Well-formed seeds of each format, from which mutated files are made. */
function seeds(rnd: () => number): Array<{ ext: string; bytes: Uint8Array }> {
  const para = () => tokenSoup(rnd, 40 + Math.floor(rnd() * 400));
  const text = `# Draft outcome\n\n## Article 1\n\n1. The parties [shall][should] act [by 2030] [EU: delete].\n\n${para()}\n`;
  const html = `<!doctype html><html><head><title>Meeting</title></head><body><h1>Session</h1><p>The meeting will take place on 15 March 2025 at 10:00 in Geneva.</p><ul><li>[one]<ul><li>two</li></ul></li></ul><p>${para()}</p></body></html>`;
  const eml = `From: Secretariat <sec@example.org>\r\nTo: list@example.org\r\nSubject: Meeting moved\r\nDate: Mon, 3 Mar 2025 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe meeting on 15 March 2025 moves to 16 March 2025, 10:00, Room XX.\r\n${para()}\r\n`;
  const ics = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\nUID:a@b\r\nDTSTART:20250315T090000Z\r\nDTEND:20250315T120000Z\r\nRRULE:FREQ=WEEKLY;COUNT=5\r\nSUMMARY:Informal consultations\r\nLOCATION:Geneva\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
  const docx = makeDocx({
    body: [
      { style: 'Heading1', pieces: ['Article 1'] },
      { pieces: [`The parties [shall][should] act. ${para().replace(/[^\x20-\x7e]/g, ' ')}`] },
      { pieces: [{ commented: ['[by 2030]'], comment: 0 }] },
    ],
    comments: [{ id: 0, author: 'EU', text: 'delete' }],
  });
  const pdf = makePdf({
    pages: [{ lines: [{ x: 72, y: 700, segments: [{ text: 'Article 1 [shall] act', size: 12 }] }] }],
  });
  return [
    { ext: 'md', bytes: enc.encode(text) },
    { ext: 'txt', bytes: enc.encode(text) },
    { ext: 'html', bytes: enc.encode(html) },
    { ext: 'eml', bytes: enc.encode(eml) },
    { ext: 'ics', bytes: enc.encode(ics) },
    { ext: 'docx', bytes: docx },
    { ext: 'pdf', bytes: pdf },
  ];
}

function mutate(rnd: () => number, bytes: Uint8Array): Uint8Array {
  let out = bytes.slice();
  const steps = 1 + Math.floor(rnd() * 8);
  for (let s = 0; s < steps; s++) {
    const op = Math.floor(rnd() * 5);
    const at = Math.floor(rnd() * Math.max(1, out.length));
    if (op === 0) {
      // Flip bytes.
      for (let i = 0; i < 1 + rnd() * 16; i++) {
        const p = Math.floor(rnd() * out.length);
        out[p] = Math.floor(rnd() * 256);
      }
    } else if (op === 1) {
      out = out.slice(0, at); // truncate
    } else if (op === 2) {
      // Duplicate a slice many times.
      const len = 1 + Math.floor(rnd() * 64);
      const piece = out.slice(at, at + len);
      const times = 1 + Math.floor(rnd() * 500);
      const grown = new Uint8Array(out.length + piece.length * times);
      grown.set(out.subarray(0, at), 0);
      for (let i = 0; i < times; i++) grown.set(piece, at + i * piece.length);
      grown.set(out.subarray(at), at + piece.length * times);
      out = grown;
    } else if (op === 3) {
      // Insert hostile tokens.
      const ins = enc.encode(tokenSoup(rnd, 1 + Math.floor(rnd() * 200)));
      const grown = new Uint8Array(out.length + ins.length);
      grown.set(out.subarray(0, at), 0);
      grown.set(ins, at);
      grown.set(out.subarray(at), at + ins.length);
      out = grown;
    } else {
      // Re-compress part of it (zip and PDF readers see deflate data in odd places).
      const z = deflateRawSync(out.subarray(at, at + 256));
      const grown = new Uint8Array(out.length + z.length);
      grown.set(out.subarray(0, at), 0);
      grown.set(z, at);
      grown.set(out.subarray(at), at + z.length);
      out = grown;
    }
  }
  return out;
}

const EXTENSIONS = ['md', 'txt', 'html', 'eml', 'ics', 'docx', 'pdf'];

/** The `index`-th fuzz input of a run: random (token soup or bytes) or a mutated seed, of every format in turn. */
export function fuzzInput(seed: number, index: number): HostileFile {
  const rnd = random(seed * 1_000_003 + index);
  const ext = EXTENSIONS[index % EXTENSIONS.length] as string;
  const mode = rnd();
  if (mode < 0.2) {
    return {
      name: `random-${index}.${ext}`,
      kind: `${ext}/bytes`,
      bytes: randomBytes(rnd, Math.floor(rnd() * 65_536)),
    };
  }
  if (mode < 0.45) {
    return {
      name: `soup-${index}.${ext}`,
      kind: `${ext}/soup`,
      bytes: enc.encode(tokenSoup(rnd, Math.floor(rnd() * 200_000))),
    };
  }
  const base = seeds(rnd).find((s) => s.ext === ext) as { ext: string; bytes: Uint8Array };
  return { name: `mutated-${index}.${ext}`, kind: `${ext}/mutated`, bytes: mutate(rnd, base.bytes) };
}
