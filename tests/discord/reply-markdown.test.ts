import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant, reply } from '../../src/core/reply.js';
import { escapeMarkdownText, renderMarkdown, sanitize } from '../../src/core/reply-markdown.js';
import { anyReply, hasLoneSurrogate } from './arbitraries.js';

// Lives with the Discord tests because the Discord renderer attaches it; it is core and pure.

const vision = reply('Vision draft: what is still bracketed', {
  tone: 'warning',
  summary: [
    '4 sections hold brackets. Next meeting: ',
    { time: '2014-06-09T12:00:00Z', zone: 'Europe/Zurich' },
  ],
  sections: [
    {
      heading: 'C9 Media',
      body: 'Whole action line bracketed since the 28 May version.',
      items: [['[Alt 1: ', { em: 'as appropriate' }, ']'], '[US: delete] paragraph 12 bis'],
    },
    { heading: 'Meeting', fields: [{ name: 'Venue', value: 'Geneva, ITU Tower' }] },
    {
      table: {
        columns: ['Version', 'Open | closed'],
        rows: [
          ['1 June', [{ code: 'a|b' }]],
          ['28 May', '57'],
        ],
      },
    },
    {
      heading: 'Sources',
      columns: [
        { heading: 'PDF invitation', items: ['14:00-16:00'] },
        { heading: 'Web page', items: ['14:00-18:00', 'Room H'] },
      ],
    },
  ],
  actions: [{ command: 'brackets diff --full', label: 'Full diff' }],
  attachments: [{ filename: 'vision_1-june.md', contentType: 'text/markdown', content: '#' }],
  footer: 'WSIS+10 MPP · sources kept',
});

describe('renderMarkdown', () => {
  it('renders every part of a reply in order', () => {
    const md = renderMarkdown(vision, { zone: 'UTC' });
    expect(md).toBe(
      [
        '# Vision draft: what is still bracketed',
        '',
        `4 sections hold brackets. Next meeting: ${formatInstant('2014-06-09T12:00:00Z', 'Europe/Zurich')}`,
        '',
        '## C9 Media',
        '',
        'Whole action line bracketed since the 28 May version.',
        '',
        '- \\[Alt 1: *as appropriate*\\]',
        '- \\[US: delete\\] paragraph 12 bis',
        '',
        '## Meeting',
        '',
        '- **Venue:** Geneva, ITU Tower',
        '',
        '| Version | Open \\| closed |',
        '| --- | --- |',
        '| 1 June | `a\\|b` |',
        '| 28 May | 57 |',
        '',
        '## Sources',
        '',
        '| PDF invitation | Web page |',
        '| --- | --- |',
        '| 14:00-16:00 | 14:00-18:00 |',
        '|   | Room H |',
        '',
        '**Next steps**',
        '- Full diff: `brackets diff --full`',
        '',
        'Attached: vision\\_1-june.md',
        '',
        '---',
        '',
        '*WSIS+10 MPP · sources kept*',
        '',
      ].join('\n'),
    );
  });

  it('writes times in the given zone, and relative times only when it knows "now"', () => {
    const r = reply('Reminder', {
      summary: ['Starts ', { time: '2014-06-09T12:00:00Z', style: 'relative' }],
    });
    // The zone abbreviation comes from ICU (AEST or GMT+10 depending on its data).
    expect(renderMarkdown(r, { zone: 'Australia/Sydney' })).toMatch(
      /Starts Mon 9 Jun 2014, 22:00 (AEST|GMT\+10) \(Australia\/Sydney\)/,
    );
    expect(renderMarkdown(r, { now: new Date('2014-06-03T12:00:00Z') })).toContain('Starts in 6 days');
  });

  it('escapes what would otherwise become Markdown, at line starts and inside lines', () => {
    expect(escapeMarkdownText('# not a heading\n- not a list\n1. not numbered\n    not code')).toBe(
      '\\# not a heading\n\\- not a list\n\\1. not numbered\nnot code',
    );
    expect(escapeMarkdownText('a*b_c`d|e<f>[g]&h')).toBe('a\\*b\\_c\\`d\\|e\\<f\\>\\[g\\]\\&h');
  });

  it('renders unsafe links as text and keeps safe ones', () => {
    const r = reply('Links', {
      summary: [
        { link: 'javascript:alert(1)', label: 'click' },
        ' ',
        { link: 'https://www.itu.int/net/wsis/review (draft)', label: 'WSIS review' },
      ],
    });
    const md = renderMarkdown(r);
    expect(md).toContain('click (javascript:alert(1))');
    expect(md).toContain('[WSIS review](https://www.itu.int/net/wsis/review%20%28draft%29)');
  });

  it('removes control characters and lone surrogates', () => {
    expect(sanitize('a\u0000b\u0007c\r\nd\uD800e')).toBe('abc\nd\uFFFDe');
  });

  it('property: any reply renders to valid UTF-8 with consistent table rows', () => {
    fc.assert(
      fc.property(anyReply, (r) => {
        const md = renderMarkdown(r, { zone: 'Europe/Zurich' });
        expect(hasLoneSurrogate(md)).toBe(false);
        expect(new TextDecoder().decode(new TextEncoder().encode(md))).toBe(md);
        // Every table row has as many unescaped cell separators as its header.
        const lines = md.split('\n');
        lines.forEach((line, i) => {
          if (line.startsWith('| ') && lines[i + 1]?.startsWith('| ---')) {
            const cells = (l: string) => l.split(/(?<!\\)\|/).length;
            let j = i + 1;
            while (lines[j]?.startsWith('| ')) {
              expect(cells(lines[j] as string)).toBe(cells(line));
              j++;
            }
          }
        });
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
