import fc from 'fast-check';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS } from '../../src/core/documents/index.js';
import { RapporteurError } from '../../src/core/errors.js';
import { deflateRepeated, docxParts, makeDocx, zipParts, zipRaw } from '../helpers/make-docx.js';
import { INVITATION_HTML, invitationEml, visionDocx, visionPdf } from './fixtures.js';
import { extract, failure, memoryGrowth } from './helpers.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const MB = 1024 * 1024;

/** A DOCX whose word/document.xml is `data` (already DEFLATE-compressed), declared as `declaredSize`. */
function bombDocx(data: Uint8Array, declaredSize: number): Uint8Array {
  const parts = docxParts({ body: ['x'] });
  const entries = Object.entries(parts)
    .filter(([name]) => name !== 'word/document.xml')
    .map(([name, content]) => ({
      name,
      data: typeof content === 'string' ? strToU8(content) : content,
      method: 0 as const,
      declaredSize: typeof content === 'string' ? strToU8(content).length : content.length,
    }));
  return zipRaw([...entries, { name: 'word/document.xml', data, method: 8, declaredSize }]);
}

describe('zip bombs are refused quickly with bounded memory', () => {
  const gib = deflateRepeated(0x20, 1024 * MB);

  it('refuses a 1 GiB document part declared honestly, before inflating it', async () => {
    const file = bombDocx(gib, 1024 * MB);
    expect(file.length).toBeLessThan(8 * MB);
    const started = performance.now();
    const { result: err, heapMb, rssMb } = await memoryGrowth(() => failure(extract(file, 'bomb.docx')));
    const ms = performance.now() - started;
    expect(err.code).toBe('LIMIT_EXCEEDED');
    expect(err.message).toMatch(/^bomb\.docx would decompress to more than 200 MB/);
    expect(err.hint).toMatch(/decompression bomb/);
    expect(ms).toBeLessThan(500);
    expect(heapMb).toBeLessThan(32);
    expect(rssMb).toBeLessThan(64);
  });

  it('refuses a part that lies about its size as soon as it outgrows the declaration', async () => {
    const file = bombDocx(gib, 64 * 1024);
    const started = performance.now();
    const { result: err, heapMb, rssMb } = await memoryGrowth(() => failure(extract(file, 'liar.docx')));
    expect(performance.now() - started).toBeLessThan(500);
    expect(err.code).toBe('CORRUPT_FILE');
    expect(err.message).toMatch(/larger than its directory says/);
    expect(heapMb).toBeLessThan(32);
    expect(rssMb).toBeLessThan(64);
  });

  it('refuses a part within the size limit whose compression ratio gives it away', async () => {
    const file = bombDocx(deflateRepeated(0x20, 150 * MB), 150 * MB);
    const started = performance.now();
    const { result: err, heapMb } = await memoryGrowth(() => failure(extract(file, 'ratio.docx')));
    expect(performance.now() - started).toBeLessThan(500);
    expect(err.code).toBe('LIMIT_EXCEEDED');
    expect(err.message).toMatch(/compressed more than 100 to 1/);
    expect(heapMb).toBeLessThan(32);
  });

  it('refuses more entries than the limit without reading them', async () => {
    const entries = Array.from({ length: 6000 }, (_, i) => ({
      name: `word/media/image${i}.png`,
      data: new Uint8Array(0),
      method: 0 as const,
      declaredSize: 0,
    }));
    const err = await failure(extract(zipRaw(entries), 'many.docx'));
    expect(err.code).toBe('LIMIT_EXCEEDED');
    expect(err.message).toBe('many.docx holds 6000 files inside its ZIP container, over the limit of 5000.');
  });

  it('refuses a truncated DOCX with a clear reason', async () => {
    const full = visionDocx();
    const err = await failure(extract(full.slice(0, Math.floor(full.length / 2)), 'half.docx'));
    expect(err.code).toBe('CORRUPT_FILE');
    expect(err.message).toMatch(/^half\.docx cannot be read: its ZIP directory is missing/);
  });
});

describe('XML entity attacks', () => {
  const laughs = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE w:document [',
    '<!ENTITY lol "lol">',
    ...Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
    ),
    ']>',
    `<w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>`,
  ].join('\n');

  it('refuses a DOCX with an entity-expansion DOCTYPE, fast and without expanding it', async () => {
    const started = performance.now();
    const { result: err, heapMb } = await memoryGrowth(() =>
      failure(extract(makeDocx({ body: [], documentXml: laughs }), 'laughs.docx')),
    );
    expect(performance.now() - started).toBeLessThan(500);
    expect(heapMb).toBeLessThan(32);
    expect(err.code).toBe('CORRUPT_FILE');
    expect(err.message).toMatch(/document type declaration \(DOCTYPE\) in word\/document\.xml/);
  });

  it('refuses an external entity (XXE) in an optional part too', async () => {
    const parts = docxParts({ body: ['Text.'] });
    parts['word/styles.xml'] =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:styles xmlns:w="' +
      W +
      '">&xxe;</w:styles>';
    const err = await failure(extract(zipParts(parts), 'xxe.docx'));
    expect(err.code).toBe('CORRUPT_FILE');
    expect(err.message).toMatch(/DOCTYPE/);
  });

  it('treats an undefined entity as malformed XML, not as text', async () => {
    const xml = `<w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>&undefined;</w:t></w:r></w:p></w:body></w:document>`;
    const err = await failure(extract(makeDocx({ body: [], documentXml: xml }), 'entity.docx'));
    expect(err.code).toBe('CORRUPT_FILE');
  });
});

describe('deep nesting does not overflow the stack', () => {
  it('reads HTML nested 50 000 levels deep', async () => {
    const html = `${'<div>'.repeat(50_000)}Deep text${'</div>'.repeat(50_000)}`;
    const doc = await extract(html, 'deep.html');
    expect(doc.text).toBe('Deep text');
  });

  it('reads a DOCX with tables nested 5 000 levels deep', async () => {
    const nested = `${'<w:tbl><w:tr><w:tc>'.repeat(5000)}<w:p><w:r><w:t>core</w:t></w:r></w:p>${'</w:tc></w:tr></w:tbl>'.repeat(5000)}`;
    const xml = `<w:document xmlns:w="${W}"><w:body>${nested}</w:body></w:document>`;
    const doc = await extract(makeDocx({ body: [], documentXml: xml }), 'nested.docx');
    expect(doc.blocks).toEqual([expect.objectContaining({ kind: 'table-cell', text: 'core' })]);
  });
});

describe('random and mutated input never crashes (property)', () => {
  const samples: [string, Uint8Array][] = [
    ['vision.docx', visionDocx()],
    ['vision.pdf', visionPdf()],
    ['invitation.eml', invitationEml()],
    ['invitation.html', new TextEncoder().encode(INVITATION_HTML)],
  ];

  const settle = async (bytes: Uint8Array, name: string) => {
    try {
      const doc = await extract(bytes, name);
      for (const b of doc.blocks) expect(doc.text.slice(b.offset, b.offset + b.text.length)).toBe(b.text);
    } catch (err) {
      expect(err).toBeInstanceOf(RapporteurError);
    }
  };

  it('gives a document or a RapporteurError for random bytes under any name', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom('x.pdf', 'x.docx', 'x.html', 'x.eml', 'x.ics', 'x.txt', 'x', 'x.bin'),
        settle,
      ),
      { numRuns: 300 },
    );
  });

  it('gives a document or a RapporteurError for corrupted real files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }),
        fc.option(fc.nat(), { nil: undefined }),
        async ([name, original], flips, cut) => {
          const bytes = original.slice(
            0,
            cut === undefined ? original.length : Math.max(1, cut % original.length),
          );
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          await settle(bytes, name);
        },
      ),
      { numRuns: 120 },
    );
  }, 60_000);
});

describe('limits apply before work is done', () => {
  it('refuses a file over the size limit', async () => {
    const err = await failure(
      extract(visionPdf(), 'big.pdf', { limits: { ...DEFAULT_EXTRACT_LIMITS, maxFileBytes: 1000 } }),
    );
    expect(err.code).toBe('FILE_TOO_LARGE');
    expect(err.message).toMatch(/^big\.pdf is [\d.]+ KB, over the 1000 bytes limit\.$/);
  });

  it('stops between steps when the time budget is spent', async () => {
    const err = await failure(
      extract(visionPdf(), 'slow.pdf', { limits: { ...DEFAULT_EXTRACT_LIMITS, extractTimeoutMs: 0 } }),
    );
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toMatch(/^Reading slow\.pdf took longer than 0 ms/);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await failure(extract(visionDocx(), 'cancelled.docx', { signal: controller.signal }));
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toBe('Reading cancelled.docx was cancelled.');
  });
});
