import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Scope } from '../../src/core/app/context.js';
import { resolveProcess } from '../../src/core/app/context.js';
import { asChangePayload } from '../../src/core/app/contracts.js';
import { postDraftVersion } from '../../src/core/app/drafts.js';
import { checkText, loadLibrary, sectionLanguageReport } from '../../src/core/app/language.js';
import { followProcess, setStaff } from '../../src/core/app/setup.js';
import type { IncomingFile } from '../../src/core/commands/args.js';
import { COMMANDS, runTextCommand } from '../../src/core/commands/index.js';
import { RapporteurError } from '../../src/core/errors.js';
import {
  addStoredSegment,
  checkLanguage,
  decodeSegment,
  encodeSegment,
  LANGUAGE_INDEX_SCHEMA,
  LanguageLibrary,
} from '../../src/core/language/index.js';
import type { Reply } from '../../src/core/reply.js';
import { admin, caucus, createTestApp, member, STAFF_ROLE, staffer, type TestApp } from '../helpers/app.js';
import { library, NEWER_AGENDA, OLDER_PLAN } from './fixtures.js';

/**
 * The library of agreed texts through the chat commands and use cases, on a real (SQLite)
 * store with the real documents module: who may change it, what an empty or oversized
 * request answers, matching, the cache of a version's match, the index snapshot, the
 * roll-back line of a draft alert, promotion of an adopted version, and tenants kept apart.
 */

const TITLE_OLD = 'The role of governments and all stakeholders in the promotion of ICTs for development';

function file(name: string, text: string | Uint8Array, contentType?: string): IncomingFile {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return { name, size: bytes.byteLength, ...(contentType ? { contentType } : {}), read: async () => bytes };
}

let app: TestApp;
const run = (text: string, actor: Actor = member, files: IncomingFile[] = [], scope: Scope = caucus) =>
  runTextCommand(COMMANDS, { deps: app.deps, scope, actor, requestId: 'test' }, text, { files });
const plain = (t: unknown): string =>
  typeof t === 'string'
    ? t
    : Array.isArray(t)
      ? t.map((x) => (typeof x === 'string' ? x : Object.values(x as object).join(' '))).join('')
      : '';
const textOf = (r: Reply) =>
  [
    r.title,
    plain(r.summary),
    ...r.sections.flatMap((s) => [s.heading ?? '', plain(s.body), ...(s.items ?? []).map(plain)]),
  ].join('\n');

const DRAFT_V1 = `# Outcome document

## C1. The role of public governance authorities and all stakeholders in the promotion of ICTs for development

1. Every member state should draw up a national e-strategy with broad participation of its people, by 2010.
`;
// The second version brings back the older wording as an option, beside the newer one.
const DRAFT_V2 = `# Outcome document

## C1. The role of stakeholders

1. The role of [governments][public governance authorities] and all stakeholders in the promotion of ICTs for development is recognised.

2. Every member state should draw up a national e-strategy with broad participation of its people, by 2010.
`;

beforeAll(async () => {
  app = await createTestApp('2014-06-01T08:00:00Z');
  await followProcess(app.deps, caucus, admin, { name: 'WSIS+10 Review' });
  await setStaff(app.deps, caucus, admin, {
    principal: { kind: 'platform-role', id: STAFF_ROLE },
    grant: true,
  });
});
afterAll(() => app?.close());

describe('/language with an empty library', () => {
  it('answers a check with how to add documents', async () => {
    const r = await run(`/language check ${TITLE_OLD}`);
    expect(r.tone).toBe('error');
    expect(textOf(r)).toContain('library of agreed texts of WSIS+10 Review is empty');
    expect(textOf(r)).toContain('/language add <file> --title');
    const list = await run('/language list');
    expect(list.title).toContain('the library of agreed texts is empty');
    expect(textOf(list)).toContain('/language add');
  });

  it('refuses a huge pasted text with the limit, before reading the library', async () => {
    const err = await checkText(app.deps, caucus, { text: 'word '.repeat(5000) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RapporteurError);
    expect((err as RapporteurError).code).toBe('LIMIT_EXCEEDED');
    expect((err as RapporteurError).message).toContain('25,000 characters, over the 20,000-character limit');
    const r = await run(`/language check ${'word '.repeat(5000)}`);
    expect(textOf(r)).toContain('20,000-character limit');
  });
});

describe('managing the library', () => {
  it("lets only chairs' staff and administrators add, in the core", async () => {
    const r = await run(
      '/language add --title "Example Plan of Action" --adopted 2003-12-12 --rank summit',
      member,
      [file('plan.md', OLDER_PLAN)],
    );
    expect(r.tone).not.toBe('success');
    expect(textOf(r)).toContain("Only the chairs' staff of WSIS+10 Review may add texts");
    const { store, process } = await resolveProcess(app.deps, caucus);
    expect(await store.listAgreedTexts(process.id)).toEqual([]);
  });

  it('gives the documents module’s error for a file that is not text', async () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 1, 0,
    ]);
    const r = await run('/language add --title "Scan" --adopted 2003-12-12', staffer, [
      file('scan.png', png),
    ]);
    expect(r.tone).toBe('error');
    expect(textOf(r)).toMatch(/scan\.png/);
    expect(textOf(r)).toMatch(/DOCX|PDF|Markdown/);
  });

  it('refuses a malformed date of adoption before reading the file', async () => {
    const r = await run('/language add --title "Plan" --adopted 12/12/2003', staffer, [
      file('plan.md', OLDER_PLAN),
    ]);
    expect(r.tone).toBe('error');
    expect(textOf(r)).toContain('YYYY-MM-DD');
  });

  it('adds texts, lists them newest first, and refuses the same file twice', async () => {
    const added = await run(
      '/language add --title "Example Plan of Action" --adopted 2003-12-12 --rank summit',
      staffer,
      [file('plan.md', OLDER_PLAN)],
    );
    expect(added.tone).toBe('success');
    expect(added.title).toBe('Added to the library of WSIS+10 Review: Example Plan of Action');
    expect(textOf(added)).toMatch(/\d+ passages indexed; the library holds 1 agreed text/);
    const second = await run(
      '/language add --title "Example Agenda" --adopted 2005-11-18 --symbol EX/2005/6 --rank summit --body "Example Summit"',
      admin,
      [file('agenda.md', NEWER_AGENDA)],
    );
    expect(second.tone).toBe('success');
    const again = await run('/language add --title "Again" --adopted 2003-12-12', staffer, [
      file('plan-copy.md', OLDER_PLAN),
    ]);
    expect(again.tone).toBe('error');
    expect(textOf(again)).toContain('already in the library');
    const list = await run('/language list');
    expect(list.title).toBe('WSIS+10 Review: 2 agreed texts');
    const items = list.sections[0]?.items as string[];
    expect(items[0]).toMatch(/^Example Agenda \(EX\/2005\/6\), adopted 2005-11-18, summit by Example Summit/);
    expect(items[1]).toMatch(/^Example Plan of Action, adopted 2003-12-12, summit/);
  });

  it('checks a phrase: sources newest first and the roll-back', async () => {
    const r = await run(`/language check ${TITLE_OLD}`);
    expect(r.tone).toBe('warning');
    expect(r.title).toBe('Agreed language: 2 passages in 2 texts');
    const text = textOf(r);
    expect(text).toContain(
      'ROLL-BACK: [governments] follows Example Plan of Action (2003) heading "C1. The role of governments and all…"; Example Agenda (2005) heading "C1. The role of public governance…" reads "public governance authorities"',
    );
    expect(text.indexOf('Example Agenda (EX/2005/6)')).toBeLessThan(
      text.indexOf('Example Plan of Action, adopted'),
    );
    expect(text).toContain(
      '«The role of governments and all stakeholders in the promotion of ICTs for development»',
    );
  });

  it("keeps each text's segment of the index in the store; a library merged from them answers as the built one", async () => {
    const { store, process } = await resolveProcess(app.deps, caucus);
    const rows = await store.listAgreedTextSegments(process.id);
    expect(rows.length).toBe(2);
    for (const row of rows) expect(row.segment?.schemaVersion).toBe(LANGUAGE_INDEX_SCHEMA);
    const built = (await loadLibrary(app.deps, store, process)).library;
    // A process that starts afresh (no library in memory) merges the segments, never re-reads the texts.
    const noTexts = new Proxy(store, {
      get: (target, key, receiver) =>
        key === 'listAgreedTextContents'
          ? () => Promise.reject(new Error('read the texts instead of the segments'))
          : Reflect.get(target, key, receiver),
    });
    const fresh = () => ({ ...app.deps, store: Object.create(app.deps.store) as typeof app.deps.store });
    const loaded = await loadLibrary(fresh(), noTexts, process);
    expect(checkLanguage(loaded.library, TITLE_OLD)).toEqual(checkLanguage(built, TITLE_OLD));

    // An unreadable segment is rebuilt from its text, and stored again.
    const broken = rows[0]?.record.id as string;
    await store.setLanguageSegment(broken, {
      schemaVersion: LANGUAGE_INDEX_SCHEMA,
      bytes: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    });
    const rebuilt = await loadLibrary(fresh(), store, process);
    expect(checkLanguage(rebuilt.library, TITLE_OLD)).toEqual(checkLanguage(built, TITLE_OLD));
    const again = (await store.listAgreedTextSegments(process.id)).find((r) => r.record.id === broken);
    expect(() => decodeSegment(again?.segment?.bytes as Uint8Array)).not.toThrow();

    // And in memory: the fixture library, each text through its segment's bytes.
    const lib = library();
    const merged = new LanguageLibrary();
    lib.texts.forEach((t, i) => {
      addStoredSegment(merged, encodeSegment(lib, i), t.text);
    });
    expect(checkLanguage(merged, TITLE_OLD)).toEqual(checkLanguage(lib, TITLE_OLD));
    expect(() => decodeSegment(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))).toThrow(
      /unreadable/,
    );
    // A segment that does not fit its text (the text changed under it) is refused, not misread.
    expect(() => addStoredSegment(new LanguageLibrary(), encodeSegment(lib, 0), 'short')).toThrow(
      /does not fit/,
    );
  });
});

describe('versions: section reports, the alert line, promotion', () => {
  it('adds a line to the draft alert when a new version adds a roll-back, and only then', async () => {
    app.clock.set('2014-06-02T08:00:00Z');
    await postDraftVersion(app.deps, caucus, staffer, {
      document: 'Outcome',
      label: 'first',
      file: { name: 'outcome-1.md', bytes: new TextEncoder().encode(DRAFT_V1) },
    });
    app.clock.set('2014-06-03T08:00:00Z');
    const second = await postDraftVersion(app.deps, caucus, staffer, {
      document: 'Outcome',
      label: 'second',
      file: { name: 'outcome-2.md', bytes: new TextEncoder().encode(DRAFT_V2) },
    });
    const { store, process } = await resolveProcess(app.deps, caucus);
    const changes = (await store.listChanges(process.id)).filter((c) => c.kind === 'draft.version');
    const lines = changes.map((c) => (asChangePayload(c.payload)?.alert.lines ?? []).map(String));
    expect(lines[0]?.some((l) => l.includes('roll-back'))).toBe(false);
    expect(lines[1]).toContain(
      'Agreed language: 1 new roll-back to older agreed text (the most recent agreed text wins).',
    );
    expect(lines[1]?.find((l) => l.startsWith('Roll-back:'))).toMatch(
      /\[governments\] follows Example Plan of Action/,
    );
    // The match was computed once, at posting, and kept for this library revision.
    const cached = await store.getLanguageMatch(second.version.id);
    expect(cached?.libraryRevision).toBe(await store.libraryRevision(process.id));
  });

  it('reports a section from the match kept for the version', async () => {
    const { store } = await resolveProcess(app.deps, caucus);
    const { version, report } = await sectionLanguageReport(app.deps, caucus, {
      section: 'role of stakeholders',
    });
    const kept = await store.getLanguageMatch(version.id);
    expect(report.summary).toMatchObject({ paragraphs: 3, rollBacks: 1, alternatives: 1 });
    const options = report.paragraphs.flatMap((p) => p.alternatives).flatMap((a) => a.options);
    expect(options.map((o) => [o.text, o.newest, o.rollBack !== undefined])).toEqual([
      ['governments', false, true],
      ['public governance authorities', true, false],
    ]);
    // Not recomputed: the stored match is the one written at posting.
    expect(await store.getLanguageMatch(version.id)).toEqual(kept);
    const r = await run('/language section role of stakeholders');
    expect(r.title).toBe('Outcome #2 "second": C1. The role of stakeholders');
    expect(textOf(r)).toContain('[governments]: rolls back to older agreed language');
    expect(textOf(r)).toContain('[public governance authorities]: newest agreed language');
    // Paragraphs as people cite them ("¶2 (line 9)"), never the engine's ids ("C1/2").
    expect(textOf(r)).toMatch(/¶\S+ \(line \d+\)/);
    expect(textOf(r)).not.toMatch(/C1\//);
    const missing = await run('/language section C9');
    expect(textOf(missing)).toContain('No section matches "C9"');
  });

  it('promotes an adopted version in one command, and its words become agreed language', async () => {
    const denied = await run('/language promote 1 --adopted 2014-06-10', member);
    expect(textOf(denied)).toContain("Only the chairs' staff");
    const r = await run(
      '/language promote 1 --document Outcome --adopted 2014-06-10 --rank ministerial',
      staffer,
    );
    expect(r.tone).toBe('success');
    expect(r.title).toBe('Promoted to the library of WSIS+10 Review: Outcome #1 "first"');
    expect(textOf(r)).toContain('Outcome (first), adopted 2014-06-10, ministerial');
    const check = await run(
      '/language check every member state should draw up a national e-strategy with broad participation of its people by 2010',
    );
    expect(textOf(check)).toMatch(/Outcome \(first\), adopted 2014-06-10, ministerial, ¶ 1: verbatim/);
    // A new library revision: the version's match is recomputed against it, then kept.
    const { store, process } = await resolveProcess(app.deps, caucus);
    const { version } = await sectionLanguageReport(app.deps, caucus, { section: 'role of stakeholders' });
    expect((await store.getLanguageMatch(version.id))?.libraryRevision).toBe(
      await store.libraryRevision(process.id),
    );
  });

  it('removes a text by symbol or title', async () => {
    const denied = await run('/language remove EX/2005/6', member);
    expect(textOf(denied)).toContain("Only the chairs' staff");
    const r = await run('/language remove EX/2005/6', staffer);
    expect(r.title).toBe('Removed from the library of WSIS+10 Review: Example Agenda');
    const check = await run(`/language check ${TITLE_OLD}`);
    expect(textOf(check)).toContain('Example Plan of Action');
    expect(textOf(check)).not.toContain('Example Agenda');
    const unknown = await run('/language remove Nothing like this', staffer);
    expect(textOf(unknown)).toContain('No agreed text matches "Nothing like this"');
  });

  it('keeps tenants apart: another server sees an empty library', async () => {
    const other: Scope = {
      ...caucus,
      tenantExternalId: '700000000000000099',
      channelId: '710000000000000099',
    };
    await followProcess(app.deps, other, admin, { name: 'WSIS+10 Review' });
    const r = await run(`/language check ${TITLE_OLD}`, member, [], other);
    expect(textOf(r)).toContain('is empty');
    expect((await run('/language list', member, [], other)).title).toContain('is empty');
  });
});
