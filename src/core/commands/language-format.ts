import type {
  AgreedTextRecord,
  AlternativeVerdict,
  OptionVerdict,
  ParagraphLanguage,
  RollBack,
  SourceMatch,
} from '../language/index.js';
import { plural } from './format.js';

/** Shared wording of the /language replies. */

function short(text: string, limit: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= limit ? one : `${one.slice(0, limit - 1)}…`;
}

/** "Tunis Agenda (WSIS-05/TUNIS/DOC/6(Rev.1)), adopted 2005-11-18, summit". */
export function agreedTextName(t: {
  title: string;
  symbol?: string | null | undefined;
  adopted: string;
  rank?: string | null | undefined;
}): string {
  return `${t.title}${t.symbol ? ` (${t.symbol})` : ''}, adopted ${t.adopted}${t.rank ? `, ${t.rank}` : ''}`;
}

/** One line of `/language list`. */
export function agreedTextLine(t: AgreedTextRecord): string {
  return `${agreedTextName(t)}${t.body ? ` by ${t.body}` : ''} — ${t.fileName}, ${plural(t.chars, 'character')}${t.sourceVersionId ? ', promoted from a draft version' : ''} (id ${t.id.slice(0, 8)})`;
}

/** How much of a unit a source covers, in words people use. */
export function howMuch(s: SourceMatch): string {
  return s.verbatim
    ? 'verbatim'
    : `${Math.round(s.coverage * 100)}% of the words${s.coverage >= 0.8 ? ', near-verbatim' : ''}`;
}

/** A source as list items: where, how much, and both texts with the shared words marked. */
export function sourceItems(s: SourceMatch): string[] {
  return [
    `${agreedTextName(s.text)}, ${s.passage.label}: ${howMuch(s)}`,
    `  here: ${short(s.queryMarked, 300)}`,
    `  agreed: ${short(s.passageMarked, 300)}`,
  ];
}

export function rollBackLine(r: RollBack): string {
  return `ROLL-BACK: ${r.message}`;
}

/** One option's verdict, naming at most `sources` of the texts it stands in. */
export function optionLine(o: OptionVerdict, sources = 3): string {
  const src = o.sources.map((s) => `${s.text.title} (${s.text.adopted.slice(0, 4)}) ${s.passage.label}`);
  const state = o.rollBack
    ? 'rolls back to older agreed language'
    : o.newest
      ? 'newest agreed language'
      : src.length > 0
        ? 'agreed language'
        : 'not found in the library';
  return `[${short(o.text, 80)}]: ${state}${src.length > 0 ? `; in ${src.slice(0, sources).join('; ')}` : ''}`;
}

/** Bracket groups (each option's verdict) and lone brackets. */
export function optionItems(
  alts: readonly AlternativeVerdict[],
  brackets: readonly OptionVerdict[],
): string[] {
  const out: string[] = [];
  for (const a of alts) {
    out.push(`Options at line ${a.line}:`);
    for (const o of a.options) out.push(`  ${optionLine(o)}`);
  }
  for (const b of brackets) out.push(optionLine(b));
  return out;
}

/** A paragraph of `/language section`: roll-backs, its strongest sources, its options. */
export function paragraphItems(p: ParagraphLanguage, sources = 3): string[] {
  const out: string[] = p.rollBacks.map(rollBackLine);
  for (const s of p.sources.slice(0, sources)) out.push(...sourceItems(s));
  if (p.sources.length > sources) out.push(`... and ${plural(p.sources.length - sources, 'more source')}`);
  out.push(...optionItems(p.alternatives, p.brackets));
  return out;
}
