/**
 * Dates and hours written out in French words, as municipal minutes write them: "L'an deux
 * mille vingt, le dix-sept septembre, à vingt et une heures", "le douze mars deux mille
 * vingt-six", "à dix-neuf heures trente". Only numbers up to 59 and years 2000-2099 are read;
 * any word that is not a number makes the phrase no date.
 */

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  un: 1,
  une: 1,
  premier: 1,
  '1er': 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  six: 6,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
  onze: 11,
  douze: 12,
  treize: 13,
  quatorze: 14,
  quinze: 15,
  seize: 16,
  vingt: 20,
  trente: 30,
  quarante: 40,
  cinquante: 50,
};

/** "dix-sept" 17, "vingt et un" 21, "trente" 30: below sixty, French numbers add up. */
export function frenchNumber(words: string): number | undefined {
  const parts = words
    .toLowerCase()
    .split(/[\s-]+/)
    .filter((w) => w && w !== 'et');
  if (parts.length === 0 || parts.length > 3) return undefined;
  let sum = 0;
  for (const p of parts) {
    const n = NUMBER_WORDS[p];
    if (n === undefined) return undefined;
    sum += n;
  }
  return sum;
}

/** "deux mille vingt-six" 2026, "deux mille" 2000. */
function frenchYear(words: string): number | undefined {
  const m = /^deux[\s-]+mille(?:[\s-]+(.+))?$/i.exec(words.trim());
  if (!m) return undefined;
  if (m[1] === undefined) return 2000;
  const rest = frenchNumber(m[1]);
  return rest === undefined ? undefined : 2000 + rest;
}

const MONTHS_FR = [
  'janvier',
  'fevrier',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'aout',
  'septembre',
  'octobre',
  'novembre',
  'decembre',
];

const WORD = '[a-z\\u00e9\\u00e8]+';
// Only number words after "deux mille", so the year never takes the words that follow it.
const YEAR = `deux[\\s-]+mille(?:[\\s-]+(?:et|${Object.keys(NUMBER_WORDS).join('|')})(?![a-z\\u00e9]))*`;
const SPELLED_DATE = new RegExp(
  `(?:l'an\\s+(${YEAR})\\s*,?\\s*)?\\ble\\s+((?:${WORD}[\\s-]+){0,3}?${WORD})\\s+(janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)(?:\\s+(${YEAR})(?![a-z\\u00e9]))?`,
  'giu',
);

/** A date written in words, with its position. */
export interface SpelledDate {
  index: number;
  length: number;
  text: string;
  date: { year?: number; month: number; day: number };
}

/** The French dates written in words in `text`; cheap when the text has no "mille". */
export function findSpelledDates(text: string): SpelledDate[] {
  if (!/mille/i.test(text)) return [];
  const out: SpelledDate[] = [];
  for (const m of text.matchAll(SPELLED_DATE)) {
    const day = frenchNumber(m[2] as string);
    if (day === undefined || day < 1 || day > 31) continue;
    const yearText = m[4] ?? m[1];
    const year = yearText === undefined ? undefined : frenchYear(yearText);
    if (yearText !== undefined && year === undefined) continue;
    const month =
      MONTHS_FR.indexOf(
        (m[3] as string)
          .toLowerCase()
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, ''),
      ) + 1;
    out.push({
      index: m.index ?? 0,
      length: m[0].length,
      text: m[0],
      date: { day, month, ...(year === undefined ? {} : { year }) },
    });
  }
  return out;
}

const SPELLED_TIME = new RegExp(
  `(?<![\\p{L}])[àa]\\s+((?:${WORD}[\\s-]+){0,3}?${WORD})\\s+heures?(?:\\s+(et\\s+demie|et\\s+quart|(?:${WORD}[\\s-]+){0,2}?${WORD}))?(?![\\p{L}])`,
  'giu',
);

/** An hour written in words, with its position: "à vingt et une heures", "à dix-neuf heures trente". */
export interface SpelledTime {
  index: number;
  end: number;
  hour: number;
  minute: number;
}

/** The French hours written in words in `text` ("à vingt heures et demie"); a duration ("deux heures de débat") has no "à". */
export function findSpelledTimes(text: string): SpelledTime[] {
  if (!/heure/i.test(text)) return [];
  const out: SpelledTime[] = [];
  for (const m of text.matchAll(SPELLED_TIME)) {
    const hour = frenchNumber(m[1] as string);
    if (hour === undefined || hour > 23) continue;
    let minute = 0;
    let end = (m.index ?? 0) + m[0].length;
    const unit = /heures?/i.exec(m[0]);
    const unitEnd = (m.index ?? 0) + (unit ? unit.index + unit[0].length : m[0].length);
    const tail = m[2]?.toLowerCase().replace(/\s+/g, ' ');
    if (tail === 'et demie') minute = 30;
    else if (tail === 'et quart') minute = 15;
    else if (tail !== undefined) {
      const n = frenchNumber(tail);
      // "à vingt heures, le conseil": a word after the hour that is no number ends the time.
      if (n === undefined || n > 59) end = unitEnd;
      else minute = n;
    }
    // The reading starts at the number, after "à".
    const at = (m.index ?? 0) + (m[0].length - m[0].replace(/^[àa]\s+/i, '').length);
    out.push({ index: at, end, hour, minute });
  }
  return out;
}
