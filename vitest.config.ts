import { defineConfig } from 'vitest/config';

// Every test runs in a time zone far from UTC with a 45-minute offset, so that any code
// that leans on the machine's local time zone fails loudly instead of passing by luck.
process.env.TZ = 'Pacific/Chatham';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    env: { TZ: 'Pacific/Chatham' },
  },
});
