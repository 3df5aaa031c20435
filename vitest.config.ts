import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Integration tests each start their own hub child process and gateway on
    // ephemeral loopback ports; two cores run two files at once at most.
    maxWorkers: 2,
  },
});
