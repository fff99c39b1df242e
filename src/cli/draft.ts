import { parseArgs } from 'node:util';
import {
  type BracketChange,
  cleanView,
  contestedParagraphs,
  type DraftDiff,
  type DraftQualifiers,
  type DraftSection,
  type DraftSource,
  type DraftStatus,
  diffDrafts,
  draftQualifiers,
  draftStatus,
  findSection,
  focusSection,
  type ParsedDraft,
  type ParseOptions,
  paragraphLabel,
  parseDraft,
  type ReportedState,
  type SectionStatus,
  sectionChoices,
  sectionLabel,
} from '../core/drafts/index.js';
import { RapporteurError } from '../core/errors.js';
import type { Extractor } from '../core/ports/index.js';
import { createExtractor } from '../extract/sandbox.js';
import { type InputFile, readInputFile } from '../input-files.js';
import { type CliContext, type CliGroup, cliUsageError, parseArgsMessage } from './context.js';

/**
 * `rapporteur draft ...`: the bracket engine on files. Human output is a plain report;
 * `--json` prints the engine's documented JSON (README, "Drafts"). Problems with the
 * input (missing, binary, too large, bad options) are one line on stderr and a non-zero
 * exit; problems inside the draft (unclosed brackets) are diagnostics in the report.
 */

const USAGE = `Usage:
  rapporteur draft status FILE [--section ID] [--json] [--package-deal]
  rapporteur draft diff OLD NEW [--json] [--package-deal]
  rapporteur draft clean FILE [--keep-text]
  rapporteur draft qualifiers FILE [--json] [--extra "phrase one,phrase two"]

FILE is a draft in any format Rapporteur reads: Word (.docx, with its comments and tracked
changes), PDF, HTML, e-mail (.eml), Markdown or plain text; the format is detected from the content.
  status      what is still [bracketed], per section; --section C9 for one section's paragraphs;
              --package-deal: clean sections are only "provisionally agreed" while anything is bracketed
  diff        brackets agreed, deleted, added and changed between two versions; section states;
              qualifiers and verb strengths added or removed
  clean       the "Australian method" preview: the text with all bracketed text deleted;
              --keep-text: with the brackets removed and their text kept
  qualifiers  every qualifier ("as appropriate", "inter alia", ...) and strength verb, located;
              --extra adds comma-separated phrases to the built-in list`;

export const draftGroup: CliGroup = {
  summary: 'what is still bracketed in a draft, what changed between versions',
  usage: USAGE,
  async run(args, ctx) {
    const [command, ...rest] = args;
    // The shared layer (src/cli/index.ts) has answered --help and refused unknown commands.
    const commands: Record<string, (args: string[], ctx: CliContext, x: Extractor) => Promise<number>> = {
      status,
      diff,
      clean,
      qualifiers,
    };
    const fn = command === undefined ? undefined : commands[command];
    if (!fn) throw usageError(`unknown draft command "${command}"; use status, diff, clean or qualifiers.`);
    // Files are read in the extraction sandbox (time and memory limits), one per run.
    const extractor = createExtractor(ctx.config.limits);
    try {
      return await fn(rest, ctx, extractor);
    } finally {
      await extractor.close();
    }
  },
};

/**
 * Turns a file into the engine's input through the documents module: DOCX (with comments
 * and tracked changes), PDF, HTML, e-mail, Markdown and plain text. The one place where
 * bytes become a draft source.
 */
export async function loadDraftSource(
  file: InputFile,
  extractor: Pick<Extractor, 'extract'>,
): Promise<DraftSource> {
  const doc = await extractor.extract(file.bytes, { name: file.name });
  if (doc.text.trim().length === 0) {
    throw new RapporteurError('NO_TEXT', `${file.name} contains no text.`, {
      hint: 'Check that you named the right file; a scanned PDF needs a text version or OCR first.',
    });
  }
  return doc;
}

async function load(
  path: string,
  ctx: CliContext,
  extractor: Extractor,
  options: ParseOptions = {},
): Promise<ParsedDraft> {
  const file = await readInputFile(path, ctx.cwd, ctx.config.limits.maxFileBytes);
  return parseDraft(await loadDraftSource(file, extractor), options);
}

const usageError = (message: string) => cliUsageError('draft', message, ' for the usage', 'draft: ');

type OptionSpec = Record<string, { type: 'boolean' | 'string' }>;

/** node:util parseArgs, with its errors turned into one clear usage line. */
function parse<T extends OptionSpec>(args: string[], options: T, positionals: string[]) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError(parseArgsMessage(err));
  }
  if (parsed.positionals.length !== positionals.length) {
    const missing = positionals.slice(parsed.positionals.length);
    throw usageError(
      missing.length > 0
        ? `missing ${missing.join(' and ')}.`
        : `too many arguments (expected ${positionals.join(' ')}): ${parsed.positionals.slice(positionals.length).join(' ')}.`,
    );
  }
  return parsed;
}

function json(ctx: CliContext, value: unknown): number {
  ctx.stdout(`${JSON.stringify(value, null, 2)}\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------
// status

async function status(args: string[], ctx: CliContext, extractor: Extractor): Promise<number> {
  const { values, positionals } = parse(
    args,
    { section: { type: 'string' }, json: { type: 'boolean' }, 'package-deal': { type: 'boolean' } },
    ['FILE'],
  );
  const draft = await load(positionals[0] as string, ctx, extractor);
  let report = draftStatus(draft, { packageDeal: values['package-deal'] === true });
  let focus: SectionStatus | undefined;
  if (values.section !== undefined) {
    const found = findSection(draft, values.section);
    if ('candidates' in found) {
      const list = sectionChoices(draft.sections, found.candidates.length > 0 ? found.candidates : undefined);
      throw new RapporteurError(
        'NOT_FOUND',
        `${found.candidates.length > 0 ? 'Several sections match' : 'No section matches'} "${values.section}".`,
        { hint: `Use one of: ${list.slice(0, 30).join(', ')}${list.length > 30 ? ', ...' : ''}.` },
      );
    }
    report = focusSection(report, draft, found.index);
    focus = report.sections[0];
  }
  if (values.json) return json(ctx, report);
  ctx.stdout(renderStatus(report, focus));
  return 0;
}

const STATE_LABEL: Record<ReportedState, string> = {
  clean: 'clean',
  'partly-bracketed': 'partly bracketed',
  'wholly-bracketed': 'wholly bracketed',
  'provisionally-agreed': 'provisionally agreed',
  uncertain: 'uncertain',
};

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** "editorial notes" -> "editorial note" (the families are written in the plural). */
function singular(kind: string): string {
  return kind.replace(/s(?=$| of )/, '');
}

function pct(n: number): string {
  return `${n.toFixed(1)}%`;
}

function table(rows: string[][], align: ('l' | 'r')[]): string[] {
  const widths = align.map((_, c) => rows.reduce((w, r) => Math.max(w, (r[c] ?? '').length), 0));
  return rows.map((r) =>
    r
      .map((cell, c) =>
        align[c] === 'r' ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number),
      )
      .join('  ')
      .trimEnd(),
  );
}

function renderStatus(report: DraftStatus, focus: SectionStatus | undefined): string {
  const out: string[] = [];
  const name = report.name ?? 'draft';
  const w = report.words;
  out.push(
    `${name}: ${STATE_LABEL[report.state]}, ${pct(report.agreedPercent)} agreed (${w.total - w.bracketed} of ${plural(w.total, 'word')} outside brackets)`,
  );
  const b = report.brackets;
  const bits = [`${plural(b.total, 'bracket')} (${b.topLevel} top-level)`];
  if (b.maxDepth > 1) bits.push(`nested up to ${b.maxDepth} deep`);
  if (b.unclosed > 0) bits.push(`${b.unclosed} unclosed`);
  bits.push(plural(report.alternatives, 'alternative'));
  out.push(`Brackets: ${bits.join(', ')}`);
  if (report.holders.length > 0) out.push(`Holders: ${report.holders.join(', ')}`);
  if (report.qualifiers > 0)
    out.push(`Qualifiers: ${report.qualifiers} (see \`rapporteur draft qualifiers\`)`);
  if (report.notCounted.total > 0) {
    out.push(
      `Not counted: ${report.notCounted.byKind.map((k) => `${k.count} ${k.count === 1 ? singular(k.kind) : k.kind}`).join(', ')} in brackets`,
    );
  }
  if (report.uncertainSections > 0) {
    out.push(
      `Uncertain: ${plural(report.uncertainSections, 'section')} may be covered by a bracket that is probably a typo (see diagnostics); their figures read it as unclosed.`,
    );
  }
  if (report.packageDeal) {
    out.push(
      'Package deal: nothing is agreed until everything is agreed; clean sections are provisionally agreed.',
    );
  }

  if (focus) {
    out.push('', `${focus.label} (line ${focus.line})`);
    out.push(
      `  ${STATE_LABEL[focus.state]}${focus.bestEffortState ? ` (best effort: ${STATE_LABEL[focus.bestEffortState]})` : ''}, ${pct(focus.agreedPercent)} agreed; ${plural(focus.brackets.total, 'bracket')}, ${plural(focus.alternatives, 'alternative')}${focus.holders.length > 0 ? `; holders: ${focus.holders.join(', ')}` : ''}`,
    );
    const rows = [['PARAGRAPH', 'LINE', 'STATE', 'BRACKETS', 'AGREED', 'HOLDERS']];
    for (const s of report.sections) {
      for (const p of s.paragraphs) {
        rows.push([
          p.label,
          String(p.line),
          STATE_LABEL[p.state] + (p.contested ? ' (number bracketed)' : ''),
          String(p.brackets.total),
          pct(p.agreedPercent),
          p.holders.join(', '),
        ]);
      }
    }
    if (rows.length > 1) out.push('', ...table(rows, ['l', 'r', 'l', 'r', 'r', 'l']).map((l) => `  ${l}`));
  } else if (report.sections.length > 0) {
    const rows = [['SECTION', 'STATE', 'BRACKETS', 'AGREED']];
    for (const s of report.sections) {
      rows.push([
        `${'  '.repeat(Math.max(0, s.level - 1))}${s.label.length > 60 ? `${s.label.slice(0, 59)}…` : s.label}`,
        STATE_LABEL[s.state] + (s.bestEffortState ? ` (best effort: ${STATE_LABEL[s.bestEffortState]})` : ''),
        String(s.brackets.total),
        pct(s.agreedPercent),
      ]);
    }
    out.push('', ...table(rows, ['l', 'l', 'r', 'r']).map((l) => `  ${l}`));
  }
  if (report.diagnostics.length > 0) {
    out.push('', 'Diagnostics');
    for (const d of report.diagnostics) {
      out.push(
        `  ${d.line}:${d.column}  ${d.severity}  ${d.code}  ${d.message}${d.snippet ? `  «${d.snippet}»` : ''}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------
// diff

async function diff(args: string[], ctx: CliContext, extractor: Extractor): Promise<number> {
  const { values, positionals } = parse(
    args,
    { json: { type: 'boolean' }, 'package-deal': { type: 'boolean' } },
    ['OLD', 'NEW'],
  );
  const before = await load(positionals[0] as string, ctx, extractor);
  const after = await load(positionals[1] as string, ctx, extractor);
  const result = diffDrafts(before, after, { packageDeal: values['package-deal'] === true });
  if (values.json) return json(ctx, result);
  ctx.stdout(renderDiff(result));
  return 0;
}

function short(text: string, limit = 140): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= limit ? one : `${one.slice(0, limit - 1)}…`;
}

function renderDiff(d: DraftDiff): string {
  const out: string[] = [];
  out.push(`${d.before.name ?? 'old'} -> ${d.after.name ?? 'new'}`);
  out.push(
    `Brackets: ${d.before.brackets} -> ${d.after.brackets}; agreed ${pct(d.before.agreedPercent)} -> ${pct(d.after.agreedPercent)}`,
  );
  const s = d.summary;
  out.push(
    `  ${s.resolvedKept} agreed (brackets removed, text kept), ${s.resolvedDeleted} deleted with their text, ${s.added} added, ${s.changed} changed, ${s.unchanged} unchanged`,
  );
  // Both positions, labelled: "was C9 ¶12 line 40, now C9 ¶13 line 42".
  const where = (c: BracketChange) =>
    [c.was ? `was ${c.was.label}` : '', c.now ? `now ${c.now.label}` : ''].filter(Boolean).join(', ');
  const section = (title: string, items: BracketChange[], line: (c: BracketChange) => string) => {
    if (items.length === 0) return;
    out.push('', title);
    for (const c of items) out.push(`  ${where(c)}: ${line(c)}`);
  };
  section('Agreed: brackets removed, text kept', d.resolvedKept, (c) =>
    c.after ? `"${short(c.after.text)}"` : short(c.before?.text ?? ''),
  );
  section('Deleted with their text', d.resolvedDeleted, (c) => short(c.before?.text ?? ''));
  section(
    'Added',
    d.added,
    (c) => `${short(c.after?.text ?? '')}${c.reopened ? '  (previously agreed text reopened)' : ''}`,
  );
  section(
    'Changed',
    d.changed,
    (c) => `${short(c.before?.text ?? '', 100)}  ->  ${short(c.after?.text ?? '', 100)}`,
  );
  const changedSections = d.sections.filter((x) => x.changed);
  if (changedSections.length > 0) {
    out.push('', 'Sections whose state changed');
    const label = (st: ReportedState | null) => (st ? STATE_LABEL[st] : '(absent)');
    out.push(
      ...table(
        changedSections.map((x) => [x.id, label(x.before), '->', label(x.after), x.title]),
        ['l', 'l', 'l', 'l', 'l'],
      ).map((l) => `  ${l}`),
    );
  }
  const phrases = (title: string, sign: string, items: DraftDiff['qualifiers']['added']) => {
    if (items.length === 0) return;
    out.push('', title);
    for (const q of items)
      out.push(
        `  ${sign} "${q.phrase}"  ${q.location.paragraph} line ${q.location.line}: ${short(q.location.text, 120)}`,
      );
  };
  phrases('Qualifiers added', '+', d.qualifiers.added);
  phrases('Qualifiers removed', '-', d.qualifiers.removed);
  if (d.verbs.changed.length > 0) {
    out.push('', 'Verb strength changed');
    for (const v of d.verbs.changed) {
      out.push(
        `  ${v.after.paragraph} line ${v.after.line}: ${v.from} -> ${v.to} (${v.kind}): ${short(v.after.text, 120)}`,
      );
    }
  }
  phrases('Strength verbs added', '+', d.verbs.added);
  phrases('Strength verbs removed', '-', d.verbs.removed);
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------
// clean

async function clean(args: string[], ctx: CliContext, extractor: Extractor): Promise<number> {
  const { values, positionals } = parse(args, { 'keep-text': { type: 'boolean' } }, ['FILE']);
  const draft = await load(positionals[0] as string, ctx, extractor);
  const mode = values['keep-text'] ? 'keep' : 'delete';
  ctx.stdout(cleanView(draft, mode, { tidy: true }));
  // The preview goes to stdout untouched; what the reader should know goes to stderr.
  const contested = mode === 'delete' ? contestedParagraphs(draft) : [];
  if (contested.length > 0) {
    ctx.stderr(
      `rapporteur: note: removed ${plural(contested.length, 'paragraph')} whose number is bracketed: ${contested.map((p) => `${sectionLabel(draft.sections[p.section] as DraftSection)} ${paragraphLabel(p)}`).join(', ')}\n`,
    );
  }
  for (const d of draft.diagnostics.slice(0, 5)) {
    ctx.stderr(`rapporteur: warning: line ${d.line}:${d.column}: ${d.message}\n`);
  }
  if (draft.diagnostics.length > 5) {
    ctx.stderr(
      `rapporteur: warning: ${draft.diagnostics.length - 5} more; run \`rapporteur draft status\` for all.\n`,
    );
  }
  return 0;
}

// ---------------------------------------------------------------------------------------
// qualifiers

async function qualifiers(args: string[], ctx: CliContext, extractor: Extractor): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' }, extra: { type: 'string' } }, [
    'FILE',
  ]);
  const extra = (values.extra ?? '')
    .split(',')
    .map((q) => q.trim())
    .filter((q) => q.length > 0);
  const draft = await load(positionals[0] as string, ctx, extractor, { qualifiers: extra });
  const report = draftQualifiers(draft);
  if (values.json) return json(ctx, report);
  ctx.stdout(renderQualifiers(report));
  return 0;
}

function renderQualifiers(r: DraftQualifiers): string {
  const out: string[] = [];
  out.push(
    `${r.name ?? 'draft'}: ${plural(r.qualifiers.total, 'qualifier')}, ${plural(r.verbs.total, 'strength verb')}`,
  );
  if (r.extra.length > 0) out.push(`Extra phrases: ${r.extra.map((q) => `"${q}"`).join(', ')}`);
  if (r.qualifiers.total > 0) {
    out.push('', 'Qualifiers');
    for (const { phrase, count } of r.qualifiers.byPhrase) {
      out.push(`  "${phrase}" (${count})`);
      for (const o of r.qualifiers.occurrences) {
        if (o.phrase !== phrase) continue;
        out.push(
          `    ${o.line}:${o.column}  ${o.paragraph}${o.bracketed ? '  [in brackets]' : ''}  ${short(o.context, 120)}`,
        );
      }
    }
  }
  if (r.verbs.total > 0) {
    out.push('', 'Strength verbs (stronger first)');
    for (const family of ['modal', 'operative'] as const) {
      const list = r.verbs.byVerb.filter((v) => v.family === family);
      if (list.length > 0) out.push(`  ${family}: ${list.map((v) => `${v.verb} ${v.count}`).join(', ')}`);
    }
  }
  return `${out.join('\n')}\n`;
}
