import { isRegexSpace } from '../documents/text.js';
import { isStatusLabel } from './notes.js';
import type { SectionKind } from './types.js';

/** Heading lines: their labels (Article 4, C9, III, Preamble), numbers, titles and section ids. */

export interface HeadingInfo {
  kind: SectionKind;
  number?: string;
  /** Offset (in the line) where the title starts, after the label. */
  titleOffset: number;
  level: number;
  /** Only a label ("I.", "A.") with the title on the next line. */
  labelOnly: boolean;
}

export const LATIN = '(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)';
export const ACTION_LINE = /^action\s+lines?\s+(c\s?\d{1,2})\b\s*[.:)\u2013\u2014-]?\s*/i;
export const STRUCTURAL = new RegExp(
  `^(article|art\\.|art[íi]culo|section|secci[óo]n|partie|parte|part|chapter|chapitre|cap[íi]tulo|annexe|annex|anexo|appendix|appendice|ap[ée]ndice|rule|r[èe]gle|regla|regulation)\\s+((?<=^(?:section|secci[óo]n|chapter|chapitre|cap[íi]tulo)\\s+)\\d{1,3}(?:\\.\\d{1,3}){1,3}|\\d{1,3}(?:\\s?${LATIN})?|[IVXLC]{1,7}|[A-Z])(?=$|[\\s.:)\\u2013\\u2014-])(?![.:]\\d)`,
  'i',
);
export const ROMAN = /^([IVXLC]{1,7})\.(?=\s|$)/;
export const LETTER = /^([A-Z])\.(?=\s|$)/;
const PREAMBLE = /^(preamble|preambular part|operative part)\s*:?\s*$/i;
/** Title starts allowed after a label without punctuation: a capital, a bracket, emphasis, a quote. */
const TITLE_START = /^[A-Z[*_"\u201c(]/;

const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };

function romanValue(s: string): number {
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN_VALUES[s[i] as string] ?? 0;
    const next = ROMAN_VALUES[s[i + 1] as string] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

function toRoman(n: number): string {
  const table: [number, string][] = [
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  let rest = n;
  for (const [v, s] of table) {
    while (rest >= v) {
      out += s;
      rest -= v;
    }
  }
  return out;
}

/**
 * Recognises a heading written on a line of its own. `markdownHeading` is true for lines
 * that are already headings (Markdown `#`): then any text is accepted and only the label
 * is extracted.
 */
export function parseHeadingLine(
  line: string,
  format: 'markdown' | 'text' | 'other',
  lastRoman: string | undefined,
  lastLetter: string | undefined,
  markdownHeading: boolean,
): HeadingInfo | undefined {
  // Brackets and emphasis may wrap a heading: "[Action Line C9. Media", "**Article 6**".
  let offset = 0;
  while (offset < line.length) {
    const c = line.charCodeAt(offset);
    if (c === 42 || c === 95 || c === 91 || isRegexSpace(c)) offset++;
    else break;
  }
  const rest = offset === 0 ? line : line.slice(offset);
  if (rest.length === 0) return undefined;
  // The first two letters gate the keyword patterns (their `i` flag folds ASCII letters only),
  // a first capital the label ones: most lines asked here are decided by one pattern or none.
  const a = rest.charCodeAt(0) | 32;
  const b = rest.charCodeAt(1) | 32;
  const capital = rest.charCodeAt(0) >= 65 && rest.charCodeAt(0) <= 90;

  const action = a === 97 && b === 99 ? ACTION_LINE.exec(rest) : null;
  if (action) {
    const title = rest.slice(action[0].length);
    if (!markdownHeading && !acceptableTitle(title, action[0])) return undefined;
    return {
      kind: 'action-line',
      number: (action[1] as string).replace(/\s+/g, '').toUpperCase(),
      titleOffset: offset + action[0].length,
      level: 2,
      labelOnly: false,
    };
  }

  const structural = mayStartStructural(a, b) ? STRUCTURAL.exec(rest) : null;
  if (structural) {
    const after = rest.slice(structural[0].length);
    const sep = /^\s*[.:)\u2013\u2014-]\s*/.exec(after);
    const titleRel =
      structural[0].length + (sep ? sep[0].length : (/^\s*/.exec(after) as RegExpExecArray)[0].length);
    const title = rest.slice(titleRel);
    // Without punctuation after the number, the title must look like one: short, no brackets
    // ("[Annex II Parties][Parties in a position to do so]" is text, not a heading).
    const ok =
      markdownHeading ||
      title.length === 0 ||
      (title.length <= 100 &&
        !/[,;]\s*$/.test(title) &&
        (sep !== null ||
          (TITLE_START.test(title) &&
            title.length <= 60 &&
            // A bracket may open the title ("Article 4 [Adaptation"): the section is bracketed whole.
            TITLE_START.test(title.replace(/^\[+\s*/, '')) &&
            (!/[[\]]/.test(title.replace(/^\[+\s*/, '').replace(/\]+\s*$/, '')) || titleWithGroups(title)))));
    if (ok) {
      const kind = structuralKind(structural[1] as string);
      // "Article 3" alone on its line (a PDF's layout): a short title-like next line is its title.
      const alone = title.length === 0 && !markdownHeading && format !== 'markdown';
      let number = (structural[2] as string).replace(/\s+/g, ' ');
      if (/^[ivxlc]+$/i.test(number) && kind !== 'article') number = number.toUpperCase();
      return {
        kind,
        number,
        titleOffset: offset + titleRel,
        level: (articleLike(kind) ? 2 : 1) + dotsIn(number),
        labelOnly: alone,
      };
    }
    if (!markdownHeading) return undefined;
  }

  // Single capital letters are letters ("A.", "C.", "I." after "H."), unless they continue a
  // roman sequence ("V." after "IV.") or start one ("I." with no letters before it).
  const letter = capital ? LETTER.exec(rest) : null;
  const roman = capital ? ROMAN.exec(rest) : null;
  let kind: 'roman' | 'letter' | undefined;
  let label: RegExpExecArray | null = null;
  if (letter) {
    const ch = letter[1] as string;
    const prevLetter = lastLetter ? lastLetter.charCodeAt(0) : 0;
    const continuesLetters = prevLetter > 0 && ch.charCodeAt(0) === prevLetter + 1;
    const continuesRoman =
      /^[IVXLC]$/.test(ch) &&
      (lastRoman ? romanValue(ch) === romanValue(lastRoman) + 1 : ch === 'I' && prevLetter === 0);
    kind = continuesRoman && !continuesLetters ? 'roman' : 'letter';
    label = letter;
  } else if (roman && toRoman(romanValue(roman[1] as string)) === roman[1]) {
    kind = 'roman';
    label = roman;
  }
  if (kind && label) {
    const afterLabel = rest.slice(label[0].length);
    const space = (/^\s*/.exec(afterLabel) as RegExpExecArray)[0].length;
    const title = afterLabel.slice(space);
    if (title.length === 0) {
      if (markdownHeading || format !== 'markdown') {
        return {
          kind,
          number: label[1] as string,
          titleOffset: line.length,
          level: kind === 'roman' ? 1 : 2,
          labelOnly: !markdownHeading,
        };
      }
      return undefined;
    }
    // "A. Governments should act in good faith." is a lettered paragraph, not a heading.
    const sentence = /[.;]\s*$/.test(title) && title.split(/\s+/).length >= 4;
    if (markdownHeading || (TITLE_START.test(title) && acceptableTitle(title, label[0]) && !sentence)) {
      return {
        kind,
        number: label[1] as string,
        titleOffset: offset + label[0].length + space,
        level: kind === 'roman' ? 1 : 2,
        labelOnly: false,
      };
    }
    if (!markdownHeading) return undefined;
  }

  if (/^[pPoO]/.test(rest) && PREAMBLE.test(rest.replace(/[\]*_]+/g, ''))) {
    return { kind: 'preamble', titleOffset: offset, level: 1, labelOnly: false };
  }

  if (!markdownHeading && format === 'text' && isAllCapsHeading(line)) {
    return { kind: 'heading', titleOffset: offset, level: 1, labelOnly: false };
  }
  return undefined;
}

/** The dots of a decimal section number ("2.3" has one): a subsection's depth below its section. */
export function dotsIn(number: string): number {
  let n = 0;
  for (let i = 0; i < number.length; i++) if (number.charCodeAt(i) === 46) n++;
  return n;
}

/** First two letters (folded to lower case) of a STRUCTURAL word: ar, se, pa, ch, ca, an, ap, ru, re. */
export function mayStartStructural(a: number, b: number): boolean {
  if (a === 97) return b === 114 || b === 110 || b === 112;
  if (a === 115) return b === 101;
  if (a === 112) return b === 97;
  if (a === 114) return b === 117 || b === 101 || b === 232;
  return a === 99 && (b === 104 || b === 97);
}

/** Kinds numbered like articles, one level below parts and chapters: "Article 4", "Rule 12", "Regulation 7". */
export function articleLike(kind: SectionKind): boolean {
  return kind === 'article' || kind === 'rule' || kind === 'regulation';
}

/** French and Spanish keywords of STRUCTURAL by the kind they name ("Artículo 5", "Chapitre II"). */
const KEYWORD_KINDS: Readonly<Record<string, SectionKind>> = {
  artículo: 'article',
  articulo: 'article',
  sección: 'section',
  seccion: 'section',
  partie: 'part',
  parte: 'part',
  chapitre: 'chapter',
  capítulo: 'chapter',
  capitulo: 'chapter',
  annexe: 'annex',
  anexo: 'annex',
  appendice: 'appendix',
  apéndice: 'appendix',
  apendice: 'appendix',
  'art.': 'article',
  règle: 'rule',
  regle: 'rule',
  regla: 'rule',
};

/** The kind a STRUCTURAL keyword names, in any of its languages. */
function structuralKind(word: string): SectionKind {
  const w = word.toLowerCase();
  return KEYWORD_KINDS[w] ?? (w as SectionKind);
}

/**
 * A title of whole bracket groups after a label without punctuation: alternatives ("[Principles]
 * [Guiding principles]") or words then groups ("Research and development [Agreed ad ref]").
 * Every group is closed and unnested, every group and the words before them start with a
 * capital, and no operative verb is among them: "[Parties shall][cooperate]" is text.
 */
export function titleWithGroups(title: string): boolean {
  const m = /^([^[\]]*?)((?:\s*\[[^[\]\n]{1,60}\])+)\s*$/.exec(title);
  if (!m) return false;
  const words = (m[1] as string).trim();
  if (words.length > 0 && !TITLE_START.test(words)) return false;
  if (/\b(?:shall|should|must|will|may)\b/i.test(title)) return false;
  for (const g of (m[2] as string).matchAll(/\[\s*([^\]]*)\]/g))
    if (!/^[A-Z]/.test(g[1] as string)) return false;
  return true;
}

/**
 * Where a heading's title ends once a status label after it is left out ("Article 9.
 * Finance [Agreed ad ref]" is titled "Finance"): the label is a note on the section, no part
 * of its name. `end` when there is none, or nothing before it.
 */
export function titleEndBeforeLabel(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && isRegexSpace(text.charCodeAt(e - 1))) e--;
  if (e - start < 4 || text.charCodeAt(e - 1) !== 93) return end;
  // The label's "[", looked for within its longest length only (a heading may be any line).
  let open = e - 2;
  const floor = Math.max(start + 1, e - 62);
  while (open >= floor && text.charCodeAt(open) !== 91 && text.charCodeAt(open) !== 93) open--;
  if (open < floor || text.charCodeAt(open) !== 91) return end;
  if (!isStatusLabel(text.slice(open + 1, e - 1))) return end;
  let cut = open;
  while (cut > start && isRegexSpace(text.charCodeAt(cut - 1))) cut--;
  return cut > start ? cut : end;
}

/**
 * The line after a lone "Article 3" reads as its title: short, capitalised, no sentence (no
 * full stop, semicolon or colon at its end, no operative verb), a few words.
 */
export function titleLike(line: string): boolean {
  const t = line.trim();
  if (t.length === 0 || t.length > 80 || !TITLE_START.test(t)) return false;
  // A sentence ends before a closing bracket too: "[Parties act.]".
  if (/[.;:,]\]*$/.test(t) || t.split(/\s+/).length > 10) return false;
  // "The Parties", "Each Party": the first words of a short sentence, not a title.
  if (/^(?:the|a|an|each|all|any|every|this|these|such|no|parties|states)\b/i.test(t)) return false;
  return !/\b(?:shall|should|must|will|may|is|are)\b/i.test(t);
}

/** A title on the heading line: short, and not the first words of a sentence that runs on. */
function acceptableTitle(title: string, label: string): boolean {
  if (title.length === 0) return true;
  if (title.length > 120 - label.length) return false;
  if (/[,;]\s*$/.test(title)) return false;
  return true;
}

function isAllCapsHeading(line: string): boolean {
  const t = line.trim();
  if (t.length < 4 || t.length > 80) return false;
  // Document symbols ("FCCC/AWGLCA/2012/CRP.1") and codes are not headings.
  if (/[a-z]/.test(t) || /[,;]$/.test(t) || /^[\d[(]/.test(t) || /[/\\]|\.\S/.test(t)) return false;
  if (!t.includes(' ') && t.length < 5) return false;
  const letters = t.replace(/[^A-Z]/g, '').length;
  return letters >= 4 && letters >= t.length / 2 && /[A-Z]{2,}/.test(t);
}

/**
 * `cleanTitle(text.slice(start, end))`, without the pattern chain when the clean title is one
 * stretch of the text: "[Cooperation]", "Final provisions:". The stretch is what is left once
 * the ends are cut of what the chain strips there (brackets, emphasis, blanks, ".", ":" and,
 * at the start only, dashes); inside it there may be no bracket or emphasis (removed), no blank
 * but single spaces (runs are folded), and, anywhere, no "{", "^" or digit (the attribute list,
 * footnote marker and footnote number patterns need one). Anything else: the full chain.
 */
export function cleanTitleAt(text: string, start: number, end: number): string {
  let a = start;
  while (a < end && isLeadingJunk(text.charCodeAt(a))) a++;
  let b = end;
  while (b > a && isTrailingJunk(text.charCodeAt(b - 1))) b--;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 94 || (c >= 48 && c <= 57)) return cleanTitle(text.slice(start, end));
    if (i < a || i >= b) continue;
    if (c === 91 || c === 93 || c === 42 || c === 95) return cleanTitle(text.slice(start, end));
    if (c === 32 ? text.charCodeAt(i - 1) === 32 : isRegexSpace(c)) return cleanTitle(text.slice(start, end));
  }
  return text.slice(a, b);
}

/** Removed brackets and emphasis, and what `cleanTitle` strips at the start: `[\s.:/\u2013\u2014-]`. */
function isLeadingJunk(c: number): boolean {
  return (
    c === 47 ||
    c === 91 ||
    c === 93 ||
    c === 42 ||
    c === 95 ||
    c === 46 ||
    c === 58 ||
    c === 45 ||
    c === 0x2013 ||
    c === 0x2014 ||
    isRegexSpace(c)
  );
}

/** Removed brackets and emphasis, and what `cleanTitle` strips at the end: `[\s.:]`. */
function isTrailingJunk(c: number): boolean {
  return c === 91 || c === 93 || c === 42 || c === 95 || c === 46 || c === 58 || isRegexSpace(c);
}

/** Display title: no label, brackets, emphasis, attribute lists or footnote markers; alternatives joined by " / ". */
export function cleanTitle(raw: string): string {
  return (
    raw
      .replace(/\{:[^}]*\}/g, '')
      // Alternative titles ("[Principles] [Guiding principles]") stay apart: "Principles / Guiding principles".
      .replace(/([\p{L}\p{N}.)"\u201d])\s*\]\s*\[\s*(?=[\p{L}\p{N}("\u201c])/gu, '$1 / ')
      .replace(/\[\^[^\]\s]+\]/g, '')
      .replace(/\](\d{1,3})(?=\s|$)/g, ']')
      .replace(/([a-z]{3,})\d{1,2}(?=[\]\s]*$)/, '$1')
      .replace(/[[\]*_]/g, '')
      .replace(/\s+/g, ' ')
      // A leading "/" is an alternatives' separator left with nothing before it (".][Cooperation").
      .replace(/^[\s.:/\u2013\u2014-]+|[\s.:]+$/g, '')
      .trim()
  );
}

export function slug(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}

export function baseSectionId(info: HeadingInfo, title: string): string {
  const num = info.number === undefined ? undefined : blanksToDashes(info.number);
  switch (info.kind) {
    case 'action-line':
    case 'roman':
    case 'letter':
      return num ?? 'section';
    case 'article':
    case 'section':
    case 'part':
    case 'chapter':
    case 'annex':
    case 'appendix':
    case 'rule':
    case 'regulation':
      return num ? `${info.kind}-${num}` : info.kind;
    case 'preamble':
      return 'preamble';
    case 'front':
      return 'front';
    case 'footnotes':
      return 'footnotes';
    default:
      return slug(title) || 'section';
  }
}

/** `number.replace(/\s+/g, '-')`, without the pattern when the number has no blank ("12", "IV"). */
function blanksToDashes(number: string): string {
  for (let i = 0; i < number.length; i++)
    if (isRegexSpace(number.charCodeAt(i))) return number.replace(/\s+/g, '-');
  return number;
}
