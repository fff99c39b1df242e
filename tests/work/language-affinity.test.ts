import { describe, expect, it } from 'vitest';
import type { LibraryLoad, LibraryRef } from '../../src/core/app/language-resident.js';
import { parsedText } from '../../src/core/app/parsed-input.js';
import { extractDocument } from '../../src/core/documents/index.js';
import { DEFAULT_EXTRACT_LIMITS } from '../../src/core/documents/options.js';
import type { RapporteurError } from '../../src/core/errors.js';
import { checkLanguage, encodeSegment } from '../../src/core/language/index.js';
import { poolEngines } from '../../src/work/engines.js';
import { poolForEachTest } from '../helpers/work-pool.js';
import { DEFAULT_TEXTS, library } from '../language/fixtures.js';

/**
 * Libraries of agreed texts in the work pool: each stays resident in the one worker that built
 * it, every question about it goes there (the texts are sent once), a new revision or the
 * resident bounds drop it, and a long match in one tenant does not hold up another tenant.
 */

const PHRASE = 'The role of governments and all stakeholders in the promotion of ICTs for development';

const open = poolForEachTest({ timeoutMs: 60_000 });

/** The fixture library as the store would send it, counting how often it is sent. */
function fixtureLoad() {
  const lib = library();
  const load = {
    calls: 0,
    async read(): Promise<LibraryLoad> {
      load.calls++;
      return {
        rows: DEFAULT_TEXTS.map(([text, info], i) => ({
          textId: `text-${i}`,
          info,
          text,
          segment: encodeSegment(lib, i),
        })),
      };
    },
  };
  return { lib, load };
}

describe('libraries of agreed texts in the work pool', () => {
  it('keeps a library in one worker and sends every question about it there', {
    timeout: 60_000,
  }, async () => {
    const p = open();
    const engines = poolEngines(p);
    const { lib, load } = fixtureLoad();
    const ref: LibraryRef = { key: 's/t1/p1', revision: 1 };
    const first = await engines.language('t1', ref, { check: PHRASE }, load.read);
    expect(first.check).toEqual(checkLanguage(lib, PHRASE));
    expect(load.calls).toBe(1);
    const holder = p.holders().get(ref.key);
    expect(holder).toBeDefined();
    // Further questions, some while the other worker is free, go to the holder: the texts are
    // never sent again (another worker would answer `missing` and ask for them).
    const doc = await extractDocument(new TextEncoder().encode('# A\n\n1. Text [a][b].\n'), {
      name: 'a.md',
      limits: DEFAULT_EXTRACT_LIMITS,
    });
    const answers = await Promise.all([
      engines.language('t1', ref, { check: 'broadband should be pursued in accordance with' }, load.read),
      engines.readDraft('t2', doc, {}),
      engines.language('t1', ref, { summary: true }, load.read),
      engines.language('t1', ref, { check: PHRASE }, load.read),
    ]);
    expect(load.calls).toBe(1);
    expect(p.holders().get(ref.key)).toBe(holder);
    expect((answers[2] as { summary: { texts: unknown[] } }).summary.texts).toHaveLength(2);
    expect((answers[3] as { check: unknown }).check).toEqual(checkLanguage(lib, PHRASE));
  });

  it('drops a library at a new revision, and grows it by one added text without reloading', {
    timeout: 60_000,
  }, async () => {
    const p = open();
    const engines = poolEngines(p);
    const { lib, load } = fixtureLoad();
    await engines.language('t1', { key: 's/t1/p1', revision: 1 }, { summary: true }, load.read);
    // A removal (or any change without a delta): the old revision is dropped and the texts reloaded.
    const again = await engines.language('t1', { key: 's/t1/p1', revision: 2 }, { check: PHRASE }, load.read);
    expect(load.calls).toBe(2);
    expect(again.check).toEqual(checkLanguage(lib, PHRASE));
    // An added text: the holder of revision 2 grows by its segment.
    const added = library([
      ...DEFAULT_TEXTS,
      [
        '# Later declaration\n\n1. Rural connectivity in remote mountain regions remains a shared priority of all members.\n',
        { title: 'Later Declaration', adopted: '2015-12-16' },
      ],
    ]);
    const grown = await engines.language(
      't1',
      {
        key: 's/t1/p1',
        revision: 3,
        delta: {
          from: 2,
          texts: 3,
          segment: encodeSegment(added, 2),
          text: added.texts[2]?.text as string,
        },
      },
      { check: 'connectivity in remote mountain regions remains a shared priority' },
      load.read,
    );
    expect(load.calls).toBe(2);
    expect(grown.summary.texts).toHaveLength(3);
    expect(grown.check).toEqual(
      checkLanguage(added, 'connectivity in remote mountain regions remains a shared priority'),
    );
  });

  it('drops the least recently used library past the count bound', { timeout: 60_000 }, async () => {
    const p = open({ size: 1, languageLibraries: 1 });
    const engines = poolEngines(p);
    const { load } = fixtureLoad();
    await engines.language('t1', { key: 's/t1/a', revision: 1 }, { summary: true }, load.read);
    await engines.language('t1', { key: 's/t1/b', revision: 1 }, { summary: true }, load.read);
    expect([...p.holders().keys()]).toEqual(['s/t1/b']);
    await engines.language('t1', { key: 's/t1/a', revision: 1 }, { summary: true }, load.read);
    expect(load.calls).toBe(3);
  });

  it('refuses a library over the resident budget, naming the variable', { timeout: 60_000 }, async () => {
    const p = open({ languageMb: 0.25 });
    const { load } = fixtureLoad();
    const err = await poolEngines(p)
      .language('t1', { key: 's/t1/p1', revision: 1 }, { check: PHRASE }, load.read)
      .catch((e: unknown) => e as RapporteurError);
    expect((err as RapporteurError).code).toBe('LIMIT_EXCEEDED');
    expect((err as RapporteurError).hint).toContain('RAPPORTEUR_LANGUAGE_MB');
    expect(p.holders().size).toBe(0);
  });

  it("answers another tenant's status within 1 s while a long library load and match run", {
    timeout: 120_000,
  }, async () => {
    const p = open();
    const engines = poolEngines(p);
    const small = await extractDocument(new TextEncoder().encode('# A\n\n1. Text [a][b].\n'), {
      name: 'a.md',
      limits: DEFAULT_EXTRACT_LIMITS,
    });
    // Both workers started first, so the timing is the job's, not a module load.
    await Promise.all([engines.readDraft('warm-a', small, {}), engines.readDraft('warm-b', small, {})]);
    // Texts without stored segments: the worker parses and indexes some 6 MB, seconds of work.
    const bigLoad = async (): Promise<LibraryLoad> => ({
      rows: Array.from({ length: 12 }, (_, i) => ({
        textId: `big-${i}`,
        info: { title: `Generated text ${i}`, adopted: `20${10 + i}-01-01` },
        text: generatedText(i, 500_000),
      })),
    });
    let matched = false;
    const long = Promise.all(
      [0, 1, 2].map((i) =>
        engines.language('big', { key: 's/big/p', revision: 1 }, { check: generatedText(i, 2000) }, bigLoad),
      ),
    ).then(() => {
      matched = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    const json = parsedText((await engines.readDraft('other', small, {})).parsed) as string;
    const t0 = performance.now();
    const status = await engines.draftStatus('other', { json });
    const ms = performance.now() - t0;
    expect(status.brackets.total).toBeGreaterThan(0);
    expect(matched).toBe(false);
    expect(ms).toBeLessThan(1000);
    await long;
  });
});

/** Numbered paragraphs of made-up negotiation prose, `chars` long, different per `seed`. */
function generatedText(seed: number, chars: number): string {
  const words = [
    'member',
    'states',
    'shall',
    'promote',
    'sustainable',
    'access',
    'regional',
    'cooperation',
    'capacity',
    'building',
    'developing',
    'countries',
    'stakeholders',
    'digital',
    'infrastructure',
    'affordable',
    'inclusive',
    'measures',
    'national',
    'strategies',
  ];
  let x = seed * 7919 + 1;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x;
  };
  const out: string[] = [];
  let length = 0;
  for (let n = 1; length < chars; n++) {
    const para = Array.from({ length: 40 }, () => words[next() % words.length]).join(' ');
    out.push(`${n}. ${para}.`);
    length += para.length + 8;
  }
  return `# Generated text ${seed}\n\n${out.join('\n\n')}\n`;
}
