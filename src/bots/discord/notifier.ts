import { LRUCache } from 'lru-cache';
import { RapporteurError } from '../../core/errors.js';
import type { Address, Logger, Notifier, OutgoingMessage } from '../../core/ports/index.js';
import { classifyDiscordError, createDiscordPoster, createDiscordRest } from './transport.js';

/**
 * The Notifier port for Discord: channel messages through REST (with @discordjs/rest's
 * rate-limit handling and Discord's enforced nonce, so a retried delivery never posts
 * twice), and direct messages through a DM channel opened for the person.
 */
export function createDiscordNotifierPort(options: {
  token: string;
  apiUrl?: string;
  logger: Logger;
}): Notifier {
  const rest = createDiscordRest({
    token: options.token,
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
  });
  const notifier = createDiscordPoster({
    token: options.token,
    rest,
    logger: options.logger,
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
  });
  // One DM channel per person, for as long as they are among the most recently written to.
  const dmChannels = new LRUCache<string, string>({ max: 10_000 });
  return {
    platform: 'discord',
    async send(address: Address, message: OutgoingMessage) {
      let channel = address.channel;
      if (!channel && address.user) {
        channel = dmChannels.get(address.user);
        if (!channel) {
          try {
            const dm = (await rest.post('/users/@me/channels', { body: { recipient_id: address.user } })) as {
              id: string;
            };
            channel = dm.id;
          } catch (err) {
            throw classifyDiscordError(err, { action: 'open a direct message' });
          }
          dmChannels.set(address.user, channel);
        }
      }
      if (!channel) {
        throw new RapporteurError('INVALID_ARGUMENT', 'A Discord message needs a channel or a person.', {
          hint: 'This is a bug in the delivery; please report it.',
        });
      }
      const posted = await notifier.postReply(channel, message.reply, {
        idempotencyKey: message.idempotencyKey,
      });
      return { messageId: posted.messageId };
    },
  };
}
