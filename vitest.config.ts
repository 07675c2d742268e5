import { defineConfig } from 'vitest/config';

/**
 * Tiers: `unit` is pure and needs nothing; `integration` (real broker, real services) and
 * `e2e` (the CLIs spawned as a user runs them) share one real Kafka broker that the global
 * setup starts on free ports.
 */
const real = {
  globalSetup: ['test/support/global-setup.ts'],
  testTimeout: 180_000,
  hookTimeout: 180_000,
  teardownTimeout: 60_000,
};

export default defineConfig({
  test: {
    // One file at a time across both tiers: the load tests measure rates, and 2 cores are shared.
    fileParallelism: false,
    projects: [
      // Pure files share one worker's module cache (no per-file import of the same modules): ~10 s less.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 60_000, isolate: false } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'], ...real } },
    ],
  },
});
