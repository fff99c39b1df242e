import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebWorld, local, type WebWorld } from './world.js';

/**
 * The live calendar feed: served with validators so calendar clients poll cheaply, read by an
 * independent parser (Python's icalendar, from Debian), and a moved meeting keeps its UID
 * with a higher SEQUENCE so subscribed calendars move it instead of adding a copy.
 */

const PYTHON = '/usr/bin/python3';
const hasIcalendar = (() => {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', 'import icalendar'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasIcalendar) {
  console.warn(
    '[web] Python icalendar is missing (apt-get install python3-icalendar, or scripts/ensure-chromium.sh): skipping the independent feed check',
  );
}

const READ = `
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(sys.stdin.read())
out = []
for ev in cal.walk('VEVENT'):
    start = ev.decoded('DTSTART')
    out.append({
        'uid': str(ev.get('UID')),
        'sequence': int(ev.get('SEQUENCE', 0)),
        'start': start.isoformat(),
        'status': str(ev.get('STATUS', '')),
        'summary': str(ev.get('SUMMARY', '')),
    })
print(json.dumps({'version': str(cal.get('VERSION')), 'events': out}))
`;

interface ParsedFeed {
  version: string;
  events: { uid: string; sequence: number; start: string; status: string; summary: string }[];
}

function parseWithPython(ics: string): ParsedFeed {
  return JSON.parse(execFileSync(PYTHON, ['-c', READ], { input: ics, encoding: 'utf8' })) as ParsedFeed;
}

describe('the calendar feed', () => {
  let w: WebWorld;
  let url: string;
  beforeAll(async () => {
    w = await createWebWorld();
    url = local(w.server, w.links().calendar);
  });
  afterAll(() => w?.close());

  it('answers with a calendar, an ETag and Last-Modified, and 304 when nothing changed', async () => {
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/calendar/);
    const etag = first.headers.get('etag');
    const modified = first.headers.get('last-modified');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(Date.parse(modified ?? '')).not.toBeNaN();
    const body = await first.text();
    expect(body).toContain('BEGIN:VCALENDAR');
    const again = await fetch(url, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const since = await fetch(url, { headers: { 'if-modified-since': modified ?? '' } });
    expect(since.status).toBe(304);
    const stale = await fetch(url, { headers: { 'if-none-match': '"something-else"' } });
    expect(stale.status).toBe(200);
  });

  it.skipIf(!hasIcalendar)(
    'is read by Python icalendar; a moved meeting keeps its UID with a higher SEQUENCE',
    async () => {
      const before = await fetch(url);
      const etagBefore = before.headers.get('etag');
      const feedBefore = parseWithPython(await before.text());
      expect(feedBefore.version).toBe('2.0');
      // The sixth meeting, on Monday 9 June 2014.
      const mpp = feedBefore.events.find((e) => e.start.startsWith('2014-06-09'));
      expect(mpp, JSON.stringify(feedBefore.events)).toBeDefined();
      // The PDF and the web page disagree on the times: the event is tentative until settled.
      expect(mpp?.status).toBe('TENTATIVE');

      await w.settle();
      const after = await fetch(url, { headers: { 'if-none-match': etagBefore ?? '' } });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(etagBefore);
      const feedAfter = parseWithPython(await after.text());
      const moved = feedAfter.events.find((e) => e.uid === mpp?.uid);
      expect(moved, 'the same UID after the move').toBeDefined();
      expect(moved?.sequence).toBeGreaterThan(mpp?.sequence ?? 0);
      expect(moved?.status).toBe('CONFIRMED');
      // Re-timed to 15:00 Geneva time on 9 June 2014 (13:00 UTC).
      expect(new Date(moved?.start ?? '').toISOString()).toBe('2014-06-09T13:00:00.000Z');
      expect(feedAfter.events.filter((e) => e.uid === mpp?.uid)).toHaveLength(1);
    },
  );
});
