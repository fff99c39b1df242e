/**
 * Reading a file a person named on this machine (the command line, the terminal room), with
 * the size limit checked before any byte is read. Shared by the CLI and the terminal room, so
 * neither imports the other.
 */
import { open, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { RapporteurError } from './core/errors.js';

export interface InputFile {
  /** The file name without its directory, for messages. */
  name: string;
  path: string;
  bytes: Uint8Array;
}

/**
 * Reads a user-named file with the size limit checked before any byte is read, so a
 * huge file is refused at once instead of filling memory.
 */
export async function readInputFile(path: string, cwd: string, maxBytes: number): Promise<InputFile> {
  const full = resolve(cwd, path);
  const name = basename(full);
  let size: number;
  try {
    const st = await stat(full);
    if (st.isDirectory()) {
      throw new RapporteurError('INVALID_ARGUMENT', `${path} is a directory, not a file.`, {
        hint: 'Name a file, e.g. examples/vision-2014-06-01.md.',
      });
    }
    size = st.size;
  } catch (err) {
    if (err instanceof RapporteurError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new RapporteurError('FILE_NOT_FOUND', `File not found: ${path}.`, {
        hint: 'Check the path; relative paths are read from the current directory.',
      });
    }
    throw new RapporteurError('FILE_NOT_FOUND', `Cannot read ${path} (${code ?? 'unknown error'}).`, {
      hint: 'Check that the file exists and that you may read it.',
    });
  }
  if (size > maxBytes) {
    throw new RapporteurError(
      'FILE_TOO_LARGE',
      `${name} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit.`,
      {
        hint: 'Send a smaller file, or raise RAPPORTEUR_MAX_FILE_MB if this size is expected.',
        details: { size, maxBytes },
      },
    );
  }
  const handle = await open(full, 'r');
  try {
    // Read at most maxBytes + 1 so a file that grew after stat() is still caught.
    const buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) break;
    }
    if (filled > maxBytes) {
      throw new RapporteurError('FILE_TOO_LARGE', `${name} is over the ${formatBytes(maxBytes)} limit.`, {
        hint: 'Send a smaller file, or raise RAPPORTEUR_MAX_FILE_MB if this size is expected.',
      });
    }
    return { name, path: full, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, filled) };
  } finally {
    await handle.close();
  }
}

/** "20 MB", "512 KB", "12 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KB`;
  return `${n} bytes`;
}
