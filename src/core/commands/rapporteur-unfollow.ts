import { z } from 'zod';
import { unfollowProcess } from '../app/setup.js';
import { reply } from '../reply.js';
import { defineCommand } from './types.js';

export const rapporteurUnfollow = defineCommand({
  group: 'rapporteur',
  name: 'unfollow',
  description: 'Stop this channel following its negotiation (administrators)',
  args: z.object({}),
  examples: ['/rapporteur unfollow'],
  permission: 'admin',
  async handler(ctx) {
    const process = await unfollowProcess(ctx.deps, ctx.scope, ctx.actor);
    return reply(`This channel no longer follows ${process.name}`, {
      tone: 'success',
      summary: 'Its alerts, reminders and digest stop. The process and its history are kept.',
      sections: [],
    });
  },
});
