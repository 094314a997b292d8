// Finding cases: filters and sort from a query string, related cases. Pure functions over
// the entries of the `cases` collection, so they can be tested without Astro.
import { SIGUN_CODES, type SigunCode } from '../regions';
import { INDUSTRIES, type Industry } from '../industries';
import { LEVELS, type CaseData, type Level } from './schema';
import { kpiChange } from './kpi';

export interface CaseEntry {
  id: string;
  data: CaseData;
}

export const SORTS = {
  newest: '최근 게시순',
  year: '구축 연도순',
  improvement: '개선 폭 큰 순',
  title: '제목 가나다순',
} as const;
export type SortKey = keyof typeof SORTS;

export interface CaseFilters {
  sigun?: SigunCode;
  industry?: Industry;
  level?: Level;
  year?: number;
  sort: SortKey;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.includes(value as T) ? (value as T) : undefined;
}

/** Reads filters from `?sigun=&industry=&level=&year=&sort=`; unknown values are ignored. */
export function parseFilters(params: URLSearchParams): CaseFilters {
  const year = Number(params.get('year'));
  return {
    sigun: oneOf(SIGUN_CODES, params.get('sigun')),
    industry: oneOf(INDUSTRIES, params.get('industry')),
    level: oneOf(LEVELS, params.get('level')),
    year: Number.isInteger(year) && year > 2000 ? year : undefined,
    sort: oneOf(Object.keys(SORTS) as SortKey[], params.get('sort')) ?? 'newest',
  };
}

/** The best relative improvement among a case's KPIs (for sorting and cards). */
export function headlineImprovement(data: CaseData): { name: string; percent: number } | undefined {
  let best: { name: string; percent: number } | undefined;
  for (const kpi of data.kpis) {
    const percent = kpiChange(kpi).improvementPercent;
    if (percent !== null && (!best || percent > best.percent)) best = { name: kpi.name, percent };
  }
  return best;
}

export function filterCases<T extends CaseEntry>(cases: readonly T[], f: CaseFilters): T[] {
  const matching = cases.filter(
    ({ data }) =>
      (!f.sigun || data.sigun === f.sigun) &&
      (!f.industry || data.industry === f.industry) &&
      (!f.level || data.level === f.level) &&
      (!f.year || data.year === f.year),
  );
  const by: Record<SortKey, (a: T, b: T) => number> = {
    newest: (a, b) => b.data.publishedAt.getTime() - a.data.publishedAt.getTime(),
    year: (a, b) => b.data.year - a.data.year || a.data.title.localeCompare(b.data.title, 'ko'),
    improvement: (a, b) => (headlineImprovement(b.data)?.percent ?? 0) - (headlineImprovement(a.data)?.percent ?? 0),
    title: (a, b) => a.data.title.localeCompare(b.data.title, 'ko'),
  };
  return matching.sort(by[f.sort]);
}

/** Cases sharing the industry or the 시·군 of `current`, those sharing both first. */
export function relatedCases<T extends CaseEntry>(current: T, cases: readonly T[], limit = 4): T[] {
  const score = (c: T) =>
    (c.data.industry === current.data.industry ? 2 : 0) + (c.data.sigun === current.data.sigun ? 1 : 0);
  return cases
    .filter((c) => c.id !== current.id && score(c) > 0)
    .sort((a, b) => score(b) - score(a) || b.data.publishedAt.getTime() - a.data.publishedAt.getTime())
    .slice(0, limit);
}

/** The query string for a filter set, leaving out what is not set. */
export function filterQuery(f: Partial<CaseFilters>): string {
  const params = new URLSearchParams();
  for (const key of ['sigun', 'industry', 'level', 'year', 'sort'] as const) {
    const value = f[key];
    if (value !== undefined && !(key === 'sort' && value === 'newest')) params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}
