import type { WebConfig } from '../config.js';
import { RapporteurError } from '../core/errors.js';
import { startWebServer, type WebServer, type WebServerOptions } from './server.js';

export { createWebApp, startWebServer, type WebServer, type WebServerOptions } from './server.js';

/** What the web pages take from the runtime: its web settings, use cases and logger. */
export interface WebHost {
  config: { web?: WebConfig | undefined };
  deps: WebServerOptions['deps'];
  logger: WebServerOptions['logger'];
}

/**
 * Starts the web pages for a runtime (the bot process when RAPPORTEUR_WEB_PORT is set, or
 * `rapporteur web`). The runtime's `deps.web` signs and checks the links.
 */
export async function startRuntimeWeb(
  runtime: WebHost,
  overrides: { port?: number; host?: string } = {},
): Promise<WebServer> {
  const web: WebConfig | undefined = runtime.config.web;
  if (!web || !runtime.deps.web) {
    throw new RapporteurError(
      'CONFIG_INVALID',
      'The web pages need RAPPORTEUR_WEB_SECRET (or RAPPORTEUR_WEB_SECRET_FILE).',
      {
        hint: 'Set RAPPORTEUR_WEB_SECRET to a random secret of at least 32 characters (openssl rand -hex 32), and RAPPORTEUR_PUBLIC_URL to the address people open.',
      },
    );
  }
  const port = overrides.port ?? web.port ?? 8080;
  const host = overrides.host ?? web.host;
  try {
    return await startWebServer({
      deps: runtime.deps,
      logger: runtime.logger,
      ratePerMinute: web.ratePerMinute,
      trustProxy: web.trustProxy,
      port,
      host,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new RapporteurError(
      'UNAVAILABLE',
      `The web pages cannot listen on ${host}:${port}${code ? ` (${code})` : ''}.`,
      { hint: 'Choose another RAPPORTEUR_WEB_PORT, or stop what already listens there.', cause: err },
    );
  }
}
