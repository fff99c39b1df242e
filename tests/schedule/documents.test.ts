import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../../src/core/documents/index.js';
import type { Document } from '../../src/core/documents/types.js';
import {
  diffSchedules,
  extractClaims,
  type MeetingClaim,
  reconcile,
  type SourceKind,
} from '../../src/core/schedule/index.js';
import { makePdf, typeset } from '../helpers/make-pdf.js';
import { FIXTURES, fixtureText, source } from './helpers.js';

/** The invitation letter fixture, typeset as a real one-page PDF. */
function invitationPdf(): Uint8Array {
  const paragraphs = fixtureText('2014-06-03-mpp6-invitation.txt')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
  return makePdf(
    typeset({
      paragraphs: paragraphs.map((text) => ({ text })),
      info: { Title: 'Invitation: sixth MPP meeting', CreationDate: 'D:20140603170500Z' },
    }),
  );
}

async function read(name: string, bytes?: Uint8Array): Promise<Document> {
  return extractDocument(bytes ?? readFileSync(join(FIXTURES, name)), {
    name,
    limits: DEFAULT_EXTRACT_LIMITS,
  });
}

async function claims(name: string, kind: SourceKind, bytes?: Uint8Array): Promise<MeetingClaim[]> {
  const doc = await read(name, bytes);
  const date = doc.metadata.date ?? doc.email?.date;
  return extractClaims(doc, source(name, { kind, ...(date ? { date } : {}) })).claims;
}

describe('announcements in every format the documents module reads', () => {
  it('the signed PDF letter: 14:00-16:00, evidence with its page', async () => {
    const [sixth] = (await claims('invitation.pdf', 'pdf', invitationPdf())).filter(
      (c) => c.ordinal?.value === 6,
    );
    expect(sixth?.sessions[0]).toMatchObject({
      date: '2014-06-09',
      start: '14:00',
      end: '16:00',
      startAt: '2014-06-09T14:00:00+02:00',
    });
    expect(sixth?.sessions[0]?.evidence[0]).toMatchObject({ text: '14:00 to 16:00', page: 1 });
  });

  it('the HTML web page: 14:00-18:00, dated by its meta date, script text ignored', async () => {
    const [sixth] = await claims('2014-06-03-mpp6-webpage.html', 'web');
    expect(sixth).toMatchObject({ ordinal: { value: 6 }, source: { date: '2014-06-03' } });
    expect(sixth?.sessions).toEqual([
      expect.objectContaining({ date: '2014-06-09', start: '14:00', end: '18:00' }),
    ]);
    expect(sixth?.zone?.value).toEqual({
      zone: 'Europe/Zurich',
      basis: 'abbreviation',
      stated: 'Geneva time',
    });
  });

  it('PDF against web page is a conflict; the corrected e-mail (calendar SEQUENCE 1) settles it', async () => {
    const pdf = await claims('invitation.pdf', 'pdf', invitationPdf());
    const web = await claims('2014-06-03-mpp6-webpage.html', 'web');
    const mail = await claims('2014-06-05-mpp6-corrected.eml', 'email');
    expect(mail[0]).toMatchObject({
      uid: { value: 'mpp6-2014@wsis.example' },
      ordinal: { value: 6 },
      correction: { value: 'calendar-update' },
    });
    const before = reconcile([...pdf, ...web]);
    const after = reconcile([...pdf, ...web, ...mail]);
    const six = after.meetings.find((m) => m.ordinal === 6);
    expect(before.meetings.find((m) => m.ordinal === 6)?.conflicts[0]?.field).toBe('times');
    expect(six).toMatchObject({
      id: 'mpp#6',
      uid: 'mpp6-2014@wsis.example',
      times: '14:00-18:00',
      conflicts: [],
    });
    expect(six?.settlements[0]).toMatchObject({
      field: 'times',
      reason: 'calendar-sequence',
      settledBy: { kind: 'email' },
    });
    expect(diffSchedules(before, after).map((c) => c.kind)).toEqual(['conflict-settled']);
  });

  it('an updated calendar invitation re-times the meeting (SEQUENCE 0 -> 1)', async () => {
    const first = await claims('2014-06-03-mpp6-invitation.eml', 'email');
    const second = await claims('2014-06-05-mpp6-corrected.eml', 'email');
    const changes = diffSchedules(reconcile(first), reconcile([...first, ...second]));
    expect(changes.map((c) => [c.kind, c.field, c.before, c.after])).toEqual([
      ['retimed', 'times', '14:00-16:00 Europe/Zurich', '14:00-18:00 Europe/Zurich'],
    ]);
  });

  it('an .ics feed joins the same meetings announced in text, by title and dates', async () => {
    const feed = await claims('2014-hle-feed.ics', 'ics');
    expect(feed.map((c) => [c.title?.value, c.dates?.value.start, c.dates?.value.end])).toEqual([
      ['WSIS+10 High-Level Event', '2014-06-10', '2014-06-13'],
      ['WSIS+10 High-Level Event pre-events', '2014-06-09', '2014-06-09'],
    ]);
    const page = extractClaims(
      { ...(await read('2014-02-25-mpp-schedule.md')) },
      source('2014-02-25-mpp-schedule.md', { kind: 'web' }),
    ).claims;
    const hle = reconcile([...page, ...feed]).meetings.filter((m) =>
      m.title.startsWith('WSIS+10 High-Level Event'),
    );
    expect(hle.map((m) => [m.id, m.sources.length])).toEqual([
      ['uid:hle-pre-2014@wsis.example', 2],
      ['uid:hle-2014@wsis.example', 2],
    ]);
  });
});
