import { LRUCache } from 'lru-cache';
import { type Clock, type Logger, systemClock } from '../../core/ports/index.js';
import { type SlackWebClient, slackError } from './client.js';

/**
 * What Slack says about the people who run commands: their time zone, the name they go by,
 * whether they administer the workspace, and which user groups they belong to (Slack's
 * nearest thing to a role, so chairs' staff can be granted as `@chairs-staff`).
 *
 * Answers are cached briefly: a person who runs five commands in a minute costs one
 * users.info call, and a promotion or demotion takes effect within `ttlMs`. Concurrent
 * lookups of the same person share one call. A failed lookup degrades (default zone, not an
 * administrator, no groups) instead of failing the command: the core then refuses what
 * needs more, which is the safe direction.
 */

/** The facts about one person that commands need. */
export interface SlackPerson {
  userId: string;
  /** IANA zone from the profile, else the bot's default zone. */
  zone: string;
  /** Display name, else real name, else handle; undefined when Slack did not say. */
  displayName?: string;
  /** Workspace (or Enterprise Grid organisation) admin or owner. */
  isAdmin: boolean;
  /** False when users.info failed and the defaults above were used. */
  known: boolean;
}

export interface SlackDirectory {
  /** The person's profile facts (cached). */
  person(userId: string): Promise<SlackPerson>;
  /**
   * The ids of the user groups the person belongs to in `teamId` (cached per team). Empty
   * when the workspace has no groups, the plan has none (free workspaces), or the app lacks
   * usergroups:read.
   */
  groupsOf(userId: string, teamId?: string): Promise<string[]>;
  /** A user group's handle (`chairs-staff`), from the same cached listing; undefined if unknown. */
  groupHandle(groupId: string, teamId?: string): Promise<string | undefined>;
}

export interface SlackDirectoryOptions {
  client: SlackWebClient;
  logger: Logger;
  clock?: Clock;
  /** Zone when a profile has none. Default UTC. */
  defaultZone?: string;
  /** How long answers are trusted. Default 60 s. */
  ttlMs?: number;
  /** People kept in the cache. Default 5000. */
  maxPeople?: number;
}

interface GroupListing {
  byUser: Map<string, string[]>;
  handles: Map<string, string>;
}

/** Group listings kept: one per workspace of an org-wide install. */
const MAX_GROUP_LISTINGS = 100;

interface Entry<T> {
  value: Promise<T>;
  until: number;
}

interface UsersInfoUser {
  tz?: string;
  name?: string;
  real_name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  profile?: { display_name?: string; real_name?: string };
  enterprise_user?: { is_admin?: boolean; is_owner?: boolean };
}

/** Builds a directory over the bot's Web API client. */
export function createSlackDirectory(options: SlackDirectoryOptions): SlackDirectory {
  const { client } = options;
  const logger = options.logger.child({ component: 'slack-directory' });
  const clock = options.clock ?? systemClock;
  const defaultZone = options.defaultZone ?? 'UTC';
  const ttl = options.ttlMs ?? 60_000;
  const maxPeople = options.maxPeople ?? 5000;
  const people = new LRUCache<string, Entry<SlackPerson>>({ max: maxPeople });
  const groups = new LRUCache<string, Entry<GroupListing>>({ max: MAX_GROUP_LISTINGS });
  /** Errors already reported, so a workspace without groups does not log one line per command. */
  const reported = new Set<string>();

  function cached<T>(map: LRUCache<string, Entry<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const now = clock.now().getTime();
    const hit = map.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = load();
    map.set(key, { value, until: now + ttl });
    return value;
  }

  function reportOnce(key: string, err: unknown, message: string): void {
    const e = slackError(err, { action: message });
    const id = `${key}:${e.code}:${String(e.details?.slackError ?? '')}`;
    if (reported.has(id)) return;
    reported.add(id);
    logger.warn(
      { code: e.code, slackError: e.details?.slackError, neededScope: e.details?.neededScope },
      message,
    );
  }

  async function loadPerson(userId: string): Promise<SlackPerson> {
    try {
      const res = await client.users.info({ user: userId });
      const u = (res.user ?? {}) as UsersInfoUser;
      const displayName =
        u.profile?.display_name?.trim() ||
        u.profile?.real_name?.trim() ||
        u.real_name?.trim() ||
        u.name?.trim();
      return {
        userId,
        zone: u.tz || defaultZone,
        ...(displayName ? { displayName } : {}),
        isAdmin: Boolean(
          u.is_admin ||
            u.is_owner ||
            u.is_primary_owner ||
            u.enterprise_user?.is_admin ||
            u.enterprise_user?.is_owner,
        ),
        known: true,
      };
    } catch (err) {
      reportOnce('users.info', err, 'could not read a user profile; using defaults (not an administrator)');
      return { userId, zone: defaultZone, isAdmin: false, known: false };
    }
  }

  async function loadGroups(teamId: string | undefined): Promise<GroupListing> {
    const listing: GroupListing = { byUser: new Map(), handles: new Map() };
    try {
      const res = await client.usergroups.list({
        include_users: true,
        ...(teamId === undefined ? {} : { team_id: teamId }),
      });
      for (const g of res.usergroups ?? []) {
        // Disabled groups (date_delete set) grant nothing.
        if (!g.id || (g.date_delete ?? 0) > 0) continue;
        if (g.handle) listing.handles.set(g.id, g.handle);
        for (const user of g.users ?? []) {
          const list = listing.byUser.get(user);
          if (list) list.push(g.id);
          else listing.byUser.set(user, [g.id]);
        }
      }
    } catch (err) {
      reportOnce(
        'usergroups.list',
        err,
        'could not list user groups; staff granted to a group will not match',
      );
    }
    return listing;
  }

  return {
    person(userId) {
      return cached(people, userId, () => loadPerson(userId));
    },
    async groupsOf(userId, teamId) {
      const listing = await cached(groups, teamId ?? '', () => loadGroups(teamId));
      return [...(listing.byUser.get(userId) ?? [])];
    },
    async groupHandle(groupId, teamId) {
      const listing = await cached(groups, teamId ?? '', () => loadGroups(teamId));
      return listing.handles.get(groupId);
    },
  };
}
