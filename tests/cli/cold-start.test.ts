import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');

/**
 * Reads a file through extractDocument in a fresh process and lists the packages it loaded,
 * seen by a module resolve hook: a cold start must not pay for readers of other formats.
 */
async function packagesLoadedFor(file: string): Promise<Set<string>> {
  const hooks = `
    let port;
    export function initialize(data) { port = data.port; }
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      port.postMessage(result.url);
      return result;
    }`;
  const script = `
    import { register } from 'node:module';
    import { MessageChannel } from 'node:worker_threads';
    import { readFileSync } from 'node:fs';
    const { port1, port2 } = new MessageChannel();
    const seen = new Set();
    port1.on('message', (url) => { const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(url); if (m) seen.add(m[1]); });
    port1.unref();
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}), { data: { port: port2 }, transferList: [port2] });
    const { extractDocument, DEFAULT_EXTRACT_LIMITS } = await import('./src/core/documents/index.ts');
    const doc = await extractDocument(readFileSync(${JSON.stringify(file)}), { name: ${JSON.stringify(file)}, limits: DEFAULT_EXTRACT_LIMITS });
    await new Promise((r) => setTimeout(r, 200));
    console.log(JSON.stringify({ blocks: doc.blocks.length, packages: [...seen].sort() }));`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
  });
  const out = JSON.parse(stdout.trim().split('\n').pop() as string) as { blocks: number; packages: string[] };
  expect(out.blocks).toBeGreaterThan(0);
  return new Set(out.packages);
}

describe('cold start', () => {
  it('reading a Markdown file loads no DOCX, PDF, HTML, e-mail or calendar reader', async () => {
    const loaded = await packagesLoadedFor('examples/vision-2014-06-01.md');
    for (const heavy of ['pdfjs-dist', 'mailparser', 'htmlparser2', 'fflate', 'saxes', 'ical.js']) {
      expect(loaded.has(heavy), heavy).toBe(false);
    }
  }, 60_000);
});
