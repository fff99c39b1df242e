import { pino } from 'pino';
import type { Logger } from './core/ports.js';

/**
 * The production logger: pino, JSON lines on stderr (stdout belongs to command output).
 * Keys that could carry secrets are redacted wherever they appear.
 */
export function createLogger(level: string, destination = 2): Logger {
  return pino(
    {
      level,
      base: { app: 'rapporteur' },
      redact: {
        paths: [
          'token',
          '*.token',
          'password',
          '*.password',
          'secret',
          '*.secret',
          'authorization',
          '*.authorization',
          'headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: destination, sync: false }),
  ) as unknown as Logger;
}
