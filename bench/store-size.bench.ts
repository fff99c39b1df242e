import { performance } from 'node:perf_hooks';
import { diffDrafts, draftStatus, parseDraftText } from '../src/core/drafts/index.js';
import type { TenantStore } from '../src/core/ports/index.js';
import type { SqlStore } from '../src/store/index.js';
import { generateDraft } from '../tests/drafts/generate.js';
import { fmt } from './harness.js';
import { postgresTarget, sqliteTarget, type Target } from './store.bench.js';

/**
 * How large the store grows per version of a large draft: N versions of a generated 1.3 MB
 * Markdown draft, each posted as the draft use case posts it (the original, the parse, the
 * status and the diff against the version before, computed by the real engine), then the
 * store's size as `rapporteur db status` reports it. BENCH_STORE_VERSIONS sets N (default 8).
 */

const VERSIONS = Number(process.env.BENCH_STORE_VERSIONS ?? 8);

export const bench = {
  name: 'store-size',
  async run(ctx: { log(line: string): void }) {
    const base = generateDraft({ size: 1_300_000, brackets: 6_000, seed: 7 }).text;
    const texts = Array.from({ length: VERSIONS }, (_, i) =>
      // Each version edits a few paragraphs, as a negotiated revision does.
      base.replaceAll(`${i + 1}. `, `${i + 1}. [revised ${i}] `),
    );
    const parsed = texts.map((t) => parseDraftText(t, 'markdown'));
    ctx.log(`${VERSIONS} versions of a ${fmt(base.length / 1e6, 2, 'MB')} draft`);
    const sqlite = await sqliteTarget();
    const pgTarget = await postgresTarget();
    for (const target of [sqlite, pgTarget]) {
      if (typeof target === 'string') {
        ctx.log(`  ${target}`);
        continue;
      }
      await measure(target, texts, parsed, ctx.log);
    }
  },
};

async function measure(
  target: Target,
  texts: string[],
  parsed: ReturnType<typeof parseDraftText>[],
  log: (line: string) => void,
): Promise<void> {
  const store: SqlStore = await target.open();
  try {
    const tenant = await store.ensureTenant({ platform: 'console', externalId: 'size', name: 'Size' });
    const t: TenantStore = store.tenant(tenant.id);
    const process = await t.createProcess({ name: 'Size check' });
    const document = await t.createDocument({ processId: process.id, name: 'Outcome' });
    const t0 = performance.now();
    let before: string | undefined;
    for (const [i, text] of texts.entries()) {
      const draft = parsed[i] as ReturnType<typeof parseDraftText>;
      const { version } = await t.postVersion({
        documentId: document.id,
        label: `rev ${i + 1}`,
        postedBy: 'U1',
        bytes: new TextEncoder().encode(text),
        fileName: 'outcome.md',
        contentType: 'text/markdown',
        parsed: { schemaVersion: 1, data: draft },
        caches: { status: { schemaVersion: 1, data: draftStatus(draft) } },
      });
      if (before !== undefined) {
        const diff = diffDrafts(parsed[i - 1] as ReturnType<typeof parseDraftText>, draft);
        await t.setParsed(version.id, { schemaVersion: 2, data: { from: before, diff } }, 'diff');
      }
      before = version.id;
    }
    const ms = performance.now() - t0;
    const size = await store.sizeReport();
    log(`  ${target.label}`);
    log(
      `    store ${fmt(size.totalBytes / 1048576, 1, 'MB')}, this process ${fmt((size.tenants[0]?.processes[0]?.bytes ?? 0) / 1048576, 1, 'MB')} (${fmt(ms, 0, 'ms')} to post, diffs included)`,
    );
  } finally {
    await store.close();
    await target.cleanup();
  }
}
