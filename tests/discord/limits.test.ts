import { describe, expect, it } from 'vitest';
import {
  applicationCommandProblems,
  autocompleteChoiceProblems,
  MAX_EMBED_TOTAL_CHARS,
} from '../../src/bots/discord/limits.js';
import { discordPayloadProblems } from '../helpers/discord-payload.js';

const x = (n: number) => 'x'.repeat(n);
const embed = (extra: Record<string, unknown> = {}) => ({
  title: 'Still bracketed in the Vision draft',
  ...extra,
});

describe('discordPayloadProblems', () => {
  it('accepts a payload at every limit exactly', () => {
    const payload = {
      content: x(2000),
      embeds: [
        {
          title: x(256),
          description: x(4096),
          footer: { text: x(100) },
          fields: [{ name: x(256), value: x(1024) }],
        },
      ],
    };
    // 256 + 4096 + 100 + 256 + 1024 = 5732, under the 6000 total.
    expect(discordPayloadProblems(payload)).toEqual([]);
  });

  it.each([
    ['content', { content: x(2001) }, 'content has 2001 characters'],
    ['title', { embeds: [embed({ title: x(257) })] }, 'embeds[0].title has 257 characters'],
    ['description', { embeds: [embed({ description: x(4097) })] }, 'embeds[0].description has 4097'],
    [
      'field count',
      { embeds: [embed({ fields: Array.from({ length: 26 }, () => ({ name: 'a', value: 'b' })) })] },
      'embeds[0].fields has 26 fields',
    ],
    ['field name', { embeds: [embed({ fields: [{ name: x(257), value: 'v' }] })] }, 'fields[0].name has 257'],
    [
      'field value',
      { embeds: [embed({ fields: [{ name: 'n', value: x(1025) }] })] },
      'fields[0].value has 1025',
    ],
    [
      'empty field name',
      { embeds: [embed({ fields: [{ name: '', value: 'v' }] })] },
      'fields[0].name is empty',
    ],
    [
      'blank field value',
      { embeds: [embed({ fields: [{ name: 'n', value: ' \n ' }] })] },
      'fields[0].value is empty',
    ],
    ['footer', { embeds: [embed({ footer: { text: x(2049) } })] }, 'footer.text has 2049'],
    ['author', { embeds: [embed({ author: { name: x(257) } })] }, 'author.name has 257'],
    ['embed count', { embeds: Array.from({ length: 11 }, () => embed()) }, 'embeds has 11 embeds'],
    ['colour', { embeds: [embed({ color: 0x1000000 })] }, 'color must be an integer'],
    ['empty embed', { embeds: [{ color: 1 }] }, 'embeds[0] is empty'],
    [
      'file count',
      {
        content: 'c',
        files: Array.from({ length: 11 }, (_, i) => ({ name: `${i}.md`, data: new Uint8Array(1) })),
      },
      'files has 11 files',
    ],
    [
      'attachment alt text',
      { content: 'c', attachments: [{ id: 0, filename: 'a.md', description: x(1025) }] },
      'attachments[0].description has 1025',
    ],
    ['empty message', { content: '  ' }, 'the message is empty'],
  ])('reports the %s limit', (_name, payload, expected) => {
    const problems = discordPayloadProblems(payload);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it('counts 6000 characters across all embeds of a message, each embed being valid alone', () => {
    const big = { description: x(3500) };
    const problems = discordPayloadProblems({ embeds: [big, big] });
    expect(problems).toEqual([
      `embeds hold 7000 characters in total; Discord allows at most ${MAX_EMBED_TOTAL_CHARS} across a message's embeds`,
    ]);
  });

  it('lists every problem at once, not just the first', () => {
    const problems = discordPayloadProblems({
      content: x(2001),
      embeds: [embed({ title: x(300), fields: [{ name: '', value: x(2000) }] })],
    });
    expect(problems).toHaveLength(4);
  });

  it('checks file sizes against the upload limit it is given', () => {
    const payload = { files: [{ name: 'vision-1-june.pdf', data: new Uint8Array(2048) }] };
    expect(discordPayloadProblems(payload, { uploadLimitBytes: 4096 })).toEqual([]);
    expect(discordPayloadProblems(payload, { uploadLimitBytes: 1024 })[0]).toContain('is 2048 bytes');
  });

  it('understands interaction callbacks: replies, deferrals and autocomplete results', () => {
    expect(discordPayloadProblems({ type: 5, data: { flags: 64 } })).toEqual([]);
    expect(discordPayloadProblems({ type: 4, data: { content: 'ok' } })).toEqual([]);
    expect(discordPayloadProblems({ type: 4, data: { content: x(2001) } })[0]).toContain('content has 2001');
    expect(discordPayloadProblems({ type: 4 })[0]).toContain('needs data');
    expect(
      discordPayloadProblems({ type: 8, data: { choices: [{ name: 'Vision', value: 'vision' }] } }),
    ).toEqual([]);
    expect(discordPayloadProblems({ type: 42 })[0]).toContain('unknown interaction response type 42');
  });

  it('never throws on hostile shapes', () => {
    for (const hostile of [
      null,
      3,
      'text',
      [],
      { embeds: 'no' },
      { embeds: [null, 4] },
      { embeds: [{ fields: [7] }] },
    ]) {
      expect(discordPayloadProblems(hostile).length).toBeGreaterThan(0);
    }
    expect(discordPayloadProblems({ embeds: [{ title: 5 }] })).toContain(
      'embeds[0].title must be a string, got number',
    );
  });
});

describe('autocompleteChoiceProblems', () => {
  it('reports too many choices and over-long names and values', () => {
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `Vision v${i}`, value: `v${i}` }));
    expect(autocompleteChoiceProblems(choices)).toEqual([
      'choices has 26 entries; Discord allows at most 25',
    ]);
    expect(autocompleteChoiceProblems([{ name: x(101), value: x(101) }])).toHaveLength(2);
    expect(autocompleteChoiceProblems([{ name: 'n', value: Number.NaN }])[0]).toContain('finite number');
  });
});

describe('applicationCommandProblems', () => {
  const valid = {
    name: 'brackets',
    description: 'What is still in square brackets, and what changed',
    options: [
      {
        type: 1,
        name: 'status',
        description: 'Open brackets of a draft',
        options: [
          { type: 3, name: 'document', description: 'Which draft', required: true, autocomplete: true },
          { type: 3, name: 'section', description: 'Only this section', autocomplete: true },
        ],
      },
      { type: 1, name: 'diff', description: 'What changed between two versions' },
    ],
  };

  it('accepts a well-formed command with subcommands', () => {
    expect(applicationCommandProblems(valid)).toEqual([]);
  });

  it('reports names, descriptions, order, nesting and mixing', () => {
    expect(applicationCommandProblems({ ...valid, name: 'Brackets' })[0]).toContain('lowercase');
    expect(applicationCommandProblems({ ...valid, description: x(101) })[0]).toContain('description has 101');
    expect(applicationCommandProblems({ ...valid, description: '' })[0]).toContain('empty');
    const misordered = {
      name: 'draft',
      description: 'Drafts',
      options: [
        { type: 3, name: 'label', description: 'Label' },
        { type: 11, name: 'file', description: 'The draft', required: true },
      ],
    };
    expect(applicationCommandProblems(misordered)[0]).toContain('required but follows an optional option');
    const mixed = { ...valid, options: [...valid.options, { type: 3, name: 'x', description: 'x' }] };
    expect(applicationCommandProblems(mixed).some((p) => p.includes('mixes subcommands'))).toBe(true);
    const deep = {
      name: 'a',
      description: 'a',
      options: [
        {
          type: 2,
          name: 'g',
          description: 'g',
          options: [{ type: 2, name: 'h', description: 'h', options: [] }],
        },
      ],
    };
    expect(applicationCommandProblems(deep).some((p) => p.includes('nests too deep'))).toBe(true);
    const many = {
      name: 'a',
      description: 'a',
      options: Array.from({ length: 26 }, (_, i) => ({ type: 3, name: `o${i}`, description: 'd' })),
    };
    expect(applicationCommandProblems(many)[0]).toContain('has 26 options');
  });

  it('counts the 4000-character total of a command', () => {
    const options = Array.from({ length: 25 }, (_, i) => ({
      type: 1,
      name: `sub${i}`,
      description: x(100),
      options: Array.from({ length: 2 }, (_, j) => ({ type: 3, name: `o${j}`, description: x(100) })),
    }));
    const problems = applicationCommandProblems({ name: 'big', description: 'big', options });
    expect(problems.some((p) => /has \d+ characters of names, descriptions and choices/.test(p))).toBe(true);
  });
});
