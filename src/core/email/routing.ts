import { addressesIn, headerValues, isMailAddress, type MailHeaders, normaliseAddress } from './headers.js';

/**
 * Which tenant and process an inbound message belongs to. A list stamps every message it
 * distributes with its List-Id (RFC 2919), which survives Reply-To munging, From rewriting
 * and Bcc delivery, so it decides first; the recipient addresses decide otherwise.
 */

/** One process's mail: the lists it follows and the addresses that reach it. */
export interface MailRoute {
  tenant: string;
  process: string;
  /** List-Id values of the process's lists, in any common form (`<id>`, `Name <id>`, `id`). */
  listIds?: readonly string[];
  /** Posting addresses of those lists (never answered automatically, see loop safety). */
  listAddresses?: readonly string[];
  /** Other addresses that reach this process, e.g. the bot's own `rapporteur+wsis@...` alias. */
  addresses?: readonly string[];
}

/** The route a message matched, and why. */
export interface RouteMatch {
  tenant: string;
  process: string;
  by: 'list-id' | 'address';
  /** The normalised List-Id or address that matched. */
  value: string;
}

/** A configuration problem in a route table. */
export interface RouteProblem {
  code: 'route.invalid-list-id' | 'route.invalid-address' | 'route.duplicate';
  /** 0-based index of the offending route. */
  route: number;
  message: string;
}

const LIST_ID = /^[a-z0-9!#$%&'*+\-/=?^_`{|}~]+(?:\.[a-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;

/**
 * The list identifier inside a List-Id value, lower-cased: `WSIS+10 review <wsis.lists.example.org>`,
 * `<WSIS.lists.example.org>` and `wsis.lists.example.org` all give `wsis.lists.example.org`.
 * Undefined when there is none.
 */
export function normaliseListId(value: string): string | undefined {
  const withoutComments = value.replace(/\([^()]*\)/g, ' ');
  const angles = [...withoutComments.matchAll(/<([^<>]*)>/g)];
  let candidate: string | undefined;
  if (angles.length > 0) candidate = (angles.at(-1)?.[1] ?? '').trim();
  else {
    // Non-conforming lists omit the brackets; the identifier is then the dotted word.
    const words = withoutComments.trim().split(/\s+/);
    candidate = words.length === 1 ? words[0] : words.findLast((w) => w.includes('.'));
  }
  const id = candidate?.toLowerCase();
  return id && id.length <= 255 && LIST_ID.test(id) ? id : undefined;
}

/** The normalised List-Ids a message carries (usually one). */
export function listIdsOf(headers: MailHeaders): string[] {
  return headerValues(headers, 'list-id').flatMap((v) => normaliseListId(v) ?? []);
}

/** Recipient fields in the order they are trusted: the visible ones, then what the MTA recorded. */
const RECIPIENT_FIELDS = ['to', 'cc', 'delivered-to', 'x-original-to', 'envelope-to'];

/**
 * The route of a message: first by List-Id, then by To / Cc, then by the delivery headers
 * an MTA adds (Delivered-To, X-Original-To, Envelope-To) for Bcc'd or forwarded mail. The
 * first route in table order wins a tie. Undefined when nothing matches.
 */
export function routeInbound(headers: MailHeaders, routes: readonly MailRoute[]): RouteMatch | undefined {
  for (const id of listIdsOf(headers)) {
    for (const route of routes) {
      if ((route.listIds ?? []).some((l) => normaliseListId(l) === id)) {
        return { tenant: route.tenant, process: route.process, by: 'list-id', value: id };
      }
    }
  }
  for (const address of addressesIn(headers, ...RECIPIENT_FIELDS)) {
    for (const route of routes) {
      const known = [...(route.listAddresses ?? []), ...(route.addresses ?? [])];
      if (known.some((a) => normaliseAddress(a) === address)) {
        return { tenant: route.tenant, process: route.process, by: 'address', value: address };
      }
    }
  }
  return undefined;
}

/** Every list posting address of a route table, normalised (loop safety never answers these). */
export function routeListAddresses(routes: readonly MailRoute[]): string[] {
  return [...new Set(routes.flatMap((r) => (r.listAddresses ?? []).map(normaliseAddress)))];
}

/**
 * Checks a route table before use: unreadable List-Ids or addresses, and the same List-Id
 * or address claimed by two different processes (the second would never receive mail).
 */
export function checkRoutes(routes: readonly MailRoute[]): RouteProblem[] {
  const problems: RouteProblem[] = [];
  const owners = new Map<string, number>();
  const claim = (key: string, index: number, label: string) => {
    const owner = owners.get(key);
    const a = routes[index];
    const b = owner === undefined ? undefined : routes[owner];
    if (owner === undefined) owners.set(key, index);
    else if (a && b && (a.tenant !== b.tenant || a.process !== b.process)) {
      problems.push({
        code: 'route.duplicate',
        route: index,
        message: `${label} is already routed to ${b.tenant}/${b.process} by route ${owner + 1}.`,
      });
    }
  };
  routes.forEach((route, index) => {
    for (const raw of route.listIds ?? []) {
      const id = normaliseListId(raw);
      if (id === undefined) {
        problems.push({ code: 'route.invalid-list-id', route: index, message: `"${raw}" is not a List-Id.` });
      } else claim(`list:${id}`, index, `List-Id ${id}`);
    }
    for (const raw of [...(route.listAddresses ?? []), ...(route.addresses ?? [])]) {
      const address = normaliseAddress(raw);
      if (!isMailAddress(address)) {
        problems.push({
          code: 'route.invalid-address',
          route: index,
          message: `"${raw}" is not an e-mail address.`,
        });
      } else claim(`address:${address}`, index, `Address ${address}`);
    }
  });
  return problems;
}
