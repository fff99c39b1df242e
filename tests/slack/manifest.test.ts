import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  rapporteurManifest,
  registryManifestCommands,
  SLACK_BOT_EVENTS,
  SLACK_BOT_SCOPES,
  SLACK_UNSCOPED_METHODS,
  slackAppManifest,
} from '../../src/bots/slack/manifest.js';
import { runCli } from '../../src/cli/index.js';
import { GROUP_DESCRIPTIONS } from '../../src/core/command-line.js';
import { COMMANDS } from '../../src/core/commands/index.js';

const ROOT = join(import.meta.dirname, '../..');

const commands = [
  { name: '/brackets', description: 'What is still bracketed', usageHint: 'status [section]' },
  { name: '/draft', description: 'Post or compare draft versions' },
];

interface Manifest {
  features: {
    slash_commands: { command: string; description: string; usage_hint?: string; should_escape: boolean }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    socket_mode_enabled: boolean;
    event_subscriptions: { bot_events: string[]; request_url?: string };
    interactivity: { is_enabled: boolean; request_url?: string };
  };
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env: {},
    cwd: ROOT,
  });
  return { code, out, err };
}

describe('slackAppManifest', () => {
  it('creates a Socket Mode app by default, without URLs, with escaped mentions', () => {
    const m = slackAppManifest({ commands }) as unknown as Manifest;
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.settings.event_subscriptions).toEqual({ bot_events: ['file_shared'] });
    expect(m.settings.interactivity).toEqual({ is_enabled: true });
    expect(m.features.slash_commands[0]).toEqual({
      command: '/brackets',
      description: 'What is still bracketed',
      usage_hint: 'status [section]',
      should_escape: true,
    });
  });

  it('points every request at the public URL in HTTP mode, and refuses plain http', () => {
    const url = 'https://rapporteur.example.org/slack/events';
    const json = JSON.stringify(slackAppManifest({ commands, requestUrl: url }));
    expect(json.split(url).length - 1).toBe(4); // two commands, events, interactivity
    expect(json).toContain('"socket_mode_enabled":false');
    expect(() => slackAppManifest({ commands, requestUrl: 'http://example.org/slack' })).toThrow(/https/);
    expect(() => slackAppManifest({ commands: [{ name: '/Brackets', description: 'x' }] })).toThrow(
      /lowercase/,
    );
  });

  it('grants a scope for every Web API method the adapter calls', () => {
    const called = new Set<string>();
    for (const dir of ['src/bots/slack', 'src/cli']) {
      for (const file of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.ts'))) {
        if (dir === 'src/cli' && file !== 'slack.ts') continue;
        const source = readFileSync(join(ROOT, dir, file), 'utf8');
        for (const m of source.matchAll(/\b(?:client|bot)\.(\w+)\.(\w+)\(/g)) called.add(`${m[1]}.${m[2]}`);
      }
    }
    expect(called.size).toBeGreaterThan(10);
    const granted = [
      ...Object.values(SLACK_BOT_SCOPES)
        .flat()
        .map((s) => s.split(' ')[0]),
      ...SLACK_UNSCOPED_METHODS,
    ];
    for (const method of called) expect(granted, method).toContain(method);
    // Every event handled is subscribed to, and its scope granted.
    for (const event of SLACK_BOT_EVENTS)
      expect(Object.values(SLACK_BOT_SCOPES).flat()).toContain(`${event} event`);
  });
});

describe('the manifest of Rapporteur’s app', () => {
  it('has one slash command per group of the registry, described by the group', () => {
    const m = rapporteurManifest(COMMANDS) as unknown as Manifest;
    const names = m.features.slash_commands.map((c) => c.command);
    expect(names).toEqual(Object.keys(GROUP_DESCRIPTIONS).map((g) => `/${g}`));
    for (const c of m.features.slash_commands) {
      expect(c.description).toBe(GROUP_DESCRIPTIONS[c.command.slice(1) as keyof typeof GROUP_DESCRIPTIONS]);
      expect(c.should_escape).toBe(true);
      expect((c.usage_hint ?? '').length).toBeLessThanOrEqual(1000);
    }
  });

  it('lists every subcommand of the registry in the usage hints, with its positional arguments', () => {
    const hints = new Map(registryManifestCommands(COMMANDS).map((c) => [c.name, c.usageHint ?? '']));
    for (const c of COMMANDS) {
      const hint = hints.get(`/${c.group}`) ?? '';
      expect(
        hint.split(' | ').map((h) => h.split(' ')[0]),
        `${c.group} ${c.name}`,
      ).toContain(c.name);
    }
    expect(hints.get('/brackets')).toContain('status [section]');
    expect(hints.get('/brackets')).toContain('diff [from] [to]');
    expect(hints.get('/draft')).toContain('post document:<document> (share the file first)');
    expect(hints.get('/rapporteur')).toContain('follow <process>');
  });

  it('is what slack-app-manifest.json in the repository says (regenerate with `rapporteur slack manifest`)', async () => {
    // Compared as JSON: Biome may lay the file out differently from JSON.stringify.
    const file = JSON.parse(readFileSync(join(ROOT, 'slack-app-manifest.json'), 'utf8')) as unknown;
    expect(file).toEqual(rapporteurManifest(COMMANDS));
    const { code, out } = await cli(['slack', 'manifest']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(file);
  });

  it('prints an HTTP-mode manifest with --request-url, and explains a plain-http one', async () => {
    const ok = await cli([
      'slack',
      'manifest',
      '--request-url',
      'https://rapporteur.example.org/slack/events',
    ]);
    expect(ok.code).toBe(0);
    const m = JSON.parse(ok.out) as Manifest;
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(m.settings.interactivity.request_url).toBe('https://rapporteur.example.org/slack/events');
    const bad = await cli(['slack', 'manifest', '--request-url=http://rapporteur.example.org/slack/events']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/https/);
    const unknown = await cli(['slack', 'manifest', '--socket']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown option "--socket"/i);
  });
});
