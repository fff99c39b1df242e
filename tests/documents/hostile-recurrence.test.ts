import { describe, expect, it } from 'vitest';
import { extract } from './helpers.js';

/**
 * A calendar whose time zone changes offset every second (or minute, or on every day
 * of every month) from 1970 on: ical.js expands an observance's rule from its start
 * to the year it needs, so one such rule cost 24-32 s and 640 MB per upload.
 */
function zoneRuleIcs(rules: string[], eventYear = 2026): string {
  const observances = rules.map(
    (rule, i) =>
      `BEGIN:${i % 2 ? 'DAYLIGHT' : 'STANDARD'}\nDTSTART:19700101T000000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nRRULE:${rule}\nEND:${i % 2 ? 'DAYLIGHT' : 'STANDARD'}`,
  );
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//hostile//EN',
    'BEGIN:VTIMEZONE',
    'TZID:Hostile',
    ...observances,
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    'UID:one@hostile.test',
    'DTSTAMP:20260101T000000Z',
    `DTSTART;TZID=Hostile:${eventYear}0609T100000`,
    `DTEND;TZID=Hostile:${eventYear}0609T110000`,
    'SUMMARY:Meeting',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

describe('time zone rules in a calendar are bounded before they are expanded', () => {
  it('reads a 300-byte calendar with a FREQ=SECONDLY zone rule in well under a second', async () => {
    const ics = zoneRuleIcs(['FREQ=SECONDLY']);
    expect(ics.length).toBeLessThan(400);
    const started = performance.now();
    const doc = await extract(ics, 'hostile.ics');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(doc.events).toHaveLength(1);
    expect(doc.events?.[0]?.start.local).toBe('2026-06-09T10:00:00');
    const warning = doc.warnings.find((w) => w.code === 'ics.timezone-rule-ignored');
    expect(warning?.message).toMatch(/Hostile.*FREQ=SECONDLY/);
  }, 30_000);

  it('ignores every zone rule that repeats more than a few times a year', async () => {
    const rules = [
      'FREQ=MINUTELY',
      'FREQ=HOURLY',
      'FREQ=DAILY',
      'FREQ=YEARLY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYMINUTE=0,30',
      'FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYMONTHDAY=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16',
    ];
    const started = performance.now();
    const doc = await extract(zoneRuleIcs(rules), 'hostile.ics');
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(doc.events).toHaveLength(1);
    expect(doc.warnings.filter((w) => w.code === 'ics.timezone-rule-ignored')).toHaveLength(rules.length);
  }, 60_000);

  it('still follows an ordinary yearly daylight-saving rule', async () => {
    const ics = zoneRuleIcs([
      'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;BYHOUR=3;BYMINUTE=0',
      'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    ]);
    const doc = await extract(
      ics.replace('TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200', 'TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100'),
      'ok.ics',
    );
    expect(doc.warnings.filter((w) => w.code === 'ics.timezone-rule-ignored')).toEqual([]);
    // June: daylight time, +02:00.
    expect(doc.events?.[0]?.start.utc).toBe('2026-06-09T08:00:00Z');
  });
});
