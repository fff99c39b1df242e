import { messageOf, RapporteurError } from '../errors.js';
import type { ProcessRecord, WatchRecord } from '../store.js';
import { type Actor, type AppDeps, resolveAsPoster, resolveProcess, type Scope } from './context.js';
import { queueTrouble } from './setup.js';

/**
 * Watched pages and feeds: a meeting page, a PDF letter that gets replaced, an .ics feed.
 * The job layer fetches each on its interval and feeds changed content to `ingestSource`.
 */

/** The shortest interval allowed, so a watch cannot hammer someone's server. */
export const MIN_WATCH_INTERVAL_MINUTES = 5;
export const DEFAULT_WATCH_INTERVAL_MINUTES = 15;

/** What a channel is told when a watched address leads inside the network. */
export const INTERNAL_ADDRESS_TEXT =
  'The page, or a page it redirects to, is at an internal address; Rapporteur does not fetch internal addresses. Watch a public address.';

/**
 * The text of a watch failure that anyone in the channel may read. Refusals of internal
 * addresses carry the host and the address it resolved to (useful to an administrator,
 * a map of the network to anyone else), so they are reduced to "an internal address";
 * the job logs the full text. Texts stored before this rule are reduced when shown.
 */
export function publicWatchError(error: unknown): string {
  if (error instanceof RapporteurError) {
    if (error.code === 'PERMISSION_DENIED' && isInternalRefusal(error.message, error.details)) {
      return INTERNAL_ADDRESS_TEXT;
    }
    return error.describe();
  }
  if (typeof error === 'string') return isInternalRefusal(error, undefined) ? INTERNAL_ADDRESS_TEXT : error;
  return `The page could not be read: ${messageOf(error)}`;
}

function isInternalRefusal(text: string, details: unknown): boolean {
  const risk = details && typeof details === 'object' && 'risk' in details;
  return Boolean(risk) || /does not fetch internal addresses/i.test(text);
}

/** Checks that a URL is something a watcher may fetch: http(s), no credentials, sensible length. */
export function checkWatchUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new RapporteurError('INVALID_ARGUMENT', `"${raw}" is not a web address.`, {
      hint: 'Give the full address, e.g. https://www.itu.int/net4/wsis/forum/2014/.',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RapporteurError(
      'INVALID_ARGUMENT',
      `Only http and https addresses can be watched, not ${url.protocol}.`,
      {
        hint: 'Give a web page, PDF or .ics feed address starting with https://.',
      },
    );
  }
  if (url.username || url.password) {
    throw new RapporteurError(
      'INVALID_ARGUMENT',
      'Addresses with a user name or password cannot be watched.',
      {
        hint: 'Watch a public address; credentials would be visible to everyone in the channel.',
      },
    );
  }
  if (url.href.length > 2000) {
    throw new RapporteurError('INVALID_ARGUMENT', 'That address is too long to watch.', {
      hint: 'Use a shorter address.',
    });
  }
  url.hash = '';
  return url;
}

/** Starts watching a URL for the process (chairs' staff only). */
export async function addWatch(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  input: { url: string; intervalMinutes?: number | undefined; process?: string | undefined },
): Promise<{ process: ProcessRecord; watch: WatchRecord }> {
  const { store, process } = await resolveAsPoster(deps, scope, actor, input.process, 'add watched pages');
  const url = checkWatchUrl(input.url);
  await deps.checkWatchTarget?.(url.href);
  // The operator's default may be below the minimum people can ask for (e.g. for testing).
  const minutes =
    input.intervalMinutes ?? deps.defaults?.watchIntervalMinutes ?? DEFAULT_WATCH_INTERVAL_MINUTES;
  const asked = input.intervalMinutes !== undefined;
  if (
    !Number.isInteger(minutes) ||
    (asked && minutes < MIN_WATCH_INTERVAL_MINUTES) ||
    minutes < 1 ||
    minutes > 7 * 24 * 60
  ) {
    throw new RapporteurError(
      'INVALID_ARGUMENT',
      `A watch interval must be a whole number of minutes between ${MIN_WATCH_INTERVAL_MINUTES} and ${7 * 24 * 60}.`,
      { hint: `Try ${DEFAULT_WATCH_INTERVAL_MINUTES} (the default).` },
    );
  }
  const watch = await store.addWatch({
    processId: process.id,
    url: url.href,
    intervalSeconds: minutes * 60,
    nextRunAt: deps.clock.now(),
  });
  await deps.queue.scheduleWatch(store.tenantId, watch).catch((err) => queueTrouble(deps, err));
  return { process, watch };
}

/** The watches of the process. */
export async function listWatches(
  deps: AppDeps,
  scope: Scope,
  input: { process?: string | undefined } = {},
): Promise<{ process: ProcessRecord; watches: WatchRecord[] }> {
  const { store, process } = await resolveProcess(deps, scope, input.process);
  return { process, watches: await store.listWatches(process.id) };
}

/** Stops watching, by URL or by position in the list (chairs' staff only). */
export async function removeWatch(
  deps: AppDeps,
  scope: Scope,
  actor: Actor,
  input: { watch: string; process?: string | undefined },
): Promise<{ process: ProcessRecord; watch: WatchRecord }> {
  const { store, process } = await resolveAsPoster(deps, scope, actor, input.process, 'remove watched pages');
  const watches = await store.listWatches(process.id);
  const q = input.watch.trim();
  const byNumber = /^#?(\d+)$/.exec(q);
  const watch =
    (byNumber ? watches[Number(byNumber[1]) - 1] : undefined) ??
    watches.find((w) => w.id === q || w.url === q || w.url === safeHref(q));
  if (!watch) {
    throw new RapporteurError('NOT_FOUND', `No watch "${q}" in ${process.name}.`, {
      hint: watches.length ? 'See `/watch list` for the numbers and addresses.' : 'Nothing is being watched.',
    });
  }
  await store.removeWatch(watch.id);
  await deps.queue.removeWatch(store.tenantId, watch.id).catch((err) => queueTrouble(deps, err));
  return { process, watch };
}

function safeHref(raw: string): string | undefined {
  try {
    const u = new URL(raw);
    u.hash = '';
    return u.href;
  } catch {
    return undefined;
  }
}
