import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, runTextCommand } from '../../src/core/commands/index.js';
import { renderPlain } from '../../src/core/reply.js';
import { admin, caucus, createTestApp, type TestApp } from '../helpers/app.js';

/**
 * Names people can be fooled by: `/rapporteur follow` refuses each with its reason (never as
 * an internal error), stores ordinary names normalised, and refuses a look-alike of a name
 * the tenant already has, naming the existing process.
 */

let app: TestApp;
let n = 0;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

/** Each follow from its own channel, so channels do not move between processes. */
function follow(name: string, scope = caucus) {
  n++;
  return runTextCommand(
    COMMANDS,
    {
      deps: app.deps,
      scope: { ...scope, channelId: `7200000000000000${n}` },
      actor: admin,
      requestId: `r${n}`,
    },
    `rapporteur follow "${name}"`,
  );
}

async function processNames(scope = caucus): Promise<string[]> {
  const tenant = await app.store.findTenant(scope.platform, scope.tenantExternalId);
  if (!tenant) return [];
  return (await app.store.tenant(tenant.id).listProcesses()).map((p) => p.name);
}

describe('process names that could fool a reader are refused with their reason', () => {
  it.each([
    ['a right-to-left override', 'Outcome \u202eCCD', 'U+202E RIGHT-TO-LEFT OVERRIDE'],
    ['a left-to-right isolate', 'Outcome \u2066draft', 'U+2066 LEFT-TO-RIGHT ISOLATE'],
    ['a line break', 'Outcome\nOfficial: cancelled', 'line break (U+000A)'],
    ['a zero-width space', 'Out\u200bcome document', 'zero-width character (U+200B)'],
    ['a zero-width joiner between Latin letters', 'Out\u200dcome document', 'zero-width character (U+200D)'],
    ['a soft hyphen', 'Out\u00adcome document', 'invisible character (U+00AD)'],
    ['a bell', 'Outcome\u0007 document', 'control character (U+0007)'],
    ['a private-use character', 'Outcome \ue000', 'private-use'],
    ['@everyone', '@everyone Outcome', 'mention syntax'],
    ['@here inside a word', 'Outcome@here', 'mention syntax'],
    ['a Slack broadcast', '<!channel> Outcome', 'mention syntax'],
    ['a Discord role mention', 'Outcome <@&123456789012345678>', 'mention syntax'],
    ['a Slack user mention', 'Outcome <@U024BE7LH>', 'mention syntax'],
    ['flags only', '\u{1F1FA}\u{1F1F3}\u{1F1EA}\u{1F1FA}', 'no letters or digits'],
    ['symbols only', '+++ ---', 'no letters or digits'],
  ])('%s', async (_label, name, reason) => {
    const before = await processNames();
    const r = await follow(name);
    const text = renderPlain(r);
    expect(r.title).toBe('Check the command');
    expect(text).toContain(reason);
    expect(text).not.toMatch(/Something went wrong|reference r\d/);
    expect(await processNames()).toEqual(before);
  });
});

describe('ordinary names', () => {
  it('are stored normalised: NFC, spaces collapsed', async () => {
    const r = await follow('Cafe\u0301   Dialogue\u00a0 2025');
    expect(r.title).toContain('Now following Café Dialogue 2025');
    expect(await processNames()).toContain('Café Dialogue 2025');
  });

  it('keep emoji sequences and the joiners other scripts need', async () => {
    const family = await follow('\u{1F468}\u200d\u{1F469}\u200d\u{1F467} Family caucus');
    expect(family.tone).toBe('success');
    const persian = await follow('\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 2030');
    expect(persian.tone).toBe('success');
  });
});

describe('look-alikes of an existing name', () => {
  const tenant = { ...caucus, tenantExternalId: '700000000000000099' };

  it('are refused, naming the process that exists', async () => {
    expect((await follow('Youth Forum 2030', tenant)).tone).toBe('success');
    for (const lookAlike of [
      'Y\u043euth Forum 2030', // Cyrillic о
      'Youth F\u043erum 2O30', // Cyrillic о and a capital O for a zero
      'Youth Forurn 2030', // rn for m
      '\u0423outh Forum 2030', // Cyrillic У
    ]) {
      const r = await follow(lookAlike, tenant);
      const text = renderPlain(r);
      expect(r.tone, lookAlike).toBe('error');
      expect(text).toContain('looks like the existing process "Youth Forum 2030"');
      expect(text).not.toMatch(/Something went wrong/);
    }
    expect(await processNames(tenant)).toEqual(['Youth Forum 2030']);
  });

  it('in capitals too (I, l and 1 look alike)', async () => {
    expect((await follow('CSTD WG1', tenant)).tone).toBe('success');
    const r = await follow('CSTD WGl', tenant);
    expect(renderPlain(r)).toContain('looks like the existing process "CSTD WG1"');
  });

  it('are fine when they are the same process (same handle) or clearly different', async () => {
    const same = await follow('youth forum 2030', tenant);
    expect(same.title).toBe('Now following Youth Forum 2030');
    expect((await follow('Youth Forum 2031', tenant)).tone).toBe('success');
    expect((await follow('Youth Forum 2030', caucus)).tone).toBe('success');
  });
});
