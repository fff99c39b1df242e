import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileMailboxState, MAILBOX_STATE_FILE } from '../../src/bots/email/mailbox-state.js';
import { RapporteurError } from '../../src/core/errors.js';
import { recordingLogger } from '../helpers/recording-logger.js';

/** Mailbox cursors survive restarts in a small file that is never left torn. */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rapporteur-mailbox-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const KEY = 'imap://bot%40example.org@127.0.0.1:143/INBOX';

describe('fileMailboxState', () => {
  it('remembers cursors across instances (a restart)', async () => {
    const first = fileMailboxState({ dataDir: dir, logger: recordingLogger() });
    expect(await first.get(KEY)).toBeUndefined();
    await first.set(KEY, { uidValidity: '1717400000', lastUid: 41 });
    await first.set('other', { uidValidity: '7', lastUid: 0 });
    await first.set(KEY, { uidValidity: '1717400000', lastUid: 42 });
    const second = fileMailboxState({ dataDir: join(dir), logger: recordingLogger() });
    expect(await second.get(KEY)).toEqual({ uidValidity: '1717400000', lastUid: 42 });
    expect(await second.get('other')).toEqual({ uidValidity: '7', lastUid: 0 });
    // Only the state file remains: no temporary files left behind.
    expect(await readdir(dir)).toEqual([MAILBOX_STATE_FILE]);
  });

  it('serialises concurrent writes: the last one wins and the file stays valid JSON', async () => {
    const state = fileMailboxState({ dataDir: dir, logger: recordingLogger() });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => state.set(KEY, { uidValidity: '9', lastUid: i + 1 })),
    );
    const text = await readFile(join(dir, MAILBOX_STATE_FILE), 'utf8');
    expect(JSON.parse(text)).toEqual({ version: 1, cursors: { [KEY]: { uidValidity: '9', lastUid: 50 } } });
  });

  it('treats an unreadable file as no cursor, keeps it aside and says so', async () => {
    await writeFile(join(dir, MAILBOX_STATE_FILE), '{"version":1,"cursors":{"x":');
    const logger = recordingLogger();
    const state = fileMailboxState({ dataDir: dir, logger });
    expect(await state.get(KEY)).toBeUndefined();
    expect(logger.lines.some((l) => l.level === 'error' && /unreadable/.test(l.msg))).toBe(true);
    expect((await readdir(dir)).some((f) => f.startsWith(`${MAILBOX_STATE_FILE}.unreadable-`))).toBe(true);
    await state.set(KEY, { uidValidity: '3', lastUid: 5 });
    expect(await fileMailboxState({ dataDir: dir, logger }).get(KEY)).toEqual({
      uidValidity: '3',
      lastUid: 5,
    });
  });

  it('skips malformed entries and refuses to store a malformed cursor', async () => {
    await writeFile(
      join(dir, MAILBOX_STATE_FILE),
      JSON.stringify({
        version: 1,
        cursors: { good: { uidValidity: '1', lastUid: 2 }, bad: { lastUid: -1 } },
      }),
    );
    const state = fileMailboxState({ dataDir: dir, logger: recordingLogger() });
    expect(await state.get('good')).toEqual({ uidValidity: '1', lastUid: 2 });
    expect(await state.get('bad')).toBeUndefined();
    await expect(state.set(KEY, { uidValidity: 'x', lastUid: 1.5 })).rejects.toBeInstanceOf(RapporteurError);
  });

  it('reports a directory it cannot write to as UNAVAILABLE (the reader retries)', async () => {
    const state = fileMailboxState({
      file: join(dir, 'missing', '\0bad', 'state.json'),
      logger: recordingLogger(),
    });
    const err = await state.set(KEY, { uidValidity: '1', lastUid: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RapporteurError);
    expect((err as RapporteurError).code).toBe('UNAVAILABLE');
  });
});
