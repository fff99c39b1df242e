import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resolveProcess } from '../../src/core/app/context.js';
import { postDraftVersion } from '../../src/core/app/drafts.js';
import { sectionLanguageReport } from '../../src/core/app/language.js';
import { followProcess, setStaff } from '../../src/core/app/setup.js';
import { COMMANDS, runTextCommand } from '../../src/core/commands/index.js';
import type { ParagraphLanguage } from '../../src/core/language/index.js';
import { admin, caucus, createTestApp, STAFF_ROLE, staffer, type TestApp } from '../helpers/app.js';
import { corpusPath, describeCorpus } from '../helpers/corpus.js';

/**
 * The Paris case through the chat commands and the store: the Agreement as adopted on
 * 12 December 2015 added to the process's library with `/language add`, the draft
 * agreements of 23 October and 4 December posted as versions, and `/language section`
 * asked which bracketed options ended up as agreed language. (The corpus has no adopted
 * COP decision, only the draft decision of 6 November: it is not agreed language, so it
 * stays out of the library.)
 */
const DIR = 'negotiation/unfccc_paris_2015_okfn_cop21/markdown';
const read = (file: string) => new Uint8Array(readFileSync(corpusPath(DIR, file)));

describeCorpus('language: the Paris drafts through the store and the chat commands', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp('2015-12-13T08:00:00Z');
    await followProcess(app.deps, caucus, admin, { name: 'ADP 2015' });
    await setStaff(app.deps, caucus, admin, {
      principal: { kind: 'platform-role', id: STAFF_ROLE },
      grant: true,
    });
    const bytes = read('agreement_final_29-jan-2016_editorial.md');
    const added = await runTextCommand(
      COMMANDS,
      { deps: app.deps, scope: caucus, actor: staffer, requestId: 'corpus' },
      '/language add --title "Paris Agreement" --adopted 2015-12-12 --symbol FCCC/CP/2015/10/Add.1 --rank ministerial',
      {
        files: [
          {
            name: 'agreement_final_29-jan-2016_editorial.md',
            size: bytes.byteLength,
            read: async () => bytes,
          },
        ],
      },
    );
    expect(added.tone, JSON.stringify(added)).toBe('success');
    for (const [file, date] of [
      ['agreement_23-oct-2015.md', '2015-10-23'],
      ['agreement_4-dec-2015.md', '2015-12-04'],
    ] as const) {
      await postDraftVersion(app.deps, caucus, staffer, {
        document: 'Draft agreement',
        label: date,
        date,
        confirm: true,
        file: { name: file, bytes: read(file) },
      });
    }
  }, 240_000);
  afterAll(() => app?.close());

  it('matches each version once, at posting, and keeps the match in the store', async () => {
    const { store, process } = await resolveProcess(app.deps, caucus);
    const document = await store.findDocument(process.id, 'Draft agreement');
    const versions = await store.listVersions(document?.id ?? '');
    const revision = await store.libraryRevision(process.id);
    for (const v of versions) expect((await store.getLanguageMatch(v.id))?.libraryRevision).toBe(revision);
    const match = await store.getLanguageMatch(versions[1]?.id ?? '');
    const paragraphs =
      (match?.data as unknown as { paragraphs: ParagraphLanguage[] } | undefined)?.paragraphs ?? [];
    const groups = paragraphs.flatMap((p) => p.alternatives);
    const decided = groups.filter((g) => g.options.some((o) => o.newest));
    console.info(
      `[corpus] 4 December (from the store): ${paragraphs.filter((p) => p.sources.length > 0).length} of ${paragraphs.length} paragraphs reuse the Agreement; ${decided.length} of ${groups.length} bracket groups have an option that became agreed language`,
    );
    expect(decided.length).toBeGreaterThan(30);
  });

  it('/language section Article 2 names the options the Agreement kept', async () => {
    const { report } = await sectionLanguageReport(app.deps, caucus, { section: 'Article 2' });
    const options = report.paragraphs.flatMap((p) => p.alternatives).flatMap((a) => a.options);
    const verdict = (text: string) => options.find((o) => o.text === text)?.newest;
    expect(verdict('below 2 °C')).toBe(true);
    expect(verdict('below 1.5 °C')).toBe(false);
    expect(verdict('in the light of different national circumstances')).toBe(true);
    const reply = await runTextCommand(
      COMMANDS,
      { deps: app.deps, scope: caucus, actor: staffer, requestId: 'corpus' },
      '/language section Article 2 --version 2015-10-23',
    );
    expect(reply.title).toMatch(/^Draft agreement #1 "2015-10-23": /);
  });
});
