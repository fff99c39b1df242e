import { postDraftVersion } from '../src/core/app/drafts.js';
import { followProcess } from '../src/core/app/setup.js';
import { webLinksFor } from '../src/core/app/web-access.js';
import { silentLogger } from '../src/core/ports/index.js';
import type { ProcessRecord, TenantRecord } from '../src/core/store.js';
import { createWebApp } from '../src/web/server.js';
import { generateDraft } from '../tests/drafts/generate.js';
import { admin, caucus, createTestApp } from '../tests/helpers/app.js';
import { webDeps } from '../tests/web/world.js';
import { type Bench, fmt, median, quantile, timeRuns } from './harness.js';

/**
 * `npm run bench -- web`: the web pages rendered server-side (Hono in-process, no socket):
 * a version page of a 1 MB draft (target p50 < 200 ms) and a process page whose bracket map
 * has 30 versions x 60 sections (target p50 < 100 ms). Parses are cached at post time, as
 * in production; the timings include the store reads.
 */

/** A draft of 60 articles; later versions settle brackets article by article. */
function sixtyArticles(version: number): string {
  const out = ['# Agreement on the bench', ''];
  for (let a = 1; a <= 60; a++) {
    out.push(`## Article ${a}. Matter ${a}`, '');
    const open = (a * 7 + version) % 30 > version ? 3 : a % 3;
    for (let p = 1; p <= 4; p++) {
      const bracketed = p <= open;
      out.push(
        `${p}. Parties shall cooperate on matter ${a}.${p}${bracketed ? ` [, including through [enhanced] support in version ${version}]` : ''}, as appropriate.`,
        '',
      );
    }
  }
  return out.join('\n');
}

async function pageTimes(app: ReturnType<typeof createWebApp>, path: string, iterations: number) {
  let bytes = 0;
  // The first request reads and decodes the cached parse from the store; later ones find it in memory.
  const t0 = performance.now();
  const first = await app.request(path);
  await first.text();
  const cold = performance.now() - t0;
  const times = await timeRuns(
    async () => {
      const res = await app.request(path);
      if (res.status !== 200) throw new Error(`status ${res.status} for the page`);
      bytes = (await res.text()).length;
    },
    iterations,
    0,
  );
  return { times, bytes, cold };
}

export const bench: Bench = {
  name: 'web pages',
  async run({ log }) {
    {
      const test = await createTestApp('2015-10-01T08:00:00Z');
      const deps = webDeps(test);
      await followProcess(deps, caucus, admin, { name: 'Bench process' });
      const generated = generateDraft({ size: 1_000_000, brackets: 5_000, seed: 7 });
      const bytes = new TextEncoder().encode(generated.text);
      await postDraftVersion(deps, caucus, admin, {
        document: 'Big draft',
        label: 'one megabyte',
        file: { name: 'big.md', bytes },
      });
      const tenant = (await test.store.findTenant(caucus.platform, caucus.tenantExternalId)) as TenantRecord;
      const process = (await test.store.tenant(tenant.id).findProcess('Bench process')) as ProcessRecord;
      const links = webLinksFor(deps, tenant, process);
      const app = createWebApp({ deps, logger: silentLogger, ratePerMinute: 1_000_000, trustProxy: false });
      const path = new URL(links?.version('big-draft', 1) ?? '').pathname;
      const { times, bytes: html, cold } = await pageTimes(app, path, 20);
      log(
        `version page, ${fmt(bytes.length / 1e6, 2)} MB draft with ${generated.brackets} brackets (first page, ${fmt(html / 1e3, 0)} kB of HTML): p50 ${fmt(median(times))} ms, p90 ${fmt(quantile(times, 0.9))} ms (target p50 < 200 ms); first request ${fmt(cold)} ms`,
      );
      const last = await pageTimes(app, `${path}?view=clean&page=3`, 10);
      log(`  clean view, page 3: p50 ${fmt(median(last.times))} ms`);
      await test.close();
    }
    {
      const test = await createTestApp('2015-01-01T08:00:00Z');
      const deps = webDeps(test);
      await followProcess(deps, caucus, admin, { name: 'Bench map' });
      const t0 = performance.now();
      for (let v = 1; v <= 30; v++) {
        test.clock.advance(86_400_000);
        await postDraftVersion(deps, caucus, admin, {
          document: 'Agreement',
          label: `version ${v}`,
          file: { name: `agreement-${v}.md`, bytes: new TextEncoder().encode(sixtyArticles(v)) },
        });
      }
      log(`  (30 versions posted in ${fmt((performance.now() - t0) / 1000)} s)`);
      const tenant = (await test.store.findTenant(caucus.platform, caucus.tenantExternalId)) as TenantRecord;
      const process = (await test.store.tenant(tenant.id).findProcess('Bench map')) as ProcessRecord;
      const links = webLinksFor(deps, tenant, process);
      const app = createWebApp({ deps, logger: silentLogger, ratePerMinute: 1_000_000, trustProxy: false });
      const { times, bytes, cold } = await pageTimes(app, new URL(links?.process ?? '').pathname, 30);
      const cells =
        (await (await app.request(new URL(links?.process ?? '').pathname)).text()).match(/class="cell /g)
          ?.length ?? 0;
      log(
        `process page, 30 versions x 60 sections (${cells} map cells, ${fmt(bytes / 1e3, 0)} kB): p50 ${fmt(median(times))} ms, p90 ${fmt(quantile(times, 0.9))} ms (target p50 < 100 ms); first request ${fmt(cold)} ms`,
      );
      await test.close();
    }
  },
};
