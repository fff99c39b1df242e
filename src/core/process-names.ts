import unhomoglyph from 'unhomoglyph';
import { RapporteurError } from './errors.js';

/**
 * Names of processes are shown to every member of a channel, in alerts and reminders, on
 * every platform: a name must read as what it is. So a name is normalised (Unicode NFC, the
 * spaces of every script as one plain space) and refused, with the reason, when it carries
 * what can fool a reader: control characters (a line break starts a fake second line),
 * bidirectional controls (a right-to-left override shows text in another order than it is
 * stored), invisible characters (two names that look the same but differ), unassigned or
 * private-use code points, or the mention syntax of the chat platforms (`@everyone`,
 * `<!channel>`, `<@&123>`), which would ping people wherever the name is echoed.
 *
 * A new name that looks like one the tenant already has ("WSІS+10 Vision" with a Cyrillic І
 * beside "WSIS+10 Vision") is refused too: names are compared by their confusable skeletons
 * (Unicode Technical Standard #39, confusables.txt, as mapped by the `unhomoglyph` package).
 */

/** Longest name, in characters, after normalisation. */
export const PROCESS_NAME_MAX = 120;

const BIDI_CONTROLS: ReadonlyMap<number, string> = new Map([
  [0x061c, 'ARABIC LETTER MARK'],
  [0x200e, 'LEFT-TO-RIGHT MARK'],
  [0x200f, 'RIGHT-TO-LEFT MARK'],
  [0x202a, 'LEFT-TO-RIGHT EMBEDDING'],
  [0x202b, 'RIGHT-TO-LEFT EMBEDDING'],
  [0x202c, 'POP DIRECTIONAL FORMATTING'],
  [0x202d, 'LEFT-TO-RIGHT OVERRIDE'],
  [0x202e, 'RIGHT-TO-LEFT OVERRIDE'],
  [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'],
  [0x2068, 'FIRST STRONG ISOLATE'],
  [0x2069, 'POP DIRECTIONAL ISOLATE'],
]);

const ZWNJ = 0x200c;
const ZWJ = 0x200d;
const BLACK_FLAG = 0x1f3f4;
const isVariationSelector = (cp: number) =>
  (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
const isTag = (cp: number) => cp >= 0xe0020 && cp <= 0xe007f;
const isEmojiModifier = (cp: number) => cp >= 0x1f3fb && cp <= 0x1f3ff;

const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
/** Scripts that need no joiners; joiners between their letters only hide differences. */
const SIMPLE_SCRIPTS = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}]/u;
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const UNASSIGNED_OR_PRIVATE = /[\p{Cn}\p{Co}\p{Cs}]/u;
const FORMAT = /\p{Cf}/u;
const CONTROL = /\p{Cc}/u;
const LINE_BREAKS = /[\n\r\v\f\u0085\u2028\u2029]/u;
const SPACES = /[\p{Zs}\t]+/gu;

/**
 * Platform mention and markup syntax: Slack `<!channel>`, `<@U123>`, `<#C123>`,
 * `<!subteam^S1>`; Discord `<@123>`, `<@&123>`, `<#123>`, `<:emoji:1>`, `<t:1700000000>`;
 * and the broadcast words (`@everyone`, `@here`, `@channel`...).
 */
const MENTION_MARKUP = /<\s*[!@#:&]|<\s*(?:a|t):/iu;
// Anywhere, not only at a word start: Discord pings @everyone even inside a word.
const BROADCAST = /[@＠﹫](everyone|here|channel|group|all)(?![\p{L}\p{N}_])/iu;

/** The code point as U+XXXX. */
function codePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

function refuse(reason: string, hint: string): never {
  throw new RapporteurError('INVALID_ARGUMENT', `The process name ${reason}.`, { hint });
}

/** Whether a joiner at index i of `cps` sits where a script or an emoji sequence needs it. */
function joinerFits(cps: number[], i: number): boolean {
  const cp = cps[i] as number;
  let before = i - 1;
  while (
    before >= 0 &&
    (isVariationSelector(cps[before] as number) || isEmojiModifier(cps[before] as number))
  )
    before--;
  const prev = before >= 0 ? String.fromCodePoint(cps[before] as number) : '';
  const next = i + 1 < cps.length ? String.fromCodePoint(cps[i + 1] as number) : '';
  if (cp === ZWJ && PICTOGRAPHIC.test(prev) && PICTOGRAPHIC.test(next)) return true;
  // Indic and Arabic-script spellings need ZWJ/ZWNJ between letters; Latin, Greek and Cyrillic do not.
  return LETTER_OR_MARK.test(prev) && LETTER_OR_MARK.test(next) && !SIMPLE_SCRIPTS.test(prev);
}

/** Whether tag characters at index i continue a flag sequence (🏴 then tags, ending in U+E007F). */
function tagFits(cps: number[], i: number): boolean {
  let start = i;
  while (start > 0 && isTag(cps[start - 1] as number)) start--;
  return start > 0 && cps[start - 1] === BLACK_FLAG;
}

/**
 * The name as stored and shown: NFC, spaces collapsed, trimmed. Throws INVALID_ARGUMENT,
 * saying which character or syntax is refused and why, for the names described above, and
 * for names that are too short or too long (default 2 to 120 characters, what a command
 * accepts; the store takes 1 to 200) or have no letters or digits.
 */
export function normaliseProcessName(raw: string, limits: { min?: number; max?: number } = {}): string {
  const min = limits.min ?? 2;
  const max = limits.max ?? PROCESS_NAME_MAX;
  const hint = 'Type the name again with letters, digits, spaces and ordinary punctuation only.';
  let name = raw.normalize('NFC');
  const cps = Array.from(name, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i] as number;
    const ch = String.fromCodePoint(cp);
    const at = codePoint(cp);
    if (LINE_BREAKS.test(ch)) refuse(`contains a line break (${at}); a name is one line`, hint);
    if (cp === 0x09) continue; // a tab is a space, collapsed below
    if (CONTROL.test(ch)) refuse(`contains a control character (${at})`, hint);
    const bidi = BIDI_CONTROLS.get(cp);
    if (bidi) {
      refuse(
        `contains the invisible bidirectional control ${at} ${bidi}, which can show the text in another order than it is written`,
        hint,
      );
    }
    if (isVariationSelector(cp) && i > 0 && !IGNORABLE.test(String.fromCodePoint(cps[i - 1] as number)))
      continue;
    if ((cp === ZWJ || cp === ZWNJ) && joinerFits(cps, i)) continue;
    if (isTag(cp) && tagFits(cps, i)) continue;
    if (cp === ZWJ || cp === ZWNJ || cp === 0x200b || cp === 0x2060 || cp === 0xfeff) {
      refuse(
        `contains an invisible zero-width character (${at}), which makes it differ from a name that looks the same`,
        hint,
      );
    }
    if (IGNORABLE.test(ch) || FORMAT.test(ch)) refuse(`contains an invisible character (${at})`, hint);
    if (UNASSIGNED_OR_PRIVATE.test(ch)) {
      refuse(
        `contains ${at}, an unassigned or private-use character that shows differently everywhere`,
        hint,
      );
    }
  }
  name = name.replace(SPACES, ' ').trim();
  if (MENTION_MARKUP.test(name) || BROADCAST.test(name)) {
    refuse(
      'contains mention syntax (such as @everyone, <!channel> or <@&123>), which would notify people wherever the name is shown',
      'Remove the @ or < > mention from the name.',
    );
  }
  const length = Array.from(name).length;
  if (length < min) {
    refuse(
      `needs at least ${min === 2 ? 'two characters' : `${min} characters`}`,
      'Give the negotiation’s name, e.g. "WSIS+10 Vision".',
    );
  }
  if (length > max) refuse(`has ${length} characters; at most ${max} are allowed`, 'Use a shorter name.');
  if (!/[\p{L}\p{N}]/u.test(name.normalize('NFKD'))) {
    refuse(
      'has no letters or digits',
      'Choose a name people can type, such as "WSIS+10 Vision"; emoji and symbols alone cannot be typed back.',
    );
  }
  return name;
}

/**
 * Keys under which two names look alike: the UTS #39 skeleton of the name, with marks,
 * spaces and punctuation dropped, once as written and once in lower case (I, l and 1 look
 * alike in capitals; і and i in lower case).
 */
export function confusableKeys(name: string): [string, string] {
  const key = (s: string) =>
    unhomoglyph(s.normalize('NFD'))
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .replace(/[^\p{L}\p{N}]+/gu, '');
  return [key(name), key(name.toLowerCase())];
}

/**
 * The first of `existing` whose name looks like `name` without being the same process (the
 * same slug means the same process and is not a look-alike).
 */
export function findLookAlike<T extends { name: string; slug: string }>(
  name: string,
  slug: string,
  existing: readonly T[],
): T | undefined {
  const [asWritten, lower] = confusableKeys(name);
  if (!asWritten && !lower) return undefined;
  return existing.find((other) => {
    if (other.slug === slug) return false;
    const [otherAsWritten, otherLower] = confusableKeys(other.name);
    return (asWritten !== '' && asWritten === otherAsWritten) || (lower !== '' && lower === otherLower);
  });
}

/** The CONFLICT raised for a look-alike name, naming the existing process. */
export function lookAlikeError(name: string, existing: { name: string }): RapporteurError {
  return new RapporteurError(
    'CONFLICT',
    `"${name}" looks like the existing process "${existing.name}" (they differ only in look-alike characters, such as a letter from another alphabet), so people could not tell them apart.`,
    {
      hint: `To use that process, give its name as written: ${existing.name}. Otherwise choose a name that reads differently.`,
      details: { existing: existing.name },
    },
  );
}
