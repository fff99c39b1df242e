import type { XmlHandlers } from './xml.js';

/**
 * styles.xml: paragraph styles, followed through their basedOn chains, with the facts
 * that decide headings and style-linked list numbering.
 */

interface StyleDef {
  name?: string;
  type?: string;
  basedOn?: string;
  outlineLvl?: number;
  numId?: string;
  ilvl?: number;
}

/** styles.xml: paragraph styles with the facts that decide headings and style-linked numbering. */
export function stylesCollector(): { handlers: XmlHandlers; styles: Map<string, StyleDef> } {
  const styles = new Map<string, StyleDef>();
  let current: StyleDef | undefined;
  const stack: string[] = [];
  const handlers: XmlHandlers = {
    open(el) {
      const parent = stack[stack.length - 1];
      stack.push(el.name);
      const val = el.attrs['w:val'];
      if (el.name === 'w:style') {
        current = {};
        const type = el.attrs['w:type'];
        if (type) current.type = type;
        styles.set(el.attrs['w:styleId'] ?? '', current);
        return;
      }
      if (!current || val === undefined) return;
      if (el.name === 'w:name' && parent === 'w:style') current.name = val;
      else if (el.name === 'w:basedOn') current.basedOn = val;
      else if (el.name === 'w:outlineLvl' && parent === 'w:pPr')
        current.outlineLvl = Number.parseInt(val, 10);
      else if (el.name === 'w:numId' && parent === 'w:numPr') current.numId = val;
      else if (el.name === 'w:ilvl' && parent === 'w:numPr') current.ilvl = Number.parseInt(val, 10) || 0;
    },
    close(name) {
      stack.pop();
      if (name === 'w:style') current = undefined;
    },
    text() {},
  };
  return { handlers, styles };
}

export class Styles {
  constructor(private readonly styles: Map<string, StyleDef>) {}

  private chain(id: string | undefined): StyleDef[] {
    const out: StyleDef[] = [];
    let cur = id;
    // basedOn chains are short; the bound guards against cycles in hostile files.
    for (let i = 0; cur !== undefined && i < 16; i++) {
      const s = this.styles.get(cur);
      if (!s || out.includes(s)) break;
      out.push(s);
      cur = s.basedOn;
    }
    return out;
  }

  name(id: string | undefined): string | undefined {
    if (id === undefined) return undefined;
    return this.styles.get(id)?.name ?? id;
  }

  headingLevel(id: string | undefined): number | undefined {
    for (const s of this.chain(id)) {
      const m = /^heading\s*([1-9])$/i.exec(s.name ?? '');
      if (m) return Number(m[1]);
      if (/^title$/i.test(s.name ?? '')) return 1;
      if (s.outlineLvl !== undefined && s.outlineLvl >= 0 && s.outlineLvl < 9) return s.outlineLvl + 1;
    }
    return undefined;
  }

  numbering(id: string | undefined): { numId?: string; ilvl?: number } {
    const out: { numId?: string; ilvl?: number } = {};
    for (const s of this.chain(id)) {
      if (out.numId === undefined && s.numId !== undefined) out.numId = s.numId;
      if (out.ilvl === undefined && s.ilvl !== undefined) out.ilvl = s.ilvl;
    }
    return out;
  }

  /** The numId a numbering style (w:numStyleLink target) points to. */
  numIdOfStyle(id: string): string | undefined {
    return this.styles.get(id)?.numId;
  }
}
