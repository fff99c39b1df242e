import { threadRootId } from '../../core/email/message-id.js';
import { RapporteurError } from '../../core/errors.js';
import type { Address, MailSender, Notifier, OutgoingMessage } from '../../core/ports/index.js';

/**
 * The Notifier port for mailing lists: alerts, reminders and digests go to the list
 * address (channel) or a subscriber (person) as multipart mail with a Message-ID derived
 * from the delivery's idempotency key, and follow-ups about the same meeting or document
 * thread under one root derived from the tenant and the thread key.
 */
export function createEmailNotifierPort(sender: MailSender, options: { messageIdDomain: string }): Notifier {
  return {
    platform: 'email',
    async send(address: Address, message: OutgoingMessage) {
      const to = address.channel ?? address.user;
      if (!to) {
        throw new RapporteurError('INVALID_ARGUMENT', 'A mail needs a list or a person to go to.', {
          hint: 'This is a bug in the delivery; please report it.',
        });
      }
      const root = message.threadKey
        ? threadRootId(address.tenantExternalId, message.threadKey, options.messageIdDomain)
        : undefined;
      const sent = await sender.send({
        to: [to],
        reply: message.reply,
        idempotencyKey: message.idempotencyKey,
        autoSubmitted: 'auto-generated',
        ...(message.zone ? { timeZone: message.zone } : {}),
        ...(root ? { thread: { root } } : {}),
      });
      return { messageId: sent.messageId };
    },
  };
}
