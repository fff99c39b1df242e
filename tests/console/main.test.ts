import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs `npm start`'s entry point (from the TypeScript sources) with typed input. */
function start(
  input: string,
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TZ: 'Pacific/Chatham', LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

describe('npm start without chat configuration', () => {
  it('opens the terminal room on SQLite and runs typed commands', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapporteur-main-'));
    dirs.push(dir);
    const { code, out } = await start(
      '/rapporteur follow WSIS+10 Vision\n/draft post examples/vision-2014-06-01.md --document Vision --label "1 June version"\n/brackets status C9\n/quit\n',
      // An unused port: no Redis there, so the room says reminders are off and why.
      { RAPPORTEUR_DATA_DIR: dir, REDIS_URL: 'redis://127.0.0.1:1' },
    );
    expect(code).toBe(0);
    expect(out).toContain('Rapporteur terminal room');
    expect(out).toContain('Reminders and alerts: off. Redis at 127.0.0.1:1/0 is not reachable');
    expect(out).toContain('Posted Vision #1 "1 June version"');
    expect(out).toContain('Action Line C9. Media');
    // Proof-read: the reason alerts are off is quoted into other sentences without a doubled stop.
    expect(out).toContain('Alerts are off: Redis at 127.0.0.1:1/0 is not reachable');
    expect(out).not.toMatch(/[^.]\.\.(?!\.)/);
  }, 60_000);

  it('logs to a file in the data directory, says where, and reads the settings file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapporteur-main-'));
    dirs.push(dir);
    const envFile = join(dir, 'room.env');
    writeFileSync(envFile, `RAPPORTEUR_DATA_DIR=${dir}\nLOG_LEVEL=debug\n`);
    const { code, out, err } = await start('/rapporteur follow WSIS+10 Vision\n/quit\n', {
      RAPPORTEUR_ENV_FILE: envFile,
      LOG_LEVEL: 'info',
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(code).toBe(0);
    const log = join(dir, 'rapporteur.log');
    expect(out).toContain(
      `Log: ${log} (warnings are also shown here). Settings: ${envFile} and the environment.`,
    );
    // No JSON log line in the room, on either stream.
    expect(out).not.toContain('{"level"');
    expect(err).not.toContain('{"level"');
    const lines = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(lines.some((l) => l.msg.startsWith(`settings read from ${envFile}`))).toBe(true);
    // The environment won over the file: info, not debug.
    expect(lines.every((l) => l.level >= 30)).toBe(true);
  }, 60_000);

  it('refuses a bad configuration with one message listing every problem', async () => {
    const { code, err } = await start('', { RAPPORTEUR_MAX_FILE_MB: 'lots', DISCORD_TOKEN: 'x' });
    expect(code).toBe(1);
    expect(err).toContain('RAPPORTEUR_MAX_FILE_MB');
    expect(err).toContain('DISCORD_APPLICATION_ID');
    expect(err).toContain('.env.example');
  }, 60_000);
});
