import { bracketsAge } from './brackets-age.js';
import { bracketsClean } from './brackets-clean.js';
import { bracketsDiff } from './brackets-diff.js';
import { bracketsHolders } from './brackets-holders.js';
import { bracketsQualifiers } from './brackets-qualifiers.js';
import { bracketsStatus } from './brackets-status.js';
import { draftPost } from './draft-post.js';
import { draftVersions } from './draft-versions.js';
import { draftWithdraw } from './draft-withdraw.js';
import { languageAdd } from './language-add.js';
import { languageCheck } from './language-check.js';
import { languageList } from './language-list.js';
import { languagePromote } from './language-promote.js';
import { languageRemove } from './language-remove.js';
import { languageSection } from './language-section.js';
import { meetingsAll } from './meetings-all.js';
import { meetingsAnnounce } from './meetings-announce.js';
import { meetingsFeed } from './meetings-feed.js';
import { meetingsShow } from './meetings-show.js';
import { meetingsSources } from './meetings-sources.js';
import { meetingsUpcoming } from './meetings-upcoming.js';
import { rapporteurFollow } from './rapporteur-follow.js';
import { helpArgs, helpReply } from './rapporteur-help.js';
import { rapporteurReminders } from './rapporteur-reminders.js';
import { rapporteurSettings } from './rapporteur-settings.js';
import { rapporteurStaff } from './rapporteur-staff.js';
import { rapporteurSubscribe, rapporteurUnsubscribe } from './rapporteur-subscribe.js';
import { rapporteurTimezone } from './rapporteur-timezone.js';
import { rapporteurUnfollow } from './rapporteur-unfollow.js';
import { rapporteurWeb } from './rapporteur-web.js';
import { type Command, defineCommand } from './types.js';
import { watchAdd } from './watch-add.js';
import { watchList } from './watch-list.js';
import { watchRemove } from './watch-remove.js';

/**
 * The registry: every command once. Adapters generate slash commands, text parsing and
 * help from it; nothing else lists commands.
 */
const BASE: Command[] = [
  bracketsStatus,
  bracketsDiff,
  bracketsClean,
  bracketsQualifiers,
  bracketsHolders,
  bracketsAge,
  draftPost,
  draftVersions,
  draftWithdraw,
  languageCheck,
  languageSection,
  languageList,
  languageAdd,
  languagePromote,
  languageRemove,
  meetingsUpcoming,
  meetingsAll,
  meetingsShow,
  meetingsSources,
  meetingsAnnounce,
  meetingsFeed,
  watchAdd,
  watchList,
  watchRemove,
  rapporteurFollow,
  rapporteurUnfollow,
  rapporteurSubscribe,
  rapporteurUnsubscribe,
  rapporteurStaff,
  rapporteurTimezone,
  rapporteurReminders,
  rapporteurSettings,
  rapporteurWeb,
] as unknown as Command[];

const rapporteurHelp = defineCommand({
  group: 'rapporteur',
  name: 'help',
  description: 'What Rapporteur can do, or the arguments and examples of one command',
  args: helpArgs,
  examples: ['/rapporteur help', '/rapporteur help brackets status'],
  permission: 'everyone',
  async handler(_ctx, args) {
    return { ...helpReply(COMMANDS, args.command), ephemeral: true };
  },
});

export const COMMANDS: readonly Command[] = [...BASE, rapporteurHelp as unknown as Command];

/** Finds a command by group and subcommand name. */
export function findCommand(group: string, name: string): Command | undefined {
  return COMMANDS.find((c) => c.group === group && c.name === name);
}

export { type CommandGroup, canonicalCommandLine } from '../command-line.js';
export { errorReply, runCommand, runTextCommand } from './run.js';
export type { Command, CommandContext, Permission } from './types.js';
