import type { PairContext } from './pair-context.js';
import { knownHolderList, type PartyTable, readHolderList } from './parties.js';
import type { AnnotationRole } from './types.js';

/**
 * How the annotation rules (rules.ts) read a label around its names: a date after it
 * ("[Co-facilitators' proposal, 3 May]"), the words between the names and the noun ("[Chair's
 * compromise proposal]"), where a text came from ("[Text from the Bureau]"), the holders
 * and directives of "[G77: delete; EU, Norway: retain]", the proposers and opponents of
 * "[Proposed by: Chile; opposed by: Norway]", and where a bracket of names tags the text beside
 * it ("[by 2030] [AGN].").
 */

/**
 * "Text from <names>", "Language from <names>", "Wording from <names>"; in French and Spanish
 * drafts "Proposition du Groupe africain", "Texte de la Présidence", "Propuesta de la UE",
 * "Enmienda de México".
 */
export const TEXT_FROM =
  /^\s*(?:(?:text|language|wording)\s+from\s+|(?:proposition|texte|amendement|libell[ée]|propuesta|texto|enmienda|redacci[óo]n)\s+(?:du|des|de\s+la|de\s+l['\u2019]|d['\u2019]|del|de\s+los|de\s+las|de)\s*)(.{1,80}?)\s*[.;]?\s*$/i;
/** A date closing a label: ", 3 May", " (14 March 2027)", " of 3/5", " - 2027-05-03". */
const TRAILING_DATE =
  /(?:\s*[,;\u2013\u2014-]\s*|\s+(?:of|on|dated)\s+|\s*\(\s*(?=[^)]*\)\s*\.?\s*$))(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?|[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?|\d{4}-\d{2}-\d{2})\s*\)?\s*\.?\s*$/;

function hasDigit(content: string): boolean {
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** The content without a date at its end, or itself when it ends with none (or is long). */
export function withoutTrailingDate(content: string): string {
  if (content.length > 200 || !hasDigit(content)) return content;
  const m = TRAILING_DATE.exec(content);
  return m && m.index > 0 ? content.slice(0, m.index) : content;
}

/**
 * The names before the last word of "<names> <modifiers> proposal" ("Chair's compromise
 * proposal", "Co-facilitators' bridging text"): up to two lower-case words dropped from the end
 * of `head`, then read as a list of known parties and officials (strict).
 */
export function withoutModifiers(head: string, parties: PartyTable): ReturnType<typeof readHolderList> {
  const words = head.trim().split(/\s+/);
  for (let drop = 1; drop <= 2 && words.length - drop >= 1; drop++) {
    const last = words[words.length - drop] as string;
    if (!/^[a-z][a-z-]{2,}$/.test(last)) return undefined;
    const list = readHolderList(words.slice(0, words.length - drop).join(' '), parties, true);
    if (list) return list;
  }
  return undefined;
}

/** Where a text came from, before the names of its proposers: "based on", "adapted from", "taken from". */
const SOURCE_LEAD =
  /^\s*(?:based\s+on|adapted\s+from|taken\s+from|drawn\s+from|derived\s+from|building\s+on|from)\s+(?:the\s+)?/i;

/**
 * The holders of a label naming where the text came from, "[Based on G77 proposal]", "[Adapted
 * from the EU text]": `head` (what comes before "proposal", "text"...) read as a holder list
 * once its lead is set aside, or undefined.
 */
export function afterSourceLead(head: string, parties: PartyTable): ReturnType<typeof readHolderList> {
  const lead = SOURCE_LEAD.exec(head);
  return lead ? readHolderList(head.slice(lead[0].length), parties, true) : undefined;
}

/** A holder list and its colon at the start of a bracket: "[US, EU: ...]". */
export const HOLDER_PREFIX = /^\s*([^:\n[\]]{1,80}?)\s*:\s*/;
/** Words that make "[US: ...]" an instruction about text rather than text. */
export const DIRECTIVES =
  /^(?:delete|deletion|retain|keep|reserve|reservation|bracket|brackets|oppose[sd]?|object(?:s|ion)?|support[s]?|prefer[s]?|replace|add|insert|move|merge|check|ok|agree[sd]?|disagree[s]?|accept[s]?|cannot|can\s+live|flexible|no|yes|query|question|see|with|against|for|pending|withdrawn?|alt(?:ernative)?|supprimer|maintenir|conserver|remplacer|ajouter|ins[ée]rer|d[ée]placer|suprimir|mantener|conservar|reemplazar|sustituir|a[ñn]adir|agregar|insertar|trasladar)\b/i;

/**
 * Names and the directive after a colon ("Argentina: retain" gives "Argentina" and "retain"); no
 * colon gives the whole text and no directive; a colon before anything that is no directive
 * gives no names.
 */
export function splitDirective(text: string): [string | undefined, string] {
  const colon = text.indexOf(':');
  if (colon < 0) return [text, ''];
  const directive = text.slice(colon + 1).trim();
  return DIRECTIVES.test(directive) ? [text.slice(0, colon), directive] : [undefined, ''];
}

/**
 * The holders of the directives after the first in "<holders>: <directive>; <holders>:
 * <directive>" (`rest` is what follows the first holders' colon): each later part must be
 * itself such a directive of a list of known parties and groups, else none counts (a ";" in a
 * directive's own words, "delete; see Article 4", adds no holder).
 */
export function laterDirectiveHolders(rest: string, parties: PartyTable): string[] | undefined {
  const parts = rest.split(';').slice(1);
  const holders: string[] = [];
  for (const part of parts) {
    const m = HOLDER_PREFIX.exec(part);
    if (!m) return undefined;
    const list = readHolderList(m[1] as string, parties, true);
    if (!list || list.holders.length === 0 || list.others.length > 0) return undefined;
    const said = tidy(part.slice(m[0].length));
    if (said.length > 0 && said.split(' ').length > 3 && !DIRECTIVES.test(said)) return undefined;
    holders.push(...list.holders);
  }
  return holders;
}

/** Blanks folded to single spaces, ends trimmed. */
export function tidy(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** "[Proposed by Peru]", "[Amendment proposed by Norway]", "[Proposed amendment by X]", "[Opposed by: Kenya]": a verb of proposing or opposing, then its holders. */
export const PROPOSED_BY =
  /^\s*(?:(?:amendment|text|language|wording|paragraph|para\.?|option|alternative|new\s+text)\s+)?(proposed|proposal|submitted|tabled|suggested|supported|support|opposed|objected\s+to|objection|reservation|reserved|bracketed|requested|retained|deletion\s+proposed)(?:\s+(?:amendments?|text|language|wording|changes?))?(?:\s+(?:by|of|from))\s*:?\s+(.{1,120}?)\s*[.;]?\s*$/i;

/**
 * The same in French and Spanish drafts: "[Proposé par le Groupe africain]", "[Texte proposé
 * par le Pérou]", "[Propuesto por México]", "[Apoyado por: Chile, Perú]".
 */
export const PROPOSED_BY_FR_ES =
  /^\s*(?:(?:texte|amendement|libell[ée]|paragraphe|option|texto|enmienda|redacci[óo]n|p[áa]rrafo|opci[óo]n)\s+)?(propos[ée]e?s?|sugg[ée]r[ée]e?s?|soutenue?s?|appuy[ée]e?s?|oppos[ée]e?s?|pr[ée]sent[ée]e?s?|propuest[oa]s?|sugerid[oa]s?|apoyad[oa]s?|respaldad[oa]s?|presentad[oa]s?|objetad[oa]s?)\s+(?:par|por)\s*:?\s+(.{1,120}?)\s*[.;]?\s*$/i;

/** The role a verb of PROPOSED_BY (or PROPOSED_BY_FR_ES) gives its holders. */
function proposedRole(verb: string): AnnotationRole {
  const v = verb.toLowerCase();
  if (/^(?:support|soutenu|appuy|apoyad|respaldad)/.test(v)) return 'support';
  if (/^(?:oppos|object|reserv|deletion)/.test(v)) return 'objection';
  if (/^(?:bracketed|requested|retained)/.test(v)) return 'position';
  return 'proposal';
}

/**
 * The holders and role of a PROPOSED_BY label (`match`, of `content`): "[Proposed by Peru]", or
 * several such labels joined by semicolons, "[Proposed by: Rwanda, Peru; opposed by: Saudi
 * Arabia]" (every clause a label with a list of holders; the role is theirs when they agree,
 * else "position").
 */
export function proposedBy(
  match: RegExpExecArray,
  content: string,
  parties: PartyTable,
): { role: AnnotationRole; holders: string[] } | undefined {
  const list = readHolderList(match[2] as string, parties, false);
  if (list) return { role: proposedRole(match[1] as string), holders: list.holders };
  const clauses = content.split(';');
  if (clauses.length < 2 || clauses.length > 4) return undefined;
  const holders: string[] = [];
  let role: AnnotationRole | undefined;
  for (const clause of clauses) {
    const m = PROPOSED_BY.exec(clause);
    const names = m ? readHolderList(m[2] as string, parties, false) : undefined;
    if (!m || !names) return undefined;
    const own = proposedRole(m[1] as string);
    role = role === undefined || role === own ? own : 'position';
    for (const h of names.holders) if (!holders.includes(h)) holders.push(h);
  }
  return role === undefined ? undefined : { role, holders };
}

/**
 * Where a bracket holding only parties and groups tags the text beside it: closing its paragraph
 * after a sentence has ended ("... annually. [AOSIS, LDCs]"), or right after another
 * bracket and closing the clause ("[by 2030] [AGN]."), unless that one names parties too
 * ("[LDCs] [SIDS].", a choice between them), or between an option label or paragraph number and its colon ("Option A
 * [EU]: ...").
 */
export function holderTagPlace(ctx: PairContext): boolean {
  const { text, open } = ctx;
  // Blanks and emphasis around the tag: "[by 2030] **[AGN]**." is the tag in bold.
  let i = open - 1;
  while (i >= ctx.paragraphStart && isBlankOrEmphasis(text.charCodeAt(i))) i--;
  let j = ctx.close + ctx.closeLength;
  while (
    j < text.length &&
    (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 42 || text.charCodeAt(j) === 95)
  )
    j++;
  const next = j < text.length ? text.charCodeAt(j) : 10;
  // "... report annually. [AOSIS, LDCs]": after a sentence has ended, closing the paragraph.
  const stop = i >= ctx.paragraphStart ? text.charCodeAt(i) : -1;
  if ((stop === 46 || stop === 59) && (next === 10 || next === 13 || j >= text.length)) return true;
  if (i >= ctx.paragraphStart && open - i <= 7 && text.charCodeAt(i) === 93) {
    // The tag closes the clause: the text goes on after it ("[LDCs and SIDS][and Africa]", "[shall] [EU] act") no tag.
    if (
      !(next === 10 || next === 13 || next === 46 || next === 44 || next === 59 || next === 58 || next === 41)
    )
      return false;
    const before = text.lastIndexOf('[', i);
    if (before < ctx.paragraphStart) return false;
    return knownHolderList(text.slice(before + 1, i), ctx.parties) === undefined;
  }
  // "[EU] Option A: ...", "[EU] **Option A:**": starting its paragraph, right before an option
  // label (maybe in bold or italics) and its colon.
  if (i < ctx.paragraphStart && (next === 79 || next === 65 || next === 86))
    return TAG_BEFORE_LABEL.test(text.slice(j, Math.min(text.length, j + 34)));
  if (next !== 58) return false;
  // Cut inside the line, the lead gets a letter first: its start is no line's.
  const from = Math.max(ctx.paragraphStart, open - 30);
  const lead = (from > ctx.paragraphStart ? 'x' : '') + text.slice(from, open);
  return TAGGED_LABEL.test(lead) || CAPITAL_LABEL.test(lead);
}

/** An option's own mark: a number, one letter or a roman numeral, maybe in parentheses ("2", "(b)", "IV"); not a word. */
const LABEL_MARK = String.raw`\(?(?:\d{1,3}[a-z]?|[A-Za-z]|[IVXivx]{2,4})\)?`;
/**
 * An option label or paragraph number starting the line right before a holder tag: "Option A ",
 * "Alt 2 ", "OP3 ", "12. ". The mark must be one (a number, a letter, a roman numeral): "an option
 * for [LDCs]: ..." is a sentence, and its bracket no tag.
 */
const TAGGED_LABEL = new RegExp(
  String.raw`(?:^|\n)[\s*_\u2022-]*(?:option|opci[óo]n|alt(?:ernative)?\.?|variante?)\s*${LABEL_MARK}[\s*_]*$|(?:^|\n)\s*(?:(?:pp|op)\s?\d{1,3}|\d{1,3}(?:\.\d{1,3})*\.?)\s*$`,
  'i',
);
/** An option label and its colon after a holder tag that starts its paragraph: "Option A:", "Alt 2 -". */
const TAG_BEFORE_LABEL = new RegExp(
  String.raw`^[*_]{0,3}(?:Option|OPTION|Opci[óo]n|OPCI[ÓO]N|Alt(?:ernative)?\.?|ALT(?:ERNATIVE)?\.?|Variante?|VARIANTE?)\s*${LABEL_MARK}[*_]{0,3}\s*[:\u2013\u2014-]`,
);
/** The same label capitalised after other text on the line: "... annually. Option 2 [G77]: ...". */
const CAPITAL_LABEL = new RegExp(
  String.raw`(?:^|\s)(?:Option|OPTION|Opci[óo]n|OPCI[ÓO]N|Alt(?:ernative)?\.?|ALT(?:ERNATIVE)?\.?|Variante?|VARIANTE?)\s*${LABEL_MARK}[\s*_]*$`,
);

/** A space, a tab, or a Markdown emphasis mark ("*", "_"). */
function isBlankOrEmphasis(c: number): boolean {
  return c === 32 || c === 9 || c === 42 || c === 95;
}
