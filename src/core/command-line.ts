/**
 * The words of the command layer that every adapter and the mail reader share, below the
 * commands themselves: the groups people type and the one form a typed line is run in.
 */

export type CommandGroup = 'brackets' | 'draft' | 'language' | 'meetings' | 'watch' | 'rapporteur';

/** What each group is about, for help and for platforms that describe top-level commands. */
export const GROUP_DESCRIPTIONS: Record<CommandGroup, string> = {
  brackets: 'What is still bracketed, what changed, and who holds what',
  draft: 'Post and list versions of negotiated drafts',
  language: 'Previously agreed language: where wording comes from, and roll-backs',
  meetings: 'Meetings, their sources, conflicts and local times',
  watch: 'Web pages and calendar feeds Rapporteur checks for changes',
  rapporteur: 'Set up this channel, your time zone and reminders; help',
};

/**
 * A typed command line in the one form every adapter runs, group first: a leading slash is
 * dropped, and "help X" and "<group> help X" mean `rapporteur help <group> X` (so
 * `/brackets help diff` is the help of /brackets diff). `group` is the part a platform has
 * already split off (a Slack slash command); it goes in front of the text. The rest of the
 * line is kept as typed.
 */
export function canonicalCommandLine(text: string, group?: string): string {
  const stripped = group ? `${group.replace(/^\//, '')} ${text.trim()}`.trim() : text.trim();
  const line = stripped.replace(/^\//, '');
  const match = /^(\S+)(?:\s+(\S+))?/.exec(line);
  if (!match) return line;
  const head = (match[1] ?? '').toLowerCase();
  if (head === 'help') return `rapporteur help${line.slice(head.length)}`;
  if (head !== 'rapporteur' && head in GROUP_DESCRIPTIONS && match[2]?.toLowerCase() === 'help') {
    return `rapporteur help ${head}${line.slice(match[0].length)}`;
  }
  return line;
}
