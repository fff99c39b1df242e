import { randomBytes } from 'node:crypto';
import { messageOf } from '../../../core/errors.js';
import type { Reply } from '../../../core/reply.js';
import type { SlackCommandRequest } from '../types.js';
import type { ListenerContext } from './context.js';

/** Slash commands: acknowledged at once, run by the handler, answered on the response_url. */
export function registerCommands(ctx: ListenerContext): void {
  const { app, handlers, responder, logger, defaultZone, contextOf } = ctx;
  for (const name of ctx.config.commands) {
    app.command(name, async ({ command, ack, respond, context }) => {
      // Acknowledge first: Slack gives up after 3 s; the answer follows on the response_url.
      const note = handlers.ackText?.({ command: command.command, text: command.text ?? '' });
      await ack(note ? { response_type: 'ephemeral', text: note } : undefined);
      let request: SlackCommandRequest | undefined;
      let r: Reply;
      try {
        request = {
          ...(await contextOf({
            teamId: context.teamId ?? command.team_id,
            enterpriseId: context.enterpriseId ?? command.enterprise_id,
            isEnterpriseInstall: context.isEnterpriseInstall,
            channelId: command.channel_id,
            channelName: command.channel_name,
            userId: command.user_id,
          })),
          command: command.command,
          text: command.text ?? '',
          ...(command.team_domain ? { teamDomain: command.team_domain } : {}),
          ...(command.enterprise_name ? { enterpriseName: command.enterprise_name } : {}),
        };
        r = await handlers.command(request);
      } catch (err) {
        r = responder.failureReply(
          command.command,
          err,
          request?.requestId ?? randomBytes(5).toString('hex'),
        );
      }
      const who = {
        userId: command.user_id,
        channelId: command.channel_id,
        zone: request?.zone ?? defaultZone,
      };
      try {
        await responder.answer(respond, r, who);
      } catch (err) {
        logger.warn(
          {
            request: request?.requestId,
            command: command.command,
            err: messageOf(err),
          },
          'reply not delivered',
        );
      }
    });
  }
}
