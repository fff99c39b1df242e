import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { makeDocx } from '../helpers/make-docx.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs `rapporteur ...` in-process from the project root and captures what it prints. */
async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: {},
    cwd: ROOT,
  });
  return { code, stdout, stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'rapporteur-language-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string | Uint8Array>): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  return dir;
}

describe('rapporteur language check', () => {
  it('names the sources newest first and the roll-back, with the overlapping words marked', async () => {
    const r = await run([
      'language',
      'check',
      '--library',
      'examples/agreed',
      'The role of governments and all stakeholders in the promotion of ICTs for development',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'ROLL-BACK: [governments] follows Geneva Plan of Action (2003) heading "C1. The role of governments and all…"; Tunis Agenda (2005) heading "C1. The role of public governance…" reads "public governance authorities"',
    );
    const tunis = r.stdout.indexOf('Tunis Agenda (WSIS-05/TUNIS/DOC/6(Rev.1)), adopted 2005-11-18, summit');
    const geneva = r.stdout.indexOf(
      'Geneva Plan of Action (WSIS-03/GENEVA/DOC/5), adopted 2003-12-12, summit',
    );
    expect(tunis).toBeGreaterThan(0);
    expect(geneva).toBeGreaterThan(tunis);
    expect(r.stdout).toContain(
      'here:   «The role of» governments «and all stakeholders in the promotion of ICTs for development»',
    );
  });

  it('prints the documented JSON with --json', async () => {
    const r = await run([
      'language',
      'check',
      '--json',
      '--library',
      'examples/agreed',
      'Governments should draw up national e-strategies with the participation of all stakeholders, by 2005.',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      schema: 'rapporteur/language-check@1',
      words: 14,
      library: { passages: expect.any(Number) },
      rollBacks: [{ wording: '2005', newer: { wording: '2010', text: { title: 'Tunis Agenda' } } }],
    });
    expect(report.sources[1]).toMatchObject({ verbatim: true, passage: { label: '¶ 8' } });
  });

  it('dates a text from its dateline when library.json does not list it, and reads any format', async () => {
    const dir = folder('dated', {
      'older.docx': makeDocx({
        body: [
          { style: 'Title', pieces: ['Declaration of an example conference'] },
          { pieces: ['Adopted at Lima, 3 March 2011'] },
          { pieces: ['Fisheries agencies shall publish annual catch statistics for every coastal region.'] },
        ],
      }),
      'newer.md':
        '# Resolution of a later example conference\n\nAdopted at Accra, 9 October 2019\n\n1. Fisheries agencies shall publish monthly catch statistics for every coastal region.\n',
    });
    const r = await run([
      'language',
      'check',
      '--library',
      dir,
      'Fisheries agencies shall publish annual catch statistics for every coastal region.',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('ROLL-BACK: [annual] follows Declaration of an example conference (2011)');
    expect(r.stdout).toContain('Resolution of a later example conference (2019) ¶ 1 reads "monthly"');
  });
});

describe('rapporteur language section', () => {
  it('reports each paragraph of a section: roll-backs, sources, options compared', async () => {
    const r = await run([
      'language',
      'section',
      '--library',
      'examples/agreed',
      'examples/vision-c1-proposals.md',
      'C1',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('vision-c1-proposals.md: Action Line C1');
    // Paragraphs as people cite them, never the engine's ids ("C1/1").
    expect(r.stdout).toContain('\n¶1 (line 7)\n');
    expect(r.stdout).not.toMatch(/C1\/\d/);
    expect(r.stdout).toContain('3 roll-backs');
    expect(r.stdout).toContain(
      '[public governance authorities]: newest agreed language; in Tunis Agenda (2005)',
    );
    expect(r.stdout).toContain(
      'ROLL-BACK: [2005] follows Geneva Plan of Action (2003) ¶ 8; Tunis Agenda (2005) ¶ 85 reads "2010"',
    );
  });

  it('prints JSON with --json', async () => {
    const r = await run([
      'language',
      'section',
      'examples/vision-c1-proposals.md',
      'C1',
      '--library',
      'examples/agreed',
      '--json',
    ]);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      schema: 'rapporteur/language-section@1',
      section: { id: 'C1' },
      summary: { rollBacks: 3, alternatives: 2 },
    });
  });

  it('an unknown section lists the ones there are', async () => {
    const r = await run([
      'language',
      'section',
      '--library',
      'examples/agreed',
      'examples/vision-c1-proposals.md',
      'C7',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No section matches "C7" in vision-c1-proposals.md. Use one of:');
    expect(r.stderr).not.toMatch(/Use one of: .*(?:[a-z]+-\d|front)/);
  });
});

describe('bad input', () => {
  it('an empty library folder says how to add documents', async () => {
    const r = await run(['language', 'check', '--library', folder('empty', {}), 'some words']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /has no agreed texts\. Put the agreed texts .* library\.json looks like \{"texts"/,
    );
  });

  it('a text with no date found is refused by name', async () => {
    const dir = folder('undated', {
      'dated.md': '# A\n\nAdopted on 1 May 2001\n\nSome agreed words about rivers and lakes.\n',
      'undated.md': '# B\n\nSome agreed words about mountains.\n',
    });
    const r = await run(['language', 'check', '--library', dir, 'rivers and lakes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No date of adoption found for undated.md');
    expect(r.stderr).toContain('"adopted"');
  });

  it('a library file that is not text gives the documents module’s error', async () => {
    const dir = folder('binary', {
      'photo.png': new Uint8Array([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82,
      ]),
    });
    const r = await run(['language', 'check', '--library', dir, 'some words']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rapporteur: photo\.png .*(PNG|image|not a document|supported)/i);
  });

  it('a huge pasted text is refused with the limit', async () => {
    const r = await run(['language', 'check', '--library', 'examples/agreed', 'agreed '.repeat(4000)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('over the 20,000-character limit');
  });

  it('a missing --library or a bad manifest is a usage error', async () => {
    expect((await run(['language', 'check', 'words'])).stderr).toContain('--library DIR is required');
    const dir = folder('badmanifest', { 'library.json': '{"texts":[{"file":"x.md"}]}' });
    const r = await run(['language', 'check', '--library', dir, 'words']);
    expect(r.stderr).toContain('library.json lists x.md, not found in');
  });

  it('copies of the example library are read the same way (library.json is optional per file)', async () => {
    const dir = folder('copy', {});
    copyFileSync(join(ROOT, 'examples/agreed/agenda-2005.md'), join(dir, 'agenda-2005.md'));
    const r = await run([
      'language',
      'check',
      '--json',
      '--library',
      dir,
      'public institutions should make the information they hold accessible to all',
    ]);
    const report = JSON.parse(r.stdout);
    expect(report.library.texts[0]).toMatchObject({ adopted: '2005-11-18', name: 'agenda-2005.md' });
    expect(report.sources).toHaveLength(1);
  });
});
