import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_BLOCKS,
  MAX_BLOCKS_JSON,
  MAX_HEADER_TEXT,
  MAX_SECTION_TEXT,
} from '../../src/bots/slack/limits.js';
import { cleanPrefix, escapeMrkdwn, fitMrkdwn, jsonLength, wellFormed } from '../../src/bots/slack/mrkdwn.js';
import { slackPayloadProblems } from '../helpers/slack-payload.js';
import { hostileText } from './arbitraries.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('slackPayloadProblems', () => {
  it('accepts a small, well-formed message', () => {
    expect(
      slackPayloadProblems({ text: 'MPP 6 moved', blocks: [section('*MPP 6* moved to 9 June')] }),
    ).toEqual([]);
  });

  it('names every limit a payload breaks, with the path of the part', () => {
    const problems = slackPayloadProblems({
      blocks: [
        { type: 'header', text: { type: 'mrkdwn', text: 'x'.repeat(MAX_HEADER_TEXT + 1) } },
        section('y'.repeat(MAX_SECTION_TEXT + 1)),
        {
          type: 'section',
          fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'z'.repeat(2001) })),
        },
        { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'b'.repeat(76) },
              action_id: 'a',
              value: 'v'.repeat(2001),
            },
            { type: 'button', text: { type: 'plain_text', text: 'ok' }, action_id: 'a' },
          ],
        },
        { type: 'image', image_url: 'https://example.org/x.png' },
        { type: 'section' },
        section('   '),
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'text: missing fallback text (used for notifications and screen readers)',
        'blocks[0].text.type: must be plain_text',
        `blocks[0].text.text: 151 characters, over ${MAX_HEADER_TEXT}`,
        `blocks[1].text.text: 3001 characters, over ${MAX_SECTION_TEXT}`,
        'blocks[2].fields: 11 fields, over 10',
        'blocks[2].fields[10].text: 2001 characters, over 2000',
        'blocks[3].elements: 11 elements, over 10',
        'blocks[4].elements[0].text.text: 76 characters, over 75',
        'blocks[4].elements[0].value: must be a string of at most 2000 characters',
        'blocks[4].elements[1].action_id: "a" is used twice in one block',
        'blocks[5]: unsupported block type "image"',
        'blocks[6]: a section needs text or fields',
        'blocks[7].text.text: empty',
      ]),
    );
  });

  it('counts blocks and the cumulative size Slack enforces without documenting', () => {
    const many = Array.from({ length: MAX_BLOCKS + 1 }, () => section('a'));
    expect(slackPayloadProblems({ text: 't', blocks: many })).toContain(
      `blocks: 51 blocks, over ${MAX_BLOCKS}`,
    );
    const big = Array.from({ length: 5 }, () => section('a'.repeat(2900)));
    expect(slackPayloadProblems({ text: 't', blocks: big }).join('\n')).toContain(
      `over the ${MAX_BLOCKS_JSON} budget`,
    );
  });

  it('flags unescaped markup and broadcast mentions but accepts Slack tokens', () => {
    expect(slackPayloadProblems({ text: 'a & b' })).toEqual([
      'text: bare "&" in mrkdwn (escape it as &amp;)',
    ]);
    expect(slackPayloadProblems({ text: 'x', blocks: [section('if a < b')] })).toEqual([
      'blocks[0].text: bare "<" in mrkdwn (escape it as &lt;)',
    ]);
    expect(slackPayloadProblems({ text: 'x', blocks: [section('hello <!channel>')] })).toEqual([
      'blocks[0].text: broadcast mention (@here, @channel, @everyone or a group)',
    ]);
    expect(
      slackPayloadProblems({
        text: 'x',
        blocks: [
          section(
            '<https://itu.int/a?b=1&amp;c=2|MPP> at <!date^1402315200^{time}|14:00 CEST> by <@U024BE7LH>',
          ),
        ],
      }),
    ).toEqual([]);
  });

  it('flags a split surrogate pair', () => {
    expect(slackPayloadProblems({ text: 'x', blocks: [section('a\ud83c')] })).toContain(
      'blocks[0].text.text: contains half of a split character',
    );
  });
});

describe('mrkdwn helpers', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeMrkdwn(`a & b < c > d "e" 'f' *g*`)).toBe(`a &amp; b &lt; c &gt; d "e" 'f' *g*`);
  });

  it('wellFormed replaces only unpaired surrogates', () => {
    expect(wellFormed('🇨🇭\ud800x\udc00')).toBe('🇨🇭\ufffdx\ufffd');
  });

  it('cleanPrefix prefers a line, then a sentence, then a word boundary', () => {
    expect(cleanPrefix('first line\nsecond line', 14)).toBe('first line');
    // A boundary that would waste most of the room is not worth it: the word boundary wins.
    expect(cleanPrefix('first line\nsecond line goes on', 20)).toBe('first line\nsecond');
    expect(cleanPrefix('Agreed ad ref. The rest', 20)).toBe('Agreed ad ref.');
    expect(cleanPrefix('take note of Section III', 16)).toBe('take note of');
    expect(cleanPrefix('x'.repeat(30), 10)).toBe('x'.repeat(10));
    expect(cleanPrefix('x'.repeat(30), 10, { requireClean: true })).toBe('');
  });

  it('property: fitted mrkdwn respects both budgets and escapes everything', () => {
    fc.assert(
      fc.property(hostileText(400), fc.integer({ min: 10, max: 300 }), (text, max) => {
        const fitted = fitMrkdwn(text, max, { zone: 'UTC' }, { json: max + 5 });
        expect(fitted.text.length).toBeLessThanOrEqual(max);
        expect(jsonLength(fitted.text)).toBeLessThanOrEqual(max + 5);
        expect(slackPayloadProblems({ text: fitted.text.trim() === '' ? '-' : fitted.text })).toEqual([]);
        if (fitted.complete) expect(fitted.text).toBe(escapeMrkdwn(text));
      }),
      { numRuns: 500 },
    );
  });
});
