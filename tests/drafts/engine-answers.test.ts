import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blocksFromText } from '../../src/core/documents/text.js';
import {
  type DraftStatus,
  draftStatus,
  type ParsedDraft,
  type ParseOptions,
  parseDraft,
} from '../../src/core/drafts/index.js';
import { corpusAvailable, corpusPath } from '../helpers/corpus.js';
import { FIXTURES } from './fixtures.js';
import { denseDraft, generateDraft } from './generate.js';

/**
 * The engine's answers, pinned: parse + status on dense and generated drafts, the fixtures,
 * hostile shapes and comments, recorded before the engine was reworked for speed (#14) and
 * required to stay identical. Each input gives a readable summary (bracket counts, stray
 * closers, section states, notes, alternatives, words) and a hash of the whole parse and
 * status JSON, so any change in any field shows. After an intended change of answers,
 * re-record with `RECORD_ENGINE_ANSWERS=1 npx vitest run tests/drafts/engine-answers.test.ts`
 * and review the diff of engine-answers.json.
 */

const ANSWERS = join(import.meta.dirname, 'engine-answers.json');

type Format = 'markdown' | 'text';

const CROSSING = [
  'Article 1 [Scope]',
  '',
  '[1. Parties shall cooperate on [research and [systematic observation.',
  '',
  '2. Parties shall share data.]',
  '',
  'Article 2',
  '',
  '1. A committee [is hereby established.',
  '',
  'Article 3',
  '',
  '1. Parties shall report every [two] years.]]',
  '',
  'Option 1: [Parties may withdraw.',
  'Option 2: Parties [shall] [should] not withdraw.]',
].join('\n');

/** Limits raised far beyond the defaults: the hostile shapes test the engine, not the limits. */
const RAISED: ParseOptions = { limits: { maxBrackets: 1_000_000, maxDepth: 1_000_000 } };

/** Hostile and degenerate shapes, written for this test. */
const HOSTILE: [string, string, Format][] = [
  ['openers', '['.repeat(3_000), 'text'],
  ['closers', ']'.repeat(3_000), 'markdown'],
  ['nested pairs', `${'[x '.repeat(90)}${']'.repeat(90)}`, 'text'],
  ['adjacent runs', '[a][b] / [c]\n\n'.repeat(400), 'text'],
  ['slashes', '[objectives / conditions / means] and [a / [b] / c]\n\n'.repeat(200), 'markdown'],
  ['crossing sections', CROSSING, 'text'],
  ['crossing sections (markdown)', CROSSING.replace(/^Article/gm, '## Article'), 'markdown'],
  ['controls', '\u0000[\ud800]\udfff\u0007 [a\u2028b] \f\r\n[', 'text'],
  [
    'notes and links',
    'Title [Note: to be issued] [sic] [...] [1] see [the text](http://x.y/z) [agreed ad ref] [^2] [A/CONF.1/L.2] [US, EU: delete] [G77 proposal]\n\n[^2]: A note.\n'.repeat(
      50,
    ),
    'markdown',
  ],
  [
    'contested numbers',
    'Article 4\n\n[12 bis.] Parties [shall] act.\n\n[(a)] [Alt 1: text] [Alt 2: more]\n\n'.repeat(60),
    'text',
  ],
];

function inputs(): [string, () => ParsedDraft][] {
  const plain =
    (text: string, type: Format, options: ParseOptions = {}) =>
    () =>
      parseDraft({ text, blocks: blocksFromText(text, type), type }, options);
  const out: [string, () => ParsedDraft][] = [
    ['dense 60 kB text', plain(denseDraft(60_000), 'text')],
    ['dense 30 kB markdown', plain(denseDraft(30_000), 'markdown')],
    ['generated 300 kB markdown', plain(generateDraft({ size: 300_000, brackets: 1_500 }).text, 'markdown')],
    [
      'generated 150 kB text, seed 7',
      plain(generateDraft({ size: 150_000, brackets: 1_200, seed: 7, format: 'text' }).text, 'text'),
    ],
    [
      'generated 150 kB revised',
      plain(generateDraft({ size: 150_000, brackets: 900, seed: 31, revise: true }).text, 'markdown'),
    ],
  ];
  for (const file of readdirSync(FIXTURES).sort()) {
    const type: Format = file.endsWith('.md') ? 'markdown' : 'text';
    out.push([`fixture ${file}`, plain(readFileSync(join(FIXTURES, file), 'utf8'), type)]);
  }
  for (const [name, text, type] of HOSTILE) out.push([`hostile: ${name}`, plain(text, type, RAISED)]);
  const commented =
    'Parties [shall] [should] act [on [finance]].\n\n[Developed countries] provide support.\n';
  out.push([
    'comments',
    () =>
      parseDraft({
        text: commented,
        blocks: blocksFromText(commented, 'markdown'),
        type: 'markdown',
        comments: [
          {
            id: '1',
            author: 'a',
            text: 'EU: prefer shall',
            anchor: { block: 0, start: 8, end: 15, text: commented.slice(8, 15) },
          },
          {
            id: '2',
            author: 'b',
            text: 'x',
            holders: ['G77'],
            anchor: { block: 0, start: 0, end: 60, text: commented.slice(0, 60) },
          },
          {
            id: '3',
            author: 'c',
            text: 'US: delete',
            anchor: { block: 0, start: 32, end: 40, text: commented.slice(32, 40) },
          },
        ],
      }),
  ]);
  return out;
}

const hash = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

function summary(d: ParsedDraft, s: DraftStatus): string {
  const b = s.brackets;
  const stray = d.diagnostics.filter((x) => x.code === 'bracket.stray-close').length;
  const states = new Map<string, number>();
  for (const sec of s.sections) states.set(sec.state, (states.get(sec.state) ?? 0) + 1);
  return [
    `brackets ${b.total} top ${b.topLevel} depth ${b.maxDepth} unclosed ${b.unclosed} stray ${stray}`,
    `sections ${[...states].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `notes ${s.notCounted.total} annotations ${d.annotations.length} alternatives ${s.alternatives}`,
    `words ${s.words.total}/${s.words.bracketed} qualifiers ${d.qualifiers.length} verbs ${d.verbs.length} diagnostics ${d.diagnostics.length}`,
    `parse ${hash(d)} status ${hash(s)}`,
  ].join('; ');
}

function record(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, parse] of inputs()) {
    const d = parse();
    out[name] = summary(d, draftStatus(d));
  }
  if (corpusAvailable) {
    // Every corpus draft, named by position only (its file names stay out of the repository).
    const dir = corpusPath('negotiation/unfccc_paris_2015_okfn_cop21');
    const rows: string[] = [];
    for (const sub of ['markdown', 'pdf_text_derived']) {
      for (const file of readdirSync(join(dir, sub)).sort()) {
        if (!file.endsWith('.md') && !file.endsWith('.raw.txt')) continue;
        const text = readFileSync(join(dir, sub, file), 'utf8');
        const type: Format = file.endsWith('.md') ? 'markdown' : 'text';
        const d = parseDraft({ text, blocks: blocksFromText(text, type), type });
        rows.push(summary(d, draftStatus(d)));
      }
    }
    out.corpus = `${rows.length} drafts, ${hash(rows)}`;
  }
  return out;
}

describe('the engine gives the answers it gave before the speed work', () => {
  it('parse + status are identical on dense, generated, fixture, hostile and corpus drafts', {
    timeout: 60_000,
  }, () => {
    const actual = record();
    if (process.env.RECORD_ENGINE_ANSWERS === '1')
      writeFileSync(ANSWERS, `${JSON.stringify(actual, null, 2)}\n`);
    const expected = JSON.parse(readFileSync(ANSWERS, 'utf8')) as Record<string, string>;
    if (!corpusAvailable) delete expected.corpus;
    expect(actual).toEqual(expected);
  });
});
