import type { Config } from '../config.js';
import type { Logger } from '../core/ports/index.js';

/** How often the process's resident memory is compared with its budget. */
const CHECK_MS = 15_000;

export interface MemoryWatch {
  /** Compares resident memory with the budget now (also runs on a timer). */
  check(): void;
  stop(): void;
}

/**
 * Reports the process's memory budget at start (the work pool's size and limits and what they
 * add up to) and logs a warning whenever resident memory goes over the budget (once per
 * crossing, again after it came back under). The budget is `RAPPORTEUR_PROCESS_MEMORY_MB`, by
 * default what the main thread and a full work pool may use.
 */
export function watchMemoryBudget(
  config: Pick<Config, 'work' | 'limits'>,
  logger: Logger,
  role: string,
  rss: () => number = () => process.memoryUsage.rss(),
): MemoryWatch {
  const budgetMb = config.work.processMemoryMb;
  logger.info(
    {
      role,
      processMemoryMb: budgetMb,
      workPoolSize: config.work.poolSize,
      workerHeapMb: config.limits.extractMemoryMb,
      jobExternalMb: config.work.externalMb,
      languageMb: config.work.languageMb,
      rssMb: Math.round(rss() / 1048576),
    },
    `memory budget: ${budgetMb} MB for this ${role} process (work pool of ${config.work.poolSize}, each worker ${config.limits.extractMemoryMb} MB heap + ${config.work.externalMb} MB outside the heap per job + ${config.work.languageMb} MB for resident libraries of agreed texts)`,
  );
  let over = false;
  const check = () => {
    const mb = Math.round(rss() / 1048576);
    if (mb > budgetMb && !over) {
      over = true;
      logger.warn(
        { role, rssMb: mb, processMemoryMb: budgetMb },
        `memory over budget: ${mb} MB resident, budget ${budgetMb} MB (RAPPORTEUR_PROCESS_MEMORY_MB)`,
      );
    } else if (mb <= budgetMb && over) {
      over = false;
      logger.info({ role, rssMb: mb, processMemoryMb: budgetMb }, 'memory back under budget');
    }
  };
  const timer = setInterval(check, CHECK_MS);
  timer.unref();
  check();
  return { check, stop: () => clearInterval(timer) };
}
