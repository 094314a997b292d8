import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    // Creating a PGlite database takes seconds here, and end-to-end tests start servers.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The end-to-end files start servers and Chromium; two at once fit these 2-core machines.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
