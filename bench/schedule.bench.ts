import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../src/core/documents/index.js';
import { documentFromText } from '../src/core/documents/text.js';
import type { Document } from '../src/core/documents/types.js';
import {
  diffSchedules,
  extractClaims,
  type MeetingClaim,
  reconcile,
  toICalendar,
} from '../src/core/schedule/index.js';
import { type Bench, fmt, median, timeRuns } from './harness.js';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function textDocument(path: string): Document {
  return documentFromText(readFileSync(path, 'utf8'), path.endsWith('.md') ? 'markdown' : 'text', path);
}

/**
 * Announcements parsed per second over the corpus (TC39 agendas and header revisions, IETF
 * agendas, iMIP e-mails), claims per second, and the cost of reconciling, diffing and
 * exporting everything found.
 */
export const bench: Bench = {
  name: 'schedule',
  async run({ corpusDir, log }) {
    if (!corpusDir) {
      log('  skipped: ../shared/corpus is absent');
      return;
    }
    const texts = [
      ...walk(join(corpusDir, 'announcements/tc39_agendas/current')),
      ...walk(join(corpusDir, 'announcements/tc39_agendas/header_history')),
      ...walk(join(corpusDir, 'announcements/ietf_httpwg_wg-materials')).filter((f) =>
        /agenda[^/]*\.(md|txt)$/.test(f),
      ),
    ].filter((f) => /\.(md|txt)$/.test(f));
    const docs = texts.map(textDocument);
    const bytes = docs.reduce((n, d) => n + d.text.length, 0);
    const emls = walk(join(corpusDir, 'mbox/bluemind_imip_eml')).filter((f) => f.endsWith('.eml'));
    const mailDocs: Document[] = [];
    for (const f of emls)
      mailDocs.push(await extractDocument(readFileSync(f), { name: f, limits: DEFAULT_EXTRACT_LIMITS }));
    const all = [...docs, ...mailDocs];

    let claims: MeetingClaim[] = [];
    const parse = () => {
      claims = [];
      for (const [i, d] of all.entries()) {
        claims.push(
          ...extractClaims(d, {
            kind: 'text',
            name: d.name ?? String(i),
            seenAt: '2026-08-15T00:00:00Z',
            revisionKey: `r${i}`,
          }).claims,
        );
      }
    };
    const parseTimes = await timeRuns(parse, 7, 2);
    const perRun = median(parseTimes);
    log(
      `  extractClaims: ${all.length} announcements (${docs.length} text, ${mailDocs.length} e-mails; ${fmt(bytes / 1024, 0)} KiB of text) -> ${claims.length} claims`,
    );
    log(
      `    median ${fmt(perRun, 1, 'ms')} per pass: ${fmt((all.length / perRun) * 1000, 0)} announcements/s, ${fmt((claims.length / perRun) * 1000, 0)} claims/s, ${fmt(bytes / 1024 / 1024 / (perRun / 1000), 2)} MiB/s`,
    );

    // The largest single announcement, to see the cost per file beyond the average.
    const biggest = [...docs].sort((a, b) => b.text.length - a.text.length)[0] as Document;
    const one = median(
      await timeRuns(
        () => extractClaims(biggest, { kind: 'text', name: 'big', seenAt: '2026-08-15T00:00:00Z' }),
        21,
        3,
      ),
    );
    log(`    largest announcement (${fmt(biggest.text.length / 1024, 0)} KiB): ${fmt(one, 2, 'ms')}`);

    // End to end from bytes, for the e-mails (MIME + iCalendar through the documents module).
    const mailBytes = emls.map((f) => readFileSync(f));
    const e2e = median(
      await timeRuns(
        async () => {
          for (const [i, b] of mailBytes.entries()) {
            const d = await extractDocument(b, { name: emls[i] as string, limits: DEFAULT_EXTRACT_LIMITS });
            extractClaims(d, { kind: 'email', name: String(i), seenAt: '2026-08-15T00:00:00Z' });
          }
        },
        5,
        1,
      ),
    );
    log(
      `  e-mails from bytes (documents + schedule): ${fmt((emls.length / e2e) * 1000, 0)} messages/s (${fmt(e2e, 1, 'ms')} for ${emls.length})`,
    );

    let schedule = reconcile(claims);
    const rec = median(await timeRuns(() => (schedule = reconcile(claims)), 5, 1));
    log(
      `  reconcile: ${claims.length} claims -> ${schedule.meetings.length} meetings in ${fmt(rec, 1, 'ms')}`,
    );
    const half = reconcile(claims.slice(0, Math.floor(claims.length / 2)));
    const diff = median(await timeRuns(() => diffSchedules(half, schedule), 9, 1));
    log(
      `  diffSchedules (${half.meetings.length} -> ${schedule.meetings.length} meetings): ${fmt(diff, 2, 'ms')}`,
    );
    const t0 = performance.now();
    const ics = toICalendar(schedule);
    log(
      `  toICalendar: ${schedule.meetings.length} meetings, ${fmt(ics.length / 1024, 0)} KiB in ${fmt(performance.now() - t0, 1, 'ms')}`,
    );
  },
};
