import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ingestMail,
  isMailStaff,
  MAIL_STAFF_ROLE,
  type MailIngestInput,
  mailActor,
  postersOf,
} from '../../src/core/app/mail-ingest.js';
import { followProcess, setStaff } from '../../src/core/app/setup.js';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../../src/core/documents/index.js';
import type { Document } from '../../src/core/documents/types.js';
import { silentLogger } from '../../src/core/ports/index.js';
import { buildMail } from '../email/mime.js';
import { admin, createTestApp, type TestApp } from '../helpers/app.js';

/**
 * The mail-ingest use case decides what a mail may change: drafts only from authenticated
 * staff, meeting facts in direct mail only from them, list traffic from anyone.
 */

const LIST = 'harbour@lists.example.net';
const scope = {
  platform: 'email' as const,
  tenantExternalId: 'harbour',
  tenantName: 'harbour',
  channelId: LIST,
  channelName: LIST,
};

const DRAFT = [
  '# Harbour accord',
  '',
  '1. Parties [shall][should] publish tide tables [every month].',
  '2. [Dredging permits are granted by the port authority.]',
  '3. Fees are [set][reviewed] [annually][every two years].',
  '4. [Alt 1: A joint board oversees berths.] [Alt 2: Each port oversees its own berths.]',
  '5. The accord enters into force [on signature][after ratification].',
  '',
].join('\n');

const ANNOUNCEMENT =
  'The second session of the harbour working group will take place on 14 March 2031 from 10:00 to 13:00 in Room B, Port House.';

/** A sender as triage reports it: the address, its domain and whether the mail server vouched for it. */
const sender = (address: string, authenticated: boolean) =>
  ({
    headers: new Map([['from', [`Someone <${address}>`]]]),
    sender: { address, domain: address.split('@')[1], authenticated },
  }) as never;
const staffer = sender('clerk@port.example', true);
const outsider = sender('visitor@elsewhere.example', true);
const posters = postersOf(['@port.example']);

async function read(raw: string): Promise<Document> {
  return extractDocument(new TextEncoder().encode(raw), {
    name: 'message.eml',
    limits: DEFAULT_EXTRACT_LIMITS,
  });
}

let app: TestApp;
let n = 0;
beforeAll(async () => {
  app = await createTestApp('2031-03-01T08:00:00Z');
  await followProcess(app.deps, scope, admin, { name: 'Harbour accord' });
  await setStaff(app.deps, scope, admin, {
    principal: { kind: 'platform-role', id: MAIL_STAFF_ROLE },
    grant: true,
  });
});
afterAll(() => app.close());

async function ingest(
  actor: ReturnType<typeof mailActor>,
  via: 'list' | 'direct',
  body: string,
  withDraft: boolean,
): Promise<{ result: Awaited<ReturnType<typeof ingestMail>>; refusedCalls: number[] }> {
  n++;
  const draftBytes = new TextEncoder().encode(DRAFT);
  const doc = await read(
    buildMail(
      {
        From: 'someone@example.org',
        To: LIST,
        Subject: `Harbour accord draft ${n}`,
        'Message-ID': `<m${n}@x>`,
      },
      body,
      withDraft
        ? [{ filename: `harbour-accord-v${n}.md`, contentType: 'text/markdown', content: draftBytes }]
        : [],
    ),
  );
  const refusedCalls: number[] = [];
  const input: MailIngestInput = {
    via,
    process: 'Harbour accord',
    message: doc,
    subject: `Harbour accord draft ${n}`,
    revisionKey: `sender-${n}`,
    seenAt: '2031-03-01T08:00:00.000Z',
    draftBytes: async () => draftBytes,
    onDraftsRefused: async (count) => {
      refusedCalls.push(count);
    },
  };
  return { result: await ingestMail(app.deps, scope, actor, input, silentLogger), refusedCalls };
}

describe('mail-ingest: who may change what by mail', () => {
  it('gives the staff role only to an authenticated sender on the staff list', () => {
    expect(isMailStaff(mailActor(staffer, posters))).toBe(true);
    expect(isMailStaff(mailActor(outsider, posters))).toBe(false);
    const forged = sender('clerk@port.example', false);
    expect(isMailStaff(mailActor(forged, posters))).toBe(false);
    expect(mailActor(staffer, posters).isAdmin).toBe(false);
  });

  it('posts a draft from staff', async () => {
    const { result, refusedCalls } = await ingest(mailActor(staffer, posters), 'list', 'Attached.', true);
    expect(result.drafts).toEqual({ posted: 1, refused: 0 });
    expect(result.refusedDrafts).toBe(false);
    expect(refusedCalls).toEqual([]);
  });

  it('refuses a draft from anyone else, says so at once, and posts nothing', async () => {
    const t = await app.store.findTenant('email', 'harbour');
    const proc = (await app.store.tenant(t?.id ?? '').findProcess('Harbour accord'))?.id ?? '';
    const before = (await app.store.tenant(t?.id ?? '').listDocuments(proc)).length;
    const { result, refusedCalls } = await ingest(mailActor(outsider, posters), 'list', 'Attached.', true);
    expect(result.drafts).toEqual({ posted: 0, refused: 1 });
    expect(result.refusedDrafts).toBe(true);
    expect(refusedCalls).toEqual([1]);
    expect((await app.store.tenant(t?.id ?? '').listDocuments(proc)).length).toBe(before);
  });

  it('reads meeting facts from the list whoever sent them, from direct mail only when staff sent them', async () => {
    const onList = await ingest(mailActor(outsider, posters), 'list', ANNOUNCEMENT, false);
    expect(onList.result.announcement?.created).toBe(true);
    const direct = await ingest(mailActor(outsider, posters), 'direct', ANNOUNCEMENT, false);
    expect(direct.result.announcement).toBeUndefined();
    const fromStaff = await ingest(mailActor(staffer, posters), 'direct', ANNOUNCEMENT, false);
    expect(fromStaff.result.announcement).toBeDefined();
  });
});
