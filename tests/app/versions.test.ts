import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveProcess } from '../../src/core/app/context.js';
import { asChangePayload } from '../../src/core/app/contracts.js';
import {
  getBracketAge,
  getDraftDiff,
  getDraftStatus,
  type PostStep,
  postDraftVersion,
  resumeDraftPosts,
  withdrawDraftVersion,
} from '../../src/core/app/drafts.js';
import { followProcess, setStaff } from '../../src/core/app/setup.js';
import { COMMANDS, runTextCommand } from '../../src/core/commands/index.js';
import { RapporteurError } from '../../src/core/errors.js';
import { renderPlain } from '../../src/core/reply.js';
import {
  admin,
  caucus,
  createTestApp,
  fixture,
  member,
  STAFF_ROLE,
  staffer,
  type TestApp,
} from '../helpers/app.js';

/**
 * The life of a version beyond posting: a file that is not a version of the document is held
 * back for confirmation, a version posted by mistake is withdrawn (and the channels that were
 * told are told again), a draft loaded after the fact bears its own date, and a post cut short
 * between its steps is completed by a re-post or at the next start.
 */

const V1 = fixture('drafts', 'vision-2014-05-30.md');
const V2 = fixture('drafts', 'vision-2014-05-31.md');
const V3 = fixture('drafts', 'vision-2014-06-01.md');

/** A letter that is plainly not a version of the Vision: our own text, several paragraphs. */
const LETTER = new TextEncoder().encode(
  [
    '# Invitation',
    'Dear colleagues,',
    'The secretariat has the honour to invite your delegation to an informal consultation on the organisation of work.',
    'The consultation will be held in Room XVII from 15:00 to 18:00, with interpretation in the six official languages.',
    'Delegations wishing to speak are invited to register with the secretariat by noon on the day before.',
    'Please accept the assurances of our highest consideration.',
  ].join('\n\n'),
);

let app: TestApp;

beforeEach(async () => {
  app = await createTestApp('2014-05-30T20:00:00Z');
  await followProcess(app.deps, caucus, admin, { name: 'WSIS+10 Vision' });
  await setStaff(app.deps, caucus, admin, {
    principal: { kind: 'platform-role', id: STAFF_ROLE },
    grant: true,
  });
});
afterEach(() => app.close());

const post = (bytes: Uint8Array, label: string, extra: { date?: string; confirm?: boolean } = {}) =>
  postDraftVersion(app.deps, caucus, staffer, {
    document: 'Vision',
    label,
    file: { name: `${label}.md`, bytes },
    ...extra,
  });

const draftChanges = async () => {
  const { store, process } = await resolveProcess(app.deps, caucus);
  return store.listChanges(process.id, { kinds: ['draft.version'] });
};

describe('a file that is not a version of the document', () => {
  it('is held back, unstored and unannounced, until confirmed', async () => {
    await post(V1, '30 May version');
    const alertsBefore = app.queue.deliveries.length;
    const err = await post(LETTER, 'letter').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RapporteurError);
    expect((err as RapporteurError).code).toBe('CONFLICT');
    expect((err as RapporteurError).message).toMatch(
      /does not look like a version of Vision: only \d+ of its \d+ paragraphs/,
    );
    expect((err as RapporteurError).hint).toContain('--confirm');
    const { store } = await resolveProcess(app.deps, caucus);
    const doc = await store.findDocument((await resolveProcess(app.deps, caucus)).process.id, 'Vision');
    expect((await store.listVersions(doc?.id ?? '')).map((v) => v.label)).toEqual(['30 May version']);
    expect(app.queue.deliveries.length).toBe(alertsBefore);

    const confirmed = await post(LETTER, 'letter', { confirm: true });
    expect(confirmed.created).toBe(true);
    expect(confirmed.version.sequence).toBe(2);
    expect(app.queue.deliveries.length).toBe(alertsBefore + 1);
  });

  it('is not held back when it is the next version of the same text', async () => {
    await post(V1, '30 May version');
    const next = await post(V2, '31 May version');
    expect(next.created).toBe(true);
    expect(next.diff?.summary.paragraphs.matched).toBeGreaterThan(0);
  });

  it('gets a warning reply from /draft post, naming --confirm, and nothing is posted', async () => {
    await post(V1, '30 May version');
    const ctx = { deps: app.deps, scope: caucus, actor: staffer, requestId: 'req-1' };
    const reply = await runTextCommand(COMMANDS, ctx, 'draft post letter.md --document Vision', {
      resolveFile: (p) => ({ name: p, read: async () => LETTER }),
    });
    expect(reply.tone).toBe('warning');
    const text = renderPlain(reply);
    expect(text).toContain('Not posted: letter.md does not look like a version of Vision');
    expect(text).toContain('--confirm');
    const again = await runTextCommand(COMMANDS, ctx, 'draft post letter.md --document Vision --confirm', {
      resolveFile: (p) => ({ name: p, read: async () => LETTER }),
    });
    expect(again.title).toBe('Posted Vision #2 "letter"');
  });
});

describe('withdrawing a version', () => {
  it('is for chairs staff only, checked in the core', async () => {
    await post(V1, '30 May version');
    const err = await withdrawDraftVersion(app.deps, caucus, member, { version: '1' }).catch(
      (e: unknown) => e,
    );
    expect((err as RapporteurError).code).toBe('PERMISSION_DENIED');
  });

  it('stops counting the version, keeps its original, and tells the channels that were alerted', async () => {
    await post(V1, '30 May version');
    const mistake = await post(LETTER, 'wrong file', { confirm: true });
    const sentBefore = app.queue.deliveries.length;
    const result = await withdrawDraftVersion(app.deps, caucus, staffer, {
      version: '2',
      reason: 'the invitation letter, posted by mistake',
    });
    expect(result.told).toBe(1);
    expect(result.current?.sequence).toBe(1);
    expect(app.queue.deliveries.length).toBe(sentBefore + 1);
    const { store, process } = await resolveProcess(app.deps, caucus);
    const withdrawals = await store.listChanges(process.id, { kinds: ['draft.withdrawn'] });
    expect(withdrawals).toHaveLength(1);
    const alert = asChangePayload(withdrawals[0]?.payload)?.alert;
    expect(alert?.title).toBe('Vision: version #2 "wrong file" withdrawn in WSIS+10 Vision');
    expect(alert?.lines.join(' ')).toContain('the invitation letter, posted by mistake');
    expect(alert?.lines.join(' ')).toContain('now use #1 "30 May version"');
    // Kept for audit, not counted.
    expect(await store.readOriginal(mistake.version.id)).toEqual(LETTER);
    expect((await getDraftStatus(app.deps, caucus, {})).version.sequence).toBe(1);
    const gone = await getDraftStatus(app.deps, caucus, { version: '2' }).catch((e: unknown) => e);
    expect((gone as RapporteurError).message).toContain('was withdrawn on 2014-05-30: the invitation letter');
    // The next version is #3 and is compared with #1, the last one that counts.
    const next = await post(V2, '31 May version');
    expect(next.version.sequence).toBe(3);
    expect(next.previous?.sequence).toBe(1);
    expect((await getDraftDiff(app.deps, caucus, {})).from.sequence).toBe(1);
    // Withdrawing again is refused clearly.
    const twice = await withdrawDraftVersion(app.deps, caucus, staffer, { version: '2' }).catch(
      (e: unknown) => e,
    );
    expect((twice as RapporteurError).code).toBe('NOT_FOUND');
  });

  it('is listed as withdrawn by /draft versions and confirmed by /draft withdraw', async () => {
    await post(V1, '30 May version');
    await post(V2, '31 May version');
    const ctx = { deps: app.deps, scope: caucus, actor: staffer, requestId: 'req-1' };
    const reply = await runTextCommand(
      COMMANDS,
      ctx,
      'draft withdraw 2 --reason "superseded by a corrected file"',
    );
    expect(reply.title).toBe('Withdrawn: Vision #2 "31 May version"');
    expect(renderPlain(reply)).toContain('1 channel that were alerted about it will be told');
    const list = renderPlain(await runTextCommand(COMMANDS, ctx, 'draft versions'));
    expect(list).toContain('withdrawn 2014-05-30 (superseded by a corrected file)');
    const refused = await runTextCommand(COMMANDS, { ...ctx, actor: member }, 'draft withdraw 1');
    expect(renderPlain(refused)).toContain("Only the chairs' staff of WSIS+10 Vision may withdraw versions");
  });

  it('says so when the withdrawn bytes are posted again, instead of answering "already posted"', async () => {
    await post(V1, '30 May version');
    await post(V2, '31 May version');
    await withdrawDraftVersion(app.deps, caucus, staffer, { version: '2' });
    const again = await post(V2, '31 May version, again').catch((e: unknown) => e);
    expect((again as RapporteurError).code).toBe('CONFLICT');
    expect((again as RapporteurError).message).toContain(
      'were version #2 "31 May version" of Vision, withdrawn on',
    );
  });
});

describe('the date a version bears', () => {
  it('counts bracket age from the dates given, not from when drafts were loaded', async () => {
    // All three loaded within minutes, long after the fact.
    app.clock.set('2016-01-10T09:00:00Z');
    await post(V1, '30 May version', { date: '2014-05-30' });
    app.clock.advance(60_000);
    await post(V2, '31 May version', { date: '2014-05-31' });
    app.clock.advance(60_000);
    const last = await post(V3, '1 June version', { date: '2014-06-10' });
    expect(last.version.date).toBe('2014-06-10T12:00:00.000Z');
    const { ages } = await getBracketAge(app.deps, caucus, { limit: 100 });
    const oldest = ages.find((a) => a.since.sequence === 1);
    expect(oldest?.days).toBe(11);
    expect(oldest?.since.date).toBe('2014-05-30T12:00:00.000Z');
  });

  it('refuses what is not a date, and dates in the future', async () => {
    const bad = await post(V1, 'x', { date: '30/05/2014' }).catch((e: unknown) => e);
    expect((bad as RapporteurError).code).toBe('INVALID_ARGUMENT');
    expect((bad as RapporteurError).hint).toContain('YYYY-MM-DD');
    const impossible = await post(V1, 'x', { date: '2014-02-30' }).catch((e: unknown) => e);
    expect((impossible as RapporteurError).message).toContain('is not a date');
    const future = await post(V1, 'x', { date: '2030-01-01' }).catch((e: unknown) => e);
    expect((future as RapporteurError).message).toContain('in the future');
  });
});

describe('a post cut short', () => {
  const steps: PostStep[] = ['stored', 'logged', 'claimed'];
  for (const step of steps) {
    it(`after "${step}" is completed by a re-post: one change entry, one alert`, async () => {
      await post(V1, '30 May version');
      const sentBefore = app.queue.deliveries.length;
      const crash = await postDraftVersion(
        app.deps,
        caucus,
        staffer,
        { document: 'Vision', label: '31 May version', file: { name: 'v.md', bytes: V2 } },
        {
          afterStep(s) {
            if (s === step) throw new Error(`injected failure after ${s}`);
          },
        },
      ).catch((e: unknown) => e);
      expect((crash as Error).message).toBe(`injected failure after ${step}`);
      const again = await post(V2, '31 May version');
      expect(again.created).toBe(false);
      expect(again.resumed).toBe(true);
      expect(again.version.sequence).toBe(2);
      expect(again.version.announcedAt).not.toBeNull();
      expect((await draftChanges()).map((c) => asChangePayload(c.payload)?.alert.title)).toEqual([
        'Vision: new version #1 "30 May version" in WSIS+10 Vision',
        'Vision: new version #2 "31 May version" in WSIS+10 Vision',
      ]);
      // The delivery was claimed once, whichever step it stopped at.
      const { store } = await resolveProcess(app.deps, caucus);
      expect((await store.listDeliveries()).length).toBe(2);
      expect(app.queue.deliveries.length - sentBefore).toBe(1);
      // A third post of the same bytes changes nothing more.
      const third = await post(V2, '31 May version');
      expect(third.resumed).toBeUndefined();
      expect(await draftChanges()).toHaveLength(2);
    });

    it(`after "${step}" is completed at the next start`, async () => {
      await post(V1, '30 May version');
      await postDraftVersion(
        app.deps,
        caucus,
        staffer,
        { document: 'Vision', label: '31 May version', file: { name: 'v.md', bytes: V2 } },
        {
          afterStep(s) {
            if (s === step) throw new Error('injected');
          },
        },
      ).catch(() => undefined);
      expect(await resumeDraftPosts(app.deps)).toBe(1);
      expect(await resumeDraftPosts(app.deps)).toBe(0);
      const changes = await draftChanges();
      expect(changes).toHaveLength(2);
      const payload = asChangePayload(changes[1]?.payload);
      expect(payload?.alert.lines.join(' ')).toMatch(/Since #1 \(30 May version\): \d+ agreed/);
      const { store } = await resolveProcess(app.deps, caucus);
      expect((await store.listDeliveries()).length).toBe(2);
    });
  }
});
