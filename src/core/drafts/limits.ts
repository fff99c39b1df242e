import { RapporteurError } from '../errors.js';
import type { DraftLimits } from './types.js';

/**
 * The refusal of a draft beyond a shape limit: what is wrong, which limit, what to do.
 * Each limit is checked where the engine first counts what it bounds (brackets while they
 * are paired, sections while they are opened, alternatives while they are grouped), so a
 * hostile draft is refused before the engine spends time and memory on the rest of it.
 */
export function tooComplex(limit: keyof DraftLimits, what: string): RapporteurError {
  return new RapporteurError(
    'LIMIT_EXCEEDED',
    `This draft has ${what} (limit ${limit}); real negotiation drafts stay far below it, so it is refused rather than parsed.`,
    {
      hint: 'Check that this is the right file (a draft, not generated or damaged data); an operator can raise the limit in the configuration if it truly is a draft.',
      details: { limit },
    },
  );
}

/** "more than 20,000 sections": the wording of a limit passed while counting. */
export function moreThan(limit: number, what: string): string {
  return `more than ${limit.toLocaleString('en-US')} ${what}`;
}
