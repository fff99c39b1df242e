import { readFileSync, statSync } from 'node:fs';
import type { WebAccess, WebKeys } from '../core/app/web-access.js';
import { messageOf, RapporteurError } from '../core/errors.js';
import type { Clock } from '../core/ports/index.js';

/**
 * The signing secrets of the web links, with rotation that needs no restart. The secret comes
 * from RAPPORTEUR_WEB_SECRET or from a file (RAPPORTEUR_WEB_SECRET_FILE, first line). When
 * the file's secret changes, the old one keeps being accepted for `graceMs`, so links already
 * handed out keep working while new links use the new secret. A previous secret can also be
 * given outright (RAPPORTEUR_WEB_SECRET_PREVIOUS, or the file's second line); it is accepted
 * for `graceMs` from when it was read.
 */
export interface KeyringOptions {
  secret?: string | undefined;
  previous?: string | undefined;
  file?: string | undefined;
  graceMs: number;
  clock: Clock;
  /** How often the file is looked at; default 5 s. */
  checkEveryMs?: number;
}

/** Shortest secret accepted: 32 characters (about 190 bits when random). */
export const MIN_SECRET_LENGTH = 32;

export interface Keyring {
  keys(): WebKeys;
}

export function createKeyring(options: KeyringOptions): Keyring {
  const checkEvery = options.checkEveryMs ?? 5_000;
  let current = options.secret ?? '';
  let previous: { secret: string; until: number } | undefined;
  const now = () => options.clock.now().getTime();
  if (options.previous) previous = { secret: options.previous, until: now() + options.graceMs };
  let checkedAt = Number.NEGATIVE_INFINITY;
  let fileStamp = '';

  const readFile = () => {
    if (!options.file) return;
    const stat = statSync(options.file);
    const stamp = `${stat.mtimeMs}:${stat.size}`;
    if (stamp === fileStamp) return;
    fileStamp = stamp;
    const lines = readFileSync(options.file, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    const next = lines[0] ?? '';
    if (next.length < MIN_SECRET_LENGTH) {
      throw new Error(`the secret file must hold a secret of at least ${MIN_SECRET_LENGTH} characters`);
    }
    if (lines[1] && lines[1] !== next) previous = { secret: lines[1], until: now() + options.graceMs };
    if (current && next !== current) previous = { secret: current, until: now() + options.graceMs };
    current = next;
  };
  readFile();
  if (current.length < MIN_SECRET_LENGTH) {
    throw new Error(`the web secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }

  return {
    keys() {
      const t = now();
      if (options.file && t - checkedAt >= checkEvery) {
        checkedAt = t;
        try {
          readFile();
        } catch {
          // A file caught mid-write or emptied by mistake: keep the secrets in force.
        }
      }
      if (previous && previous.until <= t) previous = undefined;
      return previous ? { current, previous: previous.secret } : { current };
    },
  };
}

/** The WebAccess the use cases get, from the keyring and the configured lifetimes. */
export function webAccess(
  keyring: Keyring,
  options: { publicUrl: string; pageTtlMs: number; feedTtlMs: number },
): WebAccess {
  return {
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    keys: () => keyring.keys(),
    pageTtlMs: options.pageTtlMs,
    feedTtlMs: options.feedTtlMs,
  };
}

/** The WebAccess of a configuration (RAPPORTEUR_WEB_*). Throws CONFIG_INVALID for an unusable secret file. */
export function webAccessFromConfig(
  config: {
    publicUrl: string;
    secret?: string | undefined;
    previousSecret?: string | undefined;
    secretFile?: string | undefined;
    graceMs: number;
    linkTtlMs: number;
    feedTtlMs: number;
  },
  clock: Clock,
): WebAccess {
  let keyring: Keyring;
  try {
    keyring = createKeyring({
      secret: config.secret,
      previous: config.previousSecret,
      file: config.secretFile,
      graceMs: config.graceMs,
      clock,
    });
  } catch (err) {
    throw new RapporteurError(
      'CONFIG_INVALID',
      `RAPPORTEUR_WEB_SECRET${config.secretFile ? '_FILE' : ''}: ${messageOf(err)}.`,
      {
        hint: 'Put a random secret of at least 32 characters there, e.g. the output of `openssl rand -hex 32`.',
      },
    );
  }
  return webAccess(keyring, {
    publicUrl: config.publicUrl,
    pageTtlMs: config.linkTtlMs,
    feedTtlMs: config.feedTtlMs,
  });
}
