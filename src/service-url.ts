import { RapporteurError } from './core/errors.js';

/** How a service's URL setting must look, and the hints for when it does not. */
export interface ServiceUrlRules {
  /** The setting, e.g. `DATABASE_URL`. */
  setting: string;
  /** The protocols it accepts, with their colon (`postgres:`). */
  protocols: readonly string[];
  /** The accepted kinds as the message names them: "a postgres://". */
  kind: string;
  /** The hint when the value is no URL at all. */
  invalidHint: string;
  /** The hint when the URL has another protocol. */
  otherProtocolHint: string;
}

/**
 * A service's URL setting (DATABASE_URL, REDIS_URL), parsed and checked against the protocols
 * it accepts; CONFIG_INVALID naming the setting otherwise. The value itself is never repeated
 * in the message: it may hold a password.
 */
export function serviceUrl(url: string, rules: ServiceUrlRules): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RapporteurError('CONFIG_INVALID', `${rules.setting} is not a valid URL.`, {
      hint: rules.invalidHint,
    });
  }
  if (!rules.protocols.includes(parsed.protocol)) {
    throw new RapporteurError(
      'CONFIG_INVALID',
      `${rules.setting} must be ${rules.kind} URL, not ${parsed.protocol}//.`,
      { hint: rules.otherProtocolHint },
    );
  }
  return parsed;
}
