import { grown } from './lists.js';
import type { DraftParagraph } from './types.js';

/**
 * The columns the labelled-options step of the alternatives pass (alternatives.ts) works on:
 * the options found, and the runs of them in sequence. Typed columns, not an object and a
 * list per option and per run: a dense draft has a labelled option every 300 characters.
 */

/** The labelled options of a draft (few), as columns: paragraphs first, then option brackets. */
export class Items {
  count = 0;
  start: Int32Array;
  end: Int32Array;
  label: string[];
  /** The option bracket, or -1 for a paragraph. */
  bracket: Int32Array;
  paragraph: Int32Array;
  /** Innermost bracket around the option (-1: none) and section: its container. */
  inside: Int32Array;
  section: Int32Array;
  private sections = 0;

  /** Room for `capacity` items (the option paragraphs and brackets: no more are added). */
  constructor(capacity: number) {
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.label = new Array(capacity);
    this.bracket = new Int32Array(capacity);
    this.paragraph = new Int32Array(capacity);
    this.inside = new Int32Array(capacity);
    this.section = new Int32Array(capacity);
  }

  add(
    start: number,
    end: number,
    label: string,
    bracket: number,
    paragraph: number,
    inside: number,
    section: number,
  ): void {
    const i = this.count++;
    this.start[i] = start;
    this.end[i] = end;
    this.label[i] = label;
    this.bracket[i] = bracket;
    this.paragraph[i] = paragraph;
    this.inside[i] = inside;
    this.section[i] = section;
    if (section + 2 > this.sections) this.sections = section + 2;
  }

  /** One number per container and label style (sections are >= -1; styles 0 to 8: the word, Option, Alt or Variant, and how it counts). */
  key(i: number, style: number): number {
    return (((this.inside[i] as number) + 1) * this.sections + (this.section[i] as number) + 1) * 9 + style;
  }

  /** The items in order of start, ties in the order they were added. */
  order(): Int32Array {
    const n = this.count;
    const order = new Int32Array(n);
    let sorted = true;
    for (let i = 0; i < n; i++) {
      order[i] = i;
      if (i > 0 && (this.start[i - 1] as number) > (this.start[i] as number)) sorted = false;
    }
    if (!sorted) {
      // A stable sort by start (ties by index), as a comparator sort of the indexes.
      const list = Array.from(order);
      list.sort((a, b) => (this.start[a] as number) - (this.start[b] as number) || a - b);
      order.set(list);
    }
    return order;
  }
}

/**
 * The runs of labelled options, as columns (no object or list per run): each run's first and
 * last item, length and last label value, its items linked by `next` (-1 at the end); the
 * choices by the position (in order of start) of their first option (`choiceAt`, -1 none) and
 * when each ended.
 */
export class LabelRuns {
  count = 0;
  first: Int32Array;
  last: Int32Array;
  length: Int32Array;
  value: Float64Array;
  next: Int32Array;
  position: Int32Array;
  choiceAt: Int32Array;
  endedAt: Int32Array;
  private ended = 0;

  constructor(items: number) {
    this.first = new Int32Array(items);
    this.last = new Int32Array(items);
    this.length = new Int32Array(items);
    this.value = new Float64Array(items);
    this.next = new Int32Array(items).fill(-1);
    this.position = new Int32Array(items);
    this.choiceAt = new Int32Array(items).fill(-1);
    this.endedAt = new Int32Array(items);
  }

  /** A new run of item `i` (label value `value`); returns its index. */
  start(i: number, value: number): number {
    const r = this.count++;
    this.first[r] = i;
    this.last[r] = i;
    this.length[r] = 1;
    this.value[r] = value;
    return r;
  }

  extend(r: number, i: number, value: number): void {
    this.next[this.last[r] as number] = i;
    this.last[r] = i;
    this.length[r] = (this.length[r] as number) + 1;
    this.value[r] = value;
  }

  /** Run `r` ends: a choice when it has `least` options or more. */
  finish(r: number, least: number): void {
    if ((this.length[r] as number) < least) return;
    const pos = this.position[this.first[r] as number] as number;
    this.choiceAt[pos] = r;
    this.endedAt[pos] = this.ended++;
  }
}

/**
 * What the alternatives pass reads of the paragraphs, noted by the parse in its one pass over
 * them (which reads each paragraph anyway): each paragraph's section, and the paragraphs
 * with an option label ("Option 1: ..."), in order, with their label and offsets. The pass
 * then reads no paragraph object: on a dense draft, reading them again, scattered in memory
 * by the collector, was most of the labelled-options step.
 */
export class ParagraphColumns {
  /** Each paragraph's section. */
  readonly section: Int32Array;
  readonly count: number;
  options = 0;
  index = new Int32Array(16);
  start = new Int32Array(16);
  end = new Int32Array(16);
  bodyStart = new Int32Array(16);
  label: (string | undefined)[] = [];

  constructor(count: number) {
    this.count = count;
    this.section = new Int32Array(count);
  }

  /** Notes paragraph `p` (every paragraph, in order). */
  note(p: number, para: DraftParagraph): void {
    this.section[p] = para.section;
    // `!== undefined`, not a test of the text: the label itself is read only by the pass.
    if (para.option === undefined) return;
    if (this.options === this.index.length) {
      const n = this.options * 2;
      this.index = grown(this.index, n);
      this.start = grown(this.start, n);
      this.end = grown(this.end, n);
      this.bodyStart = grown(this.bodyStart, n);
    }
    const q = this.options++;
    this.index[q] = p;
    this.start[q] = para.start;
    this.end[q] = para.end;
    this.bodyStart[q] = para.bodyStart;
    this.label.push(para.option);
  }
}
