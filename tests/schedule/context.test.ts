import { describe, expect, it } from 'vitest';
import { type Meeting, meetingContext, reconcile } from '../../src/core/schedule/index.js';
import { story } from './helpers.js';

const s = story();
const schedule = reconcile(Object.values(s).flat());
const get = (id: string) => schedule.meetings.find((m) => m.id === id) as Meeting;
const kinds = (m: Meeting, opts = {}) =>
  meetingContext(m, { otherMeetings: schedule.meetings, ...opts }).flags;

describe('the sixth meeting', () => {
  const flags = kinds(get('mpp#6'));
  it('falls on Whit Monday, a public holiday in Geneva', () => {
    expect(flags.find((f) => f.kind === 'holiday')).toMatchObject({
      date: '2014-06-09',
      name: 'Whit Monday',
      region: 'CH-GE',
    });
  });
  it('was announced six days ahead: short notice', () => {
    expect(flags.find((f) => f.kind === 'short-notice')).toMatchObject({ days: 6, threshold: 14 });
    expect(kinds(get('mpp#6'), { noticeThresholdDays: 5 }).some((f) => f.kind === 'short-notice')).toBe(
      false,
    );
  });
  it('overlaps the High-Level Event pre-events on 9 June', () => {
    expect(
      flags.filter((f) => f.kind === 'overlap').map((f) => (f.kind === 'overlap' ? f.meetingId : '')),
    ).toEqual(['wsis-10-high-level-event-pre-events@2014-06-09']);
  });
  it('is neither a weekend nor a late night', () => {
    expect(flags.some((f) => f.kind === 'weekend' || f.kind === 'late-night')).toBe(false);
  });
  it('gives each remote participant the local time, DST-correct', () => {
    const { localTimes } = meetingContext(get('mpp#6'), {
      participants: ['Suva', 'America/Lima', 'Australia/Sydney', 'Europe/London'],
    });
    expect(localTimes.map((t) => t.text)).toEqual([
      '00:00-04:00 in Suva (next day)',
      '07:00-11:00 in Lima',
      '22:00-02:00 in Sydney (ends next day)',
      '13:00-17:00 in London',
    ]);
    expect(localTimes.map((t) => t.night)).toEqual([true, false, true, false]);
  });
});

describe('the fifth meeting', () => {
  const flags = kinds(get('mpp#5'));
  it('works through Ascension Day and a Saturday, with a session past midnight', () => {
    expect(flags.map((f) => [f.kind, 'date' in f ? f.date : ''])).toEqual([
      ['holiday', '2014-05-29'],
      ['weekend', '2014-05-31'],
      ['late-night', '2014-05-31'],
    ]);
    expect(flags.find((f) => f.kind === 'late-night')).toMatchObject({
      until: '01:30',
      endDate: '2014-06-01',
    });
  });
});

describe('overlaps and places', () => {
  it('ICANN 50 overlaps ECOSOC', () => {
    expect(
      kinds(get('icann#50'))
        .filter((f) => f.kind === 'overlap')
        .map((f) => f.message),
    ).toEqual([expect.stringMatching(/ECOSOC substantive session \(23 June - 18 July 2014, New York\)/)]);
  });
  it('the High-Level Event overlapped the fourth MPP meeting while it was set for April; not after it moved', () => {
    const early = reconcile([...s.plan, ...s.update.filter((c) => c.ordinal?.value === 4)]);
    const hle = early.meetings.find((m) => m.title === 'WSIS+10 High-Level Event') as Meeting;
    expect(
      meetingContext(hle, { otherMeetings: early.meetings })
        .flags.filter((f) => f.kind === 'overlap')
        .map((f) => (f.kind === 'overlap' ? f.meetingId : '')),
    ).toEqual(['mpp#4']);
    expect(
      kinds(get('wsis-10-high-level-event@2014-04-13')).some(
        (f) => f.kind === 'overlap' && f.meetingId === 'mpp#4',
      ),
    ).toBe(false);
  });
  it('uses the weekend of the venue country: WTDC-14 in Dubai (2014) rested on Friday and Saturday', () => {
    expect(
      kinds(get('wtdc#14'))
        .filter((f) => f.kind === 'weekend')
        .map((f) => (f.kind === 'weekend' ? f.weekday : '')),
    ).toEqual(['Friday', 'Saturday']);
  });
  it('a holiday region can be given instead of the venue, e.g. for remote meetings', () => {
    const remote: Meeting = { ...get('mpp#6'), venue: { mode: 'remote', text: 'Remote' } };
    expect(kinds(remote).some((f) => f.kind === 'holiday')).toBe(false);
    expect(kinds(remote, { holidayRegion: 'CH-GE' }).find((f) => f.kind === 'holiday')).toMatchObject({
      name: 'Whit Monday',
    });
  });
  it('says which participant zones it does not know', () => {
    expect(meetingContext(get('mpp#6'), { participants: ['Atlantis', 'Lima'] }).unknownParticipants).toEqual([
      'Atlantis',
    ]);
  });
  it('a cancelled meeting overlaps nothing', () => {
    const c5 = schedule.meetings.find((m) => m.status === 'cancelled') as Meeting;
    expect(kinds(c5).some((f) => f.kind === 'overlap')).toBe(false);
  });
});

describe('local times written once, plainly', () => {
  it('a span that starts the day before and ends on the meeting day says so once', () => {
    const m = get('mpp#6');
    const first = m.sessions.find((x) => x.startAt);
    const shifted = {
      ...m,
      sessions: [{ ...first, startAt: '2014-06-09T10:00:00+09:00', endAt: '2014-06-09T17:00:00+09:00' }],
    } as Meeting;
    const { localTimes } = meetingContext(shifted, { participants: ['America/Lima', 'Australia/Sydney'] });
    expect(localTimes.map((t) => t.text)).toEqual([
      '20:00 (previous day) to 03:00 in Lima',
      '11:00-18:00 in Sydney',
    ]);
    expect(localTimes[0]?.dayShift).toBe(-1);
  });
});
