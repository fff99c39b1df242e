import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { optionLine } from '../core/commands/language-format.js';
import { findSection, parseDraft, sectionChoices } from '../core/drafts/index.js';
import { RapporteurError } from '../core/errors.js';
import {
  type AlternativeVerdict,
  type CheckReport,
  checkLanguage,
  describeAgreedText,
  LanguageLibrary,
  MANIFEST_HINT,
  MAX_CHECK_CHARS,
  type ManifestEntry,
  type OptionVerdict,
  parseManifest,
  type RollBack,
  type SectionLanguageReport,
  type SourceMatch,
  sectionLanguage,
} from '../core/language/index.js';
import type { Extractor } from '../core/ports/index.js';
import { createExtractor } from '../extract/sandbox.js';
import { readInputFile } from '../input-files.js';
import { type CliContext, type CliGroup, cliUsageError, parseArgsMessage } from './context.js';

/**
 * `rapporteur language ...`: previously agreed language, with the library read from a
 * folder and no store. Every file in the folder (any format the documents module reads) is
 * an agreed text; `library.json` gives titles, symbols, dates of adoption, bodies and ranks,
 * and a text it does not list is dated from its own title or dateline.
 */

const USAGE = `Usage:
  rapporteur language check --library DIR [--json] TEXT
  rapporteur language section --library DIR FILE SECTION [--json]

DIR holds the agreed texts (DOCX, PDF, HTML, Markdown, text), optionally with a library.json:
  {"texts": [{"file": "tunis.md", "title": "Tunis Agenda", "symbol": "...", "adopted": "2005-11-18",
              "body": "WSIS", "rank": "summit"}]}       (rank: summit, ministerial or committee)
A text library.json does not list is dated from its own title or dateline ("Adopted ..., 18 November 2005").
  check    where the words of TEXT come from: agreed passages it reuses, newest first, with the
           overlapping words marked «like this»; roll-backs to an older text's wording; the options
           of each bracket group compared
  section  the same for each paragraph of one section of a draft (FILE, any readable format);
           SECTION as for \`draft status --section\`: C9, Article 6, III, or part of the title`;

export const languageGroup: CliGroup = {
  summary: 'previously agreed language: where a proposal’s words come from, and roll-backs',
  usage: USAGE,
  async run(args, ctx) {
    const [command, ...rest] = args;
    // The shared layer (src/cli/index.ts) has answered --help and refused unknown commands.
    if (command !== 'check' && command !== 'section') {
      throw usageError(`unknown language command "${command}"; use check or section.`);
    }
    const extractor = createExtractor(ctx.config.limits);
    try {
      return command === 'check' ? await check(rest, ctx, extractor) : await section(rest, ctx, extractor);
    } finally {
      await extractor.close();
    }
  },
};

const usageError = (message: string) => cliUsageError('language', message, ' for the usage', 'language: ');

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      options: { library: { type: 'string' }, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw usageError(parseArgsMessage(err));
  }
}

const EMPTY_HINT =
  'Put the agreed texts (DOCX, PDF, HTML, Markdown or text) in that folder, with a library.json giving each one’s title and date of adoption: ';

/**
 * Reads every agreed text of a folder. Refuses, by name, files whose date of adoption is
 * neither in library.json nor in the document; a file that cannot be read fails with the
 * documents module's error.
 */
export async function loadLibraryDir(
  dir: string,
  ctx: CliContext,
  extractor: Extractor,
): Promise<LanguageLibrary> {
  const full = resolve(ctx.cwd, dir);
  let names: string[];
  try {
    const st = await stat(full);
    if (!st.isDirectory()) {
      throw new RapporteurError('INVALID_ARGUMENT', `${dir} is a file, not a library folder.`, {
        hint: 'Name the folder that holds the agreed texts.',
      });
    }
    names = (await readdir(full, { withFileTypes: true }))
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    if (err instanceof RapporteurError) throw err;
    throw new RapporteurError('FILE_NOT_FOUND', `Library folder not found: ${dir}.`, {
      hint: 'Check the path; relative paths are read from the current directory.',
    });
  }
  let manifest = new Map<string, ManifestEntry>();
  if (names.includes('library.json')) {
    manifest = parseManifest(await readFile(join(full, 'library.json'), 'utf8'), 'library.json');
  }
  const files = names.filter((n) => n !== 'library.json');
  const missing = [...manifest.keys()].filter((f) => !files.includes(f));
  if (missing.length > 0) {
    throw new RapporteurError(
      'FILE_NOT_FOUND',
      `library.json lists ${missing.join(', ')}, not found in ${dir}.`,
      {
        hint: 'Put the file in the folder or remove its entry from library.json.',
      },
    );
  }
  if (files.length === 0) {
    throw new RapporteurError('NOT_FOUND', `The library folder ${dir} has no agreed texts.`, {
      hint: `${EMPTY_HINT}${MANIFEST_HINT}`,
    });
  }
  const library = new LanguageLibrary();
  const undated: string[] = [];
  const loaded: {
    info: ReturnType<typeof describeAgreedText>;
    doc: Awaited<ReturnType<Extractor['extract']>>;
  }[] = [];
  for (const name of files) {
    const file = await readInputFile(join(full, name), ctx.cwd, ctx.config.limits.maxFileBytes);
    const doc = await extractor.extract(file.bytes, { name });
    const info = describeAgreedText(doc, name, manifest.get(name));
    if (info.adopted === undefined) undated.push(name);
    else loaded.push({ info, doc });
  }
  if (undated.length > 0) {
    throw new RapporteurError(
      'INVALID_ARGUMENT',
      `No date of adoption found for ${undated.join(', ')} (neither in library.json nor in the document's title or dateline).`,
      { hint: `Add each to library.json with its "adopted" date. ${MANIFEST_HINT}` },
    );
  }
  for (const { info, doc } of loaded) library.add({ ...info, adopted: info.adopted as string }, doc);
  return library;
}

function requireLibraryOption(value: string | undefined): string {
  if (value === undefined || value.trim() === '') {
    throw usageError('--library DIR is required: the folder that holds the agreed texts.');
  }
  return value;
}

async function check(args: string[], ctx: CliContext, extractor: Extractor): Promise<number> {
  const { values, positionals } = parse(args);
  const dir = requireLibraryOption(values.library);
  if (positionals.length === 0)
    throw usageError('missing TEXT: the phrase or paragraph to check, in quotes.');
  const text = positionals.join(' ');
  // Refuse an oversized text before reading the whole library.
  if (text.length > MAX_CHECK_CHARS) checkLanguage(new LanguageLibrary(), text);
  const library = await loadLibraryDir(dir, ctx, extractor);
  const report = checkLanguage(library, text);
  if (values.json) {
    ctx.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  ctx.stdout(renderCheck(report));
  return 0;
}

async function section(args: string[], ctx: CliContext, extractor: Extractor): Promise<number> {
  const { values, positionals } = parse(args);
  const dir = requireLibraryOption(values.library);
  if (positionals.length !== 2) {
    throw usageError(
      positionals.length < 2
        ? `missing ${['FILE', 'SECTION'].slice(positionals.length).join(' and ')}.`
        : 'too many arguments (expected FILE SECTION).',
    );
  }
  const [path, query] = positionals as [string, string];
  const file = await readInputFile(path, ctx.cwd, ctx.config.limits.maxFileBytes);
  const doc = await extractor.extract(file.bytes, { name: file.name });
  const draft = parseDraft(doc);
  const found = findSection(draft, query);
  if ('candidates' in found) {
    const list = sectionChoices(draft.sections, found.candidates.length > 0 ? found.candidates : undefined);
    throw new RapporteurError(
      'NOT_FOUND',
      `${found.candidates.length > 0 ? 'Several sections match' : 'No section matches'} "${query}" in ${file.name}.`,
      { hint: `Use one of: ${list.slice(0, 30).join(', ')}${list.length > 30 ? ', ...' : ''}.` },
    );
  }
  const library = await loadLibraryDir(dir, ctx, extractor);
  const report = sectionLanguage(library, draft, found.index);
  if (values.json) {
    ctx.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  ctx.stdout(renderSection(report));
  return 0;
}

// ---------------------------------------------------------------------------------------

function short(text: string, limit = 160): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= limit ? one : `${one.slice(0, limit - 1)}…`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function textName(t: SourceMatch['text']): string {
  return `${t.title}${t.symbol ? ` (${t.symbol})` : ''}, adopted ${t.adopted}${t.rank ? `, ${t.rank}` : ''}`;
}

function renderSources(sources: SourceMatch[], indent: string): string[] {
  const out: string[] = [];
  for (const s of sources) {
    const how = s.verbatim
      ? 'verbatim'
      : `${Math.round(s.coverage * 100)}% of the words${s.coverage >= 0.8 ? ', near-verbatim' : ''}`;
    out.push(`${indent}${textName(s.text)}, ${s.passage.label} (line ${s.passage.line}): ${how}`);
    out.push(`${indent}  here:   ${short(s.queryMarked, 300)}`);
    out.push(`${indent}  agreed: ${short(s.passageMarked, 300)}`);
  }
  return out;
}

function renderOptions(alts: AlternativeVerdict[], brackets: OptionVerdict[], indent: string): string[] {
  const out: string[] = [];
  // The terminal has room to name every text an option stands in.
  const option = (o: OptionVerdict) => optionLine(o, Number.POSITIVE_INFINITY);
  for (const a of alts) {
    out.push(`${indent}options at line ${a.line}:`);
    for (const o of a.options) out.push(`${indent}  ${option(o)}`);
  }
  for (const b of brackets) out.push(`${indent}${option(b)}`);
  return out;
}

function renderRollBacks(rollBacks: RollBack[], indent: string): string[] {
  return rollBacks.map((r) => `${indent}ROLL-BACK: ${r.message}`);
}

function renderCheck(r: CheckReport): string {
  const out: string[] = [];
  const texts = new Set(r.sources.map((s) => s.text.id)).size;
  out.push(
    `"${short(r.text, 100)}" (${plural(r.words, 'word')}): ${
      r.sources.length === 0
        ? 'no agreed passage reuses these words'
        : `${plural(r.sources.length, 'agreed passage')} in ${plural(texts, 'text')}`
    } (library: ${plural(r.library.texts.length, 'text')}, ${plural(r.library.passages, 'passage')})`,
  );
  if (r.rollBacks.length > 0)
    out.push('', 'Roll-backs (the most recent agreed text wins)', ...renderRollBacks(r.rollBacks, '  '));
  if (r.sources.length > 0) out.push('', 'Sources, newest first', ...renderSources(r.sources, '  '));
  if (r.alternatives.length > 0 || r.brackets.length > 0) {
    out.push('', 'Brackets', ...renderOptions(r.alternatives, r.brackets, '  '));
  }
  return `${out.join('\n')}\n`;
}

function renderSection(r: SectionLanguageReport): string {
  const out: string[] = [];
  out.push(
    `${r.name ?? 'draft'}: ${short(r.section.label, 70)}: ` +
      `${r.summary.withSources} of ${plural(r.summary.paragraphs, 'paragraph')} reuse agreed language, ` +
      `${plural(r.summary.rollBacks, 'roll-back')} (library: ${plural(r.library.texts.length, 'text')})`,
  );
  for (const p of r.paragraphs) {
    if (
      p.sources.length === 0 &&
      p.rollBacks.length === 0 &&
      p.alternatives.length === 0 &&
      p.brackets.length === 0
    )
      continue;
    out.push('', `${p.label} (line ${p.line})`);
    out.push(...renderRollBacks(p.rollBacks, '  '));
    out.push(...renderSources(p.sources.slice(0, 5), '  '));
    if (p.sources.length > 5) out.push(`  ... and ${p.sources.length - 5} more sources (--json for all)`);
    out.push(...renderOptions(p.alternatives, p.brackets, '  '));
  }
  return `${out.join('\n')}\n`;
}
