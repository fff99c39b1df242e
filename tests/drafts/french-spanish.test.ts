import { describe, expect, it } from 'vitest';
import { draftStatus, findSection, parseDraftText } from '../../src/core/drafts/index.js';

/**
 * Drafts negotiated in French or Spanish: the secretariat's notes and status labels are in
 * the text's language, and so are the headings. Invented sentences.
 */
describe('French and Spanish drafts', () => {
  it('count only the negotiation brackets, the notes and labels apart', () => {
    const text = [
      '[Original : espagnol]',
      '',
      'Article 2. Champ',
      '',
      '1. Les États [veillent][s’efforcent] à protéger [les données]. [Note de la Présidence : libellé provisoire.]',
      '',
      '2. [Supprimé]',
      '',
      '3. Les États [coopèrent]. [Texte convenu]',
      '',
      'Artículo 3. Ámbito',
      '',
      '1. Los Estados [velarán][procurarán] proteger [los datos]. [Nota del Presidente: redacción provisional.]',
      '',
      '2. [Suprimido]',
      '',
      '3. [Original: francés]',
    ].join('\n');
    const status = draftStatus(parseDraftText(text, 'text'));
    expect(status.brackets.total).toBe(7);
    expect(status.notCounted.total).toBe(7);
  });

  it('read French and Spanish headings as sections, found by what people type', () => {
    const text =
      'CAPÍTULO I. Disposiciones\n\nArtículo 4. Cooperación\n\n1. Las Partes [deberán] cooperar.\n\nChapitre II\n\nAnnexe 1. Liste\n\n1. Texte.\n\nApéndice A\n\n1. Texto.\n';
    const draft = parseDraftText(text, 'text');
    const named = draft.sections.filter((s) => s.kind !== 'front').map((s) => [s.kind, s.number]);
    expect(named).toEqual([
      ['chapter', 'I'],
      ['article', '4'],
      ['chapter', 'II'],
      ['annex', '1'],
      ['appendix', 'A'],
    ]);
    const found = findSection(draft, 'Artículo 4');
    expect('index' in found && draft.sections[found.index]?.title).toBe('Cooperación');
  });

  it('read "Opción", "Alternativa" and "Variante" labels as options of one choice', () => {
    const text =
      'Artículo 4\n\nOpción 1: Las Partes establecerán un comité.\n\nOpción 2: No habrá comité.\n\nArtículo 5\n\n[Alternativa 1: La Conferencia decide.]\n[Alternativa 2: El Comité decide.]\n\nArticle 6\n\nVariante A : Les Parties coopèrent.\n\nVariante B : Aucun texte.\n';
    const draft = parseDraftText(text, 'text');
    expect(draft.alternatives.map((a) => [a.kind, a.members.length])).toEqual([
      ['labelled', 2],
      ['labelled', 2],
      ['labelled', 2],
    ]);
    expect(draft.sections.filter((s) => s.kind !== 'front').map((s) => s.title)).toEqual(['', '', '']);
  });

  it('leaves a lower-case word of a sentence that looks like a label as text', () => {
    const draft = parseDraftText('Les États ont [adopté] la déclaration.', 'text');
    expect(draft.brackets).toHaveLength(1);
  });
});
