import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/core/documents/index.js';
import { DEFAULT_EXTRACT_LIMITS } from '../../src/core/documents/options.js';
import { blocksFromText } from '../../src/core/documents/text.js';
import { draftStatus, parseDraft, parseDraftText } from '../../src/core/drafts/index.js';
import type { ParsedDraft } from '../../src/core/drafts/types.js';
import { makeDocx } from '../helpers/make-docx.js';

/**
 * Compilations of proposals laid out as tables: one row per proposal, a number cell, the
 * proposal, and who made it. Each row is one paragraph with its number; a cell naming only
 * parties or groups gives the row's holders and no words; the header row is no text.
 */

const rowsOf = (d: ParsedDraft) =>
  draftStatus(d)
    .sections.flatMap((s) => s.paragraphs)
    .map((p) => ({ label: p.label, state: p.state, holders: p.holders, words: p.words }));

const MARKDOWN = [
  '## Article 9. Technology transfer',
  '',
  '| No. | Text proposed | Submitted by |',
  '|-----|:--------------|--------------|',
  '| 9.1 | Parties [shall][should] facilitate [access to] technologies. | AOSIS |',
  '| 9.2 | [Developed country Parties shall fund centres of excellence.] | LDCs, AGN |',
  '| 9.3 | Parties may exchange experts. | |',
  '',
  '9.4 Parties [are encouraged to] report.',
].join('\n');

describe('Markdown pipe tables', () => {
  it('make one paragraph per row, numbered by its number cell, with the holders of its party cell', () => {
    const d = parseDraftText(MARKDOWN, 'markdown');
    expect(rowsOf(d)).toEqual([
      { label: '¶9.1', state: 'partly-bracketed', holders: ['AOSIS'], words: { total: 7, bracketed: 4 } },
      {
        label: '¶9.2',
        state: 'wholly-bracketed',
        holders: ['AGN', 'LDC'],
        words: { total: 8, bracketed: 8 },
      },
      { label: '¶9.3', state: 'clean', holders: [], words: { total: 4, bracketed: 0 } },
      { label: '¶9.4', state: 'partly-bracketed', holders: [], words: { total: 5, bracketed: 3 } },
    ]);
  });

  it('leave the header and delimiter rows out of the words and the paragraphs', () => {
    const status = draftStatus(parseDraftText(MARKDOWN, 'markdown'));
    // 7 + 8 + 4 + 5 words of the rows and the paragraph below, 2 of the heading's title
    // ("Technology transfer"); none of "No. Text proposed Submitted by" nor of the party cells.
    expect(status.words.total).toBe(26);
  });

  it('keep a header row that holds a bracket as text', () => {
    const text = '| Parties [shall] act | Note |\n|---|---|\n| 1 | Parties report. |';
    const rows = rowsOf(parseDraftText(text, 'markdown'));
    expect(rows[0]?.state).toBe('partly-bracketed');
    expect(rows).toHaveLength(2);
  });

  it('read a cell that names anything but parties and groups as text', () => {
    const text =
      '| No. | Text | Remarks |\n|---|---|---|\n| 2 | Parties [shall] act. | See the note of the co-facilitators |';
    const [row] = rowsOf(parseDraftText(text, 'markdown'));
    expect(row?.holders).toEqual([]);
    expect(row?.words.total).toBe(9);
  });

  it('read a first cell of names as the holders of the row', () => {
    const text = '| Delegation | Proposal |\n|---|---|\n| Norway | Parties [shall] report [annually]. |';
    const [row] = rowsOf(parseDraftText(text, 'markdown'));
    expect(row).toEqual({
      label: 'unnumbered paragraph at line 3',
      state: 'partly-bracketed',
      holders: ['Norway'],
      words: { total: 4, bracketed: 2 },
    });
  });

  it('leave a line with a pipe but no delimiter row below it as running text', () => {
    const text = '5. Parties shall report on inputs | outputs [annually].\n\n6. Parties may cooperate.';
    const rows = rowsOf(parseDraftText(text, 'markdown'));
    expect(rows.map((r) => r.label)).toEqual(['¶5', '¶6']);
    expect(rows[0]?.words.total).toBe(7);
  });
});

async function draftOf(bytes: Uint8Array, name: string): Promise<ParsedDraft> {
  const doc = await extractDocument(bytes, { name, limits: DEFAULT_EXTRACT_LIMITS });
  return parseDraft({ text: doc.text, blocks: doc.blocks, type: doc.type });
}

describe('HTML and DOCX tables', () => {
  it('make one paragraph per HTML row, the th row left out', async () => {
    const html =
      '<html><body><h2>Article 9. Technology transfer</h2><table>' +
      '<tr><th>No.</th><th>Text proposed</th><th>Submitted by</th></tr>' +
      '<tr><td>9.1</td><td>Parties [shall][should] facilitate [access to] technologies.</td><td>AOSIS</td></tr>' +
      '<tr><td>9.2</td><td>[Developed country Parties shall fund centres of excellence.]</td><td>LDCs, AGN</td></tr>' +
      '</table></body></html>';
    const rows = rowsOf(await draftOf(new TextEncoder().encode(html), 'compilation.html'));
    expect(rows).toEqual([
      { label: '¶9.1', state: 'partly-bracketed', holders: ['AOSIS'], words: { total: 7, bracketed: 4 } },
      {
        label: '¶9.2',
        state: 'wholly-bracketed',
        holders: ['AGN', 'LDC'],
        words: { total: 8, bracketed: 8 },
      },
    ]);
  });

  it('make one paragraph per DOCX row, a first row of short column names left out', async () => {
    const docx = makeDocx({
      body: [
        { pieces: ['Article 9. Technology transfer'], style: 'Heading1' },
        {
          rows: [
            ['Paragraph', 'Proposal', 'Proponent'],
            ['PP2', '[Recognizing the role of [regional] centres,]', 'EU'],
            ['OP1', 'Decides to [establish][consider] a network.', ''],
          ],
        },
      ],
    });
    const rows = rowsOf(await draftOf(docx, 'compilation.docx'));
    expect(rows.map((r) => [r.label, r.state, r.holders])).toEqual([
      ['¶Pp2', 'wholly-bracketed', ['EU']],
      ['¶Op1', 'partly-bracketed', []],
    ]);
  });

  it('find the column names below a title row that spans the table', async () => {
    const docx = makeDocx({
      body: [
        {
          rows: [
            ['Compilation of proposals on capacity-building'],
            ['Paragraph', 'Proposal', 'Proponent'],
            ['3', 'Parties [shall] enhance capacity.', 'SIDS'],
          ],
        },
      ],
    });
    const status = draftStatus(await draftOf(docx, 'compilation.docx'));
    const rows = status.sections.flatMap((s) => s.paragraphs);
    expect(rows.map((p) => p.label)).toEqual(['unnumbered paragraph at line 1', '¶3']);
    expect(rows[1]?.holders).toEqual(['SIDS']);
  });

  it('keep a paragraph per block when a cell holds several paragraphs (the draft laid out in a table)', async () => {
    const docx = makeDocx({
      body: [
        {
          rows: [
            [
              [{ pieces: ['1. Parties [shall] cooperate.'] }, { pieces: ['2. Parties [may] report.'] }],
              'Notes of the facilitator',
            ],
          ],
        },
      ],
    });
    const labels = rowsOf(await draftOf(docx, 'layout.docx')).map((r) => r.label);
    expect(labels).toContain('¶1');
    expect(labels).toContain('¶2');
  });
});

describe('the block model is kept', () => {
  it('a draft without any pipe reads exactly as before (blocks passed by the caller)', () => {
    const text = '## Article 1\n\n1.1 Parties [shall] act.\n\n1.2 [Parties may report.]';
    const d = parseDraft({ text, blocks: blocksFromText(text, 'markdown'), type: 'markdown' });
    expect(d.paragraphs.map((p) => p.number ?? p.kind)).toEqual(['heading', '1.1', '1.2']);
  });
});
