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
 * Runs the searches of a query's plans (see searchPlans in korean.ts) and merges the results:
 * each page once, best first. Every distinct term is searched once on its own and a plan's
 * pages are those found by all its terms, because Pagefind quietly drops a term it does not
 * know (`스마 밥레시피` would search `스마` alone). A page's score in a plan is the mean of its
 * terms' scores; Pagefind weighs titles (h1) highest, so pages with the words in their title
 * come first. Self-contained (no imports): the search benchmark runs its source in the page.
 */
export async function searchAll(
  pagefind: PagefindModule,
  plans: string[][],
  options: { filters?: Record<string, string> } = {},
): Promise<PagefindResult[]> {
  const terms = [...new Set(plans.flat())];
  const found = new Map<string, PagefindResult[]>();
  await Promise.all(terms.map(async (term) => found.set(term, (await pagefind.search(term, options)).results)));
  const best = new Map<string, { result: PagefindResult; score: number }>();
  for (const plan of plans) {
    const lists = plan.map((term) => found.get(term) ?? []).sort((a, b) => a.length - b.length);
    if (!lists.length || lists.some((list) => list.length === 0)) continue;
    const others = lists.slice(1).map((list) => new Map(list.map((r) => [r.id, r.score])));
    for (const result of lists[0]!) {
      if (!others.every((scores) => scores.has(result.id))) continue;
      const score = others.reduce((sum, scores) => sum + scores.get(result.id)!, result.score) / lists.length;
      const seen = best.get(result.id);
      if (!seen || score > seen.score) best.set(result.id, { result, score });
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score).map((b) => b.result);
}
