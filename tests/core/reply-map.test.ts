import { describe, expect, it } from 'vitest';
import { type Reply, reply } from '../../src/core/reply.js';
import { mapReplyText } from '../../src/core/reply-map.js';

/** One walker over the Reply tree for every renderer: it reaches every piece people read. */

const full: Reply = reply('title x', {
  summary: ['summary x ', { strong: 'strong x' }, { em: 'em x' }, { code: 'code x' }],
  sections: [
    {
      heading: 'heading x',
      body: [
        { link: 'https://example.net/x', label: 'label x' },
        { time: '2031-03-14T09:00:00Z', zone: 'UTC' },
      ],
      items: ['item x', ['rich item x']],
      fields: [{ name: 'field x', value: 'value x' }],
      table: { columns: ['column x'], rows: [['cell x', ['rich cell x']]] },
      columns: [{ heading: 'column heading x', items: ['column item x'] }],
    },
  ],
  footer: 'footer x',
  attachments: [
    { filename: 'x.txt', contentType: 'text/plain', content: new TextEncoder().encode('attachment x') },
  ],
});

describe('mapReplyText', () => {
  it('maps every piece of plain text, and only those, when only text is given', () => {
    const out = mapReplyText(full, { text: (t) => t.replace(/x/g, 'Y') });
    const json = JSON.stringify({ ...out, attachments: [] });
    expect(json).not.toMatch(
      /summary x|strong x|em x|heading x|item x|field x|value x|column x|cell x|footer x|title x/,
    );
    expect(json).toContain('code x');
    expect(json).toContain('label x');
    expect(json).toContain('https://example.net/x');
    expect(out.attachments).toBe(full.attachments);
  });

  it('maps code, link labels and times only when asked', () => {
    const out = mapReplyText(full, {
      code: (c) => c.toUpperCase(),
      linkLabel: (l) => l.toUpperCase(),
      time: () => 'at nine',
    });
    expect(out.summary).toContainEqual({ code: 'CODE X' });
    expect(out.sections[0]?.body).toEqual([{ link: 'https://example.net/x', label: 'LABEL X' }, 'at nine']);
    expect(out.title).toBe('title x');
  });

  it('gives back an equal reply when nothing is mapped', () => {
    expect(mapReplyText(full, {})).toEqual(full);
  });
});
