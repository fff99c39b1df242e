import { describe, expect, it } from 'vitest';
import { blocksFromText } from '../../src/core/documents/text.js';
import { parseDraftText } from '../../src/core/drafts/index.js';
import { RapporteurError } from '../../src/core/errors.js';
import {
  adoptionDate,
  checkLanguage,
  draftLanguage,
  LanguageLibrary,
  MAX_CHECK_CHARS,
  parseManifest,
  sectionLanguage,
} from '../../src/core/language/index.js';
import type { AgreedTextInfo } from '../../src/core/language/types.js';
import { library, NEWER_AGENDA, OLDER_PLAN } from './fixtures.js';

const TITLE_OLD = 'The role of governments and all stakeholders in the promotion of ICTs for development';
const TITLE_NEW =
  'The role of public governance authorities and all stakeholders in the promotion of ICTs for development';

describe('roll-backs: the most recent agreed text wins', () => {
  const lib = library();

  it('compares the options of a bracket group and names the one that rolls back', () => {
    const r = checkLanguage(
      lib,
      'The role of [governments][public governance authorities] and all stakeholders in the promotion of ICTs for development',
    );
    expect(r.alternatives).toHaveLength(1);
    const [older, newer] = r.alternatives[0]?.options ?? [];
    expect(older).toMatchObject({ text: 'governments', newest: false });
    expect(older?.sources.map((s) => s.text.title)).toEqual(['Example Plan of Action']);
    expect(older?.rollBack?.newer).toMatchObject({
      wording: 'public governance authorities',
      text: { title: 'Example Agenda', adopted: '2005-11-18' },
    });
    expect(older?.rollBack?.message).toBe(
      '[governments] follows Example Plan of Action (2003) heading "C1. The role of governments and all…"; Example Agenda (2005) heading "C1. The role of public governance…" reads "public governance authorities"',
    );
    expect(newer).toMatchObject({ text: 'public governance authorities', newest: true });
    expect(newer?.rollBack).toBeUndefined();
    expect(r.alternatives[0]?.newest).toMatchObject({ option: 1, text: { title: 'Example Agenda' } });
    expect(r.rollBacks).toHaveLength(1);
  });

  it('finds a roll-back in a pasted proposal without brackets, aligned by the words around it', () => {
    const r = checkLanguage(lib, TITLE_OLD);
    expect(r.rollBacks).toHaveLength(1);
    expect(r.rollBacks[0]).toMatchObject({
      wording: 'governments',
      follows: { text: { title: 'Example Plan of Action' } },
      newer: { text: { title: 'Example Agenda' }, wording: 'public governance authorities' },
    });
    // Both texts are sources (the words around the change are in both), newest first.
    expect(r.sources.map((s) => s.text.title)).toEqual(['Example Agenda', 'Example Plan of Action']);
    expect(r.sources[1]).toMatchObject({ verbatim: true, coverage: 1 });
  });

  it('does not call the newest wording a roll-back', () => {
    const r = checkLanguage(lib, TITLE_NEW);
    expect(r.rollBacks).toEqual([]);
    expect(r.sources[0]).toMatchObject({ text: { title: 'Example Agenda' }, verbatim: true });
  });

  it('reports a changed date in an otherwise identical sentence as a roll-back to the older text', () => {
    const r = checkLanguage(
      lib,
      'Every member state should [draw up a national e-strategy with broad participation of its people, by 2005].',
    );
    expect(r.rollBacks).toHaveLength(1);
    expect(r.rollBacks[0]).toMatchObject({
      wording: '2005',
      follows: { text: { title: 'Example Plan of Action' }, passage: { label: '¶ 1' } },
      newer: { text: { title: 'Example Agenda' }, passage: { label: '¶ 7' }, wording: '2010' },
    });
    // The bracket as a whole follows the older text only: it is not the newest agreed language.
    expect(r.brackets[0]).toMatchObject({ newest: false });
    expect(r.brackets[0]?.sources.map((s) => s.text.title)).toEqual(['Example Plan of Action']);
  });

  it('a newer text of the same date but a higher rank wins', () => {
    const texts: [string, AgreedTextInfo][] = [
      [
        '1. Member states shall protect the freedom of expression of journalists working in conflict zones.',
        { title: 'Committee report', adopted: '2010-05-01', rank: 'committee' },
      ],
      [
        '1. Member states shall protect the safety of journalists working in conflict zones.',
        { title: 'Summit declaration', adopted: '2010-05-01', rank: 'summit' },
      ],
    ];
    const r = checkLanguage(
      library(texts),
      'Member states shall protect the freedom of expression of journalists working in conflict zones.',
    );
    expect(r.rollBacks[0]?.newer.text.title).toBe('Summit declaration');
  });
});

describe('near-verbatim reuse', () => {
  const lib = library();

  it('tolerates inflection and punctuation, and marks the overlapping words', () => {
    const r = checkLanguage(
      lib,
      'Partnership between public bodies and private firms is encouraged for building rural connectivity, in remote mountain regions.',
    );
    expect(r.sources.map((s) => s.text.title)).toEqual(['Example Agenda', 'Example Plan of Action']);
    expect(r.sources[0]?.queryMarked).toBe(
      '«Partnership between public bodies and private firms is encouraged for building rural connectivity, in remote mountain regions»',
    );
    expect(r.sources[0]?.coverage).toBe(1);
  });

  it('bridges an inserted qualifier', () => {
    const r = checkLanguage(
      lib,
      'Libraries, archives and post offices shall, as appropriate, serve as community access points to information networks.',
    );
    expect(r.sources).toHaveLength(1);
    expect(r.sources[0]?.passage.label).toBe('¶ 3');
    expect(r.sources[0]?.queryMarked).toContain(
      '«Libraries, archives and post offices shall», as appropriate, «serve',
    );
    expect(r.sources[0]?.verbatim).toBe(false);
  });

  it('finds reordered list items, whatever their letters', () => {
    const lists: [string, AgreedTextInfo][] = [
      [
        [
          '5. Governments are invited to:',
          '',
          '(a) train teachers in the use of digital tools in every rural school;',
          '(b) connect public hospitals to secure networks for telemedicine services;',
          '(c) publish the budgets of local authorities as open data in machine-readable form.',
        ].join('\n'),
        { title: 'Declaration on digital public services', adopted: '2012-03-01' },
      ],
    ];
    const r = checkLanguage(
      library(lists),
      'Governments are invited to (a) publish the budgets of local authorities as open data in machine-readable form and (b) train teachers in the use of digital tools in every rural school.',
    );
    const sources = r.sources.filter((s) => s.text.title === 'Declaration on digital public services');
    expect(sources.length).toBeGreaterThan(0);
    const marked = sources.map((s) => s.queryMarked).join(' ');
    expect(marked).toContain(
      '«publish the budgets of local authorities as open data in machine-readable form»',
    );
    expect(marked).toContain('«train teachers in the use of digital tools in every rural school»');
  });
});

describe('false friends: common phrases are not reuse', () => {
  // A library where a legal formula recurs in many passages, as it does in real ones.
  const boiler = (subject: string) =>
    `${subject} shall be handled in accordance with the relevant national legislation and regulations.`;
  const subjects = [
    'Fishing licences',
    'Customs declarations',
    'Broadcast frequencies',
    'Hospital records',
    'Pension claims',
    'Railway concessions',
    'Water permits',
    'Border crossings',
  ];
  const texts: [string, AgreedTextInfo][] = [
    [
      subjects.map((s, i) => `${i + 1}. ${boiler(s)}`).join('\n\n'),
      { title: 'Compendium of regulations', adopted: '2001-01-01' },
    ],
    [
      '1. Coastal states shall establish marine protected areas covering thirty per cent of their exclusive economic zones.\n\n2. Tourism revenue should fund the restoration of coral reefs.',
      { title: 'Ocean declaration', adopted: '2008-06-08' },
    ],
  ];
  const lib = library(texts);

  it('a boilerplate formula the library repeats is not a source', () => {
    const r = checkLanguage(
      lib,
      'Satellite orbits shall be handled in accordance with the relevant national legislation and regulations.',
    );
    expect(r.sources).toEqual([]);
  });

  it('a rare phrase of the same length is', () => {
    const r = checkLanguage(
      lib,
      'Island states shall establish marine protected areas covering thirty per cent of their waters.',
    );
    expect(r.sources.map((s) => s.text.title)).toEqual(['Ocean declaration']);
  });

  it('rare words weigh more than common ones', () => {
    const rare = checkLanguage(lib, 'establish marine protected areas covering thirty per cent').sources[0];
    expect(rare?.weight).toBeGreaterThan(5);
    expect(lib.weight(lib.vocab.lookup('accordance'), 0)).toBeLessThan(
      lib.weight(lib.vocab.lookup('coral'), 0),
    );
  });
});

describe('sections of a draft', () => {
  it('reports each paragraph with its sources, bracket verdicts and roll-backs', () => {
    const draft = parseDraftText(
      [
        '# Draft outcome document',
        '',
        '## C1. Public governance',
        '',
        '12. [Every member state should draw up a national e-strategy with broad participation of its people, by 2005.]',
        '',
        '13. The role of [governments][public governance authorities] and all stakeholders in the promotion of ICTs for development is recognised.',
        '',
        '14. A paragraph with nothing agreed in it about weather balloons.',
      ].join('\n'),
      'markdown',
      { name: 'draft.md' },
    );
    const section = draft.sections.findIndex((s) => s.title.includes('Public governance'));
    const report = sectionLanguage(library(), draft, section);
    expect(report.schema).toBe('rapporteur/language-section@1');
    expect(report.paragraphs.map((p) => p.id)).toHaveLength(4);
    const p12 = report.paragraphs.find((p) => p.id.endsWith('12'));
    expect(p12?.rollBacks[0]?.newer.wording).toBe('2010');
    const p13 = report.paragraphs.find((p) => p.id.endsWith('13'));
    expect(p13?.alternatives[0]?.options.map((o) => o.newest)).toEqual([false, true]);
    expect(report.paragraphs.find((p) => p.id.endsWith('14'))?.sources).toEqual([]);
    expect(report.summary).toMatchObject({ rollBacks: 2, alternatives: 1 });
  });
});

describe('whole versions', () => {
  const PARA =
    'Partnerships between public bodies and private firms are encouraged for building rural connectivity in remote mountain regions.';
  const v1 = [
    '# Draft',
    '',
    `1. ${PARA}`,
    '',
    '2. Libraries and post offices shall serve as community access points.',
  ].join('\n');
  // The next version moves the same paragraph further down, under a new one.
  const v2 = ['# Draft, revised', '', '1. A new paragraph about weather balloons.', '', `2. ${PARA}`].join(
    '\n',
  );

  it('a paragraph a version keeps answers as when matched afresh, at its new place', () => {
    const lib = library();
    const first = draftLanguage(lib, parseDraftText(v1, 'markdown'));
    const second = draftLanguage(lib, parseDraftText(v2, 'markdown'));
    const fresh = draftLanguage(library(), parseDraftText(v2, 'markdown'));
    expect(second).toEqual(fresh);
    const kept = second.find((p) => p.sources.length > 0);
    const before = first.find((p) => p.sources.length > 0);
    expect(kept?.start).toBeGreaterThan(before?.start as number);
    const [s, e] = (kept?.sources[0]?.overlaps.query[0] ?? [0, 0]) as [number, number];
    expect(v2.slice(s, e)).toBe(PARA.slice(0, -1));
  });

  it('a text added to the library makes earlier answers stale', () => {
    const lib = library([[NEWER_AGENDA, { title: 'Example Agenda', adopted: '2005-11-18' }]]);
    const alone = draftLanguage(lib, parseDraftText(v1, 'markdown'));
    lib.add(
      { title: 'Example Plan of Action', adopted: '2003-12-12' },
      { text: OLDER_PLAN, blocks: blocksFromText(OLDER_PLAN, 'markdown'), type: 'markdown' },
    );
    const both = draftLanguage(lib, parseDraftText(v1, 'markdown'));
    expect(both.flatMap((p) => p.sources).length).toBeGreaterThan(alone.flatMap((p) => p.sources).length);
  });
});

describe('bad input', () => {
  it('an empty library says how to add documents', () => {
    const err = catchError(() => checkLanguage(new LanguageLibrary(), 'anything at all'));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.describe()).toMatch(/library of agreed texts is empty.*library\.json.*\/language add/);
  });

  it('a huge pasted text is refused with the limit', () => {
    const err = catchError(() => checkLanguage(library(), 'word '.repeat(MAX_CHECK_CHARS)));
    expect(err.code).toBe('LIMIT_EXCEEDED');
    expect(err.message).toContain('over the 20,000-character limit');
  });

  it('an agreed text without a proper date or rank is refused by name', () => {
    const lib = new LanguageLibrary();
    const source = { text: 'Some words here.', blocks: blocksFromText('Some words here.', 'text') };
    expect(
      catchError(() => lib.add({ title: 'X', adopted: '18 Nov 2005', name: 'x.md' }, source)).message,
    ).toBe('x.md: "18 Nov 2005" is not a date of adoption in the form YYYY-MM-DD.');
    expect(
      catchError(() =>
        lib.add({ title: 'X', adopted: '2005-11-18', rank: 'global' as never, name: 'x.md' }, source),
      ).describe(),
    ).toContain('Use one of: summit, ministerial, committee.');
  });

  it('a bad manifest lists its problems', () => {
    const err = catchError(() => parseManifest('{"texts":[{"file":"a.md","adopted":"2005"}]}'));
    expect(err.message).toContain('texts.0.adopted: a date of adoption in the form YYYY-MM-DD');
  });
});

describe('adoption dates from the document itself', () => {
  it('prefers the date on an "adopted" line', () => {
    const text = 'Report of 3 March 2006\n\nAdopted at Tunis, 18 November 2005\n\nText.';
    expect(adoptionDate({ text, metadata: {} })).toBe('2005-11-18');
  });
  it('else the first full date near the top; none when there is no full date', () => {
    expect(adoptionDate({ text: 'Declaration\nGeneva, 12 December 2003\n', metadata: {} })).toBe(
      '2003-12-12',
    );
    expect(adoptionDate({ text: 'Declaration of principles, December 2003', metadata: {} })).toBeUndefined();
  });
});

function catchError(fn: () => unknown): RapporteurError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RapporteurError) return err;
    throw err;
  }
  throw new Error('expected an error');
}
