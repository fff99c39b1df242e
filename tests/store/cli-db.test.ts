import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.js';
import { openPostgresStore, openSqliteStore, type SqlStore } from '../../src/store/index.js';
import { LANGUAGE_MIGRATION, LATEST_MIGRATION, SEGMENTS_MIGRATION } from '../../src/store/migrations.js';
import { POSTGRES_URL, serviceUp, uniquePrefix } from '../helpers/services.js';
import { adminQuery } from './postgres-databases.js';

const root = mkdtempSync(join(tmpdir(), 'rapporteur-cli-db-'));

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: { RAPPORTEUR_DATA_DIR: 'data', ...env },
    cwd: root,
  });
  return { code, stdout, stderr };
}

describe('rapporteur db', () => {
  it('migrates a new store, then has nothing to do', async () => {
    const first = await cli(['db', 'migrate']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain(
      `applied 0001_initial_schema, 0002_delivery_retry_schedule, 0003_channel_platform, 0004_version_lifecycle, 0005_store_identity, ${LANGUAGE_MIGRATION}, ${SEGMENTS_MIGRATION}, ${LATEST_MIGRATION}`,
    );
    expect(first.stdout).toContain(join(root, 'data', 'rapporteur.sqlite'));
    const again = await cli(['db', 'migrate']);
    expect(again.stdout).toContain('already at the latest schema');
  });

  it('shows the status, also as JSON', async () => {
    const text = await cli(['db', 'status']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Up to date\./);
    const json = await cli(['db', 'status', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      dialect: 'sqlite',
      pending: [],
      latest: LATEST_MIGRATION,
    });
  });

  it('reports the size of each tenant and process in the status, on SQLite and PostgreSQL', async () => {
    const postgres = await serviceUp('postgres');
    const database = postgres ? uniquePrefix('clidb').toLowerCase() : undefined;
    const url = new URL(POSTGRES_URL);
    if (database) {
      await adminQuery(`create database "${database}"`);
      url.pathname = `/${database}`;
    }
    try {
      const targets: Array<[string, () => Promise<SqlStore>, Record<string, string>]> = [
        [
          'sqlite',
          () => openSqliteStore({ file: join(root, 'sized', 'rapporteur.sqlite') }),
          { RAPPORTEUR_DATA_DIR: 'sized' },
        ],
      ];
      if (database) {
        targets.push([
          'postgres',
          () => openPostgresStore({ url: url.toString() }),
          { DATABASE_URL: url.toString() },
        ]);
      }
      for (const [dialect, open, env] of targets) {
        const store = await open();
        const tenant = await store.ensureTenant({
          platform: 'console',
          externalId: 'size',
          name: 'Size caucus',
        });
        const t = store.tenant(tenant.id);
        const process = await t.createProcess({ name: 'Outcome track' });
        await t.createProcess({ name: 'Quiet track' });
        const document = await t.createDocument({ processId: process.id, name: 'Outcome' });
        await t.postVersion({
          documentId: document.id,
          label: 'rev 1',
          postedBy: 'U1',
          bytes: new Uint8Array(randomBytes(300 * 1024)),
          fileName: 'outcome.pdf',
          contentType: 'application/pdf',
        });
        await store.close();
        const text = await cli(['db', 'status'], env);
        expect(text.code).toBe(0);
        expect(text.stdout).toMatch(/^Size: \d+(\.\d)? (KB|MB) in all/m);
        expect(text.stdout).toMatch(/^ {2}Size caucus \(console\): 30\d(\.\d)? KB$/m);
        expect(text.stdout).toMatch(
          /^ {4}Outcome track: 30\d(\.\d)? KB \(originals 30\d(\.\d)? KB, caches 0 bytes/m,
        );
        expect(text.stdout).toMatch(/^ {4}Quiet track: 0 bytes/m);
        const json = JSON.parse((await cli(['db', 'status', '--json'], env)).stdout);
        expect(json.dialect).toBe(dialect);
        const caucus = json.size.tenants.find((x: { name: string }) => x.name === 'Size caucus');
        expect(caucus.processes[0]).toMatchObject({ name: 'Outcome track', caches: 0, language: 0 });
        expect(caucus.processes[0].originals).toBeGreaterThanOrEqual(300 * 1024);
      }
    } finally {
      if (database) await adminQuery(`drop database if exists "${database}" with (force)`);
    }
  });

  it('backs up the store to a new file and never overwrites one', async () => {
    const store = await openSqliteStore({ file: join(root, 'data', 'rapporteur.sqlite') });
    const tenant = await store.ensureTenant({ platform: 'console', externalId: 'local', name: 'Console' });
    await store.tenant(tenant.id).createProcess({ name: 'WSIS+10 Vision' });
    await store.close();
    const ok = await cli(['db', 'backup', '2014-06-01.sqlite']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      new RegExp(
        `^Backed up SQLite at .* to .*2014-06-01\\.sqlite \\(\\d+(\\.\\d)? KB, schema ${LATEST_MIGRATION}`,
      ),
    );
    const copy = await openSqliteStore({ file: join(root, '2014-06-01.sqlite'), migrate: false });
    expect((await copy.listTenants()).map((t) => t.name)).toEqual(['Console']);
    await copy.close();
    const refused = await cli(['db', 'backup', '2014-06-01.sqlite']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /already exists; a backup never overwrites a file\. Choose a new file name/,
    );
  });

  it('points PostgreSQL deployments to pg_dump without connecting', async () => {
    const r = await cli(['db', 'backup', 'out.dump'], {
      DATABASE_URL: 'postgres://someone:secret@db.invalid:5432/r',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pg_dump --format=custom --file=out.dump "$DATABASE_URL"');
    expect(r.stderr).not.toContain('secret');
  });

  it('refuses to invent a store for status or backup, and explains usage errors', async () => {
    const missing = await cli(['db', 'status'], { RAPPORTEUR_DATA_DIR: 'nowhere' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/There is no store at .*nowhere/);
    expect(existsSync(join(root, 'nowhere'))).toBe(false);
    expect((await cli(['db'])).code).toBe(2);
    expect((await cli(['db', 'backup'])).stderr).toMatch(/Name one file/);
    expect((await cli(['db', 'migrate', '--force'])).stderr).toMatch(/unknown option "--force"/i);
    expect((await cli(['db', 'drop'])).stderr).toMatch(/unknown command "db drop"/i);
    expect((await cli(['db', '--help'])).stdout).toContain('rapporteur db backup FILE');
  });
});
