import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLACK_BOT_SCOPES, slackAppManifest } from '../../src/bots/slack/manifest.js';

const commands = [
  { name: '/brackets', description: 'What is still bracketed', usageHint: 'status [section]' },
  { name: '/draft', description: 'Post or compare draft versions' },
];

describe('slackAppManifest', () => {
  it('creates a Socket Mode app by default, without URLs', () => {
    const m = slackAppManifest({ commands }) as {
      settings: { socket_mode_enabled: boolean; event_subscriptions: Record<string, unknown> };
      features: { slash_commands: Record<string, unknown>[] };
    };
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.settings.event_subscriptions).toEqual({ bot_events: ['file_shared'] });
    expect(m.features.slash_commands[0]).toEqual({
      command: '/brackets',
      description: 'What is still bracketed',
      usage_hint: 'status [section]',
      should_escape: false,
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
    const dir = join(import.meta.dirname, '../../src/bots/slack');
    const called = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(join(dir, file), 'utf8');
      for (const m of source.matchAll(/\bclient\.(\w+)\.(\w+)\(/g)) called.add(`${m[1]}.${m[2]}`);
    }
    expect(called.size).toBeGreaterThan(6);
    const granted = Object.values(SLACK_BOT_SCOPES)
      .flat()
      .map((s) => s.split(' ')[0]);
    for (const method of called) expect(granted, method).toContain(method);
  });
});
