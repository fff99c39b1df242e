/**
 * A fake Discord on 127.0.0.1 (REST v10, gateway, CDN) for end-to-end tests with the real
 * discord.js Client and @discordjs/rest. See server.ts for the model and gateway.ts for the
 * gateway protocol.
 */
export type { Fault, FaultTarget, InjectedFault } from './faults.js';
export { GATEWAY_CLOSE } from './gateway.js';
export type { FakeChannelSpec, FakeGuildSpec, FakeMemberSpec, FakeRoleSpec, FakeUserSpec } from './model.js';
export { EVERYONE_PERMISSIONS, PERMISSIONS } from './model.js';
export { multipartBoundary, parseMultipart } from './multipart.js';
export {
  type AttachmentBehaviour,
  type AutocompleteInvocation,
  type CommandInvocation,
  type FakeAttachment,
  FakeDiscord,
  type FakeDiscordOptions,
  type FakeInteraction,
  type OptionValue,
  type RecordedRequest,
  startFakeDiscord,
  type UploadSpec,
} from './server.js';
export { snowflake } from './snowflake.js';
