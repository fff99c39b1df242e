/**
 * Previously agreed language: a library of agreed texts with a shingle index, near-verbatim
 * matching of a proposal's words against it, and roll-back detection (a proposal that
 * follows an older agreed text where a newer one reads differently). Pure: bytes are read by
 * the documents module, paragraphs and brackets come from the bracket engine.
 */
export {
  checkInfo as checkAgreedTextInfo,
  DEFAULT_SHINGLE,
  DEFAULT_WINDOW,
  LanguageLibrary,
  newerFirst,
  supersedes,
} from './library.js';
export {
  adoptionDate,
  describeAgreedText,
  MANIFEST_HINT,
  type ManifestEntry,
  parseManifest,
} from './manifest.js';
export { checkLanguage, draftLanguage, MAX_CHECK_CHARS, sectionLanguage, sectionReport } from './match.js';
export { addStoredSegment, decodeSegment, encodeSegment, LANGUAGE_INDEX_SCHEMA } from './snapshot.js';
export type * from './store.js';
export * from './types.js';
