/**
 * Ports: the small interfaces the core declares and the edges implement. The core never
 * creates a transport, reads the environment or looks at the wall clock itself.
 */

/** The source of "now". Injected so that tests and the demo can control time. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The system clock, for production wiring. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that runs at real speed from a chosen moment and can jump: the demo replays 2014
 * on it, and integration tests set it to the days their fixtures speak of.
 */
export class ShiftedClock implements Clock {
  private virtualBase: number;
  private realBase: number;

  /** Starts at `start` (ISO 8601). `real` reads the machine's clock (injectable for tests). */
  constructor(
    start: string,
    private readonly real: () => number = () => Date.now(),
  ) {
    this.virtualBase = Date.parse(start);
    this.realBase = this.real();
  }

  now(): Date {
    return new Date(this.virtualBase + (this.real() - this.realBase));
  }

  /** Jumps to `iso`; time runs on from there. */
  set(iso: string): void {
    this.virtualBase = Date.parse(iso);
    this.realBase = this.real();
  }
}

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
