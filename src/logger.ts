import { pino } from 'pino';
import type { Logger } from './core/ports/index.js';

/** Keys that could carry secrets, redacted wherever they appear. */
const REDACT = [
  'token',
  '*.token',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
];

/**
 * The production logger: pino, JSON lines on stderr (stdout belongs to command output).
 * Keys that could carry secrets are redacted wherever they appear.
 */
export function createLogger(level: string, destination = 2): Logger {
  return pino(
    {
      level,
      base: { app: 'rapporteur' },
      redact: { paths: REDACT, censor: '[redacted]' },
    },
    pino.destination({ fd: destination, sync: false }),
  ) as unknown as Logger;
}

const LEVEL_WORDS: Record<number, string> = { 40: 'warning', 50: 'error', 60: 'fatal error' };

/**
 * The terminal room's logger: every line at `level` and above goes to `file` (JSON, as in
 * production), and warnings and errors are also shown on screen as one readable line, so
 * logs never print over the room's answers and prompt.
 */
export function createRoomLogger(level: string, file: string, screen: (text: string) => void): Logger {
  const readable = {
    write(line: string) {
      let entry: { level?: number; msg?: string; err?: { message?: string } };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      const word = LEVEL_WORDS[entry.level ?? 0] ?? 'warning';
      const cause = entry.err?.message ? ` (${entry.err.message})` : '';
      screen(`rapporteur: ${word}: ${entry.msg ?? ''}${cause}\n`);
    },
  };
  return pino(
    {
      level,
      base: { app: 'rapporteur' },
      redact: { paths: REDACT, censor: '[redacted]' },
    },
    pino.multistream([
      { level: level as pino.Level, stream: pino.destination({ dest: file, mkdir: true, sync: false }) },
      { level: 'warn', stream: readable },
    ]),
  ) as unknown as Logger;
}
