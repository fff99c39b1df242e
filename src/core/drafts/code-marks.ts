import { contentOf, findWithin, type IgnoredRule, isSpaceCode, type PairContext } from './pair-context.js';

/**
 * Square brackets of texts a draft quotes or resembles that are not drafts (docs/brackets.md,
 * "Notes that are not brackets"): program code (`arr[i]`, `[a, b]`, `[a-z]`), addresses
 * (`[::1]`), Markdown task boxes (`- [x]`) and the blanks of a letter template (`Dear [Name],`).
 * Each is a shape of content and the place it must stand in; the shapes that words of a
 * negotiation could take (`State[s]`, `[LDCs, SIDS]`, `[Name of the body]`) are read so only
 * with a sign of code or of a letter beside them. Called by `recordMarkRule` (record-marks.ts),
 * for pairs of at most 40 characters in one paragraph; every look starts with a character test.
 */

/** An index into an array or map: a name, a number, `i+1`, a quoted key, a slice (`1:3`). */
const INDEX =
  /^(?:[A-Za-z_$][\w$]{0,11}|-?\d{1,6}|[A-Za-z_$][\w$]{0,11}\s?[-+*%]\s?(?:\d{1,6}|[A-Za-z_$])|(['"])[^'"\n]{1,30}\1|-?[\w$]{0,11}:-?[\w$]{0,11}(?::-?\d{1,3})?)$/;
/** An index that only code writes: a quoted key, arithmetic, a slice, a negative number. */
const CODE_INDEX = /^(?:['"]|-\d)|[-+*%:]/;
/** The items of a list literal: numbers, quoted strings, names starting in lower case; two or more. */
const LIST_LITERAL =
  /^\s*(?:-?\d+(?:\.\d+)?|(['"])[^'"\n]{0,20}\1|[a-z_$][\w$]{0,15})(?:\s*,\s*(?:-?\d+(?:\.\d+)?|(['"])[^'"\n]{0,20}\2|[a-z_$][\w$]{0,15}))+\s*$/;
/** A character class: ranges (`a-z`, `0-9`), escapes (`\d`) and single signs, maybe negated (`^`). */
const CHAR_CLASS = /^\^?(?:[A-Za-z0-9]-[A-Za-z0-9]|\\[dswDSWnrt.\\[\]^$*+?(){}|/-]|[_.+*$@#%&~/:=!,;'"-])+$/;
const RANGE = /([A-Za-z0-9])-([A-Za-z0-9])/g;
/** An IPv6 address, maybe with a zone or a dotted IPv4 end: `::1`, `2001:db8::1`, `fe80::1%eth0` (with "::" or eight groups: `[00:14:05]` is a time). */
const IPV6 = /^(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?(?:%[\w.]{1,15})?$/;
/**
 * Signs of code on a line, none of them a draft's: an assignment or comparison between spaces, an
 * arrow, "&&", "||", "++", a call with no arguments, a block's brace ending or starting the line.
 */
const CODE_SIGNS = /\s(?:[=!<>+\-*/:]?=|=>|->|&&|\|\|)\s|\+\+|\w\(\)|\{\s*$|^\s*\}/;

/**
 * A letter's blank: a capitalised placeholder whose last word is one a template leaves open
 * ("Name", "Recipient's name", "Job Title", "Company", "Date"), at most four words.
 */
const LETTER_BLANK =
  /^(?:(?:Your|Recipient['\u2019]?s?|Sender['\u2019]?s?|First|Last|Full|Family|Given|Company|Organi[sz]ation|Contact|Job|Street|Postal|E-?mail|Phone|Insert|Enter)\s+)?(?:[A-Z][a-z]+\s+){0,2}(?:[Nn]ame|[Ss]urname|[Tt]itle|[Rr]ecipient|[Aa]ddressee|[Aa]ddress|[Cc]ompany|[Oo]rgani[sz]ation|[Pp]osition|[Dd]epartment|[Dd]ate|[Ee]-?mail|[Pp]hone(?:\s[Nn]umber)?|[Ss]ignature|[Cc]ontact\s[Dd]etails|[Ss]ender|[Ss]ubject|[Cc]ity|[Cc]ountry|[Rr]eference(?:\s[Nn]umber)?)$/;
/** The words before a letter's blank: a salutation ("Dear", "Dear Dr."), or a field's label and colon at the start of its line. */
const SALUTATION =
  /(?:^|\n|\s)(?:Dear|Hello|Hi|Greetings|Attention|Attn\.?)(?:\s+(?:Mr|Mrs|Ms|Mx|Dr|Prof|Professor|Sir|Madam)\.?)?\s*$/;
const FIELD_LABEL =
  /(?:^|\n)[\s*_>-]*(?:To|From|Date|Re|Subject|Attn|Attention|Cc|Name|Address|Tel|Phone|E-?mail|Signed|Signature|Title|Position|Organi[sz]ation|Company|Recipient)\s*:\s*(?:\[[^\]\n]{1,40}\]\s*)*$/;
/** A letter's closing line, which the blanks of its signature follow. */
const SIGN_OFF =
  /(?:^|\n)[\s*_]*(?:Yours\s+(?:sincerely|faithfully|truly)|Sincerely(?:\s+yours)?|(?:Best|Kind|Warm|With\s+best)\s+(?:regards|wishes)|Regards|Respectfully(?:\s+yours)?|Cordially)\s*,?\s*\n/i;

export function codeMarkRule(ctx: PairContext, c0: number, length: number): IgnoredRule | undefined {
  const { text, open } = ctx;
  const after = ctx.close + ctx.closeLength;
  const before = open > 0 ? text.charCodeAt(open - 1) : 10;
  // "- [x] Book the room": a ticked box of a Markdown task list, beside other boxes.
  if (length === 1 && (c0 | 32) === 120 && text.charCodeAt(after) === 32 && taskBoxAt(text, open))
    return 'code-markup';
  // "arr[i]", "m[i][j]", "row['name']": an index glued to a name of code, on a line of code.
  if (isNameEnd(before) && !isIdentifierCode(text.charCodeAt(after)) && codeIndexAt(ctx))
    return 'code-markup';
  // "[::1]:8080", "[2001:db8::1]": an IPv6 address.
  if (
    (c0 === 58 || isHexCode(c0)) &&
    colonNear(text, open + ctx.openLength, ctx.close) &&
    IPV6.test(contentOf(ctx)) &&
    isAddress(contentOf(ctx))
  )
    return 'code-markup';
  // "[a-z]", "[^0-9]+", "[A-Za-z_]": a character class of a pattern.
  const first = open + ctx.openLength;
  if ((c0 === 94 || c0 === 92 || text.charCodeAt(first + 1) === 45) && charClass(ctx, after))
    return 'code-markup';
  // "f([a, b])", "x = [1, 2, 3]", '"tags": ["a", "b"]': a list literal in code.
  if (length >= 3 && codeBeside(text, open, after) && LIST_LITERAL.test(contentOf(ctx))) return 'code-markup';
  // "Dear [Name],", "Date: [Date]", "[Your Name]" under "Sincerely,": a letter template's blanks.
  if (
    c0 >= 65 &&
    c0 <= 90 &&
    length <= 30 &&
    LETTER_BLANK.test(contentOf(ctx).trim()) &&
    letterPlace(ctx, after)
  )
    return 'editorial-note';
  return undefined;
}

/**
 * The content side of the rules here (see `recordMarkReadsContext`): all but the IPv6 address
 * read around the pair. The index glued to a name is left out: the memo never keeps an answer for
 * a pair glued to a word before it (pair-memo.ts, `placeAllowsMemo`).
 */
export function codeMarkReadsContext(content: string, length: number): boolean {
  if (length > 40) return false;
  return LIST_LITERAL.test(content) || CHAR_CLASS.test(content) || LETTER_BLANK.test(content.trim());
}

/** A character of a name in code: ASCII letter, digit or "_" (not words.ts `isWordCode`, which reads prose words in any script). */
function isIdentifierCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** The end of a name of code before an index: a letter, a digit, "_", "$". */
function isNameEnd(c: number): boolean {
  return isIdentifierCode(c) || c === 36;
}

function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
}

/** "::" in it, or all eight groups. */
function isAddress(content: string): boolean {
  return content.includes('::') || content.split(':').length === 8;
}

/** A colon among the first five characters of the content: the cheap look before IPV6. */
function colonNear(text: string, from: number, to: number): boolean {
  return findWithin(text, 58, from, Math.min(to, from + 5)) >= 0;
}

/**
 * An index glued to a name: code when the name is one (with "_", a capital inside it, or after a
 * dot path: `row_count[i]`, `itemList[k]`, `self.items[0]`), when the index is one only code writes
 * (`i+1`, `'key'`, `1:3`), or when the line shows other signs of code; `State[s]` and
 * `Part[y/ies]` in a sentence are none.
 */
function codeIndexAt(ctx: PairContext): boolean {
  const { text, open } = ctx;
  const content = contentOf(ctx);
  if (!INDEX.test(content)) return false;
  if (CODE_INDEX.test(content)) return true;
  let s = open - 1;
  while (s >= 0 && open - s <= 40 && (isIdentifierCode(text.charCodeAt(s)) || text.charCodeAt(s) === 36)) s--;
  const name = text.slice(s + 1, open);
  if (/^[A-Za-z_$]/.test(name)) {
    if (name.includes('_') || /[a-z][A-Z]/.test(name)) return true;
    if (text.charCodeAt(s) === 46 && /[A-Za-z_]/.test(text[s - 1] ?? '')) return true;
  }
  return CODE_SIGNS.test(lineOf(text, open, ctx.close + ctx.closeLength));
}

/** Ranges and signs only, with a sign of a pattern: a negation, an escape, two ranges, a whole alphabet, or a quantifier after. */
function charClass(ctx: PairContext, after: number): boolean {
  const content = contentOf(ctx);
  if (!CHAR_CLASS.test(content)) return false;
  const ranges = content.match(RANGE) ?? [];
  if (content.startsWith('^') || content.includes('\\') || ranges.length >= 2) return true;
  if (ranges.some((r) => r === 'a-z' || r === 'A-Z' || r === '0-9')) return true;
  const next = ctx.text.charCodeAt(after);
  return next === 43 || next === 42 || next === 63 || next === 123;
}

/**
 * Code right beside a list: a call glued to it (`f([`), an assignment (`= [`), a quoted key
 * (`"ids": [`), or a method glued after it (`].map`); "([a, b])" and "[a, b];" may be a draft's.
 */
function codeBeside(text: string, open: number, after: number): boolean {
  let i = open - 1;
  while (i >= 0 && text.charCodeAt(i) === 32) i--;
  const b = text.charCodeAt(i);
  if (b === 40 && i === open - 1 && isIdentifierCode(text.charCodeAt(i - 1))) return true;
  if (b === 61 || (b === 58 && text.charCodeAt(i - 1) === 34)) return true;
  return text.charCodeAt(after) === 46 && /^\.[a-z_]\w*\(/.test(text.slice(after, after + 24));
}

/** The line around a pair, at most 200 characters each way. */
function lineOf(text: string, open: number, after: number): string {
  let s = open;
  while (s > 0 && open - s < 200 && text.charCodeAt(s - 1) !== 10) s--;
  let e = after;
  while (e < text.length && e - after < 200 && text.charCodeAt(e) !== 10) e++;
  return text.slice(s, e);
}

/** A list item's box: only a list mark before it on its line, and another item's box within the list around it. */
function taskBoxAt(text: string, open: number): boolean {
  const lineStart = text.lastIndexOf('\n', open - 1) + 1;
  if (open - lineStart > 12 || !/^\s*(?:[-*+]|\d{1,3}[.)])\s$/.test(text.slice(lineStart, open)))
    return false;
  const around = text.slice(Math.max(0, lineStart - 400), Math.min(text.length, open + 400));
  const own = lineStart - Math.max(0, lineStart - 400);
  const boxes = around.matchAll(/(?:^|\n)\s*(?:[-*+]|\d{1,3}[.)])\s\[[ xX]\]\s/g);
  for (const m of boxes) {
    const at = (m.index as number) + (m[0].startsWith('\n') ? 1 : 0);
    if (at !== own) return true;
  }
  return false;
}

/**
 * A letter's place: after a salutation (`Dear [Name],`), after a field's label at the start of
 * its line (`Date: [Date]`), or alone on its line after a closing (`Sincerely,` then `[Your
 * Name]`); with nothing but punctuation or another blank after it on the line.
 */
function letterPlace(ctx: PairContext, after: number): boolean {
  const { text, open } = ctx;
  let j = after;
  while (
    j < text.length &&
    (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 44 || text.charCodeAt(j) === 58)
  )
    j++;
  const next = text.charCodeAt(j);
  if (!(j >= text.length || next === 10 || next === 13 || next === 91)) return false;
  const from = Math.max(0, open - 60);
  const lead = text.slice(from, open);
  if (SALUTATION.test(lead.replace(/(?:\s*\[[^\]\n]{1,40}\])+\s*$/, ''))) return true;
  if (FIELD_LABEL.test(lead)) return true;
  let i = open - 1;
  while (i >= 0 && isSpaceCode(text.charCodeAt(i)) && text.charCodeAt(i) !== 10) i--;
  if (i >= 0 && text.charCodeAt(i) !== 10) return false;
  return SIGN_OFF.test(text.slice(Math.max(0, open - 200), open));
}
