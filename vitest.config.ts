import { defineConfig } from 'vitest/config';

// Integration and end-to-end tests share one real Kafka broker (started by the global setup on
// free ports) and measure timing, so files run one at a time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
