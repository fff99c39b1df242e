import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { trimTrailingSlash } from 'hono/trailing-slash';
import { rateLimiter } from 'hono-rate-limiter';
import type { AppDeps } from '../core/app/context.js';
import { openWebProcess, type WebEntry, webBase } from '../core/app/web-access.js';
import {
  calendarFeed,
  meetingsPage,
  processOverview,
  type VersionMode,
  versionView,
} from '../core/app/web-views.js';
import { RapporteurError } from '../core/errors.js';
import type { Logger } from '../core/ports/index.js';
import { createBodyGuard } from '../http/body-limit.js';
import { STYLESHEET, STYLESHEET_HASH } from './assets.js';
import { meetingsPageHtml, notFoundPage, type PageLinks, processPage, versionPage } from './pages.js';

/**
 * The read-only web server: a process page with the bracket map, a page per version, the
 * meetings page and the live calendar feed. Hono routes and renders; what a page shows comes
 * from the core's use cases (src/core/app/web-views.ts), and who may see it from
 * `openWebProcess`. Every refusal is the same 404. Only GET and HEAD are served; no request
 * body is ever read (the body guard refuses one), pages carry a strict Content-Security-Policy
 * (no script at all, styles only from /assets), and each client is rate limited.
 */
export interface WebServerOptions {
  /** The use cases' dependencies; `deps.web` signs and checks the links. */
  deps: AppDeps;
  logger: Logger;
  /** Requests per client per minute (pages and feed together). */
  ratePerMinute: number;
  /** Take the client's address from X-Forwarded-For (only behind a reverse proxy you run). */
  trustProxy: boolean;
}

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

type Env = { Variables: { entry: WebEntry } };

/** The client a rate limit counts against: the socket's address, or the proxy's word for it. */
export function clientKey(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function createWebApp(options: WebServerOptions): Hono<Env> {
  const { deps, logger } = options;
  const app = new Hono<Env>();

  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
  });
  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      return c.text('Only GET and HEAD are served here.\n', 405, { allow: 'GET, HEAD' });
    }
    await next();
    return undefined;
  });
  app.use(
    '*',
    rateLimiter<Env>({
      windowMs: 60_000,
      limit: options.ratePerMinute,
      standardHeaders: 'draft-6',
      keyGenerator: (c) => clientKey(c, options.trustProxy),
      handler: (c) => c.text('Too many requests; wait a minute.\n', 429, { 'retry-after': '60' }),
    }),
  );

  app.use('*', trimTrailingSlash());
  app.get('/healthz', (c) => c.text('ok\n'));
  app.get(`/assets/style-${STYLESHEET_HASH}.css`, (c) =>
    c.body(STYLESHEET, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    }),
  );
  app.get('/robots.txt', (c) => c.text('User-agent: *\nDisallow: /\n'));

  const linksFor = (c: Context<Env>): PageLinks => {
    const entry = c.get('entry');
    const base = webBase(entry);
    // The calendar link of a page is the page's own entry: a public process's feed by its
    // address, a private one by the same token the page was opened with.
    const calendar = entry.kind === 'token' ? `/calendar/${entry.token}.ics` : `${base}/calendar.ics`;
    const origin = deps.web?.publicUrl ?? new URL(c.req.url).origin;
    return { base, calendar, webcal: `${origin}${calendar}`.replace(/^https?:\/\//, 'webcal://') };
  };

  const pages = new Hono<Env>();
  pages.get('/', async (c) => {
    const resolved = await openWebProcess(deps, c.get('entry'));
    return page(c, String(await processPage(await processOverview(deps, resolved), linksFor(c))));
  });
  pages.get('/meetings', async (c) => {
    const resolved = await openWebProcess(deps, c.get('entry'));
    return page(c, String(await meetingsPageHtml(await meetingsPage(deps, resolved), linksFor(c))));
  });
  pages.get('/d/:document/v/:sequence', async (c) => {
    const sequence = Number(c.req.param('sequence'));
    if (!Number.isSafeInteger(sequence) || sequence < 1) throw notFound();
    const view = c.req.query('view');
    const mode: VersionMode = view === 'diff' || view === 'clean' ? view : 'text';
    const pageNumber = Number(c.req.query('page') ?? '1');
    const section = c.req.query('section');
    const resolved = await openWebProcess(deps, c.get('entry'));
    const model = await versionView(deps, resolved, {
      document: c.req.param('document').slice(0, 200),
      sequence,
      mode,
      ...(section ? { section: section.slice(0, 200) } : {}),
      ...(Number.isSafeInteger(pageNumber) ? { page: pageNumber } : {}),
    });
    return page(c, String(await versionPage(model, linksFor(c))));
  });
  pages.get('/calendar.ics', async (c) => feed(c, await openWebProcess(deps, c.get('entry'))));

  app.use('/t/:token', async (c, next) => {
    c.set('entry', { kind: 'token', token: c.req.param('token') });
    await next();
  });
  app.use('/p/:tenant/:process', async (c, next) => {
    c.set('entry', { kind: 'public', tenantId: c.req.param('tenant'), processId: c.req.param('process') });
    await next();
  });
  app.use('/t/:token/*', async (c, next) => {
    c.set('entry', { kind: 'token', token: c.req.param('token') });
    await next();
  });
  app.use('/p/:tenant/:process/*', async (c, next) => {
    c.set('entry', { kind: 'public', tenantId: c.req.param('tenant'), processId: c.req.param('process') });
    await next();
  });
  app.route('/t/:token', pages);
  app.route('/p/:tenant/:process', pages);

  app.get('/calendar/:file', async (c) => {
    const file = c.req.param('file');
    if (!file.endsWith('.ics')) throw notFound();
    const entry: WebEntry = { kind: 'token', token: file.slice(0, -4) };
    c.set('entry', entry);
    return feed(c, await openWebProcess(deps, entry));
  });

  async function feed(c: Context<Env>, resolved: Awaited<ReturnType<typeof openWebProcess>>) {
    const { ics, etag, lastModified } = await calendarFeed(resolved);
    const modified = new Date(lastModified);
    modified.setUTCMilliseconds(0);
    const headers: Record<string, string> = {
      etag,
      'last-modified': modified.toUTCString(),
      'cache-control': 'private, max-age=300',
    };
    const ifNoneMatch = c.req.header('if-none-match');
    const ifModifiedSince = c.req.header('if-modified-since');
    const notModified = ifNoneMatch
      ? ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`)
      : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= modified.getTime();
    if (notModified) return c.body(null, 304, headers);
    return c.body(ics, 200, {
      ...headers,
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `inline; filename="${resolved.process.slug || 'schedule'}.ics"`,
    });
  }

  app.notFound((c) => c.html(String(notFoundPage()), 404));
  app.onError((err, c) => {
    if (err instanceof RapporteurError && err.code === 'NOT_FOUND') {
      return c.html(String(notFoundPage()), 404, { 'cache-control': 'no-store' });
    }
    // Never log the path: it holds the token.
    logger.error(
      {
        err: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
      },
      'web page failed',
    );
    return c.text('Something went wrong.\n', 500);
  });
  return app;
}

function notFound(): RapporteurError {
  return new RapporteurError('NOT_FOUND', 'Not found.');
}

function page(c: Context, body: string) {
  return c.html(body, 200, {
    'cache-control': 'private, no-cache',
    'x-robots-tag': 'noindex, nofollow',
  });
}

/** A running web server. */
export interface WebServer {
  /** `http://host:port` as bound (the port is the real one when 0 was asked for). */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Starts the server on `host:port` (port 0: any free port). */
export async function startWebServer(
  options: WebServerOptions & { port: number; host: string },
): Promise<WebServer> {
  const app = createWebApp(options);
  const listener = getRequestListener(app.fetch);
  // Nothing here reads a body: the guard refuses any over a few bytes before Hono sees it,
  // and bounds slow headers.
  const guard = createBodyGuard({ maxBytes: 1024, timeoutMs: 5_000, maxConcurrent: 64 });
  const server = createServer(
    { ...guard.serverOptions() },
    guard.wrap((req, res) => listener(req, res)),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
