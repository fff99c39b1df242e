/**
 * Readable text for the date, time and place scanners, with a map back to the source.
 * Markdown and HTML markup is removed (links keep their label, URLs disappear because
 * they carry dates that are not meeting dates: `.../2013-January/...`, `iso=20200519T13`),
 * entities are decoded and escapes resolved. `map[i]` is the offset in the original of
 * cleaned character `i`, so every quote the engine reports is verbatim source text.
 */
export interface CleanText {
  text: string;
  /** `map[i]` = original offset of `text[i]`; `map[text.length]` = original end. */
  map: number[];
}

const ENTITIES: Record<string, string> = {
  ndash: '\u2013',
  mdash: '\u2014',
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  rsquo: '\u2019',
  lsquo: '\u2018',
  hellip: '\u2026',
  minus: '\u2212',
};

/** What a markup rule does with the text it matched. */
interface RuleOutcome {
  /** Length of the matched markup. */
  len: number;
  /** Keep `[start, end)` of the source, cleaned in turn (a link label may hold emphasis). */
  keep?: [number, number];
  /** Keep the matched text verbatim. */
  verbatim?: boolean;
  /** Replace the match with this text. */
  emit?: string;
  /** Keep the single source character at this offset from the match start. */
  literal?: number;
}

/**
 * Where the next stop character lies, remembering the stretch it last searched.
 * Every rule that looks for a closing character (`]`, `)`, `>`, end of line) asks this
 * instead of running a regular expression to the end of the line: a line of 100,000
 * unclosed `[` would otherwise be re-read once per `[`, quadratic in the line length.
 * The cleaner asks each instance from (nearly) increasing offsets, so a known stretch
 * `[from, hit)` free of stops answers most questions at once and every character is
 * read a bounded number of times: linear time, no memory beyond two numbers.
 */
class NextIndex {
  /** `[from, hit)` holds no stop; `hit` is a stop or the end of the text. */
  private from = 0;
  private hit = -1;
  constructor(
    private readonly raw: string,
    private readonly isStop: (raw: string, at: number) => boolean,
  ) {}
  /** The first offset `>= from` holding a stop character, or `raw.length` when there is none. */
  at(from: number): number {
    const end = this.raw.length;
    if (from >= end) return end;
    if (from >= this.from && from <= this.hit) return this.hit;
    // Just before the known stretch: read up to it only.
    const limit = from < this.from && this.hit >= 0 ? this.from : end;
    let k = from;
    while (k < limit && !this.isStop(this.raw, k)) k++;
    if (k === limit && limit !== end) {
      this.from = from;
      return this.hit;
    }
    this.from = from;
    this.hit = k;
    return k;
  }
}

const NL = 10;
const isSpace = (c: number): boolean =>
  c === 32 ||
  (c >= 9 && c <= 13) ||
  c === 0xa0 ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0xfeff ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x1680 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000;

const isBracketStop = (s: string, k: number): boolean => s.charCodeAt(k) === 93 || s.charCodeAt(k) === NL;
const isParenStop = (s: string, k: number): boolean => s.charCodeAt(k) === 41 || s.charCodeAt(k) === NL;
const isAngleStop = (s: string, k: number): boolean => s.charCodeAt(k) === 62 || s.charCodeAt(k) === NL;
const isAngleOrSpace = (s: string, k: number): boolean => s.charCodeAt(k) === 62 || isSpace(s.charCodeAt(k));
/** A comment closes at the ">" of a "-->". */
const isCommentEnd = (s: string, k: number): boolean => s[k] === '>' && s[k - 1] === '-' && s[k - 2] === '-';

/**
 * The scanners one cleaning pass needs, one per question so that each is asked from
 * increasing offsets; each is made on first use, so plain text allocates none.
 */
class Scanners {
  private readonly made: Partial<
    Record<'bracket' | 'ref' | 'paren' | 'angle' | 'autolink' | 'comment', NextIndex>
  > = {};
  constructor(readonly raw: string) {}
  private get(name: keyof Scanners['made'], stop: (s: string, k: number) => boolean): NextIndex {
    let made = this.made[name];
    if (!made) {
      made = new NextIndex(this.raw, stop);
      this.made[name] = made;
    }
    return made;
  }
  get closeBracket(): NextIndex {
    return this.get('bracket', isBracketStop);
  }
  get closeRef(): NextIndex {
    return this.get('ref', isBracketStop);
  }
  get closeParen(): NextIndex {
    return this.get('paren', isParenStop);
  }
  get closeAngle(): NextIndex {
    return this.get('angle', isAngleStop);
  }
  get angleOrSpace(): NextIndex {
    return this.get('autolink', isAngleOrSpace);
  }
  get commentEnd(): NextIndex {
    return this.get('comment', isCommentEnd);
  }
}

/** `(url)` or `[ref]` right after a link label that closed at `close`; the end offset, or -1. */
function linkTarget(sc: Scanners, close: number, allowRef: boolean): number {
  const open = sc.raw.charCodeAt(close + 1);
  if (open === 40) {
    const end = sc.closeParen.at(close + 2);
    return sc.raw.charCodeAt(end) === 41 ? end + 1 : -1;
  }
  if (allowRef && open === 91) {
    const end = sc.closeRef.at(close + 2);
    return sc.raw.charCodeAt(end) === 93 ? end + 1 : -1;
  }
  return -1;
}

const AUTOLINK = /<(?:https?|xmpp|mailto|ftp):/y;
const BARE_URL = /(?:https?:\/\/|www\.)[^\s<>)\]]+/y;
const BR = /<br\s{0,16}\/?>/iy;
const TAG_START = /<\/?[A-Za-z]/y;
const ENTITY = /&(#\d{1,6}|#x[0-9a-f]{1,6}|[a-z]{2,8});/iy;
const ESCAPE = /\\([\\`*_{}[\]()#+\-.!|~])/y;
const MARKERS = /\*\*|__|~~|`+/y;

/** The end of a match of sticky `re` at `at`, or -1; allocates nothing (no match array). */
function endOf(re: RegExp, raw: string, at: number): number {
  re.lastIndex = at;
  return re.test(raw) ? re.lastIndex : -1;
}

function sticky(re: RegExp, raw: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(raw);
}

/**
 * The markup starting at `i`, if any. Every rule reads a bounded prefix or asks a
 * {@link NextIndex} for its closing character, so one call costs O(1) amortised and
 * cleaning stays linear however the markup is left unclosed.
 */
function matchMarkup(sc: Scanners, i: number): RuleOutcome | undefined {
  const raw = sc.raw;
  const ch = raw[i];
  switch (ch) {
    case '!': {
      // ![alt](url): an image says nothing about the meeting.
      if (raw[i + 1] !== '[') return undefined;
      const close = sc.closeBracket.at(i + 2);
      if (raw.charCodeAt(close) !== 93) return undefined;
      const end = linkTarget(sc, close, false);
      return end < 0 ? undefined : { len: end - i };
    }
    case '[': {
      // [label](url) and [label][ref]: keep the label.
      const close = sc.closeBracket.at(i + 1);
      if (raw.charCodeAt(close) !== 93) return undefined;
      const end = linkTarget(sc, close, true);
      return end < 0 ? undefined : { len: end - i, keep: [i + 1, close] };
    }
    case '<': {
      // <https://...>, <xmpp:...>, <mailto:...>: autolinks.
      const auto = endOf(AUTOLINK, raw, i);
      if (auto >= 0) {
        const end = sc.angleOrSpace.at(auto);
        if (raw.charCodeAt(end) === 62) return { len: end + 1 - i };
      }
      // <br> becomes a line break; other tags vanish.
      const br = endOf(BR, raw, i);
      if (br >= 0) return { len: br - i, emit: '\n' };
      if (endOf(TAG_START, raw, i) >= 0) {
        const end = sc.closeAngle.at(i + 2);
        if (raw.charCodeAt(end) === 62) return { len: end + 1 - i };
      }
      if (raw.startsWith('<!--', i)) {
        // The first "-->" after the opening (which may share its dashes, as in "<!-->").
        // The first "-->" that starts after the opening: its ">" lies at i + 6 or later.
        const gt = sc.commentEnd.at(i + 6);
        if (gt < raw.length) return { len: gt + 1 - i };
      }
      return undefined;
    }
    case 'h':
    case 'w': {
      // Bare URLs, only at a word start: "https" inside "thttps" is not one.
      if (i > 0 && /[A-Za-z0-9]/.test(raw[i - 1] as string)) return undefined;
      const end = endOf(BARE_URL, raw, i);
      return end >= 0 ? { len: end - i } : undefined;
    }
    case '&': {
      const m = sticky(ENTITY, raw, i);
      if (!m) return undefined;
      const name = (m[1] as string).toLowerCase();
      if (name.startsWith('#x'))
        return { len: m[0].length, emit: safeChar(Number.parseInt(name.slice(2), 16)) };
      if (name.startsWith('#')) return { len: m[0].length, emit: safeChar(Number(name.slice(1))) };
      const entity = ENTITIES[name];
      return entity === undefined ? { len: m[0].length, verbatim: true } : { len: m[0].length, emit: entity };
    }
    case '\\': {
      // Backslash escapes: "Los\_Angeles".
      return endOf(ESCAPE, raw, i) >= 0 ? { len: 2, literal: 1 } : undefined;
    }
    case '*':
    case '_':
    case '~':
    case '`': {
      // Emphasis and code markers.
      const end = endOf(MARKERS, raw, i);
      return end >= 0 ? { len: end - i } : undefined;
    }
    default:
      return undefined;
  }
}

function safeChar(code: number): string {
  if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) return ' ';
  try {
    return String.fromCodePoint(code);
  } catch {
    return ' ';
  }
}

/** Characters where markup may begin (`h` and `w` only when a URL starts a word there). */
const MARKUP_START = new Uint8Array(128);
for (const c of '![<&\\*_~`hw') MARKUP_START[c.charCodeAt(0)] = 1;

const isWordCode = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** The first offset `>= from` where markup may begin, or `raw.length`; allocates nothing. */
function nextMarkupStart(raw: string, from: number): number {
  for (let k = from; k < raw.length; k++) {
    const c = raw.charCodeAt(k);
    if (c >= 128 || MARKUP_START[c] === 0) continue;
    if (c !== 104 && c !== 119) return k;
    // "h" and "w" matter only where a URL starts a word.
    if (k > 0 && isWordCode(raw.charCodeAt(k - 1))) continue;
    if (raw.startsWith('http://', k) || raw.startsWith('https://', k) || raw.startsWith('www.', k)) return k;
  }
  return raw.length;
}

/** Cleans `raw`, a verbatim range of the document starting at `base`. */
export function cleanText(raw: string, base: number): CleanText {
  const sc = new Scanners(raw);
  const pieces: string[] = [];
  // Cleaning never lengthens text, so the map fits in the input's length: allocating it
  // once keeps long documents from paying for repeated growth.
  const map: number[] = new Array(raw.length + 1);
  let n = 0;
  // Source text is copied in runs: `[runStart, i)` is kept verbatim and not yet copied.
  let runStart = 0;
  const flush = (to: number) => {
    if (to <= runStart) return;
    pieces.push(raw.slice(runStart, to));
    for (let k = runStart; k < to; k++) map[n++] = base + k;
  };
  let i = 0;
  while (i < raw.length) {
    // Skip plain text in one step: only a few characters can start markup.
    i = nextMarkupStart(raw, i);
    if (i >= raw.length) break;
    const ch = raw[i] as string;
    const out = matchMarkup(sc, i);
    if (out?.verbatim) {
      i += out.len;
      continue;
    }
    if (out) {
      flush(i);
      if (out.literal !== undefined) {
        // The escaped character starts the next verbatim run.
        runStart = i + out.literal;
        i += out.len;
        continue;
      }
      if (out.keep) {
        // Keep the label, cleaned in turn (a link label may hold emphasis).
        const [from, to] = out.keep;
        const inner = cleanText(raw.slice(from, to), base + from);
        pieces.push(inner.text);
        for (let k = 0; k < inner.text.length; k++) map[n++] = inner.map[k] as number;
      } else if (out.emit) {
        pieces.push(out.emit);
        for (let k = 0; k < out.emit.length; k++) map[n++] = base + i;
      }
      i += out.len;
      runStart = i;
      continue;
    }
    // A single * or _ at a word boundary is emphasis; inside a word ("Los_Angeles") it is text.
    if (ch === '*' || ch === '_') {
      const prev = raw[i - 1] ?? ' ';
      const after = raw[i + 1] ?? ' ';
      if (!(/[A-Za-z0-9]/.test(prev) && /[A-Za-z0-9]/.test(after))) {
        flush(i);
        i++;
        runStart = i;
        continue;
      }
    }
    i++;
  }
  flush(raw.length);
  map[n++] = base + raw.length;
  map.length = n;
  return { text: pieces.join(''), map };
}
