import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../../src/core/documents/index.js';
import { type ParsedDraft, parseDraft } from '../../src/core/drafts/index.js';
import {
  type AlternativeVerdict,
  describeAgreedText,
  draftLanguage,
  LanguageLibrary,
  type ParagraphLanguage,
} from '../../src/core/language/index.js';
import { corpusPath, describeCorpus } from '../helpers/corpus.js';

/**
 * The Paris negotiations as a real case. Library: the Agreement as adopted on 12 December
 * 2015 (the corpus has its transcription with the editorial corrections of 29 January 2016;
 * it has no adopted COP decision, only the draft decision of 6 November, so the Agreement
 * is the whole library). Proposals: the draft agreements of 23 October and 4 December. Which
 * bracketed options ended up as agreed language?
 */
const DIR = 'negotiation/unfccc_paris_2015_okfn_cop21/markdown';

async function read(file: string) {
  const bytes = readFileSync(corpusPath(DIR, file));
  return extractDocument(bytes, { name: file, limits: DEFAULT_EXTRACT_LIMITS });
}

describeCorpus('language: Paris drafts against the adopted Agreement', () => {
  const library = new LanguageLibrary();
  const reports = new Map<string, { draft: ParsedDraft; paragraphs: ParagraphLanguage[] }>();

  beforeAll(async () => {
    const doc = await read('agreement_final_29-jan-2016_editorial.md');
    const info = describeAgreedText(doc, 'agreement_final_29-jan-2016_editorial.md');
    library.add({ ...info, adopted: info.adopted ?? 'missing' }, doc);
    for (const file of ['agreement_4-dec-2015.md', 'agreement_23-oct-2015.md']) {
      const draft = parseDraft(await read(file));
      reports.set(file, { draft, paragraphs: draftLanguage(library, draft) });
    }
  }, 60_000);

  const groups = (file: string): AlternativeVerdict[] =>
    (reports.get(file)?.paragraphs ?? []).flatMap((p) => p.alternatives);
  const option = (file: string, paragraph: string, text: string) =>
    groups(file)
      .filter((g) => g.paragraph === paragraph)
      .flatMap((g) => g.options)
      .find((o) => o.text === text);

  it('dates and names the Agreement from the document itself', () => {
    expect(library.summary().texts[0]).toMatchObject({ title: 'Paris Agreement', adopted: '2015-12-12' });
  });

  it('finds agreed language in most of the 4 December draft', () => {
    const paragraphs = reports.get('agreement_4-dec-2015.md')?.paragraphs ?? [];
    const withSources = paragraphs.filter((p) => p.sources.length > 0).length;
    const decided = groups('agreement_4-dec-2015.md').filter((g) => g.options.some((o) => o.newest));
    console.info(
      `[corpus] 4 December: ${withSources} of ${paragraphs.length} paragraphs reuse the Agreement; ${decided.length} of ${reports.get('agreement_4-dec-2015.md')?.draft.alternatives.length} bracket groups have an option that became agreed language`,
    );
    expect(withSources).toBeGreaterThan(150);
    expect(decided.length).toBeGreaterThan(30);
  });

  it('picks the options the Agreement kept, checked by reading', () => {
    // Article 2.2: "in the light of different national circumstances" was kept.
    expect(
      option('agreement_4-dec-2015.md', 'article-2/2', 'in the light of different national circumstances'),
    ).toMatchObject({
      newest: true,
    });
    expect(
      option('agreement_4-dec-2015.md', 'article-2/2', 'the principles and provisions of the Convention'),
    ).toMatchObject({
      newest: false,
    });
    // Article 2.1(a): "well below 2 °C", not "below 1.5 °C".
    expect(option('agreement_4-dec-2015.md', 'article-2/1.1', 'below 2 °C')?.newest).toBe(true);
    expect(option('agreement_4-dec-2015.md', 'article-2/1.1', 'below 1.5 °C')?.newest).toBe(false);
    // Preamble of 23 October: "In [furtherance][pursuit] of the objective": the Agreement says "In pursuit".
    expect(option('agreement_23-oct-2015.md', 'preamble/#3', 'pursuit')?.newest).toBe(true);
    expect(option('agreement_23-oct-2015.md', 'preamble/#3', 'furtherance')?.newest).toBe(false);
  });
});
