import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { readAnnouncement } from '../../src/core/schedule/announcement.js';
import { type MeetingClaim, reconcile, summary } from '../../src/core/schedule/index.js';
import { emailDoc, lines, source, textDoc } from './helpers.js';

/**
 * Times said once for every day, times tied to the nth day of a meeting, a city's time in
 * brackets, venues with a building name in another language or in a small town, meetings
 * postponed without new dates, and an e-mail dated only by its Subject header. Own wording,
 * invented bodies, places and dates.
 */
function read(text: string, name = 'notice.txt'): MeetingClaim[] {
  return readAnnouncement(textDoc(text, 'text', { name }), source(name)).claims;
}

function sessions(claim: MeetingClaim | undefined): string[] {
  return (claim?.sessions ?? []).map((s) => `${s.date} ${s.start ?? ''}${s.end ? `-${s.end}` : ''}`);
}

describe('a start said once for every day of the meeting', () => {
  it.each([
    [
      '"at 10 hrs each day"',
      'The Advisory Panel on Seagrass Monitoring will meet from 12 to 14 April 2027 in Valletta. Meetings will start at 10 hrs each day.',
      ['2027-04-12 10:00', '2027-04-13 10:00', '2027-04-14 10:00'],
    ],
    [
      '"at 9.30 every morning"',
      'The Seminar on Fjord Hydrology will be held from 7 to 9 June 2027 in Bergen. Sessions begin at 9.30 every morning.',
      ['2027-06-07 09:30', '2027-06-08 09:30', '2027-06-09 09:30'],
    ],
    [
      '"at 10 h 30 daily"',
      'The Panel on Karst Springs will meet from 2 to 3 March 2027 in Lyon. The sittings will open at 10 h 30 daily.',
      ['2027-03-02 10:30', '2027-03-03 10:30'],
    ],
  ])('%s', (_, text, expected) => {
    const [claim] = read(text);
    expect(sessions(claim)).toEqual(expected);
  });

  it('reads "at 10 hrs" and "at 10 h 30" on a single day', () => {
    const [a] = read('The Committee on Dune Grazing will meet on 4 May 2027 at 10 hrs in Lyon.');
    expect(sessions(a)).toEqual(['2027-05-04 10:00']);
    const [b] = read('The Committee on Dune Grazing will meet on 4 May 2027 at 14 h 30 in Lyon.');
    expect(sessions(b)).toEqual(['2027-05-04 14:30']);
  });

  it('keeps a length in hours a length ("a 2 hrs session", "for 3 h")', () => {
    const [claim] = read(
      'The Committee on Dune Grazing will meet on 4 May 2027 in Lyon for a 2 hrs session; allow 3 h for travel.',
    );
    expect(sessions(claim)).toEqual([]);
  });

  it('reads "at 9.30" before a word or a zone ("at 9.30 and end", "at 9.30 CET")', () => {
    const [a] = read(
      'The Committee on Dune Grazing will meet on 4 May 2027 in Lyon. The meeting will begin at 9.30 and end at 12.30.',
    );
    expect(sessions(a)).toEqual(['2027-05-04 09:30-12:30']);
    const [b] = read('The Committee on Dune Grazing will meet on 4 May 2027 at 9.30 CET in Lyon.');
    expect(sessions(b)).toEqual(['2027-05-04 09:30']);
  });

  it('reads no price or figure as a time ("at 12.50 euros", "at 12.50 CHF")', () => {
    const [claim] = read(
      'The Committee on Dune Grazing will meet on 4 May 2027 in Lyon. Lunch is offered at 12.50 euros; parking at 3.50 CHF.',
    );
    expect(sessions(claim)).toEqual([]);
  });

  it('reads no price or figure as a time ("at 12.50 euros")', () => {
    const [claim] = read(
      'The Committee on Dune Grazing will meet on 4 May 2027 in Lyon. Lunch is offered at 12.50 euros.',
    );
    expect(sessions(claim)).toEqual([]);
  });
});

describe('a time tied to an ordinal day of the meeting', () => {
  it('gives that time to that day only ("at 9:00 a.m. on the first day")', () => {
    const [claim] = read(
      lines(
        'Conference on Alpine Pastures',
        '',
        'The Conference on Alpine Pastures will be held from 20 to 22 September 2027 in Innsbruck, Austria. The conference will open at 9:00 a.m. on the first day.',
      ),
    );
    expect(sessions(claim)).toEqual(['2027-09-20 09:00']);
    expect(claim?.dates?.value).toEqual({ start: '2027-09-20', end: '2027-09-22' });
  });

  it('reads the day before the time ("on the second day at 3 p.m.") and the last day', () => {
    const [a] = read(
      'The Forum on Reef Tourism will take place from 5 to 7 October 2027 in Suva. The opening ceremony will begin on the second day at 3 p.m.',
    );
    expect(sessions(a)).toEqual(['2027-10-06 15:00']);
    const [b] = read(
      'The Forum on Reef Tourism will take place from 5 to 7 October 2027 in Suva. The closing plenary will start at 16:00 on the last day.',
    );
    expect(sessions(b)).toEqual(['2027-10-07 16:00']);
    const [c] = read(
      'The Forum on Reef Tourism will take place from 5 to 7 October 2027 in Suva. On the first day, the meeting will start at 14:00.',
    );
    expect(sessions(c)).toEqual(['2027-10-05 14:00']);
  });

  it('gives no meeting time from a side event of that day ("Lunch at 12:30 on the first day")', () => {
    const [claim] = read(
      'The Forum on Reef Tourism will take place from 5 to 7 October 2027 in Suva. Lunch will be served at 12:30 on the first day.',
    );
    expect(sessions(claim)).toEqual([]);
  });

  it('reads nothing past the last day ("on the fifth day" of a three-day meeting)', () => {
    const [claim] = read(
      'The Forum on Reef Tourism will take place from 5 to 7 October 2027 in Suva. The meeting will open at 10:00 on the fifth day.',
    );
    expect(sessions(claim)).toEqual([]);
  });
});

describe('a city\u2019s time in brackets after the time', () => {
  it.each([
    ['(Vienna time)', 'Europe/Vienna'],
    ['(New York time)', 'America/New_York'],
    ['(Canberra time)', 'Australia/Sydney'],
    ['(Lausanne time)', 'Europe/Zurich'],
  ])('%s', (zone, expected) => {
    const [claim] = read(
      `The Briefing on Reservoir Safety will be held online on 14 March 2027, 14:00 ${zone}.`,
    );
    expect(claim?.zone?.value.zone).toBe(expected);
    expect(claim?.zone?.value.inferred).toBeUndefined();
  });
});

describe('a venue with a building name in another language, or in a small town', () => {
  it('keeps the whole name ("Centre International de Conf\u00e9rences de Gen\u00e8ve, Geneva")', () => {
    const [claim] = read(
      'The Assembly of the Glacier Observers Network will be held from 2 to 4 November 2027 at the Centre International de Conf\u00e9rences de Gen\u00e8ve, Geneva, Switzerland.',
    );
    expect(claim?.venue?.value.building).toBe('Centre International de Conf\u00e9rences de Gen\u00e8ve');
    expect(claim?.venue?.value.city).toBe('Geneva');
  });

  it('keeps a Spanish name ("Palacio de Congresos de Sevilla")', () => {
    const [claim] = read(
      'The Working Group on Olive Pests will meet from 8 to 9 June 2027 at the Palacio de Congresos de Sevilla, Seville, Spain.',
    );
    expect(claim?.venue?.value.building).toBe('Palacio de Congresos de Sevilla');
    expect(claim?.venue?.value.city).toBe('Seville');
  });

  it('keeps a city named only inside the building\u2019s name as the city too', () => {
    const [claim] = read(
      'The Working Group on Olive Pests will meet from 8 to 9 June 2027 at the Palais des Congr\u00e8s de Lyon.',
    );
    expect(claim?.venue?.value.city).toBe('Lyon');
    expect(claim?.venue?.value.building).toBe('Palais des Congr\u00e8s de Lyon');
  });

  it('gives the town of "in <Town>, <Country>" ("in Gland, Switzerland")', () => {
    const [claim] = read(
      'The retreat of the Wetland Reviewers will take place on 8 and 9 October 2027 in Gland, Switzerland.',
    );
    expect(claim?.venue?.value.city).toBe('Gland');
    expect(claim?.zone?.value.zone).toBe('Europe/Zurich');
  });
});

describe('a meeting postponed without new dates', () => {
  const original = read(
    lines(
      'Symposium on Desert Locust Forecasting',
      '',
      'The Symposium on Desert Locust Forecasting will be held from 15 to 17 June 2027 in Rabat.',
    ),
    'first.txt',
  );

  it.each([
    [
      '"postponed to 2028", "New dates will be announced"',
      'The Symposium on Desert Locust Forecasting, which was scheduled to take place in Rabat from 15 to 17 June 2027, has been postponed to 2028. New dates will be announced in due course.',
    ],
    [
      '"postponed until further notice"',
      'The Symposium on Desert Locust Forecasting, planned for 15 to 17 June 2027 in Rabat, has been postponed until further notice.',
    ],
    [
      '"deferred to a later date"',
      'The Symposium on Desert Locust Forecasting (15-17 June 2027, Rabat) has been deferred to a later date.',
    ],
  ])('%s: postponed, the old dates kept as the previous ones', (_, text) => {
    const [claim] = read(lines('Symposium on Desert Locust Forecasting', '', text), 'later.txt');
    expect(claim?.status?.value).toBe('postponed');
    expect(claim?.correction?.value).not.toBe('rescheduled');
    expect(claim?.changedFrom?.value.dates).toEqual({ start: '2027-06-15', end: '2027-06-17' });
  });

  it('never says the postponed meeting takes place on its old dates', () => {
    const later = read(
      lines(
        'Symposium on Desert Locust Forecasting',
        '',
        'The Symposium on Desert Locust Forecasting, planned for 15 to 17 June 2027 in Rabat, has been postponed until further notice.',
      ),
      'later.txt',
    );
    const { meetings } = reconcile([...original, ...later]);
    expect(meetings).toHaveLength(1);
    const [m] = meetings;
    expect(m?.status).toBe('postponed');
    expect(summary(m as NonNullable<typeof m>)).toBe('postponed (was 15-17 June 2027), Rabat');
  });

  it('prints the old days as what the meeting was in `meetings reconcile`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postponed-'));
    writeFileSync(
      join(dir, 'notice.txt'),
      lines(
        'Symposium on Desert Locust Forecasting',
        '',
        'The Symposium on Desert Locust Forecasting, planned for 15 to 17 June 2027 in Rabat, has been postponed until further notice.',
      ),
    );
    let stdout = '';
    await runCli(['meetings', 'reconcile', 'notice.txt'], {
      stdout: (t) => {
        stdout += t;
      },
      stderr: () => {},
      env: {},
      cwd: dir,
    });
    expect(stdout).toContain('when:   postponed (was 15-17 June 2027)');
    expect(stdout).not.toContain('starts 2027-06-15');
  });

  it.each([
    ['Postponement', 'postponed'],
    ['Cancellation', 'cancelled'],
  ])(
    'names the meeting after a "%s:" heading, so the notice joins the meeting it calls off',
    (word, status) => {
      const first = read(
        'The Workshop on Mangrove Carbon will be held from 4 to 6 May 2027 in Dakar.',
        'first.txt',
      );
      const later = read(
        lines(
          `${word}: Workshop on Mangrove Carbon`,
          '',
          `The Workshop on Mangrove Carbon, planned for 4 to 6 May 2027 in Dakar, has been ${status}.`,
        ),
        'later.txt',
      );
      expect(later[0]?.title?.value).toBe('Workshop on Mangrove Carbon');
      const { meetings } = reconcile([...first, ...later]);
      expect(meetings.map((m) => m.status)).toEqual([status]);
    },
  );

  it('still reads a postponement to a new day as a move ("postponed to 21 September 2027")', () => {
    const [claim] = read(
      'The Symposium on Desert Locust Forecasting, planned for 15 to 17 June 2027 in Rabat, has been postponed to 21-23 September 2027.',
    );
    expect(claim?.status?.value).toBeUndefined();
    expect(claim?.dates?.value).toEqual({ start: '2027-09-21', end: '2027-09-23' });
  });
});

describe('an e-mail dated only by its Subject header', () => {
  it('takes the dates of the Subject when the body gives none', () => {
    const doc = emailDoc(
      lines(
        'Dear members,',
        '',
        'We are pleased to invite you to the meeting, which will take place in Lisbon, Portugal. The provisional agenda will follow.',
      ),
      {
        subject: 'Meeting of the Expert Group on Tidal Energy, 12-14 May 2027',
        date: '2027-03-01T08:00:00Z',
      },
    );
    const [claim] = readAnnouncement(doc, source('invite.eml')).claims;
    expect(claim?.title?.value).toBe('Meeting of the Expert Group on Tidal Energy');
    expect(claim?.dates?.value).toEqual({ start: '2027-05-12', end: '2027-05-14' });
    expect(claim?.dates?.evidence[0]?.property).toBe('Subject');
  });

  it('takes the hours and zone the Subject gives after its day', () => {
    const doc = emailDoc('Join us for the webinar; the link follows.', {
      subject: 'Webinar on Tidal Energy, 10 June 2027, 16:00-17:30 CEST',
    });
    const [claim] = readAnnouncement(doc, source('invite.eml')).claims;
    expect(sessions(claim)).toEqual(['2027-06-10 16:00-17:30']);
    expect(claim?.zone?.value.zone).toBe('Europe/Paris');
  });

  it('lets the body\u2019s own dates win over the Subject\u2019s', () => {
    const doc = emailDoc('The meeting will take place on 20 May 2027 in Lisbon.', {
      subject: 'Meeting of the Expert Group on Tidal Energy, 12-14 May 2027',
    });
    const [claim] = readAnnouncement(doc, source('invite.eml')).claims;
    expect(claim?.dates?.value).toEqual({ start: '2027-05-20', end: '2027-05-20' });
  });

  it('dates nothing from the Subject of a reply ("Re: ...")', () => {
    const doc = emailDoc('Thank you, we will join online.', {
      subject: 'Re: Meeting of the Expert Group on Tidal Energy, 12-14 May 2027',
    });
    const claims = readAnnouncement(doc, source('reply.eml')).claims;
    expect(claims.some((c) => c.dates)).toBe(false);
  });

  it('dates nothing from a Subject that names a document, not a meeting', () => {
    const doc = emailDoc('Here is the latest text.', { subject: 'Tidal charter draft, 1 June version' });
    const claims = readAnnouncement(doc, source('draft.eml')).claims;
    expect(claims.some((c) => c.dates)).toBe(false);
  });

  it('dates nothing from the Subject of minutes or a report', () => {
    const doc = emailDoc('Please find attached the summary of our discussions.', {
      subject: 'Minutes of the Expert Group on Tidal Energy, 12-14 May 2027',
    });
    const claims = readAnnouncement(doc, source('minutes.eml')).claims;
    expect(claims.some((c) => c.dates)).toBe(false);
  });
});
