/**
 * The layout the walk reads before its first line: where the announcement's header ends, and
 * which sibling lines list meetings by title.
 */
import { findIdentities } from './identity.js';
import type { ReaderCore } from './reader-core.js';
import type { Unit } from './reader-types.js';
import { MEETING_CUE } from './text-rules.js';

/**
 * Where the announcement's header ends: the first heading after the title that is not a
 * date heading and names no meeting, or the first numbered agenda item.
 */
export function findHeaderEnd(rd: ReaderCore, titleUnit: number): number {
  for (let k = Math.max(0, titleUnit + 1); k < rd.units.length; k++) {
    const u = rd.units[k] as Unit;
    if (u.kind === 'heading' && u.dates.length === 0 && findIdentities(u.text, true).length === 0) return k;
    if (u.numbered) return k;
  }
  return rd.units.length;
}

/** Sibling lines "Title: date ..." in a list of meetings (at least two of them). */
export function findTitledItems(rd: ReaderCore): Map<number, string> {
  const candidates: { k: number; title: string; group: string }[] = [];
  rd.units.forEach((u, k) => {
    if (u.label?.kind !== 'other' || u.kind === 'heading' || u.excludedSection) return;
    if (u.ancestors.length > 0) return;
    const value = u.dates.find((d) => d.index >= (u.label?.valueStart ?? 0));
    if (!value) return;
    if (MEETING_CUE.test(u.label.name) && /\b(the|will|is|are)\b/i.test(u.label.name)) return;
    candidates.push({ k, title: u.label.name, group: `${u.kind}:${u.depth}` });
  });
  const byGroup = new Map<string, number>();
  for (const c of candidates) byGroup.set(c.group, (byGroup.get(c.group) ?? 0) + 1);
  const out = new Map<number, string>();
  for (const c of candidates) if ((byGroup.get(c.group) ?? 0) >= 2) out.set(c.k, c.title);
  return out;
}
