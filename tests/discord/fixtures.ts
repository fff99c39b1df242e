import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { FakeDiscord, FakeGuildSpec, FakeUserSpec } from '../helpers/fake-discord/index.js';

/**
 * The world of the Discord transport tests: a civil-society caucus server following the
 * WSIS+10 review, and slash-command definitions shaped like the ones the registry will
 * generate (issue 7). The command handlers themselves live in the tests: the registry does
 * not exist yet, and these tests are about the transport.
 */

export const USERS: FakeUserSpec[] = [
  { username: 'amina', globalName: 'Amina (caucus)' },
  { username: 'jonas', globalName: 'Jonas (chair’s office)' },
];

export const CAUCUS: FakeGuildSpec = {
  name: 'WSIS+10 civil society caucus',
  channels: [{ name: 'general' }, { name: 'alerts' }, { name: 'secretariat-only', access: 'no-send' }],
  roles: [{ name: 'Chairs staff' }],
};

/** Adds the caucus members to the guild (users get ids only when the fake starts). */
export function seatMembers(fake: FakeDiscord): void {
  const guild = fake.guild(CAUCUS.name);
  const staff = fake.role(CAUCUS.name, 'Chairs staff');
  const joinedAt = '2013-10-07T07:00:00.000Z';
  guild.members.push({ userId: fake.user('amina').id, roles: [], nick: null, joinedAt });
  guild.members.push({ userId: fake.user('jonas').id, roles: [staff.id], nick: null, joinedAt });
}

/** Slash commands as the deploy step would register them. */
export const COMMANDS = [
  {
    name: 'brackets',
    description: 'What is still in [square brackets], and what changed',
    options: [
      {
        type: 1,
        name: 'status',
        description: 'Open brackets in the latest version of a draft',
        options: [
          {
            type: 3,
            name: 'document',
            description: 'The draft, e.g. Vision',
            required: true,
            autocomplete: true,
          },
          { type: 3, name: 'section', description: 'Only this section, e.g. C5' },
        ],
      },
      {
        type: 1,
        name: 'diff',
        description: 'What changed between two versions',
        options: [
          { type: 3, name: 'document', description: 'The draft', required: true, autocomplete: true },
        ],
      },
    ],
  },
  {
    name: 'draft',
    description: 'Versions of the drafts',
    options: [
      {
        type: 1,
        name: 'post',
        description: 'Post a new version (chairs’ staff only)',
        options: [
          { type: 11, name: 'file', description: 'The new version: DOCX, PDF or text', required: true },
          { type: 3, name: 'document', description: 'Which draft', required: true },
        ],
      },
    ],
  },
];

/** A logged-in discord.js Client talking to the fake, with commands deployed. */
export async function startClient(fake: FakeDiscord): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(fake.token);
  await ready;
  await client.rest.put(`/applications/${fake.applicationId}/commands`, { body: COMMANDS });
  return client;
}

/** One text of the Vision draft's still-bracketed paragraphs, numbered. */
export function bracketedParagraph(i: number): string {
  return `Paragraph ${i}: [Alt 1: in their respective roles and responsibilities] [US: delete] as appropriate`;
}
