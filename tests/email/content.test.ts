import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../../src/core/documents/index.js';
import type { Document } from '../../src/core/documents/types.js';
import { draftNames, readMessageContent } from '../../src/core/email/content.js';
import { slugOf } from '../../src/core/store.js';
import { makePdf, typeset } from '../helpers/make-pdf.js';
import { buildMail } from './mime.js';

/**
 * What a list message carries: one announcement (the part that says the most about
 * meetings), drafts among its attachments, nothing from chatter. Messages are built with
 * real MIME and read by the real documents module.
 */

const FIXTURES = join(import.meta.dirname, '../fixtures');
const fixture = (...p: string[]) => readFileSync(join(FIXTURES, ...p));
const seenAt = '2014-06-03T15:10:00Z';

async function read(raw: string | Uint8Array): Promise<Document> {
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  return extractDocument(bytes, { name: 'message.eml', limits: DEFAULT_EXTRACT_LIMITS });
}

function invitationPdf(): Uint8Array {
  const paragraphs = fixture('schedule', '2014-06-03-mpp6-invitation.txt')
    .toString('utf8')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
  return makePdf(typeset({ paragraphs: paragraphs.map((text) => ({ text })) }));
}

const secretariat = {
  From: 'MPP Secretariat <mpp-secretariat@wsis.example>',
  To: 'wsis@lists.example.org',
  Date: 'Tue, 3 Jun 2014 17:05:00 +0200',
  'List-Id': '<wsis.lists.example.org>',
};

describe('readMessageContent', () => {
  it('a cover note with the signed PDF letter: one announcement, taken from the letter', async () => {
    const doc = await read(
      buildMail(
        { ...secretariat, Subject: 'Invitation: sixth MPP meeting', 'Message-ID': '<inv-1@wsis.example>' },
        'Dear colleagues,\n\nPlease find attached the signed invitation to the sixth meeting of the MPP.\n\nThe MPP secretariat\n',
        [{ filename: 'mpp6-invitation.pdf', contentType: 'application/pdf', content: invitationPdf() }],
      ),
    );
    const content = readMessageContent(doc, { seenAt, defaultTimeZone: 'Europe/Zurich' });
    expect(content.drafts).toEqual([]);
    expect(content.announcement).toMatchObject({ part: 'attachment', filename: 'mpp6-invitation.pdf' });
    expect(content.announcement?.dated).toBeGreaterThan(0);
    // The letter speaks under the message's subject, so "Corrected ..." would count for it.
    expect(content.announcement?.document.email?.subject).toBe('Invitation: sixth MPP meeting');
  });

  it('an invitation with a calendar part: the message itself, calendar first', async () => {
    const content = readMessageContent(await read(fixture('schedule', '2014-06-05-mpp6-corrected.eml')), {
      seenAt,
    });
    expect(content.announcement?.part).toBe('message');
    expect(content.announcement?.document.events).toHaveLength(1);
  });

  it('a reply that quotes the invitation is not a second announcement', async () => {
    const quoted = fixture('schedule', '2014-06-05-mpp6-corrected-email.txt')
      .toString('utf8')
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n');
    for (const body of [
      `Thank you, we will join remotely from Sydney.\n\nOn Thu, 5 Jun 2014 at 09:12, MPP Secretariat wrote:\n${quoted}\n`,
      `Thanks, noted.\n\n-----Original Message-----\nFrom: MPP Secretariat\nSent: Thursday, June 5, 2014 09:12\nSubject: Corrected invitation\n\n${quoted.replace(/^> /gm, '')}\n`,
    ]) {
      const doc = await read(
        buildMail(
          {
            ...secretariat,
            From: 'Amina Diallo <amina@civil.example.org>',
            Subject: 'Re: Corrected invitation: sixth MPP meeting, Monday 9 June 2014',
            'In-Reply-To': '<mpp6-corrected-20140605@wsis.example>',
          },
          body,
        ),
      );
      expect(readMessageContent(doc, { seenAt }).announcement).toBeUndefined();
    }
  });

  it('a forwarded invitation keeps the forwarded text', async () => {
    const forwarded = fixture('schedule', '2014-06-05-mpp6-corrected-email.txt').toString('utf8');
    const doc = await read(
      buildMail(
        {
          ...secretariat,
          From: 'Amina Diallo <amina@civil.example.org>',
          Subject: 'Fwd: Corrected invitation',
        },
        `For those not on the MPP list.\n\n-----Original Message-----\nFrom: MPP Secretariat\nSent: Thursday, June 5, 2014 09:12\n${forwarded}`,
      ),
    );
    const content = readMessageContent(doc, { seenAt });
    expect(content.announcement?.part).toBe('message');
    expect(content.announcement?.document.text).toContain('14:00 to 18:00');
  });

  it('a bracketed draft attached to a short note is a draft, not an announcement', async () => {
    const doc = await read(
      buildMail(
        { ...secretariat, Subject: 'Vision draft, 1 June version' },
        'Dear colleagues,\n\nAttached is the text as it stood at the close of MPP5 on 1 June 2014.\n',
        [
          {
            filename: 'vision-2014-06-01.md',
            contentType: 'text/markdown',
            content: fixture('drafts', 'vision-2014-06-01.md'),
          },
        ],
      ),
    );
    const content = readMessageContent(doc, { seenAt });
    expect(content.drafts).toEqual([
      expect.objectContaining({ index: 0, filename: 'vision-2014-06-01.md', reason: 'brackets' }),
    ]);
    expect(content.drafts[0]?.brackets).toBeGreaterThanOrEqual(5);
    expect(content.announcement).toBeUndefined();
  });

  it('a clean final text is a draft by its name; the subject names only a lone attachment', async () => {
    const clean = 'WSIS+10 Vision\n\n1. We reaffirm the commitments made in Geneva and in Tunis.\n';
    const alone = await read(
      buildMail({ ...secretariat, Subject: 'Vision: agreed text' }, 'Agreed text attached.', [
        { filename: 'vision.txt', contentType: 'text/plain', content: clean },
      ]),
    );
    expect(readMessageContent(alone, { seenAt }).drafts).toEqual([]);
    const named = await read(
      buildMail({ ...secretariat, Subject: 'Vision: final version' }, 'Agreed text attached.', [
        { filename: 'vision.txt', contentType: 'text/plain', content: clean },
      ]),
    );
    expect(readMessageContent(named, { seenAt }).drafts.map((d) => [d.filename, d.reason])).toEqual([
      ['vision.txt', 'named'],
    ]);
    const two = await read(
      buildMail({ ...secretariat, Subject: 'Vision: final version' }, 'Agreed text attached.', [
        { filename: 'vision-final.txt', contentType: 'text/plain', content: clean },
        { filename: 'lunch-menu.txt', contentType: 'text/plain', content: 'Soup, bread and cheese.' },
      ]),
    );
    expect(readMessageContent(two, { seenAt }).drafts.map((d) => [d.filename, d.reason])).toEqual([
      ['vision-final.txt', 'named'],
    ]);
  });

  it('a letter with one stray bracket and meeting dates stays an announcement', async () => {
    const letter =
      'Invitation: sixth meeting of the MPP\n\nThe sixth meeting of the MPP will take place on Monday 9 June 2014 from 14:00 to 16:00 at ITU Headquarters, Geneva.\n\n[Signature]\n';
    const doc = await read(
      buildMail({ ...secretariat, Subject: 'Invitation' }, 'See attached.', [
        { filename: 'letter.txt', contentType: 'text/plain', content: letter },
      ]),
    );
    const content = readMessageContent(doc, { seenAt });
    expect(content.drafts).toEqual([]);
    expect(content.announcement).toMatchObject({ part: 'attachment', filename: 'letter.txt' });
  });

  it('chatter yields nothing; an unreadable attachment is reported by code', async () => {
    const doc = await read(
      buildMail(
        { ...secretariat, Subject: 'Lunch on Monday?' },
        'Shall we meet for lunch before the session?',
        [
          {
            filename: 'old.doc',
            contentType: 'application/msword',
            content: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]),
          },
        ],
      ),
    );
    const content = readMessageContent(doc, { seenAt });
    expect(content.announcement).toBeUndefined();
    expect(content.drafts).toEqual([]);
    expect(content.unreadable).toEqual([{ index: 0, code: expect.any(String) }]);
  });
});

describe('draftNames', () => {
  it('takes the document and label from the subject, the configured name first', () => {
    expect(draftNames({ subject: '[WSIS] Vision draft, 1 June version', filename: 'v.docx' })).toEqual({
      document: 'Vision',
      label: '1 June version',
    });
    expect(
      draftNames({ subject: 'Draft WSIS+10 Statement - rev. 2', filename: 'statement-rev2.docx' }),
    ).toEqual({ document: 'WSIS+10 Statement', label: 'rev. 2' });
    expect(
      draftNames({ subject: 'Revised text', filename: 'vision-2014-06-01.docx', configured: 'Vision' }),
    ).toEqual({ document: 'Vision', label: 'vision-2014-06-01' });
  });

  it('recognises a known document in the subject or the file name', () => {
    const known = ['Vision', 'Statement'];
    expect(draftNames({ subject: 'Re: new text for you', filename: 'statement_v3.pdf', known })).toEqual({
      document: 'Statement',
      label: 'statement_v3',
    });
    expect(draftNames({ subject: 'The Vision as of 31 May', filename: 'x.pdf', known }).document).toBe(
      'Vision',
    );
  });

  it('falls back to the file name, then to "Draft"', () => {
    expect(draftNames({ subject: '', filename: 'vision-2014-06-01.md' })).toEqual({
      document: 'vision',
      label: 'vision-2014-06-01',
    });
    expect(draftNames({ subject: 'Draft', filename: '.pdf' })).toEqual({ document: 'Draft', label: 'Draft' });
    expect(draftNames({ subject: 'Revised draft of the Vision', filename: 'vision.docx' })).toEqual({
      document: 'Vision',
      label: 'Revised draft',
    });
  });

  it('always gives names postDraftVersion accepts, whatever the subject and file name', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400 }),
        fc.string({ maxLength: 300 }),
        fc.array(fc.string()),
        (s, f, k) => {
          const { document, label } = draftNames({ subject: s, filename: f, known: k });
          expect(document.trim().length).toBeGreaterThan(0);
          expect(document.length).toBeLessThanOrEqual(120);
          expect(label.trim().length).toBeGreaterThan(0);
          expect(label.length).toBeLessThanOrEqual(200);
          expect(document).not.toMatch(/[\r\n]/);
          expect(label).not.toMatch(/[\r\n]/);
          expect(slugOf(document).length + slugOf(label).length).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
