#!/usr/bin/env node
// `npm run build` and `prepare`: transpiles src/**/*.ts to dist/ with esbuild, one output file
// per source file (the same layout tsc gives: dist/cli.js, dist/main.js, dist/extract/worker.js,
// dist/runtime.js, ...), with source maps. No bundling: files loaded by path at run time (the
// extraction sandbox's worker) stay where they were.
// Type checking is separate and slower: `npm run typecheck` (tsc --noEmit), part of `npm run check`.
import { readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const src = join(root, 'src');
// `node scripts/build.mjs [OUTDIR]`: dist/ by default; the tests build into a scratch directory.
const out = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist');

/** Every .ts file under src, declaration files excepted. */
function sources(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sources(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

const started = performance.now();
const entryPoints = sources(src);
// A clean output: a module deleted from src must not linger in dist and still be importable.
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints,
  outdir: out,
  outbase: src,
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: true,
  logLevel: 'warning',
});
const ms = Math.round(performance.now() - started);
console.log(`built ${entryPoints.length} modules into ${relative(process.cwd(), out) || out} in ${ms} ms`);
