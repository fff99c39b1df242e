import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS } from '../../src/core/documents/index.js';
import { pdfDate } from '../../src/core/documents/pdf.js';
import { layoutPages, type PageText, type TextRun } from '../../src/core/documents/pdf-layout.js';
import { makePdf, typeset } from '../helpers/make-pdf.js';
import { invitationPdf, VISION_TITLE, visionPdf } from './fixtures.js';
import { expectInvariant, extract, failure } from './helpers.js';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, '../fixtures/documents', name)));

describe('PDF: the Vision draft with running headers and footnotes', () => {
  it('drops running headers, footers and page numbers and keeps the body in paragraphs', async () => {
    const doc = await extract(visionPdf(), 'vision-2014-06-01.pdf');
    expectInvariant(doc);
    expect(doc.metadata.pages).toBe(2);
    expect(doc.text).not.toContain('WSIS+10 High-Level Event — Draft Vision (version');
    expect(doc.text).not.toContain('WSIS/MPP/6/DOC/2');
    expect(doc.blocks.every((b) => !/^\d+$/.test(b.text))).toBe(true);
    const numbered = doc.blocks.filter((b) => /^\d\. /.test(b.text)).map((b) => b.text.slice(0, 2));
    expect(numbered).toEqual(['1.', '2.', '3.', '4.', '5.', '6.']);
    expect(doc.blocks.filter((b) => b.kind === 'heading').map((b) => b.text)).toEqual([
      VISION_TITLE,
      'A. Preamble',
      'B. Commitments',
      'C. Annex: statements by delegations',
    ]);
    expect(doc.blocks.find((b) => b.text.startsWith('b) The Chair'))?.page).toBe(2);
  });

  it('reads a PDF handed over as a Node Buffer (as adapters and file reads give it)', async () => {
    const bytes = visionPdf();
    const doc = await extract(Buffer.from(bytes), 'vision-2014-06-01.pdf');
    expect(doc.metadata.pages).toBe(2);
  });

  it('joins hyphenated line ends and keeps paragraph text whole', async () => {
    const doc = await extract(visionPdf(), 'vision.pdf');
    const para4 = doc.blocks.find((b) => b.text.startsWith('4. '));
    expect(para4?.text).toBe(
      '4. We commit to strengthen confidence and security in the use of information and communication technologies[, as appropriate,] with full respect for human rights and fundamental freedoms.²',
    );
    expect(doc.text).not.toMatch(/\w- \w/);
  });

  it('sets footnotes apart, after the body, with their numbers and pages', async () => {
    const doc = await extract(visionPdf(), 'vision.pdf');
    const notes = doc.blocks.filter((b) => b.kind === 'footnote');
    expect(notes.map((n) => [n.numbering, n.page, n.text])).toEqual([
      ['1', 1, 'Tunis Agenda for the Information Society, paragraph 35, as agreed in 2005.'],
      ['2', 1, 'See the Geneva Plan of Action, Action Line C5, adopted in December 2003.'],
    ]);
    const firstNote = doc.blocks.indexOf(notes[0] as (typeof notes)[number]);
    expect(doc.blocks.slice(firstNote).every((b) => b.kind === 'footnote')).toBe(true);
    // The reference in the body is a superscript, not a digit glued to the bracket.
    expect(doc.text).toContain('responsibilities].¹');
  });

  it('reads the document information', async () => {
    const doc = await extract(visionPdf(), 'vision.pdf');
    expect(doc.metadata).toMatchObject({
      title: VISION_TITLE,
      author: 'WSIS+10 MPP Chair',
      created: '2014-06-01T01:20:00+02:00',
    });
  });
});

describe('PDF: the invitation letter', () => {
  it('keeps the stated time and date of the sixth meeting', async () => {
    const doc = await extract(invitationPdf(), 'MPP6-invitation.pdf');
    expect(doc.metadata.pages).toBe(1);
    expect(doc.text).toContain('Monday, 9 June 2014, from 14:00 to 16:00, in Room K');
    expect(doc.blocks[1]?.text).toBe('Geneva, 3 June 2014');
    expect(doc.metadata.created).toBe('2014-06-03T17:05:00Z');
  });

  it('reads a copy protected only by an owner password', async () => {
    const doc = await extract(fixture('invitation-owner-password.pdf'), 'owner.pdf');
    expect(doc.text).toContain('from 14:00 to 16:00');
  });
});

describe('PDF: files that cannot be read', () => {
  it('says ENCRYPTED for a password-protected PDF, with what to do', async () => {
    const err = await failure(extract(fixture('invitation-encrypted.pdf'), 'invitation-encrypted.pdf'));
    expect(err.code).toBe('ENCRYPTED');
    expect(err.message).toContain('invitation-encrypted.pdf');
    expect(err.hint).toMatch(/unprotected copy/);
  });

  it('says NO_TEXT for a scanned (image-only) PDF, with what to do', async () => {
    const scan = makePdf({
      pages: [
        { lines: [], image: true },
        { lines: [], image: true },
      ],
    });
    const err = await failure(extract(scan, 'scan.pdf'));
    expect(err.code).toBe('NO_TEXT');
    expect(err.message).toMatch(/scanned image/);
    expect(err.hint).toMatch(/OCR/);
  });

  it('warns about scanned pages inside an otherwise readable PDF', async () => {
    const mixed = makePdf({
      pages: [
        { lines: [{ x: 72, y: 700, segments: [{ text: 'Cover note from the Chair.', size: 11 }] }] },
        { lines: [], image: true },
      ],
    });
    const doc = await extract(mixed, 'mixed.pdf');
    expect(doc.text).toBe('Cover note from the Chair.');
    expect(doc.warnings).toEqual([
      expect.objectContaining({ code: 'pdf.pages-without-text', message: expect.stringContaining(': 2.') }),
    ]);
  });

  it('says CORRUPT_FILE for a truncated PDF, naming the reason', async () => {
    const full = visionPdf();
    const err = await failure(extract(full.slice(0, Math.floor(full.length * 0.7)), 'cut.pdf'));
    expect(err.code).toBe('CORRUPT_FILE');
    expect(err.message).toBe('cut.pdf is truncated: the PDF ends before its end-of-file marker.');
  });

  it('says CORRUPT_FILE for garbage behind a PDF header', async () => {
    const bytes = new TextEncoder().encode(`%PDF-1.7\n${'garbage '.repeat(200)}\n%%EOF\n`);
    const err = await failure(extract(bytes, 'garbage.pdf'));
    expect(err.code).toBe('CORRUPT_FILE');
    expect(err.hint).toMatch(/again/);
  });

  it('refuses more pages than the limit before reading them', async () => {
    const err = await failure(
      extract(visionPdf(), 'long.pdf', { limits: { ...DEFAULT_EXTRACT_LIMITS, maxPdfPages: 1 } }),
    );
    expect(err.code).toBe('LIMIT_EXCEEDED');
    expect(err.message).toBe('long.pdf has 2 pages, over the limit of 1.');
    expect(err.hint).toMatch(/RAPPORTEUR_MAX_PDF_PAGES/);
  });
});

describe('PDF layout heuristics (synthetic pages)', () => {
  const run = (str: string, x: number, y: number, size = 10): TextRun => ({
    str,
    x,
    y,
    size,
    width: str.length * size * 0.5,
  });
  const page = (number: number, runs: TextRun[]): PageText => ({ number, width: 595, height: 842, runs });

  it('keeps a compound hyphen the document uses elsewhere and removes a hyphenation', () => {
    const layout = layoutPages([
      page(1, [
        run(
          'Developed countries support capacity-building and the transfer of technology in all regions of',
          72,
          700,
        ),
        run('the world, including long-term support for capacity-', 72, 688),
        run('building and for the negotia-', 72, 676),
        run('tion of new instruments.', 72, 664),
      ]),
    ]);
    expect(layout.paragraphs.map((p) => p.text)).toEqual([
      'Developed countries support capacity-building and the transfer of technology in all regions of the world, including long-term support for capacity-building and for the negotiation of new instruments.',
    ]);
  });

  it('breaks paragraphs at vertical gaps and at numbered lines after a full stop', () => {
    const layout = layoutPages([
      page(1, [
        run('1. The first paragraph runs over two lines of text in this synthetic', 72, 700),
        run('page.', 72, 688),
        run('2. The second paragraph starts with its number.', 72, 676),
        run('A third paragraph after a larger vertical gap.', 72, 640),
      ]),
    ]);
    expect(layout.paragraphs.map((p) => p.text)).toEqual([
      '1. The first paragraph runs over two lines of text in this synthetic page.',
      '2. The second paragraph starts with its number.',
      'A third paragraph after a larger vertical gap.',
    ]);
  });

  it('continues a paragraph across a page break unless the last line closed it', () => {
    const layout = layoutPages([
      page(1, [run('The negotiation continued late into the night and the', 72, 100)]),
      page(2, [
        run('delegations agreed to meet again on Monday.', 72, 760),
        run('New paragraph on the second page.', 72, 730),
      ]),
    ]);
    expect(layout.paragraphs.map((p) => [p.page, p.text])).toEqual([
      [
        1,
        'The negotiation continued late into the night and the delegations agreed to meet again on Monday.',
      ],
      [2, 'New paragraph on the second page.'],
    ]);
  });

  it('does not mistake a number in the body for a page number', () => {
    const layout = layoutPages([
      page(1, [run('Paragraphs adopted:', 72, 500), run('12', 72, 488), run('Closing text.', 72, 460)]),
    ]);
    expect(layout.paragraphs.map((p) => p.text).join(' | ')).toContain('12');
  });

  it('keeps body lines that differ only by a number at the top of each page', () => {
    const pages = [1, 2, 3].map((n) =>
      page(n, [
        run(`Paragraph ${n * 17} of the annex is retained.`, 72, 770),
        run('The remaining text of the page continues here.', 72, 600),
        run(`Page ${n} of 3`, 280, 30),
      ]),
    );
    const text = layoutPages(pages).paragraphs.map((p) => p.text);
    expect(text.filter((t) => t.startsWith('Paragraph'))).toHaveLength(3);
    expect(text.some((t) => t.startsWith('Page'))).toBe(false);
  });

  // Lines are placed outside the page margins, where a lone number or numeral may rightly be taken for a page number.
  it('never loses body text, whatever the positions (property)', () => {
    const word = fc.stringMatching(/^[a-z]{1,10}$/);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            text: fc.array(word, { minLength: 1, maxLength: 6 }),
            x: fc.integer({ min: 50, max: 300 }),
            y: fc.integer({ min: 200, max: 640 }),
          }),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        (lines) => {
          const runs = lines.map((l) => run(l.text.join(' '), l.x, l.y));
          const layout = layoutPages([page(1, runs)]);
          const out = [...layout.paragraphs, ...layout.footnotes].map((p) => p.text).join(' ');
          for (const l of lines) for (const w of l.text) expect(out).toContain(w.slice(0, 1));
          const inWords = lines.flatMap((l) => l.text).join('').length;
          const outWords = out.replace(/[\s-]/g, '').length;
          expect(outWords).toBeGreaterThanOrEqual(inWords - lines.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('pdfDate', () => {
  it('converts PDF date strings to ISO 8601', () => {
    expect(pdfDate("D:20150212215923+01'00'")).toBe('2015-02-12T21:59:23+01:00');
    expect(pdfDate('D:20140603170500Z')).toBe('2014-06-03T17:05:00Z');
    expect(pdfDate('D:20140603')).toBe('2014-06-03');
    expect(pdfDate('yesterday')).toBeUndefined();
  });
});

describe('typeset fixture helper', () => {
  it('produces several pages when the text is long', async () => {
    const pdf = makePdf(
      typeset({
        paragraphs: Array.from({ length: 60 }, (_, i) => ({ text: `Paragraph ${i + 1} of the annex.` })),
        pageNumbers: true,
      }),
    );
    const doc = await extract(pdf, 'annex.pdf');
    expect(doc.metadata.pages).toBeGreaterThan(1);
    expect(doc.blocks).toHaveLength(60);
  });
});

describe('pdf.js does not slow down the rest of the process', () => {
  // Captured while the file is collected, before any test has loaded pdf.js.
  const natives = { parse: JSON.parse, stringify: JSON.stringify, push: Array.prototype.push };
  it('leaves native JSON and Array methods in place after loading', async () => {
    await extract(invitationPdf(), 'invitation.pdf');
    expect(JSON.parse).toBe(natives.parse);
    expect(JSON.stringify).toBe(natives.stringify);
    expect(Array.prototype.push).toBe(natives.push);
    // Features Node 20 lacks, which pdf.js needs, stay available.
    expect(typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers).toBe('function');
  });
});
