import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { visionDocx, visionPdf } from '../documents/fixtures.js';
import { FIXTURES } from './fixtures.js';

/** Runs `rapporteur ...` in-process and captures what it prints. */
async function run(args: string[], env: Record<string, string> = {}) {
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
    cwd: FIXTURES,
  });
  return { code, stdout, stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'rapporteur-draft-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('rapporteur draft status', () => {
  it('prints a readable report: state, counts, sections and diagnostics with line:column', async () => {
    const r = await run(['draft', 'status', 'vision-2014-05-29-v7.md']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('vision-2014-05-29-v7.md: partly bracketed');
    // Sections are named by their headings, numbers included; internal ids never show.
    expect(r.stdout).toMatch(/Action Line C9\. Media\s+partly bracketed/);
    expect(r.stdout).toMatch(/Section III\. Action lines beyond 2015\s+wholly bracketed/);
    expect(r.stdout).not.toMatch(/section-III|\/#\d/);
    expect(r.stdout).toContain('40:122  warning  bracket.unclosed');
  });

  it('prints the documented JSON with --json', async () => {
    const r = await run(['draft', 'status', 'vision-2014-06-01.md', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      schema: 'rapporteur/draft-status@1',
      brackets: { total: 16, topLevel: 10, maxDepth: 2 },
      alternatives: 4,
      words: { total: 463, bracketed: 165 },
      agreedPercent: 64.4,
      diagnostics: [],
    });
    expect(report.sections.find((s: { id: string }) => s.id === 'C8')).toMatchObject({
      title: 'Cultural diversity and identity, linguistic diversity and local content',
      state: 'clean',
      brackets: { total: 0 },
    });
  });

  it('shows one section with its paragraphs, and marks clean sections provisionally agreed under a package deal', async () => {
    const r = await run(['draft', 'status', 'vision-2014-06-01.md', '--section', 'media', '--package-deal']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Action Line C9. Media (line 40)');
    expect(r.stdout).toMatch(/¶14 bis\s+\d+\s+wholly bracketed \(number bracketed\)/);
    expect(r.stdout).toContain('Package deal');
    const json = JSON.parse(
      (await run(['draft', 'status', 'vision-2014-06-01.md', '--package-deal', '--json'])).stdout,
    );
    expect(json.sections.find((s: { id: string }) => s.id === 'C8').state).toBe('provisionally-agreed');
  });

  it('names the sections when --section matches none', async () => {
    const r = await run(['draft', 'status', 'vision-2014-06-01.md', '--section', 'C42']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rapporteur: No section matches "C42"\. Use one of: .*C9.*\n$/);
    // Cited as people cite them, never by id ("article-4", "C9/#3").
    expect(r.stderr).not.toMatch(/[a-z]+-\d|\//);
  });

  it('reads plain text', async () => {
    const r = await run(['draft', 'status', 'vision-2014-06-01.txt']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Action Line C5\. Building confidence.*\s+wholly bracketed/);
  });
});

describe('rapporteur draft diff', () => {
  it('reports what was agreed, deleted, added and changed', async () => {
    const r = await run(['draft', 'diff', 'vision-2014-05-31.md', 'vision-2014-06-01.md']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '4 agreed (brackets removed, text kept), 5 deleted with their text, 1 added, 1 changed',
    );
    expect(r.stdout).toContain(
      'was C8 ¶10 line 34, now C8 ¶11 line 36: [, in their respective roles and responsibilities]',
    );
    expect(r.stdout).toContain('shall -> should (weakened)');
    expect(r.stdout).toMatch(/C8\s+partly bracketed\s+->\s+clean/);
  });

  it('prints the documented JSON with --json', async () => {
    const r = await run(['draft', 'diff', 'vision-2014-05-31.md', 'vision-2014-06-01.md', '--json']);
    const d = JSON.parse(r.stdout);
    expect(Object.keys(d)).toEqual(
      expect.arrayContaining([
        'added',
        'resolvedKept',
        'resolvedDeleted',
        'changed',
        'sections',
        'qualifiers',
        'links',
      ]),
    );
    expect(d.qualifiers.added[0]).toMatchObject({ phrase: 'in accordance with national legislation' });
    expect(d.qualifiers.removed[0]).toMatchObject({
      phrase: 'in their respective roles and responsibilities',
    });
    expect(d.sections.find((s: { id: string }) => s.id === 'C8')).toMatchObject({
      before: 'partly-bracketed',
      after: 'clean',
    });
    expect(d.resolvedKept[0].before).toMatchObject({ section: 'C5', paragraph: 'C5/7', line: 26 });
  });
});

describe('rapporteur draft clean and qualifiers', () => {
  it('previews the text with all bracketed text deleted, or with the brackets dropped', async () => {
    const del = await run(['draft', 'clean', 'vision-2014-06-01.md']);
    expect(del.code).toBe(0);
    expect(del.stdout).not.toContain('[');
    expect(del.stdout).not.toContain('Section III');
    expect(del.stderr).toContain(
      'removed 1 paragraph whose number is bracketed: Action Line C9. Media ¶14 bis',
    );
    const keep = await run(['draft', 'clean', 'vision-2014-06-01.md', '--keep-text']);
    expect(keep.stdout).toContain('15. The action lines should be reviewed by 2020 / by 2025 in the light');
    expect(keep.stdout).not.toContain('US: retain');
  });

  it('lists qualifiers and strength verbs, with extra phrases', async () => {
    const r = await run([
      'draft',
      'qualifiers',
      'vision-2014-06-01.md',
      '--extra',
      'multistakeholder, safely',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"inter alia" (2)');
    expect(r.stdout).toContain('"safely" (1)');
    expect(r.stdout).toMatch(/modal: should \d+/);
    const json = JSON.parse((await run(['draft', 'qualifiers', 'vision-2014-06-01.md', '--json'])).stdout);
    expect(json.schema).toBe('rapporteur/draft-qualifiers@1');
    expect(json.qualifiers.occurrences[0]).toEqual(
      expect.objectContaining({
        phrase: expect.any(String),
        line: expect.any(Number),
        column: expect.any(Number),
      }),
    );
  });
});

describe('bad input: one clear line on stderr and a non-zero exit', () => {
  it('a missing file', async () => {
    const r = await run(['draft', 'status', 'no-such-draft.md']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'rapporteur: File not found: no-such-draft.md. Check the path; relative paths are read from the current directory.\n',
    );
  });

  it('a binary file', async () => {
    const file = join(tmp, 'draft.md');
    writeFileSync(file, Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0xff, 0x00]));
    const r = await run(['draft', 'status', file]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('looks like a binary file');
  });

  it('a file over the size limit', async () => {
    const file = join(tmp, 'big.md');
    writeFileSync(file, `${'Parties [shall] act. '.repeat(80_000)}\n`);
    const r = await run(['draft', 'status', file], { RAPPORTEUR_MAX_FILE_MB: '1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^rapporteur: big\.md is 1\.\d MB, over the 1 MB limit\. .*RAPPORTEUR_MAX_FILE_MB.*\n$/,
    );
  });

  it('a damaged PDF: one clear line naming the file, no stack trace', async () => {
    const file = join(tmp, 'draft.pdf');
    writeFileSync(file, '%PDF-1.4 fake');
    const r = await run(['draft', 'status', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rapporteur: draft\.pdf /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reads a DOCX draft through the documents module, with comment holders on their brackets', async () => {
    const file = join(tmp, 'vision.docx');
    writeFileSync(file, visionDocx());
    const r = await run(['draft', 'status', file, '--json']);
    expect(r.code).toBe(0);
    const status = JSON.parse(r.stdout) as { brackets: { total: number }; holders: string[] };
    expect(status.brackets.total).toBeGreaterThan(0);
    expect(status.holders).toContain('US');
  });

  it('reads the same draft as a PDF', async () => {
    const file = join(tmp, 'vision.pdf');
    writeFileSync(file, visionPdf());
    const r = await run(['draft', 'status', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('brackets');
  });

  it('an empty file', async () => {
    const file = join(tmp, 'empty.txt');
    writeFileSync(file, '  \n\n');
    const r = await run(['draft', 'status', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('contains no text');
  });

  it('an unknown option, a missing argument, an unknown command: usage errors, exit 2', async () => {
    for (const args of [
      ['draft', 'status', 'vision-2014-06-01.md', '--colour'],
      ['draft', 'diff', 'vision-2014-06-01.md'],
      ['draft', 'status', 'a.md', 'b.md'],
      ['draft', 'summarise', 'vision-2014-06-01.md'],
      ['draft', 'status', '--section'],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /^rapporteur: (draft( \w+)?: |unknown command "draft \w+").+ Run `rapporteur draft( \w+)? --help` for the usage\.\n$/,
      );
    }
  });

  it('prints usage on --help', async () => {
    const r = await run(['draft', 'diff', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rapporteur draft diff OLD NEW [--json]');
  });
});
