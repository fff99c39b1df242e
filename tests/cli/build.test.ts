import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
// Inside the checkout so that the built modules resolve their packages from node_modules.
const OUT = join(ROOT, 'node_modules/.cache/rapporteur-build-test');
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('the build (npm run build, npm install)', () => {
  it('prepare transpiles quickly and leaves type checking to npm run typecheck and npm run check', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.prepare).not.toMatch(/\btsc\b/);
    expect(pkg.scripts.build).not.toMatch(/\btsc\b/);
    expect(pkg.scripts.typecheck).toMatch(/tsc .*--noEmit/);
    expect(pkg.scripts.check).toContain('npm run typecheck');
  });

  it('gives the layout tsc gave, and the built CLI runs, the extraction sandbox included', async () => {
    const { stdout } = await run(process.execPath, ['scripts/build.mjs', OUT], { cwd: ROOT });
    expect(stdout).toMatch(/built \d+ modules/);
    for (const file of [
      'cli.js',
      'main.js',
      'runtime.js',
      'extract/worker.js',
      'extract/sandbox.js',
      'cli/worker.js',
    ]) {
      expect(existsSync(join(OUT, file)), file).toBe(true);
      expect(existsSync(join(OUT, `${file}.map`)), `${file}.map`).toBe(true);
    }
    expect(readFileSync(join(OUT, 'cli.js'), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    // draft status reads the file in the sandbox's worker thread, loaded by path from the build.
    const status = await run(
      process.execPath,
      [join(OUT, 'cli.js'), 'draft', 'status', 'examples/vision-2014-06-01.md'],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '' },
      },
    );
    expect(status.stdout).toContain('partly bracketed');
  }, 60_000);
});
