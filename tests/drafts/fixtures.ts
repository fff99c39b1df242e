import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ParsedDraft, parseDraftText } from '../../src/core/drafts/index.js';

/** The project's own Vision draft series (tests/fixtures/drafts), parsed. */
export const FIXTURES = join(import.meta.dirname, '../fixtures/drafts');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function vision(version: string): ParsedDraft {
  const name = version.includes('.') ? version : `vision-2014-${version}.md`;
  return parseDraftText(fixtureText(name), name.endsWith('.txt') ? 'text' : 'markdown', { name });
}
