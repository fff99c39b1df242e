import { describe, expect, it } from 'vitest';
import { docxParts, esc, zipParts } from '../helpers/make-docx.js';
import { extract, failure } from './helpers.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/**
 * A DOCX whose `count` comments all cover the same `chars` characters: every comment's
 * anchor repeats that text, so a file of a few hundred KB unfolds into count x chars
 * characters (20,000 x 50,000 = 1 G) once the result leaves the sandbox.
 */
function overlappingComments(count: number, chars: number): Uint8Array {
  const parts = docxParts({
    body: ['x'],
    comments: Array.from({ length: count }, (_, id) => ({ id, author: 'A', text: 'c' })),
  });
  const starts = Array.from({ length: count }, (_, id) => `<w:commentRangeStart w:id="${id}"/>`).join('');
  const ends = Array.from({ length: count }, (_, id) => `<w:commentRangeEnd w:id="${id}"/>`).join('');
  const text = esc('All delegations agreed. '.repeat(Math.ceil(chars / 24)).slice(0, chars));
  parts['word/document.xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body><w:p>${starts}<w:r><w:t>${text}</w:t></w:r>${ends}</w:p></w:body></w:document>`;
  return zipParts(parts);
}

describe('the Document an extraction returns is bounded', () => {
  it('refuses a DOCX whose overlapping comments would repeat its text thousands of times, naming the limit', async () => {
    const file = overlappingComments(5_000, 20_000);
    expect(file.length).toBeLessThan(400 * 1024);
    const started = performance.now();
    const err = await failure(extract(file, 'overlap.docx'));
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(err.code).toBe('LIMIT_EXCEEDED');
    expect(err.message).toMatch(/^overlap\.docx unfolds into [\d,]+ characters of commented or changed text/);
    expect(err.message).toMatch(/maxAnchorChars/);
  }, 60_000);

  it('refuses more comments than a document can sensibly hold', async () => {
    const err = await failure(extract(overlappingComments(10_001, 10), 'many.docx'));
    expect(err.message).toMatch(/10,001 comments, more than the limit of 10,000 \(maxComments\)/);
  }, 60_000);

  it('still reads a document with a few overlapping comments', async () => {
    const doc = await extract(overlappingComments(3, 2_000), 'ok.docx');
    expect(doc.comments).toHaveLength(3);
    expect(doc.comments[0]?.anchor?.text.length).toBe(2_000);
  });
});
