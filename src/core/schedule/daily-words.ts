/**
 * The words that say hours are every day's ("Daily sessions will run from ...", "each working
 * day", "chaque jour", "todos los días") and those that say hours are another thing's
 * ("Registration will be open each day from 8 a.m."). Text only, so that both the reader's core
 * and its walk can ask.
 */
import { EXCLUDE_CUE } from './text-rules.js';

/**
 * Times said of every day of a meeting: "Daily sessions will run from ...", "each (working) day",
 * "chaque jour", "todos los días", "täglich", and the sittings said in the plural with their hours
 * ("Sessions will run from 9:30 to 13:00 and from 15:00 to 18:00", "Plenary sessions will normally
 * be held from ...", "Sittings are scheduled from ...", "Las sesiones se realizarán de 9:30 a 13:00
 * horas", "Les séances se tiendront de 10 heures à 13 heures").
 */
export const DAILY_CUE = new RegExp(
  [
    String.raw`\b(?:daily (?:sessions?|meetings?|sittings?|hours|schedule)|(?:sessions?|meetings?) (?:will )?(?:run|be held|take place) (?:daily|each day|every day)|(?:each|every) (?:working |business |meeting )?day|(?:each|every) (?:morning|afternoon)|(?<=\d(?:\s*(?:hrs?|h|[ap]\.?m\.?))?\s)daily|(?:working|meeting) hours)\b`,
    String.raw`\b(?:sessions|meetings|sittings) (?:(?:will|shall) (?:normally |usually |generally )?(?:run|be held|take place|sit)|(?:are|will be) (?:normally |usually )?(?:scheduled|held)) (?:daily )?(?:from|between) (?=\d)`,
    String.raw`\b(?:chaque jour|tous les jours|quotidiennement|todos los d[ií]as|cada d[ií]a|diariamente|t[äa]glich)\b`,
    String.raw`\b(?:sesiones|reuniones) se (?:realizar[áa]n|celebrar[áa]n|llevar[áa]n a cabo|desarrollar[áa]n) (?:de|entre) (?=\d)`,
    String.raw`\b(?:s[ée]ances|r[ée]unions|travaux) (?:se tiendront|auront lieu|se d[ée]rouleront) (?:de|entre) (?=\d)`,
  ].join('|'),
  'i',
);

/** "begin at 9AM each day", "will start at 10:00 every day": the time right after the cue, said of each day. */
export const DAILY_START =
  /\b(?:begin|start|open|convene)s?\s+(?:at\s+)?(?=\d(?:\.\d\d)?[^.;]{0,12}\b(?:(?:each|every) (?:day|morning|afternoon)|daily)\b)/i;

/**
 * "The meeting will open on Monday, 12 June, at 10 a.m. Meetings will be held from 10 a.m. to
 * 1 p.m. and from 3 p.m. to 6 p.m.": the sentence that holds the time at `at`, when it comes
 * after the one the day ends in (`dateEnd`); undefined when the two are one sentence.
 */
export function laterSentence(text: string, dateEnd: number, at: number): string | undefined {
  const stops = [...text.slice(0, at).matchAll(SENTENCE_END)].map((m) => (m.index ?? 0) + m[0].length);
  const from = stops.at(-1);
  if (from === undefined || from <= dateEnd) return undefined;
  const next = text.slice(at).search(/[.;!?]\s+(?=\p{Lu})|[.;!?]?\s*$/u);
  return text.slice(from, at + Math.max(0, next));
}

/** The end of a sentence: its stop, then a capital ("10 a.m. Meetings ..."; "10 a.m. on Monday" goes on). */
const SENTENCE_END = /[.;!?]\s+(?=\p{Lu})/gu;

/**
 * Hours of a place rather than of the meeting: "Registration will be open each day from 8 a.m.",
 * "The exhibition hall will be open from 10 a.m. to 6 p.m.", "The cafeteria is open every day".
 */
export function hoursOfSomethingElse(sentence: string): boolean {
  return EXCLUDE_CUE.test(sentence) || hoursOfAPlace(sentence);
}

/** "The exhibition hall will be open from 10 a.m. to 6 p.m.": the hours of a place (the deadline words aside). */
export function hoursOfAPlace(sentence: string): boolean {
  return OPEN_HOURS.test(sentence);
}

const OPEN_HOURS =
  /\b(?:registration|desk|counter|office|hall|exhibition|cafeteria|caf[ée]|restaurant|library|building|bar|lounge|cent(?:re|er)|room|area|space|booth|shop|kiosk|clinic)s?\b[^.;]{0,40}?\b(?:is|are|will\s+be|remains?|stays?)\s+open\b|\bdoors\s+(?:will\s+)?open\b/i;
