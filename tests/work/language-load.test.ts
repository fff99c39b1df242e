import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type LibraryLoad,
  type LibraryRef,
  LOAD_PART_SIZE,
  ResidentLibraries,
  splitLoad,
} from '../../src/core/app/language-resident.js';
import { blocksFromText } from '../../src/core/documents/text.js';
import { parseDraft } from '../../src/core/drafts/index.js';
import { checkLanguage, encodeSegment, LanguageLibrary } from '../../src/core/language/index.js';
import { poolEngines } from '../../src/work/engines.js';
import { generateDraft } from '../drafts/generate.js';
import { largeDraftPool } from '../helpers/work-pool.js';
import { DEFAULT_TEXTS, library } from '../language/fixtures.js';

/**
 * A library's texts go to the worker that will hold it in parts of about `LOAD_PART_SIZE`, one
 * job after another: copying a large library in one message held the main thread for as long
 * as the copy took (about 0.5 s for 50 MB on a loaded 2-core machine); in parts the event loop
 * runs between them. The holder builds the library when the last part arrives.
 */

const PHRASE = 'The role of governments and all stakeholders in the promotion of ICTs for development';

function rowsOf(lib: LanguageLibrary): LibraryLoad {
  return {
    rows: lib.texts.map((t, i) => ({
      textId: `text-${i}`,
      info: t.info,
      text: t.text,
      segment: encodeSegment(lib, i),
    })),
  };
}

describe('a load in parts', () => {
  it('builds the same library as the whole load, answering `missing` until the last part', () => {
    const lib = library();
    const load = rowsOf(lib);
    const parts = splitLoad(load, 'load-1', 1);
    expect(parts).toHaveLength(DEFAULT_TEXTS.length);
    const resident = new ResidentLibraries({ budgetBytes: 64 * 1048576, maxLibraries: 4 });
    const ref: LibraryRef = { key: 's/t/p', revision: 1 };
    expect(resident.answer(ref, { check: PHRASE }, parts[0])).toEqual({ missing: true, staged: true });
    // The pool routes the following parts to the worker staging them.
    expect(resident.keys()).toEqual([ref.key]);
    const reply = resident.answer(ref, { check: PHRASE }, parts[1]);
    expect(reply.missing).toBe(false);
    expect(!reply.missing && reply.check).toEqual(checkLanguage(lib, PHRASE));
    // A part whose earlier parts went elsewhere cannot complete a load.
    const other = new ResidentLibraries({ budgetBytes: 64 * 1048576, maxLibraries: 4 });
    expect(other.answer(ref, { summary: true }, parts[1])).toEqual({ missing: true });
    expect(splitLoad(load, 'load-2')).toEqual([{ rows: load.rows }]);
  });
});

const pool = largeDraftPool({ timeoutMs: 120_000, languageMb: 320, languageHeapMb: 160 });
afterAll(() => pool.close());

describe('a large library sent to the pool', () => {
  it('goes in parts, and the event loop runs between them', { timeout: 300_000 }, async () => {
    const lib = new LanguageLibrary();
    for (let i = 0; i < 60; i++) {
      const { text } = generateDraft({ size: 400_000, brackets: 0, seed: 100 + i });
      lib.add(
        { title: `Agreed text ${i}`, adopted: `20${String(10 + (i % 10))}-06-01` },
        parseDraft({ text, blocks: blocksFromText(text, 'markdown'), type: 'markdown' }),
      );
    }
    const load = rowsOf(lib);
    const size = load.rows.reduce((s, r) => s + r.text.length + (r.segment?.byteLength ?? 0), 0);
    expect(size).toBeGreaterThan(10 * LOAD_PART_SIZE);
    const engines = poolEngines(pool);
    const phrase = lib.texts[7]?.text.split('\n\n').find((p) => p.length > 150) ?? '';
    const loop = monitorEventLoopDelay({ resolution: 10 });

    // As before: the whole load in one message (straight to the pool, as the engines sent it).
    const whole = { key: 's/t/whole', revision: 1 };
    loop.enable();
    await pool.run('t', 'language', { ref: whole, ask: { summary: true }, load }, [], whole.key);
    loop.disable();
    const wholeBlockMs = loop.max / 1e6;

    loop.reset();
    const ref = { key: 's/t/parts', revision: 1 };
    let loads = 0;
    loop.enable();
    const answer = await engines.language('t', ref, { check: phrase }, async () => {
      loads++;
      return load;
    });
    loop.disable();
    const partsBlockMs = loop.max / 1e6;

    expect(loads).toBe(1);
    expect(answer.check).toEqual(checkLanguage(lib, phrase));
    expect(answer.summary.texts).toHaveLength(60);
    const shown = JSON.stringify({
      mb: Math.round(size / 1048576),
      wholeBlockMs: Math.round(wholeBlockMs),
      partsBlockMs: Math.round(partsBlockMs),
    });
    expect(partsBlockMs, shown).toBeLessThan(wholeBlockMs);
    console.log(`sending a library to the pool: ${shown}`);
  });
});
