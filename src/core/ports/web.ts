/**
 * The web pages as the use cases see them (src/web serves them): where they are, and the
 * secrets links are signed with.
 */

/** Signing secrets: the current one, and the one before it while its grace period lasts. */
export interface WebKeys {
  current: string;
  /** Links signed with it keep working until the operator's grace period ends. */
  previous?: string | undefined;
}

/** The web server as the use cases see it: where it is, how links are signed and how long they last. */
export interface WebAccess {
  /** Base URL people open, without a trailing slash (`https://rapporteur.example.org`). */
  publicUrl: string;
  /** The secrets in force now; asked for at every signature, so a rotation needs no restart. */
  keys(): WebKeys;
  /** How long a page link works. */
  pageTtlMs: number;
  /** How long a calendar subscription link works (calendars poll for months). */
  feedTtlMs: number;
}
