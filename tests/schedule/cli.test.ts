import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { loadSourceDocument } from '../../src/cli/meetings.js';
import { readInputFile } from '../../src/input-files.js';
import { FIXTURES } from './helpers.js';

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['meetings', ...args], {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: {},
    cwd: FIXTURES,
  });
  return { code, stdout, stderr };
}

const STORY = [
  '2013-09-20-mpp-schedule.md',
  '2014-02-25-mpp-schedule.md',
  '2014-05-16-mpp5-venue.md',
  '2014-06-03-mpp6-invitation.txt',
  '2014-06-03-mpp6-webpage.html',
  '2014-06-05-mpp6-corrected.eml',
  '2014-other-events.md',
];

describe('rapporteur meetings', () => {
  it('loadSourceDocument reads any supported file through the documents module', async () => {
    const file = await readInputFile('2014-06-05-mpp6-corrected.eml', FIXTURES, 1024 * 1024);
    const doc = await loadSourceDocument(file);
    expect(doc.type).toBe('eml');
    expect(doc.events[0]?.uid).toBe('mpp6-2014@wsis.example');
    const md = await loadSourceDocument(await readInputFile('2014-other-events.md', FIXTURES, 1024 * 1024));
    expect(md.type).toBe('markdown');
  });

  it('parse --json gives each file, its source and its claims with evidence', async () => {
    const r = await cli('parse', '2014-06-03-mpp6-invitation.txt', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.files[0]).toMatchObject({
      file: '2014-06-03-mpp6-invitation.txt',
      type: 'text',
      source: { kind: 'text', name: '2014-06-03-mpp6-invitation.txt', date: '2014-06-03' },
    });
    const sixth = out.files[0].claims.find((c: { ordinal?: { value: number } }) => c.ordinal?.value === 6);
    expect(sixth.sessions[0]).toMatchObject({
      start: '14:00',
      end: '16:00',
      evidence: expect.arrayContaining([
        expect.objectContaining({ text: '14:00 to 16:00', line: 15, column: 28 }),
      ]),
    });
  }, 30_000);

  it('parse prints claims and quotes', async () => {
    const r = await cli('parse', '2014-06-03-mpp6-webpage.md');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Sixth meeting of the MPP \[MPP#6\]/);
    expect(r.stdout).toMatch(/session\s+2014-06-09 14:00-18:00\s+= 2014-06-09T14:00:00\+02:00/);
  }, 30_000);

  it('reconcile --json has the documented shape, with conflicts settled and flags', async () => {
    const r = await cli('reconcile', ...STORY, '--participants', 'Pacific/Fiji,Lima', '--json');
    expect(r.code).toBe(0);
    const { meetings, diagnostics } = JSON.parse(r.stdout);
    expect(Array.isArray(diagnostics)).toBe(true);
    const six = meetings.find((m: { id: string }) => m.id === 'mpp#6');
    expect(six).toMatchObject({
      id: 'mpp#6',
      series: 'MPP',
      ordinal: 6,
      start: '2014-06-09T14:00:00+02:00',
      end: '2014-06-09T18:00:00+02:00',
      timeZone: 'Europe/Zurich',
      venue: expect.objectContaining({ city: 'Geneva' }),
      status: 'scheduled',
      conflicts: [],
    });
    expect(six.flags.map((f: { kind: string }) => f.kind)).toEqual(['holiday', 'short-notice', 'overlap']);
    expect(six.localTimes.map((t: { text: string }) => t.text)).toEqual([
      '00:00-04:00 in Suva (next day)',
      '07:00-11:00 in Lima',
    ]);
    const five = meetings.find((m: { id: string }) => m.id === 'mpp#5');
    expect(five.flags.map((f: { kind: string }) => f.kind)).toEqual(['holiday', 'weekend', 'late-night']);
  }, 30_000);

  it('reconcile shows an open conflict when only the PDF and the web page are known', async () => {
    const r = await cli('reconcile', '2014-06-03-mpp6-invitation.txt', '2014-06-03-mpp6-webpage.md');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /CONFLICT times: 14:00-16:00 \(2014-06-03-mpp6-invitation.txt\) vs 14:00-18:00 \(2014-06-03-mpp6-webpage.md\)/,
    );
    expect(r.stdout).toMatch(/disputed: times/);
  }, 30_000);

  it('changes --json lists each change with kind, meeting, field, before and after', async () => {
    const r = await cli(
      'changes',
      '--before',
      '2013-09-20-mpp-schedule.md',
      '--after',
      '2013-09-20-mpp-schedule.md',
      '2014-02-25-mpp-schedule.md',
      '--json',
    );
    expect(r.code).toBe(0);
    const { changes } = JSON.parse(r.stdout);
    expect(changes.map((c: { kind: string; meetingId: string }) => `${c.kind} ${c.meetingId}`)).toEqual([
      'added mpp#4',
      'added mpp#5',
      'added wsis-10-high-level-event-pre-events@2014-06-09',
      'moved wsis-10-high-level-event@2014-04-13',
      'venue-changed wsis-10-high-level-event@2014-04-13',
    ]);
    expect(changes[3]).toMatchObject({
      kind: 'moved',
      meeting: 'WSIS+10 High-Level Event',
      field: 'dates',
      before: '13-17 April 2014',
      after: '10-13 June 2014',
    });
  }, 30_000);

  it('ics prints a feed that calendar software reads', async () => {
    const r = await cli('ics', ...STORY, '--name', 'WSIS+10');
    expect(r.code).toBe(0);
    const cal = new ICAL.Component(ICAL.parse(r.stdout));
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('WSIS+10');
    const uids = cal.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid'));
    expect(uids).toContain('mpp#6@rapporteur');
  }, 30_000);

  it('refuses bad arguments with a usage error (exit 2)', async () => {
    expect((await cli('reconcile', 'x.md', '--tz', 'Mars/Olympus')).stderr).toMatch(
      /"Mars\/Olympus" is not a time zone/,
    );
    expect((await cli('reconcile', 'x.md', '--participants', 'Atlantis')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('changes', '--before', 'a.md')).stderr).toMatch(/after --after/);
    expect((await cli('parse')).code).toBe(2);
  });

  it('a missing or unreadable file is a clear error (exit 1)', async () => {
    const missing = await cli('parse', 'no-such-file.md');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/File not found: no-such-file.md/);
    const binary = await cli('parse', join(FIXTURES, '../../../package-lock.json'));
    expect(binary.code).toBeGreaterThanOrEqual(0);
  }, 30_000);
});
