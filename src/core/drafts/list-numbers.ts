import { isBlank, mayStartOptionLead, OPTION_LEAD } from './leads.js';

/**
 * Numbers of list items as their source numbered them (`Block.numbering`, outside the text): a
 * DOCX or HTML list numbers its items "1.", "(a)", "b)", "ii." or "1.2." by itself, and a nested
 * item's number joins its parents' ("2", "(b)", "(i)" make "2(b)(i)"; "1", "3" make "1.3"); and
 * where a list item holds a second option of its own.
 */

/** Decimal ("3." "3)"), letter or roman ("(a)", "b)", "c.", "iv.", "(B)"), or multi-level ("1.2."). */
const OWN = /^\(?(\d{1,9}|[a-z]{1,3}|[A-Z]{1,3}|[ivxlc]{1,7}|[IVXLC]{1,7})[.)]?$/;
const MULTI_LEVEL = /^(\d{1,9}(?:\.\d{1,9}){1,5})\.?$/;

/**
 * An item's own number from its numbering: "3" for "3." or "3)", "(a)" for "(a)", "a)" or "a.",
 * "(ii)" for "ii."; a multi-level number whole ("1.2" for "1.2.", `whole` true). Undefined for a
 * bullet or anything else.
 */
export function ownListNumber(numbering: string | undefined): { own: string; whole: boolean } | undefined {
  if (numbering === undefined) return undefined;
  const trimmed = numbering.trim();
  const multi = MULTI_LEVEL.exec(trimmed);
  if (multi) return { own: multi[1] as string, whole: true };
  const m = OWN.exec(trimmed);
  if (!m) return undefined;
  // "(a" is no label: an opening parenthesis needs its closing one ("a)" alone is a label).
  if (trimmed.startsWith('(') && !trimmed.endsWith(')')) return undefined;
  const core = m[1] as string;
  return { own: /^\d+$/.test(core) ? core : `(${core})`, whole: false };
}

/** The parents' numbers (outermost first) and the item's own, joined: "2" + "(b)" is "2(b)", "1" + "3" is "1.3". */
export function joinListNumber(parents: readonly string[], own: string): string {
  let out = '';
  for (const part of [...parents, own])
    out = out === '' || part.startsWith('(') ? out + part : `${out}.${part}`;
  return out;
}

/**
 * Where a later line of a list item opens with an option label of its own ("3. Alternative A:
 * ...", then "   Alternative B: No text." in the same Markdown item): the start of that line
 * (after its blanks), or -1. Not a label in a bracket ("[Alt 2: ...": the bracket's option) nor
 * in emphasis: only a line starting with the label's word.
 */
export function laterOptionLine(text: string, start: number, end: number): number {
  let nl = text.indexOf('\n', start);
  while (nl >= 0 && nl < end) {
    let s = nl + 1;
    while (s < end && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
    const a = text.charCodeAt(s) | 32;
    if (
      (a === 97 || a === 111 || a === 118) &&
      mayStartOptionLead(text, s, end) &&
      OPTION_LEAD.test(text.slice(s, Math.min(end, s + 80)))
    )
      return s;
    nl = text.indexOf('\n', s);
  }
  return -1;
}

/** `end` moved back over the blanks and line breaks before it, not before `start`. */
export function trimmedEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && isBlank(text.charCodeAt(e - 1))) e--;
  return e;
}
