import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TenantStore } from '../src/core/ports/index.js';
import { openPostgresStore, openSqliteStore, type SqlStore } from '../src/store/index.js';
import { type Bench, fmt, median, quantile, timeRuns } from './harness.js';

/**
 * Raw store operations on SQLite (a file) and PostgreSQL (a database created for the run):
 * posting a 1 MB version with a parse cache of the size the bracket engine produces for it,
 * reading the latest version with its cache (what a status command does), reading the
 * original, and claiming deliveries. Extraction, parsing and diffing are not included.
 */

const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A 1 MB draft in the style of the WSIS+10 Vision text, dense with brackets as late drafts are. */
export function syntheticDraft(targetBytes: number): string {
  const paragraph = (i: number) =>
    `${i}. [Strengthening the trust framework, [as appropriate,] including information security and network ` +
    'security, is essential for the information society.] [US: delete] Recognise the role of media ' +
    '[in their respective roles and responsibilities] [Alt 1: to encourage] [Alt 2: to promote] access to ' +
    'information, inter alia through [multistakeholder] cooperation.\n\n';
  const parts = ['# WSIS+10 Vision for WSIS Beyond 2015\n\n'];
  let size = parts[0]?.length ?? 0;
  for (let i = 1; size < targetBytes; i++) {
    const part = (i % 40 === 0 ? `## C${i % 11}. Action line\n\n` : '') + paragraph(i);
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

/**
 * A stand-in for the bracket engine's parse result with its shape and size: the text, one
 * record per paragraph and per bracket (about 17 000 for this draft) with positions, depth,
 * holders and notes, and the qualifiers found.
 */
export function syntheticParse(text: string): unknown {
  const paragraphs: unknown[] = [];
  const brackets: unknown[] = [];
  const qualifiers: unknown[] = [];
  const stack: number[] = [];
  let line = 1;
  let lineStart = 0;
  let paragraph = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      line++;
      lineStart = i + 1;
      if (text[i + 1] === '\n') {
        paragraph++;
        paragraphs.push({ id: paragraph, start: i + 2, line: line + 1, section: Math.floor(paragraph / 40) });
      }
    } else if (ch === '[') stack.push(i);
    else if (ch === ']' && stack.length > 0) {
      const start = stack.pop() as number;
      const inner = text.slice(start + 1, i);
      brackets.push({
        id: brackets.length,
        kind: /^(US|EU|G77):/.test(inner) ? 'annotation' : /^Alt \d/.test(inner) ? 'alternative' : 'text',
        start,
        end: i + 1,
        openLength: 1,
        closeLength: 1,
        closed: true,
        line,
        column: start - lineStart + 1,
        endLine: line,
        endColumn: i - lineStart + 2,
        depth: stack.length + 1,
        parent: -1,
        section: Math.floor(paragraph / 40),
        paragraph,
        words: inner.split(/\s+/).length,
        holders: inner.startsWith('US:') ? ['US'] : [],
        notes: inner.startsWith('US:') ? ['delete'] : [],
      });
      if (inner.includes('as appropriate'))
        qualifiers.push({ phrase: 'as appropriate', start: start + 1, paragraph });
    }
  }
  return {
    version: 1,
    format: 'markdown',
    text,
    sections: Array.from({ length: Math.ceil(paragraph / 40) }, (_, i) => ({
      id: i,
      title: `C${i % 11}. Action line`,
    })),
    paragraphs,
    brackets,
    annotations: [],
    alternatives: [],
    qualifiers,
    diagnostics: [],
  };
}

/** What a status answer needs: counts and the first open brackets of each section, not the whole parse. */
function syntheticSummary(parsed: unknown): unknown {
  const brackets = (
    parsed as { brackets: Array<{ section: number; kind: string; start: number; end: number }> }
  ).brackets;
  const bySection = new Map<number, typeof brackets>();
  for (const b of brackets) bySection.set(b.section, [...(bySection.get(b.section) ?? []).slice(0, 4), b]);
  return {
    open: brackets.length,
    sections: [...bySection.entries()].map(([section, list]) => ({ section, first: list })),
  };
}

export interface Target {
  label: string;
  open(): Promise<SqlStore>;
  cleanup(): Promise<void>;
}

export async function sqliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'rapporteur-bench-store-'));
  return {
    label: 'SQLite (file, WAL, synchronous=NORMAL)',
    open: () => openSqliteStore({ file: join(dir, 'rapporteur.sqlite') }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function postgresTarget(): Promise<Target | string> {
  const name = `bench_store_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
    await admin.query(`create database "${name}"`);
  } catch (err) {
    await admin.end().catch(() => undefined);
    return `PostgreSQL not reachable at ${new URL(POSTGRES_URL).host} (${err instanceof Error ? err.message : String(err)}); skipped`;
  }
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    label: `PostgreSQL (${url.host}, database created for this run)`,
    open: () => openPostgresStore({ url: url.toString() }),
    async cleanup() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    },
  };
}

function line(label: string, times: number[]): string {
  return `  ${label.padEnd(52)} median ${fmt(median(times), 2, 'ms').padStart(10)}  p95 ${fmt(quantile(times, 0.95), 2, 'ms').padStart(10)}  (n=${times.length})`;
}

async function measure(target: Target, log: (line: string) => void): Promise<void> {
  const store = await target.open();
  try {
    const tenant = await store.ensureTenant({
      platform: 'discord',
      externalId: 'bench-guild',
      name: 'Bench caucus',
    });
    const t: TenantStore = store.tenant(tenant.id);
    const process = await t.createProcess({ name: 'WSIS+10 Vision' });
    const document = await t.createDocument({ processId: process.id, name: 'Vision' });
    const draft = new TextEncoder().encode(syntheticDraft(1024 * 1024));
    const parsed = syntheticParse(new TextDecoder().decode(draft));
    const cacheBytes = JSON.stringify(parsed).length;
    log(`${target.label}`);
    log(
      `  draft ${fmt(draft.byteLength / 1048576, 2, 'MB')}, parse cache ${fmt(cacheBytes / 1048576, 2, 'MB')} of JSON`,
    );

    let n = 0;
    const post = () => {
      n++;
      // A different first byte per run: every post is a new version (no de-duplication shortcut).
      const bytes = draft.slice();
      bytes[0] = 48 + (n % 10);
      bytes[1] = 48 + Math.floor(n / 10);
      return t.postVersion({
        documentId: document.id,
        label: `version ${n}`,
        postedBy: 'U-secretariat',
        bytes,
        fileName: 'vision.md',
        contentType: 'text/markdown',
        parsed: { schemaVersion: 1, data: parsed },
      });
    };
    log(
      line(
        'post the same bytes again (recognised)',
        await timeRuns(() => postSame(t, document.id, draft), 20, 2),
      ),
    );
    log(line('post 1 MB version + parse cache', await timeRuns(post, 12, 2)));

    const latest = async () => {
      const v = await t.latestVersion(document.id);
      return v && t.getParsed(v.id);
    };
    log(line('latest version + full parse cache', await timeRuns(latest, 12, 2)));
    // What a status answer can read instead: a small summary cache kept beside the parse.
    const newest = await t.latestVersion(document.id);
    const summary = syntheticSummary(parsed);
    await t.setParsed(newest?.id ?? '', { schemaVersion: 1, data: summary }, 'status-summary');
    log(`  status summary cache ${fmt(JSON.stringify(summary).length / 1024, 1, 'KB')} of JSON`);
    const latestSummary = async () => {
      const v = await t.latestVersion(document.id);
      return v && t.getParsed(v.id, 'status-summary');
    };
    log(line('latest version + status summary cache', await timeRuns(latestSummary, 50, 5)));
    log(line('latest version metadata only', await timeRuns(() => t.latestVersion(document.id), 50, 5)));
    const any = await t.latestVersion(document.id);
    log(line('read the 1 MB original', await timeRuns(() => t.readOriginal(any?.id ?? ''), 20, 3)));

    let k = 0;
    const claimNew = () => {
      k++;
      return t.claimDelivery({
        key: `alert:${k}:C-vision`,
        target: { kind: 'channel', id: 'C-vision' },
        kind: 'draft-change',
      });
    };
    log(line('claimDelivery, new key (inserts)', await timeRuns(claimNew, 200, 10)));
    log(
      line(
        'claimDelivery, existing key (recognised)',
        await timeRuns(
          () =>
            t.claimDelivery({
              key: 'alert:1:C-vision',
              target: { kind: 'channel', id: 'C-vision' },
              kind: 'draft-change',
            }),
          200,
          10,
        ),
      ),
    );
  } finally {
    await store.close();
  }
}

async function postSame(t: TenantStore, documentId: string, draft: Uint8Array) {
  const bytes = draft.slice();
  bytes[0] = 48;
  bytes[1] = 48;
  return t.postVersion({
    documentId,
    label: 'again',
    postedBy: 'U-secretariat',
    bytes,
    fileName: 'vision.md',
    contentType: 'text/markdown',
  });
}

export const bench: Bench = {
  name: 'store',
  async run(ctx) {
    for (const make of [sqliteTarget, postgresTarget]) {
      const target = await make();
      if (typeof target === 'string') {
        ctx.log(`  ${target}`);
        continue;
      }
      try {
        await measure(target, ctx.log);
      } finally {
        await target.cleanup();
      }
    }
  },
};
