// The part of Pagefind's browser API (/pagefind/pagefind.js, written by the index build) the
// search page uses. Loaded at run time, so it is typed here rather than imported.
export interface PagefindResultData {
  url: string;
  /** All indexed text of the page, the index-only extra tokens included (see excerpt.ts). */
  content: string;
  meta: Record<string, string | undefined>;
  filters: Record<string, string[]>;
}

export interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<PagefindResultData>;
}

export interface PagefindSearch {
  results: PagefindResult[];
  unfilteredResultCount: number;
}

export type PagefindFilters = Record<string, Record<string, number>>;

export interface PagefindModule {
  init(): Promise<void>;
  filters(): Promise<PagefindFilters>;
  search(term: string | null, options?: { filters?: Record<string, string>; sort?: Record<string, 'asc' | 'desc'> }): Promise<PagefindSearch>;
  preload(term: string): Promise<void>;
}

export const PAGEFIND_URL = '/pagefind/pagefind.js';

export async function loadPagefind(url = PAGEFIND_URL): Promise<PagefindModule> {
  const module = (await import(/* @vite-ignore */ url)) as PagefindModule;
  await module.init();
  return module;
}

/**
 * Runs every search of a query's plans (see searchPlans in korean.ts) and merges the results:
 * each page once, with its best score, best first. Pagefind weighs titles (h1) highest, so
 * pages with the words in their title come first.
 */
export async function searchAll(
  pagefind: PagefindModule,
  plans: string[][],
  options: { filters?: Record<string, string> } = {},
): Promise<PagefindResult[]> {
  const found = await Promise.all(plans.map((plan) => pagefind.search(plan.join(' '), options)));
  const best = new Map<string, PagefindResult>();
  for (const search of found) {
    for (const result of search.results) {
      const seen = best.get(result.id);
      if (!seen || result.score > seen.score) best.set(result.id, result);
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}
