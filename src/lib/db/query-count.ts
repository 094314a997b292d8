// Counts the SQL statements each request runs, for tests and `npm run bench:pages` only.
// Off unless PORTAL_QUERY_COUNT=1 (or `log`) when the database opens: then Drizzle gets a logger that
// adds one to the current request's counter (AsyncLocalStorage), and the middleware sends
// the total in an `X-Query-Count` header. When off, Drizzle gets no logger: no cost at all.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'drizzle-orm/logger';

const store = new AsyncLocalStorage<{ count: number; label: string }>();

export function queryCountingEnabled(): boolean {
  return process.env.PORTAL_QUERY_COUNT === '1' || process.env.PORTAL_QUERY_COUNT === 'log';
}

/** The Drizzle logger to pass when counting is on, else undefined. */
export function queryCountLogger(): Logger | undefined {
  if (!queryCountingEnabled()) return undefined;
  // `log`: also print each statement (to find what a page runs).
  const print = process.env.PORTAL_QUERY_COUNT === 'log';
  return {
    logQuery(query) {
      const counter = store.getStore();
      if (!counter) return; // background work (mail, housekeeping), not a request's
      counter.count++;
      if (print) console.log(`[query ${counter.label}] ${query.replace(/\s+/g, ' ').slice(0, 400)}`);
    },
  };
}

/** Runs `work` with a fresh counter; `read()` gives the statements run so far inside it. */
export function countQueries<T>(label: string, work: (read: () => number) => T): T {
  const counter = { count: 0, label };
  return store.run(counter, () => work(() => counter.count));
}
