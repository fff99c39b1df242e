import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, canonicalCommandLine, runTextCommand } from '../../src/core/commands/index.js';
import type { CommandContext } from '../../src/core/commands/types.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { renderPlain } from '../../src/core/reply.js';
import { admin, caucus, createTestApp, type TestApp } from '../helpers/app.js';

/**
 * The command layer reads every typed line the same way, whichever adapter it came from:
 * "help X" and "<group> help X" are the help of X, and a command that makes a channel follow
 * a process asks the platform whether it can post there.
 */

describe('canonicalCommandLine: help aliasing, once for every adapter', () => {
  it.each([
    ['help', undefined, 'rapporteur help'],
    ['/help', undefined, 'rapporteur help'],
    ['Help brackets', undefined, 'rapporteur help brackets'],
    ['/brackets help diff', undefined, 'rapporteur help brackets diff'],
    ['brackets HELP', undefined, 'rapporteur help brackets'],
    ['help diff', '/brackets', 'rapporteur help brackets diff'],
    ['help', 'meetings', 'rapporteur help meetings'],
    ['help follow', '/rapporteur', 'rapporteur help follow'],
    ['status Vision C9', '/brackets', 'brackets status Vision C9'],
    ['/meetings upcoming', undefined, 'meetings upcoming'],
    ['rapporteur help draft post', undefined, 'rapporteur help draft post'],
    ['status "two  spaces" C9', '/brackets', 'brackets status "two  spaces" C9'],
    ['thanks for the help', undefined, 'thanks for the help'],
    ['', undefined, ''],
  ])('%j with group %j reads as %j', (text, group, expected) => {
    expect(canonicalCommandLine(text, group)).toBe(expected);
  });

  it('runs "<group> help X" as the help of that command, typed or split by the platform', async () => {
    const ctx = { deps: { logger: silentLogger } as never, scope: caucus, actor: admin, requestId: 'line-1' };
    const typed = await runTextCommand(COMMANDS, ctx, '/brackets help diff');
    const split = await runTextCommand(COMMANDS, ctx, 'help diff', { group: '/brackets' });
    expect(typed.title).toBe('/brackets diff');
    expect(split.title).toBe('/brackets diff');
    expect((await runTextCommand(COMMANDS, ctx, 'help')).title).not.toMatch(/Unknown command/);
  });
});

describe('rapporteur follow asks the platform about the channel', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  const ctx = (n: number, extra: Partial<CommandContext> = {}): CommandContext => ({
    deps: app.deps,
    scope: { ...caucus, channelId: `7300000000000000${n}` },
    actor: admin,
    requestId: `follow-${n}`,
    ...extra,
  });

  it('adds the platform’s note under "Alerts here"', async () => {
    let asked = 0;
    const r = await runTextCommand(
      COMMANDS,
      ctx(1, {
        channel: {
          ensurePostable: async () => {
            asked++;
            return 'Invite me to this channel.';
          },
        },
      }),
      'rapporteur follow "Presence check"',
    );
    expect(r.tone).toBe('success');
    expect(asked).toBe(1);
    expect(r.sections.at(-1)).toEqual({ heading: 'Alerts here', body: 'Invite me to this channel.' });
  });

  it('says nothing more when the platform has nothing to say, or cannot say anything', async () => {
    const quiet = await runTextCommand(
      COMMANDS,
      ctx(2, { channel: { ensurePostable: async () => undefined } }),
      'rapporteur follow "Presence check"',
    );
    const none = await runTextCommand(COMMANDS, ctx(3), 'rapporteur follow "Presence check"');
    for (const r of [quiet, none]) {
      expect(r.tone).toBe('success');
      expect(renderPlain(r)).not.toContain('Alerts here');
    }
  });

  it('does not ask when the follow is refused', async () => {
    let asked = 0;
    const r = await runTextCommand(
      COMMANDS,
      ctx(4, {
        actor: { ...admin, isAdmin: false },
        channel: {
          ensurePostable: async () => {
            asked++;
            return 'joined';
          },
        },
      }),
      'rapporteur follow "Presence check"',
    );
    expect(r.tone).not.toBe('success');
    expect(asked).toBe(0);
  });
});

describe('rapporteur subscribe and unsubscribe switch what a channel hears about', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it('turns each topic on and off, and "unsubscribe all" stops the digest too', async () => {
    const ctx: CommandContext = {
      deps: app.deps,
      scope: { ...caucus, channelId: '730000000000000091' },
      actor: admin,
      requestId: 'subscribe-1',
    };
    const run = async (line: string) => (await runTextCommand(COMMANDS, ctx, line)).summary;
    expect(await runTextCommand(COMMANDS, ctx, 'rapporteur follow "Harbour accord"')).toMatchObject({
      tone: 'success',
    });
    const off = 'Draft changes: off · Schedule changes: off · Reminders: off · Daily digest: off';
    expect(await run('rapporteur unsubscribe all')).toBe(off);
    expect(await run('rapporteur subscribe drafts')).toBe(
      'Draft changes: on · Schedule changes: off · Reminders: off · Daily digest: off',
    );
    expect(await run('rapporteur subscribe digest 7 Pacific/Auckland')).toBe(
      'Draft changes: on · Schedule changes: off · Reminders: off · Daily digest: 07:00 Pacific/Auckland',
    );
    expect(await run('rapporteur subscribe all')).toBe(
      'Draft changes: on · Schedule changes: on · Reminders: on · Daily digest: 07:00 Pacific/Auckland',
    );
    expect(await run('rapporteur unsubscribe reminders')).toBe(
      'Draft changes: on · Schedule changes: on · Reminders: off · Daily digest: 07:00 Pacific/Auckland',
    );
    expect(await run('rapporteur unsubscribe digest')).toBe(
      'Draft changes: on · Schedule changes: on · Reminders: off · Daily digest: off',
    );
    expect(await run('rapporteur subscribe schedule')).toBe(
      'Draft changes: on · Schedule changes: on · Reminders: off · Daily digest: off',
    );
    await run('rapporteur subscribe digest 18');
    expect(await run('rapporteur unsubscribe all')).toBe(off);
    const noHour = await runTextCommand(COMMANDS, ctx, 'rapporteur subscribe digest');
    expect(noHour.tone).not.toBe('success');
    expect(renderPlain(noHour)).toContain('A digest needs the hour it should arrive.');
  });
});
