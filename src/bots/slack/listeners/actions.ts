import { randomBytes } from 'node:crypto';
import type { BlockButtonAction } from '@slack/bolt';
import { messageOf } from '../../../core/errors.js';
import type { Reply } from '../../../core/reply.js';
import type { SlackActionRequest } from '../types.js';
import type { ListenerContext } from './context.js';
import { ACTION_PREFIX } from './responder.js';

/** Buttons Rapporteur rendered: each carries the command to run for whoever clicked it. */
export function registerActions(ctx: ListenerContext): void {
  const { app, handlers, responder, logger, defaultZone, contextOf } = ctx;
  app.action<BlockButtonAction>(
    { action_id: new RegExp(`^${ACTION_PREFIX}:`) },
    async ({ ack, body, action, respond, context }) => {
      await ack();
      if (!handlers.action || action.value === undefined) return;
      const userId = body.user.id;
      const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
      let request: SlackActionRequest | undefined;
      let r: Reply;
      try {
        request = {
          ...(await contextOf({
            teamId: context.teamId ?? body.team?.id ?? body.user.team_id,
            enterpriseId: context.enterpriseId ?? body.enterprise?.id ?? body.team?.enterprise_id,
            isEnterpriseInstall: context.isEnterpriseInstall,
            channelId,
            channelName: body.channel?.name,
            userId,
          })),
          command: action.value,
          ...(body.message?.ts === undefined ? {} : { messageTs: body.message.ts }),
          ...(body.team?.domain ? { teamDomain: body.team.domain } : {}),
          ...(body.enterprise?.name ? { enterpriseName: body.enterprise.name } : {}),
        };
        r = await handlers.action(request);
      } catch (err) {
        r = responder.failureReply(
          action.text.text,
          err,
          request?.requestId ?? randomBytes(5).toString('hex'),
        );
      }
      try {
        await responder.answer(respond, r, { userId, channelId, zone: request?.zone ?? defaultZone });
      } catch (err) {
        logger.warn({ request: request?.requestId, err: messageOf(err) }, 'action reply not delivered');
      }
    },
  );
}
