import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { AppDeps } from './context.js';

/**
 * What a chat or mail adapter uses of the process it runs in, and nothing more: the use
 * cases' dependencies, the logger and clock, and the few settings every adapter reads. The
 * composition root (src/runtime.ts) satisfies it as it is, so adapters never import the
 * root, the command line, the store or the job layer: they are handed this.
 *
 * `P` adds the adapter's own settings (its platform's block of the configuration), typed by
 * the adapter itself, so the core does not need to know any platform's configuration.
 */
export interface BotHost<P extends object = object> {
  /** The settings every adapter reads, plus the adapter's own (`P`). */
  config: BotHostConfig & P;
  /** The use cases' dependencies (store, queue, extractor, clock, logger). */
  deps: AppDeps;
  logger: Logger;
  clock: Clock;
}

/** The settings shared by every adapter. */
export interface BotHostConfig {
  /** Where the process keeps local files (mailbox cursors, saved attachments). */
  dataDir: string;
  /** The zone a new process starts in, and the zone shown when a reader's own is unknown. */
  defaultTimeZone?: string | undefined;
  /** Limits on what an adapter downloads for the core. */
  limits: {
    /** Largest accepted input file, in bytes. */
    maxFileBytes: number;
    /** Deadline for reading one file (also used for downloads). */
    extractTimeoutMs: number;
  };
}
