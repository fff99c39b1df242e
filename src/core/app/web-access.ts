import { createHmac, timingSafeEqual } from 'node:crypto';
import { RapporteurError } from '../errors.js';
import type { WebAccess, WebKeys } from '../ports/index.js';
import type { ProcessRecord, TenantRecord } from '../store.js';
import { type AppDeps, type Resolved, resolveProcess, type Scope } from './context.js';

export type { WebAccess, WebKeys };

/**
 * Who may read a process's web pages. A process is private by default: its pages are reached
 * only through links that carry a signed, expiring token scoped to one tenant and one process
 * (HMAC-SHA256). An administrator may make a process public; its pages then also answer at
 * a plain address. Every refusal (bad, expired or tampered token, another tenant's process, a
 * private process at the public address, a deleted process) is the same NOT_FOUND, so a
 * refusal never tells whether the process exists.
 */

/** What a token grants: one tenant's one process, until an instant. */
export interface WebClaim {
  tenantId: string;
  processId: string;
  /** Expiry, in milliseconds since the epoch (stored in whole seconds). */
  expiresAt: number;
}

/** How a request reaches a process: a token, or the public address of a public process. */
export type WebEntry =
  | { kind: 'token'; token: string }
  | { kind: 'public'; tenantId: string; processId: string };

const CONTEXT = 'rapporteur-web-v1';
const MAX_TOKEN_LENGTH = 512;

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${CONTEXT}|${payload}`).digest();
}

/** Signs a claim with the current secret. */
export function signWebToken(keys: WebKeys, claim: WebClaim): string {
  const payload = `${claim.tenantId}|${claim.processId}|${Math.floor(claim.expiresAt / 1000)}`;
  return `${b64url(payload)}.${b64url(mac(keys.current, payload))}`;
}

/**
 * Reads a token: its claim when the signature matches the current or the previous secret and
 * it has not expired at `now`; otherwise undefined. Comparisons take constant time.
 */
export function readWebToken(keys: WebKeys, token: string, now: Date): WebClaim | undefined {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return undefined;
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return undefined;
  const encoded = token.slice(0, dot);
  const signature = token.slice(dot + 1);
  if (!/^[A-Za-z0-9_-]+$/.test(encoded) || !/^[A-Za-z0-9_-]+$/.test(signature)) return undefined;
  const payload = Buffer.from(encoded, 'base64url').toString('utf8');
  // Re-encoding must give the same text: no second spelling of one token.
  if (b64url(payload) !== encoded) return undefined;
  const given = Buffer.from(signature, 'base64url');
  const secrets = [keys.current, ...(keys.previous ? [keys.previous] : [])];
  const valid = secrets.some((secret) => {
    const wanted = mac(secret, payload);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  });
  if (!valid) return undefined;
  const parts = payload.split('|');
  if (parts.length !== 3) return undefined;
  const [tenantId, processId, exp] = parts as [string, string, string];
  if (!tenantId || !processId || !/^\d{1,12}$/.test(exp)) return undefined;
  const expiresAt = Number(exp) * 1000;
  if (expiresAt <= now.getTime()) return undefined;
  return { tenantId, processId, expiresAt };
}

/** The one refusal: says nothing about what exists. */
export function webNotFound(): RapporteurError {
  return new RapporteurError('NOT_FOUND', 'Not found.', {
    hint: 'Ask in your channel for a fresh link: `/rapporteur web`.',
  });
}

/**
 * Opens the process a web request is for, or throws NOT_FOUND. The tenant comes from the
 * signed token (or, for a public process, from its address) and every later read goes
 * through that tenant's store, so a page can never show another tenant's rows.
 */
export async function openWebProcess(
  deps: Pick<AppDeps, 'store' | 'clock'> & { web?: WebAccess | undefined },
  entry: WebEntry,
): Promise<Resolved & { entry: WebEntry }> {
  let tenantId: string;
  let processId: string;
  if (entry.kind === 'token') {
    if (!deps.web) throw webNotFound();
    const claim = readWebToken(deps.web.keys(), entry.token, deps.clock.now());
    if (!claim) throw webNotFound();
    ({ tenantId, processId } = claim);
  } else {
    ({ tenantId, processId } = entry);
  }
  if (tenantId.length > 100 || processId.length > 100) throw webNotFound();
  const tenant = await deps.store.getTenant(tenantId);
  if (!tenant) throw webNotFound();
  const store = deps.store.tenant(tenant.id);
  const process = await store.getProcess(processId);
  if (!process) throw webNotFound();
  if (entry.kind === 'public' && process.settings.public !== true) throw webNotFound();
  return { tenant, store, process, entry };
}

/** Addresses of a process's pages. */
export interface WebLinks {
  process: string;
  meetings: string;
  /** The iCalendar feed over HTTPS (or HTTP), and the same as `webcal://` for subscribing. */
  calendar: string;
  webcal: string;
  /** A version's page, optionally at a section. */
  version(documentSlug: string, sequence: number, section?: string): string;
  /** When the page links stop working; null for a public process. */
  expiresAt: string | null;
  /** When the calendar link stops working. */
  feedExpiresAt: string;
}

/** The path prefix of a process's pages for an entry (token or public address). */
export function webBase(entry: WebEntry): string {
  return entry.kind === 'token'
    ? `/t/${encodeURIComponent(entry.token)}`
    : `/p/${encodeURIComponent(entry.tenantId)}/${encodeURIComponent(entry.processId)}`;
}

/** Path of a version page under a base, with the section as query (for paging) and anchor. */
export function versionPath(base: string, documentSlug: string, sequence: number, section?: string): string {
  const path = `${base}/d/${encodeURIComponent(documentSlug)}/v/${sequence}`;
  return section ? `${path}?section=${encodeURIComponent(section)}#sec-${encodeURIComponent(section)}` : path;
}

/**
 * The links to a process's pages, signed now: public addresses for a public process, token
 * links otherwise. Undefined when no web server is configured.
 */
export function webLinksFor(
  deps: Pick<AppDeps, 'clock'> & { web?: WebAccess | undefined },
  tenant: Pick<TenantRecord, 'id'>,
  process: Pick<ProcessRecord, 'id' | 'settings'>,
): WebLinks | undefined {
  const web = deps.web;
  if (!web) return undefined;
  const now = deps.clock.now().getTime();
  const isPublic = process.settings.public === true;
  const keys = web.keys();
  const pageEntry: WebEntry = isPublic
    ? { kind: 'public', tenantId: tenant.id, processId: process.id }
    : {
        kind: 'token',
        token: signWebToken(keys, {
          tenantId: tenant.id,
          processId: process.id,
          expiresAt: now + web.pageTtlMs,
        }),
      };
  const base = `${web.publicUrl}${webBase(pageEntry)}`;
  const feedExpiresAt = now + (isPublic ? Math.max(web.feedTtlMs, web.pageTtlMs) : web.feedTtlMs);
  const feedToken = signWebToken(keys, {
    tenantId: tenant.id,
    processId: process.id,
    expiresAt: feedExpiresAt,
  });
  const calendar = `${web.publicUrl}/calendar/${feedToken}.ics`;
  return {
    process: base,
    meetings: `${base}/meetings`,
    calendar,
    webcal: calendar.replace(/^https?:\/\//, 'webcal://'),
    version: (slug, sequence, section) => versionPath(base, slug, sequence, section),
    expiresAt: isPublic ? null : new Date(now + web.pageTtlMs).toISOString(),
    feedExpiresAt: new Date(feedExpiresAt).toISOString(),
  };
}

/** The links for the process a channel follows (`/rapporteur web`). */
export async function webLinksForScope(
  deps: AppDeps & { web?: WebAccess | undefined },
  scope: Scope,
  processName?: string,
): Promise<{ resolved: Resolved; links: WebLinks }> {
  if (!deps.web) {
    throw new RapporteurError('UNAVAILABLE', 'The web pages are not switched on for this Rapporteur.', {
      hint: 'The operator sets RAPPORTEUR_WEB_PORT, RAPPORTEUR_PUBLIC_URL and RAPPORTEUR_WEB_SECRET (README, "Web pages").',
    });
  }
  const resolved = await resolveProcess(deps, scope, processName);
  const links = webLinksFor(deps, resolved.tenant, resolved.process) as WebLinks;
  return { resolved, links };
}
