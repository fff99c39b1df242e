import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { INVITATION_HTML } from './fixtures.js';
import { expectInvariant, extract } from './helpers.js';

describe('HTML: the event page of the sixth MPP meeting', () => {
  it('drops scripts, styles, navigation and hidden text', async () => {
    const doc = await extract(INVITATION_HTML, 'mpp6.html');
    expectInvariant(doc);
    expect(doc.text).not.toMatch(
      /analytics|font-family|Home|Contact|Internal note|enable JavaScript|tracking/,
    );
  });

  it('keeps headings, ordered-list numbering and table cells as blocks', async () => {
    const doc = await extract(INVITATION_HTML, 'mpp6.html');
    expect(doc.blocks.map((b) => [b.kind, b.numbering ?? '', b.text])).toEqual([
      ['heading', '', 'Sixth meeting of the WSIS+10 MPP'],
      [
        'paragraph',
        '',
        'The sixth meeting of the Multistakeholder Preparatory Platform will be held on Monday 9 June 2014, 14:00–18:00, at ITU headquarters, Geneva.',
      ],
      ['heading', '', 'Programme'],
      ['list-item', '1.', 'Opening by the Chair'],
      ['list-item', '2.', 'Outstanding sections of the draft Vision'],
      ['list-item', 'a.', 'Action Line C5'],
      ['list-item', 'b.', 'Action Lines C8 and C9'],
      ['list-item', '3.', 'Closing'],
      ['heading', '', 'Practical information'],
      ['table-cell', '', 'Date'],
      ['table-cell', '', 'Time'],
      ['table-cell', '', 'Room'],
      ['table-cell', '', '9 June 2014'],
      ['table-cell', '', '14:00–18:00'],
      ['table-cell', '', 'K'],
      ['paragraph', '', 'Remote participation is available. Registration closes on 6 June.'],
      ['paragraph', '', '© ITU 2014'],
    ]);
    expect(doc.blocks[5]?.level).toBe(2);
    expect(doc.blocks[13]?.cell).toEqual({ table: 0, row: 1, column: 1 });
    expect(doc.blocks[2]?.level).toBe(2);
  });

  it('turns <ins> and <del> into revisions, with deleted text left out', async () => {
    const doc = await extract(INVITATION_HTML, 'mpp6.html');
    expect(doc.text).not.toContain('5 June');
    expect(doc.revisions.map((r) => [r.kind, r.text])).toEqual([
      ['delete', 'Registration closes on 5 June.'],
      ['insert', 'Registration closes on 6 June.'],
    ]);
  });

  it('reads title, description, date and language', async () => {
    const doc = await extract(INVITATION_HTML, 'mpp6.html');
    expect(doc.metadata).toEqual({
      title: 'WSIS+10: Sixth MPP meeting, 9 June 2014',
      subject: 'Sixth meeting of the WSIS+10 Multistakeholder Preparatory Platform',
      date: '2014-06-03',
      language: 'en',
    });
  });
});

describe('HTML: whitespace, lists and encodings', () => {
  it('collapses whitespace inside blocks and keeps <br> and <pre> line breaks', async () => {
    const doc = await extract(
      '<p>  Geneva,\n\n   <em>ITU</em>\tTower<br>Room   K </p><pre>  14:00  Opening\n  16:00  Close</pre>',
      'ws.html',
    );
    expect(doc.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['paragraph', 'Geneva, ITU Tower\nRoom K'],
      ['code', '14:00  Opening\n  16:00  Close'],
    ]);
  });

  it('numbers <ol start>, reversed lists and <li value>, and marks <ul> items', async () => {
    const doc = await extract(
      '<ol start="12"><li>twelve</li><li value="20">twenty</li><li>twenty-one</li></ol><ol reversed><li>c</li><li>b</li><li>a</li></ol><ol type="I"><li>one</li><li>two</li></ol><ul><li>bullet</li></ul>',
      'lists.html',
    );
    expect(doc.blocks.map((b) => b.numbering)).toEqual([
      '12.',
      '20.',
      '21.',
      '3.',
      '2.',
      '1.',
      'I.',
      'II.',
      '•',
    ]);
  });

  it('keeps paragraphs inside a list item in that item', async () => {
    const doc = await extract(
      '<ol><li><p>First part.</p><p>Second part.</p></li><li>Next</li></ol>',
      'li.html',
    );
    expect(doc.blocks.map((b) => [b.numbering, b.text])).toEqual([
      ['1.', 'First part.\nSecond part.'],
      ['2.', 'Next'],
    ]);
  });

  it('decodes a page in its declared legacy charset', async () => {
    const html =
      '<html><head><meta charset="windows-1252"></head><body><p>Genève, Zürich – “réunion”</p></body></html>';
    const doc = await extract(new Uint8Array(iconv.encode(html, 'windows-1252')), 'legacy.html');
    expect(doc.blocks[0]?.text).toBe('Genève, Zürich – “réunion”');
  });

  it('keeps the invariant for any markup (property)', async () => {
    const tags = [
      'p',
      'div',
      'li',
      'ol',
      'ul',
      'h2',
      'td',
      'tr',
      'table',
      'br',
      'pre',
      'ins',
      'del',
      'span',
      'b',
    ];
    const piece = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9 [\]\n.,]{0,12}$/),
      fc.constantFrom(...tags.map((t) => `<${t}>`), ...tags.map((t) => `</${t}>`)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), async (pieces) => {
        const html = pieces.join('');
        let doc: Awaited<ReturnType<typeof extract>>;
        try {
          doc = await extract(html, 'random.html');
        } catch (err) {
          expect((err as { code?: string }).code).toBe('NO_TEXT');
          return;
        }
        expectInvariant(doc);
        // Nothing is invented: the text holds no more letters than the markup.
        const letters = html.replace(/<[^>]+>/g, '').replace(/[^A-Za-z0-9]/g, '');
        expect(doc.text.replace(/[^A-Za-z0-9]/g, '').length).toBeLessThanOrEqual(letters.length);
      }),
      { numRuns: 150 },
    );
  });
});
