import { Worker } from 'node:worker_threads';

/**
 * Starts the `worker.js` that sits beside the module at `moduleUrl` (its `worker.ts` through
 * tsx when running from sources), with its heap capped at `memoryMb`. Shared by the
 * extraction sandbox and the work pool, whose workers differ only in where they are.
 */
export function startWorkerBeside(moduleUrl: string, memoryMb: number): Worker {
  const resourceLimits = {
    maxOldGenerationSizeMb: memoryMb,
    maxYoungGenerationSizeMb: Math.max(8, Math.min(64, Math.floor(memoryMb / 8))),
    stackSizeMb: 4,
  };
  if (/\.[cm]?ts$/.test(moduleUrl)) {
    // tsx is a development dependency: only needed when running from sources.
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./worker.ts', moduleUrl).href;
    const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(code, { eval: true, resourceLimits });
  }
  return new Worker(new URL('./worker.js', moduleUrl), { resourceLimits });
}
