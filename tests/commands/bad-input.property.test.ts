import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeArgs, type IncomingFile } from '../../src/core/commands/args.js';
import { COMMANDS, runCommand, runTextCommand } from '../../src/core/commands/index.js';
import { invocationOf } from '../../src/core/commands/types.js';
import { type Reply, renderPlain } from '../../src/core/reply.js';
import { admin, caucus, createTestApp, staffer, type TestApp } from '../helpers/app.js';

/**
 * No bad input ever shows an internal error: every command of the registry is fed hostile
 * arguments (as adapters hand them over, and as typed text), by an administrator and by the
 * chairs' staff so that permission checks let them through to the rules, and every answer
 * must be a reply that says what is wrong, never "Something went wrong … reference".
 */

const HOSTILE = [
  '',
  ' ',
  '\u202eevil',
  'a\nb',
  '\u200b\u200b',
  '@everyone',
  '<!channel>',
  '<@&123456789012345678>',
  '\u{1F1FA}\u{1F1F3}',
  '🏳️‍🌈',
  '\ud800',
  '\u0000',
  '"unclosed',
  '--',
  '--version',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '9'.repeat(400),
  'x'.repeat(5000),
  '../../etc/passwd',
  'http://127.0.0.1:1/',
  'file:///etc/passwd',
  "'; DROP TABLE processes; --",
  '2014-02-30T25:61',
  'Mars/Olympus_Mons',
  'C9',
  'WSIS+10 Vision',
  'all',
  'none',
  'on',
  'off',
];

const hostileString = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE), weight: 4 },
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.tuple(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 10 })).map(([a, b]) => `${a}${b}`),
);

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 1e12, Number.NaN, Number.POSITIVE_INFINITY, -0),
);

const hostileFile: fc.Arbitrary<IncomingFile> = fc
  .record({
    name: fc.oneof(
      fc.constantFrom('draft.docx', 'notes.pdf', 'x', '', 'a\nb.txt', 'Vision.eml'),
      hostileString,
    ),
    bytes: fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.constantFrom(new Uint8Array(), new TextEncoder().encode('%PDF-1.7\nnot really')),
      fc.constantFrom(new TextEncoder().encode('PK\u0003\u0004broken zip')),
    ),
    contentType: fc.option(fc.constantFrom('application/pdf', 'text/plain', 'application/zip', 'x/y'), {
      nil: undefined,
    }),
  })
  .map(({ name, bytes, contentType }) => ({
    name,
    ...(contentType === undefined ? {} : { contentType }),
    read: async () => bytes,
  }));

/** Any value an adapter could hand over for an argument, of the right kind or not. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.boolean(),
  fc.constantFrom(null, undefined, [], {}, ['a', 'b']),
  hostileFile,
);

function assertUserError(r: Reply, what: string) {
  const text = renderPlain(r);
  expect(r.title, `${what}\n${text}`).not.toBe('Something went wrong');
  expect(text, what).not.toMatch(/logged with reference|unexpected error/);
}

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  const ctx = { deps: app.deps, scope: caucus, actor: admin, requestId: 'setup' };
  const r = await runTextCommand(COMMANDS, ctx, 'rapporteur follow "Vision process"');
  expect(r.tone).toBe('success');
});
afterAll(() => app?.close());

let seq = 0;
const ctxFor = (actor: typeof admin) => ({
  deps: app.deps,
  scope: caucus,
  actor,
  requestId: `r${++seq}`,
});

describe.each(COMMANDS.map((c) => [invocationOf(c), c] as const))('%s with bad input', (_name, command) => {
  const args = describeArgs(command.args);

  it('answers structured arguments of any kind with a user error or an answer', async () => {
    const raw = fc.record(
      Object.fromEntries(
        args.map((a) => [
          a.name,
          a.kind === 'file'
            ? fc.oneof(hostileFile, anyValue)
            : a.kind === 'integer' || a.kind === 'number'
              ? fc.oneof(hostileNumber, anyValue)
              : a.kind === 'choice'
                ? fc.oneof(fc.constantFrom(...(a.choices ?? [])), anyValue)
                : fc.oneof({ arbitrary: hostileString, weight: 4 }, anyValue),
        ]),
      ),
      { requiredKeys: args.filter((a) => a.required).map((a) => a.name) },
    );
    // Always tried first: every text argument made of symbols only, or hiding a control.
    const everyText = (value: string) =>
      Object.fromEntries(args.filter((a) => a.kind === 'string').map((a) => [a.name, value]));
    await fc.assert(
      fc.asyncProperty(raw, fc.constantFrom(admin, staffer), async (values, actor) => {
        const r = await runCommand(command, ctxFor(actor), values as Record<string, unknown>);
        assertUserError(r, `${invocationOf(command)} ${JSON.stringify(values)}`);
      }),
      {
        numRuns: 60,
        examples: [
          [everyText('\u{1F1FA}\u{1F1F3}'), admin],
          [everyText('\u{1F1FA}\u{1F1F3}'), staffer],
          [everyText('x\u202ey\nz'), admin],
        ],
      },
    );
  });

  it('answers typed text of any shape with a user error or an answer', async () => {
    const optionWords = args.flatMap((a) => [`--${a.name}`, `${a.name}:`]);
    const words = fc.array(
      optionWords.length > 0 ? fc.oneof(hostileString, fc.constantFrom(...optionWords)) : hostileString,
      { maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(words, fc.constantFrom(admin, staffer), async (ws, actor) => {
        const text = `${command.group} ${command.name} ${ws.map((w) => (/\s/.test(w) ? `"${w}"` : w)).join(' ')}`;
        const r = await runTextCommand(COMMANDS, ctxFor(actor), text, {
          resolveFile: (path) => ({ name: path, read: async () => new TextEncoder().encode(path) }),
        });
        assertUserError(r, text);
      }),
      { numRuns: 60 },
    );
  });
});
