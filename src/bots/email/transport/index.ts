/**
 * The mailing lists' transport: mail in over IMAP (imap-reader.ts: one mailbox, each message
 * once, in order, across restarts) and mail out over SMTP (smtp-sender.ts: multipart mail
 * marked as automatic, failures as retry-or-not error codes).
 *
 * A folder rather than one transport.ts as the other adapters have: the two directions share
 * no code and together come to some 780 lines, too close to the 800-line ceiling to be one
 * file. This index is the transport the rest of the adapter (and the composition root, which
 * gives every notifier its sender) imports.
 */
export {
  createImapReader,
  type ImapReader,
  type ImapReaderConfig,
  type ImapReaderStatus,
} from './imap-reader.js';
export { classifySmtpError, createSmtpSender, type SmtpSender } from './smtp-sender.js';
