/**
 * The clock port. The core never looks at the wall clock itself: every use case and job is
 * handed a Clock, so tests and the demo control time without fake timers.
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
