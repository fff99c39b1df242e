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

const RULES: {
  re: RegExp;
  apply: (m: RegExpExecArray) => { keep?: [number, number]; emit?: string; literal?: number };
}[] = [
  // ![alt](url): an image says nothing about the meeting.
  { re: /!\[[^\]\n]*\]\([^)\n]*\)/y, apply: () => ({}) },
  // [label](url) and [label][ref]: keep the label.
  {
    re: /\[([^\]\n]*)\](?:\([^)\n]*\)|\[[^\]\n]*\])/y,
    apply: (m) => ({ keep: [1, (m[1] as string).length] }),
  },
  // <https://...>, <xmpp:...>, <mailto:...>: autolinks.
  { re: /<(?:https?|xmpp|mailto|ftp):[^>\s]*>/y, apply: () => ({}) },
  // Bare URLs.
  { re: /(?:https?:\/\/|www\.)[^\s<>)\]]+/y, apply: () => ({}) },
  // <br> becomes a line break; other tags vanish.
  { re: /<br\s*\/?>/iy, apply: () => ({ emit: '\n' }) },
  { re: /<\/?[A-Za-z][^>\n]*>/y, apply: () => ({}) },
  { re: /<!--[\s\S]*?-->/y, apply: () => ({}) },
  // Entities.
  {
    re: /&(#\d{1,6}|#x[0-9a-f]{1,6}|[a-z]{2,8});/iy,
    apply: (m) => {
      const name = (m[1] as string).toLowerCase();
      if (name.startsWith('#x')) return { emit: safeChar(Number.parseInt(name.slice(2), 16)) };
      if (name.startsWith('#')) return { emit: safeChar(Number(name.slice(1))) };
      const ch = ENTITIES[name];
      return ch === undefined ? { keep: [0, m[0].length] } : { emit: ch };
    },
  },
  // Backslash escapes: "Los\_Angeles".
  { re: /\\([\\`*_{}[\]()#+\-.!|~])/y, apply: () => ({ literal: 1 }) },
  // Emphasis and code markers.
  { re: /\*\*|__|~~|`+/y, apply: () => ({}) },
];

function safeChar(code: number): string {
  if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) return ' ';
  try {
    return String.fromCodePoint(code);
  } catch {
    return ' ';
  }
}

/** Which rules can start at a character: testing only those keeps cleaning linear in practice. */
function rulesFor(ch: string): typeof RULES {
  switch (ch) {
    case '!':
      return [RULES[0]!];
    case '[':
      return [RULES[1]!];
    case '<':
      return [RULES[2]!, RULES[4]!, RULES[5]!, RULES[6]!];
    case 'h':
    case 'w':
      return [RULES[3]!];
    case '&':
      return [RULES[7]!];
    case '\\':
      return [RULES[8]!];
    case '*':
    case '_':
    case '~':
    case '`':
      return [RULES[9]!];
    default:
      return [];
  }
}

/** Characters (and word starts) where markup may begin. */
const SPECIAL = /[![<&\\*_~`]|(?<![A-Za-z0-9])(?:https?:\/\/|www\.)/g;

/** Cleans `raw`, a verbatim range of the document starting at `base`. */
export function cleanText(raw: string, base: number): CleanText {
  let text = '';
  const map: number[] = [];
  let i = 0;
  outer: while (i < raw.length) {
    // Copy plain runs in one piece: only a few characters can start markup.
    SPECIAL.lastIndex = i;
    const next = SPECIAL.exec(raw);
    const stop = next ? next.index : raw.length;
    if (stop > i) {
      text += raw.slice(i, stop);
      for (let k = i; k < stop; k++) map.push(base + k);
      i = stop;
      if (i >= raw.length) break;
    }
    const ch = raw[i] as string;
    const rules = rulesFor(ch);
    if (rules.length > 0) {
      // URLs only start a word: "https" inside "thttps" is not one.
      const wordStart = !(ch === 'h' || ch === 'w') || i === 0 || !/[A-Za-z0-9]/.test(raw[i - 1] as string);
      for (const rule of wordStart ? rules : []) {
        rule.re.lastIndex = i;
        const m = rule.re.exec(raw);
        if (!m) continue;
        const out = rule.apply(m);
        if (out.literal !== undefined) {
          text += raw[i + out.literal];
          map.push(base + i + out.literal);
        } else if (out.keep) {
          const [group, len] = out.keep;
          if (group === 0) {
            for (let k = 0; k < m[0].length; k++) {
              text += raw[i + k];
              map.push(base + i + k);
            }
          } else {
            // Keep a group, cleaned in turn (a link label may hold emphasis).
            const start = i + m[0].indexOf(m[group] as string, 1);
            const inner = cleanText(raw.slice(start, start + len), base + start);
            text += inner.text;
            for (let k = 0; k < inner.text.length; k++) map.push(inner.map[k] as number);
          }
        } else if (out.emit) {
          text += out.emit;
          for (let k = 0; k < out.emit.length; k++) map.push(base + i);
        }
        i += m[0].length;
        continue outer;
      }
      // A single * or _ at a word boundary is emphasis; inside a word ("Los_Angeles") it is text.
      if (ch === '*' || ch === '_') {
        const prev = raw[i - 1] ?? ' ';
        const next = raw[i + 1] ?? ' ';
        if (!(/[A-Za-z0-9]/.test(prev) && /[A-Za-z0-9]/.test(next))) {
          i++;
          continue;
        }
      }
    }
    text += ch;
    map.push(base + i);
    i++;
  }
  map.push(base + raw.length);
  return { text, map };
}
