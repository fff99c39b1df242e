import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, Interaction } from 'discord.js';
import { Events } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnswerOutcome,
  answerAutocomplete,
  answerInteraction,
  errorReply,
  fitAutocompleteChoices,
} from '../../src/bots/discord/interactions.js';
import { RapporteurError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/ports/index.js';
import { reply } from '../../src/core/reply.js';
import { type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord/index.js';
import { CAUCUS, seatMembers, startClient, USERS } from './fixtures.js';

/** A promise and its resolver (Promise.withResolvers needs Node 22). */
function settled<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

interface LogLine {
  level: string;
  obj: Record<string, unknown>;
  msg: string;
}

function captureLogger(lines: LogLine[], bindings: Record<string, unknown> = {}): Logger {
  const at =
    (level: string) =>
    (obj: Record<string, unknown>, msg: string): void => {
      lines.push({ level, obj: { ...bindings, ...obj }, msg });
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => captureLogger(lines, { ...bindings, ...more }),
  };
}

describe('fitAutocompleteChoices', () => {
  it('keeps 25 choices, cuts long names at a word, drops values that cannot be sent and duplicates', () => {
    const choices = [
      { name: 'Vision', value: 'vision' },
      { name: 'Vision (again)', value: 'vision' },
      { name: `Action lines ${'beyond 2015 '.repeat(12)}`, value: 'action-lines' },
      { name: 'Too long a value', value: 'v'.repeat(101) },
      { name: '   ', value: 'unnamed' },
      { name: 'Not a number', value: Number.NaN },
      ...Array.from({ length: 40 }, (_, i) => ({ name: `Annex ${i}`, value: i })),
    ];
    const fitted = fitAutocompleteChoices(choices);
    expect(fitted).toHaveLength(25);
    expect(fitted[0]).toEqual({ name: 'Vision', value: 'vision' });
    expect(fitted[1]?.name.length).toBeLessThanOrEqual(100);
    expect(fitted[1]?.name).toMatch(/^Action lines beyond 2015 .*2015…$/);
    expect(fitted[2]).toEqual({ name: 'unnamed', value: 'unnamed' });
    expect(fitted.some((c) => c.value === 'v'.repeat(101) || Number.isNaN(c.value))).toBe(false);
  });
});

describe('errorReply', () => {
  it('tells the user what went wrong and what to do, privately, with the reference', () => {
    const r = errorReply(
      new RapporteurError('INVALID_ARGUMENT', 'No draft is called "Visoin".', {
        hint: 'Did you mean Vision? Try /draft versions.',
      }),
      'a1b2c3d4',
    );
    expect(r).toMatchObject({
      title: 'That did not work',
      tone: 'error',
      summary: 'No draft is called "Visoin".',
      sections: [{ body: 'Did you mean Vision? Try /draft versions.' }],
      footer: 'Reference: a1b2c3d4',
      ephemeral: true,
    });
    expect(errorReply(new RapporteurError('UNAVAILABLE', 'The store is busy.'), 'x').tone).toBe('warning');
  });

  it('says nothing of an unexpected error but the reference', () => {
    const r = errorReply(new Error('relation "claims" does not exist at /srv/app/store.js:42'), 'a1b2c3d4');
    expect(JSON.stringify(r)).not.toMatch(/claims|store\.js/);
    expect(r.footer).toBe('Reference: a1b2c3d4');
  });
});

describe('answering interactions against the fake Discord', () => {
  let fake: FakeDiscord;
  let client: Client;
  let behaviour: (interaction: Interaction) => Promise<void>;

  beforeAll(async () => {
    fake = await startFakeDiscord({ users: USERS, guilds: [CAUCUS], interactionDeadlineMs: 400 });
    seatMembers(fake);
    client = await startClient(fake);
    client.on(Events.InteractionCreate, (i) => void behaviour(i));
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  const run = (command = 'brackets status') =>
    fake.runCommand({
      guildId: fake.guild(CAUCUS.name).id,
      channelId: fake.channel('general').id,
      userId: fake.user('amina').id,
      command,
      options: { document: 'Vision' },
    });

  it('logs a missed deadline with the correlation id instead of throwing', async () => {
    const lines: LogLine[] = [];
    const { promise: answered, resolve } = settled<AnswerOutcome>();
    behaviour = async (i) => {
      if (!i.isChatInputCommand()) return;
      resolve(
        await answerInteraction(
          i,
          async () => {
            await sleep(600);
            return reply('Too late');
          },
          {
            deferAfterMs: 5000,
            logger: captureLogger(lines),
            correlationId: () => 'feedface',
            context: { command: 'brackets status' },
          },
        ),
      );
    };
    const interaction = await run();
    await interaction.response(5000);
    expect(await answered).toMatchObject({ correlationId: 'feedface', deferred: false, delivered: false });
    const warning = lines.find((l) => l.level === 'warn');
    expect(warning?.obj).toMatchObject({
      correlationId: 'feedface',
      command: 'brackets status',
      code: 'NOT_FOUND',
    });
    expect(JSON.stringify(lines)).not.toContain(fake.token);
    expect(JSON.stringify(lines)).not.toContain(interaction.token);
  });

  it('turns a failure after a public deferral into a private follow-up, removes the deferral, and logs the cause', async () => {
    const lines: LogLine[] = [];
    const { promise: answered, resolve } = settled<AnswerOutcome>();
    behaviour = async (i) => {
      if (!i.isChatInputCommand()) return;
      resolve(
        await answerInteraction(
          i,
          async () => {
            await sleep(150);
            throw new Error('store exploded');
          },
          { deferAfterMs: 50, logger: captureLogger(lines), correlationId: () => '0badcafe' },
        ),
      );
    };
    const interaction = await run();
    const [followUp] = await interaction.waitForFollowUps(1);
    // An edit cannot make the public "thinking..." private; the error must not be public.
    expect((followUp?.flags ?? 0) & 64).toBe(64);
    expect(followUp?.embeds[0]?.title).toBe('Something went wrong');
    expect(followUp?.embeds[0]?.footer?.text).toBe('Reference: 0badcafe');
    expect(await answered).toMatchObject({ deferred: true, delivered: true, errorCode: 'INTERNAL' });
    await fake.waitUntil(() => interaction.original() === undefined, 5000, 'the deferral to be removed');
    expect(fake.channelMessages.get(fake.channel('general').id) ?? []).not.toContainEqual(
      expect.objectContaining({ interaction_metadata: expect.objectContaining({ id: interaction.id }) }),
    );
    const logged = lines.find((l) => l.level === 'error');
    expect(logged?.obj.err).toBeInstanceOf(Error);
    expect((logged?.obj.err as Error | undefined)?.message).toBe('store exploded');
  });

  it('answers a slow or failing autocomplete with no suggestions rather than missing the deadline', async () => {
    const lines: LogLine[] = [];
    behaviour = async (i) => {
      if (!i.isAutocomplete()) return;
      await answerAutocomplete(
        i,
        async () => {
          await sleep(2000);
          return [{ name: 'Vision', value: 'vision' }];
        },
        { timeoutMs: 100, logger: captureLogger(lines) },
      );
    };
    const started = Date.now();
    const slow = await fake.autocomplete({
      guildId: fake.guild(CAUCUS.name).id,
      channelId: fake.channel('general').id,
      userId: fake.user('amina').id,
      command: 'brackets status',
      options: { document: 'Vi' },
      focused: 'document',
    });
    await slow.response();
    // Well inside Discord's 3 s, even on a loaded machine.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(slow.choices()).toEqual([]);
    expect(lines.some((l) => l.level === 'warn')).toBe(true);
  });
});
