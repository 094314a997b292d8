import { defineConfig } from 'vitest/config';
import { budget, ORDINARY_BROWSER_TEST } from './tests/helpers/budgets';

// Two projects, run one after the other (sequence.groupOrder):
// - unit: logic and database tests, two files at a time (one per core).
// - e2e: files that start the built server and Chromium, one file at a time. Two browser
//   files at once on a 2-core machine starve each other (and the server each one drives),
//   which made tests time out whenever the machine had other work.
// Timeouts are budgets: a default per kind of test, and tests that do more work (many pages
// through axe, many searches) set their own from tests/helpers/budgets.ts.
export default defineConfig({
  test: {
    environment: 'node',
    globalSetup: ['tests/setup/global.ts'],
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/*.test.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
          // A database test runs a few dozen queries; a few run hundreds (50 concurrent replies).
          testTimeout: 60_000,
          // Opening a database from the template, or creating one on the PostgreSQL server.
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
          testTimeout: budget(ORDINARY_BROWSER_TEST),
          // Starting the built server (and Chromium beside it).
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
