import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleBanner, createConsoleBot } from '../../src/bots/console/index.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';

const ROOT = join(import.meta.dirname, '../..');

describe('the terminal room', () => {
  let dir: string;
  let runtime: Runtime;
  let printed = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rapporteur-console-'));
    runtime = await createRuntime(loadConfig({ RAPPORTEUR_DATA_DIR: dir, RAPPORTEUR_MAX_FILE_MB: '1' }), {
      role: 'bot',
      queue: 'off',
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const room = () =>
    createConsoleBot({ runtime, write: (t) => (printed += t), cwd: ROOT, filesDir: join(dir, 'files') });

  it('says that reminders and alerts are off, why, and how to turn them on', () => {
    const banner = consoleBanner(runtime);
    expect(banner).toContain('Reminders and alerts: off.');
    expect(banner).toContain('/rapporteur follow');
  });

  it('runs the same commands as the chat platforms, reading typed file paths', async () => {
    const r = room();
    await r.run('/rapporteur follow WSIS+10 Vision');
    const posted = await r.run(
      '/draft post examples/vision-2014-06-01.md --document Vision --label "1 June version"',
    );
    expect(posted).toContain('Posted Vision #1 "1 June version"');
    expect(posted).toContain('Alerts are off');
    const status = await r.run('/brackets status C9');
    expect(status).toContain('Vision #1 "1 June version": Action Line C9. Media');
    expect(status).toMatch(/Bracketed paragraphs/);
  });

  it('saves attached files (the clean view) and prints where', async () => {
    const out = await room().run('/brackets clean');
    const saved = /Saved: (\S+\.md)/.exec(out)?.[1];
    expect(saved).toBeDefined();
    const text = readFileSync(saved as string, 'utf8');
    expect(text.length).toBeGreaterThan(100);
    expect(text).not.toMatch(/\[(?!\^)[^\]]*\bshall\b/);
  });

  it('refuses a file over the size limit before reading it, and a missing one, with a clear line', async () => {
    const missing = await room().run('/draft post nowhere/v7.docx --document Vision');
    expect(missing).toContain('File not found: nowhere/v7.docx');
    writeFileSync(join(dir, 'huge.txt'), Buffer.alloc(1_500_000, 'a'));
    const big = await room().run(`/draft post ${join(dir, 'huge.txt')} --document Vision`);
    expect(big).toContain('huge.txt is 1.4 MB, over the 1 MB limit');
    expect(big).toContain('RAPPORTEUR_MAX_FILE_MB');
  });

  it('reads lines from a stream until /quit', async () => {
    const input = new PassThrough();
    const r = createConsoleBot({ runtime, input, write: (t) => (printed += t), cwd: ROOT });
    const done = r.start();
    input.write('/draft versions\n');
    input.write('/quit\n');
    input.write('/draft versions\n');
    await done;
    expect(printed.match(/WSIS\+10 Vision: versions/g)?.length).toBe(1);
  });
});

describe('mentions in the terminal room', () => {
  let dir: string;
  let runtime: Runtime;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rapporteur-console-'));
    runtime = await createRuntime(loadConfig({ RAPPORTEUR_DATA_DIR: dir }), {
      role: 'bot',
      queue: 'off',
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a role typed the way the hint shows it (@role-name)', async () => {
    const r = createConsoleBot({ runtime, write: () => {}, cwd: ROOT, filesDir: join(dir, 'files') });
    await r.run('/rapporteur follow WSIS+10 Vision');
    const hint = await r.run('/rapporteur staff list');
    expect(hint).toContain('/rapporteur staff add @role');
    const added = await r.run('/rapporteur staff add @adp-cochairs-secretariat');
    expect(added).toContain('role adp-cochairs-secretariat may now post official versions of WSIS+10 Vision');
    expect(await r.run('/rapporteur staff list')).toContain('role adp-cochairs-secretariat');
    expect(await r.run('/rapporteur staff remove @adp-cochairs-secretariat')).toContain('may no longer post');
  });
});

describe('watching from the terminal room', () => {
  let dir: string;
  let runtime: Runtime;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rapporteur-console-'));
    runtime = await createRuntime(loadConfig({ RAPPORTEUR_DATA_DIR: dir }), {
      role: 'bot',
      queue: 'off',
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an internal address when the watch is added, saying why', async () => {
    const r = createConsoleBot({ runtime, write: () => {}, cwd: ROOT, filesDir: join(dir, 'files') });
    await r.run('/rapporteur follow WSIS+10 Vision');
    const out = await r.run('/watch add http://127.0.0.1:8080/page.html');
    expect(out).toContain('127.0.0.1:8080 is a loopback address (this machine)');
    expect(out).toContain('RAPPORTEUR_ALLOW_PRIVATE_URLS');
    expect(out).not.toMatch(/will be checked every/);
    expect(await r.run('/watch list')).not.toContain('127.0.0.1');
  });
});

describe('times in the terminal room', () => {
  let dir: string;
  let runtime: Runtime;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rapporteur-console-'));
    runtime = await createRuntime(loadConfig({ RAPPORTEUR_DATA_DIR: dir }), {
      role: 'bot',
      queue: 'off',
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('"When (your time)" is in the zone the person set', async () => {
    const r = createConsoleBot({ runtime, write: () => {}, cwd: ROOT, filesDir: join(dir, 'files') });
    await r.run('/rapporteur follow WSIS+10 Vision');
    await r.run(
      '/meetings announce "The sixth meeting (MPP-6) will be held on 9 June 2014 from 14:00 to 18:00 at the ITU, Geneva." --name MPP-6',
    );
    await r.run('/rapporteur timezone Lima');
    const out = await r.run('/meetings show "The sixth meeting"');
    expect(out).toMatch(/When \(your time, America\/Lima\): .*07:00/);
    expect(out).not.toMatch(/When \(your time\): .*14:00/);
  });
});

describe('timestamps in the reader zone', () => {
  let dir: string;
  let runtime: Runtime;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rapporteur-console-'));
    runtime = await createRuntime(loadConfig({ RAPPORTEUR_DATA_DIR: dir }), {
      role: 'bot',
      queue: 'off',
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('"Posted" and "seen" are in the person\'s zone, labelled with it', async () => {
    const r = createConsoleBot({ runtime, write: () => {}, cwd: ROOT, filesDir: join(dir, 'files') });
    await r.run('/rapporteur follow WSIS+10 Vision');
    await r.run('/draft post examples/vision-2014-06-01.md --document Vision');
    await r.run(
      '/meetings announce "The sixth meeting will be held on 9 June 2014 from 14:00 to 18:00 at the ITU, Geneva."',
    );
    await r.run('/rapporteur timezone Lima');
    const versions = await r.run('/draft versions');
    expect(versions).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d GMT-5/);
    const sources = await r.run('/meetings sources "The sixth meeting"');
    expect(sources).toMatch(/seen \d{4}-\d\d-\d\d \d\d:\d\d GMT-5/);
    expect(sources).not.toMatch(/seen [^,]* UTC/);
  });

  it("the full diff report and the status say when each version was posted, in the person's zone", async () => {
    const r = createConsoleBot({ runtime, write: () => {}, cwd: ROOT, filesDir: join(dir, 'reports') });
    await r.run('/rapporteur timezone clear');
    // The test above posted the 1 June version; a second version gives a diff.
    await r.run('/draft post examples/vision-2014-05-31.md --document Vision --label "31 May"');
    const utc = await r.run('/brackets diff --document Vision');
    const report = (text: string) => {
      const saved = /Saved: (\S+\.md)/.exec(text)?.[1];
      expect(saved, text).toBeDefined();
      return readFileSync(saved as string, 'utf8');
    };
    expect(report(utc)).toMatch(/^#\d+ posted \d{4}-\d\d-\d\d \d\d:\d\d UTC; #\d+ posted .* UTC\.$/m);
    await r.run('/rapporteur timezone Lima');
    expect(report(await r.run('/brackets diff --document Vision'))).toMatch(
      /^#\d+ posted \d{4}-\d\d-\d\d \d\d:\d\d GMT-5; #\d+ posted .* GMT-5\.$/m,
    );
    expect(await r.run('/brackets status --document Vision')).toMatch(
      /Posted \d{4}-\d\d-\d\d \d\d:\d\d GMT-5 by/,
    );
  });
});
