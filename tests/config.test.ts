import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/index.js';
import { loadConfig, readEnvFile } from '../src/config.js';
import type { RapporteurError } from '../src/core/errors.js';

describe('loadConfig', () => {
  it('gives working defaults with nothing set, treating empty strings as unset', () => {
    const c = loadConfig({ DATABASE_URL: '', LOG_LEVEL: '  ', RAPPORTEUR_MAX_FILE_MB: '' });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.logLevel).toBe('info');
    expect(c.limits.maxFileBytes).toBe(20 * 1024 * 1024);
    expect(c.discord).toBeUndefined();
    expect(c.slack).toBeUndefined();
    expect(c.email).toBeUndefined();
    expect(c.databasePreparedStatements).toBe(true);
    expect(loadConfig({ DATABASE_PREPARED_STATEMENTS: 'false' }).databasePreparedStatements).toBe(false);
    expect(() => loadConfig({ DATABASE_PREPARED_STATEMENTS: 'sometimes' })).toThrow(
      /DATABASE_PREPARED_STATEMENTS/,
    );
  });

  it('lists every problem in one message, per-variable and combined ones alike', () => {
    try {
      loadConfig({
        RAPPORTEUR_MAX_FILE_MB: 'lots',
        LOG_LEVEL: 'chatty',
        DISCORD_TOKEN: 'x',
        SLACK_BOT_TOKEN: 'xoxb-1',
        IMAP_HOST: 'imap.example.org',
      });
      expect.unreachable();
    } catch (err) {
      const e = err as RapporteurError;
      expect(e.code).toBe('CONFIG_INVALID');
      for (const key of [
        'RAPPORTEUR_MAX_FILE_MB',
        'LOG_LEVEL',
        'DISCORD_APPLICATION_ID',
        'SLACK_APP_TOKEN',
        'IMAP_USER',
        'MAIL_LISTS',
      ]) {
        expect(e.message, key).toContain(key);
      }
      expect(e.hint).toContain('.env.example');
    }
  });

  it('builds the platform sections when their variables are set', () => {
    const c = loadConfig({
      DISCORD_TOKEN: 'token',
      DISCORD_APPLICATION_ID: '123456789012345678',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_MODE: 'http',
      SLACK_SIGNING_SECRET: 'secret',
      IMAP_HOST: 'imap.example.org',
      IMAP_USER: 'bot',
      IMAP_PASSWORD: 'pw',
      SMTP_HOST: 'smtp.example.org',
      MAIL_FROM: 'rapporteur@lists.example.org',
      MAIL_LISTS: 'wsis.lists.example.org=WSIS+10 Vision; ecosoc@lists.example.org = ECOSOC',
      MAIL_STAFF: 'chair@itu.int, @wsis.example',
    });
    expect(c.discord).toEqual({ token: 'token', applicationId: '123456789012345678' });
    expect(c.slack).toMatchObject({ mode: 'http', signingSecret: 'secret', port: 3000 });
    expect(c.email?.lists).toEqual([
      { list: 'wsis.lists.example.org', process: 'WSIS+10 Vision' },
      { list: 'ecosoc@lists.example.org', process: 'ECOSOC' },
    ]);
    expect(c.email?.staff).toEqual(['chair@itu.int', '@wsis.example']);
  });
});

describe('settings file (.env) and start-up validation', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const dirWith = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'rapporteur-env-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };

  it('reads .env from the working directory, the environment winning over the file', () => {
    const dir = dirWith({ '.env': 'LOG_LEVEL=debug\nRAPPORTEUR_MAX_FILE_MB=3\n# a comment\nEMPTY_HERE=\n' });
    const source = readEnvFile({ LOG_LEVEL: 'warn', RAPPORTEUR_MAX_FILE_MB: '' }, dir);
    expect(source.file).toBe(join(dir, '.env'));
    const config = loadConfig(source.env, source);
    expect(config.logLevel).toBe('warn');
    expect(config.limits.maxFileBytes).toBe(3 * 1024 * 1024);
  });

  it('reads nothing when there is no .env, and names RAPPORTEUR_ENV_FILE when it points nowhere', () => {
    const dir = dirWith({});
    const source = readEnvFile({ LOG_LEVEL: 'warn' }, dir);
    expect(source.file).toBeUndefined();
    expect(source.env).toEqual({ LOG_LEVEL: 'warn' });
    expect(() => readEnvFile({ RAPPORTEUR_ENV_FILE: 'prod.env' }, dir)).toThrow(
      /RAPPORTEUR_ENV_FILE: .*prod\.env does not exist/,
    );
    const named = dirWith({ 'prod.env': 'RAPPORTEUR_QUEUE_PREFIX=prod\n' });
    const read = readEnvFile({ RAPPORTEUR_ENV_FILE: 'prod.env' }, named);
    expect(loadConfig(read.env).jobs.queuePrefix).toBe('prod');
  });

  it('refuses an unknown time zone at start, naming the variable', () => {
    expect(() => loadConfig({ RAPPORTEUR_DEFAULT_TZ: 'Mars/Olympus' })).toThrow(
      /RAPPORTEUR_DEFAULT_TZ: "Mars\/Olympus" is not a time zone/,
    );
    expect(loadConfig({ RAPPORTEUR_DEFAULT_TZ: ' America/Lima ' }).defaultTimeZone).toBe('America/Lima');
  });

  it('refuses URLs of the wrong kind, naming the variable', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(
      /REDIS_URL: must be a Redis URL/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/x' })).toThrow(
      /DATABASE_URL: must be a PostgreSQL URL/,
    );
  });

  it('the command line reads .env and says which file to fix', async () => {
    const dir = dirWith({ '.env': 'RAPPORTEUR_DEFAULT_TZ=Mars/Olympus\n' });
    let err = '';
    const code = await runCli(['draft', 'status', 'x.md'], {
      stdout: () => {},
      stderr: (t) => {
        err += t;
      },
      env: {},
      cwd: dir,
    });
    expect(code).toBe(1);
    expect(err).toContain('RAPPORTEUR_DEFAULT_TZ');
    expect(err).toContain(join(dir, '.env'));
  });
});
