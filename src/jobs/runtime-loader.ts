import type { Config } from '../config.js';
import { RapporteurError } from '../core/errors.js';
import type { Logger, Notifier, Store } from '../core/ports/index.js';
import type { Platform } from '../core/store.js';
import type { IngestFn } from './types.js';

/**
 * What `rapporteur worker` needs from the composition root: the store, one Notifier per
 * configured platform and the ingest use case, built from the configuration. The composition
 * root (src/runtime.ts) provides `createRuntime` with this signature.
 */
export interface JobsRuntime {
  store: Store;
  notifiers: Partial<Record<Platform, Notifier>>;
  ingest: IngestFn;
  logger: Logger;
  close(): Promise<void>;
}

/** The composition root's factory. */
export type CreateRuntime = (config: Config, options: { role: 'worker' | 'cli' }) => Promise<JobsRuntime>;

/**
 * Loads `createRuntime` from src/runtime.ts. The module is resolved at run time (not by the
 * type checker), so the job layer builds before the composition root exists, and a build
 * without it says so clearly instead of failing on an import.
 */
export async function loadCreateRuntime(): Promise<CreateRuntime> {
  const specifier = '../runtime.js';
  let mod: { createRuntime?: unknown };
  try {
    mod = (await import(specifier)) as { createRuntime?: unknown };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes('runtime')) {
      throw new RapporteurError('INTERNAL', 'This build has no runtime composition (src/runtime.ts).', {
        hint: 'Update Rapporteur to a version that includes it, or run the worker inside `npm start`.',
      });
    }
    throw err;
  }
  if (typeof mod.createRuntime !== 'function') {
    throw new RapporteurError('INTERNAL', 'src/runtime.ts does not export createRuntime(config, options).', {
      hint: 'This is a bug in the build; please report it.',
    });
  }
  return mod.createRuntime as CreateRuntime;
}
