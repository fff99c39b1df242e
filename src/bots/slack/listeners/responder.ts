import type { RespondFn } from '@slack/bolt';
import { isRapporteurError, messageOf, RapporteurError } from '../../../core/errors.js';
import type { Clock, Logger } from '../../../core/ports/index.js';
import { type Reply, reply } from '../../../core/reply.js';
import { type SlackWebClient, slackError } from '../client.js';
import { uploadSlackFile } from '../files.js';
import { renderSlackReply } from '../render.js';

/**
 * How every listener answers: the rendered Reply through the response_url, its files shared
 * where the reader can see them, and a failure turned into a Reply that says what to do.
 */

/** Buttons rendered by Rapporteur carry this action_id prefix. */
export const ACTION_PREFIX = 'rapporteur';

export interface Responder {
  /** Sends a reply through the response_url and shares its files where the reader can see them. */
  answer(
    respond: RespondFn,
    r: Reply,
    who: { userId: string; channelId: string; zone: string },
  ): Promise<void>;
  /** A handler that threw (the registry never does; this is the adapter's own safety net). */
  failureReply(what: string, err: unknown, requestId: string): Reply;
}

export function createResponder(client: SlackWebClient, clock: Clock, logger: Logger): Responder {
  async function dmWith(userId: string): Promise<string> {
    const res = await client.conversations.open({ users: userId });
    const id = res.channel?.id;
    if (!id) throw new RapporteurError('INTERNAL', 'Slack did not open a direct message channel.');
    return id;
  }

  async function answer(
    respond: RespondFn,
    r: Reply,
    who: { userId: string; channelId: string; zone: string },
  ) {
    const rendered = renderSlackReply(r, { zone: who.zone, now: clock.now(), actionIdPrefix: ACTION_PREFIX });
    await respond({
      response_type: r.ephemeral ? 'ephemeral' : 'in_channel',
      replace_original: false,
      text: rendered.text,
      blocks: rendered.blocks,
    });
    if (rendered.files.length === 0) return;
    // A private reply's files go to the person's DM; a public one's to the channel, unless
    // the bot is not in it (slash commands work everywhere), then to the DM too.
    let destination = r.ephemeral ? await dmWith(who.userId) : who.channelId;
    let movedToDm = false;
    const failed: string[] = [];
    for (const file of rendered.files) {
      const upload = { filename: file.filename, content: file.content, title: file.title };
      try {
        await uploadSlackFile(client, { ...upload, channelId: destination });
      } catch (err) {
        const e = slackError(err, { action: `sharing ${file.filename}` });
        if (!movedToDm && !r.ephemeral && (e.code === 'PERMISSION_DENIED' || e.code === 'NOT_FOUND')) {
          destination = await dmWith(who.userId);
          movedToDm = true;
          try {
            await uploadSlackFile(client, { ...upload, channelId: destination });
            continue;
          } catch (again) {
            logger.warn({ code: slackError(again, { action: 'sharing a file' }).code }, 'file not shared');
          }
        } else {
          logger.warn({ code: e.code }, 'file not shared');
        }
        failed.push(file.filename);
      }
    }
    const notes: string[] = [];
    if (movedToDm) {
      notes.push(
        'I am not a member of this channel, so I sent the file(s) to you in a direct message. Invite me with /invite to share them here.',
      );
    }
    if (failed.length > 0) notes.push(`I could not share ${failed.join(', ')}; please try again later.`);
    if (notes.length > 0)
      await respond({ response_type: 'ephemeral', replace_original: false, text: notes.join(' ') });
  }

  function failureReply(what: string, err: unknown, requestId: string): Reply {
    if (isRapporteurError(err)) {
      logger.info({ request: requestId, code: err.code }, 'slack request refused');
      return reply(`${what} did not work`, {
        tone: 'error',
        summary: err.message,
        ...(err.hint ? { footer: err.hint } : {}),
        ephemeral: true,
      });
    }
    logger.error({ request: requestId, err: messageOf(err) }, 'slack handler failed');
    return reply(`${what} did not work`, {
      tone: 'error',
      summary: `Rapporteur hit an unexpected error. It has been logged with reference ${requestId}; please try again, and quote the reference if it keeps happening.`,
      ephemeral: true,
    });
  }

  return { answer, failureReply };
}
