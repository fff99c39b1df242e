import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import type { MeetingView } from '../../src/core/app/schedule.js';
import { meetingLine } from '../../src/core/commands/format.js';
import { readAnnouncement } from '../../src/core/schedule/announcement.js';
import {
  describeWhen,
  diffSchedules,
  type MeetingClaim,
  reconcile,
  toICalendar,
} from '../../src/core/schedule/index.js';
import { lines, source, textDoc } from './helpers.js';

/** Constructs the development set does not show: own wording, invented bodies and places. */
function read(text: string): MeetingClaim[] {
  return readAnnouncement(textDoc(text, 'text', { name: 'notice.txt' }), source('notice.txt')).claims;
}

function sessions(claim: MeetingClaim | undefined): string[] {
  return (claim?.sessions ?? []).map((s) => `${s.date} ${s.start ?? ''}${s.end ? `-${s.end}` : ''}`);
}

function byTitle(claims: MeetingClaim[]): Map<string | undefined, MeetingClaim> {
  return new Map(claims.map((c) => [c.title?.value, c]));
}

describe('a programme of meetings in plain lines, each its day and hours then another body', () => {
  it.each([
    [
      'date, hours, colon, body',
      [
        'Monday 7 June 2027, 09:30-12:30: Working Group on Soil Maps, Room 14',
        'Tuesday 8 June 2027, 14:00-17:00: Committee on Audit, Room 9',
        'Wednesday 9 June 2027, 10:00-11:00: Expert Group on Tides - cancelled',
        'Thursday 10 June 2027, 09:30-12:30: Plenary, Main Hall',
      ],
    ],
    [
      'bullets, status in brackets',
      [
        '* Monday 7 June 2027, 09:30-12:30: Working Group on Soil Maps, Room 14',
        '* Tuesday 8 June 2027, 14:00-17:00: Committee on Audit, Room 9',
        '* Wednesday 9 June 2027, 10:00-11:00: Expert Group on Tides (cancelled)',
        '* Thursday 10 June 2027, 09:30-12:30: Plenary, Main Hall',
      ],
    ],
    [
      'hours then the body without a colon',
      [
        'Mon 7 June 2027 09:30-12:30 Working Group on Soil Maps, Room 14',
        'Tue 8 June 2027 14:00-17:00 Committee on Audit, Room 9',
        'Wed 9 June 2027 10:00-11:00 Expert Group on Tides - cancelled',
        'Thu 10 June 2027 09:30-12:30 Plenary, Main Hall',
      ],
    ],
    [
      'the body, a dash, then the day; a status in square brackets',
      [
        'Working Group on Soil Maps – Monday 7 June 2027, 09:30-12:30, Room 14',
        'Committee on Audit – Tuesday 8 June 2027, 14:00-17:00, Room 9',
        'Expert Group on Tides – Wednesday 9 June 2027, 10:00-11:00 [CANCELLED]',
        'Plenary – Thursday 10 June 2027, 09:30-12:30, Main Hall',
      ],
    ],
    [
      'the body first, then the day',
      [
        'Working Group on Soil Maps: Monday 7 June 2027, 09:30-12:30, Room 14',
        'Committee on Audit: Tuesday 8 June 2027, 14:00-17:00, Room 9',
        'Expert Group on Tides: Wednesday 9 June 2027, 10:00-11:00 (cancelled)',
        'Plenary: Thursday 10 June 2027, 09:30-12:30, Main Hall',
      ],
    ],
  ])('%s', (_shape, programme) => {
    const claims = read(
      lines(
        'Subject: Next week',
        '',
        'The programme of meetings for next week (all times Bonn time):',
        '',
        ...programme,
      ),
    );
    const titled = byTitle(claims);
    expect([...titled.keys()].sort()).toEqual([
      'Committee on Audit',
      'Expert Group on Tides',
      'Plenary',
      'Working Group on Soil Maps',
    ]);
    expect(sessions(titled.get('Committee on Audit'))).toEqual(['2027-06-08 14:00-17:00']);
    expect(sessions(titled.get('Plenary'))).toEqual(['2027-06-10 09:30-12:30']);
    expect(titled.get('Expert Group on Tides')?.status?.value).toBe('cancelled');
    expect(claims.filter((c) => c.status?.value === 'cancelled')).toHaveLength(1);
    // "(all times Bonn time)" in the line before the programme is the zone of every line of it.
    expect(claims.map((c) => c.zone?.value.zone)).toEqual(claims.map(() => 'Europe/Berlin'));
  });

  it('gives each line its own room', () => {
    const titled = byTitle(
      read(
        lines(
          'Subject: Next week',
          '',
          'Monday 7 June 2027, 09:30-12:30: Working Group on Soil Maps, Room 14, Bonn',
          'Tuesday 8 June 2027, 14:00-17:00: Committee on Audit, Room 9, Bonn',
        ),
      ),
    );
    expect(titled.get('Working Group on Soil Maps')?.venue?.value.building).toBe('Room 14');
    expect(titled.get('Committee on Audit')?.venue?.value.building).toBe('Room 9');
  });

  it('keeps one body named on several days of the week one meeting with its sittings', () => {
    for (const sep of [' ', ': ']) {
      const claims = read(
        lines(
          'Subject: Next week',
          '',
          `Monday 7 June 2027 09:30-12:30${sep}Plenary`,
          `Tuesday 8 June 2027 09:30-12:30${sep}Plenary`,
          `Thursday 10 June 2027 15:00-18:00${sep}Plenary`,
        ),
      );
      expect(claims).toHaveLength(1);
      expect(sessions(claims[0])).toEqual([
        '2027-06-07 09:30-12:30',
        '2027-06-08 09:30-12:30',
        '2027-06-10 15:00-18:00',
      ]);
    }
  });

  it('keeps a day called off apart from the days of the same body still held', () => {
    const claims = read(
      lines(
        'Subject: Next week',
        '',
        'Monday 7 June 2027, 09:30-12:30: Plenary, Main Hall',
        'Tuesday 8 June 2027, 09:30-12:30: Plenary - cancelled',
        'Wednesday 9 June 2027, 09:30-12:30: Plenary, Main Hall',
      ),
    );
    const held = claims.filter((c) => c.status === undefined);
    const off = claims.filter((c) => c.status?.value === 'cancelled');
    expect(off.map(sessions)).toEqual([['2027-06-08 09:30-12:30']]);
    expect(held.flatMap(sessions)).toEqual(['2027-06-07 09:30-12:30', '2027-06-09 09:30-12:30']);
    // Reconciled, still two meetings: the day called off never cancels the days held.
    const meetings = reconcile(claims).meetings;
    expect(meetings.map((m) => [describeWhen(m).split(',')[0], m.status ?? 'scheduled']).sort()).toEqual([
      ['7 and 9 June 2027', 'scheduled'],
      ['8 June 2027', 'cancelled'],
    ]);
  });

  it('keeps days and hours under one named meeting one meeting', () => {
    const claims = read(
      lines(
        'Subject: Committee on Audit, fourth session',
        '',
        'The fourth session of the Committee on Audit will meet as follows:',
        '',
        'Monday 7 June 2027, 09:30-12:30, Room 9',
        'Tuesday 8 June 2027, 14:00-17:00, Room 9',
      ),
    );
    expect(claims).toHaveLength(1);
    expect(sessions(claims[0])).toEqual(['2027-06-07 09:30-12:30', '2027-06-08 14:00-17:00']);
  });
});

function readAll(text: string) {
  return readAnnouncement(textDoc(text, 'text', { name: 'notice.txt' }), source('notice.txt'));
}

describe('a question about a meeting already set states nothing of it', () => {
  const mail = (...body: string[]) =>
    lines('Subject: Quick question', '', 'Dear Omar,', '', ...body, '', 'Thanks, Lea');

  it.each([
    'What time does the meeting on 9 June 2027 start?',
    'Where is the meeting on 4 May 2027?',
    'Is the meeting on 9 June 2027 still going ahead?',
    'At what time will the Committee on Audit meet on 9 June 2027?',
    'In which room is the workshop of 4 May 2027 at 10:00?',
    'Sorry, has the briefing on 4 May 2027 been moved?',
    'Could you confirm the start time of the meeting on 9 June 2027?',
  ])('"%s" makes no meeting and says why', (question) => {
    const { claims, diagnostics } = readAll(mail(question));
    expect(claims.filter((c) => c.dates || c.sessions.length > 0)).toHaveLength(0);
    expect(claims.map((c) => c.title?.value)).toEqual(['Quick question']);
    expect(diagnostics.some((d) => d.code === 'schedule.asked' && d.severity === 'info')).toBe(true);
  });

  it.each([
    'Will you attend the meeting on 9 June 2027 at 10:00 in Room 4, Lyon?',
    'What is the agenda of the meeting on 9 June 2027 at 10:00 in Room 4, Lyon?',
  ])('"%s" takes the meeting as given and still gives it', (question) => {
    const claims = read(mail(question));
    expect(claims).toHaveLength(1);
    expect(sessions(claims[0])).toEqual(['2027-06-09 10:00']);
  });

  it('beside the sentence that states the meeting, questions add no second meeting', () => {
    const claims = read(
      lines(
        'Subject: Steering board',
        '',
        'The meeting on 9 June 2027 will be held in Room 4, Lyon from 10:00 to 13:00 CEST.',
        '',
        'Will you attend the meeting on 9 June at 10:00 in Room 4? What time does the meeting on 9 June end, if you know?',
      ),
    );
    expect(claims).toHaveLength(1);
    expect(sessions(claims[0])).toEqual(['2027-06-09 10:00-13:00']);
  });
});

/** What `rapporteur meetings <command> FILE` prints for a text of our own. */
async function cliOn(command: string, text: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'days-apart-'));
  writeFileSync(join(dir, 'notice.txt'), text);
  let stdout = '';
  await runCli(['meetings', command, 'notice.txt'], {
    stdout: (t) => {
      stdout += t;
    },
    stderr: () => {},
    env: {},
    cwd: dir,
  });
  return stdout;
}

describe('days that are not consecutive are never shown as a span', () => {
  const notice = (said: string) =>
    lines('Subject: Workshop on soil data', '', `The workshop will take place on ${said} in Room 2, Lyon.`);

  it.each([
    ['4 and 6 May 2027 from 10:00 to 13:00 each day', '4 and 6 May 2027'],
    ['4 and 6 May 2027', '4 and 6 May 2027'],
    ['4, 6 and 8 May 2027', '4, 6 and 8 May 2027'],
    ['4, 5 and 6 May 2027', '4-6 May 2027'],
    ['4-6 May 2027', '4-6 May 2027'],
  ])('"%s" reads "%s" in parse and in reconcile', async (said, shown) => {
    const text = notice(said);
    const claims = read(text);
    expect(claims).toHaveLength(1);
    // The model keeps the span from the first day to the last: reconciliation and changes match on it.
    expect(claims[0]?.dates?.value.start).toBe('2027-05-04');
    const meeting = reconcile(claims).meetings[0];
    expect(meeting && describeWhen(meeting).split(',').slice(0, shown.split(',').length).join(',')).toBe(
      shown,
    );
    expect(await cliOn('parse', text)).toMatch(new RegExp(`dates +${shown}\\b`));
    expect(await cliOn('reconcile', text)).toContain(`when:   ${shown}`);
  });

  it('keeps only the days said as sessions when no hours are given, with or without a place', () => {
    for (const text of [
      notice('4 and 6 May 2027'),
      lines('Subject: Workshop on soil data', '', 'The workshop will take place on 4 and 6 May 2027.'),
    ])
      expect(read(text)[0]?.sessions.map((s) => s.date)).toEqual(['2027-05-04', '2027-05-06']);
  });

  it('writes an all-day event per day said in the calendar, and one over a run', () => {
    const ics = (said: string) =>
      toICalendar(reconcile(read(notice(said))))
        .split(/\r?\n/)
        .filter((l) => l.startsWith('DTSTART') || l.startsWith('DTEND'));
    expect(ics('4 and 6 May 2027')).toEqual([
      'DTSTART;VALUE=DATE:20270504',
      'DTEND;VALUE=DATE:20270505',
      'DTSTART;VALUE=DATE:20270506',
      'DTEND;VALUE=DATE:20270507',
    ]);
    expect(ics('4-6 May 2027')).toEqual(['DTSTART;VALUE=DATE:20270504', 'DTEND;VALUE=DATE:20270507']);
  });

  it("writes the days apart in a chat command's line, where a whole-day meeting showed its first day", () => {
    const line = (said: string) => {
      const meeting = reconcile(read(notice(said))).meetings[0];
      const headline = { title: 'Workshop', handle: null, status: 'scheduled', disputed: [], venue: null };
      const view = {
        meeting,
        headline: { ...headline, startsAt: meeting?.start ?? null, timeZone: 'Europe/Paris' },
      };
      return meetingLine(view as unknown as MeetingView)
        .map((x) => (typeof x === 'string' ? x : 'time' in x ? `<${x.style}>` : ''))
        .join('');
    };
    expect(line('4 and 6 May 2027')).toBe(': 4 and 6 May 2027');
    expect(line('4-6 May 2027')).toBe(': <date>');
  });

  it('names the days apart in a conflict over the dates', () => {
    const apart = read(notice('4 and 6 May 2027'));
    const one = readAnnouncement(
      textDoc(notice('4 May 2027'), 'text', { name: 'other.txt' }),
      source('other.txt', { seenAt: '2014-06-21T08:00:00Z' }),
    ).claims;
    const conflict = reconcile([...apart, ...one]).meetings[0]?.conflicts.find((c) => c.field === 'dates');
    expect(conflict?.values.map((v) => v.value).sort()).toEqual(['4 May 2027', '4 and 6 May 2027']);
  });

  it('reports no change between two readings of the same days apart', () => {
    const once = reconcile(read(notice('4 and 6 May 2027')));
    const again = reconcile(read(notice('4 and 6 May 2027')));
    expect(diffSchedules(once, again)).toEqual([]);
  });
});

describe('a weekly rule is never cut at the full stop of an abbreviation', () => {
  const rule = (said: string) =>
    read(lines('Subject: Youth caucus call', '', `From 6 January 2027, ${said}`))[0]?.recurrence?.value;

  it.each([
    [
      'the call is every Wednesday in Conf. Room B at 15:00 UTC until 24 March 2027.',
      'WE',
      '15:00',
      '2027-03-24',
    ],
    ['the group meets every Tuesday at approx. 10:00 UTC until 23 March 2027.', 'TU', '10:00', '2027-03-23'],
    [
      'the call is every Thursday in Room No. 4 at 16:00 UTC until 25 March 2027.',
      'TH',
      '16:00',
      '2027-03-25',
    ],
    ['the caucus meets every Monday in Rm. B at 14:00 UTC until 22 March 2027.', 'MO', '14:00', '2027-03-22'],
    [
      'the call is every Friday with Prof. Okafor at 9:00 UTC until 26 March 2027.',
      'FR',
      '09:00',
      '2027-03-26',
    ],
  ])('"%s"', (said, day, start, until) => {
    const r = rule(said);
    expect(r?.rrule).toBe(`FREQ=WEEKLY;BYDAY=${day}`);
    expect(r?.start).toBe(start);
    expect(r?.until).toBe(until);
  });

  it('still ends the rule at a real full stop', () => {
    const r = rule('the call is every Wednesday at 15:00 UTC. Minutes are sent by 24 March 2027.');
    expect(r?.start).toBe('15:00');
    expect(r?.until).toBeUndefined();
  });

  it('keeps a sentence whole at "Conf. Room", so its place stays the meeting\'s', () => {
    const claims = read(
      lines(
        'Subject: Briefing on ocean finance',
        '',
        'The briefing will be held on 4 May 2027 at 10:00 in Conf. Room B of the Maritim Hotel, Bonn. Coffee will be served from 9:30.',
      ),
    );
    expect(sessions(claims[0])).toEqual(['2027-05-04 10:00']);
    expect(claims[0]?.venue?.value.city).toBe('Bonn');
    expect(claims[0]?.venue?.value.text).toContain('Conf. Room B');
  });
});
