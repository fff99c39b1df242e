import type { draftStatus } from '../status.js';
import type { DraftParagraph, DraftSection, ParsedDraft, ReportedState } from '../types.js';
import type { DiffSideSummary, SectionChange } from './types.js';

/** Section states before and after, and the totals of each side. */

export function diffSections(
  before: ParsedDraft,
  after: ParsedDraft,
  paraMap: Int32Array,
  statusBefore: { state: ReportedState; brackets: { total: number } }[],
  statusAfter: { state: ReportedState; brackets: { total: number } }[],
): SectionChange[] {
  const os = before.sections;
  const ns = after.sections;
  const oldToNew = new Int32Array(os.length).fill(-1);
  const newToOld = new Int32Array(ns.length).fill(-1);
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const tryPair = (key: (s: DraftSection) => string | undefined) => {
    const map = new Map<string, number>();
    os.forEach((s, i) => {
      const k = key(s);
      if (oldToNew[i] === -1 && k) map.set(k, map.has(k) ? -1 : i);
    });
    ns.forEach((s, j) => {
      if (newToOld[j] !== -1) return;
      const k = key(s);
      const i = k ? map.get(k) : undefined;
      if (i === undefined || i < 0 || oldToNew[i] !== -1) return;
      oldToNew[i] = j;
      newToOld[j] = i;
    });
  };
  tryPair((s) => s.id);
  tryPair((s) => (s.title ? `${s.kind}|${norm(s.title)}` : undefined));
  // Renamed and renumbered sections: where most of their paragraphs went.
  const votes = new Map<number, Map<number, number>>();
  for (let o = 0; o < paraMap.length; o++) {
    const n = paraMap[o] as number;
    if (n < 0) continue;
    const so = (before.paragraphs[o] as DraftParagraph).section;
    const sn = (after.paragraphs[n] as DraftParagraph).section;
    if (oldToNew[so] !== -1 || newToOld[sn] !== -1) continue;
    let m = votes.get(so);
    if (!m) {
      m = new Map();
      votes.set(so, m);
    }
    m.set(sn, (m.get(sn) ?? 0) + 1);
  }
  for (const [so, m] of votes) {
    let best = -1;
    let most = 0;
    for (const [sn, c] of m) if (c > most && newToOld[sn] === -1) [best, most] = [sn, c];
    if (best >= 0) {
      oldToNew[so] = best;
      newToOld[best] = so;
    }
  }

  const out: SectionChange[] = [];
  const entry = (i: number, j: number): SectionChange => {
    const o = i >= 0 ? (os[i] as DraftSection) : undefined;
    const n = j >= 0 ? (ns[j] as DraftSection) : undefined;
    const b = i >= 0 ? (statusBefore[i] as { state: ReportedState; brackets: { total: number } }) : undefined;
    const a = j >= 0 ? (statusAfter[j] as { state: ReportedState; brackets: { total: number } }) : undefined;
    return {
      id: (n ?? o)?.id ?? '',
      title: (n ?? o)?.title ?? '',
      oldId: o ? o.id : null,
      newId: n ? n.id : null,
      before: b ? b.state : null,
      after: a ? a.state : null,
      changed: !b || !a || b.state !== a.state,
      brackets: { before: b ? b.brackets.total : 0, after: a ? a.brackets.total : 0 },
    };
  };
  // New order first, with removed sections placed after their predecessor.
  const removedAfter = new Map<number, number[]>();
  let lastNew = -1;
  for (let i = 0; i < os.length; i++) {
    if (oldToNew[i] !== -1) lastNew = oldToNew[i] as number;
    else {
      const list = removedAfter.get(lastNew);
      if (list) list.push(i);
      else removedAfter.set(lastNew, [i]);
    }
  }
  for (const i of removedAfter.get(-1) ?? []) out.push(entry(i, -1));
  for (let j = 0; j < ns.length; j++) {
    out.push(entry(newToOld[j] as number, j));
    for (const i of removedAfter.get(j) ?? []) out.push(entry(i, -1));
  }
  return out;
}

export function side(status: ReturnType<typeof draftStatus>): DiffSideSummary {
  return {
    ...(status.name === undefined ? {} : { name: status.name }),
    brackets: status.brackets.total,
    words: status.words,
    agreedPercent: status.agreedPercent,
    state: status.state,
  };
}
