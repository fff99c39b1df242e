import { type DocxSpec, makeDocx } from '../helpers/make-docx.js';
import { makePdf, typeset } from '../helpers/make-pdf.js';

/**
 * Fixture documents for the documents module, modelled on the WSIS+10 review (2014):
 * a version of the "Vision" draft with comments and tracked changes by delegations,
 * the same text as a paginated PDF, and the invitation to the sixth MPP meeting
 * (9 June 2014, Geneva) as a signed PDF letter (14:00-16:00), a web page (14:00-18:00)
 * and a corrected e-mail invitation with an iCalendar part. All sentences are written
 * for these tests.
 */

export const VISION_TITLE = 'Draft WSIS+10 Vision for WSIS Beyond 2015';

/** The Vision paragraphs: preamble and commitments, some still bracketed. */
export const VISION_PARAGRAPHS = [
  'We, the representatives gathered at the WSIS+10 High-Level Event in Geneva, reaffirm our common desire to build a people-centred, inclusive and development-oriented Information Society.',
  'We recognize that the implementation of the WSIS outcomes requires the participation of governments, the private sector, civil society, international organizations and the technical and academic communities[, in their respective roles and responsibilities].',
  '[We note with concern that the digital divide persists between and within countries, and that it increasingly takes the form of a gap in the quality and affordability of broadband access.]',
  'We commit to strengthen confidence and security in the use of information and communication technologies[, as appropriate,] with full respect for human rights and fundamental freedoms.',
  'We acknowledge the contribution of the Internet Governance Forum to multistakeholder dialogue and call for its continuation beyond 2015.',
  '[Alt 1: We invite the General Assembly to conduct an overall review of the implementation of the WSIS outcomes in 2025.] [Alt 2: We decide to review progress every five years through the Commission on Science and Technology for Development.]',
];

const US = { author: 'United States', date: '2014-05-30T16:42:00Z' };
const G77 = { author: 'G77 and China', date: '2014-05-31T09:15:00Z' };
const RF = { author: 'Russian Federation', date: '2014-05-31T22:05:00Z' };

/** The 1 June version of the Vision as a Word file, with comments and tracked changes by delegations. */
export function visionDocxSpec(): DocxSpec {
  return {
    title: VISION_TITLE,
    author: 'WSIS+10 MPP Chair',
    created: '2014-05-28T08:00:00Z',
    modified: '2014-06-01T01:20:00Z',
    body: [
      { style: 'Title', pieces: [VISION_TITLE] },
      { pieces: ['Version of 1 June 2014, 01:00, as it stood at the close of the fifth MPP meeting'] },
      { style: 'Heading1', pieces: ['A. Preamble'] },
      { list: { numId: 1 }, pieces: [VISION_PARAGRAPHS[0] as string] },
      {
        list: { numId: 1 },
        pieces: [
          'We recognize that the implementation of the WSIS outcomes requires the participation of governments, the private sector, civil society, international organizations and the technical and academic communities',
          { commented: ['[, in their respective roles and responsibilities]'], comment: 1 },
          '.',
          { footnote: 'Tunis Agenda for the Information Society, paragraph 35, as agreed in 2005.' },
        ],
      },
      {
        list: { numId: 1 },
        pieces: [
          {
            commented: [
              '[We note with concern that the digital divide persists between and within countries',
            ],
            comment: 3,
          },
          ', and that it increasingly takes the form of a gap in the quality and ',
          { del: 'cost', by: US },
          { ins: 'affordability', by: US },
          ' of broadband access.]',
        ],
      },
      { style: 'Heading1', pieces: ['B. Commitments'] },
      {
        list: { numId: 1 },
        pieces: [
          'We commit to strengthen confidence and security in the use of information and communication technologies',
          { ins: '[, as appropriate,]', by: RF },
          ' with full respect for human rights and fundamental freedoms.',
        ],
      },
      { list: { numId: 1, level: 1 }, pieces: ['by building capacity in developing countries;'] },
      { list: { numId: 1, level: 1 }, pieces: ['by sharing good practices among all stakeholders.'] },
      {
        list: { numId: 1 },
        pieces: [
          'We acknowledge the contribution of the Internet Governance Forum to multistakeholder dialogue',
          { del: ' and call for its continuation beyond 2015', by: G77 },
          '.',
        ],
      },
      {
        rows: [
          ['Action Line', 'Status at the close of MPP-5'],
          ['C5 Building confidence and security in the use of ICTs', '[No consensus]'],
          ['C8 Cultural diversity and identity, linguistic diversity and local content', '[No consensus]'],
          ['C9 Media', '[No consensus]'],
        ],
      },
      { style: 'Heading1', pieces: ['C. Review'], pageBreakBefore: true },
      { list: { numId: 1 }, pieces: [VISION_PARAGRAPHS[5] as string] },
    ],
    comments: [
      {
        id: 1,
        author: 'US delegation',
        initials: 'US',
        date: '2014-05-30T16:40:00Z',
        text: 'US: Delete. This qualifier narrows the commitment.',
      },
      {
        id: 2,
        author: 'G77 coordinator',
        initials: 'G77',
        date: '2014-05-31T09:10:00Z',
        text: 'G-77/China: Retain, as agreed in Tunis.',
        replyTo: 1,
      },
      {
        id: 3,
        author: 'EU delegation',
        initials: 'EU',
        date: '2014-05-31T10:00:00Z',
        text: ['EU, Norway: Move this paragraph to the Chair’s report.', 'Text to follow.'],
        done: true,
      },
    ],
  };
}

export function visionDocx(): Uint8Array {
  return makeDocx(visionDocxSpec());
}

/** The same text as a PDF: running header and footer, page numbers, footnotes, hyphenated line ends. */
export function visionPdf(): Uint8Array {
  const filler = [
    'Delegations are invited to send written comments on this version to the secretariat before the opening of the High-Level Event, in English, French or Spanish.',
    'The Chair will circulate a consolidated text reflecting the discussions of the fifth meeting, including the outstanding questions on the action lines beyond 2015.',
    'Several delegations stressed that the review of the action lines should take into account the outcomes of the regional review meetings held in 2013 and 2014.',
    'Other delegations preferred to keep the existing action lines unchanged and to address emerging issues, such as accessibility and multilingualism, in the Vision itself.',
    'The facilitators reported that informal consultations on confidence and security continued late into the night without reaching agreement on the wording of the chapeau.',
    'Observers from civil society asked that the final text refer explicitly to the protection of privacy and freedom of expression online.',
  ];
  return makePdf(
    typeset({
      header: 'WSIS+10 High-Level Event — Draft Vision (version of 1 June 2014)',
      footer: 'WSIS/MPP/6/DOC/2',
      pageNumbers: true,
      hyphenate: true,
      info: { Title: VISION_TITLE, Author: 'WSIS+10 MPP Chair', CreationDate: "D:20140601012000+02'00'" },
      paragraphs: [
        { text: VISION_TITLE, kind: 'heading' },
        { text: 'A. Preamble', kind: 'heading' },
        ...VISION_PARAGRAPHS.slice(0, 3).map((text, i) => ({
          text: `${i + 1}. ${text}`,
          footnotes:
            i === 1 ? ['Tunis Agenda for the Information Society, paragraph 35, as agreed in 2005.'] : [],
        })),
        ...filler.slice(0, 3).map((text) => ({ text })),
        { text: 'B. Commitments', kind: 'heading' as const },
        ...VISION_PARAGRAPHS.slice(3).map((text, i) => ({
          text: `${i + 4}. ${text}`,
          footnotes:
            i === 0 ? ['See the Geneva Plan of Action, Action Line C5, adopted in December 2003.'] : [],
        })),
        ...filler.slice(3).map((text) => ({ text })),
        { text: 'C. Annex: statements by delegations', kind: 'heading' as const },
        ...filler.map((text, i) => ({ text: `${String.fromCharCode(97 + i)}) ${text}` })),
        ...filler.map((text) => ({
          text: `In the second reading, ${text.charAt(0).toLowerCase()}${text.slice(1)}`,
        })),
      ],
    }),
  );
}

// ---------------------------------------------------------------------------------------
// The invitation to the sixth MPP meeting

export const INVITATION_LETTER = [
  'International Telecommunication Union',
  'Geneva, 3 June 2014',
  'Ref.: WSIS+10/MPP-6',
  'Subject: Sixth meeting of the WSIS+10 Multistakeholder Preparatory Platform',
  'Dear Colleagues,',
  'Following the fifth meeting of the Multistakeholder Preparatory Platform, which ended in the early hours of Sunday 1 June, I am pleased to invite you to a sixth meeting to finalize the outstanding sections of the draft Vision.',
  'The meeting will take place on Monday, 9 June 2014, from 14:00 to 16:00, in Room K at the ITU headquarters in Geneva, on the eve of the High-Level Event.',
  'Remote participation will be available for all stakeholders. Please register your delegation by Friday, 6 June 2014.',
  'Yours faithfully,',
  'Chair of the WSIS+10 MPP',
];

/** The signed invitation letter as a one-page PDF. */
export function invitationPdf(): Uint8Array {
  return makePdf(
    typeset({
      paragraphs: INVITATION_LETTER.map((text, i) =>
        i === 3 ? { text, kind: 'heading' as const } : { text },
      ),
      info: {
        Title: 'Invitation: sixth MPP meeting',
        Author: 'WSIS+10 MPP Chair',
        CreationDate: 'D:20140603170500Z',
      },
    }),
  );
}

/** The event web page, which states a different end time (18:00), with the usual boilerplate around it. */
export const INVITATION_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>WSIS+10: Sixth MPP meeting, 9 June 2014</title>
<meta name="description" content="Sixth meeting of the WSIS+10 Multistakeholder Preparatory Platform">
<meta name="date" content="2014-06-03">
<style>body { font-family: sans-serif } .hidden { display: none }</style>
<script>window.analytics = { track: function () { return "[tracking]"; } };</script>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/events">Events</a></li><li><a href="/contact">Contact</a></li></ul></nav>
<main>
<h1>Sixth meeting of the WSIS+10 MPP</h1>
<p>The <strong>sixth</strong> meeting of the Multistakeholder Preparatory Platform
   will be held on <time datetime="2014-06-09">Monday 9 June 2014</time>,
   <b>14:00&ndash;18:00</b>, at ITU headquarters, Geneva.</p>
<h2>Programme</h2>
<ol>
  <li>Opening by the Chair</li>
  <li>Outstanding sections of the draft Vision
    <ol type="a"><li>Action Line C5</li><li>Action Lines C8 and C9</li></ol>
  </li>
  <li>Closing</li>
</ol>
<h2>Practical information</h2>
<table>
  <tr><th>Date</th><th>Time</th><th>Room</th></tr>
  <tr><td>9 June 2014</td><td>14:00&ndash;18:00</td><td>K</td></tr>
</table>
<p style="display:none">Internal note: do not publish.</p>
<p>Remote participation is available. <del>Registration closes on 5 June.</del> <ins>Registration closes on 6 June.</ins></p>
</main>
<footer><p>&copy; ITU 2014</p></footer>
<noscript>Please enable JavaScript.</noscript>
</body>
</html>`;

/** The corrected invitation as a calendar part, in the shape Outlook writes (Windows zone name, VTIMEZONE). */
export const INVITATION_ICS = [
  'BEGIN:VCALENDAR',
  'PRODID:-//Microsoft Corporation//Outlook 15.0 MIMEDIR//EN',
  'VERSION:2.0',
  'METHOD:REQUEST',
  'BEGIN:VTIMEZONE',
  'TZID:W. Europe Standard Time',
  'BEGIN:STANDARD',
  'DTSTART:16011028T030000',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:16010325T020000',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
  'BEGIN:VEVENT',
  'UID:wsis10-mpp6-20140609@itu.example.org',
  'SEQUENCE:1',
  'DTSTAMP:20140604T081500Z',
  'STATUS:CONFIRMED',
  'SUMMARY:Sixth meeting of the WSIS+10 MPP (corrected)',
  'LOCATION:ITU headquarters\\, Room K\\, Geneva',
  'ORGANIZER;CN=WSIS+10 MPP Chair:mailto:wsis-chair@itu.example.org',
  'DTSTART;TZID=W. Europe Standard Time:20140609T140000',
  'DTEND;TZID=W. Europe Standard Time:20140609T160000',
  'DESCRIPTION:Corrected invitation: the meeting ends at 16:00\\, as in the si',
  ' gned letter of 3 June.',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

/** The corrected invitation e-mail: a text body, the calendar part, and the letter attached again. */
export function invitationEml(options: { letter?: Uint8Array } = {}): Uint8Array {
  const letter = options.letter ?? invitationPdf();
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64').replace(/.{76}/g, '$&\r\n');
  const mail = [
    'Return-Path: <wsis-chair@itu.example.org>',
    'From: WSIS+10 MPP Chair <wsis-chair@itu.example.org>',
    'To: WSIS+10 MPP participants <wsis-mpp@lists.example.org>',
    'Cc: Secretariat <wsis-secretariat@itu.example.org>',
    'Subject: Corrected invitation: sixth MPP meeting, Monday 9 June 2014, 14:00-16:00',
    'Date: Wed, 04 Jun 2014 10:15:00 +0200',
    'Message-ID: <mpp6-corrected-20140604@itu.example.org>',
    'In-Reply-To: <mpp6-invitation-20140603@itu.example.org>',
    'References: <mpp6-invitation-20140603@itu.example.org>',
    'List-Id: WSIS+10 MPP participants <wsis-mpp.lists.example.org>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="outer-mpp6"',
    '',
    '--outer-mpp6',
    'Content-Type: multipart/alternative; boundary="alt-mpp6"',
    '',
    '--alt-mpp6',
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Dear Colleagues,',
    '',
    'Please note that the sixth MPP meeting on Monday 9 June 2014 will run from=',
    ' 14:00 to 16:00 (Geneva time), as stated in the signed letter. The event pa=',
    'ge, which gave 18:00, has been corrected.',
    '',
    'Best regards,',
    'The WSIS+10 MPP Chair',
    '--alt-mpp6',
    'Content-Type: text/calendar; charset="utf-8"; method=REQUEST',
    'Content-Transfer-Encoding: 7bit',
    '',
    INVITATION_ICS,
    '--alt-mpp6--',
    '',
    '--outer-mpp6',
    'Content-Type: application/pdf; name="MPP6-invitation.pdf"',
    'Content-Disposition: attachment; filename="MPP6-invitation.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    b64(letter),
    '--outer-mpp6--',
    '',
  ].join('\r\n');
  return new TextEncoder().encode(mail);
}
