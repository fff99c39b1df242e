import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveProcess } from '../../src/core/app/context.js';
import { asChangePayload } from '../../src/core/app/contracts.js';
import { getBracketAge, getHolders, postDraftVersion } from '../../src/core/app/drafts.js';
import { followProcess, setStaff } from '../../src/core/app/setup.js';
import { COMMANDS, runTextCommand } from '../../src/core/commands/index.js';
import { renderPlain } from '../../src/core/reply.js';
import { admin, caucus, createTestApp, STAFF_ROLE, staffer, type TestApp } from '../helpers/app.js';

/**
 * What people read about a stored draft names sections and paragraphs as the text numbers
 * them ("Article 3 ter ¶#2 line 13"), never by the engine's internal ids ("article-3-ter",
 * "article-3-ter/#2"): holders, bracket age and the alert for a new version.
 */

const enc = (s: string) => new TextEncoder().encode(s);

/** Our own small draft: numbered articles with unnumbered paragraphs, holders on brackets. */
const FIRST = enc(
  [
    '# Outcome of the informal consultation',
    '## Article 2 bis. Definitions of terms used in this text',
    'For the purposes of this text, a party is a state that has joined it.',
    '[A donor is a party that pledges resources [annually].] [EU: retain]',
    '## Article 3 ter. Mechanism to support sustainable development and resilience',
    'A mechanism is established to support the aims of this text.',
    'The mechanism shall [operate under the guidance of the meeting of the parties] [G77: delete].',
    '## Article 4. Review',
    'The parties shall review progress every [five][ten] years.',
  ].join('\n\n'),
);

/** The next version: one bracket agreed, the others kept, a verb weakened in Article 4. */
const SECOND = enc(
  [
    '# Outcome of the informal consultation',
    '## Article 2 bis. Definitions of terms used in this text',
    'For the purposes of this text, a party is a state that has joined it.',
    '[A donor is a party that pledges resources [annually].] [EU: retain]',
    '## Article 3 ter. Mechanism to support sustainable development and resilience',
    'A mechanism is established to support the aims of this text.',
    'The mechanism shall operate under the guidance of the meeting of the parties.',
    '## Article 4. Review',
    'The parties should review progress every [five][ten] years.',
  ].join('\n\n'),
);

/** Internal ids of this draft's sections and paragraphs, as the engine writes them. */
const INTERNAL_ID = /article-\d|\/#\d|\/heading/;

let app: TestApp;
const ctx = () => ({ deps: app.deps, scope: caucus, actor: staffer, requestId: 'req-1' });

beforeEach(async () => {
  app = await createTestApp('2015-06-01T09:00:00Z');
  await followProcess(app.deps, caucus, admin, { name: 'Review consultation' });
  await setStaff(app.deps, caucus, admin, {
    principal: { kind: 'platform-role', id: STAFF_ROLE },
    grant: true,
  });
});
afterEach(() => app.close());

const post = (bytes: Uint8Array, label: string) =>
  postDraftVersion(app.deps, caucus, staffer, {
    document: 'Outcome',
    label,
    file: { name: `${label}.md`, bytes },
  });

describe('holders and bracket age name places as people cite them', () => {
  it('gives section and paragraph labels in the use case, ids only apart', async () => {
    await post(FIRST, 'first');
    const { holders } = await getHolders(app.deps, caucus, {});
    const g77 = holders.find((h) => h.holder === 'G77');
    expect(g77?.brackets[0]).toMatchObject({
      section: 'Article 3 ter',
      paragraph: '¶#2',
      place: expect.stringMatching(/^Article 3 ter ¶#2 line \d+$/),
      sectionId: 'article-3-ter',
    });
    const { ages } = await getBracketAge(app.deps, caucus, {});
    expect(ages.map((a) => a.section)).toContain('Article 2 bis');
    for (const a of ages) expect(`${a.section} ${a.paragraph} ${a.place}`).not.toMatch(INTERNAL_ID);
  });

  it('shows no internal id in the /brackets holders and /brackets age replies', async () => {
    await post(FIRST, 'first');
    const holders = renderPlain(await runTextCommand(COMMANDS, ctx(), 'brackets holders'));
    expect(holders).toMatch(/Article 3 ter ¶#2 line \d+ \[delete\]/);
    expect(holders).toMatch(/Article 2 bis ¶#2 line \d+ \[retain\]/);
    expect(holders).not.toMatch(INTERNAL_ID);
    const age = renderPlain(await runTextCommand(COMMANDS, ctx(), 'brackets age'));
    expect(age).toContain('Article 4 ¶#1 line');
    expect(age).not.toMatch(INTERNAL_ID);
  });
});

describe('/brackets holders marks a holder the engine could not confirm', () => {
  it('names a known group plainly and an unknown capitals code as not a known party or group', async () => {
    const bytes = enc(
      [
        '# Outcome',
        '## Article 1. Scope',
        'The parties shall [act together] [G77: retain] and [report yearly] [QZX: delete].',
      ].join('\n\n'),
    );
    await post(bytes, 'first');
    const { holders } = await getHolders(app.deps, caucus, {});
    expect(holders.find((h) => h.holder === 'G77')?.uncertain).toBe(false);
    expect(holders.find((h) => h.holder === 'QZX')?.uncertain).toBe(true);
    const text = renderPlain(await runTextCommand(COMMANDS, ctx(), 'brackets holders'));
    expect(text).toMatch(/QZX \(not a known party or group\): 1 bracket/);
    expect(text).toMatch(/G77: 1 bracket/);
  });
});

describe('the alert for a new version', () => {
  const alerts = async () => {
    const { store, process } = await resolveProcess(app.deps, caucus);
    const changes = await store.listChanges(process.id, { kinds: ['draft.version'] });
    return changes.map((c) => asChangePayload(c.payload)?.alert.lines.join('\n') ?? '');
  };

  it('names still-bracketed sections with their numbers, and changed sections by label', async () => {
    await post(FIRST, 'first');
    await post(SECOND, 'second');
    const [first, second] = await alerts();
    expect(first).toContain('Still bracketed: Article 2 bis. Definitions of terms used in this text');
    expect(first).not.toMatch(INTERNAL_ID);
    expect(second).toMatch(/Weakened: "shall" -> "should" in Article 4\./);
    expect(second).not.toMatch(INTERNAL_ID);
  });
});
