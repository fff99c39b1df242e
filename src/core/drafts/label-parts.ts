import { type PartyTable, readHolderList } from './parties.js';

/**
 * How the annotation rules (rules.ts) read a label around its names: a date after it
 * ("[Co-facilitators' proposal, 3 May]"), the words between the names and the noun ("[Chair's
 * compromise proposal]"), where a text came from ("[Text from the Bureau]"), and the holders
 * and directives of "[G77: delete; EU, Norway: retain]".
 */

/** "Text from <names>", "Language from <names>", "Wording from <names>". */
export const TEXT_FROM = /^\s*(?:text|language|wording)\s+from\s+(.{1,80}?)\s*[.;]?\s*$/i;
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
  /^(?:delete|deletion|retain|keep|reserve|reservation|bracket|brackets|oppose[sd]?|object(?:s|ion)?|support[s]?|prefer[s]?|replace|add|insert|move|merge|check|ok|agree[sd]?|disagree[s]?|accept[s]?|cannot|can\s+live|flexible|no|yes|query|question|see|with|against|for|pending|withdrawn?|alt(?:ernative)?)\b/i;

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
