import { z } from 'zod';
import { listStaff, setStaff } from '../app/setup.js';
import { RapporteurError } from '../errors.js';
import { reply } from '../reply.js';
import { parsePrincipal } from './parse-helpers.js';
import { defineCommand } from './types.js';

export const rapporteurStaff = defineCommand({
  group: 'rapporteur',
  name: 'staff',
  description: 'Who may post official versions and announcements: list, add or remove (administrators)',
  args: z.object({
    action: z.enum(['list', 'add', 'remove']).describe('list, add or remove').meta({ positional: 1 }),
    who: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe('A role or person: @Chairs staff, @name, role:<id>')
      .meta({ positional: 2 })
      .optional(),
  }),
  examples: ['/rapporteur staff add @Chairs staff', '/rapporteur staff list'],
  permission: 'admin',
  async handler(ctx, args) {
    if (args.action === 'list') {
      const { process, grants } = await listStaff(ctx.deps, ctx.scope);
      return reply(`Chairs' staff of ${process.name}`, {
        ...(grants.length
          ? {}
          : {
              summary:
                'Nobody yet: only administrators may post. Add staff with `/rapporteur staff add @role`.',
            }),
        sections: grants.length
          ? [
              {
                items: grants.map(
                  (g) =>
                    `${g.principal.kind === 'platform-role' ? 'role' : 'person'} ${mention(ctx.scope.platform, g.principal)}${g.processId ? '' : ' (all processes)'}`,
                ),
              },
            ]
          : [],
      });
    }
    if (!args.who) {
      throw new RapporteurError('INVALID_ARGUMENT', `Say whom to ${args.action}.`, {
        hint: 'Example: /rapporteur staff add @Chairs staff',
      });
    }
    const principal = parsePrincipal(ctx.scope.platform, args.who);
    const { process, changed } = await setStaff(ctx.deps, ctx.scope, ctx.actor, {
      principal,
      grant: args.action === 'add',
    });
    const who = mention(ctx.scope.platform, principal);
    return reply(
      args.action === 'add'
        ? changed
          ? `${who} may now post official versions of ${process.name}`
          : `${who} could already post for ${process.name}`
        : changed
          ? `${who} may no longer post for ${process.name}`
          : `${who} was not staff of ${process.name}`,
      { tone: 'success', sections: [] },
    );
  },
});

function mention(platform: string, p: { kind: 'user' | 'platform-role'; id: string }): string {
  // Grants made by configuration (the mailing list's staff role) are not platform ids.
  if (platform === 'discord' && /^\d{5,25}$/.test(p.id))
    return p.kind === 'platform-role' ? `<@&${p.id}>` : `<@${p.id}>`;
  if (platform === 'slack' && /^[A-Z0-9]+$/.test(p.id))
    return p.kind === 'platform-role' ? `<!subteam^${p.id}>` : `<@${p.id}>`;
  return p.kind === 'platform-role' ? `role ${p.id}` : p.id;
}
