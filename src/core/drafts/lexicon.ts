import type { VerbFamily } from './types.js';

/**
 * Qualifiers ("weasel words") that observers track because they dilute a commitment.
 * Matching is case-insensitive and tolerates any whitespace (line breaks included)
 * between words; a longer phrase wins over a shorter one it contains.
 */
export const BUILTIN_QUALIFIERS: readonly string[] = [
  'as appropriate',
  'where appropriate',
  'when appropriate',
  'if appropriate',
  'as necessary',
  'where necessary',
  'as needed',
  'where possible',
  'as far as possible',
  'to the extent possible',
  'to the extent feasible',
  'where feasible',
  'where relevant',
  'as relevant',
  'inter alia',
  'in their respective roles and responsibilities',
  'in accordance with their respective roles and responsibilities',
  'respective roles and responsibilities',
  'rights and responsibilities',
  'in accordance with national circumstances',
  'in the light of different national circumstances',
  'in light of different national circumstances',
  'taking into account national circumstances',
  'national circumstances',
  'in accordance with national legislation',
  'in accordance with national laws',
  'consistent with national legislation',
  'in accordance with national priorities',
  'national priorities',
  'on a voluntary basis',
  'on mutually agreed terms',
  'as mutually agreed',
  'in a position to do so',
  'subject to the availability of resources',
  'within existing resources',
  'as and when',
  'where applicable',
  'as applicable',
];

/** A strength verb: its canonical form, family, strength and written forms. */
export interface VerbEntry {
  /** Canonical form. */
  verb: string;
  family: VerbFamily;
  strength: number;
  /** Written forms, lower case; several words are separated by single spaces. */
  forms: readonly string[];
}

/**
 * Verbs whose strength negotiators trade: modal verbs of obligation and the operative
 * verbs of UN outcome texts. Within a family, replacing a verb by one of lower strength
 * weakens the commitment ("shall" -> "should", "decides" -> "invites").
 */
export const VERB_STRENGTHS: readonly VerbEntry[] = [
  { verb: 'shall', family: 'modal', strength: 4, forms: ['shall'] },
  { verb: 'must', family: 'modal', strength: 4, forms: ['must'] },
  { verb: 'will', family: 'modal', strength: 3, forms: ['will'] },
  { verb: 'should', family: 'modal', strength: 2, forms: ['should'] },
  { verb: 'may', family: 'modal', strength: 1, forms: ['may'] },
  { verb: 'decides', family: 'operative', strength: 6, forms: ['decides', 'decide'] },
  { verb: 'requests', family: 'operative', strength: 5, forms: ['requests', 'request'] },
  { verb: 'urges', family: 'operative', strength: 5, forms: ['urges', 'urge'] },
  {
    verb: 'calls upon',
    family: 'operative',
    strength: 4,
    forms: ['calls upon', 'call upon', 'calls on', 'call on'],
  },
  { verb: 'recommends', family: 'operative', strength: 3, forms: ['recommends', 'recommend'] },
  { verb: 'encourages', family: 'operative', strength: 2, forms: ['encourages', 'encourage'] },
  { verb: 'invites', family: 'operative', strength: 1, forms: ['invites', 'invite'] },
  { verb: 'takes note', family: 'operative', strength: 0, forms: ['takes note', 'take note'] },
];

/** Normalises a user-supplied qualifier: lower case, single spaces, no surrounding quotes. */
export function normaliseQualifier(phrase: string): string {
  return phrase
    .trim()
    .replace(/^["'\u201c\u2018]+|["'\u201d\u2019]+$/g, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}
