import type { Actor, AppDeps, Scope } from '../src/core/app/context.js';
import { getDraftStatus, postDraftVersion } from '../src/core/app/drafts.js';
import { followProcess } from '../src/core/app/setup.js';
import { DEFAULT_EXTRACT_LIMITS } from '../src/core/documents/index.js';
import { disabledQueue, silentLogger, systemClock } from '../src/core/ports/index.js';
import { createExtractor } from '../src/extract/sandbox.js';
import { generateDraft } from '../tests/drafts/generate.js';
import { type Bench, fmt, median, quantile, timeRuns } from './harness.js';
import { postgresTarget, sqliteTarget, type Target } from './store.bench.js';

/**
 * The use cases end to end (issue 5's targets): posting a 1 MB draft version (extract in
 * the sandbox, parse, diff against the previous version, store with its caches, claim the
 * alert) and answering status for it from the store, on SQLite and PostgreSQL.
 * Targets: post under 1 s, status under 20 ms.
 */
const scope: Scope = {
  platform: 'console',
  tenantExternalId: 'bench',
  tenantName: 'Bench',
  channelId: 'bench',
};
const admin: Actor = { userId: 'bench', platformRoleIds: [], isAdmin: true };

async function measure(target: Target, log: (line: string) => void): Promise<void> {
  const store = await target.open();
  const extractor = createExtractor({ ...DEFAULT_EXTRACT_LIMITS, extractMemoryMb: 1024 });
  try {
    const deps: AppDeps = {
      store,
      queue: disabledQueue('bench'),
      extractor,
      clock: systemClock,
      logger: silentLogger,
    };
    await followProcess(deps, scope, admin, { name: 'WSIS+10 Vision' });
    const base = generateDraft({ size: 1024 * 1024, brackets: 5000, seed: 2014 }).text;
    const revised = generateDraft({ size: 1024 * 1024, brackets: 5000, seed: 2014, revise: true }).text;
    const enc = new TextEncoder();
    let n = 0;
    const post = async (text: string) => {
      n += 1;
      // Each version differs from the one before (revisions alternate), as a new day's draft does.
      const bytes = enc.encode(`${text}\n\nEditorial note ${n}.\n`);
      return postDraftVersion(deps, scope, admin, {
        document: 'Vision',
        label: `v${n}`,
        file: { name: `v${n}.md`, bytes },
      });
    };
    const first = await timeRuns(() => post(base), 1, 0);
    const posts = await timeRuns(() => post(n % 2 === 0 ? base : revised), 6, 0);
    const last = await post(revised);
    const status = await timeRuns(() => getDraftStatus(deps, scope, {}), 50, 3);
    const section = await timeRuns(
      () => getDraftStatus(deps, scope, { section: 'C5' }).catch(() => undefined),
      50,
      3,
    );
    log(`  ${target.label}`);
    log(
      `    draft: ${fmt(enc.encode(base).length / 1024 / 1024, 2, 'MB')}, ${last.status.brackets.total} brackets; diff vs previous: ${last.diff?.summary.resolvedKept ?? 0} agreed, ${last.diff?.summary.added ?? 0} added`,
    );
    log(`    first post (no diff)          ${fmt(median(first), 0, 'ms').padStart(8)}`);
    log(
      `    post with diff                median ${fmt(median(posts), 0, 'ms').padStart(8)}  max ${fmt(posts[posts.length - 1] ?? 0, 0, 'ms')}   (target < 1000 ms)`,
    );
    log(
      `    status from the store         median ${fmt(median(status), 2, 'ms').padStart(8)}  p95 ${fmt(quantile(status, 0.95), 2, 'ms')}   (target < 20 ms)`,
    );
    log(
      `    status of one section         median ${fmt(median(section), 2, 'ms').padStart(8)}  p95 ${fmt(quantile(section, 0.95), 2, 'ms')}`,
    );
  } finally {
    await extractor.close();
    await store.close();
    await target.cleanup();
  }
}

export const bench: Bench = {
  name: 'app: post a 1 MB version and answer status (SQLite, PostgreSQL)',
  async run({ log }) {
    await measure(await sqliteTarget(), log);
    const pg = await postgresTarget();
    if (typeof pg === 'string') log(`  ${pg}`);
    else await measure(pg, log);
  },
};
