import { blocksFromText } from '../../src/core/documents/text.js';
import { LanguageLibrary } from '../../src/core/language/index.js';
import type { AgreedTextInfo } from '../../src/core/language/types.js';

/**
 * Agreed texts written for these tests (modelled on the WSIS facts in shared/domain.md, in
 * our own sentences): an older plan of action and a newer agenda that changed the title of
 * its first action line, plus texts that share only boilerplate.
 */
export const OLDER_PLAN = `# Plan of Action of the Example Summit

Adopted at Geneva, 12 December 2003

## C1. The role of governments and all stakeholders in the promotion of ICTs for development

1. Every member state should draw up a national e-strategy with broad participation of its people, by 2005.

2. Partnerships between public bodies and private firms are encouraged for building rural connectivity in remote mountain regions.

3. Libraries, archives and post offices shall serve as community access points to information networks.

## C2. Information and communication infrastructure

4. Universal access to affordable broadband should be pursued in accordance with the relevant national legislation.
`;

export const NEWER_AGENDA = `# Agenda of the Example Summit, second phase

Adopted at Tunis, 18 November 2005

## C1. The role of public governance authorities and all stakeholders in the promotion of ICTs for development

7. Every member state should draw up a national e-strategy with broad participation of its people, by 2010.

8. Partnerships between public bodies and private firms are encouraged for building rural connectivity in remote mountain regions.

9. Universal access to affordable broadband should be pursued in accordance with the relevant national legislation.
`;

export function library(texts: [string, AgreedTextInfo][] = DEFAULT_TEXTS): LanguageLibrary {
  const lib = new LanguageLibrary();
  for (const [text, info] of texts)
    lib.add(info, {
      text,
      blocks: blocksFromText(text, 'markdown'),
      type: 'markdown',
      name: info.name ?? info.title,
    });
  return lib;
}

export const DEFAULT_TEXTS: [string, AgreedTextInfo][] = [
  [OLDER_PLAN, { title: 'Example Plan of Action', adopted: '2003-12-12', rank: 'summit' }],
  [NEWER_AGENDA, { title: 'Example Agenda', adopted: '2005-11-18', rank: 'summit' }],
];
