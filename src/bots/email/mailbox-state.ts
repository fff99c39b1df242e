import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { RapporteurError } from '../../core/errors.js';
import type { Logger, MailboxCursor, MailboxState } from '../../core/ports/index.js';

/**
 * Mailbox cursors in a small JSON file in the data directory. The store has no table for
 * them, and none fits: every store row belongs to a tenant, while one mailbox serves every
 * list the bot follows. The file is replaced atomically (write a temporary file, fsync,
 * rename over the old one, fsync the directory), so a crash leaves either the old cursor or
 * the new one, never a torn file. Writes are serialised within the process; one bot process
 * reads a mailbox at a time.
 */

/** The file's shape; `version` lets a later release change it without misreading old files. */
interface StateFile {
  version: 1;
  cursors: Record<string, MailboxCursor>;
}

/** File name of the cursors inside the data directory. */
export const MAILBOX_STATE_FILE = 'mailbox-state.json';

function isCursor(value: unknown): value is MailboxCursor {
  const v = value as Partial<MailboxCursor> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.uidValidity === 'string' &&
    /^\d{1,20}$/.test(v.uidValidity) &&
    typeof v.lastUid === 'number' &&
    Number.isSafeInteger(v.lastUid) &&
    v.lastUid >= 0
  );
}

/** A {@link MailboxState} kept in `<dataDir>/mailbox-state.json` (or `file`). */
export function fileMailboxState(options: { dataDir?: string; file?: string; logger: Logger }): MailboxState {
  const file = options.file ?? join(options.dataDir ?? '.', MAILBOX_STATE_FILE);
  const log = options.logger.child({ component: 'mailbox-state' });
  let cursors: Map<string, MailboxCursor> | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  async function load(): Promise<Map<string, MailboxCursor>> {
    if (cursors) return cursors;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        cursors = new Map();
        return cursors;
      }
      throw new RapporteurError('UNAVAILABLE', 'The mailbox cursor file cannot be read.', {
        hint: 'Check that RAPPORTEUR_DATA_DIR exists and is readable by the bot.',
        details: { code: (error as NodeJS.ErrnoException).code },
        cause: error,
      });
    }
    const found = new Map<string, MailboxCursor>();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const entries = (parsed as Partial<StateFile> | undefined)?.cursors;
    if (
      (parsed as Partial<StateFile> | undefined)?.version !== 1 ||
      typeof entries !== 'object' ||
      !entries
    ) {
      // Unreadable cursors are treated as absent: the reader then starts at the end of the
      // mailbox, which skips mail rather than answering the whole archive again.
      const kept = `${file}.unreadable-${Date.now()}`;
      await rename(file, kept).catch(() => undefined);
      log.error(
        { keptAs: kept },
        'the mailbox cursor file was unreadable; starting from the end of each mailbox',
      );
    } else {
      for (const [key, value] of Object.entries(entries)) if (isCursor(value)) found.set(key, { ...value });
    }
    cursors = found;
    return cursors;
  }

  async function persist(snapshot: Map<string, MailboxCursor>): Promise<void> {
    await mkdir(dirname(file), { recursive: true });
    const body: StateFile = { version: 1, cursors: Object.fromEntries(snapshot) };
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(body, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, file);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    // The rename is durable only once the directory entry is on disk.
    const dir = await open(dirname(file), 'r').catch(() => undefined);
    await dir?.sync().catch(() => undefined);
    await dir?.close();
  }

  return {
    async get(key) {
      const found = (await load()).get(key);
      return found ? { ...found } : undefined;
    },
    set(key, cursor) {
      if (!isCursor(cursor)) {
        return Promise.reject(
          new RapporteurError('INVALID_ARGUMENT', 'A mailbox cursor needs a UIDVALIDITY and a UID.', {
            hint: 'This is a bug in the IMAP reader; please report it.',
          }),
        );
      }
      const next = chain.then(async () => {
        const map = await load();
        map.set(key, { uidValidity: cursor.uidValidity, lastUid: cursor.lastUid });
        try {
          await persist(map);
        } catch (error) {
          throw new RapporteurError('UNAVAILABLE', 'The mailbox cursor could not be saved.', {
            hint: 'Check free space and permissions of RAPPORTEUR_DATA_DIR.',
            details: { code: (error as NodeJS.ErrnoException).code },
            cause: error,
          });
        }
      });
      chain = next.catch(() => undefined);
      return next;
    },
  };
}
