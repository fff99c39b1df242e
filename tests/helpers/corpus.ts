import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'vitest';

/** The shared corpus of real documents, read in place and never copied into the repository. */
export const CORPUS_DIR = resolve(import.meta.dirname, '../../../shared/corpus');
export const corpusAvailable = existsSync(CORPUS_DIR);

/** Path of a corpus file or folder. */
export const corpusPath = (...parts: string[]) => join(CORPUS_DIR, ...parts);

/**
 * A describe block over the corpus that is skipped, with a message saying why, when the
 * corpus folder is absent (e.g. a clone outside the development machine).
 */
export function describeCorpus(name: string, fn: () => void): void {
  if (!corpusAvailable) {
    console.warn(`[corpus] skipping "${name}": ${CORPUS_DIR} is absent`);
    // The body is not run at all: it may list corpus folders while collecting its tests.
    describe.skipIf(true)(`${name} (corpus)`, () => {
      it(`needs the shared corpus at ${CORPUS_DIR}`, () => {});
    });
    return;
  }
  describe(`${name} (corpus)`, fn);
}
