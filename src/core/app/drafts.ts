/**
 * Draft use cases: posting a version (extract, parse, store, diff, alert) and every
 * question people ask about the stored versions. Parsing happens once, when a version is
 * posted; the questions read cached results (the status report in well under 20 ms), and
 * only fall back to the full parse (or, after an engine upgrade, to re-parsing the kept
 * original) when a cache is missing or stale.
 *
 * The use cases live in `drafts/`: `post.ts` (posting and completing a post cut short),
 * `queries.ts` (the questions), `versions.ts` (choosing versions, the caches), `withdraw.ts`
 * and `wording.ts` (the alert's lines); this module is what callers import.
 */
export * from './drafts/post.js';
export * from './drafts/queries.js';
export { loadStatus, selectDocument, selectVersion } from './drafts/versions.js';
export * from './drafts/withdraw.js';
export { excerpt, partSections } from './drafts/wording.js';
