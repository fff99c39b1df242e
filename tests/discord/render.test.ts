import type { APIEmbed } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DiscordMessagePayload,
  renderDiscordReply,
  reportFileName,
  TONE_COLOR,
  toInteractionMessage,
  toRestMessage,
} from '../../src/bots/discord/render.js';
import { type Reply, reply } from '../../src/core/reply.js';
import { discordPayloadProblems } from '../helpers/discord-payload.js';
import { anyReply, codeSpansBalanced, hasLoneSurrogate, timestampsWellFormed } from './arbitraries.js';

const embedOf = (p: DiscordMessagePayload): APIEmbed => p.embeds[0] as APIEmbed;
const reportOf = (p: DiscordMessagePayload): string | undefined => {
  const file = p.files.find((f) => f.name.endsWith('.md') && f.description === 'The full report');
  return file ? new TextDecoder().decode(file.data) : undefined;
};
/** Every text area of the embed that Discord renders as Markdown. */
const areas = (p: DiscordMessagePayload): string[] => {
  const e = embedOf(p);
  return [
    e.title ?? '',
    e.description ?? '',
    ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    p.content,
  ];
};

function expectFits(p: DiscordMessagePayload): void {
  expect(discordPayloadProblems(p)).toEqual([]);
  const rest = toRestMessage(p);
  expect(discordPayloadProblems({ ...rest.body, files: rest.files })).toEqual([]);
}

/** An item of the 1 June Vision draft, numbered so tests can see exactly where a cut fell. */
const bracketItem = (i: number) =>
  `Paragraph ${i}: [Alt 1: in their respective roles and responsibilities] [US: delete]`;

describe('renderDiscordReply: the normal case', () => {
  const meeting = reply('Sixth preparatory meeting (MPP6)', {
    tone: 'warning',
    summary: ['Added on 3 June with six days’ notice. Starts ', { time: '2014-06-09T12:00:00Z' }, '.'],
    sections: [
      {
        heading: 'Meeting',
        fields: [
          { name: 'When', value: [{ time: '2014-06-09T12:00:00Z', style: 'date' }], inline: true },
          { name: 'Time', value: [{ time: '2014-06-09T12:00:00Z', style: 'time' }], inline: true },
          { name: 'Venue', value: 'Geneva, ITU', inline: true },
        ],
      },
      {
        heading: 'Sources disagree on the end time',
        columns: [
          { heading: 'Signed PDF invitation', items: ['14:00-16:00'] },
          { heading: 'Web page', items: ['14:00-18:00'] },
        ],
      },
      { heading: 'Flags', items: ['Whit Monday: public holiday in Geneva', 'Short notice: 6 days'] },
    ],
    footer: 'WSIS+10 MPP',
  });

  it('maps title, summary, tone, fields, side-by-side columns and footer to one embed', () => {
    const p = renderDiscordReply(meeting);
    const e = embedOf(p);
    expect(e.title).toBe('Sixth preparatory meeting (MPP6)');
    expect(e.color).toBe(TONE_COLOR.warning);
    expect(e.description).toBe('Added on 3 June with six days’ notice. Starts <t:1402315200:F>.');
    expect(e.fields).toEqual([
      { name: 'Meeting', value: '\u200b' },
      { name: 'When', value: '<t:1402315200:D>', inline: true },
      { name: 'Time', value: '<t:1402315200:t>', inline: true },
      { name: 'Venue', value: 'Geneva, ITU', inline: true },
      { name: 'Sources disagree on the end time', value: '\u200b' },
      { name: 'Signed PDF invitation', value: '- 14:00-16:00', inline: true },
      { name: 'Web page', value: '- 14:00-18:00', inline: true },
      { name: 'Flags', value: '- Whit Monday: public holiday in Geneva\n- Short notice: 6 days' },
    ]);
    expect(e.footer).toEqual({ text: 'WSIS+10 MPP' });
    expect(p.files).toEqual([]);
    expect(p.truncated).toBe(false);
    expect(p.content).toBe('');
    expectFits(p);
  });

  it('puts the title in content for notifications, since push notifications do not show embeds', () => {
    expect(renderDiscordReply(meeting, { notification: true }).content).toBe(
      'Sixth preparatory meeting (MPP6)',
    );
  });

  it('maps time styles to Discord timestamp styles and leaves invalid times as text', () => {
    const r = reply('Times', {
      summary: [{ time: '2014-06-09T14:00:00+02:00', style: 'relative' }, ' / ', { time: 'next Monday' }],
    });
    expect(embedOf(renderDiscordReply(r)).description).toBe('<t:1402315200:R> / next Monday');
  });

  it('renders narrow plain tables as a code block and rich ones as lines', () => {
    const plain = reply('Versions', {
      sections: [
        {
          table: {
            columns: ['Version', 'Open'],
            rows: [
              ['1 June', '42'],
              ['28 May', '57'],
            ],
          },
        },
      ],
    });
    expect(embedOf(renderDiscordReply(plain)).description).toBe(
      '```\nVersion  Open\n-------  ----\n1 June   42\n28 May   57\n```',
    );
    const rich = reply('Meetings', {
      sections: [
        { table: { columns: ['Meeting', 'Starts'], rows: [['MPP5', [{ time: '2014-05-28T08:00:00Z' }]]] } },
      ],
    });
    expect(embedOf(renderDiscordReply(rich)).description).toBe(
      '*Meeting · Starts*\n- MPP5 · <t:1401264000:F>',
    );
  });

  it('escapes Markdown and neutralises mentions, masked links and fake timestamps from documents', () => {
    const r = reply('Draft text', {
      sections: [
        {
          items: [
            '**not bold** _not italic_ `not code` ||not spoiler||',
            '@everyone <@123456789012345678> <t:0:F>',
            '[agreed ad ref](https://evil.example) see https://www.itu.int/net/wsis/review/mpp/a_b',
            '# not a heading',
          ],
        },
      ],
    });
    const p = renderDiscordReply(r);
    expect(embedOf(p).description).toBe(
      [
        '- \\*\\*not bold\\*\\* \\_not italic\\_ \\`not code\\` \\|\\|not spoiler\\|\\|',
        '- @everyone \\<@123456789012345678\\> \\<t:0:F\\>',
        '- [agreed ad ref]\\(https://evil.example) see https://www.itu.int/net/wsis/review/mpp/a_b',
        '- # not a heading',
      ].join('\n'),
    );
    expect(toRestMessage(p).body.allowed_mentions).toEqual({ parse: [] });
    expect(toInteractionMessage(p).allowedMentions).toEqual({ parse: [] });
  });

  it('escapes line-start markers in prose', () => {
    const r = reply('Prose', {
      summary: '# Vision\n- bullet\n> quote\n12. item\n-# small\n64.4% of 463 words\n#hashtag',
    });
    // Before a digit a backslash would show, so the list marker is escaped at its dot.
    expect(embedOf(renderDiscordReply(r)).description).toBe(
      '\\# Vision\n\\- bullet\n\\> quote\n12\\. item\n\\-# small\n64.4% of 463 words\n#hashtag',
    );
  });

  it('makes ephemeral replies ephemeral and converts files for discord.js and REST', () => {
    const r = reply('Preview', {
      ephemeral: true,
      attachments: [
        {
          filename: 'vision clean.md',
          contentType: 'text/markdown',
          content: '# Vision',
          description: 'Preview',
        },
      ],
    });
    const p = renderDiscordReply(r);
    expect(toInteractionMessage(p).flags).toBe(64);
    expect(toInteractionMessage(p).files[0]?.name).toBe('vision_clean.md');
    const rest = toRestMessage(p);
    expect(rest.body.attachments).toEqual([{ id: 0, filename: 'vision_clean.md', description: 'Preview' }]);
    expect(new TextDecoder().decode(rest.files[0]?.data as Uint8Array)).toBe('# Vision');
  });
});

describe('renderDiscordReply: truncation', () => {
  it('cuts a long list at a whole item, counts what is left, and attaches the full report', () => {
    const items = Array.from({ length: 300 }, (_, i) => bracketItem(i + 1));
    const p = renderDiscordReply(
      reply('Vision draft, 1 June version', { sections: [{ heading: 'C5', items }] }),
    );
    const description = embedOf(p).description ?? '';
    const shown = description.split('\n').filter((l) => /^- Paragraph \d+:/.test(l));
    const last = shown[shown.length - 1] ?? '';
    const fullyShown = last.endsWith('…') ? shown.length - 1 : shown.length;
    const note = description.split('\n').pop() ?? '';
    expect(note).toBe(`*... and ${300 - shown.length} more (full report: vision-draft-1-june-version.md)*`);
    expect(fullyShown).toBeGreaterThan(20);
    expect(p.truncated).toBe(true);
    const report = reportOf(p) ?? '';
    expect(report).toContain('Paragraph 300:');
    expect(report.match(/^- Paragraph/gm)).toHaveLength(300);
    expectFits(p);
  });

  it('says how many sections were left out when the cut falls between sections', () => {
    const section = (n: number) => ({
      heading: `Action line C${n}`,
      items: Array.from({ length: 12 }, (_, i) => bracketItem(i)),
    });
    const p = renderDiscordReply(
      reply('All action lines', { sections: Array.from({ length: 11 }, (_, i) => section(i + 1)) }),
    );
    expect(embedOf(p).description).toMatch(
      /\*\.\.\. and \d+ more, and \d+ more sections \(full report: all-action-lines\.md\)\*$|\*\.\.\. and \d+ more sections/,
    );
    expectFits(p);
  });

  it('cuts a giant word at a grapheme boundary, never inside an emoji sequence or a combining mark', () => {
    const family = '👩🏽‍⚖️';
    const word = `${family}e\u0301`.repeat(2000);
    const p = renderDiscordReply(reply('One long word', { summary: word }));
    const description = embedOf(p).description ?? '';
    const body = description.split('\n')[0] ?? '';
    expect(body.endsWith('…')).toBe(true);
    const kept = body.slice(0, -1);
    expect(kept.length).toBeGreaterThan(1000);
    // What is kept is a prefix of the word ending on a grapheme boundary.
    expect(word.startsWith(kept)).toBe(true);
    const boundaries = new Set(
      Array.from(new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(word), (s) => s.index),
    );
    expect(boundaries.has(kept.length)).toBe(true);
    expect(hasLoneSurrogate(description)).toBe(false);
    expectFits(p);
  });

  it('never cuts inside a timestamp token or a code span', () => {
    const items = Array.from({ length: 400 }, (_, i) => [
      `Meeting ${i} `,
      { time: new Date(Date.UTC(2014, 5, 9, 12) + i * 3_600_000).toISOString() },
      ' ',
      { code: `brackets diff --from ${i} --to ${i + 1}` },
    ]);
    for (let budgetShift = 0; budgetShift < 30; budgetShift += 7) {
      const r = reply('x'.repeat(budgetShift), { sections: [{ items }] });
      const p = renderDiscordReply(r);
      for (const area of areas(p)) {
        expect(timestampsWellFormed(area)).toBe(true);
        expect(codeSpansBalanced(area)).toBe(true);
      }
      expectFits(p);
    }
  });

  it('closes a code-block table it cuts and counts the rows left out', () => {
    const rows = Array.from({ length: 500 }, (_, i) => [`v${i}`, String(i)]);
    const p = renderDiscordReply(
      reply('Versions', { sections: [{ table: { columns: ['Version', 'Open'], rows } }] }),
    );
    const lines = (embedOf(p).description ?? '').split('\n');
    const shownRows = lines.filter((l) => /^v\d+ /.test(l)).length;
    expect(lines.filter((l) => l === '```')).toHaveLength(2);
    expect(lines[lines.length - 2]).toBe('```');
    expect(lines[lines.length - 1]).toBe(`*... and ${500 - shownRows} more (full report: versions.md)*`);
    expectFits(p);
  });

  it('keeps at most 25 fields, the last saying how many more there were', () => {
    const fields = Array.from({ length: 40 }, (_, i) => ({
      name: `Delegation ${i}`,
      value: 'bracket',
      inline: true,
    }));
    const p = renderDiscordReply(reply('Holders', { sections: [{ fields }] }));
    const out = embedOf(p).fields ?? [];
    expect(out).toHaveLength(25);
    expect(out[23]?.name).toBe('Delegation 23');
    expect(out[24]).toEqual({ name: '…', value: '*... and 16 more (full report: holders.md)*' });
    expect(reportOf(p)).toContain('Delegation 39');
    expectFits(p);
  });

  it('cuts a long field value between words', () => {
    const value = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const p = renderDiscordReply(reply('Field', { sections: [{ fields: [{ name: 'Text', value }] }] }));
    const field = embedOf(p).fields?.[0];
    expect(field?.value.length).toBeLessThanOrEqual(1024);
    expect(field?.value).toMatch(/word\d+…\n\*\(full report: field\.md\)\*$/);
    expectFits(p);
  });

  it('keeps the whole embed within 6000 characters when every part is large', () => {
    const big = (n: number) => Array.from({ length: 60 }, (_, i) => `${n}-${bracketItem(i)}`);
    const r = reply('T'.repeat(300), {
      summary: 'S '.repeat(3000),
      sections: [
        { items: big(0) },
        { fields: Array.from({ length: 10 }, (_, i) => ({ name: `F${i}`, value: 'v '.repeat(600) })) },
        { heading: 'More', items: big(1) },
      ],
      footer: 'f '.repeat(2000),
    });
    const p = renderDiscordReply(r);
    const e = embedOf(p);
    expect(e.title?.endsWith('…')).toBe(true);
    expect(e.footer?.text.endsWith('…')).toBe(true);
    expectFits(p);
  });

  it('leaves out attachments over the upload limit or beyond nine, and says so', () => {
    const attachments = Array.from({ length: 12 }, (_, i) => ({
      filename: `annex-${i}.txt`,
      contentType: 'text/plain',
      content: i === 0 ? 'x'.repeat(2048) : 'annex',
    }));
    const p = renderDiscordReply(reply('Annexes', { attachments }), { uploadLimitBytes: 1024 });
    expect(p.files.map((f) => f.name)).toEqual(Array.from({ length: 9 }, (_, i) => `annex-${i + 1}.txt`));
    expect(embedOf(p).footer?.text).toBe(
      'Not attached: annex-0.txt (over the upload limit), annex-10.txt (too many files), annex-11.txt (too many files)',
    );
    expectFits({ ...p, files: p.files });
  });

  it('cuts the attached report at a line end when it exceeds the upload limit', () => {
    const items = Array.from({ length: 3000 }, (_, i) => `${bracketItem(i)} é😀`);
    const p = renderDiscordReply(reply('Huge', { sections: [{ items }] }), { uploadLimitBytes: 64 * 1024 });
    const file = p.files.find((f) => f.name === 'huge.md');
    expect(file?.data.byteLength).toBeLessThanOrEqual(64 * 1024);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(file?.data);
    expect(text).toMatch(/\n\n\*\(report cut here: it is larger than the 64 KiB upload limit\)\*\n$/);
    expectFits(p);
  });

  it('survives hostile sizes: no stack overflow from huge tables, no quadratic joins on huge lines', () => {
    const hostile = [
      reply('Rows', {
        sections: [
          {
            table: {
              columns: ['Version', 'Open'],
              rows: Array.from({ length: 200_000 }, (_, i) => [`v${i}`, '1']),
            },
          },
        ],
      }),
      reply('Pieces', { summary: Array.from({ length: 200_000 }, (_, i) => (i % 2 ? { code: 'x' } : 'y')) }),
      reply('Ticks', { summary: [{ code: '`a'.repeat(200_000) }] }),
    ];
    for (const r of hostile) {
      const started = Date.now();
      const p = renderDiscordReply(r);
      // Linear work takes well under a second here; the quadratic join this guards against took minutes.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(p.truncated).toBe(true);
      expectFits(p);
    }
  }, 60_000);

  it('names the report after the title, safely', () => {
    expect(reportFileName('Brackets: Vision draft (1 June) — C5/C8')).toBe(
      'brackets-vision-draft-1-june-c5-c8.md',
    );
    expect(reportFileName('日内瓦')).toBe('report.md');
    expect(reportFileName('Genève'.repeat(30)).length).toBeLessThanOrEqual(63);
  });
});

describe('renderDiscordReply: properties', () => {
  it('a footer of control characters and blanks is left out, not sent blank (found by the property below)', () => {
    const r: Reply = {
      title: '',
      tone: 'info',
      sections: [],
      attachments: [],
      footer: '\u0000\u0007 \u0000\u0007',
    };
    const p = renderDiscordReply(r, { uploadLimitBytes: 1024 * 1024, notification: true });
    expect(discordPayloadProblems(p, { uploadLimitBytes: 1024 * 1024 })).toEqual([]);
    expect(p.embeds.some((e: APIEmbed) => e.footer !== undefined)).toBe(false);
  });
  it('any reply renders to a payload with zero limit problems, clean text and balanced Markdown', () => {
    fc.assert(
      fc.property(anyReply, fc.constantFrom(1024 * 1024, 4096), (r: Reply, uploadLimitBytes) => {
        const p = renderDiscordReply(r, { uploadLimitBytes, notification: true });
        expect(discordPayloadProblems(p, { uploadLimitBytes })).toEqual([]);
        const rest = toRestMessage(p);
        expect(discordPayloadProblems({ ...rest.body, files: rest.files }, { uploadLimitBytes })).toEqual([]);
        for (const area of areas(p)) {
          expect(hasLoneSurrogate(area)).toBe(false);
          expect(timestampsWellFormed(area)).toBe(true);
          expect(codeSpansBalanced(area)).toBe(true);
        }
        expect(p.truncated).toBe(reportOf(p) !== undefined);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('is deterministic', () => {
    fc.assert(
      fc.property(anyReply, (r) => {
        const [a, b] = [renderDiscordReply(r), renderDiscordReply(r)];
        expect(JSON.stringify(b.embeds)).toBe(JSON.stringify(a.embeds));
        expect(b.files.map((f) => Buffer.from(f.data).toString('base64'))).toEqual(
          a.files.map((f) => Buffer.from(f.data).toString('base64')),
        );
      }),
      { numRuns: 20 },
    );
  }, 60_000);
});
