import { defineConfig } from 'vitest/config';

/**
 * The Node tests in four projects, run one group after another (`sequence.groupOrder`), so a
 * process-heavy file never shares a 2-core machine with another test file:
 *
 * - `unit`: the pure rules, fully parallel;
 * - `integration`: the lighter files with a real hub and gateway, at most two at a time;
 * - `heavy`: files that start many processes or hammer the hub, one at a time, with generous
 *   limits, since a loaded machine slows them down most;
 * - `e2e`: the consoles in Chromium against the real server, one file at a time.
 *
 * The Lit component tests keep `vitest.components.config.ts` (browser mode).
 */
const HEAVY = [
  // 9 station processes behind fault proxies, 600 actions.
  'test/integration/flaky-links.test.ts',
  // Every one of 13 units against every other, on every endpoint.
  'test/integration/authorization-matrix.test.ts',
  // 200 cases while the hub process is killed and started again.
  'test/integration/hub-outage.test.ts',
  // Forced garbage collections, 8 MiB bodies, a second gateway; its timing checks need a quiet machine.
  'test/integration/bad-input.test.ts',
  // Kills the hub process and waits for its supervisor to start it again.
  'test/integration/hub-supervisor.test.ts',
  // Bursts of 100 concurrent sign-ins and 30,000 made-up usernames; timing medians need a quiet machine.
  'test/integration/login-under-load.test.ts',
  // 400 concurrent long-polls on one token, and the hub reads one change costs.
  'test/integration/longpoll-limits.test.ts',
  // 20,000 heartbeats under made-up device ids, and the city overview after them.
  'test/integration/heartbeat-devices.test.ts',
  // Two station processes, a backup, the hub dropped and restored, a second gateway.
  'test/integration/restore-drill.test.ts',
  // 50 signed-in stations polling and long-polling the shared collections, a second gateway.
  'test/integration/fan-out-from-memory.test.ts',
  // 51 stations pushing at once, and the hub killed as a group is sent; which pushes share a
  // 5 ms group depends on a quiet machine (beside three other files it once grouped only one).
  'test/integration/group-commit.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: HEAVY,
          // Each file starts its own hub child process and gateway on ephemeral loopback ports.
          maxWorkers: 2,
          testTimeout: 240_000,
          hookTimeout: 240_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'heavy',
          include: HEAVY,
          fileParallelism: false,
          testTimeout: 900_000,
          hookTimeout: 600_000,
          sequence: { groupOrder: 2 },
        },
      },
      {
        // Tests that need a real Apache CouchDB: its configuration files, a 3-node cluster losing a
        // node, two gateways, the move from the embedded hub. `npm run test:couchdb` starts
        // CouchDB and runs them; without COUCHDB_TEST_URL each file skips.
        test: {
          name: 'couchdb',
          include: ['test/couchdb/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 900_000,
          hookTimeout: 600_000,
          sequence: { groupOrder: 4 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
