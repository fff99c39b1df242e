import type {
  DraftParagraph,
  DraftSection,
  ParsedDraft,
  QualifierHit,
  VerbFamily,
  VerbHit,
} from './types.js';

/** The qualifiers report: every qualifier and strength verb, located, with a short context. */
export const QUALIFIERS_SCHEMA = 'rapporteur/draft-qualifiers@1';

/** Where a qualifier or verb occurs, with a short context. */
export interface Occurrence {
  line: number;
  column: number;
  section: string;
  paragraph: string;
  /** Inside a negotiation bracket (not agreed yet). */
  bracketed: boolean;
  /** About 120 characters around it, on one line. */
  context: string;
}

/** The `--json` shape of `rapporteur draft qualifiers`. */
export interface DraftQualifiers {
  schema: typeof QUALIFIERS_SCHEMA;
  name?: string;
  /** Extra phrases the draft was searched for, beside the built-in list. */
  extra: string[];
  qualifiers: {
    total: number;
    byPhrase: { phrase: string; count: number }[];
    occurrences: (Occurrence & { phrase: string })[];
  };
  verbs: {
    total: number;
    byVerb: { verb: string; family: VerbFamily; strength: number; count: number }[];
    occurrences: (Occurrence & { verb: string; family: VerbFamily; strength: number })[];
  };
}

/** Builds the qualifiers report of a parsed draft. */
export function draftQualifiers(draft: ParsedDraft): DraftQualifiers {
  const occurrence = (h: QualifierHit | VerbHit): Occurrence => {
    const para = draft.paragraphs[h.paragraph] as DraftParagraph;
    const from = Math.max(para.start, h.start - 60);
    const to = Math.min(para.end, h.end + 60);
    return {
      line: h.line,
      column: h.column,
      section: (draft.sections[h.section] as DraftSection).id,
      paragraph: para.id,
      bracketed: h.bracket >= 0,
      context: `${from > para.start ? '\u2026' : ''}${draft.text.slice(from, to).replace(/\s+/g, ' ')}${to < para.end ? '\u2026' : ''}`,
    };
  };
  const phraseCounts = new Map<string, number>();
  for (const q of draft.qualifiers) phraseCounts.set(q.phrase, (phraseCounts.get(q.phrase) ?? 0) + 1);
  const verbCounts = new Map<string, { verb: string; family: VerbFamily; strength: number; count: number }>();
  for (const v of draft.verbs) {
    const entry = verbCounts.get(v.verb);
    if (entry) entry.count++;
    else verbCounts.set(v.verb, { verb: v.verb, family: v.family, strength: v.strength, count: 1 });
  }
  return {
    schema: QUALIFIERS_SCHEMA,
    ...(draft.name === undefined ? {} : { name: draft.name }),
    extra: draft.extraQualifiers,
    qualifiers: {
      total: draft.qualifiers.length,
      byPhrase: [...phraseCounts]
        .map(([phrase, count]) => ({ phrase, count }))
        .sort((a, b) => b.count - a.count || a.phrase.localeCompare(b.phrase)),
      occurrences: draft.qualifiers.map((q) => ({ phrase: q.phrase, ...occurrence(q) })),
    },
    verbs: {
      total: draft.verbs.length,
      byVerb: [...verbCounts.values()].sort(
        (a, b) => a.family.localeCompare(b.family) || b.strength - a.strength,
      ),
      occurrences: draft.verbs.map((v) => ({
        verb: v.verb,
        family: v.family,
        strength: v.strength,
        ...occurrence(v),
      })),
    },
  };
}
