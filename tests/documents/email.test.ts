import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS } from '../../src/core/documents/index.js';
import { MAX_ATTACHMENT_DEPTH } from '../../src/core/documents/options.js';
import { INVITATION_ICS, invitationEml } from './fixtures.js';
import { expectInvariant, extract, failure } from './helpers.js';

const encoder = new TextEncoder();

/** A message forwarding `inner` as a message/rfc822 attachment. */
function forward(inner: string, level: number): string {
  const b = `fwd-${level}`;
  return [
    'From: Caucus list <caucus@lists.example.org>',
    'To: Observers <observers@lists.example.org>',
    `Subject: Fwd (${level}): sixth MPP meeting`,
    'Date: Thu, 05 Jun 2014 09:00:00 +0200',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Forwarded at level ${level}.`,
    `--${b}`,
    'Content-Type: message/rfc822',
    `Content-Disposition: attachment; filename="forwarded-${level}.eml"`,
    '',
    inner,
    `--${b}--`,
    '',
  ].join('\r\n');
}

describe('E-mail: the corrected invitation', () => {
  it('reads the headers a list bot needs', async () => {
    const doc = await extract(invitationEml(), 'corrected-invitation.eml');
    expectInvariant(doc);
    expect(doc.type).toBe('eml');
    expect(doc.email).toEqual({
      from: 'WSIS+10 MPP Chair <wsis-chair@itu.example.org>',
      to: ['WSIS+10 MPP participants <wsis-mpp@lists.example.org>'],
      cc: ['Secretariat <wsis-secretariat@itu.example.org>'],
      subject: 'Corrected invitation: sixth MPP meeting, Monday 9 June 2014, 14:00-16:00',
      date: '2014-06-04T08:15:00.000Z',
      messageId: '<mpp6-corrected-20140604@itu.example.org>',
      inReplyTo: '<mpp6-invitation-20140603@itu.example.org>',
      references: ['<mpp6-invitation-20140603@itu.example.org>'],
      listId: 'WSIS+10 MPP participants <wsis-mpp.lists.example.org>',
      returnPath: '<wsis-chair@itu.example.org>',
    });
    expect(doc.metadata).toMatchObject({ title: doc.email?.subject, date: '2014-06-04T08:15:00.000Z' });
  });

  it('takes the plain-text body, decoded from quoted-printable, as blocks', async () => {
    const doc = await extract(invitationEml(), 'corrected-invitation.eml');
    expect(doc.blocks.map((b) => b.text)).toEqual([
      'Dear Colleagues,',
      'Please note that the sixth MPP meeting on Monday 9 June 2014 will run from 14:00 to 16:00 (Geneva time), as stated in the signed letter. The event page, which gave 18:00, has been corrected.',
      'Best regards,\nThe WSIS+10 MPP Chair',
    ]);
  });

  it('hands the calendar part to the iCalendar reader and reads the PDF attachment', async () => {
    const doc = await extract(invitationEml(), 'corrected-invitation.eml');
    expect(doc.events).toHaveLength(1);
    expect(doc.events[0]).toMatchObject({
      uid: 'wsis10-mpp6-20140609@itu.example.org',
      method: 'REQUEST',
      sequence: 1,
      start: { utc: '2014-06-09T12:00:00Z' },
      end: { utc: '2014-06-09T14:00:00Z' },
    });
    const pdf = doc.attachments.find((a) => a.filename === 'MPP6-invitation.pdf');
    expect(pdf?.contentType).toBe('application/pdf');
    expect(pdf?.document?.type).toBe('pdf');
    expect(pdf?.document?.text).toContain('from 14:00 to 16:00');
    expect(doc.attachments.find((a) => a.contentType === 'text/calendar')?.error).toBeUndefined();
  });

  it('counts an event sent twice (calendar part and .ics copy) once', async () => {
    const mail = [
      'From: chair@example.org',
      'To: list@example.org',
      'Subject: Invitation',
      'Date: Tue, 03 Jun 2014 17:00:00 +0200',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="m"',
      '',
      '--m',
      'Content-Type: text/calendar; method=REQUEST',
      '',
      INVITATION_ICS,
      '--m',
      'Content-Type: application/ics; name="invite.ics"',
      'Content-Disposition: attachment; filename="invite.ics"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(INVITATION_ICS).toString('base64'),
      '--m--',
      '',
    ].join('\r\n');
    const doc = await extract(mail, 'twice.eml');
    expect(doc.events).toHaveLength(1);
    expect(doc.attachments).toHaveLength(2);
  });
});

describe('E-mail: structure and hostile input', () => {
  it('falls back to the HTML body when there is no text part', async () => {
    const mail = [
      'From: web@itu.example.org',
      'To: list@example.org',
      'Subject: Event page update',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><body><script>var x = 1;</script><h1>Sixth MPP meeting</h1><p>9 June 2014, 14:00&ndash;18:00</p></body></html>',
    ].join('\r\n');
    const doc = await extract(mail, 'html-only.eml');
    expect(doc.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['heading', 'Sixth MPP meeting'],
      ['paragraph', '9 June 2014, 14:00–18:00'],
    ]);
  });

  it('reads forwarded messages recursively, up to the depth limit', async () => {
    let message = forward(new TextDecoder().decode(invitationEml()), 1);
    for (let level = 2; level <= MAX_ATTACHMENT_DEPTH + 3; level++) message = forward(message, level);
    const doc = await extract(message, 'deep.eml');
    let current = doc;
    let depth = 0;
    while (current.attachments[0]?.document) {
      current = current.attachments[0].document;
      depth++;
    }
    expect(depth).toBe(MAX_ATTACHMENT_DEPTH);
    expect(current.attachments[0]?.error?.code).toBe('LIMIT_EXCEEDED');
    expect(current.attachments[0]?.error?.message).toMatch(/nested more than 4 messages deep/);
  });

  it('passes events up from a forwarded invitation', async () => {
    const doc = await extract(forward(new TextDecoder().decode(invitationEml()), 1), 'fwd.eml');
    expect(doc.events.map((e) => e.uid)).toEqual(['wsis10-mpp6-20140609@itu.example.org']);
  });

  it('refuses a huge header line quickly', async () => {
    const mail = `From: a@example.org\r\nSubject: ${'x'.repeat(2_000_000)}\r\n\r\nbody\r\n`;
    const started = performance.now();
    const err = await failure(extract(mail, 'huge-header.eml'));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(err.code).toBe('LIMIT_EXCEEDED');
    expect(err.message).toMatch(/header section larger than 256 KB/);
  });

  it('records an unreadable attachment with its reason instead of failing the message', async () => {
    const mail = [
      'From: a@example.org',
      'Subject: Draft attached',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="z"',
      '',
      '--z',
      'Content-Type: text/plain',
      '',
      'See the attached draft.',
      '--z',
      'Content-Type: application/pdf; name="draft.pdf"',
      'Content-Disposition: attachment; filename="draft.pdf"',
      '',
      'this is not a PDF at all',
      '--z--',
      '',
    ].join('\r\n');
    const doc = await extract(mail, 'bad-attachment.eml');
    expect(doc.blocks[0]?.text).toBe('See the attached draft.');
    expect(doc.attachments[0]?.error).toEqual({
      code: 'TYPE_MISMATCH',
      message: expect.stringContaining(
        'bad-attachment.eml > draft.pdf is labelled as a PDF but its content is plain text',
      ),
    });
  });

  it('shares one byte budget across nested attachments, so nesting cannot multiply it', async () => {
    const inner = [
      'From: a@example.org',
      'Subject: statement',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="in"',
      '',
      '--in',
      'Content-Type: text/plain',
      '',
      'Statement attached.',
      '--in',
      'Content-Type: text/plain; name="statement.txt"',
      'Content-Disposition: attachment; filename="statement.txt"',
      '',
      'We support the Chair. '.repeat(1400),
      '--in--',
      '',
    ].join('\r\n');
    const outer = [
      'From: b@example.org',
      'Subject: two forwards',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="out"',
      '',
      '--out',
      'Content-Type: text/plain',
      '',
      'Two forwarded statements.',
      ...[1, 2].flatMap((i) => [
        '--out',
        'Content-Type: message/rfc822',
        `Content-Disposition: attachment; filename="fwd-${i}.eml"`,
        '',
        inner,
      ]),
      '--out--',
      '',
    ].join('\r\n');
    expect(outer.length).toBeLessThan(100_000);
    const doc = await extract(outer, 'budget.eml', {
      limits: { ...DEFAULT_EXTRACT_LIMITS, maxFileBytes: 100_000 },
    });
    const nested = doc.attachments.map(
      (a) => a.document?.attachments[0]?.error?.code ?? (a.document ? 'read' : a.error?.code),
    );
    expect(nested).toEqual(['read', 'LIMIT_EXCEEDED']);
  });

  it('accepts an mbox "From " separator line', async () => {
    const doc = await extract(
      `From chair@example.org Tue Jun  3 17:00:00 2014\nFrom: chair@example.org\nSubject: Note\nDate: Tue, 03 Jun 2014 17:00:00 +0200\n\nThe room is K.\n`,
      'one.mbox',
    );
    expect(doc.email?.subject).toBe('Note');
    expect(doc.text).toBe('The room is K.\n');
  });

  it('is detected from its headers even without a name', async () => {
    const doc = await extract(
      encoder.encode(
        'From: a@example.org\r\nDate: Tue, 03 Jun 2014 17:00:00 +0200\r\nSubject: Hi\r\n\r\nBody.\r\n',
      ),
      '',
    );
    expect(doc.type).toBe('eml');
  });
});
