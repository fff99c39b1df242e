import { describe, expect, it } from 'vitest';
import { GROUP_SPECS } from '../../src/cli/commands.js';
import type { CliGroup } from '../../src/cli/context.js';
import { dbGroup } from '../../src/cli/db.js';
import { discordGroup } from '../../src/cli/discord.js';
import { runCli } from '../../src/cli/index.js';
import { jobsGroup } from '../../src/cli/jobs.js';
import { slackGroup } from '../../src/cli/slack.js';
import { parseWebArgs } from '../../src/cli/web.js';
import { loadConfig } from '../../src/config.js';
import { COMMANDS } from '../../src/core/commands/index.js';
import { helpReply } from '../../src/core/commands/rapporteur-help.js';
import { RapporteurError } from '../../src/core/errors.js';
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

describe('the command line: misused command groups, as each group itself answers', () => {
  // runCli checks the words against the command specs first; a group run on its own (as the
  // worker and the tests run them) must refuse the same misuse in the same words.
  const ctx = {
    stdout: () => undefined,
    stderr: () => undefined,
    env: {},
    cwd: process.cwd(),
    config: loadConfig({}),
  };
  const groups: Record<string, CliGroup> = {
    db: dbGroup,
    jobs: jobsGroup,
    slack: slackGroup,
    discord: discordGroup,
  };

  it('name the missing or unknown command, and the unknown option, pointing at the group help', async () => {
    const cases: Array<[string, string[], string]> = [
      ['db', [], 'Missing command: migrate, status or backup.'],
      ['db', ['vacuum'], 'Unknown command "db vacuum".'],
      ['db', ['migrate', '--json'], 'Unknown option "--json" for db migrate.'],
      ['db', ['status', 'extra'], 'db status takes no arguments.'],
      ['jobs', [], 'Missing command: rebuild or status.'],
      ['jobs', ['status', 'now'], 'Unknown option "now" for jobs status.'],
      ['slack', ['check', '--verbose'], 'Unknown option "--verbose" for slack check.'],
      ['slack', ['manifest', '--colour=blue'], 'Unknown option "--colour=blue" for slack manifest.'],
      ['slack', ['manifest', '--name'], '--name needs a value.'],
      ['slack', ['manifest', '--name='], '--name needs a value.'],
      ['discord', [], 'Missing command: deploy-commands or invite-url.'],
      ['discord', ['invite'], 'Unknown command "discord invite".'],
    ];
    for (const [name, args, message] of cases) {
      const shown = `${name} ${args.join(' ')}`;
      const error = await (groups[name] as CliGroup).run(args, ctx).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, shown).toBeInstanceOf(RapporteurError);
      expect((error as RapporteurError).message, shown).toBe(message);
      expect((error as RapporteurError).hint, shown).toContain(`rapporteur ${name} --help`);
    }
  });

  it('reads an option and its value as `--name value` or `--name=value`', () => {
    expect(parseWebArgs(['--port', '8081', '--host=0.0.0.0'])).toEqual({ port: 8081, host: '0.0.0.0' });
    expect(parseWebArgs(['--port=0'])).toEqual({ port: 0 });
    expect(() => parseWebArgs(['--port'])).toThrow('--port takes a port number from 0 to 65535.');
    expect(() => parseWebArgs(['--host='])).toThrow('--host needs an address.');
    expect(() => parseWebArgs(['--hots', 'x'])).toThrow('Unknown option "--hots" for web.');
  });
});
