// What the search page shows: the query state in the URL, filter options, and one result.
import { SIGUN } from '../regions';
import { buildExcerpt, visibleContent, type ExcerptPart } from './excerpt.ts';
import type { PagefindFilters, PagefindResultData } from './pagefind.ts';

export const FILTERS = [
  { key: 'sigun', label: '시·군' },
  { key: 'industry', label: '업종' },
  { key: 'level', label: '수준' },
  { key: 'year', label: '연도' },
] as const;
export type FilterKey = (typeof FILTERS)[number]['key'];

export interface SearchState {
  q: string;
  filters: Partial<Record<FilterKey, string>>;
}

export function parseSearchState(params: URLSearchParams): SearchState {
  const filters: SearchState['filters'] = {};
  for (const { key } of FILTERS) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return { q: (params.get('q') ?? '').trim(), filters };
}

const LEVEL_STAGE = ['기초', '중간', '고도화'];
const sigunOrder = (name: string) => {
  const i = SIGUN.findIndex((s) => s.name === name);
  return i === -1 ? SIGUN.length : i;
};

/** A filter's values in the order people expect: 시·군 in the official order, newest year first, levels by stage. */
export function filterOptions(filters: PagefindFilters, key: FilterKey): { value: string; count: number }[] {
  const entries = Object.entries(filters[key] ?? {}).map(([value, count]) => ({ value, count }));
  const compare: Record<FilterKey, (a: string, b: string) => number> = {
    sigun: (a, b) => sigunOrder(a) - sigunOrder(b),
    industry: (a, b) => a.localeCompare(b, 'ko'),
    level: (a, b) => {
      const stage = (v: string) => LEVEL_STAGE.findIndex((s) => v.startsWith(s));
      return stage(a) - stage(b) || a.localeCompare(b, 'ko');
    },
    year: (a, b) => Number(b) - Number(a),
  };
  return entries.sort((a, b) => compare[key](a.value, b.value));
}

export interface ResultView {
  url: string;
  title: string;
  /** The title with the matches marked. */
  titleParts: ExcerptPart[];
  kind: string;
  /** A label shown next to the title (e.g. 샘플), from the page's title badge. */
  badge?: string;
  facts: string[];
  excerpt: ExcerptPart[];
}

function kindOf(url: string): string {
  if (url.startsWith('/cases/')) return '우수사례';
  if (url.startsWith('/regions/')) return '지역';
  return '안내';
}

export function resultView(data: PagefindResultData, terms: string[]): ResultView {
  const title = data.meta.title?.trim() || data.url;
  let text = visibleContent(data.content);
  // The indexed text starts with the title (and its badge); the excerpt is about the rest.
  const badge = data.meta.badge?.trim() || undefined;
  if (text.startsWith(title)) {
    text = text.slice(title.length).replace(/^[\s.]+/, '');
    if (badge && text.startsWith(badge)) text = text.slice(badge.length).replace(/^[\s.]+/, '');
  }
  const facts = [data.meta.sigun, data.meta.industry, data.meta.level, data.meta.year && `${data.meta.year}년`].filter(
    (f): f is string => !!f,
  );
  return {
    url: data.url,
    title,
    titleParts: buildExcerpt(title, terms, title.length),
    kind: kindOf(data.url),
    badge,
    facts,
    excerpt: buildExcerpt(text, terms),
  };
}
