import { describe, expect, it } from 'vitest';
import { GROUP_SPECS } from '../../src/cli/commands.js';
import { runCli } from '../../src/cli/index.js';
import { COMMANDS } from '../../src/core/commands/index.js';
import { helpReply } from '../../src/core/commands/rapporteur-help.js';
import { renderPlain } from '../../src/core/reply.js';

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
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}

describe('the command line: one parsing layer', () => {
  it('`rapporteur --help` lists every command with what it does', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const g of GROUP_SPECS) {
      const line = r.stdout.split('\n').find((l) => l.startsWith(`  ${g.name} `));
      expect(line?.trim(), g.name).toMatch(new RegExp(`^${g.name} +\\S`));
      expect(line, g.name).toContain(g.summary);
    }
  });

  it('every command and subcommand answers --help and -h with its usage and options, exit 0', async () => {
    let walked = 0;
    for (const g of GROUP_SPECS) {
      const group = await cli([g.name, '--help']);
      expect(group.code, `${g.name} --help`).toBe(0);
      expect(group.stdout, g.name).toMatch(/Usage/);
      for (const c of g.self ? [g.self] : g.commands) {
        const words = c.path.split(' ');
        for (const flag of ['--help', '-h']) {
          // Help wins over everything else on the line, even a missing file or bad option.
          const r = await cli([...words, 'no-such-file.md', '--bogus', flag], {
            RAPPORTEUR_DEFAULT_TZ: 'Mars/Olympus',
          });
          expect(r.code, `${c.path} ${flag}`).toBe(0);
          expect(r.stderr).toBe('');
          expect(r.stdout).toContain(`Usage: rapporteur ${c.path}`);
          for (const option of Object.keys(c.options ?? {}))
            expect(r.stdout, `${c.path} --${option}`).toContain(`--${option}`);
          walked++;
        }
      }
    }
    expect(walked).toBeGreaterThanOrEqual(2 * 16);
  });

  it('usage errors are one line on stderr with exit 2, worded alike for every command', async () => {
    for (const g of GROUP_SPECS) {
      for (const c of g.self ? [g.self] : g.commands) {
        const r = await cli([...c.path.split(' '), '--bogus']);
        expect(r.code, c.path).toBe(2);
        expect(r.stderr).toBe(
          `rapporteur: ${c.path}: unknown option "--bogus". Run \`rapporteur ${c.path} --help\` for the usage.\n`,
        );
      }
    }
    const unknown = await cli(['draft', 'summarise']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'unknown command "draft summarise"; use status, diff, clean, qualifiers.',
    );
    expect((await cli(['frobnicate'])).code).toBe(2);
    const missing = await cli(['draft', 'diff', 'a.md']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('draft diff: missing OLD NEW.');
  });

  it('draft --help tells every format it reads', async () => {
    const r = await cli(['draft', '--help']);
    for (const format of ['.docx', 'PDF', 'HTML', 'e-mail', 'Markdown', 'plain text'])
      expect(r.stdout).toContain(format);
  });
});

describe('chat help', () => {
  it('says who may use a command once', () => {
    const text = renderPlain(helpReply(COMMANDS));
    expect(text).not.toMatch(/\(chairs' staff only\) \(chairs' staff\)/);
    expect(text).not.toMatch(/\(administrators\)\s*\(administrators\)/);
    expect(text).toMatch(/Post a new official version of a draft \(chairs' staff only\)/);
    expect(text).toMatch(/\(chairs' staff\)$/m);
  });
});
