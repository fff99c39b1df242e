import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { backupSqlite } from '../../src/store/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'rapporteur-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A separate process that writes to `file` every few milliseconds until killed, as the bot would. */
function startWriter(file: string) {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(file)});
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare('insert into notes (body) values (?)');
    process.stdout.write('ready\\n');
    setInterval(() => insert.run('written while the backup runs'), 2);
  `;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
  return { child, ready };
}

describe('db backup while the bot writes', () => {
  it('finishes in bounded time with a consistent copy, though another process writes every 2 ms', async () => {
    const file = join(dir, 'store.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('create table notes (id integer primary key, body text)');
    const fill = db.prepare('insert into notes (body) values (?)');
    const page = 'x'.repeat(8_000);
    db.transaction(() => {
      for (let i = 0; i < 4_000; i++) fill.run(page); // ~32 MB
    })();
    const before = db.prepare('select count(*) from notes').pluck().get() as number;
    const { child, ready } = startWriter(file);
    try {
      await ready;
      await new Promise((r) => setTimeout(r, 100));
      const started = performance.now();
      const report = await Promise.race([
        backupSqlite(db, join(dir, 'copy.db'), file, 'kysely_migration'),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('backup did not finish in 30 s')), 30_000),
        ),
      ]);
      const elapsed = performance.now() - started;
      expect(elapsed).toBeLessThan(30_000);
      expect(report.bytes).toBeGreaterThan(30 * 1024 * 1024);
      const copy = new Database(join(dir, 'copy.db'), { readonly: true });
      expect(copy.prepare('select count(*) from notes').pluck().get() as number).toBeGreaterThanOrEqual(
        before,
      );
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      copy.close();
      expect(existsSync(join(dir, 'copy.db-wal'))).toBe(false);
    } finally {
      child.kill();
      db.close();
    }
  }, 60_000);
});
