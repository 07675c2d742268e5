import { defineConfig } from 'vitest/config';

/**
 * Tiers: `unit` is pure and needs nothing; `integration` (real broker, real services) and
 * `e2e` (the CLIs spawned as a user runs them) share one real Kafka broker that the global
 * setup starts on free ports (once, for both integration projects).
 */
const real = {
  globalSetup: ['test/support/global-setup.ts'],
  testTimeout: 180_000,
  hookTimeout: 180_000,
  teardownTimeout: 60_000,
};

/**
 * Integration files that measure no rate and assert no timing (error paths, files on disk, a few
 * records on the broker, group and lag reads): two at a time, before the rest. Anything that
 * measures goes elsewhere.
 */
const light = [
  'test/e2e/broker-cli.test.ts',
  'test/e2e/environment-exit.test.ts',
  'test/e2e/golden-csv.test.ts',
  // The lab's ports (8081-8083), topic and group: readme.test's docs/lab.md block takes them too, in the next group.
  'test/e2e/lab.test.ts',
  'test/e2e/plan-cli.test.ts',
  'test/e2e/report.test.ts',
  'test/integration/broker.test.ts',
  'test/integration/group-config.test.ts',
  'test/integration/order-platformatic.test.ts',
  'test/integration/postgres-seed.test.ts',
  'test/integration/probes.test.ts',
  'test/integration/services-poison.test.ts',
  'test/integration/services-postgres.test.ts',
];

/** Run last, alone: bench-failover needs the 2 cores to itself for Kafka's failover timing (its file says why). */
const solo = ['test/e2e/bench-failover.test.ts'];

export default defineConfig({
  test: {
    // Groups run one after the other: unit (one worker), integration-light and integration (two
    // files at a time: most of their time is spent waiting on Kafka, sessions and schedules, not
    // on the 2 cores), then the solo file alone.
    fileParallelism: false,
    projects: [
      // Pure files share one worker's module cache (no per-file import of the same modules): ~10 s less.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 60_000, isolate: false } },
      { extends: true, test: { name: 'integration-light', include: light, ...real, fileParallelism: true, maxWorkers: 2, sequence: { groupOrder: 1 } } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          exclude: [...light, ...solo],
          ...real,
          fileParallelism: true,
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
      { extends: true, test: { name: 'integration-solo', include: solo, ...real } },
    ],
  },
});
