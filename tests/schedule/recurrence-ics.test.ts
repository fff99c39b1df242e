import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../../src/core/documents/index.js';
import { diffSchedules, readAnnouncement, reconcile } from '../../src/core/schedule/index.js';
import { corpusPath, describeCorpus } from '../helpers/corpus.js';

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//EN',
  'BEGIN:VEVENT',
  'UID:weekly-editors@example.org',
  'DTSTAMP:20260101T000000Z',
  'SUMMARY:Editors call',
  'DTSTART;TZID=Europe/Paris:20260106T160000',
  'DTEND;TZID=Europe/Paris:20260106T170000',
  'RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=6',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

async function scheduleOf(bytes: Buffer | string, name: string) {
  const doc = await extractDocument(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, {
    name,
    limits: DEFAULT_EXTRACT_LIMITS,
  });
  const { claims } = readAnnouncement(doc, { kind: 'ics', name, seenAt: '2026-01-01T00:00:00Z' });
  return reconcile(claims);
}

describe('a recurring calendar event is one series with its occurrences', () => {
  it('each occurrence is its own meeting of the series, never a rival date of the others', async () => {
    const s = await scheduleOf(ICS, 'editors.ics');
    expect(s.meetings).toHaveLength(6);
    expect(s.meetings.every((m) => m.conflicts.length === 0)).toBe(true);
    expect(new Set(s.meetings.map((m) => m.occurrenceOf))).toEqual(new Set(['weekly-editors@example.org']));
    expect(s.meetings.map((m) => m.dates?.start)).toEqual([
      '2026-01-06',
      '2026-01-13',
      '2026-01-20',
      '2026-01-27',
      '2026-02-03',
      '2026-02-10',
    ]);
    expect(s.meetings[0]?.recurrence?.rrule).toContain('FREQ=WEEKLY');
    // Reading the same feed again changes nothing: no false "moved" between occurrences.
    expect(diffSchedules(s, await scheduleOf(ICS, 'editors.ics'))).toEqual([]);
  });
});

describeCorpus('recurring events in a real Outlook calendar', () => {
  it('ms_timezones.ics: the recurring event is a series of occurrences without conflicts', async () => {
    const path = corpusPath('ics/node-ical/test/fixtures/ms_timezones.ics');
    const s = await scheduleOf(readFileSync(path), 'ms_timezones.ics');
    const series = s.meetings.filter((m) => m.occurrenceOf);
    expect(series.length).toBeGreaterThan(50);
    expect(new Set(series.map((m) => m.occurrenceOf)).size).toBe(1);
    expect(s.meetings.filter((m) => m.conflicts.length > 0)).toEqual([]);
  });
});
