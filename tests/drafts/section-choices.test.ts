import { describe, expect, it } from 'vitest';
import { findSection, parseDraftText, sectionChoices } from '../../src/core/drafts/index.js';

/**
 * When a section reference matches none or several, the hint names the sections as people
 * cite them ("Article 4", "Rule 12"), never by the engine's ids ("article-4"), and names each
 * once.
 */

const TEXT = [
  'Part I. General',
  '',
  'Article 4. Adaptation',
  '',
  '1. Parties [shall] adapt.',
  '',
  'Article 14. Review',
  '',
  '1. The [COP] shall review.',
  '',
  'Rule 12',
  'Quorum',
  '',
  '1. [Two thirds] of the Parties.',
].join('\n');

describe('section choices in hints', () => {
  it('are the short labels of every section, in document order', () => {
    const draft = parseDraftText(TEXT, 'text');
    expect(sectionChoices(draft.sections)).toEqual(['Part I', 'Article 4', 'Article 14', 'Rule 12']);
  });

  it('narrow to the candidates of an ambiguous reference, by label', () => {
    const draft = parseDraftText(TEXT, 'text');
    const found = findSection(draft, 'Article');
    expect('candidates' in found && found.candidates.length).toBe(2);
    if ('candidates' in found)
      expect(sectionChoices(draft.sections, found.candidates)).toEqual(['Article 4', 'Article 14']);
  });

  it('leave out the text before the first heading and the footnotes', () => {
    const draft = parseDraftText(`Opening words [here].\n\n${TEXT}`, 'text');
    expect(sectionChoices(draft.sections)[0]).toBe('Part I');
  });
});
