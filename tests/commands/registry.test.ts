import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeArgs, parseTextArgs, tokenize } from '../../src/core/commands/args.js';
import { COMMANDS, runTextCommand } from '../../src/core/commands/index.js';
import { invocationOf } from '../../src/core/commands/types.js';
import { renderPlain } from '../../src/core/reply.js';
import { admin, caucus, createTestApp, member, type TestApp } from '../helpers/app.js';

describe('the command registry', () => {
  it('has one entry per group and name, with help good enough to be the help text', () => {
    const keys = COMMANDS.map((c) => `${c.group} ${c.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const c of COMMANDS) {
      expect(c.description.length, `${invocationOf(c)} description`).toBeGreaterThan(10);
      expect(c.description.length, `${invocationOf(c)} description`).toBeLessThanOrEqual(100);
      expect(c.name).toMatch(/^[a-z][a-z-]{0,31}$/);
      expect(c.examples.length, `${invocationOf(c)} examples`).toBeGreaterThan(0);
      for (const a of describeArgs(c.args)) {
        expect(a.name, `${invocationOf(c)} arg`).toMatch(/^[a-z][a-z-]{0,31}$/);
        expect(a.description.length, `${invocationOf(c)} ${a.name}`).toBeGreaterThan(3);
        expect(a.description.length, `${invocationOf(c)} ${a.name}`).toBeLessThanOrEqual(100);
      }
    }
  });

  it('covers what issue 7 asks for', () => {
    const keys = new Set(COMMANDS.map((c) => `${c.group} ${c.name}`));
    for (const k of [
      'brackets status',
      'brackets diff',
      'brackets clean',
      'brackets qualifiers',
      'brackets holders',
      'brackets age',
      'draft post',
      'draft versions',
      'meetings upcoming',
      'meetings all',
      'meetings show',
      'meetings sources',
      'meetings announce',
      'meetings feed',
      'watch add',
      'watch list',
      'watch remove',
      'rapporteur follow',
      'rapporteur subscribe',
      'rapporteur unsubscribe',
      'rapporteur staff',
      'rapporteur timezone',
      'rapporteur help',
    ]) {
      expect(keys.has(k), k).toBe(true);
    }
  });

  it('every example parses into arguments the command accepts (files aside)', () => {
    for (const c of COMMANDS) {
      for (const example of c.examples) {
        if (/attach|\(/.test(example)) continue;
        const words = tokenize(example.replace(/^\/\S+\s+\S+\s*/, ''));
        const raw = parseTextArgs(words, describeArgs(c.args), {
          invocation: invocationOf(c),
          resolveFile: (p) => ({ name: p, read: async () => new Uint8Array() }),
        });
        const parsed = c.args.safeParse(raw);
        expect(parsed.success, `${example}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
      }
    }
  });
});

describe('running commands from text', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());
  const ctx = (actor = member) => ({ deps: app.deps, scope: caucus, actor, requestId: 'req-1' });

  it('says what was expected, with an example, when an argument is wrong', async () => {
    const reply = await runTextCommand(COMMANDS, ctx(), 'brackets status --version');
    expect(reply.tone).toBe('error');
    const text = renderPlain(reply);
    expect(text).toContain('Option --version needs a value');
    expect(text).toContain('Example: /brackets status C9');
  });

  it('answers an unknown subcommand with the help of its group', async () => {
    const reply = await runTextCommand(COMMANDS, ctx(), '/meetings tomorrow');
    expect(reply.title).toBe('/meetings has no "tomorrow" command');
    expect(renderPlain(reply)).toContain('upcoming: The next meetings');
  });

  it('tells a member that setting up a channel is for administrators, and lets an admin do it', async () => {
    const refused = await runTextCommand(COMMANDS, ctx(member), 'rapporteur follow WSIS+10 Vision');
    expect(refused.title).toBe('Not allowed');
    const done = await runTextCommand(COMMANDS, ctx(admin), 'rapporteur follow WSIS+10 Vision');
    expect(done.title).toContain('Now following WSIS+10 Vision');
  });

  it('asks for a first version before answering status, and says how', async () => {
    const reply = await runTextCommand(COMMANDS, ctx(), 'brackets status');
    expect(reply.title).toBe('Not found');
    expect(renderPlain(reply)).toContain('/draft post');
  });

  it('never shows internals for an unexpected failure, only a reference', async () => {
    const broken = {
      ...app.deps,
      store: {
        ...app.deps.store,
        ensureTenant: () => Promise.reject(new Error('disk on fire at /var/secret')),
      },
    };
    const reply = await runTextCommand(COMMANDS, { ...ctx(), deps: broken as never }, 'meetings all');
    const text = renderPlain(reply);
    expect(reply.title).toBe('Something went wrong');
    expect(text).toContain('req-1');
    expect(text).not.toContain('disk on fire');
  });
});
