import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { vtimezone } from '../../src/core/schedule/ics.js';
import { reconcile, toICalendar } from '../../src/core/schedule/index.js';
import { story } from './helpers.js';

const s = story();

function events(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      sequence: e.sequence,
      status: v.getFirstPropertyValue('status'),
      description: e.description,
      startUtc: e.startDate.isDate ? e.startDate.toString() : e.startDate.toJSDate().toISOString(),
      endUtc: e.endDate?.isDate ? e.endDate.toString() : e.endDate?.toJSDate().toISOString(),
      tzid: v.getFirstProperty('dtstart')?.getParameter('tzid'),
    };
  });
}

describe('the iCalendar feed', () => {
  const disputed = toICalendar(reconcile([...s.pdf, ...s.web]));
  const settled = toICalendar(
    reconcile([...s.pdf, ...s.web, ...s.mail, ...s.c5, ...s.c5cancel, ...s.plan, ...s.update, ...s.venue]),
  );

  it('parses with ical.js and places the sixth meeting at the right instants, with its zone', () => {
    const six = events(settled).find((e) => e.uid === 'mpp#6@rapporteur');
    expect(six).toMatchObject({
      startUtc: '2014-06-09T12:00:00.000Z',
      endUtc: '2014-06-09T16:00:00.000Z',
      tzid: 'Europe/Zurich',
      status: 'CONFIRMED',
      sequence: 2,
    });
    expect(six?.description).toMatch(/Times settled by 2014-06-05-mpp6-corrected-email.txt: 14:00-18:00/);
  });
  it('states an open conflict in the description, marks it tentative and spans the earliest start to the latest end', () => {
    const six = events(disputed).find((e) => e.uid === 'mpp#6@rapporteur');
    expect(six?.status).toBe('TENTATIVE');
    expect(six?.description).toMatch(
      /Sources disagree on times: 14:00-16:00 \(2014-06-03-mpp6-invitation.txt\) vs 14:00-18:00 \(2014-06-03-mpp6-webpage.md\)/,
    );
    expect(six?.endUtc).toBe('2014-06-09T16:00:00.000Z');
  });
  it('cancelled meetings are STATUS:CANCELLED', () => {
    expect(events(settled).find((e) => e.summary?.startsWith('Informal consultation'))?.status).toBe(
      'CANCELLED',
    );
  });
  it('one event per sitting for multi-day meetings with times, UIDs keyed by the day and the sitting; all-day events otherwise', () => {
    const all = events(settled);
    expect(all.filter((e) => e.uid.startsWith('mpp#5.')).map((e) => e.uid)).toEqual([
      'mpp#5.20140528@rapporteur',
      'mpp#5.20140528-2@rapporteur',
      'mpp#5.20140529@rapporteur',
      'mpp#5.20140529-2@rapporteur',
      'mpp#5.20140530@rapporteur',
      'mpp#5.20140530-2@rapporteur',
      'mpp#5.20140531@rapporteur',
      'mpp#5.20140531-2@rapporteur',
    ]);
    // The Saturday afternoon sitting ends at 01:30 on Sunday, Geneva summer time.
    expect(all.find((e) => e.uid === 'mpp#5.20140531-2@rapporteur')?.endUtc).toBe('2014-05-31T23:30:00.000Z');
    expect(all.find((e) => e.uid === 'mpp#5.20140531-2@rapporteur')?.summary).toMatch(
      /\(day 4, session 2\)$/,
    );
    expect(all.find((e) => e.uid === 'mpp#1@rapporteur')).toMatchObject({
      startUtc: '2013-10-07',
      endUtc: '2013-10-09',
    });
  });
  it('is the same text for the same schedule (deterministic DTSTAMP)', () => {
    expect(toICalendar(reconcile([...s.pdf, ...s.web]))).toBe(disputed);
  });
  it('writes a VTIMEZONE with the real transitions of each zone used', () => {
    const tz = vtimezone('Europe/Zurich', [2014, 2014]) as string;
    expect(tz).toMatch(/TZID:Europe\/Zurich/);
    expect(tz).toMatch(
      /BEGIN:DAYLIGHT\r\nDTSTART:20140330T020000\r\nTZOFFSETFROM:\+0100\r\nTZOFFSETTO:\+0200/,
    );
    expect(tz).toMatch(
      /BEGIN:STANDARD\r\nDTSTART:20141026T030000\r\nTZOFFSETFROM:\+0200\r\nTZOFFSETTO:\+0100/,
    );
    expect(vtimezone('UTC-5', [2014, 2014])).toBeNull();
  });
  it('a zone from a VTIMEZONE we wrote gives the same instant when read back by ical.js', () => {
    const cal = new ICAL.Component(ICAL.parse(settled));
    for (const vtz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
    const six = new ICAL.Event(
      cal
        .getAllSubcomponents('vevent')
        .find((v) => v.getFirstPropertyValue('uid') === 'mpp#6@rapporteur') as ICAL.Component,
    );
    expect(six.startDate.zone?.tzid).toBe('Europe/Zurich');
    expect(six.startDate.toUnixTime()).toBe(Date.parse('2014-06-09T12:00:00Z') / 1000);
  });
});
