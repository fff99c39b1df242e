import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * src/core is platform-free: it imports no chat SDK, queue, database driver or I/O
 * module and never reads the environment. Adapters and infrastructure implement its
 * ports instead. This test reads every core source file and fails on a violation.
 */
const root = join(import.meta.dirname, '../../src/core');

const FORBIDDEN_MODULES = [
  /^discord\.js$/,
  /^@discordjs\//,
  /^@slack\//,
  /^bullmq$/,
  /^ioredis$/,
  /^pg$/,
  /^better-sqlite3$/,
  /^kysely/,
  /^nodemailer$/,
  /^imapflow$/,
  /^pino/,
  /^(node:)?(fs|fs\/promises|net|http|https|http2|dgram|dns|child_process|worker_threads|cluster)$/,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
function importedModules(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[^'"]*?\s+from\s+['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1] as string);
  return found;
}

describe('the core stays platform-free', () => {
  const files = sourceFiles(root);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it('imports no platform SDK, queue, database driver or I/O module', () => {
    const violations = files.flatMap((file) =>
      importedModules(readFileSync(file, 'utf8'))
        .filter((spec) => FORBIDDEN_MODULES.some((re) => re.test(spec)))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(violations).toEqual([]);
  });

  it('never reads process.env', () => {
    const violations = files
      .filter((file) => /\bprocess\s*(\.\s*env|\[\s*['"]env['"]\s*\])/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(violations).toEqual([]);
  });

  it('catches a violation (the checker itself works)', () => {
    const sample =
      "import { Client } from 'discord.js';\nimport type { Queue } from 'bullmq';\nconst x = await import('ioredis');";
    expect(importedModules(sample)).toEqual(['discord.js', 'bullmq', 'ioredis']);
  });
});
