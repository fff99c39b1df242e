import type { APIMessage } from 'discord.js';
import {
  type CommandInvocation,
  type FakeDiscord,
  type FakeGuildSpec,
  type FakeInteraction,
  type FakeUserSpec,
  PERMISSIONS,
} from '../helpers/fake-discord/index.js';

/**
 * The world of the bot tests: a civil-society caucus server that follows the WSIS+10
 * Vision. Ngozi coordinates the caucus (Manage Server), Jonas works in the chair's office
 * (the "Chairs staff" role), Amina follows the negotiation remotely (no role).
 */

export const IDS = {
  guild: '1100000000000000001',
  visionChannel: '1110000000000000001',
  general: '1110000000000000002',
  coordinatorsRole: '1300000000000000001',
  staffRole: '1300000000000000002',
  ngozi: '1200000000000000001',
  amina: '1200000000000000002',
  jonas: '1200000000000000003',
} as const;

export const BOT_USERS: FakeUserSpec[] = [
  { id: IDS.ngozi, username: 'ngozi', globalName: 'Ngozi (caucus coordinator)' },
  { id: IDS.amina, username: 'amina', globalName: 'Amina (remote, Suva)' },
  { id: IDS.jonas, username: 'jonas', globalName: 'Jonas (chair’s office)' },
];

export const CAUCUS_SERVER: FakeGuildSpec = {
  id: IDS.guild,
  name: 'WSIS+10 civil society caucus',
  channels: [
    { id: IDS.visionChannel, name: 'vision-draft' },
    { id: IDS.general, name: 'general' },
  ],
  roles: [
    { id: IDS.coordinatorsRole, name: 'Coordinators', permissions: String(PERMISSIONS.manageGuild) },
    { id: IDS.staffRole, name: 'Chairs staff' },
  ],
  members: [
    { userId: IDS.ngozi, roles: [IDS.coordinatorsRole] },
    { userId: IDS.amina },
    { userId: IDS.jonas, roles: [IDS.staffRole] },
  ],
};

export { type LogLine, recordingLogger } from '../helpers/recording-logger.js';

/** Runs a slash command in the caucus server as one of its members. */
export function runAs(
  fake: FakeDiscord,
  userId: string,
  command: string,
  options: CommandInvocation['options'] = {},
  channelId: string = IDS.visionChannel,
): Promise<FakeInteraction> {
  return fake.runCommand({ guildId: IDS.guild, channelId, userId, command, options });
}

/**
 * The message the person finally sees: the direct reply, the deferral once edited, or the
 * private follow-up that replaces a public deferral.
 */
export async function finalAnswer(
  fake: FakeDiscord,
  interaction: FakeInteraction,
  timeoutMs = 30_000,
): Promise<APIMessage> {
  const first = await interaction.response(timeoutMs);
  if ((first.body as { type?: number }).type === 4) return interaction.original() as APIMessage;
  await fake.waitUntil(
    () => interaction.followUps().length > 0 || (interaction.original()?.embeds.length ?? 0) > 0,
    timeoutMs,
    `the answer to interaction ${interaction.id}`,
  );
  return interaction.followUps()[0] ?? (interaction.original() as APIMessage);
}

/** Whether a message is visible only to the person who asked. */
export const isEphemeral = (message: APIMessage) => ((message.flags ?? 0) & 64) === 64;

/** The text of a message's embeds, for assertions that do not care where a line sits. */
export function embedText(message: APIMessage): string {
  return message.embeds
    .flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      e.footer?.text ?? '',
    ])
    .join('\n');
}
