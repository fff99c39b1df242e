import { describe, expect, it } from 'vitest';
import { loadConfig, processMemoryNeedMb } from '../../src/config.js';
import type { RapporteurError } from '../../src/core/errors.js';
import { watchMemoryBudget } from '../../src/work/memory.js';
import { recordingLogger } from '../helpers/recording-logger.js';

describe('work limits in the configuration', () => {
  it('has defaults, and a computed process budget', () => {
    const c = loadConfig({});
    expect(c.work).toEqual({
      poolSize: 2,
      timeoutMs: 30_000,
      externalMb: 256,
      languageMb: 320,
      languageLibraries: 4,
      processMemoryMb: processMemoryNeedMb(2, 512, 256, 320),
      draftLimits: { maxBrackets: 200_000, maxDepth: 100, maxSections: 20_000, maxAlternatives: 100_000 },
    });
    // Per worker: heap 512 + 160 for resident libraries' texts, young generation 2 × 64, a job's
    // 256 outside the heap, 320 for resident libraries' arrays, 64 of code; plus 256 for the main thread.
    expect(c.work.processMemoryMb).toBe(3136);
    expect(processMemoryNeedMb(2, 512, 256)).toBe(2176);
    const d = loadConfig({ RAPPORTEUR_WORK_POOL_SIZE: '1', RAPPORTEUR_DRAFT_MAX_DEPTH: '12' });
    expect(d.work.poolSize).toBe(1);
    expect(d.work.draftLimits.maxDepth).toBe(12);
  });

  it('refuses bad values, each problem naming its variable', () => {
    let err: RapporteurError | undefined;
    try {
      loadConfig({
        RAPPORTEUR_WORK_POOL_SIZE: '0',
        RAPPORTEUR_WORK_TIMEOUT_MS: 'soon',
        RAPPORTEUR_WORK_EXTERNAL_MB: '1',
        RAPPORTEUR_DRAFT_MAX_BRACKETS: '-5',
        RAPPORTEUR_PROCESS_MEMORY_MB: '512',
      });
    } catch (e) {
      err = e as RapporteurError;
    }
    expect(err?.code).toBe('CONFIG_INVALID');
    const problems = (err?.details?.problems ?? []) as string[];
    for (const name of [
      'RAPPORTEUR_WORK_POOL_SIZE',
      'RAPPORTEUR_WORK_TIMEOUT_MS',
      'RAPPORTEUR_WORK_EXTERNAL_MB',
      'RAPPORTEUR_DRAFT_MAX_BRACKETS',
    ]) {
      expect(problems.some((p) => p.startsWith(`${name}:`))).toBe(true);
    }
    // A budget below what the pool may use is refused, saying what it needs.
    expect(() => loadConfig({ RAPPORTEUR_PROCESS_MEMORY_MB: '1000' })).toThrow(
      /RAPPORTEUR_PROCESS_MEMORY_MB: is 1000 MB, less than the 3136 MB/,
    );
    expect(loadConfig({ RAPPORTEUR_PROCESS_MEMORY_MB: '4096' }).work.processMemoryMb).toBe(4096);
  });
});

describe('process memory budget', () => {
  it('is reported at start, and a warning is logged once when resident memory goes over it', () => {
    const log = recordingLogger();
    let rss = 300 * 1048576;
    const config = loadConfig({ RAPPORTEUR_PROCESS_MEMORY_MB: '3200' });
    const watch = watchMemoryBudget(config, log, 'bot', () => rss);
    expect(log.lines[0]?.level).toBe('info');
    expect(log.lines[0]?.msg).toContain('memory budget: 3200 MB for this bot process');
    expect(log.lines[0]?.obj).toMatchObject({ processMemoryMb: 3200, workPoolSize: 2, workerHeapMb: 512 });
    rss = 3500 * 1048576;
    watch.check();
    watch.check();
    const warnings = log.lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toContain('3500 MB resident, budget 3200 MB');
    rss = 1000 * 1048576;
    watch.check();
    expect(log.lines.at(-1)?.msg).toBe('memory back under budget');
    watch.stop();
  });
});
