import type { App } from '@slack/bolt';
import type { Clock, Logger } from '../../../core/ports/index.js';
import type { SlackWebClient } from '../client.js';
import type { SlackDirectory } from '../directory.js';
import type { SlackNotifier } from '../notifier.js';
import type { SlackRequestContext, SlackTransportConfig, SlackTransportHandlers } from '../types.js';
import type { Responder } from './responder.js';

/** What every listener is given: the app's tools, built once in createSlackTransport. */
export interface ListenerContext {
  app: App;
  config: SlackTransportConfig;
  client: SlackWebClient;
  directory: SlackDirectory;
  notifier: SlackNotifier;
  handlers: SlackTransportHandlers;
  responder: Responder;
  logger: Logger;
  clock: Clock;
  defaultZone: string;
  /** Origin of the Web API, trusted with the token for downloads. */
  apiOrigin: string;
  /** The platform facts of a request; the person is looked up (cached) for zone and role. */
  contextOf(facts: RequestFacts): Promise<SlackRequestContext>;
}

/** Where a request comes from, as the payload says. */
export interface RequestFacts {
  teamId: string | undefined;
  enterpriseId: string | undefined;
  isEnterpriseInstall: boolean | undefined;
  channelId: string;
  channelName: string | undefined;
  userId: string;
}
