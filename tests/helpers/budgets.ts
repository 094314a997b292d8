// Time budgets for tests, from the work each test does rather than one timeout for all. A step's cost is about twice the slowest seen while the machine was fully
// loaded (the suite beside three other builds and test runs on the 2 cores — busier than CI,
// which keeps one core busy beside the suite). A test that does more steps gets more time; a
// test that hangs still fails within its budget.
const STEP_MS = {
  /** Loading a page in Chromium and running axe on it. */
  axe: 8_000,
  /** A navigation, form post or click that loads a page in Chromium. */
  page: 3_000,
  /** A query typed into the search page, until its results (and 결과 더 보기) have settled. */
  search: 4_000,
  /** A file uploaded and stored (a photo re-encoded into its sizes). */
  upload: 15_000,
  /** A plain HTTP request from the test to the server. */
  request: 500,
  /** Opening an embedded database from the migrated template (tests/helpers/pglite-template.ts). */
  database: 30_000,
  /** Starting a Node.js process of the project's (a script through tsx). */
  process: 45_000,
  /**
   * Waiting for work the server does in the background (mail delivered by its loop, a search
   * index regenerated): what the test's own poll allows for one such wait.
   */
  background: 30_000,
} as const;

/** Starting contexts, signing in through the form (argon2), and the test's own checks. */
const BASE_MS = 15_000;

export type Work = Partial<Record<keyof typeof STEP_MS, number>>;

export function budget(work: Work): number {
  let ms = BASE_MS;
  for (const [step, count] of Object.entries(work) as [keyof typeof STEP_MS, number][]) ms += STEP_MS[step] * count;
  return ms;
}

/** What an ordinary browser test does at most: the default timeout of the e2e project. */
export const ORDINARY_BROWSER_TEST: Work = { axe: 4, page: 15 };
