import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `find` until it returns something, or fails after `ms`. */
export async function waitFor<T>(find: () => T | undefined, ms = 5000, what = 'the condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(25);
  }
}

export { recordingLogger } from '../helpers/recording-logger.js';

const HOLDERS = ['US', 'EU', 'G77', 'Russian Federation', 'Brazil', 'Switzerland'];
const LINES = [
  [
    'C1',
    'The role of public governance authorities and all stakeholders in the promotion of ICTs for development',
  ],
  ['C3', 'Access to information and knowledge'],
  ['C5', 'Building confidence and security in the use of ICTs'],
  ['C7', 'ICT applications: benefits in all aspects of life'],
  ['C8', 'Cultural diversity and identity, linguistic diversity and local content'],
  ['C9', 'Media'],
  ['C10', 'Ethical dimensions of the Information Society'],
  ['C11', 'International and regional cooperation'],
] as const;

/**
 * A long action-lines draft in the shape of the WSIS+10 texts: eight action lines of
 * `perLine` paragraphs, each with a bracketed phrase and who proposed it. The second version
 * agrees the even paragraphs (brackets removed, text kept) and adds a qualifier to every
 * fifth one, so the diff between them runs to hundreds of lines.
 */
export function actionLinesDraft(version: 1 | 2, perLine = 40): string {
  const out = [
    '# WSIS+10 Vision: action lines beyond 2015',
    '',
    version === 1
      ? 'Working draft of 30 May 2014. Text that is not yet agreed is in square brackets.'
      : 'Working draft of 31 May 2014, after the Saturday session. Text that is not yet agreed is in square brackets.',
    '',
  ];
  let n = 0;
  for (const [id, title] of LINES) {
    out.push(`### Action Line ${id}. ${title}`, '');
    for (let i = 0; i < perLine; i++) {
      n += 1;
      const holder = HOLDERS[n % HOLDERS.length] as string;
      const phrase = `including through national strategy number ${n} for ${title.toLowerCase()}`;
      const agreed = version === 2 && n % 2 === 0;
      const qualifier = version === 2 && n % 5 === 0 ? ', as appropriate' : '';
      const body = agreed ? phrase : `[${phrase}] [proposed by ${holder}]`;
      out.push(
        `${n}. Stakeholders should cooperate on ${title.toLowerCase()}${qualifier}, ${body}, and report on progress at the next review.`,
        '',
      );
    }
  }
  return out.join('\n');
}
