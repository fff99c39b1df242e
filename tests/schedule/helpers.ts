import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentFromText } from '../../src/core/documents/text.js';
import type { Document, DocumentType, EmailHeaders } from '../../src/core/documents/types.js';
import { extractClaims, type MeetingClaim, type SourceInfo } from '../../src/core/schedule/index.js';

export const FIXTURES = join(import.meta.dirname, '../fixtures/schedule');

/** A Markdown or plain-text Document, the way the documents module builds one. */
export function textDoc(
  text: string,
  type: 'markdown' | 'text' = 'markdown',
  extra: Partial<Document> = {},
): Document {
  return { ...documentFromText(text, type), ...extra };
}

/** An e-mail Document with a plain-text body. */
export function emailDoc(body: string, email: EmailHeaders): Document {
  return { ...textDoc(body, 'text'), type: 'eml' as DocumentType, email };
}

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function fixtureDoc(name: string): Document {
  return { ...textDoc(fixtureText(name), name.endsWith('.md') ? 'markdown' : 'text'), name };
}

export function source(name: string, extra: Partial<SourceInfo> = {}): SourceInfo {
  return { kind: 'text', name, seenAt: '2014-06-20T08:00:00Z', ...extra };
}

/** Claims of a fixture file. */
export function claimsOf(name: string, extra: Partial<SourceInfo> = {}): MeetingClaim[] {
  return extractClaims(fixtureDoc(name), source(name, extra)).claims;
}

/** Claims of a text of our own, read as a file named `name`. */
export function claimsOfText(
  text: string,
  type: 'markdown' | 'text',
  name: string,
  extra: Partial<SourceInfo> = {},
): MeetingClaim[] {
  return extractClaims(textDoc(text, type, { name }), source(name, extra)).claims;
}

export const SCHEDULE_PAGE = 'https://wsis.example/mpp/schedule';

/** Every claim of the WSIS+10 story, as the sources arrived. */
export function story() {
  const plan = claimsOf('2013-09-20-mpp-schedule.md', { kind: 'web', revisionKey: SCHEDULE_PAGE });
  const update = claimsOf('2014-02-25-mpp-schedule.md', { kind: 'web', revisionKey: SCHEDULE_PAGE });
  const venue = claimsOf('2014-05-16-mpp5-venue.md', { kind: 'web' });
  const pdf = claimsOf('2014-06-03-mpp6-invitation.txt', { kind: 'pdf' });
  const web = claimsOf('2014-06-03-mpp6-webpage.md', { kind: 'web' });
  const mail = claimsOf('2014-06-05-mpp6-corrected-email.txt', { kind: 'email' });
  const others = claimsOf('2014-other-events.md', { kind: 'web', date: '2014-01-10' });
  const c5 = claimsOf('2014-06-04-c5-consultation.md', { kind: 'web' });
  const c5cancel = claimsOf('2014-06-10-c5-cancelled.txt', { kind: 'chat' });
  return { plan, update, venue, pdf, web, mail, others, c5, c5cancel };
}

/** A text of our own, one argument a line. */
export const lines = (...l: string[]) => l.join('\n');
