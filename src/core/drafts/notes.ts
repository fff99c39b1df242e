import { blankReadsContext, blankRule } from './blanks.js';
import { lowerBound } from './lists.js';
import {
  contentOf,
  findWithin,
  type IgnoredRule,
  isSpaceCode,
  type PairContext,
  withinPair,
} from './pair-context.js';
import { knownHolderList } from './parties.js';
import { isNoteLabel, recordMarkReadsContext, recordMarkRule } from './record-marks.js';

/**
 * Pairs that are notes about the document, not negotiated text (docs/brackets.md, "Notes that
 * are not brackets"): secretariat, web-page and explainer notes. Each rule is a shape of
 * content plus the context it must sit in. Called by `classifyPair` (rules.ts) in the order of
 * that table.
 */

/** Languages by their English, French and Spanish names ("[Original : anglais]", "[Original: inglés]"). */
const LANG =
  '(?:Arabic|Chinese|English|French|Russian|Spanish|German|Portuguese|Japanese|Italian|anglais|fran[çc]ais|espagnol|arabe|chinois|russe|ingl[ée]s|franc[ée]s|espa[ñn]ol|[áa]rabe|chino|ruso)';
/** "[Original: English]", "[English only]", "[Arabic, English and French only]", "[Translated from Spanish]". */
const LANGUAGE_NOTE = new RegExp(
  `^\\s*(?:original(?:\\s+language)?\\s*:\\s*${LANG}(?:\\s*(?:,|/|\\band\\b|&)\\s*${LANG})*|translated\\s+from\\s+(?:the\\s+)?(?:original\\s+)?${LANG}|${LANG}(?:\\s*(?:,|/|\\band\\b|&)\\s*${LANG})*\\s+(?:only|version\\s+only)|(?:available|issued)\\s+(?:only\\s+)?in\\s+${LANG}\\b[^\\]]{0,60}|distr\\.?\\s*:\\s*(?:general|limited|restricted))\\s*\\.?\\s*$`,
  'i',
);
/** A note dating the document: a version word and a date ("[Snapshot draft as of 8 June 2023]"). */
const DATELINE_WORD =
  /\b(?:draft|version|text|revision|rev\.|snapshot|updated?|as\s+of|as\s+at|dated|status|compilation)\b/i;
const DATE =
  /\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:,?\s+\d{4})?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\b/i;
/** Operative words: a bracket that holds them is text, whatever date it names. */
const OPERATIVE = /\b(?:shall|should|must|will|decides?|requests?|urges?|invites?|recogni[sz]es?)\b/i;
/** Procedural notes under a heading: how the text came to be, not what it says. */
const PROCEDURAL =
  /^\s*(?:on\s+the\s+(?:report|recommendation|proposal)\s+of\b|without\s+reference\s+to\s+a\b|adopted\s+(?:at|by|on|without|with|in)\b|as\s+(?:orally\s+)?(?:revised|amended|corrected)\b|(?:submitted|presented|prepared|transmitted|introduced|circulated)\s+(?:by|under|at|on)\b|agenda\s+item\b|item\s+\d|for\s+(?:information|decision|consideration|adoption|action)\b|advance\s+unedited\b|unedited\b|re-?issued\b|corrigendum\b|to\s+be\s+issued\b|(?:first|second|third|final)\s+reading\b|(?:at\s+)?step\s+\d(?:\s?\/\s?\d)?\s*$)/i;
/** A status label a facilitator puts on a paragraph: agreed (ad ref, at a date or meeting), stable, pending. */
const STATUS_LABEL =
  /^\s*(?:(?:pp|op|para\.?|paragraph)\s?\d{1,3}(?:\s?(?:bis|ter|quater))?\s*[-\u2013\u2014:,]?\s+)?(?:(?:previously\s+)?agreed\s+language|agreed\s+(?:by|in|at)\s+(?:the\s+)?(?:contact|working|drafting|informal|small)\s+group|(?:(?:text|paragraph|para\.?|section|article|chapeau|title|heading)\s+)?(?:agreed|adopted|stable|stabili[sz]ed|closed)(?:\s+text)?(?:\s+ad\s+ref(?:erendum)?\.?(?=\s+(?:at|in|during)\s))?(?:\s+ad\s+ref(?:erendum)?\.?|\s+in\s+principle|\s+by\s+consensus|\s+(?:at|in|during)\s+(?:the\s+)?(?:informals?|informal\s+consultations|plenary|(?:first|second|third)\s+reading|session\s+\d+|[a-z]{2,8}[-\s]?\d{1,2}|(?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|resumed|last|previous|\d{1,2}(?:st|nd|rd|th))\s+){1,2}(?:session|meeting|reading|round)))?|ad\s+ref(?:erendum)?\.?|provisionally\s+agreed|under\s+(?:discussion|negotiation|consideration|review)|no\s+consensus(?:\s+yet)?|consensus(?:\s+text)?|pending(?:\s+(?:further\s+)?(?:discussion|consultations?|review|agreement))?|moved\s+(?:to|from)\s+(?:article|section|paragraph|para\.?|part|chapter|annex|pp|op)\s*[\w.]{1,12}|merged\s+(?:with|into)\s+(?:article|section|paragraph|para\.?|pp|op)\s*[\w.]{1,12}|deleted)\s*[.,;:\u2013\u2014-]?\s*(?:\(?(?:on\s+)?(?:\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?|\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?|[A-Z][a-z]+\s+\d{1,2}(?:,?\s+\d{4})?)\)?)?\s*\.?\s*$/i;
/**
 * The same labels in French and Spanish drafts, capitalised: "[Supprimé]", "[Texte convenu]",
 * "[Libellé déjà convenu]", "[Suprimido]", "[Acordado ad referéndum]", "[Acordado en principio]".
 */
const FR_ES_STATUS =
  /^\s*(?:(?:texte|paragraphe|libell[ée]|texto|p[áa]rrafo|lenguaje|redacci[óo]n)\s+)?(?:(?:d[ée]j[àa]|pr[ée]c[ée]demment|ya|previamente)\s+)?(?:supprim[ée]e?s?|suprimid[oa]s?|adopt[ée]e?|agr[ée][ée]e?|convenue?|approuv[ée]e?|stable|acordad[oa]|aprobad[oa]|adoptad[oa]|convenid[oa]|estable)(?:\s+ad\s+ref(?:erendum|er[ée]ndum)?\.?|\s+en\s+princip(?:e|io))?\s*\.?\s*$/i;

/**
 * A trace of an editorial move or renumbering, in any case: "[moved from paragraph 12]",
 * "[Moved up from section C]", "[merged with 5 bis]", "[formerly Article 7]", "[ex-para 12]",
 * "[old 15]". It must name where: a reference word and a number, or a bare paragraph number.
 */
const EDIT_TRACE =
  /^\s*(?:(?:moved|merged|relocated|transferred|combined)(?:\s+(?:up|down|here|back))?\s+(?:to|from|with|into)|previously|formerly|former|originally|old|ex-?|was)\s*(?:(?:the\s+)?(?:new\s+)?(?:articles?|sections?|paragraphs?|paras?\.?|parts?|chapters?|annex|subparagraphs?|sub-paragraphs?|pp|op|options?|headings?|preamble|chapeau|elements?|clusters?)\b\.?\s*(?:[\w.()]{1,12}(?:\s+(?:bis|ter|quater|quinquies))?)?|(?:pp|op)?\s?\d{1,3}(?:\s?[a-z])?(?:\s*\.\s*\d{1,2})*(?:\s+(?:bis|ter|quater|quinquies))?|[A-Z]\d{0,2}(?:\.\d{1,2})*)(?:\s+(?:above|below))?\s*\.?\s*$/i;
/**
 * A label a facilitator puts on a paragraph, written in lower case: "[deleted]", "[paragraph
 * agreed]", "[new paragraph]". Lower case it reads like text, so it is a note only where it
 * cannot be part of a sentence (see `asideFromSentence`).
 */
const LOWER_LABEL =
  /^\s*(?:(?:the\s+)?(?:paragraph|para\.?|text|section|article|chapeau|title|heading|subparagraph)\s+(?:deleted|agreed|adopted|stable|closed|withdrawn|pending)(?:\s+ad\s+ref(?:erendum)?\.?)?|deleted|withdrawn|new(?:\s+(?:paragraph|para\.?|text|proposal|article|section|subparagraph|option|element))?)\s*\.?\s*$/i;
/**
 * Where a paragraph's wording comes from, in a compilation text: "[Source: resolution 70/1,
 * para. 10]", "[Based on decision 1/3, paragraph 4]", "[Taken from A/RES/70/1, para. 12]", "[From
 * resolution 75/1]". Capitalised, closing its paragraph.
 */
const SOURCE_TAG =
  /^\s*(?:sources?\s*:|references?\s*:|(?:based\s+on|adapted\s+from|taken\s+from|drawn\s+from|from|(?:text|language|wording)\s+(?:from|of))\s+(?:the\s+)?(?:decision|resolution|document|para(?:graph)?\.?|article|submissions?|proposals?|text|[A-Z]{1,10}\/[A-Z0-9]))/i;
/** First letters of SOURCE_TAG's labels (Source, Reference, Based, Adapted, Taken, Drawn, From, Language, Wording). */
const SOURCE_INITIALS = new Set([...'SRBATDFLW'].map((c) => c.charCodeAt(0)));
/** Navigation and page chrome of web copies: "[Next]", "[Return to start of article]", "[edit]". */
const NAVIGATION =
  /^\s*(?:next|prev(?:ious)?|back|top|home|contents|table\s+of\s+contents|index|up|edit|edit\s+source|view\s+source|print|download|pdf|txt|html|xml|docs?|tracker|e-?mail|nits|diff\s?\d{0,2}|search|menu|help|faq|about|archives?|sitemap|permalink|share|history|talk|(?:return|back|go|jump|skip)\s+to\b[^\]]{1,40}|(?:top|start|beginning)\s+of\s+(?:the\s+)?(?:page|article|document|section))\s*$/i;
/** A citation key: "[RFC2119]", "[ISO 8601]", "[Smith 2003]", "[Smith et al. 2003]", with a page ("[Smith 2003, p. 4]"). */
const CITATION_KEY =
  /^(?:[A-Z]{3,}[A-Za-z]{0,6}[-\s]?\d{1,5}[A-Za-z]?(?:[.:-]\d{1,4})*|[A-Z][a-z]+(?:\s+et\s+al\.?|\s*(?:&|and)\s*[A-Z][a-z]+)?,?\s+(?:19|20)\d{2}[a-z]?|[A-Z][a-z]+(?:19|20)\d{2}[a-z]?)(?:,\s*(?:p|pp|at)\.?\s*\d{1,4}(?:\s*[-\u2013]\s*\d{1,4})?)?$/;
/**
 * What follows the year of a law report or neutral citation: "[2010] ICJ Rep 14", "[2017]
 * UKSC 5", "[1996] 2 WLR 123", "[2001] EWCA Civ 1234": an optional volume, the abbreviation of
 * a report series or court, and a page or case number. The list holds the usual series of
 * international and common-law courts; "by [2030] COP 30" names no series and stays a bracket.
 */
const LAW_REPORT_AFTER =
  /^\s(?:\d{1,3}\s)?(?:(?:I\.C\.J\.|S\.C\.R\.|W\.L\.R\.|A\.C\.|Q\.B\.|All\sE\.R\.)|ICJ|ITLOS|ECR|ECHR|EHRR|CMLR|EWCA|EWHC|UKSC|UKHL|UKPC|UKUT|AC|QB|KB|Ch|WLR|All\s?ER|HCA|FCA|FCAFC|CLR|SCC|SCR|NZSC|NZLR|SGCA|ZACC|IESC|IEHC|ILR|Lloyd['\u2019]s)(?:\b|(?<=\.))\.?(?:\s(?:Rep(?:orts)?\.?|Rep\s?\(\w+\)|Civ|Crim|Admin|Comm|Fam|Ch|QB|Pat|IPEC|TCC)\b\.?)?\s(?:[A-Z]{1,3}-)?\d{1,5}\b/;
/** A year a law report may be cited by ("[2010] ICJ Rep 14"): the content side of the 'citation' rule on years. */
export const REPORT_YEAR = /^(?:1[89]|20)\d\d$/;

/**
 * The text after a pair (from `after`) names a law report series: the place side of the
 * 'citation' rule on years. `LAW_REPORT_AFTER` starts with a blank (`\s`), so any other ASCII
 * character there answers no without a substring.
 */
export function lawReportFollows(text: string, after: number): boolean {
  const c = text.charCodeAt(after);
  if (c < 128 && c !== 32 && (c < 9 || c > 13)) return false;
  return LAW_REPORT_AFTER.test(text.slice(after, after + 40));
}

/**
 * An insertion of an editor into a quotation: "[emphasis added]", "[footnotes omitted]",
 * "[translation ours]". Never text under negotiation, wherever it stands.
 */
const QUOTATION_INSERT =
  /^\s*(?:(?:emphasis|italics|underlining|bold)\s+(?:added|supplied|mine|ours|in\s+(?:the\s+)?original)|(?:internal\s+)?(?:footnotes?|citations?|references?|quotation\s+marks|paragraph\s+numbers?)\s+omitted|(?:our|free|unofficial)\s+translation|translation\s+(?:ours|mine|by\s+the\s+(?:secretariat|author))|original\s+(?:emphasis|footnotes?)|footnotes?\s+in\s+original|hereinafter\s+(?:cited\s+as\s+)?["\u201c]?[A-Z][^\]\n]{0,30})\s*\.?\s*$/i;
/**
 * Page markers of a web or PDF copy ("[p. 12]", "[Page 12]") and the stage notes of a
 * verbatim record ("[inaudible]", "[Spoke in French]", "[laughter]", "[applause]"): never text.
 */
const PAGE_OR_STAGE = new RegExp(
  `^\\s*(?:(?:page|p\\.|pp\\.)\\s*\\d{1,4}(?:\\s*[-\u2013]\\s*\\d{1,4})?|inaudible|unintelligible|crosstalk|applause|laughter|laughs|chuckles|cheers|cheering|booing|off\\s+mic(?:rophone)?|(?:spoke|speaking|speaks)\\s+in\\s+${LANG}|interpretation\\s+from\\s+${LANG})\\s*\\.?\\s*$`,
  'i',
);
/** Stage notes that are also plain words ("[Applause]", "[pause]"): notes only capitalised or apart from a sentence. */
const STAGE_WORD = /^\s*(?:interruption|pause|silence)\s*\.?\s*$/i;
/** Words after which a citation key is read as a citation. */
const CITATION_LEAD = /(?:\b(?:in|see|cf\.?|per|e\.g\.,?|i\.e\.,?|also|and|or|et\s+al\.)|\]|,)\s*$/i;
/** A document symbol or its placeholder: "SEN-1", "A/RES/70/1", "FCCC/CP/2015/L.9", "-/CP.21". */
const SYMBOL =
  /^(?:[A-Z]{1,10}(?:[-/.][A-Z0-9]{1,10})*[-/.]\d{1,4}[A-Za-z]?(?:[-/.][A-Za-z0-9]{1,10})*|[-\u2013\u2026.x]+\/[A-Z][A-Z0-9.]*\d+(?:\/[A-Z0-9.]+)?)$/;
/** The kind of document a symbol belongs to, just before the bracket. */
const DOCUMENT_WORD =
  /\b(?:resolution|decision|document|recommendation|conclusions?|draft|symbol|report|addendum|doc\.?)\s*(?:no\.?\s*)?$/i;
/** A placeholder that waits for a symbol or number to be issued. */
const SYMBOL_PLACEHOLDER =
  /^\s*(?:(?:document\s+)?symbol(?:\s+to\s+be\s+\w+)?|(?:document|resolution|decision)\s+(?:number|symbol)(?:\s+to\s+be\s+\w+)?|number\s+to\s+be\s+(?:assigned|issued|inserted))\s*$/i;

/**
 * A document symbol whose last part is still a blank: a series and at least one "/" part, then
 * "XXX", "x", "...", "…", "___", "#" or "?" (after "L." or "CRP." too). A symbol's parts are
 * never negotiated words, so it needs no context.
 */
const SYMBOL_WITH_BLANK =
  /^[A-Z]{1,10}\/(?:[A-Z0-9][A-Za-z0-9.-]{0,11}\/)*(?:[A-Z]{1,4}\.)?(?:X{1,4}|x{1,4}|\u2026|\.{2,4}|_{2,}|#{1,4}|\?{1,3})$/;

/** "[see para 5]", "[See paragraph 12 above]", "[cf. Article 4]", "[see also decision 2/3]", "[see clause 7]", "[see Table 2]". */
const CROSS_REFERENCE =
  /^\s*(?:see(?:\s+also)?|cf\.?|same\s+as|identical\s+to|compare)\s+(?:(?:the\s+)?(?:paragraphs?|paras?\.?|pp\.?|op\.?|articles?|art\.?|sections?|annex(?:es)?|chapters?|parts?|footnotes?|decisions?|resolutions?|documents?|doc\.?|rules?|options?|alternatives?|clauses?|sub-?clauses?|sub-?paragraphs?|tables?|figures?|appendi(?:x|ces)|regulations?)\s*[\w.()/,\u2013 -]{0,30}?|above|below)\s*\.?\s*$/i;
/** An instruction to the publisher: "[OP: please insert the date ...]", "[Please insert the reference]". */
const PUBLISHER_INSTRUCTION =
  /^\s*(?:(?:OP|PO|publications?\s+office)\s*:\s*)?please\s+(?:insert|add|complete|fill\s+in|update)\b/i;
/** "[To be completed]", "[text to be provided by the secretariat]": no text yet, nothing to agree. */
const TO_BE_WRITTEN =
  /^\s*(?:(?:(?:preambular|operative|additional|further)\s+)?(?:text|sections?|articles?|paragraphs?|annex|chapter|definitions?|title|footnotes?(?:\s+text)?)\s+)?to\s+be\s+(completed|drafted|provided|developed|supplied|written|inserted|finali[sz]ed)(\s+(?:later|at\s+a\s+later\s+stage|by\s+the\s+(?:secretariat|chair|co-?chairs|(?:co-?)?facilitators?|bureau|presidency|rapporteur)))?\s*\.?\s*$/i;
/**
 * Work the editors still have to do on the text, or have done to it: "[To be revisited]",
 * "[Paragraph to be revisited]", "[Cross-reference to be updated]", "[Language to be aligned with
 * Article 3]", "[Subject to legal review]", "[Check reference]", "[Merged paras 3 and 4]",
 * "[Streamlined]", "[Translation pending]". Such words can be text inside a sentence ("targets
 * [to be reviewed] every five years"), so the rule asks that the pair stand apart from it.
 */
const EDITORIAL_WORK =
  /^\s*(?:(?:(?:the\s+)?(?:paragraphs?(?:\s+numbers?)?|paras?\.?|pp|op|text|sections?|articles?|(?:cross-?)?references?|footnotes?|numbering|title|heading|language|wording|formulation|placement|definitions?|terminology|citations?|figures?)(?:\s+(?:\d{1,3}(?:\.\d{1,3})*|\([a-z]{1,2}\))(?:\s*(?:[-\u2013,]|and|to)\s*(?:\d{1,3}(?:\.\d{1,3})*|\([a-z]{1,2}\)))?)?\s+)?to\s+be\s+(?:further\s+)?(?:revisited|reviewed|updated|confirmed|checked|verified|added|adjusted|aligned|renumbered|reordered|harmoni[sz]ed|streamlined|discussed|considered|clarified|refined|reformulated|placed|moved|merged|corrected|conformed)(?:\s+(?:with|in|to|after|at|by|later|once|when|against|in\s+light\s+of)\b[^\]\n]{0,50})?|subject\s+to\s+(?:(?:legal|linguistic|technical|editorial|further|final)\s+(?:and\s+)?)+(?:review|scrubbing|revision|checking|check|verification|clearance|confirmation|editing)|check\s+(?:the\s+)?(?:reference|citation|numbering|translation|cross-?reference|source|figures?)|(?:merged|combined)\s+(?:paras?\.?|paragraphs?|pp|op|articles?|sections?)\s+[\w.]{1,8}(?:\s*(?:,|and|&)\s*[\w.]{1,8})*|(?:streamlined|consolidated|restructured|reordered|renumbered|simplified)(?:\s+(?:text|version|paragraph|language))?|editorial(?:\s+(?:change|amendment|correction|revision))?|translation\s+pending)\s*\.?\s*$/i;
/** A status in capitals: "[CLEAN]", "[GREEN]", "[STABLE]" (colour codes of a facilitators' table). */
const CAPITAL_STATUS = /^\s*(?:CLEAN|STABLE|AGREED|CLOSED|SETTLED|GREEN|YELLOW|AMBER|ORANGE)\s*$/;
/** The state of the whole document on a line of its own: "[DRAFT]", "[Non-paper]", "[Reserved]". */
const DOCUMENT_STATE =
  /^\s*(?:draft|non-paper|informal\s+(?:document|note|paper)(?:\s+(?:by|of|from)\s+(?:the\s+)?[\w'\u2019 -]{2,40})?|working\s+(?:document|paper)|check\s+against\s+delivery|embargoed(?:\s+(?:until|till)\s+[^\]\n]{1,60})?|clean\s+(?:text|version)|track(?:ed)?\s+changes(?:\s+version)?|compilation(?:\s+text)?|rev\.?\s?\d{1,2}|unofficial\s+translation|confidential|reserved|intentionally\s+(?:left\s+)?blank|(?:this\s+)?page\s+intentionally\s+left\s+blank)(?:\s*[-\u2013\u2014,:]\s*(?:for\s+discussion(?:\s+purposes)?\s+only|not\s+for\s+(?:circulation|citation|quotation)|subject\s+to\s+change))?\s*\.?\s*$/i;

/**
 * A facilitator's status label on its own ("Agreed ad ref", "Stable", "CLEAN", "paragraph
 * agreed"): what a heading line may carry after its title, which is no part of the title.
 */
export function isStatusLabel(content: string): boolean {
  return (
    content.length <= 60 &&
    (STATUS_LABEL.test(content) || CAPITAL_STATUS.test(content) || LOWER_LABEL.test(content))
  );
}

/**
 * The note rules (see the table "Notes that are not brackets" in docs/brackets.md): a pair
 * that a secretariat, a web page or an explainer put there, not text under negotiation.
 * Cheap tests first: most negotiation brackets fail on their first character or length.
 */
export function editorialRule(
  ctx: PairContext,
  c0: number,
  first: number,
  length: number,
): IgnoredRule | undefined {
  const { text } = ctx;
  const close = ctx.close;
  const contentStart = ctx.open + ctx.openLength;
  if (length > 160 || !ctx.sameParagraph) return undefined;
  // Links: a bracket that starts with an address, and wiki links "[[Page]]".
  if (
    (c0 === 104 || c0 === 119 || c0 === 102 || c0 === 109) &&
    /^(?:https?:\/\/|www\.|ftp:\/\/|mailto:)\S/i.test(text.slice(first, first + 10))
  )
    return 'link-external';
  if (
    c0 === 91 &&
    ctx.wikitext &&
    first === contentStart &&
    text.charCodeAt(close - 1) === 93 &&
    length <= 120 &&
    !/[[\]\n]/.test(text.slice(contentStart + 1, close - 1))
  )
    return 'wiki-link';
  if (length <= 60 && findWithin(text, 124 /* | */, contentStart, close) >= 0) {
    const content = contentOf(ctx);
    if (
      !content.includes('\n') &&
      content.split('|').every((item) => item.trim().length > 0 && item.trim().length <= 25)
    )
      return 'navigation';
  }
  // '"[t]he', "[citation needed]", "[cited 2021 Mar 4]", "[REDACTED]", "[OEWG]": marks of other texts.
  const record = recordMarkRule(ctx, c0, length);
  if (record) return record;
  // "[2010] ICJ Rep 14": the year of a law report, not a year under negotiation.
  if (length === 4 && (c0 === 49 || c0 === 50) && REPORT_YEAR.test(contentOf(ctx))) {
    if (lawReportFollows(text, ctx.close + ctx.closeLength)) return 'citation';
  }
  // The first word of the content, looked up once: the rules below that start with a known word
  // are tried only when it is one of theirs (most contested words are not).
  const noteWord = length <= 60 && NOTE_FIRST_WORDS.has(firstWord(text, first, close));
  if (noteWord && length <= 40) {
    if (PAGE_OR_STAGE.test(contentOf(ctx))) return 'editorial-note';
    if (STAGE_WORD.test(contentOf(ctx)) && ((c0 >= 65 && c0 <= 90) || asideFromSentence(ctx)))
      return 'editorial-note';
    // "[emphasis added]", "[footnotes omitted]": an editor's insertion into a quotation.
    if (QUOTATION_INSERT.test(contentOf(ctx))) return 'editorial-note';
  }
  const upper = c0 >= 65 && c0 <= 90;
  const glued =
    ctx.open > 0 && !isSpaceCode(text.charCodeAt(ctx.open - 1)) && text.charCodeAt(ctx.open - 1) !== 93;
  if (length <= 48 && (upper || glued) && NAVIGATION.test(contentOf(ctx))) return 'navigation';
  const dash = c0 === 45 || c0 === 0x2013 || c0 === 0x2026;
  if ((upper || dash) && length <= 32) {
    const key = contentOf(ctx).trim();
    const lineBefore = text.slice(Math.max(ctx.paragraphStart, ctx.open - 60), ctx.open);
    if (upper && CITATION_KEY.test(key) && CITATION_LEAD.test(lineBefore)) return 'citation';
    if (!/\s/.test(key) && SYMBOL.test(key) && DOCUMENT_WORD.test(lineBefore)) return 'document-symbol';
  }
  if (upper) {
    if (length <= 60 && SYMBOL_PLACEHOLDER.test(contentOf(ctx))) return 'document-symbol';
    // "[A/80/XXX]", "[FCCC/CP/2027/L.x]": a symbol still to be issued, wherever it stands.
    if (length <= 40 && SYMBOL_WITH_BLANK.test(contentOf(ctx).trim())) return 'document-symbol';
    if (LANGUAGE_NOTE.test(contentOf(ctx))) return 'editorial-note';
    if (length <= 60 && STATUS_LABEL.test(contentOf(ctx))) return 'editorial-note';
    if (length <= 40 && FR_ES_STATUS.test(contentOf(ctx))) return 'editorial-note';
  }
  // "[moved from paragraph 12]", "[deleted]", "[paragraph agreed]": traces and labels of the
  // editing, in lower case too when they stand apart from any sentence.
  if (noteWord) {
    const content = contentOf(ctx);
    if (EDIT_TRACE.test(content) && (upper || asideFromSentence(ctx))) return 'editorial-note';
    if (LOWER_LABEL.test(content) && asideFromSentence(ctx)) return 'editorial-note';
    // "[at Step 5]": the stage of a standard-setting procedure a text has reached.
    if (AT_STEP.test(content)) return 'procedural-note';
  }
  // "[see para 5]", "[cf. Article 4]": a cross-reference, not text.
  if (
    (c0 === 115 || c0 === 83 || c0 === 99 || c0 === 67 || c0 === 105 || c0 === 73) &&
    length <= 60 &&
    CROSS_REFERENCE.test(contentOf(ctx))
  )
    return 'cross-reference';
  // "[OP: please insert the date ...]": an instruction to the publisher.
  if ((c0 === 79 || c0 === 80 || c0 === 112) && PUBLISHER_INSTRUCTION.test(contentOf(ctx)))
    return 'editorial-note';
  const after = ctx.close + ctx.closeLength;
  const blank = blankRule(ctx, c0, length, noteWord);
  if (blank) return blank;
  // "[To be completed]": text the secretariat or the chair has still to write. Lower case inside
  // a sentence ("support [to be provided] by ...") it may be contested text: only alone on its
  // line, capitalised, or naming who will write it.
  if ((c0 === 116 || upper) && length <= 60) {
    const m = TO_BE_WRITTEN.exec(contentOf(ctx));
    // "inserted" is the publisher's word, never contested text ("the amount of [to be inserted]").
    if (
      m &&
      (upper ||
        m[2] !== undefined ||
        m[1]?.toLowerCase() === 'inserted' ||
        standsAlone(text, ctx.open, after))
    )
      return 'editorial-note';
  }
  if (upper && SOURCE_INITIALS.has(c0)) {
    // "[Source: Canada, Chile]" names the delegations who proposed the text: their annotation.
    if (SOURCE_TAG.test(contentOf(ctx)) && endsParagraph(text, after) && !sourceNamesParties(ctx))
      return 'editorial-note';
  }
  // "[To be revisited]", "[Subject to legal review]": the editors' work on the text, apart from any sentence.
  if (length <= 100 && EDITORIAL_WORK.test(contentOf(ctx)) && asideFromSentence(ctx)) return 'editorial-note';
  // "[CLEAN]", "[GREEN]": a status label in capitals closing its paragraph.
  if (upper && length <= 8 && CAPITAL_STATUS.test(contentOf(ctx)) && endsParagraph(text, after))
    return 'editorial-note';
  // "[Secretariat's note]": a note's label, apart from any sentence.
  if (length <= 60 && isNoteLabel(ctx, first) && asideFromSentence(ctx)) return 'editorial-note';
  const alone = standsAlone(text, ctx.open, after);
  if (alone) {
    const content = contentOf(ctx);
    if (upper && length <= 80 && DOCUMENT_STATE.test(content)) return 'editorial-note';
    if (length <= 120 && DATELINE_WORD.test(content) && DATE.test(content) && !OPERATIVE.test(content))
      return 'editorial-note';
    if (PROCEDURAL.test(content)) return 'procedural-note';
  }
  if (ctx.notationWords.length > 0 && length <= 60 && speaksOfBrackets(ctx)) return 'notation-example';
  return undefined;
}

/**
 * The content side of every note rule above that also reads the text around the pair (the
 * characters before or after it, its line, whether it stands alone or closes its paragraph),
 * loosened: true whenever one of them might apply in some place. When it is false,
 * `editorialRule` gives the same answer for this content wherever it stands in the same
 * draft (see `answerReadsContext` in rules.ts, which the memo of scan.ts relies on). A rule
 * added to `editorialRule` that reads around the pair must add its content test here; the
 * place-dependent rule on notation words is left to the caller.
 */
export function editorialReadsContext(
  ctx: PairContext,
  c0: number,
  first: number,
  length: number,
  exceptLawReport: boolean,
): boolean {
  if (length > 160 || !ctx.sameParagraph) return false;
  const { text } = ctx;
  const content = contentOf(ctx);
  // The address test reads ten characters from `first`, which may run past the content.
  if (
    (c0 === 104 || c0 === 119 || c0 === 102 || c0 === 109) &&
    ADDRESS_START.test(text.slice(first, ctx.close))
  )
    return true;
  if (!exceptLawReport && length === 4 && REPORT_YEAR.test(content)) return true;
  const noteWord = length <= 60 && NOTE_FIRST_WORDS.has(firstWord(text, first, ctx.close));
  if (noteWord && length <= 40 && STAGE_WORD.test(content)) return true;
  if (length <= 48 && NAVIGATION.test(content)) return true;
  if (length <= 32) {
    const key = content.trim();
    if (CITATION_KEY.test(key) || SYMBOL.test(key)) return true;
  }
  if (noteWord && (EDIT_TRACE.test(content) || LOWER_LABEL.test(content))) return true;
  if (blankReadsContext(content, length, noteWord)) return true;
  if (length <= 60 && TO_BE_WRITTEN.test(content)) return true;
  if (length <= 100 && EDITORIAL_WORK.test(content)) return true;
  if (recordMarkReadsContext(content, length)) return true;
  if (SOURCE_TAG.test(content) || (length <= 8 && CAPITAL_STATUS.test(content))) return true;
  return (
    (length <= 80 && DOCUMENT_STATE.test(content)) ||
    (length <= 120 && DATELINE_WORD.test(content) && DATE.test(content)) ||
    PROCEDURAL.test(content)
  );
}

/** The start of an address, as `editorialRule` reads it for `link-external`, less the character after. */
const ADDRESS_START = /^(?:https?:\/\/|www\.|ftp:\/\/|mailto:)/i;

/**
 * The pair cannot be part of a sentence: alone on its line, right after the paragraph's
 * number label ("14. [deleted]"), or closing its paragraph after a sentence has ended
 * ("... good faith. [moved to Article 4]"); "decided by [consensus]." is text.
 */
function asideFromSentence(ctx: PairContext): boolean {
  const { text, open } = ctx;
  const after = ctx.close + ctx.closeLength;
  if (standsAlone(text, open, after)) return true;
  let i = open - 1;
  while (i >= ctx.paragraphStart && isSpaceCode(text.charCodeAt(i))) i--;
  const lead = text.slice(Math.max(ctx.paragraphStart, i - 15), i + 1);
  if (i < ctx.paragraphStart || AFTER_NUMBER.test(lead)) return true;
  const c = text.charCodeAt(i);
  return (c === 46 || c === 59 || c === 93 || c === 41 || c === 58) && endsParagraph(text, after);
}

/** The text before a pair ends with a paragraph number alone: "14.", "5 bis.", "(c)", "Op3", "Para 7:". */
const AFTER_NUMBER =
  /(?:^|\n)[\s*_#>-]*(?:(?:para(?:graph)?\.?\s*)?\d{1,3}(?:\s?[a-z])?(?:\s?(?:bis|ter|quater|quinquies))?\s*[.):]?|\([a-z]{1,2}\)|\([ivx]{1,5}\)|(?:pp|op)\s?\d{1,3}\s*[.:]?)$/i;

const AT_STEP = /^\s*at\s+step\s+\d(?:\s?\/\s?\d)?\s*$/i;

/**
 * First words (lower case) of the patterns tried only after a first-word look: EDIT_TRACE,
 * LOWER_LABEL, AT_STEP, PAGE_OR_STAGE, STAGE_WORD, QUOTATION_INSERT and the blanks (blanks.ts).
 * A pattern added to those must add its first words here.
 */
const NOTE_FIRST_WORDS = new Set(
  `moved merged relocated transferred combined previously formerly former originally old ex was
  the paragraph para text section article chapeau title titles heading subparagraph deleted withdrawn new at
  page p pp inaudible unintelligible crosstalk off spoke speaking speaks interpretation
  applause laughter laughs chuckles cheers cheering booing interruption pause silence
  emphasis italics underlining bold internal footnote footnotes citation citations reference references
  quotation our free unofficial translation original hereinafter
  placeholder endnote insert please date dates name names symbol symbols place places venue venues city
  cities location locations signature signatures time times dd xx tbd tba to host chair chapter part
  annex appendix document short sub subheading subtitle`.split(/\s+/),
);

/** The first word of `[from, to)`: its ASCII letters, lower case, at most 16 ('' when none). */
function firstWord(text: string, from: number, to: number): string {
  let e = from;
  while (e < to && e - from < 17 && isAsciiLetterCode(text.charCodeAt(e))) e++;
  return e - from > 16 ? '' : text.slice(from, e).toLowerCase();
}

function isAsciiLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Only blanks and a full stop, then a line break or the end, after `after`. */
function endsParagraph(text: string, after: number): boolean {
  for (let i = after, n = 0; n < 12; i++, n++) {
    if (i >= text.length) return true;
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (!(isSpaceCode(c) || c === 46 || c === 42 || c === 95)) return false;
  }
  return false;
}

/** The pair is alone on its line: only blanks, emphasis and list marks beside it. */
function standsAlone(text: string, open: number, after: number): boolean {
  for (let i = open - 1, n = 0; i >= 0 && n < 12; i--, n++) {
    const c = text.charCodeAt(i);
    if (c === 10) break;
    if (!(isSpaceCode(c) || c === 42 || c === 95 || c === 35 || c === 62 || c === 45 || c === 0x2022))
      return false;
    if (i === 0) break;
  }
  for (let i = after, n = 0; i < text.length && n < 12; i++, n++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (!(isSpaceCode(c) || c === 42 || c === 95 || c === 46)) return false;
  }
  return true;
}

/** The full stop at `dot` ends an abbreviation ("e.g.", "i.e.", "cf.", "etc."), not a sentence. */
function abbreviationEnds(text: string, dot: number): boolean {
  return text.charCodeAt(dot) === 46 && ABBREVIATION.test(text.slice(Math.max(0, dot - 5), dot + 1));
}

const ABBREVIATION = /(?:^|[\s(,;:])(?:e\.g|i\.e|cf|etc|viz|vs|incl|resp)\.$/i;

/**
 * A "bracket" word outside the pair within 300 characters of it: the reach of the sentence
 * `speaksOfBrackets` reads (it goes at most 300 characters each way), so without one it says
 * no. A binary search; the scan's memo (pair-memo.ts) asks it too.
 */
export function notationWordNear(ctx: PairContext): boolean {
  const words = ctx.notationWords;
  if (words.length === 0) return false;
  const to = ctx.close + ctx.closeLength + 300;
  for (let k = lowerBound(words, ctx.open - 300); k < words.length && (words[k] as number) < to; k++) {
    const w = words[k] as number;
    if (w < ctx.open || w >= ctx.close) return true;
  }
  return false;
}

/**
 * The sentence around the pair talks about brackets ("Text in brackets [like this] is ...",
 * "Brackets indicate ...: '[shall/should] act'"): the pair is an example of the notation.
 * `notationWords` holds the offsets of every "bracket" word of the draft, so this is a
 * binary search, not a scan.
 */
function speaksOfBrackets(ctx: PairContext): boolean {
  if (!notationWordNear(ctx)) return false;
  const { text } = ctx;
  let from = ctx.open;
  for (let n = 0; from > ctx.paragraphStart && n < 300; n++, from--) {
    const c = text.charCodeAt(from - 1);
    if (
      (c === 46 || c === 33 || c === 63) &&
      isSpaceCode(text.charCodeAt(from)) &&
      !abbreviationEnds(text, from - 1)
    )
      break;
    if (c === 10 && text.charCodeAt(from - 2) === 10) break;
  }
  let to = ctx.close + ctx.closeLength;
  for (let n = 0; to < text.length && n < 300; n++, to++) {
    const c = text.charCodeAt(to);
    if (
      (c === 46 || c === 33 || c === 63) &&
      (to + 1 >= text.length || isSpaceCode(text.charCodeAt(to + 1))) &&
      !abbreviationEnds(text, to)
    )
      break;
    if (c === 10 && text.charCodeAt(to + 1) === 10) break;
  }
  const words = ctx.notationWords;
  for (let k = lowerBound(words, from); k < words.length && (words[k] as number) < to; k++) {
    const w = words[k] as number;
    if ((w < ctx.open || w >= ctx.close) && !withinPair(text, w, from, to)) return true;
  }
  return false;
}

/** "Source: <parties and groups only>": who proposed the text, read by the annotation rules. */
function sourceNamesParties(ctx: PairContext): boolean {
  const m = /^\s*sources?\s*:\s*(.{1,120}?)\s*[.;]?\s*$/i.exec(contentOf(ctx));
  return m !== null && knownHolderList(m[1] as string, ctx.parties) !== undefined;
}
