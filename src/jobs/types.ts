import type { Clock, Logger, Notifier, Store } from '../core/ports/index.js';
import type { Platform } from '../core/store.js';
import type { RetryPolicy } from './backoff.js';
import type { FetchPolicy, Resolver } from './fetcher.js';
import type { SentRecorder } from './group-commit.js';
import type { ReadCache } from './read-cache.js';

/** A watched page or feed whose body changed, handed to the ingest use case. */
export interface WatchedContent {
  bytes: Uint8Array;
  contentType: string | null;
  /** The watched URL (the source's identity across revisions). */
  url: string;
  /** Where the body came from after redirects, when different. */
  finalUrl: string;
  fetchedAt: Date;
  etag: string | null;
}

/**
 * The ingest use case (the lead's `ingestSource` with the schedule engine): records the body
 * as a new source revision, reconciles, logs changes, plans alerts and moves reminders. It
 * must be idempotent for the same bytes (the store recognises a known SHA-256), because a
 * watch whose success could not be recorded fetches and ingests the same body again. Throwing
 * (a body that does not parse) marks the check as failed.
 */
export type IngestFn = (tenantId: string, processId: string, content: WatchedContent) => Promise<unknown>;

/** Settings of the processors; every field has a production default. */
export interface JobSettings {
  fetch: FetchPolicy;
  /** Tell subscribed channels once a watch has failed for this long (RAPPORTEUR_WATCH_NOTIFY_AFTER_MIN). */
  watchFailureNotifyAfterMs: number;
  /** Longest wait between checks of a failing watch. */
  watchMaxBackoffMs: number;
  retry: RetryPolicy;
}

/** What every processor may use. */
export interface ProcessorDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
}

/** What the delivery processor needs beyond the basics. */
export interface DeliveryDeps extends ProcessorDeps {
  notifiers: Partial<Record<Platform, Notifier>>;
  retry: RetryPolicy;
  /** Cache of tenant and process reads (none by default). */
  cache?: ReadCache;
  /** Shares one store commit among sends that finish together (each send commits alone by default). */
  recorder?: SentRecorder;
}

/** What the watch processor needs beyond the basics. */
export interface WatchDeps extends ProcessorDeps {
  ingest: IngestFn;
  fetch: FetchPolicy;
  failureNotifyAfterMs: number;
  maxBackoffMs: number;
  /** DNS resolver (tests inject one). */
  resolver?: Resolver;
}
