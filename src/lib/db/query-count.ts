// Counts the SQL statements each request runs, for tests and `npm run bench:pages` only.
// Off unless PORTAL_QUERY_COUNT=1 when the database opens: then Drizzle gets a logger that
// adds one to the current request's counter (AsyncLocalStorage), and the middleware sends
// the total in an `X-Query-Count` header. When off, Drizzle gets no logger: no cost at all.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'drizzle-orm/logger';

const store = new AsyncLocalStorage<{ count: number }>();

export function queryCountingEnabled(): boolean {
  return process.env.PORTAL_QUERY_COUNT === '1';
}

/** The Drizzle logger to pass when counting is on, else undefined. */
export function queryCountLogger(): Logger | undefined {
  if (!queryCountingEnabled()) return undefined;
  return {
    logQuery() {
      const counter = store.getStore();
      if (counter) counter.count++;
    },
  };
}

/** Runs `work` with a fresh counter; `read()` gives the statements run so far inside it. */
export function countQueries<T>(work: (read: () => number) => T): T {
  const counter = { count: 0 };
  return store.run(counter, () => work(() => counter.count));
}
