import { describe, expect, it } from 'vitest';
import { diffSchedules, type MeetingClaim, reconcile } from '../../src/core/schedule/index.js';
import { claimsOfText } from './helpers.js';

/** Sentences, titles and statuses of announcements from other bodies; own text, invented bodies. */
function read(text: string, name = 'construct.txt'): MeetingClaim[] {
  return claimsOfText(text, 'text', name, { seenAt: '2026-12-07T00:00:00Z' });
}

/** One line per dated claim: its days, its sessions, its zone and its status. */
function summary(claims: MeetingClaim[]): string[] {
  return claims
    .filter((c) => c.dates || c.sessions.length > 0)
    .map((c) => {
      const days = c.dates ? `${c.dates.value.start}..${c.dates.value.end}` : 'no date';
      const times = c.sessions
        .filter((s) => s.start)
        .map((s) => `${s.start}${s.end ? `-${s.end}` : ''}`)
        .join(',');
      return [days, times, c.zone?.value.zone ?? '', c.status?.value ?? ''].join(' | ');
    });
}

describe('a year the text leaves out', () => {
  const text = [
    'Harbour board call: Tuesday June 9, 15:00 UTC',
    '',
    'The poll is closed and most people can make Tuesday June 9, 15:00 UTC. See you there.',
  ].join('\n');

  it('takes the weekday year nearest to a date in the document name, not nearest to today', () => {
    // Tuesday 9 June: 2015, 2020, 2026. Saved as a 2015 file, the call is in 2015.
    expect(summary(read(text, 'harbour_board_call_2015-06-01.txt'))).toEqual([
      '2015-06-09..2015-06-09 | 15:00 | UTC | ',
    ]);
  });

  it('still uses today when the name has no date', () => {
    expect(summary(read(text, 'harbour_board_call.txt'))).toEqual([
      '2026-06-09..2026-06-09 | 15:00 | UTC | ',
    ]);
  });

  it('a year written in the text wins over the name', () => {
    const withYear = `${text}\n\nThis is the 2020 season's first call.`;
    expect(summary(read(withYear, 'harbour_board_call_2015-06-01.txt'))[0]).toMatch(/^2020-06-09/);
  });
});

describe('a decision taken at a sitting', () => {
  const silence = [
    'Update from the coastal fisheries talks',
    '',
    'Talks on the revised outcome text ended on 12 May without consensus. The facilitator put the',
    'text under a silence procedure from 18:00 on 12 May until noon on 14 May 2027. Unless a delegation',
    'breaks silence, the outcome text will be adopted on 20 May in the closing plenary of the Fisheries Forum.',
  ].join('\n');

  it('reads the sitting where a text will be adopted as a meeting, named by the sitting', () => {
    const claims = read(silence).filter((c) => c.dates);
    expect(summary(claims)).toEqual(['2027-05-20..2027-05-20 |  |  | ']);
    expect(claims[0]?.title?.value).toBe('closing plenary of the Fisheries Forum');
  });

  it('an adoption date without a sitting stays a non-meeting', () => {
    const text = [
      'Update from the coastal fisheries talks',
      '',
      'The outcome text will be adopted on 20 May 2027.',
    ].join('\n');
    expect(summary(read(text))).toEqual([]);
  });
});

describe('an arrangements page', () => {
  it('reads "we\'ll be meeting <day> through <day>" and a start said of each day', () => {
    const text = [
      '## Lighthouse Keepers Working Group Interim Meeting - June 2027',
      '',
      'This page gives the arrangements for the third interim meeting, hosted in Portland, Oregon.',
      '',
      '### Register',
      '',
      'Please write to the chairs by 20 May to register.',
      '',
      '### Schedule',
      '',
      "We'll be meeting Tuesday 8 through Thursday 10 June, 2027. Sessions will begin at 10AM each day.",
    ].join('\n');
    expect(summary(read(text, 'interim.md'))).toEqual([
      '2027-06-08..2027-06-10 | 10:00,10:00,10:00 | America/Los_Angeles | ',
    ]);
  });

  it('ends said of some weekdays, in the same sentence or the next, end those days', () => {
    const text = [
      '## Lighthouse Keepers Working Group Interim Meeting - June 2027',
      '',
      'This page gives the arrangements for the third interim meeting, hosted in Portland, Oregon.',
      '',
      '### Schedule',
      '',
      "We'll be meeting Tuesday 8 through Thursday 10 June, 2027. Sessions will begin at 10AM each day,",
      'and end at about 6pm on Tuesday and Wednesday. We will finish by 2pm on Thursday.',
    ].join('\n');
    expect(summary(read(text, 'interim.md'))).toEqual([
      '2027-06-08..2027-06-10 | 10:00-18:00,10:00-18:00,10:00-14:00 | America/Los_Angeles | ',
    ]);
  });
});

describe('a venue that tells the zone', () => {
  it('reads a labelled address ending with a town after its postal code, in German and French', () => {
    const de = read(
      [
        'Sitzung des Vorstands',
        'Datum: 9. März 2027',
        'Uhrzeit: 18:00 Uhr',
        'Ort: Bürgerhaus, Lindenweg 3, 69117 Heidelberg',
      ].join('\n'),
    );
    expect(summary(de)).toEqual(['2027-03-09..2027-03-09 | 18:00 | Europe/Berlin | ']);
    expect(de[0]?.zone?.value.inferred).toBe(true);
    const fr = read(
      [
        'Réunion du bureau',
        'Date : 9 mars 2027',
        'Heure : 18 h',
        'Lieu : salle des associations, Annecy',
      ].join('\n'),
    );
    expect(summary(fr)).toEqual(['2027-03-09..2027-03-09 | 18:00 | Europe/Paris | ']);
  });

  it('leaves the zone open when the labelled place is no town or a town of several zones', () => {
    expect(
      summary(
        read(
          [
            'Board meeting',
            'Date: 9 March 2027',
            'Time: 18:00',
            'Venue: Conference Room B, Main Building',
          ].join('\n'),
        ),
      ),
    ).toEqual(['2027-03-09..2027-03-09 | 18:00 |  | ']);
    // Valladolid is in Spain and in Mexico.
    expect(
      summary(
        read(
          [
            'Reunión de la junta',
            'Fecha: 9 de marzo de 2027',
            'Hora: 18:00',
            'Lugar: Casa de la Cultura, Valladolid',
          ].join('\n'),
        ),
      ),
    ).toEqual(['2027-03-09..2027-03-09 | 18:00 |  | ']);
  });

  it('reads a US city with its two-letter state code, and a city written in another language', () => {
    const us = read('The board will meet on Tuesday, 9 March 2027 at 7:30 p.m. at City Hall, Oak Ridge, TN.');
    expect(summary(us)).toEqual(['2027-03-09..2027-03-09 | 19:30 | America/New_York | ']);
    const es = read('La reunión de la junta se celebrará el 9 de marzo de 2027 a las 10:00 en Ginebra.');
    expect(summary(es)).toEqual(['2027-03-09..2027-03-09 | 10:00 | Europe/Zurich | ']);
  });
});

describe('a forwarded message that moves a meeting online', () => {
  const forwarded = [
    '[wg-list] Fwd: Harbour Forum 12 online programme',
    'Jane Doe',
    'Forwarded message:',
    '> From: The Forum Secretariat',
    '> Subject: Harbour Forum 12 online programme',
    '> Date: Tue, 2 Mar 2027 10:00:00 +0100',
    '>',
    '> We have built an online programme for Harbour Forum 12 because the',
    '> in-person meeting was cancelled. Please read on.',
    '>',
    '> The online programme is as follows, with all times listed in UTC:',
    '>',
    '> Monday, March 15',
    '> 14:00-16:00 Opening plenary',
    '>',
    '> Tuesday, March 16',
    '> 14:00-15:30 Working sessions',
  ].join('\n');

  it('reads the quoted lines like unquoted ones, and the zone the intro line gives', () => {
    expect(summary(read(forwarded))).toEqual(['2027-03-15..2027-03-16 | 14:00-16:00,14:00-15:30 | UTC | ']);
  });

  it('an in-person meeting called off while the text holds it online is no cancellation', () => {
    expect(read(forwarded).some((c) => c.status?.value === 'cancelled')).toBe(false);
  });

  it('an in-person meeting called off without an online one still is', () => {
    const text = [
      'Harbour Forum 12',
      '',
      'Harbour Forum 12 was to be held on 15 March 2027 in Bergen. The in-person meeting has been cancelled.',
    ].join('\n');
    expect(summary(read(text))).toEqual(['2027-03-15..2027-03-15 |  | Europe/Oslo | cancelled']);
  });
});

describe('a cover line', () => {
  it("reads a guidebook's cover line, name then dates then place, as the meeting", () => {
    const text = [
      '41 st Congress of the Harbour Pilots Union 12 to 16 April 2027 Lisbon Portugal DELEGATES HANDBOOK',
      '',
      'CONTENTS Page OPENING AND MEETING ROOMS... 3 TIMETABLE... 4 REGISTRATION... 9',
      '',
      'Delegates are asked to register at the information desk before the opening.',
    ].join('\n');
    const claims = read(text);
    expect(summary(claims)).toEqual(['2027-04-12..2027-04-16 |  | Europe/Lisbon | ']);
    expect(claims[0]?.title?.value).toBe('41 st Congress of the Harbour Pilots Union');
  });

  it('the sitting that opens it gives its first day a start', () => {
    const text = [
      '41 st Congress of the Harbour Pilots Union 12 to 16 April 2027 Lisbon Portugal DELEGATES HANDBOOK',
      '',
      'OPENING The Congress will be opened by the President of the Union in Room 2 at its first sitting on Monday, 12 April at 10 a.m. Other sittings follow the timetable.',
    ].join('\n');
    expect(summary(read(text))).toEqual(['2027-04-12..2027-04-16 | 10:00 | Europe/Lisbon | ']);
  });

  it('a cover line without a meeting noun is no meeting', () => {
    const text = [
      'Annual Report of the Harbour Pilots Union 1 January to 31 December 2026 Lisbon',
      '',
      'Contents',
    ].join('\n');
    expect(summary(read(text))).toEqual([]);
  });
});

describe('titles', () => {
  it('a header line and a sentence that moves the meeting: one claim, no leading article, the new date', () => {
    const claims = read(
      [
        'Steering Group meeting, 14 May 2027, 15:00 UTC',
        '',
        'The Steering Group meeting has been moved to 21 May 2027.',
      ].join('\n'),
    );
    expect(summary(claims)).toEqual(['2027-05-21..2027-05-21 | 15:00 | UTC | ']);
    expect(claims[0]?.title?.value).toBe('Steering Group meeting');
    expect(claims[0]?.correction?.value).toBe('rescheduled');
    expect(claims[0]?.changedFrom?.value.dates).toEqual({ start: '2027-05-14', end: '2027-05-14' });
  });

  it('the header line and a cancelling sentence give the same title, without "The"', () => {
    const claims = read(
      [
        'Harbour news',
        '',
        'Steering Group meeting: 14 May 2027, 15:00 UTC',
        '',
        'The Steering Group meeting has been cancelled.',
      ].join('\n'),
    );
    expect(claims.map((c) => c.title?.value)).toEqual(['Steering Group meeting']);
    expect(summary(claims)).toEqual(['2027-05-14..2027-05-14 | 15:00 | UTC | cancelled']);
  });

  it('a body named only in "<Body> will meet on" titles the meeting, not the file name', () => {
    const claims = read(
      [
        'Update from the secretariat',
        '',
        'The Pilotage Commission will meet on 14 May 2027 at 15:00 UTC.',
      ].join('\n'),
    );
    expect(claims[0]?.title?.value).toBe('Pilotage Commission meeting');
    const we = read(['Update', '', 'We will meet on 14 May 2027.'].join('\n'));
    expect(we[0]?.title?.value).toBe('construct.txt');
  });

  it('a subject line titles the meeting when it has no meeting word', () => {
    const claims = read(
      [
        'Re: Budget debate 2027: 14 May 2027, 18:00 UTC',
        '',
        'The debate will take place on 14 May 2027 at 18:00 UTC.',
      ].join('\n'),
    );
    expect(claims[0]?.title?.value).toBe('Budget debate 2027');
  });

  it('a re-read of the same source that titles the meeting otherwise is no new meeting', () => {
    const text = [
      'Update from the secretariat',
      '',
      'The Pilotage Commission will meet on 14 May 2027 at 15:00 UTC.',
    ].join('\n');
    const now = read(text);
    // What an earlier reader made of the same source: the file name as the title.
    const then = now.map((c) => ({ ...c, title: { value: 'construct.txt', evidence: [] } }));
    const before = reconcile(then);
    const after = reconcile(now);
    expect(before.meetings[0]?.id).not.toBe(after.meetings[0]?.id);
    expect(diffSchedules(before, after).filter((c) => c.kind === 'added')).toEqual([]);
    // Another source's meeting on the same day is still new.
    const other = read(text, 'other.txt');
    expect(diffSchedules(before, reconcile(other)).map((c) => c.kind)).toContain('added');
  });
});

describe('a second meeting named in a message', () => {
  it('"<Name> meeting is still set for the 19th at 21:00 UTC" is a meeting of its own on that day', () => {
    const text = [
      'Re: Budget debate 2027: 19 May 2027, 23:00 UTC',
      '',
      "This year's budget debate will take place on Wednesday, 19 May 2027, at 23:00 UTC. It will last two hours.",
      '',
      'The Outreach Group meeting is still set for the 19th at 21:00 UTC. That day was chosen long before the debate.',
    ].join('\n');
    const claims = read(text);
    expect(summary(claims)).toEqual([
      '2027-05-19..2027-05-19 | 23:00-01:00 | UTC | ',
      '2027-05-19..2027-05-19 | 21:00 | UTC | ',
    ]);
    expect(claims.map((c) => c.title?.value)).toEqual(['Budget debate 2027', 'Outreach Group meeting']);
  });

  it('a meeting that only would have been set is none', () => {
    const text = [
      'Re: Budget debate 2027: 19 May 2027, 23:00 UTC',
      '',
      "This year's budget debate will take place on Wednesday, 19 May 2027, at 23:00 UTC.",
      '',
      'The Outreach Group meeting would be set for the 20th at 21:00 UTC if the debate overlapped.',
    ].join('\n');
    expect(summary(read(text))).toEqual(['2027-05-19..2027-05-19 | 23:00 | UTC | ']);
  });
});

describe('a meeting held over a week', () => {
  it('"will be held virtually the week of <Monday>" is that Monday to Friday, online', () => {
    const claims = read(
      [
        'Update from the secretariat',
        '',
        'The Harbour Forum will be held virtually the week of 22 March 2027.',
      ].join('\n'),
    );
    expect(summary(claims)).toEqual(['2027-03-22..2027-03-26 |  |  | ']);
    expect(claims[0]?.title?.value).toBe('Harbour Forum');
    expect(claims[0]?.venue?.value.mode).toBe('remote');
  });

  it('the week of a Sunday starts the next day; the week of a Wednesday stays that day', () => {
    expect(
      summary(read('Update\n\nThe Harbour Forum will be held online the week of 21 March 2027.')),
    ).toEqual(['2027-03-22..2027-03-26 |  |  | ']);
    expect(
      summary(read('Update\n\nThe Harbour Forum will be held online the week of 24 March 2027.')),
    ).toEqual(['2027-03-24..2027-03-24 |  |  | ']);
  });
});
