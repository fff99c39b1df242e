import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppDeps, Scope } from '../../src/core/app/context.js';
import { postDraftVersion } from '../../src/core/app/drafts.js';
import { postAnnouncement } from '../../src/core/app/schedule.js';
import { followProcess } from '../../src/core/app/setup.js';
import { webLinksFor } from '../../src/core/app/web-access.js';
import type { ProcessRecord, TenantRecord } from '../../src/core/store.js';
import { createKeyring, webAccess } from '../../src/web/keyring.js';
import { startWebServer, type WebServer } from '../../src/web/server.js';
import { admin, caucus, createTestApp, type TestApp } from '../helpers/app.js';

/**
 * The WSIS+10 story of the demo (examples/), loaded through the same use cases the chat
 * commands use: two Vision versions, the sixth MPP meeting announced by a PDF and a web
 * page that disagree on its times. `settle` adds the corrected e-mail and the re-timing.
 */
export const EXAMPLES = join(import.meta.dirname, '../../examples');
export const SECRET = 'test-secret-for-web-links-0123456789abcdef';
export const OLD_SECRET = 'previous-secret-for-web-links-0123456789ab';

const file = (name: string, contentType?: string) => ({
  name,
  bytes: new Uint8Array(readFileSync(join(EXAMPLES, name))),
  ...(contentType ? { contentType } : {}),
});

export interface WebWorld {
  app: TestApp;
  deps: AppDeps;
  tenant: TenantRecord;
  process: ProcessRecord;
  server: WebServer;
  /** Page links signed now. */
  links(): NonNullable<ReturnType<typeof webLinksFor>>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

export function webDeps(
  app: { deps: AppDeps },
  options: { previous?: string; graceMs?: number } = {},
): AppDeps {
  const keyring = createKeyring({
    secret: SECRET,
    previous: options.previous,
    graceMs: options.graceMs ?? 3_600_000,
    clock: app.deps.clock,
  });
  return {
    ...app.deps,
    web: webAccess(keyring, {
      publicUrl: 'http://rapporteur.test',
      pageTtlMs: 30 * 86_400_000,
      feedTtlMs: 365 * 86_400_000,
    }),
  };
}

export async function loadWsis(
  deps: AppDeps,
  scope: Scope = caucus,
  at?: (iso: string) => void,
): Promise<void> {
  at?.('2014-05-31T19:00:00Z');
  await followProcess(deps, scope, admin, {
    name: 'WSIS+10 Vision',
    settings: {
      defaultTimeZone: 'Europe/Zurich',
      holidayRegion: 'CH-GE',
      participantZones: ['Pacific/Fiji', 'America/Lima', 'Australia/Sydney'],
    },
  });
  await postDraftVersion(deps, scope, admin, {
    document: 'Vision',
    label: '31 May version',
    file: file('vision-2014-05-31.md'),
  });
  at?.('2014-05-31T22:35:00Z');
  await postDraftVersion(deps, scope, admin, {
    document: 'Vision',
    label: '1 June version',
    file: file('vision-2014-06-01.md'),
  });
  at?.('2014-06-03T15:05:00Z');
  await postAnnouncement(deps, scope, admin, {
    file: file('mpp6-invitation.pdf', 'application/pdf'),
    name: 'Signed invitation (PDF)',
  });
  at?.('2014-06-03T15:30:00Z');
  await postAnnouncement(deps, scope, admin, {
    file: file('mpp6-webpage.html', 'text/html'),
    name: 'MPP web page',
  });
}

export async function settleWsis(
  deps: AppDeps,
  scope: Scope = caucus,
  at?: (iso: string) => void,
): Promise<void> {
  at?.('2014-06-05T07:12:00Z');
  await postAnnouncement(deps, scope, admin, {
    file: file('mpp6-corrected.eml', 'message/rfc822'),
    name: 'Corrected invitation (e-mail)',
  });
  at?.('2014-06-08T14:00:00Z');
  await postAnnouncement(deps, scope, admin, {
    file: file('mpp6-retimed.txt', 'text/plain'),
    name: 'Revised notice of 8 June',
  });
}

/** The story on a fresh SQLite store, served on a free port of 127.0.0.1. */
export async function createWebWorld(options: { rate?: number } = {}): Promise<WebWorld> {
  const app = await createTestApp('2014-05-31T19:00:00Z');
  const deps = webDeps(app);
  const at = (iso: string) => app.clock.set(iso);
  await loadWsis(deps, caucus, at);
  at('2014-06-04T09:00:00Z');
  const tenant = (await app.store.findTenant(caucus.platform, caucus.tenantExternalId)) as TenantRecord;
  const process = (await app.store.tenant(tenant.id).findProcess('WSIS+10 Vision')) as ProcessRecord;
  const server = await startWebServer({
    deps,
    logger: app.deps.logger,
    ratePerMinute: options.rate ?? 10_000,
    trustProxy: false,
    port: 0,
    host: '127.0.0.1',
  });
  return {
    app,
    deps,
    tenant,
    process,
    server,
    links() {
      const links = webLinksFor(deps, tenant, process);
      if (!links) throw new Error('web access is off');
      return links;
    },
    async settle() {
      await settleWsis(deps, caucus, at);
      at('2014-06-08T15:00:00Z');
    },
    async close() {
      await server.close();
      await app.close();
    },
  };
}

/** A link's path and query, to open on the test server. */
export function local(server: WebServer, url: string): string {
  const u = new URL(url.replace(/^webcal:/, 'http:'));
  return `${server.url}${u.pathname}${u.search}${u.hash}`;
}
