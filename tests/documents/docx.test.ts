import { describe, expect, it } from 'vitest';
import { docxParts, esc, makeDocx, zipParts } from '../helpers/make-docx.js';
import { VISION_TITLE, visionDocx, visionDocxSpec } from './fixtures.js';
import { expectInvariant, extract, failure } from './helpers.js';

describe('DOCX: the Vision draft with comments and tracked changes', () => {
  it('reads headings, computed list numbering, table cells and footnotes in order', async () => {
    const doc = await extract(visionDocx(), 'vision-2014-06-01.docx');
    expectInvariant(doc);
    expect(doc.type).toBe('docx');
    const outline = doc.blocks.map((b) => [b.kind, b.numbering ?? '', b.level ?? 0]);
    expect(outline.slice(0, 11)).toEqual([
      ['heading', '', 1],
      ['paragraph', '', 0],
      ['heading', '', 1],
      ['list-item', '1.', 1],
      ['list-item', '2.', 1],
      ['list-item', '3.', 1],
      ['heading', '', 1],
      ['list-item', '4.', 1],
      ['list-item', '(a)', 2],
      ['list-item', '(b)', 2],
      ['list-item', '5.', 1],
    ]);
    // The numbering continues after the table and the page break: paragraph 6 is "6.".
    const review = doc.blocks.find((b) => b.text.startsWith('[Alt 1:'));
    expect(review?.numbering).toBe('6.');
    expect(review?.page).toBe(2);
    // Labels are outside the text, as the block model says.
    expect(doc.blocks[3]?.text.startsWith('We, the representatives')).toBe(true);

    const cells = doc.blocks.filter((b) => b.kind === 'table-cell');
    expect(cells).toHaveLength(8);
    expect(cells[3]).toMatchObject({ text: '[No consensus]', cell: { table: 0, row: 1, column: 1 } });

    const note = doc.blocks.at(-1);
    expect(note).toMatchObject({
      kind: 'footnote',
      numbering: '1',
      text: expect.stringContaining('Tunis Agenda'),
    });
    // The reference mark in the body is a superscript, so it neither looks like a bracket nor joins a number.
    expect(doc.blocks[4]?.text.endsWith('responsibilities].¹')).toBe(true);
  });

  it('keeps inserted text, drops deleted text and lists both as revisions with author and date', async () => {
    const doc = await extract(visionDocx(), 'vision.docx');
    expect(doc.text).toContain('quality and affordability of broadband');
    expect(doc.text).not.toContain('quality and cost');
    expect(doc.text).toContain('technologies[, as appropriate,] with full respect');
    expect(doc.text).toContain('multistakeholder dialogue.');
    expect(doc.text).not.toContain('continuation beyond 2015');
    expect(doc.revisions.map((r) => [r.kind, r.author, r.text])).toEqual([
      ['delete', 'United States', 'cost'],
      ['insert', 'United States', 'affordability'],
      ['insert', 'Russian Federation', '[, as appropriate,]'],
      ['delete', 'G77 and China', ' and call for its continuation beyond 2015'],
    ]);
    const ins = doc.revisions[2];
    expect(ins?.date).toBe('2014-05-31T22:05:00Z');
    expect(ins?.anchor?.text).toBe('[, as appropriate,]');
    const del = doc.revisions[3];
    expect(del?.anchor?.start).toBe(del?.anchor?.end);
    expect(doc.text.slice((del?.anchor?.start ?? 0) - 8, del?.anchor?.start)).toBe('dialogue');
  });

  it('anchors comments to the text they cover and reads party holders, replies and resolution', async () => {
    const doc = await extract(visionDocx(), 'vision.docx');
    const [us, g77, eu] = doc.comments;
    expect(us).toMatchObject({
      id: '1',
      author: 'US delegation',
      initials: 'US',
      date: '2014-05-30T16:40:00Z',
      holders: ['US'],
      anchor: { text: '[, in their respective roles and responsibilities]' },
    });
    expect(doc.blocks[us?.anchor?.block ?? -1]?.numbering).toBe('2.');
    expect(g77).toMatchObject({
      holders: ['G77'],
      parentId: '1',
      text: 'G-77/China: Retain, as agreed in Tunis.',
    });
    expect(eu?.holders).toEqual(['EU', 'Norway']);
    expect(eu?.resolved).toBe(true);
    expect(eu?.text).toBe('EU, Norway: Move this paragraph to the Chair’s report.\nText to follow.');
    expect(eu?.anchor?.text.startsWith('[We note with concern')).toBe(true);
  });

  it('reads document properties', async () => {
    const doc = await extract(visionDocx(), 'vision.docx');
    expect(doc.metadata).toMatchObject({
      title: VISION_TITLE,
      author: 'WSIS+10 MPP Chair',
      created: '2014-05-28T08:00:00Z',
      modified: '2014-06-01T01:20:00Z',
      pages: 2,
    });
  });

  it('reads the same document when the WordprocessingML namespace uses another prefix', async () => {
    const normal = await extract(visionDocx(), 'a.docx');
    const renamed = await extract(makeDocx({ ...visionDocxSpec(), prefix: 'ns0' }), 'b.docx');
    expect(renamed.text).toBe(normal.text);
    expect(renamed.revisions).toEqual(normal.revisions);
    expect(renamed.comments.map((c) => c.anchor)).toEqual(normal.comments.map((c) => c.anchor));
  });
});

describe('DOCX: structures Word writes', () => {
  it('numbers restarted lists, bullets and legal multi-level labels', async () => {
    const doc = await extract(
      makeDocx({
        body: [
          { list: { numId: 1 }, pieces: ['first'] },
          { list: { numId: 1 }, pieces: ['second'] },
          { list: { numId: 3 }, pieces: ['restarted'] },
          { list: { numId: 2 }, pieces: ['bullet'] },
          { list: { numId: 2, level: 1 }, pieces: ['sub-bullet'] },
          { list: { numId: 4 }, pieces: ['Section'] },
          { list: { numId: 4, level: 1 }, pieces: ['Subsection'] },
          { list: { numId: 4, level: 1 }, pieces: ['Next subsection'] },
          { list: { numId: 4 }, pieces: ['Next section'] },
          { list: { numId: 4, level: 1 }, pieces: ['Restarted subsection'] },
          { style: 'OperativePara', pieces: ['numbered through its style'] },
        ],
      }),
      'lists.docx',
    );
    expect(doc.blocks.map((b) => b.numbering)).toEqual([
      '1.',
      '2.',
      '1.',
      '•',
      'o',
      'I.',
      'I.A',
      'I.B',
      'II.',
      'II.A',
      '2.',
    ]);
  });

  it('handles tabs, line breaks, hidden text, field codes and point comments', async () => {
    const doc = await extract(
      makeDocx({
        body: [
          {
            pieces: [
              'Item',
              { tab: true },
              'C5',
              { br: 'line' },
              'second line',
              { hidden: 'HIDDEN' },
              {
                xml: '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>',
              },
              { xml: '<w:r><w:commentReference w:id="9"/></w:r>' },
            ],
          },
        ],
        comments: [{ id: 9, author: 'Chair', text: 'Check the page number.' }],
      }),
      'fields.docx',
    );
    expect(doc.blocks[0]?.text).toBe('Item\tC5\nsecond line7');
    expect(doc.comments[0]?.anchor).toMatchObject({ text: '', start: doc.blocks[0]?.text.length });
    expect(doc.comments[0]?.holders).toBeUndefined();
  });

  it('reads text boxes once, skipping the VML fallback copy', async () => {
    const box = (text: string) =>
      `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:txbxContent><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>`;
    const doc = await extract(
      makeDocx({ body: [{ pieces: ['Letterhead follows', { xml: box('ITU Geneva') }] }] }),
      'box.docx',
    );
    expect(doc.text.match(/ITU Geneva/g)).toHaveLength(1);
    expect(doc.blocks.map((b) => b.text)).toEqual(['ITU Geneva', 'Letterhead follows']);
  });

  it('reports moved text as a deletion and an insertion', async () => {
    const by = { author: 'Brazil', date: '2014-05-29T12:00:00Z' };
    const doc = await extract(
      makeDocx({
        body: [
          {
            pieces: [
              { moveFrom: 'Moved sentence. ', by },
              'Staying text. ',
              { moveTo: 'Moved sentence.', by },
            ],
          },
        ],
      }),
      'move.docx',
    );
    expect(doc.blocks[0]?.text).toBe('Staying text. Moved sentence.');
    expect(doc.revisions.map((r) => [r.kind, r.text])).toEqual([
      ['delete', 'Moved sentence. '],
      ['insert', 'Moved sentence.'],
    ]);
  });

  it('merges adjacent runs of one insertion into one revision', async () => {
    const by = { author: 'EU', date: '2014-05-29T12:00:00Z' };
    const doc = await extract(
      makeDocx({ body: [{ pieces: ['A ', { ins: 'new ', by }, { ins: 'clause', by }, '.'] }] }),
      'm.docx',
    );
    expect(doc.revisions).toHaveLength(1);
    expect(doc.revisions[0]).toMatchObject({ kind: 'insert', text: 'new clause', author: 'EU' });
  });

  it('keeps going when an optional part is damaged, with a warning', async () => {
    const parts = docxParts({
      body: ['Paragraph one.'],
      comments: [{ id: 1, author: 'US', text: 'US: delete' }],
    });
    parts['word/comments.xml'] =
      '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment>';
    const doc = await extract(zipParts(parts), 'damaged-comments.docx');
    expect(doc.blocks[0]?.text).toBe('Paragraph one.');
    expect(doc.warnings.map((w) => w.code)).toContain('docx.part-unreadable');
  });

  it('refuses a document whose main part is not well-formed', async () => {
    const parts = docxParts({ body: ['x'] });
    parts['word/document.xml'] =
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>';
    const err = await failure(extract(zipParts(parts), 'broken.docx'));
    expect(err.code).toBe('CORRUPT_FILE');
    expect(err.message).toContain('broken.docx');
    expect(err.hint).toMatch(/save it again/i);
  });

  it('refuses a DOCX without text as NO_TEXT', async () => {
    const err = await failure(extract(makeDocx({ body: [{ pieces: [''] }] }), 'empty.docx'));
    expect(err.code).toBe('NO_TEXT');
  });

  it('escapes nothing twice: entities in text come out as characters', async () => {
    const doc = await extract(makeDocx({ body: ['R&D <ICT> "quotes" & more'] }), 'esc.docx');
    expect(doc.blocks[0]?.text).toBe('R&D <ICT> "quotes" & more');
    expect(esc('<&>')).toBe('&lt;&amp;&gt;');
  });
});
