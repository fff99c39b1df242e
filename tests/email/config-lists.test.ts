import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseMailLists } from '../../src/config.js';
import { RapporteurError } from '../../src/core/errors.js';

/**
 * `MAIL_LISTS`: which list feeds which process, and in which tenant. A list feeds its own
 * tenant's process (`list=process`) or a process of a Discord server or Slack workspace
 * (`list=discord:<guild id>/process`, `list=slack:<team id>/process`).
 */

const MAIL = {
  IMAP_HOST: 'imap.caucus.example.org',
  IMAP_USER: 'rapporteur@caucus.example.org',
  IMAP_PASSWORD: 'pw',
  SMTP_HOST: 'smtp.caucus.example.org',
  MAIL_FROM: 'rapporteur@caucus.example.org',
};

function problemsOf(lists: string): string[] {
  try {
    loadConfig({ ...MAIL, MAIL_LISTS: lists });
  } catch (e) {
    if (e instanceof RapporteurError) return (e.details as { problems: string[] }).problems;
    throw e;
  }
  return [];
}

describe('MAIL_LISTS', () => {
  it('reads lists of their own tenant and lists that feed a Discord server or a Slack workspace', () => {
    const config = loadConfig({
      ...MAIL,
      MAIL_LISTS: [
        'wsis.lists.example.org=discord:81384788765712384/WSIS+10 Vision',
        ' observers@lists.example.org = discord : 81384788765712384 / WSIS+10 Vision ',
        'cstd@lists.example.net=Slack:t024be7ld/CSTD working group',
        'ecosoc@lists.example.org=ECOSOC: 2014 substantive session',
        'hle@lists.example.org=High Level Event/Statement',
      ].join(';'),
    });
    expect(config.email?.lists).toEqual([
      {
        list: 'wsis.lists.example.org',
        process: 'WSIS+10 Vision',
        tenant: { platform: 'discord', externalId: '81384788765712384' },
      },
      {
        list: 'observers@lists.example.org',
        process: 'WSIS+10 Vision',
        tenant: { platform: 'discord', externalId: '81384788765712384' },
      },
      // Slack ids are upper-case: a hand-typed lower-case one still names the workspace.
      {
        list: 'cstd@lists.example.net',
        process: 'CSTD working group',
        tenant: { platform: 'slack', externalId: 'T024BE7LD' },
      },
      // A colon or a slash in a process name is only a tenant after discord: or slack:.
      { list: 'ecosoc@lists.example.org', process: 'ECOSOC: 2014 substantive session' },
      { list: 'hle@lists.example.org', process: 'High Level Event/Statement' },
    ]);
  });

  it('keeps the process name whole after the first slash, and accepts an enterprise id', () => {
    expect(parseMailLists('wsis.lists.example.org=slack:E0KDF3P6Q/WSIS+10 / Vision')).toEqual({
      lists: [
        {
          list: 'wsis.lists.example.org',
          process: 'WSIS+10 / Vision',
          tenant: { platform: 'slack', externalId: 'E0KDF3P6Q' },
        },
      ],
      problems: [],
    });
  });

  it('names every bad entry, and says what a good one looks like', () => {
    const problems = problemsOf(
      [
        'wsis.lists.example.org=discord:caucus/WSIS+10 Vision',
        'cstd@lists.example.net=slack:C024BE91L/CSTD',
        'hle@lists.example.org=discord:81384788765712384',
        'ecosoc@lists.example.org=discord:81384788765712384/ ',
        'just-a-list@lists.example.org',
        '=WSIS+10 Vision',
      ].join(';'),
    );
    expect(problems).toEqual([
      'MAIL_LISTS: "wsis.lists.example.org=discord:caucus/WSIS+10 Vision": "caucus" is not a Discord server (guild) id, the digits that "Copy Server ID" gives (e.g. wsis.lists.example.org=discord:81384788765712384/WSIS+10 Vision)',
      'MAIL_LISTS: "cstd@lists.example.net=slack:C024BE91L/CSTD": "C024BE91L" is not a Slack team id (T...) or, for an organisation-wide install, its enterprise id (E...) (e.g. cstd@lists.example.net=slack:T024BE7LD/WSIS+10 Vision)',
      'MAIL_LISTS: "hle@lists.example.org=discord:81384788765712384" names a Discord server but no process after "/" (e.g. hle@lists.example.org=discord:81384788765712384/WSIS+10 Vision)',
      'MAIL_LISTS: "ecosoc@lists.example.org=discord:81384788765712384/" names a Discord server but no process after "/" (e.g. ecosoc@lists.example.org=discord:81384788765712384/WSIS+10 Vision)',
      'MAIL_LISTS: "just-a-list@lists.example.org" is not list=process',
      'MAIL_LISTS: "=WSIS+10 Vision" is not list=process',
    ]);
  });

  it('reports its problems together with every other configuration problem', () => {
    const error = (() => {
      try {
        loadConfig({ ...MAIL, MAIL_LISTS: 'wsis.lists.example.org=discord:x/Vision', IMAP_PORT: 'imap' });
      } catch (e) {
        return e as RapporteurError;
      }
      throw new Error('expected CONFIG_INVALID');
    })();
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/2 problem\(s\)/);
    expect(error.message).toMatch(/IMAP_PORT/);
    expect(error.message).toMatch(/MAIL_LISTS: .*"x" is not a Discord server/);
  });

  it('never throws, and every entry read back is a list with a process and, if any, a valid tenant', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        '=',
        ';',
        ':',
        '/',
        ' ',
        'discord',
        'slack',
        'DISCORD',
        '81384788765712384',
        'T024BE7LD',
        '@',
      ),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (pieces) => {
        const value = pieces.join('');
        const { lists, problems } = parseMailLists(value);
        const entries = value.split(';').filter((p) => p.trim() !== '').length;
        expect(lists.length + problems.length).toBe(entries);
        for (const l of lists) {
          expect(l.list).toBe(l.list.trim());
          expect(l.list.length).toBeGreaterThan(0);
          expect(l.process.length).toBeGreaterThan(0);
          if (l.tenant?.platform === 'discord') expect(l.tenant.externalId).toMatch(/^\d{5,25}$/);
          if (l.tenant?.platform === 'slack') expect(l.tenant.externalId).toMatch(/^[TE][A-Z0-9]+$/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
