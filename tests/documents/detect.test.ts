import { describe, expect, it } from 'vitest';
import { detectType } from '../../src/core/documents/index.js';
import { zipParts } from '../helpers/make-docx.js';
import { INVITATION_HTML, INVITATION_ICS, invitationEml, visionDocx, visionPdf } from './fixtures.js';
import { expectInvariant, extract, failure } from './helpers.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('type detection from content, name and content type', () => {
  it('recognises each format from its content alone', () => {
    expect(detectType(visionDocx(), 'f')).toBe('docx');
    expect(detectType(visionPdf(), 'f')).toBe('pdf');
    expect(detectType(bytes(INVITATION_HTML), 'f')).toBe('html');
    expect(detectType(bytes(`\r\n${INVITATION_ICS}`), 'f')).toBe('ics');
    expect(detectType(invitationEml(), 'f')).toBe('eml');
    expect(detectType(bytes('# Vision\n\nSome text.'), 'f')).toBe('text');
    expect(detectType(bytes('# Vision\n\nSome text.'), 'f', 'vision.md')).toBe('markdown');
    expect(detectType(bytes('plain'), 'f', undefined, 'text/markdown; charset=utf-8')).toBe('markdown');
  });

  it('finds a PDF header after leading junk, as PDF readers do', () => {
    const pdf = visionPdf();
    const junk = new Uint8Array(pdf.length + 100);
    junk.set(bytes('HTTP junk before the header '.repeat(3)));
    junk.set(pdf, 100);
    expect(detectType(junk, 'f')).toBe('pdf');
  });

  it('ignores generic content types and honours the name', () => {
    expect(detectType(visionPdf(), 'f', 'x.pdf', 'application/octet-stream')).toBe('pdf');
  });

  it('says TYPE_MISMATCH, naming both types, when the label disagrees with the content', async () => {
    const zipAsPdf = await failure(extract(visionDocx(), 'vision-final.pdf'));
    expect(zipAsPdf.code).toBe('TYPE_MISMATCH');
    expect(zipAsPdf.message).toBe(
      'vision-final.pdf is labelled as a PDF but its content is a Word (DOCX) document.',
    );
    expect(zipAsPdf.hint).toMatch(/correct its extension/);

    const pdfAsDocx = await failure(extract(visionPdf(), 'vision.docx'));
    expect(pdfAsDocx.message).toBe(
      'vision.docx is labelled as a Word (DOCX) document but its content is a PDF.',
    );

    const htmlAsPdf = await failure(extract(bytes(INVITATION_HTML), 'invitation.pdf'));
    expect(htmlAsPdf.message).toBe('invitation.pdf is labelled as a PDF but its content is an HTML page.');

    const byContentType = await failure(
      extract(visionPdf(), 'attachment', {
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      }),
    );
    expect(byContentType.code).toBe('TYPE_MISMATCH');
  });

  it('says UNSUPPORTED_TYPE for unknown binaries, listing what is accepted', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const image = await failure(extract(png, 'photo-of-draft.png'));
    expect(image.code).toBe('UNSUPPORTED_TYPE');
    expect(image.message).toBe('photo-of-draft.png is an image (PNG), which Rapporteur does not read.');
    expect(image.hint).toMatch(/OCR/);
    expect(image.hint).toMatch(
      /Accepted: DOCX \(Word\), PDF, HTML, Markdown, plain text, e-mail \(\.eml\) and iCalendar \(\.ics\)/,
    );

    const legacy = new Uint8Array(512);
    legacy.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const doc = await failure(extract(legacy, 'vision.doc'));
    expect(doc.code).toBe('UNSUPPORTED_TYPE');
    expect(doc.hint).toMatch(/save it as \.docx/);

    const xlsx = await failure(
      extract(zipParts({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' }), 'list.xlsx'),
    );
    expect(xlsx.code).toBe('UNSUPPORTED_TYPE');
    expect(xlsx.message).toBe('list.xlsx is an Excel workbook, not a Word (DOCX) document.');

    const binary = new Uint8Array([0, 1, 2, 3, 0, 255, 254, 0]);
    const unknown = await failure(extract(binary, 'data.bin'));
    expect(unknown.code).toBe('UNREADABLE_ENCODING');
  });

  it('says ENCRYPTED for a password-protected Word file (an OLE container with an EncryptedPackage)', async () => {
    const cfb = new Uint8Array(2048);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const name = 'EncryptedPackage';
    for (let i = 0; i < name.length; i++) cfb[1024 + i * 2] = name.charCodeAt(i);
    const err = await failure(extract(cfb, 'protected.docx'));
    expect(err.code).toBe('ENCRYPTED');
    expect(err.hint).toMatch(/unprotected copy/);
  });
});

describe('Markdown and plain text go through the same block model', () => {
  it('strips a UTF-8 BOM and keeps offsets verbatim', async () => {
    const doc = await extract(
      new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('# Vision\n\n1. [We reaffirm] the outcomes.\n')]),
      'vision.md',
    );
    expectInvariant(doc);
    expect(doc.text.startsWith('#')).toBe(true);
    expect(doc.blocks.map((b) => [b.kind, b.numbering ?? '', b.text])).toEqual([
      ['heading', '', 'Vision'],
      ['list-item', '1.', '[We reaffirm] the outcomes.'],
    ]);
  });

  it('decodes a legacy single-byte encoding', async () => {
    const latin1 = new Uint8Array([
      ...bytes('R'),
      0xe9,
      ...bytes('union de Gen'),
      0xe8,
      ...bytes('ve, le 9 juin 2014, salle K, de 14 h 00 a 16 h 00.'),
    ]);
    const doc = await extract(latin1, 'note.txt');
    expect(doc.text).toContain('Réunion de Genève');
  });

  it('says NO_TEXT for an empty file', async () => {
    const err = await failure(extract(bytes('  \n\n '), 'empty.txt'));
    expect(err.code).toBe('NO_TEXT');
    expect(err.message).toBe('empty.txt (a plain-text file) contains no text.');
  });
});
