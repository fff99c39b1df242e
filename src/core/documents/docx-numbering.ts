import type { XmlElement, XmlHandlers } from './xml.js';

/** One level of a Word list definition (w:lvl). */
export interface LevelDef {
  start: number;
  numFmt: string;
  /** The label pattern, e.g. "%1." or "(%2)"; for bullets, the bullet character. */
  lvlText: string;
  /** w:lvlRestart: 0 = never restart; N = restart after level N (1-based) is used; absent = after any higher level. */
  restart?: number;
  /** Legal numbering: every level shown as decimal. */
  isLgl: boolean;
  pStyle?: string;
}

interface AbstractNum {
  levels: Map<number, LevelDef>;
  numStyleLink?: string;
}

interface NumInstance {
  abstractId: string;
  overrides: Map<number, { start?: number; level?: LevelDef }>;
}

/** numbering.xml, parsed. */
export interface NumberingDefinitions {
  abstracts: Map<string, AbstractNum>;
  nums: Map<string, NumInstance>;
}

/** Streaming handlers that collect numbering.xml into `NumberingDefinitions`. */
export function numberingCollector(): { handlers: XmlHandlers; result: NumberingDefinitions } {
  const result: NumberingDefinitions = { abstracts: new Map(), nums: new Map() };
  let abstract: AbstractNum | undefined;
  let num: NumInstance | undefined;
  let override: { ilvl: number; start?: number; level?: LevelDef } | undefined;
  let level: { ilvl: number; def: LevelDef } | undefined;
  const handlers: XmlHandlers = {
    open(el: XmlElement) {
      const val = el.attrs['w:val'];
      switch (el.name) {
        case 'w:abstractNum':
          abstract = { levels: new Map() };
          result.abstracts.set(el.attrs['w:abstractNumId'] ?? '', abstract);
          break;
        case 'w:num':
          num = { abstractId: '', overrides: new Map() };
          result.nums.set(el.attrs['w:numId'] ?? '', num);
          break;
        case 'w:abstractNumId':
          if (num && val !== undefined) num.abstractId = val;
          break;
        case 'w:lvlOverride':
          override = { ilvl: toInt(el.attrs['w:ilvl'], 0) };
          break;
        case 'w:startOverride':
          if (override) override.start = toInt(val, 1);
          break;
        case 'w:numStyleLink':
          if (abstract && val) abstract.numStyleLink = val;
          break;
        case 'w:lvl':
          level = {
            ilvl: toInt(el.attrs['w:ilvl'], 0),
            def: { start: 1, numFmt: 'decimal', lvlText: '', isLgl: false },
          };
          break;
        case 'w:start':
          if (level) level.def.start = toInt(val, 1);
          break;
        case 'w:numFmt':
          if (level && val) level.def.numFmt = val;
          break;
        case 'w:lvlText':
          if (level) level.def.lvlText = val ?? '';
          break;
        case 'w:lvlRestart':
          if (level) level.def.restart = toInt(val, 0);
          break;
        case 'w:isLgl':
          if (level) level.def.isLgl = val !== '0' && val !== 'false';
          break;
        case 'w:pStyle':
          if (level && val) level.def.pStyle = val;
          break;
      }
    },
    close(name: string) {
      switch (name) {
        case 'w:lvl':
          if (level) {
            if (override) override.level = level.def;
            else abstract?.levels.set(level.ilvl, level.def);
          }
          level = undefined;
          break;
        case 'w:lvlOverride':
          if (override && num) {
            const entry: { start?: number; level?: LevelDef } = {};
            if (override.start !== undefined) entry.start = override.start;
            if (override.level !== undefined) entry.level = override.level;
            num.overrides.set(override.ilvl, entry);
          }
          override = undefined;
          break;
        case 'w:abstractNum':
          abstract = undefined;
          break;
        case 'w:num':
          num = undefined;
          break;
      }
    },
    text() {},
  };
  return { handlers, result };
}

/**
 * Computes list labels in document order, as Word displays them. Counters belong to the
 * abstract list (instances of one abstract list continue each other, which is how Word
 * behaves); an instance's start override restarts its levels the first time it is used.
 */
export class NumberingState {
  private readonly counters = new Map<string, { value: number[]; used: boolean[] }>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly defs: NumberingDefinitions,
    /** numId a numbering style points to (for w:numStyleLink). */
    private readonly styleNumId: (styleId: string) => string | undefined,
  ) {}

  /** The level definition (with overrides) for a paragraph's numId and level, if any. */
  level(numId: string, ilvl: number): LevelDef | undefined {
    const resolved = this.resolve(numId);
    if (!resolved) return undefined;
    return resolved.num.overrides.get(ilvl)?.level ?? resolved.abstract.levels.get(ilvl);
  }

  /** The ilvl a paragraph style is attached to in this list (w:lvl/w:pStyle), if any. */
  levelOfStyle(numId: string, styleId: string): number | undefined {
    const resolved = this.resolve(numId);
    if (!resolved) return undefined;
    for (const [ilvl, def] of resolved.abstract.levels) if (def.pStyle === styleId) return ilvl;
    return undefined;
  }

  /** Advances the counter for (numId, ilvl) and returns the label, e.g. "12." or "(a)"; "" for none. */
  next(numId: string, ilvl: number): string | undefined {
    const resolved = this.resolve(numId);
    if (!resolved) return undefined;
    const { num, abstract, abstractId } = resolved;
    let state = this.counters.get(abstractId);
    if (!state) {
      state = { value: new Array(9).fill(0), used: new Array(9).fill(false) };
      this.counters.set(abstractId, state);
    }
    const lvl = Math.min(Math.max(ilvl, 0), 8);
    const def = (l: number) => num.overrides.get(l)?.level ?? abstract.levels.get(l);
    const startOf = (l: number) => num.overrides.get(l)?.start ?? def(l)?.start ?? 1;
    if (!this.seen.has(numId)) {
      this.seen.add(numId);
      for (const l of num.overrides.keys()) {
        if (num.overrides.get(l)?.start !== undefined) state.used[l] = false;
      }
    }
    state.value[lvl] = state.used[lvl] ? (state.value[lvl] as number) + 1 : startOf(lvl);
    state.used[lvl] = true;
    for (let d = lvl + 1; d < 9; d++) {
      const restart = def(d)?.restart;
      if (restart === undefined || (restart > 0 && lvl + 1 <= restart)) state.used[d] = false;
    }
    const current = def(lvl);
    if (!current) return undefined;
    if (current.numFmt === 'bullet') return bulletLabel(current.lvlText);
    if (current.numFmt === 'none') return current.lvlText.replace(/%\d/g, '').trim();
    return current.lvlText.replace(/%([1-9])/g, (_, d: string) => {
      const l = Number(d) - 1;
      const value = state.used[l] ? (state.value[l] as number) : startOf(l);
      return formatNumber(value, current.isLgl ? 'decimal' : (def(l)?.numFmt ?? 'decimal'));
    });
  }

  private resolve(
    numId: string,
  ): { num: NumInstance; abstract: AbstractNum; abstractId: string } | undefined {
    let id = numId;
    for (let hops = 0; hops < 4; hops++) {
      const num = this.defs.nums.get(id);
      if (!num) return undefined;
      const abstract = this.defs.abstracts.get(num.abstractId);
      if (!abstract) return undefined;
      if (abstract.numStyleLink && abstract.levels.size === 0) {
        // The list's levels live in a numbering style, which points at another instance.
        const linked = this.styleNumId(abstract.numStyleLink);
        if (!linked || linked === id) return undefined;
        id = linked;
        continue;
      }
      return { num, abstract, abstractId: num.abstractId };
    }
    return undefined;
  }
}

/** Symbol-font and Wingdings private-use bullets mapped to what they look like. */
const BULLETS: Record<string, string> = {
  '\uF0B7': '•',
  '\uF0A7': '▪',
  '\uF0D8': '➢',
  '\uF076': '❖',
  '\uF0FC': '✓',
  '\uF0A8': '□',
  '\uF06F': '○',
  '\uF02D': '-',
  '\uF0E0': '→',
};

function bulletLabel(text: string): string {
  const t = text.trim();
  if (t === '') return '•';
  return BULLETS[t] ?? t;
}

/** Formats a list counter in one of Word's number formats (w:numFmt). */
export function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'upperRoman':
      return roman(n).toUpperCase();
    case 'lowerRoman':
      return roman(n);
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'lowerLetter':
      return letters(n);
    case 'ordinal':
      return `${n}${ordinalSuffix(n)}`;
    case 'decimalEnclosedParen':
      return `(${n})`;
    case 'decimalEnclosedCircle':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2460 + n - 1) : String(n);
    case 'cardinalText':
      return CARDINALS[n] ?? String(n);
    case 'ordinalText':
      return ORDINALS[n] ?? `${n}${ordinalSuffix(n)}`;
    case 'chicago':
      if (n > MAX_REPEATED_LABEL * 4) return String(n);
      return CHICAGO[(n - 1) % 4]?.repeat(Math.floor((n - 1) / 4) + 1) ?? String(n);
    default:
      return String(n);
  }
}

const CARDINALS = ['Zero', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten'];
const ORDINALS = [
  'Zeroth',
  'First',
  'Second',
  'Third',
  'Fourth',
  'Fifth',
  'Sixth',
  'Seventh',
  'Eighth',
  'Ninth',
  'Tenth',
];
const CHICAGO = ['*', '†', '‡', '§'];

function ordinalSuffix(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

/**
 * Longest label made by repeating one symbol (Word stops letters at 780, "zz…z" thirty
 * times). Beyond it the number is written in digits: a list declared to start at two
 * million would otherwise give every item a label of 77,000 letters.
 */
const MAX_REPEATED_LABEL = 30;

/** Word's letter numbering: a..z, then aa..zz, aaa... (the letter repeated). */
function letters(n: number): string {
  if (n <= 0 || n > MAX_REPEATED_LABEL * 26) return String(n);
  const letter = String.fromCharCode(97 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: [number, string][] = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ];
  let out = '';
  let rest = n;
  for (const [value, sym] of table) {
    while (rest >= value) {
      out += sym;
      rest -= value;
    }
  }
  return out;
}

function toInt(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : fallback;
}
