/**
 * Structured logging, a subset of pino's API. Call sites pass facts as an object and a
 * fixed message; never tokens, file contents or personal data.
 */
export interface Logger {
  /** Verbose facts useful when debugging. */
  debug(obj: Record<string, unknown>, msg: string): void;
  /** Normal operation worth recording. */
  info(obj: Record<string, unknown>, msg: string): void;
  /** Something went wrong but was handled. */
  warn(obj: Record<string, unknown>, msg: string): void;
  /** Something failed and needs attention. */
  error(obj: Record<string, unknown>, msg: string): void;
  /** A logger that adds `bindings` to every line. */
  child(bindings: Record<string, unknown>): Logger;
}

/** A logger that drops everything, for tests and pure use. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
