import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Every test runs in a time zone far from UTC with a 45-minute offset, so that any code
// that leans on the machine's local time zone fails loudly instead of passing by luck.
process.env.TZ = 'Pacific/Chatham';

// Files that measure their own process (CPU used after a bomb is stopped, resident or
// external memory at a peak) run each in a fresh process: in a shared one, garbage and
// timers left by the files before them land in their measurement.
const MEASURES_ITS_PROCESS = [
  'tests/jobs/fetcher-bombs.test.ts',
  'tests/slack/body-limit.test.ts',
  'tests/hostile/pdf-inflation.test.ts',
];

export default defineConfig({
  test: {
    // In 'shared', a worker keeps the modules it has loaded from one file to the next instead
    // of importing (and transforming) the application again for each of the 160 files; the
    // tests share no module state (no mocks, no stubbed globals or environment), each file
    // opens its own stores, queues and servers under unique names.
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['tests/**/*.test.ts'],
          exclude: MEASURES_ITS_PROCESS,
          isolate: false,
        },
      },
      { extends: true, test: { name: 'measured', include: MEASURES_ITS_PROCESS, isolate: true } },
    ],
    environment: 'node',
    // Child processes, not threads: tests spawn CLIs, sandbox workers and Dovecot, and
    // better-sqlite3 is a native module.
    pool: 'forks',
    // Vitest's default in `run` mode is one worker fewer than the cores: ONE worker on a
    // 2-core machine, so every file waited for the one before it, its Redis round trips,
    // child processes and IMAP server included. Two workers at least keep both cores busy
    // while a file waits.
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 20_000,
    hookTimeout: 30_000,
    env: { TZ: 'Pacific/Chatham' },
  },
});
