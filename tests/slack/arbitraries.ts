import fc from 'fast-check';
import type { Inline, Reply, ReplySection, RichText } from '../../src/core/reply.js';

/**
 * Replies as hostile as real ones get: Slack's control characters, mrkdwn markers, mention
 * tokens lifted from a draft, emoji and CJK, half surrogate pairs, control characters,
 * invalid instants and zones, and lengths well past every Slack limit.
 */

const HOSTILE_CHARS = [
  '&',
  '<',
  '>',
  '*',
  '_',
  '~',
  '`',
  '|',
  '^',
  '\n',
  '\t',
  '"',
  '\\',
  '\u0000',
  '\u2028',
];
const hostileChar = fc.constantFrom(...HOSTILE_CHARS);
const fragments = fc.constantFrom(
  '<!channel>',
  '<!here|here>',
  '<@U024BE7LH>',
  '<https://evil.example|click>',
  '&amp;',
  '&lt;',
  '```',
  '[US: delete]',
  '[Alt 1: as appropriate]',
  '🇨🇭',
  '日内瓦',
  '\ud800',
  '\udfff',
);

/** Text mixing ordinary words with everything that could break markup. */
export const hostileText = (maxLength = 60): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength }) },
    {
      weight: 2,
      arbitrary: fc.string({ unit: fc.oneof(hostileChar, fc.string({ maxLength: 3 })), maxLength }),
    },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.oneof(fragments, fc.string({ maxLength: 8 })), { maxLength: 8 })
        .map((a) => a.join(' ')),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength }) },
  );

/** Occasionally very long text (several thousand characters). */
export const longText = fc
  .tuple(hostileText(40), fc.integer({ min: 50, max: 400 }))
  .map(([t, n]) => Array.from({ length: n }, (_, k) => `${t} ${k}`).join(n % 3 === 0 ? '\n' : ' '));

const instant = fc.oneof(
  fc
    .date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2090-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
  fc.constantFrom('not a date', '2014-13-45T99:00:00Z', ''),
);

const inline: fc.Arbitrary<Inline> = fc.oneof(
  { weight: 4, arbitrary: hostileText() },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        time: instant,
        zone: fc.constantFrom('Europe/Zurich', 'Australia/Sydney', 'Pacific/Chatham', 'UTC', 'Not/AZone'),
        style: fc.constantFrom('full' as const, 'date' as const, 'time' as const, 'relative' as const),
      },
      { requiredKeys: ['time'] },
    ),
  },
  { weight: 1, arbitrary: hostileText().map((code) => ({ code })) },
  { weight: 1, arbitrary: hostileText().map((strong) => ({ strong })) },
  { weight: 1, arbitrary: hostileText().map((em) => ({ em })) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        link: fc.oneof(
          fc.webUrl(),
          fc.constantFrom('javascript:alert(1)', 'https://a.example/x?a=1&b=<2>|3', 'not a url'),
        ),
        label: hostileText(30),
      },
      { requiredKeys: ['link'] },
    ),
  },
);

export const richText: fc.Arbitrary<RichText> = fc.oneof(
  { weight: 3, arbitrary: hostileText() },
  { weight: 3, arbitrary: fc.array(inline, { maxLength: 8 }) },
  { weight: 1, arbitrary: longText },
);

/** Size caps: `large` goes well past Slack's limits, `modest` mostly fits in one message. */
const SIZES = {
  large: { items: 120, fields: 25, rows: 80, columns: 12, sections: 8, actions: 30, text: richText },
  modest: {
    items: 6,
    fields: 4,
    rows: 4,
    columns: 3,
    sections: 3,
    actions: 3,
    text: fc.oneof(hostileText(), fc.array(inline, { maxLength: 4 })),
  },
};

function sectionArb(size: (typeof SIZES)['large']): fc.Arbitrary<ReplySection> {
  return fc.record(
    {
      heading: hostileText(80),
      body: size.text,
      items: fc.array(size.text, { maxLength: size.items }),
      fields: fc.array(
        fc.record(
          { name: hostileText(30), value: size.text, inline: fc.boolean() },
          { requiredKeys: ['name', 'value'] },
        ),
        { maxLength: size.fields },
      ),
      table: fc.record({
        columns: fc.array(hostileText(20), { maxLength: 6 }),
        rows: fc.array(fc.array(size.text, { maxLength: 6 }), { maxLength: size.rows }),
      }),
      columns: fc.array(
        fc.record({ heading: hostileText(30), items: fc.array(size.text, { maxLength: 30 }) }),
        {
          maxLength: size.columns,
        },
      ),
    },
    { requiredKeys: [] },
  );
}

/** Any reply, of the given size. */
export function replyArbitrary(scale: keyof typeof SIZES): fc.Arbitrary<Reply> {
  const size = SIZES[scale];
  return fc.record(
    {
      title:
        scale === 'large'
          ? fc.oneof(hostileText(80), fc.string({ minLength: 150, maxLength: 400 }))
          : hostileText(80),
      tone: fc.constantFrom('info' as const, 'success' as const, 'warning' as const, 'error' as const),
      summary: size.text,
      sections: fc.array(sectionArb(size), { maxLength: size.sections }),
      attachments: fc.array(
        fc.record({
          filename: fc.string({ minLength: 1, maxLength: 40 }),
          contentType: fc.constant('text/plain'),
          content: fc.string({ maxLength: 100 }),
        }),
        { maxLength: 3 },
      ),
      actions: fc.array(
        fc.record({
          command:
            scale === 'large'
              ? fc.oneof(hostileText(40), fc.string({ minLength: 2001, maxLength: 2100 }))
              : hostileText(40),
          label: hostileText(120),
        }),
        { maxLength: size.actions },
      ),
      footer: hostileText(scale === 'large' ? 2000 : 100),
      ephemeral: fc.boolean(),
    },
    { requiredKeys: ['title', 'tone', 'sections', 'attachments'] },
  );
}
