import fc from 'fast-check';
import type { Inline, Reply, ReplySection, RichText } from '../../src/core/reply.js';

/**
 * fast-check arbitraries for the neutral Reply model, biased towards what breaks chat
 * renderers: Markdown and mention syntax, brackets, emoji sequences, combining marks, lone
 * surrogates, control characters, long words and very long lists.
 */

const nasty = fc.constantFrom(
  '[US: delete]',
  '[Alt 1: as appropriate]',
  '@everyone',
  '<@123456789012345678>',
  '# heading',
  '-# subtext',
  '> quote',
  '1. first',
  '`code`',
  '```',
  '**bold**',
  '||spoiler||',
  '<t:0:F>',
  '[click](https://example.org)',
  'https://www.itu.int/net/wsis/review/mpp/a_b*c',
  '\\',
  '\n',
  '\r\n',
  '\u0000\u0007',
  '😀',
  '👩🏽‍⚖️',
  'e\u0301',
  '\uD83D',
  '\uDE00',
  'Genève',
  '日内瓦',
);

const piecesOfText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: nasty },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom('x', 'é', '😀', '`', '*'), minLength: 150, maxLength: 700 }),
  },
);

/** Text made of realistic and hostile pieces. */
export const text: fc.Arbitrary<string> = fc
  .array(piecesOfText, { maxLength: 6 })
  .map((parts) => parts.join(' '));

const instant = fc.oneof(
  fc
    .date({
      min: new Date('2013-01-01T00:00:00Z'),
      max: new Date('2030-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
  fc.constantFrom('2014-06-09T14:00:00+02:00', 'not a date', '', '2014-13-45T99:00:00Z'),
);

const inline: fc.Arbitrary<Inline> = fc.oneof(
  { weight: 4, arbitrary: text },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        time: instant,
        style: fc.constantFrom('full', 'date', 'time', 'relative'),
        zone: fc.constantFrom('Europe/Zurich', 'Australia/Sydney', 'Nowhere/Bogus'),
      },
      { requiredKeys: ['time'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ code: text }) },
  { weight: 1, arbitrary: fc.record({ strong: text }) },
  { weight: 1, arbitrary: fc.record({ em: text }) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        link: fc.oneof(
          fc.webUrl(),
          fc.constantFrom('javascript:alert(1)', 'not a url', 'https://x.org/a)b c'),
        ),
        label: text,
      },
      { requiredKeys: ['link'] },
    ),
  },
);

export const richText: fc.Arbitrary<RichText> = fc.oneof(text, fc.array(inline, { maxLength: 8 }));

const section: fc.Arbitrary<ReplySection> = fc.record(
  {
    heading: text,
    body: richText,
    items: fc.oneof(
      fc.array(richText, { maxLength: 5 }),
      fc.array(richText, { minLength: 50, maxLength: 160 }),
    ),
    fields: fc.array(
      fc.record({ name: text, value: richText, inline: fc.boolean() }, { requiredKeys: ['name', 'value'] }),
      {
        maxLength: 30,
      },
    ),
    table: fc.record({
      columns: fc.array(fc.string({ maxLength: 20 }), { maxLength: 5 }),
      rows: fc.array(fc.array(richText, { maxLength: 5 }), { maxLength: 60 }),
    }),
    columns: fc.array(fc.record({ heading: text, items: fc.array(richText, { maxLength: 20 }) }), {
      maxLength: 4,
    }),
  },
  { requiredKeys: [] },
);

export const anyReply: fc.Arbitrary<Reply> = fc.record(
  {
    title: text,
    tone: fc.constantFrom('info', 'success', 'warning', 'error'),
    summary: richText,
    sections: fc.array(section, { maxLength: 8 }),
    attachments: fc.array(
      fc.record({
        filename: text,
        contentType: fc.constant('text/plain'),
        content: fc.oneof(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 })),
      }),
      { maxLength: 12 },
    ),
    actions: fc.array(fc.record({ command: text, label: text }), { maxLength: 4 }),
    footer: text,
    ephemeral: fc.boolean(),
  },
  { requiredKeys: ['title', 'tone', 'sections', 'attachments'] },
) as fc.Arbitrary<Reply>;

/** True when a string holds a lone UTF-16 surrogate (invalid in UTF-8, rejected by Discord). */
export function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

/**
 * True when every code span opened in `markdown` is closed (a run of n backticks closes
 * at the next run of exactly n), with backslash escapes honoured outside code.
 */
export function codeSpansBalanced(markdown: string): boolean {
  let i = 0;
  while (i < markdown.length) {
    const c = markdown[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c !== '`') {
      i++;
      continue;
    }
    let n = 0;
    while (markdown[i + n] === '`') n++;
    const fence = '`'.repeat(n);
    let j = i + n;
    let closed = -1;
    while (j < markdown.length) {
      const k = markdown.indexOf(fence, j);
      if (k < 0) break;
      let m = 0;
      while (markdown[k + m] === '`') m++;
      if (m === n) {
        closed = k;
        break;
      }
      j = k + m;
    }
    if (closed < 0) return false;
    i = closed + n;
  }
  return true;
}

/** Every `<t:` in Discord Markdown is a complete timestamp token (or escaped). */
export function timestampsWellFormed(markdown: string): boolean {
  for (const match of markdown.matchAll(/(\\?)<t:/g)) {
    if (match[1] === '\\') continue;
    const rest = markdown.slice(match.index ?? 0);
    if (!/^<t:-?\d+:[tTdDfFR]>/.test(rest)) return false;
  }
  return true;
}
