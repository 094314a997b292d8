// Before/after KPI arithmetic that respects each KPI's direction: a drop in 불량률 or
// 리드타임 is an improvement, a rise in 생산성 is.
import type { Kpi } from './schema';

export interface KpiChange {
  /** Relative improvement in percent (positive = better), or null when `before` is 0. */
  improvementPercent: number | null;
  /** after − before, in the KPI's own unit. */
  difference: number;
  improved: boolean;
  worsened: boolean;
}

export function kpiChange(kpi: Kpi): KpiChange {
  const difference = kpi.after - kpi.before;
  const better = kpi.direction === 'higher' ? difference : -difference;
  return {
    improvementPercent: kpi.before === 0 ? null : (better / Math.abs(kpi.before)) * 100,
    difference,
    improved: better > 0,
    worsened: better < 0,
  };
}

const numberFormat = new Intl.NumberFormat('ko-KR', { maximumFractionDigits: 1 });

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** "42% 개선", "12% 악화", "변화 없음" */
export function describeImprovement(percent: number | null): string {
  if (percent === null) return '비교 불가';
  if (Math.abs(percent) < 0.05) return '변화 없음';
  return `${formatNumber(Math.abs(percent))}% ${percent > 0 ? '개선' : '악화'}`;
}

/** "2.4% → 1.1%" and, for percentage units, the change in percentage points. */
export function describeChange(kpi: Kpi): string {
  const base = `${formatNumber(kpi.before)} → ${formatNumber(kpi.after)} ${kpi.unit}`;
  if (kpi.unit === '%') {
    const points = kpi.after - kpi.before;
    return `${base} (${points >= 0 ? '+' : '−'}${formatNumber(Math.abs(points))}%p)`;
  }
  return base;
}
