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
