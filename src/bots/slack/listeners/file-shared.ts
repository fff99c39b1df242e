import { randomBytes } from 'node:crypto';
import { RapporteurError } from '../../../core/errors.js';
import type { Reply } from '../../../core/reply.js';
import { slackError } from '../client.js';
import { downloadSlackFile } from '../files.js';
import type { SlackSharedFile } from '../types.js';
import type { ListenerContext } from './context.js';

/** Files shared where the bot can see them: handed to the handler, its Reply posted in the channel. */
export function registerFileShared(ctx: ListenerContext): void {
  const { app, client, clock, directory, notifier, handlers, responder, logger, apiOrigin } = ctx;
  app.event('file_shared', async ({ event, context }) => {
    const handler = handlers.fileShared;
    // The bot's own uploads (full reports) raise this event too.
    if (!handler || event.user_id === context.botUserId) return;
    let info: Promise<{ name: string; mimetype: string; size: number; url: string }> | undefined;
    const describe = () => {
      info ??= client.files.info({ file: event.file_id }).then(
        (res) => {
          const f = res.file;
          const url = f?.url_private_download ?? f?.url_private;
          if (!f || !url) {
            throw new RapporteurError(
              'NOT_FOUND',
              'Slack did not give a download link for the shared file.',
              {
                hint: 'Files kept outside Slack (Google Drive, Dropbox links) cannot be read; upload the file itself.',
              },
            );
          }
          return {
            name: f.name ?? event.file_id,
            mimetype: f.mimetype ?? 'application/octet-stream',
            size: f.size ?? 0,
            url,
          };
        },
        (err: unknown) => {
          throw slackError(err, { action: 'reading a shared file', method: 'files.info' });
        },
      );
      return info;
    };
    const file: SlackSharedFile = {
      id: event.file_id,
      channelId: event.channel_id,
      userId: event.user_id,
      teamId: context.teamId ?? '',
      sharedAt: Number(event.event_ts) * 1000 || clock.now().getTime(),
      describe: async () => {
        const { name, mimetype, size } = await describe();
        return { name, mimetype, size };
      },
      download: async () => {
        const f = await describe();
        return downloadSlackFile(
          {
            id: event.file_id,
            name: f.name,
            url: f.url,
            mimetype: f.mimetype,
            ...(f.size ? { size: f.size } : {}),
          },
          {
            token: ctx.config.botToken,
            maxBytes: ctx.config.maxFileBytes,
            timeoutMs: ctx.config.downloadTimeoutMs,
            trustedOrigins: [apiOrigin],
          },
        );
      },
    };
    const requestId = randomBytes(5).toString('hex');
    let r: Reply | undefined;
    try {
      r = await handler(file);
    } catch (err) {
      const name = await describe().then(
        (f) => f.name,
        () => 'the shared file',
      );
      r = { ...responder.failureReply(`Reading ${name}`, err, requestId), ephemeral: false };
    }
    if (r === undefined) return;
    try {
      const { zone } = await directory.person(event.user_id);
      await notifier.post({ channel: event.channel_id }, r, { zone });
    } catch (err) {
      logger.warn(
        { request: requestId, code: slackError(err, { action: 'answering a shared file' }).code },
        'file reply not delivered',
      );
    }
  });
}
