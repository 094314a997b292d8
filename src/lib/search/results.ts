// What the search page shows: the query state in the URL, filter options, and one result.
import { SIGUN } from '../regions';
import { buildExcerpt, visibleContent, type ExcerptPart } from './excerpt.ts';
import { isChoseongQuery, normalizeQuery } from './korean.ts';
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

export interface Suggestion {
  label: string;
  href: string;
}

const searchHref = (q: string) => `/search?q=${encodeURIComponent(q)}`;

/**
 * What an empty result offers: the query spelt with the other spacing (`품질관리` ↔ `품질 관리`;
 * the search already treats both alike, but a visitor expects to see it), each word alone, and
 * the related places: discussions, the checklist, the case list.
 */
export function emptySuggestions(q: string): Suggestion[] {
  const { terms } = normalizeQuery(q);
  const out: Suggestion[] = [];
  const hangul = terms.filter((t) => /^[\uAC00-\uD7A3]+$/.test(t));
  if (!isChoseongQuery(terms)) {
    if (hangul.length > 1) out.push({ label: `붙여 쓴 ‘${hangul.join('')}’`, href: searchHref(hangul.join('')) });
    else if (hangul.length === 1 && hangul[0]!.length >= 4) {
      const word = hangul[0]!;
      const cut = Math.ceil(word.length / 2);
      const spaced = `${word.slice(0, cut)} ${word.slice(cut)}`;
      out.push({ label: `띄어 쓴 ‘${spaced}’`, href: searchHref(spaced) });
    }
    if (terms.length > 1) for (const t of terms) out.push({ label: `‘${t}’만`, href: searchHref(t) });
  }
  out.push(
    { label: '토론 글에서 찾기', href: `${searchHref(q)}#discussion-results-title` },
    { label: '도입 전 체크리스트', href: '/checklists' },
    { label: '우수사례 목록', href: '/cases' },
  );
  return out;
}
