import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
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
