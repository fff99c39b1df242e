import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { INVITATION_ICS, invitationEml, visionDocx, visionPdf } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'rapporteur-doc-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: Uint8Array | string): string {
  writeFileSync(join(dir, name), content);
  return name;
}

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env,
    cwd: dir,
  });
  return { code, stdout, stderr };
}

describe('rapporteur doc extract', () => {
  it('prints the blocks with their numbering, then comments and tracked changes', async () => {
    const { code, stdout, stderr } = await cli(['doc', 'extract', file('vision.docx', visionDocx())]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^vision\.docx: a Word \(DOCX\) document, 2 pages, \d+ blocks, 3 comments, 4 tracked changes\n/,
    );
    expect(stdout).toContain('\n# A. Preamble\n');
    expect(stdout).toContain('\n2. We recognize that the implementation');
    expect(stdout).toContain('\n  (a) by building capacity in developing countries;\n');
    expect(stdout).toContain('[footnote 1] Tunis Agenda');
    expect(stdout).toContain(
      '#1 US delegation, 2014-05-30T16:40:00Z on "[, in their respective roles and responsibilities]": US: Delete. This qualifier narrows the commitment. [holders: US]',
    );
    expect(stdout).toContain('+ inserted (Russian Federation, 2014-05-31T22:05:00Z): "[, as appropriate,]"');
    expect(stdout).toContain('- deleted (United States, 2014-05-30T16:42:00Z): "cost"');
  }, 30_000);

  it('prints JSON with type, pages, blocks, comments, revisions, events and attachments', async () => {
    const { code, stdout } = await cli(['doc', 'extract', file('vision2.docx', visionDocx()), '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ type: 'docx', pages: 2, events: [], attachments: [] });
    expect(json.blocks[3]).toEqual({
      kind: 'list-item',
      text: expect.stringMatching(/^We, the representatives/),
      page: 1,
      line: 7,
      level: 1,
      numbering: '1.',
    });
    expect(json.comments[0]).toMatchObject({
      author: 'US delegation',
      date: '2014-05-30T16:40:00Z',
      text: 'US: Delete. This qualifier narrows the commitment.',
      anchor: { text: '[, in their respective roles and responsibilities]' },
      holders: ['US'],
    });
    expect(json.revisions[1]).toMatchObject({
      kind: 'insert',
      author: 'United States',
      date: '2014-05-30T16:42:00Z',
      text: 'affordability',
    });
  }, 30_000);

  it('shows the events and attachments of an e-mail', async () => {
    const { code, stdout } = await cli(['doc', 'extract', file('invitation.eml', invitationEml()), '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.type).toBe('eml');
    expect(json.email.subject).toMatch(/^Corrected invitation/);
    expect(json.events[0].start.utc).toBe('2014-06-09T12:00:00Z');
    const pdf = json.attachments.find(
      (a: { filename: string | null }) => a.filename === 'MPP6-invitation.pdf',
    );
    expect(pdf.document).toMatchObject({ type: 'pdf', pages: 1 });

    const text = await cli(['doc', 'extract', file('invitation.ics', INVITATION_ICS)]);
    expect(text.stdout).toContain(
      'Sixth meeting of the WSIS+10 MPP (corrected): 2014-06-09 14:00:00 Europe/Berlin (2014-06-09T12:00:00Z) to 2014-06-09 16:00:00 Europe/Berlin (2014-06-09T14:00:00Z) at ITU headquarters, Room K, Geneva [REQUEST, CONFIRMED, seq 1]',
    );
  }, 30_000);

  it('prints pages for a PDF', async () => {
    const { stdout } = await cli(['doc', 'extract', file('vision.pdf', visionPdf())]);
    expect(stdout).toMatch(/^vision\.pdf: a PDF, 2 pages/);
    expect(stdout).toContain('--- page 2 ---');
  }, 30_000);

  it('fails with one clear line and the right exit code', async () => {
    const missing = await cli(['doc', 'extract', 'nowhere.pdf']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe(
      'rapporteur: File not found: nowhere.pdf. Check the path; relative paths are read from the current directory.\n',
    );

    const mismatch = await cli(['doc', 'extract', file('labelled.pdf', visionDocx())]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(
      /^rapporteur: labelled\.pdf is labelled as a PDF but its content is a Word \(DOCX\) document\./,
    );

    expect((await cli(['doc', 'extract'])).code).toBe(2);
    expect((await cli(['doc', 'extract', 'a', 'b'])).code).toBe(2);
    expect((await cli(['doc', 'extract', 'a', '--yaml'])).stderr).toMatch(/unknown option "--yaml"/i);
    expect((await cli(['doc', 'summarise', 'a'])).code).toBe(2);
  }, 30_000);

  it('refuses a file over the size limit before reading it', async () => {
    const big = file('big.txt', 'x'.repeat(1024 * 1024 + 10));
    const { code, stderr } = await cli(['doc', 'extract', big], { RAPPORTEUR_MAX_FILE_MB: '1' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/big\.txt is 1\.0 MB, over the 1 MB limit/);
  });

  it('documents itself', async () => {
    const { code, stdout } = await cli(['doc', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: rapporteur doc extract FILE \[--json\]/);
  });
});
