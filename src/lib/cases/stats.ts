// Medians of KPI improvements, grouped any way a page needs (by level, industry, 시·군).
import type { CaseData } from './schema';
import { kpiChange } from './kpi';

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface KpiMedian {
  kpi: string;
  median: number;
  /** How many cases reported this KPI. */
  count: number;
}

/** Median improvement (%) per KPI name over the given cases, most reported KPIs first. */
export function kpiMedians(cases: readonly Pick<CaseData, 'kpis'>[]): KpiMedian[] {
  const byName = new Map<string, number[]>();
  for (const c of cases) {
    for (const kpi of c.kpis) {
      const { improvementPercent } = kpiChange(kpi);
      if (improvementPercent === null) continue;
      byName.set(kpi.name, [...(byName.get(kpi.name) ?? []), improvementPercent]);
    }
  }
  return [...byName]
    .map(([kpi, values]) => ({ kpi, median: median(values)!, count: values.length }))
    .sort((a, b) => b.count - a.count || a.kpi.localeCompare(b.kpi, 'ko'));
}

/** kpiMedians for each group, in the order of `groups` (groups without cases are left out). */
export function kpiMediansBy<G extends string>(
  cases: readonly CaseData[],
  groupOf: (c: CaseData) => G,
  groups: readonly G[],
): { group: G; cases: number; medians: KpiMedian[] }[] {
  return groups
    .map((group) => {
      const members = cases.filter((c) => groupOf(c) === group);
      return { group, cases: members.length, medians: kpiMedians(members) };
    })
    .filter((g) => g.cases > 0);
}
