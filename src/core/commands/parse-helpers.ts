import { RapporteurError } from '../errors.js';
import { participantZone } from '../schedule/index.js';
import type { Platform } from '../store.js';
import { isValidTimeZone } from '../store.js';

/**
 * Small parsers for values people type in commands: mentions of roles and users on each
 * platform, reminder offsets like "24h,1h", and time zones given as zone names or cities.
 */

/** A role or user as typed: a platform mention, an explicit `role:`/`user:` id, or an e-mail address. */
export function parsePrincipal(
  platform: Platform,
  raw: string,
): { kind: 'user' | 'platform-role'; id: string } {
  const s = raw.trim();
  let m = /^<@&(\d{5,25})>$/.exec(s); // Discord role mention
  if (m) return { kind: 'platform-role', id: m[1] as string };
  m = /^<@!?(\d{5,25})>$/.exec(s); // Discord user mention
  if (m) return { kind: 'user', id: m[1] as string };
  m = /^<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(s); // Slack user group
  if (m) return { kind: 'platform-role', id: m[1] as string };
  m = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(s); // Slack user
  if (m) return { kind: 'user', id: m[1] as string };
  m = /^(role|user):(\S+)$/i.exec(s);
  if (m)
    return { kind: (m[1] as string).toLowerCase() === 'role' ? 'platform-role' : 'user', id: m[2] as string };
  if (/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(s)) return { kind: 'user', id: s.toLowerCase() };
  // The terminal room has no directory: a role is its name, mentioned the way the hints show it.
  m = /^@([^\s@<>][^@<>]{0,63})$/.exec(s);
  if (platform === 'console' && m) return { kind: 'platform-role', id: (m[1] as string).trim() };
  if (platform === 'console' && /^[\w.-]{1,64}$/.test(s)) return { kind: 'user', id: s };
  if (platform === 'discord' && /^\d{5,25}$/.test(s)) return { kind: 'platform-role', id: s };
  throw new RapporteurError('INVALID_ARGUMENT', `"${raw}" is not a role or a person I can recognise.`, {
    hint:
      platform === 'discord'
        ? 'Mention the role (@Chairs staff) or the person, or write role:<id>.'
        : platform === 'slack'
          ? 'Mention the person (@name) or the user group (@chairs-staff).'
          : platform === 'console'
            ? 'Mention the role (@chairs-staff), or give an e-mail address or user:<name>.'
            : 'Give an e-mail address, or role:<id> / user:<id>.',
  });
}

/** "24h,1h", "1d 30m", "1440,60" -> minutes, largest first. */
export function parseOffsets(raw: string): number[] {
  const parts = raw.split(/[,\s]+/).filter(Boolean);
  if (!parts.length) throw offsetError(raw);
  const minutes = parts.map((p) => {
    const m = /^(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)?$/i.exec(p);
    if (!m) throw offsetError(raw);
    const n = Number(m[1]);
    const unit = (m[2] ?? 'm').toLowerCase();
    const factor = unit.startsWith('d') ? 1440 : unit.startsWith('h') ? 60 : 1;
    const value = Math.round(n * factor);
    if (value < 1 || value > 60 * 24 * 60) throw offsetError(raw);
    return value;
  });
  return [...new Set(minutes)].sort((a, b) => b - a);
}

function offsetError(raw: string): RapporteurError {
  return new RapporteurError('INVALID_ARGUMENT', `"${raw}" is not a list of reminder times.`, {
    hint: 'Write how long before the meeting, e.g. 24h,1h or 2d,30m (at most 60 days).',
  });
}

/** "Australia/Sydney", "Sydney", "Lima" -> an IANA zone. */
export function parseZone(raw: string): string {
  const s = raw.trim();
  if (isValidTimeZone(s)) return s;
  const byCity = participantZone(s);
  if (byCity && isValidTimeZone(byCity.zone)) return byCity.zone;
  throw new RapporteurError('INVALID_ARGUMENT', `"${s}" is not a time zone or city I know.`, {
    hint: 'Use an IANA name such as Europe/Zurich, Australia/Sydney or America/Lima.',
  });
}

/** "24 h, 1 h" for minutes [1440, 60]. */
export function formatOffsets(minutes: readonly number[]): string {
  return minutes
    .map((m) => (m % 1440 === 0 ? `${m / 1440} d` : m % 60 === 0 ? `${m / 60} h` : `${m} min`))
    .join(', ');
}
