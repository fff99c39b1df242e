import { describe, expect, it } from 'vitest';
import { readAnnouncement } from '../../src/core/schedule/announcement.js';
import type { MeetingClaim } from '../../src/core/schedule/index.js';
import { source, textDoc } from './helpers.js';

/** Constructs of announcements in other bodies' styles. Own wording, invented events. */
function read(text: string, name = 'notice.txt'): MeetingClaim[] {
  return readAnnouncement(textDoc(text, 'text', { name }), source(name)).claims;
}

describe('a kind of event as the label of its name', () => {
  it.each([
    ['Webinar: Tidal energy for island grids', 'Webinar: Tidal energy for island grids'],
    ['Side event: Mangroves and coastal finance', 'Side event: Mangroves and coastal finance'],
    ['Expert meeting: Soil carbon accounting', 'Expert meeting: Soil carbon accounting'],
    ['Atelier : Données ouvertes et cadastre', 'Atelier : Données ouvertes et cadastre'],
  ])('"%s" names the meeting', (line, title) => {
    const [claim] = read(`${line}\n\nDate: Thursday 4 March 2027\nTime: 13:00-14:30 UTC\n`);
    expect(claim?.title?.value).toBe(title);
    expect(claim?.sessions[0]?.start).toBe('13:00');
  });

  it('a label that is no kind of event does not name it', () => {
    const [claim] = read('Contact: Registry of the Board\n\nDate: Thursday 4 March 2027\nTime: 13:00-14:30 UTC\n');
    expect(claim?.title?.value).not.toContain('Registry');
  });
});

describe('a kind of event as the label of a programme line', () => {
  it('"Briefing: Tuesday 4 May 2027, 10:00" gives the day and time, not a name', () => {
    const [claim] = read('Committee on Tides\n\nBriefing: Tuesday 4 May 2027, 10:00-11:00 CET, Room 12\n');
    expect(claim?.title?.value).toBe('Committee on Tides');
    expect(claim?.sessions[0]).toMatchObject({ date: '2027-05-04', start: '10:00' });
  });
});

describe('a title line naming a gathering by its kind', () => {
  it.each([
    ['Regional Dialogue on Urban Heat\n2–3 November 2027', 'Regional Dialogue on Urban Heat'],
    ['SAVE THE DATE\n\nSeminar on Port Finance\n14 May 2027, 10:00-12:00 CEST', 'Seminar on Port Finance'],
    ['Ministerial Retreat on Water Security\n\n8-9 June 2027', 'Ministerial Retreat on Water Security'],
    ['Symposium on Glacier Lakes\nLima, Peru | 2–3 November 2027', undefined],
  ])('%j gives the meeting its dates', (text, title) => {
    const [claim] = read(text);
    expect(claim?.dates?.value.start).toMatch(/^2027-/);
    if (title) expect(claim?.title?.value).toBe(title);
  });
});
