import type { Config } from '../../config.js';
import { RapporteurError } from '../../core/errors.js';

/** The adapters whose settings are a block of the configuration of their own. */
type Platform = 'discord' | 'slack' | 'email';

/** What each adapter says when started without its block, and what to set. */
const MISSING: Record<Platform, { message: string; hint: string }> = {
  discord: {
    message: 'Discord is not configured.',
    hint: 'Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (Developer Portal > your application), then start again.',
  },
  slack: {
    message: 'Slack is not configured.',
    hint: 'Set SLACK_BOT_TOKEN, and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET with SLACK_MODE=http.',
  },
  email: {
    message: 'The mailing-list bot needs IMAP and SMTP settings.',
    hint: 'Set IMAP_HOST, IMAP_USER, IMAP_PASSWORD, SMTP_HOST, MAIL_FROM and MAIL_LISTS (see .env.example).',
  },
};

/**
 * An adapter's block of the configuration (`config.discord`, `config.slack`, `config.email`),
 * or CONFIG_INVALID naming what to set: an adapter started without its settings fails at
 * once, before anything connects.
 */
export function adapterSettings<K extends Platform>(
  config: Partial<Pick<Config, K>>,
  platform: K,
): NonNullable<Config[K]> {
  const settings = config[platform];
  if (settings === undefined) {
    const { message, hint } = MISSING[platform];
    throw new RapporteurError('CONFIG_INVALID', message, { hint });
  }
  return settings as NonNullable<Config[K]>;
}
