import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps, Scope } from '../../src/core/app/context.js';
import { openWebProcess, readWebToken, signWebToken, webLinksFor } from '../../src/core/app/web-access.js';
import { COMMANDS, runTextCommand } from '../../src/core/commands/index.js';
import { RapporteurError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/ports/index.js';
import type { ProcessRecord, TenantRecord } from '../../src/core/store.js';
import { openPostgresStore, openSqliteStore, type SqlStore } from '../../src/store/index.js';
import { createKeyring } from '../../src/web/keyring.js';
import { startWebServer, type WebServer } from '../../src/web/server.js';
import { admin, caucus, inProcessExtractor, member, recordingQueue, TestClock } from '../helpers/app.js';
import { POSTGRES_URL, serviceUp, uniquePrefix } from '../helpers/services.js';
import { createWebWorld, loadWsis, local, OLD_SECRET, SECRET, type WebWorld, webDeps } from './world.js';

/**
 * Who may open a page: a signed link for one tenant's one process, or the public address of
 * a process an administrator made public. Every refusal is the same 404 page, so a refusal
 * never tells whether the process exists.
 */

const other: Scope = {
  platform: 'slack',
  tenantExternalId: 'T0OTHERTEAM',
  tenantName: 'Another workspace',
  channelId: 'C0OTHER',
  channelName: 'vision',
};

async function notFoundBody(server: WebServer): Promise<string> {
  return (await fetch(`${server.url}/t/nothing-here`)).text();
}

describe('signed links', () => {
  let w: WebWorld;
  beforeAll(async () => {
    w = await createWebWorld();
  });
  afterAll(() => w?.close());

  it('open the process page, the meetings page, a version and the feed', async () => {
    const links = w.links();
    for (const url of [links.process, links.meetings, links.version('vision', 2, 'C9'), links.calendar]) {
      const res = await fetch(local(w.server, url));
      expect(res.status, url).toBe(200);
    }
  });

  it('refuse an expired, a tampered, and a token signed with an unknown secret, all with the same 404', async () => {
    const keys = w.deps.web?.keys() ?? { current: '' };
    const now = w.app.clock.now().getTime();
    const claim = { tenantId: w.tenant.id, processId: w.process.id, expiresAt: now + 60_000 };
    const good = signWebToken(keys, claim);
    expect((await fetch(`${w.server.url}/t/${good}`)).status).toBe(200);
    const expired = signWebToken(keys, { ...claim, expiresAt: now - 1000 });
    const [payload, signature] = good.split('.') as [string, string];
    const flipped = `${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BA' : 'AA'}`;
    const otherPayload = Buffer.from(
      `${w.tenant.id}|${w.process.id}|${Math.floor(now / 1000) + 9_999_999}`,
    ).toString('base64url');
    const extended = `${otherPayload}.${signature}`;
    const foreign = signWebToken({ current: 'a-secret-nobody-configured-0123456789abcdef' }, claim);
    const reference = await notFoundBody(w.server);
    for (const token of [expired, flipped, extended, foreign, `${good}x`, good.replace('.', '..')]) {
      for (const path of [
        `/t/${token}`,
        `/t/${token}/meetings`,
        `/t/${token}/d/vision/v/1`,
        `/calendar/${token}.ics`,
      ]) {
        const res = await fetch(`${w.server.url}${path}`);
        expect(res.status, path).toBe(404);
        expect(await res.text()).toBe(reference);
      }
    }
  });

  it('expire with time', async () => {
    const links = w.links();
    w.app.clock.advance(31 * 86_400_000);
    try {
      expect((await fetch(local(w.server, links.process))).status).toBe(404);
      // The calendar link lasts longer than page links.
      expect((await fetch(local(w.server, links.calendar))).status).toBe(200);
    } finally {
      w.app.clock.advance(-31 * 86_400_000);
    }
  });

  it('refuse another process of the same tenant, and a deleted process', async () => {
    const store = w.app.store.tenant(w.tenant.id);
    const second = await store.createProcess({ name: 'WSIS+10 Statement' });
    const keys = w.deps.web?.keys() ?? { current: '' };
    const expiresAt = w.app.clock.now().getTime() + 60_000;
    const forSecond = signWebToken(keys, { tenantId: w.tenant.id, processId: second.id, expiresAt });
    // The second process's link opens only the second process: its page has no Vision.
    const page = await (await fetch(`${w.server.url}/t/${forSecond}`)).text();
    expect(page).toContain('WSIS+10 Statement');
    expect(page).not.toContain('Vision');
    expect((await fetch(`${w.server.url}/t/${forSecond}/d/vision/v/1`)).status).toBe(404);
    await store.deleteProcess(second.id);
    expect((await fetch(`${w.server.url}/t/${forSecond}`)).status).toBe(404);
  });

  it('accept the previous secret during its grace period only', async () => {
    const clock = new TestClock(new Date('2014-06-04T09:00:00Z'));
    const keyring = createKeyring({ secret: SECRET, previous: OLD_SECRET, graceMs: 3_600_000, clock });
    const claim = { tenantId: 't', processId: 'p', expiresAt: clock.now().getTime() + 86_400_000 };
    const old = signWebToken({ current: OLD_SECRET }, claim);
    expect(readWebToken(keyring.keys(), old, clock.now())).toEqual({
      ...claim,
      expiresAt: Math.floor(claim.expiresAt / 1000) * 1000,
    });
    clock.advance(3_600_001);
    expect(readWebToken(keyring.keys(), old, clock.now())).toBeUndefined();
    expect(readWebToken(keyring.keys(), signWebToken(keyring.keys(), claim), clock.now())).toBeDefined();
  });

  it('never put the process name or ids in the 404 page', async () => {
    const body = await notFoundBody(w.server);
    expect(body).not.toContain(w.process.name);
    expect(body).not.toContain(w.tenant.id);
  });
});

describe('the server', () => {
  let w: WebWorld;
  beforeAll(async () => {
    w = await createWebWorld({ rate: 25 });
  });
  afterAll(() => w?.close());

  it('sends a strict Content-Security-Policy and no-referrer on every answer', async () => {
    for (const path of ['/healthz', '/t/nope', new URL(w.links().process).pathname]) {
      const res = await fetch(`${w.server.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('unsafe');
      expect(csp).not.toContain('script-src');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('serves only GET and HEAD, and reads no body', async () => {
    const url = local(w.server, w.links().process);
    expect((await fetch(url, { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
    const big = await fetch(url, { method: 'POST', body: 'x'.repeat(64 * 1024) });
    expect(big.status).toBe(413);
  });

  it('limits each client per minute', async () => {
    const url = `${w.server.url}/healthz`;
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await fetch(url)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.slice(0, 15).every((s) => s === 200)).toBe(true);
  });
});

describe('/rapporteur web and /rapporteur settings public', () => {
  let w: WebWorld;
  beforeAll(async () => {
    w = await createWebWorld();
  });
  afterAll(() => w?.close());

  const run = (text: string, actor = member) =>
    runTextCommand(COMMANDS, { deps: w.deps, scope: caucus, actor, requestId: 'test' }, text);

  it('gives the channel its links, which open the pages', async () => {
    const r = await run('/rapporteur web');
    const urls = JSON.stringify(r).match(/http:\/\/rapporteur\.test[^"\s)]+|webcal:\/\/[^"\s)]+/g) ?? [];
    expect(urls.length).toBeGreaterThanOrEqual(3);
    expect(urls.some((u) => u.startsWith('webcal://'))).toBe(true);
    for (const u of urls) expect((await fetch(local(w.server, u))).status, u).toBe(200);
  });

  it('says the pages are off when no web server is configured', async () => {
    const { web: _web, ...deps } = w.deps;
    const r = await runTextCommand(
      COMMANDS,
      { deps: deps as AppDeps, scope: caucus, actor: member, requestId: 't' },
      '/rapporteur web',
    );
    expect(r.tone).toBe('error');
    expect(JSON.stringify(r)).toContain('RAPPORTEUR_WEB_PORT');
  });

  it('makes a process public for administrators only; the public address then opens, and closes again', async () => {
    const publicUrl = `${w.server.url}/p/${w.tenant.id}/${w.process.id}`;
    expect((await fetch(publicUrl)).status).toBe(404);
    const refused = await run('/rapporteur settings --public', member);
    expect(refused.title).toBe('Not allowed');
    expect((await fetch(publicUrl)).status).toBe(404);
    const done = await run('/rapporteur settings --public', admin);
    expect(done.tone).toBe('success');
    expect((await fetch(publicUrl)).status).toBe(200);
    expect((await fetch(`${publicUrl}/meetings`)).status).toBe(200);
    expect((await fetch(`${publicUrl}/calendar.ics`)).status).toBe(200);
    const links = JSON.stringify(await run('/rapporteur web'));
    expect(links).toContain(`/p/${w.tenant.id}/${w.process.id}`);
    await run('/rapporteur settings public:false', admin);
    expect((await fetch(publicUrl)).status).toBe(404);
  });

  it('ends a cut reply with the link to the page that has the whole answer', async () => {
    const r = await run('/brackets status C5');
    expect(r.link?.url).toMatch(/^http:\/\/rapporteur\.test\/t\/[^/]+\/d\/vision\/v\/2\?section=C5#sec-C5$/);
    expect((await fetch(local(w.server, r.link?.url ?? ''))).status).toBe(200);
    const m = await run('/meetings upcoming');
    expect(m.link?.url).toMatch(/\/meetings$/);
  });
});

// ---------------------------------------------------------------------------------------
// Tenants kept apart, on both databases, the way the store's isolation is tested.

const pgUp = await serviceUp('postgres');
const databases: string[] = [];
afterAll(async () => {
  if (!pgUp) return;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    for (const name of databases) await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
});

async function freshPostgres(clock: TestClock): Promise<SqlStore> {
  const name = uniquePrefix('web').toLowerCase();
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  databases.push(name);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return openPostgresStore({ url: url.toString(), poolSize: 4, clock });
}

const STORES: { name: string; skip: boolean; open(clock: TestClock): Promise<SqlStore> }[] = [
  { name: 'SQLite', skip: false, open: (clock) => openSqliteStore({ file: ':memory:', clock }) },
  { name: 'PostgreSQL', skip: !pgUp, open: freshPostgres },
];

for (const kind of STORES) {
  describe.skipIf(kind.skip)(`tenants kept apart on ${kind.name}`, () => {
    let store: SqlStore;
    let server: WebServer;
    let deps: AppDeps;
    let mine: { tenant: TenantRecord; process: ProcessRecord };
    let theirs: { tenant: TenantRecord; process: ProcessRecord };
    const clock = new TestClock(new Date('2014-05-31T19:00:00Z'));

    beforeAll(async () => {
      store = await kind.open(clock);
      deps = webDeps({
        deps: {
          store,
          queue: recordingQueue(),
          extractor: inProcessExtractor(),
          clock,
          logger: silentLogger,
        },
      });
      const at = (iso: string) => clock.set(iso);
      await loadWsis(deps, caucus, at);
      await loadWsis(deps, other, at);
      clock.set('2014-06-04T09:00:00Z');
      const find = async (scope: Scope) => {
        const tenant = (await store.findTenant(scope.platform, scope.tenantExternalId)) as TenantRecord;
        const process = (await store.tenant(tenant.id).findProcess('WSIS+10 Vision')) as ProcessRecord;
        return { tenant, process };
      };
      mine = await find(caucus);
      theirs = await find(other);
      server = await startWebServer({
        deps,
        logger: silentLogger,
        ratePerMinute: 10_000,
        trustProxy: false,
        port: 0,
        host: '127.0.0.1',
      });
    });
    afterAll(async () => {
      await server?.close();
      await store?.close();
    });
    afterEach(() => clock.set('2014-06-04T09:00:00Z'));

    it('a token names one tenant: pairing it with the other tenant’s process is refused', async () => {
      const keys = deps.web?.keys() ?? { current: '' };
      const expiresAt = clock.now().getTime() + 60_000;
      const crossed = [
        signWebToken(keys, { tenantId: mine.tenant.id, processId: theirs.process.id, expiresAt }),
        signWebToken(keys, { tenantId: theirs.tenant.id, processId: mine.process.id, expiresAt }),
      ];
      for (const token of crossed) {
        await expect(openWebProcess(deps, { kind: 'token', token })).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
        for (const path of ['', '/meetings', '/d/vision/v/1']) {
          expect((await fetch(`${server.url}/t/${token}${path}`)).status).toBe(404);
        }
        expect((await fetch(`${server.url}/calendar/${token}.ics`)).status).toBe(404);
      }
    });

    it('each tenant’s link shows its own rows only', async () => {
      const a = webLinksFor(deps, mine.tenant, mine.process);
      const b = webLinksFor(deps, theirs.tenant, theirs.process);
      expect(a && b).toBeTruthy();
      const opened = await openWebProcess(deps, {
        kind: 'token',
        token: new URL(a?.process ?? '').pathname.split('/')[2] ?? '',
      });
      expect(opened.tenant.id).toBe(mine.tenant.id);
      expect(opened.store.tenantId).toBe(mine.tenant.id);
      // Make the other tenant's copy different, and check it never shows through my link.
      await store.tenant(theirs.tenant.id).updateProcess(theirs.process.id, { name: 'Their Vision renamed' });
      const page = await (await fetch(local(server, a?.process ?? ''))).text();
      expect(page).not.toContain('Their Vision renamed');
      const theirsPage = await (await fetch(local(server, b?.process ?? ''))).text();
      expect(theirsPage).toContain('Their Vision renamed');
    });

    it('the public address of one tenant’s process does not open under the other tenant', async () => {
      await store.tenant(mine.tenant.id).updateProcess(mine.process.id, { settings: { public: true } });
      expect((await fetch(`${server.url}/p/${mine.tenant.id}/${mine.process.id}`)).status).toBe(200);
      expect((await fetch(`${server.url}/p/${theirs.tenant.id}/${mine.process.id}`)).status).toBe(404);
      expect((await fetch(`${server.url}/p/${theirs.tenant.id}/${theirs.process.id}`)).status).toBe(404);
      await expect(
        openWebProcess(deps, { kind: 'public', tenantId: theirs.tenant.id, processId: mine.process.id }),
      ).rejects.toBeInstanceOf(RapporteurError);
      await store.tenant(mine.tenant.id).updateProcess(mine.process.id, { settings: { public: false } });
      expect((await fetch(`${server.url}/p/${mine.tenant.id}/${mine.process.id}`)).status).toBe(404);
    });
  });
}
