import { z } from 'zod';
import { GROUP_DESCRIPTIONS } from '../command-line.js';
import { type Reply, reply } from '../reply.js';
import { describeArgs, usageLine } from './args.js';
import { type Command, invocationOf } from './types.js';

/**
 * Help is generated from the registry itself, so it can never disagree with the commands.
 * The registry is passed in (not imported) to keep this file out of an import cycle.
 */
export function helpReply(commands: readonly Command[], query?: string): Reply {
  const q = query?.trim().toLowerCase().replace(/^\//, '');
  if (q) {
    const matches = commands.filter((c) => `${c.group} ${c.name}` === q || c.name === q || c.group === q);
    if (matches.length === 1) {
      const c = matches[0] as Command;
      const args = describeArgs(c.args);
      return reply(invocationOf(c), {
        summary: c.description,
        sections: [
          { heading: 'Usage', body: [{ code: usageLine(invocationOf(c), args) }] },
          ...(args.length
            ? [
                {
                  heading: 'Arguments',
                  items: args.map(
                    (a) =>
                      `${a.name}${a.required ? '' : ' (optional)'}: ${a.description}${a.choices ? ` [${a.choices.join(', ')}]` : ''}`,
                  ),
                },
              ]
            : []),
          { heading: 'Examples', items: c.examples.map((e) => [{ code: e }]) },
          { heading: 'Who may use it', body: PERMISSION_WORDS[c.permission] },
        ],
      });
    }
    if (matches.length > 1) return overview(matches, `Commands of /${q}`);
  }
  return overview(commands, 'Rapporteur: what is still bracketed, what changed, and when the meeting moved');
}

const PERMISSION_WORDS = {
  everyone: 'Everyone in the channel.',
  staff: "The chairs' staff of the process (and administrators).",
  admin: 'Administrators of this server or workspace.',
} as const;

/**
 * " (chairs' staff)" or " (administrators)" after a restricted command, unless its description
 * already says who may use it ("... (chairs' staff only)").
 */
function whoTag(c: Command): string {
  if (c.permission === 'everyone') return '';
  const who = c.permission === 'staff' ? "chairs' staff" : 'administrators';
  const said = c.permission === 'staff' ? /\bchairs' staff\b/i : /\badministrators?\b/i;
  return said.test(c.description) ? '' : ` (${who})`;
}

function overview(commands: readonly Command[], title: string): Reply {
  const groups = [...new Set(commands.map((c) => c.group))];
  return reply(title, {
    summary: 'Type `/rapporteur help <command>` for the arguments and examples of one command.',
    sections: groups.map((g) => ({
      heading: `/${g}: ${GROUP_DESCRIPTIONS[g]}`,
      items: commands.filter((c) => c.group === g).map((c) => `${c.name}: ${c.description}${whoTag(c)}`),
    })),
  });
}

/** The help command's shape; its handler is bound to the registry in index.ts. */
export const helpArgs = z.object({
  command: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .describe('A command, e.g. "brackets status"')
    .meta({ positional: 1 })
    .optional(),
});
