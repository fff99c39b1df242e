import type { Document } from '../documents/types.js';
import type { SourceKind } from './types.js';

/** Document type -> source kind. */
export const SOURCE_KINDS: Record<Document['type'], SourceKind> = {
  pdf: 'pdf',
  html: 'web',
  eml: 'email',
  ics: 'ics',
  docx: 'docx',
  markdown: 'text',
  text: 'text',
};
