import { monitorEventLoopDelay } from 'node:perf_hooks';
import { answerDraftQuery } from '../src/core/app/drafts/queries-parsed.js';
import { type Engines, inlineEngines } from '../src/core/app/engines.js';
import { parsedText } from '../src/core/app/parsed-input.js';
import { extractDocument } from '../src/core/documents/index.js';
import { DEFAULT_EXTRACT_LIMITS } from '../src/core/documents/options.js';
import { draftStatus, type ParsedDraft } from '../src/core/drafts/index.js';
import { RapporteurError } from '../src/core/errors.js';
import type * as PoolEngines from '../src/work/engines.js';
import type * as Pool from '../src/work/pool.js';
import { fuzzInput, type HostileFile, largestDraft, namedCases } from '../tests/hostile/generators.js';

/**
 * One measured run of `npm run bench -- hostile`, in its own process so that its peak
 * resident memory (`maxRSS`, worker threads included) is its own. Prints one JSON line.
 *   hostile-run.ts case inline|pool-objects|pool NAME
 *                                           one of the named cases, on the main thread (how the bot
 *                                           ran it before the work pool), in the pool with the parse
 *                                           copied back as objects (before `draft.read`), or as now
 *   hostile-run.ts query inline|pool         questions about the largest allowed draft (holders, clean
 *                                           text, a section, status), on the main thread or in the pool
 *   hostile-run.ts fuzz COUNT SEED          COUNT random and mutated files through extract + draft status
 */
const limits = { ...DEFAULT_EXTRACT_LIMITS, extractMemoryMb: 512 };
// The pool from a build (HOSTILE_BUILD=dir, as `npm run build` writes it) runs compiled
// workers, as a deployment does; from sources, each worker compiles TypeScript first.
const base = process.env.HOSTILE_BUILD ? `${process.env.HOSTILE_BUILD}/work` : '../src/work';
const { createWorkPool } = (await import(`${base}/pool.js`)) as typeof Pool;
const { poolEngines, poolExtractor } = (await import(`${base}/engines.js`)) as typeof PoolEngines;
const [what, a, b] = process.argv.slice(2);
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

function pool() {
  return createWorkPool({
    size: 2,
    memoryMb: 512,
    externalMb: 256,
    timeoutMs: 30_000,
    extractTimeoutMs: 60_000,
  });
}

/** `doc extract` then `draft status`: the file read, then parsed and reported. */
async function statusOf(
  file: HostileFile,
  tenant: string,
  extract: (f: HostileFile) => Promise<import('../src/core/documents/types.js').Document>,
  engines: Engines,
  objects = false,
): Promise<string> {
  const doc = await extract(file);
  if (objects) {
    // How a post read a draft before `draft.read`: the parse copied back as objects and sent
    // again for the status (kept to measure what that cost the main thread).
    const parsed = await engines.parseDraft(tenant, doc, {});
    return `ok (${(await engines.draftStatus(tenant, parsed)).brackets.total} brackets)`;
  }
  // As a post reads a draft: parse and status in one job, the parse back as JSON text.
  const { status } = await engines.readDraft(tenant, doc, {});
  return `ok (${status.brackets.total} brackets)`;
}

/** The error's code: a RapporteurError from this module or from the build's copy of it. */
function codeOf(err: unknown): string | undefined {
  if (err instanceof RapporteurError) return err.code;
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && err.name === 'RapporteurError' && typeof code === 'string'
    ? code
    : undefined;
}

const out: Record<string, unknown> = {};
if (what === 'case') {
  const file = namedCases().find((f) => f.name === b);
  if (!file) throw new Error(`no case ${b}`);
  const p = a === 'pool' || a === 'pool-objects' ? pool() : undefined;
  const engines = p ? poolEngines(p) : inlineEngines;
  const extract = p
    ? (f: HostileFile) => poolExtractor(p, limits).extract(f.bytes, { name: f.name, tenantId: 't' })
    : (f: HostileFile) => extractDocument(f.bytes, { name: f.name, limits });
  if (p)
    await statusOf(
      namedCases()[2] as HostileFile,
      'warm',
      async () => extractDocument(new Uint8Array([0x61]), { name: 'a.txt', limits }),
      engines,
    ).catch(() => {});
  loop.reset();
  const t0 = performance.now();
  try {
    out.result = await statusOf(file, 't', extract, engines, a === 'pool-objects');
  } catch (err) {
    const code = codeOf(err);
    out.result = code ? `${code}: ${(err as Error).message.slice(0, 120)}` : `crash: ${String(err)}`;
  }
  out.wallMs = Math.round(performance.now() - t0);
  // On the main thread the engines run synchronously: the event loop is blocked throughout
  // (the delay monitor cannot even record it before it is read).
  if (!p) out.mainThreadBusy = true;
  await p?.close();
} else if (what === 'query') {
  // Questions about the largest allowed draft (holders, clean text, a section, the status),
  // from its parse cache's JSON text: on the main thread as the chat queries and web views
  // computed them before (the parse read and walked here), or as pool jobs (`draft.query`).
  const file = largestDraft();
  const p = pool();
  const engines = poolEngines(p);
  const doc = await poolExtractor(p, limits).extract(file.bytes, { name: file.name, tenantId: 't' });
  const json = parsedText((await engines.readDraft('t', doc, {})).parsed) as string;
  await engines.queryDraft('t', { json: '{"text":""}' }, { kind: 'qualifiers' }).catch(() => {});
  loop.reset();
  const t0 = performance.now();
  if (a === 'inline') {
    const parsed = JSON.parse(json) as ParsedDraft;
    const holders = answerDraftQuery(parsed, { kind: 'holders' });
    answerDraftQuery(parsed, { kind: 'clean', mode: 'delete' });
    answerDraftQuery(parsed, { kind: 'section', section: 'Article 19000' });
    const status = draftStatus(parsed);
    out.result = `ok (${holders.length} holders, ${status.sections.length} sections)`;
    out.mainThreadBusy = true;
  } else {
    const holders = await engines.queryDraft('t', { json }, { kind: 'holders' });
    await engines.queryDraft('t', { json }, { kind: 'clean', mode: 'delete' });
    await engines.queryDraft('t', { json }, { kind: 'section', section: 'Article 19000' });
    const status = await engines.draftStatus('t', { json });
    out.result = `ok (${holders.length} holders, ${status.sections.length} sections)`;
  }
  out.wallMs = Math.round(performance.now() - t0);
  out.parseMb = Math.round(json.length / 1e5) / 10;
  await p.close();
} else if (what === 'fuzz') {
  const count = Number(a ?? 2000);
  const seed = Number(b ?? 1);
  const p = pool();
  const engines = poolEngines(p);
  // Both workers loaded with every reader first: the figures are per file, not start-up.
  const warmup = [0, 1, 2, 3, 4, 5, 6].map((i) => fuzzInput(seed + 1, i));
  await Promise.all(
    ['fuzz-a', 'fuzz-b'].map(async (t) => {
      for (const f of warmup)
        await poolExtractor(p, limits)
          .extract(f.bytes, { name: f.name, tenantId: t })
          .catch(() => {});
    }),
  );
  const refused: Record<string, number> = {};
  const internal: string[] = [];
  let ok = 0;
  let maxWall = 0;
  let slowest = '';
  let next = 0;
  const lane = async (tenant: string) => {
    while (next < count) {
      const file = fuzzInput(seed, next++);
      const t0 = performance.now();
      try {
        await statusOf(
          file,
          tenant,
          (f) => poolExtractor(p, limits).extract(f.bytes, { name: f.name, tenantId: tenant }),
          engines,
        );
        ok++;
      } catch (err) {
        const code = codeOf(err) ?? 'UNCAUGHT';
        if (code === 'INTERNAL' || code === 'UNCAUGHT')
          internal.push(`${file.name} (${file.kind}): ${String((err as Error).message).slice(0, 160)}`);
        else refused[code] = (refused[code] ?? 0) + 1;
      }
      const wall = performance.now() - t0;
      if (wall > maxWall) {
        maxWall = wall;
        slowest = `${file.name} (${file.kind}, ${file.bytes.length} bytes)`;
      }
    }
  };
  await Promise.all([lane('fuzz-a'), lane('fuzz-b')]);
  await p.close();
  Object.assign(out, {
    tries: count,
    seed,
    ok,
    refused,
    internalErrors: internal.length,
    internal: internal.slice(0, 5),
    maxWallMs: Math.round(maxWall),
    slowest,
  });
}
loop.disable();
out.maxEventLoopDelayMs = out.mainThreadBusy ? out.wallMs : Math.round(loop.max / 1e6);
out.maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify(out));
