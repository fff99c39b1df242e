import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderSlackReply } from '../../src/bots/slack/render.js';
import { type Reply, reply } from '../../src/core/reply.js';
import { slackPayloadProblems } from '../helpers/slack-payload.js';
import { replyArbitrary } from './arbitraries.js';

const sectionTexts = (r: ReturnType<typeof renderSlackReply>) =>
  r.blocks.flatMap((b) =>
    b.type === 'section' ? [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text)] : [],
  );
const contextTexts = (r: ReturnType<typeof renderSlackReply>) =>
  r.blocks.flatMap((b) => (b.type === 'context' ? b.elements.map((e) => e.text) : []));

describe('renderSlackReply: layout', () => {
  it('renders title as a header, summary and sections as mrkdwn, footer as context', () => {
    const out = renderSlackReply(
      reply('Vision draft, 1 June version', {
        tone: 'warning',
        summary: ['Still bracketed: ', { strong: 'C5, C8, C9' }, ' and Section III.'],
        sections: [{ heading: 'C9 Media', body: ['Paragraph 12 bis ', { code: '[US: delete]' }] }],
        footer: 'Source: secretariat upload',
      }),
    );
    expect(out.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: ':warning: Vision draft, 1 June version', emoji: true },
    });
    expect(sectionTexts(out)).toEqual([
      'Still bracketed: *C5, C8, C9* and Section III.',
      '*C9 Media*\nParagraph 12 bis `[US: delete]`',
    ]);
    expect(contextTexts(out)).toEqual(['Source: secretariat upload']);
    expect(out.text).toBe('Vision draft, 1 June version: Still bracketed: C5, C8, C9 and Section III.');
    expect(out.truncated).toBe(false);
    expect(out.files).toEqual([]);
  });

  it('escapes Slack control characters so a draft cannot ping a channel or forge a link', () => {
    const out = renderSlackReply(
      reply('Q&A <draft>', {
        summary: 'Delegations asked <!channel> to look at <https://evil.example|the text> & reply',
      }),
    );
    const [summary] = sectionTexts(out);
    expect(summary).toBe(
      'Delegations asked &lt;!channel&gt; to look at &lt;https://evil.example|the text&gt; &amp; reply',
    );
    expect(out.text).toContain('Q&amp;A &lt;draft&gt;');
    // plain_text is shown literally by Slack, so the header is not entity-encoded.
    expect(out.blocks[0]).toMatchObject({ text: { text: 'Q&A <draft>' } });
  });

  it('keeps emphasis only where Slack will render it', () => {
    const out = renderSlackReply(
      reply('t', {
        summary: [
          { strong: ' agreed ' },
          { strong: 'a*b' },
          { em: 'ad ref' },
          { code: 'x`y' },
          { strong: '' },
        ],
      }),
    );
    expect(sectionTexts(out)[0]).toBe(' *agreed* a*b_ad ref_x`y');
  });

  it('links only web and mail addresses', () => {
    const out = renderSlackReply(
      reply('t', {
        summary: [
          { link: 'https://www.itu.int/net/wsis/review/mpp/?a=1&b=2', label: 'MPP page' },
          ' ',
          { link: 'javascript:alert(1)', label: 'x' },
          ' ',
          { link: 'https://example.org/a|b' },
        ],
      }),
    );
    expect(sectionTexts(out)[0]).toBe(
      '<https://www.itu.int/net/wsis/review/mpp/?a=1&amp;b=2|MPP page> x (javascript:alert(1)) <https://example.org/a%7Cb>',
    );
  });

  it('renders instants as Slack date tokens with a fallback in the reply zone', () => {
    // 9 June 2014, 14:00 in Geneva: the sixth MPP meeting.
    const time = '2014-06-09T12:00:00Z';
    const out = renderSlackReply(
      reply('Sixth MPP meeting', {
        summary: [
          'Starts ',
          { time, zone: 'Europe/Zurich' },
          ' (',
          { time, style: 'time' },
          ', ',
          { time, style: 'relative' },
          ')',
        ],
      }),
      { zone: 'Australia/Sydney', now: new Date('2014-06-03T08:00:00Z') },
    );
    const text = sectionTexts(out)[0] as string;
    expect(text).toMatch(
      /^Starts <!date\^1402315200\^\{date_long_pretty\} \{time\}\|Mon 9 Jun 2014, 14:00 .* \(Europe\/Zurich\)>/,
    );
    // Without a zone of its own the fallback uses the render zone: 22:00 in Sydney.
    expect(text).toContain('<!date^1402315200^{time}|22:00');
    expect(text).toContain('<!date^1402315200^{ago}|in 6 days>');
    // The notification text cannot localise, so it carries the same fallback.
    expect(out.text).toContain('Mon 9 Jun 2014, 14:00');
  });

  it('shows an unparseable instant as the text it was given', () => {
    const out = renderSlackReply(reply('t', { summary: [{ time: '9 June, afternoon' }] }));
    expect(sectionTexts(out)[0]).toBe('9 June, afternoon');
  });

  it('puts short fields side by side, ten per block, and long ones full width', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({
      name: `Delegation ${i}`,
      value: 'present',
      inline: true,
    }));
    const out = renderSlackReply(
      reply('Attendance', {
        sections: [
          {
            heading: 'MPP 5',
            fields: [{ name: 'Venue', value: 'Geneva (first announced for Sharm el-Sheikh)' }, ...fields],
          },
        ],
      }),
    );
    const sections = out.blocks.filter((b) => b.type === 'section');
    expect(sections[0]).toMatchObject({
      text: { text: '*MPP 5*\n*Venue*\nGeneva (first announced for Sharm el-Sheikh)' },
    });
    expect(sections.slice(1).map((b) => (b.type === 'section' ? b.fields?.length : 0))).toEqual([10, 10, 3]);
    const grid = sections[1];
    expect(grid?.type === 'section' && grid.fields?.[0]).toEqual({
      type: 'mrkdwn',
      text: '*Delegation 0*\npresent',
    });
  });

  it('renders a table as aligned preformatted text, escaped, with times in the render zone', () => {
    const out = renderSlackReply(
      reply('Sources disagree', {
        sections: [
          {
            table: {
              columns: ['Source', 'Starts', 'Ends'],
              rows: [
                ['PDF <signed>', [{ time: '2014-06-09T12:00:00Z', style: 'time' }], '16:00'],
                ['Web page & e-mail', [{ time: '2014-06-09T12:00:00Z', style: 'time' }], '18:00'],
              ],
            },
          },
        ],
      }),
      { zone: 'Europe/Zurich' },
    );
    const text = sectionTexts(out)[0] as string;
    const lines = text.split('\n');
    expect(lines[0]).toBe('```');
    expect(lines.at(-1)).toBe('```');
    expect(lines[1]).toMatch(/^Source {13}Starts {4,}Ends$/);
    expect(lines[3]).toMatch(/^PDF &lt;signed&gt; {7}14:00 \S+ {2}16:00$/);
    expect(lines[4]).toMatch(/^Web page &amp; e-mail {2}14:00/);
  });

  it('shows side-by-side columns as section fields', () => {
    const out = renderSlackReply(
      reply('MPP 6, 9 June 2014', {
        sections: [
          {
            heading: 'Time',
            columns: [
              { heading: 'Signed PDF invitation', items: ['14:00-16:00'] },
              { heading: 'Web page', items: ['14:00-18:00'] },
            ],
          },
        ],
      }),
    );
    expect(out.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '*Time*' },
      fields: [
        { type: 'mrkdwn', text: '*Signed PDF invitation*\n• 14:00-16:00' },
        { type: 'mrkdwn', text: '*Web page*\n• 14:00-18:00' },
      ],
    });
  });

  it('turns actions into buttons that carry the command', () => {
    const out = renderSlackReply(
      reply('Diff', { actions: [{ command: 'brackets diff --full', label: 'Show full diff' }] }),
      { actionIdPrefix: 'rap' },
    );
    expect(out.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Show full diff', emoji: true },
          action_id: 'rap:0',
          value: 'brackets diff --full',
        },
      ],
    });
  });

  it('lists attachments and hands them over as files', () => {
    const out = renderSlackReply(
      reply('Calendar', {
        attachments: [{ filename: 'mpp6.ics', contentType: 'text/calendar', content: 'BEGIN:VCALENDAR' }],
      }),
    );
    expect(out.files).toEqual([
      {
        filename: 'mpp6.ics',
        title: 'mpp6.ics',
        contentType: 'text/calendar',
        content: 'BEGIN:VCALENDAR',
        role: 'attachment',
      },
    ]);
    expect(contextTexts(out)).toEqual(['Attached: mpp6.ics']);
  });

  it('cuts a long title at a word and keeps it within 150 characters', () => {
    const title = 'Outcome document of the WSIS+10 High Level Event '.repeat(5);
    const out = renderSlackReply(reply(title));
    const header = out.blocks[0];
    expect(header?.type).toBe('header');
    const text = header?.type === 'header' ? header.text.text : '';
    expect(text.length).toBeLessThanOrEqual(150);
    expect(text.endsWith(' Level Event…') || text.endsWith('…')).toBe(true);
    expect(text).not.toMatch(/\s…$/);
  });
});

describe('renderSlackReply: when it does not fit', () => {
  const items = Array.from(
    { length: 600 },
    (_, i) => `Paragraph ${i + 1}: [Alt ${i % 3}: as appropriate] proposed by G77`,
  );
  const long = reply('Vision draft: open brackets', {
    sections: [
      { heading: 'C5', items },
      { heading: 'C8', body: 'Cultural and linguistic diversity.' },
    ],
  });

  it('cuts a long list at an item with "… and N more", says what was left out and attaches the full report', () => {
    const out = renderSlackReply(long);
    expect(out.truncated).toBe(true);
    expect(slackPayloadProblems(out)).toEqual([]);
    const texts = sectionTexts(out);
    const shown = texts.join('\n').match(/^• Paragraph \d+:/gm) ?? [];
    const last = texts.at(-1) as string;
    const more = Number(/… and (\d+) more$/.exec(last)?.[1]);
    expect(shown.length + more).toBe(600);
    // Items are whole: each shown one ends as written.
    for (const line of texts
      .join('\n')
      .split('\n')
      .filter((l) => l.startsWith('• '))) {
      expect(line).toMatch(/proposed by G77$/);
    }
    expect(contextTexts(out).at(-1)).toBe(
      `… and ${more} more items and 1 more section. The full report is in the attached file vision-draft-open-brackets.md.`,
    );
    const [file] = out.files;
    expect(file?.role).toBe('full-report');
    expect(file?.content).toContain('Paragraph 600:');
    expect(file?.content).toContain('Cultural and linguistic diversity.');
  });

  it('splits long prose over blocks at clean boundaries and marks where it stops', () => {
    const sentence = 'The Chair proposed to move all action-line text to an annex of proposals. ';
    const out = renderSlackReply(reply('Chair’s report', { summary: sentence.repeat(400) }));
    expect(slackPayloadProblems(out)).toEqual([]);
    const texts = sectionTexts(out);
    expect(texts.length).toBeGreaterThan(3);
    for (const t of texts.slice(0, -1)) expect(t.endsWith('annex of proposals.')).toBe(true);
    expect(texts.at(-1)?.endsWith(' …')).toBe(true);
    expect(out.truncated).toBe(true);
  });

  it('never splits an emoji or a CJK character', () => {
    const out = renderSlackReply(
      reply('t', { summary: '🇨🇭日内瓦'.repeat(3000), items: [] } as Partial<Reply>),
    );
    expect(slackPayloadProblems(out)).toEqual([]);
  });

  it('replaces half surrogate pairs, which Slack rejects', () => {
    const out = renderSlackReply(reply('a\ud800b', { summary: 'x\udfffy' }));
    expect(slackPayloadProblems(out)).toEqual([]);
    expect(sectionTexts(out)[0]).toBe('x\ufffdy');
  });

  it('drops buttons whose command cannot travel in a button, and says so', () => {
    const out = renderSlackReply(reply('t', { actions: [{ command: 'x'.repeat(2001), label: 'Too long' }] }));
    expect(out.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(out.truncated).toBe(true);
    expect(contextTexts(out).at(-1)).toMatch(/^… and 1 more action\./);
  });

  it('keeps table rows whole and repeats the header in each block', () => {
    const rows = Array.from({ length: 1500 }, (_, i) => [`MPP ${i}`, 'Geneva', 'CICG']);
    const out = renderSlackReply(
      reply('Meetings', { sections: [{ table: { columns: ['Meeting', 'City', 'Venue'], rows } }] }),
    );
    expect(slackPayloadProblems(out)).toEqual([]);
    const tables = sectionTexts(out).filter((t) => t.includes('```'));
    expect(tables.length).toBeGreaterThan(1);
    for (const t of tables) expect(t.split('\n')[1]).toMatch(/^Meeting/);
    const shown = tables.join('\n').match(/^MPP \d+ +Geneva +CICG$/gm)?.length ?? 0;
    const more = Number(/… and (\d+) more rows$/.exec(tables.at(-1) as string)?.[1]);
    expect(shown + more).toBe(1500);
  });
});

describe('renderSlackReply: properties', () => {
  it('any reply renders to a payload with zero limit problems', () => {
    fc.assert(
      fc.property(
        fc.oneof(replyArbitrary('modest'), replyArbitrary('large')),
        fc.constantFrom('UTC', 'Europe/Zurich', 'Pacific/Chatham'),
        (r, zone) => {
          const out = renderSlackReply(r, { zone, now: new Date('2014-06-03T08:00:00Z') });
          expect(slackPayloadProblems(out)).toEqual([]);
          expect(out.truncated).toBe(out.files.some((f) => f.role === 'full-report'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps within smaller budgets when asked to', () => {
    fc.assert(
      fc.property(
        replyArbitrary('large'),
        fc.integer({ min: 5, max: 50 }),
        fc.integer({ min: 3000, max: 12_000 }),
        (r, maxBlocks, maxBlocksJson) => {
          const out = renderSlackReply(r, { maxBlocks, maxBlocksJson });
          expect(out.blocks.length).toBeLessThanOrEqual(maxBlocks);
          expect(JSON.stringify(out.blocks).length).toBeLessThanOrEqual(maxBlocksJson);
          expect(slackPayloadProblems(out)).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a reply that fits is shown whole: no note, no report file', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 40 }), { maxLength: 20 }), (items) => {
        const out = renderSlackReply(reply('List', { sections: [{ items }] }));
        expect(out.truncated).toBe(false);
        expect(out.files).toEqual([]);
        const bullets = sectionTexts(out)
          .join('\n')
          .split('\n')
          .filter((l) => l.startsWith('• '));
        expect(bullets.length).toBe(items.length);
      }),
    );
  });
});
