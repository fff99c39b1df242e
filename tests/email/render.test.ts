import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  formatTimeFor,
  renderMail,
  replySubject,
  sanitiseSubject,
} from '../../src/bots/email/render.js';
import { type Reply, reply } from '../../src/core/reply.js';

/** An alert about the sixth preparatory meeting, with sources that disagree on its end. */
const alert: Reply = reply('Sixth MPP meeting: sources disagree on the end time', {
  tone: 'warning',
  summary: [
    'The meeting on ',
    { time: '2014-06-09T12:00:00Z', zone: 'Europe/Zurich', style: 'date' },
    ' is a public holiday in Geneva (Whit Monday).',
  ],
  sections: [
    {
      heading: 'When',
      fields: [
        { name: 'Starts', value: [{ time: '2014-06-09T12:00:00Z', zone: 'Europe/Zurich' }] },
        { name: 'Notice', value: 'six days' },
      ],
    },
    {
      heading: 'What each source says',
      columns: [
        { heading: 'Signed PDF invitation', items: ['14:00-16:00'] },
        { heading: 'Web page', items: ['14:00-18:00'] },
      ],
    },
    {
      heading: 'Still bracketed in the Vision draft',
      table: {
        columns: ['Section', 'Brackets'],
        rows: [
          ['C5 Confidence and security', '4'],
          ['C9 Media <script>alert(1)</script>', [{ strong: '7' }]],
        ],
      },
      items: [
        '[Alt 1: take note of Section III] [Alt 2: delete Section III]',
        [{ code: 'brackets status C9' }],
      ],
    },
    {
      body: [
        'Details on ',
        { link: 'https://wsis.example.org/mpp6', label: 'the process page' },
        ' and ',
        { link: 'javascript:alert(document.cookie)', label: 'a trap' },
        '.\n\nA corrected invitation may follow.',
      ],
    },
  ],
  attachments: [{ filename: 'vision-1-june.txt', contentType: 'text/plain', content: 'Vision' }],
  actions: [{ command: 'meetings show mpp-6', label: 'Full meeting record' }],
  footer: 'Sent by Rapporteur for the WSIS+10 civil society list.',
});

describe('renderMail', () => {
  it('produces both bodies with the same facts', () => {
    const mail = renderMail(alert);
    expect(mail.subject).toBe('Sixth MPP meeting: sources disagree on the end time');
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('Sixth MPP meeting');
      expect(body).toContain('Whit Monday');
      expect(body).toContain('14:00-16:00');
      expect(body).toContain('14:00-18:00');
      expect(body).toContain('Mon 9 Jun 2014, 14:00 CEST (Europe/Zurich)');
      expect(body).toContain('vision-1-june.txt');
      expect(body).toContain('meetings show mpp-6');
    }
    expect(mail.html).toMatch(/^<!DOCTYPE html>/);
  });

  it('escapes every piece of text and keeps only safe links clickable', () => {
    const { html } = renderMail(alert);
    expect(html).not.toContain('<script>');
    expect(html).toContain('C9 Media &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<a href="https://wsis.example.org/mpp6"');
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('a trap (javascript:alert(document.cookie))');
    expect(html).toContain('<strong>7</strong>');
  });

  it('lays out tables, side-by-side columns and paragraphs in HTML', () => {
    const { html } = renderMail(alert);
    expect(html).toMatch(/<th[^>]*>Section<\/th><th[^>]*>Brackets<\/th>/);
    expect(html).toMatch(/<td width="50%"[^>]*><div[^>]*>Signed PDF invitation<\/div>/);
    expect(html).toMatch(/<td width="50%"[^>]*><div[^>]*>Web page<\/div>/);
    expect(html).toMatch(/<p[^>]*>A corrected invitation may follow\.<\/p>/);
    expect(html).toContain('<time datetime="2014-06-09T12:00:00Z">');
  });

  it('shows times in the recipient’s zone next to the venue’s', () => {
    const mail = renderMail(alert, { timeZone: 'Australia/Sydney' });
    const expected =
      'Mon 9 Jun 2014, 14:00 CEST (Europe/Zurich) (your time: Mon 9 Jun 2014, 22:00 GMT+10 (Australia/Sydney))';
    expect(mail.text).toContain(expected);
    expect(mail.html).toContain(escapeHtml(expected));
    // An unknown zone is ignored rather than rendering "Invalid DateTime".
    expect(renderMail(alert, { timeZone: 'Mars/Olympus' }).text).toContain(
      'Mon 9 Jun 2014, 14:00 CEST (Europe/Zurich)\n',
    );
  });

  it('does not depend on the machine time zone', () => {
    expect(process.env.TZ).toBe('Pacific/Chatham');
    expect(formatTimeFor({ time: '2014-05-31T23:15:00Z' })).toBe('Sat 31 May 2014, 23:15 UTC (UTC)');
  });

  it('strips control characters from bodies', () => {
    const mail = renderMail(reply('Draft', { summary: 'Version\u0000 7\u000c has \r an unclosed bracket' }));
    expect(mail.text).not.toMatch(/(?!\n)\p{Cc}/u);
    expect(mail.html).not.toMatch(/(?!\n)\p{Cc}/u);
  });
});

describe('subjects', () => {
  it('cannot inject headers', () => {
    const evil = 'Alert\r\nBcc: everyone@example.org\r\n\r\nfake body';
    const subject = renderMail(reply(evil)).subject;
    expect(subject).toBe('Alert Bcc: everyone@example.org fake body');
    expect(sanitiseSubject('a\u2028b\u0085c\u202ed')).toBe('a b c d');
  });

  it('are single-line, bounded and never empty for any input (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        const subject = sanitiseSubject(s);
        expect(subject).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
        expect(subject.length).toBeGreaterThan(0);
        expect(
          [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(subject)].length,
        ).toBeLessThanOrEqual(180);
      }),
      { numRuns: 2000 },
    );
  });

  it('cut long subjects on a character boundary', () => {
    const long = `${'👩🏽‍💻'.repeat(100)}`;
    const subject = sanitiseSubject(long, 10);
    expect(subject).toBe(`${'👩🏽‍💻'.repeat(9)}…`);
  });

  it('take one Re: prefix', () => {
    expect(replySubject('brackets status C9')).toBe('Re: brackets status C9');
    expect(replySubject('RE: brackets status C9')).toBe('RE: brackets status C9');
    expect(replySubject('meetings\r\n upcoming')).toBe('Re: meetings upcoming');
  });

  it('keep a prefix ahead of the title', () => {
    expect(
      renderMail(reply('Reminder: MPP 6 starts in one hour'), { subjectPrefix: '[Rapporteur]' }).subject,
    ).toBe('[Rapporteur] Reminder: MPP 6 starts in one hour');
  });
});
