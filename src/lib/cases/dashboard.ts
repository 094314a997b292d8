// The staff dashboard of case studies (/staff/cases): cases by state and 시·군, reviews waiting
// (oldest first) and the 시·군 with no case published this year. Two queries whatever the
// number of cases; `within` limits everything to a 시·군 담당자's own 시·군.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { cases, users, type CaseState } from '../db/schema';
import { CASE_STATES } from '../auth/permissions';
import { SIGUN, type Sigun } from '../regions';
import { formatIsoDate } from '../dates';

export interface SigunCaseCounts {
  sigun: Sigun;
  byState: Record<CaseState, number>;
  /** Published but not visible yet (publish_at ahead). */
  scheduled: number;
  total: number;
  /** Visible cases published this Seoul year (sample cases not counted). */
  publishedThisYear: number;
}

export interface WaitingReview {
  id: number;
  title: string;
  sigun: Sigun | undefined;
  authorName: string | null;
  sample: boolean;
  /** When it was submitted (its last change of state). */
  since: Date;
  /** Whole hours it has waited at `now`. */
  waitedHours: number;
}

export interface CaseDashboard {
  /** The Seoul year "this year" means. */
  year: number;
  rows: SigunCaseCounts[];
  totals: Omit<SigunCaseCounts, 'sigun'>;
  waiting: WaitingReview[];
  /** 시·군 (of those shown) without a visible, non-sample case published this year. */
  withoutPublished: Sigun[];
  /** How many of the counted cases are samples (they count in the table, not in the year's coverage). */
  samples: number;
}

/** 1 January, 00:00 Seoul time, of `year` (Seoul keeps UTC+9). */
const seoulYearStart = (year: number) => new Date(Date.UTC(year, 0, 1, -9));

const zeroStates = () => Object.fromEntries(CASE_STATES.map((s) => [s, 0])) as Record<CaseState, number>;

/** How long a review has waited, in Korean: 3시간, 2일 5시간. */
export function waitedLabel(hours: number): string {
  if (hours < 1) return '1시간 미만';
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return days === 0 ? `${rest}시간` : rest === 0 ? `${days}일` : `${days}일 ${rest}시간`;
}

export async function caseDashboard(db: Database, options: { now: Date; within?: readonly string[] }): Promise<CaseDashboard> {
  const { now, within } = options;
  const year = Number(formatIsoDate(now).slice(0, 4));
  const from = seoulYearStart(year);
  const shown = within ? SIGUN.filter((s) => within.includes(s.code)) : [...SIGUN];
  const codes = shown.map((s) => s.code as string);
  const scope = codes.length ? inArray(cases.sigun, codes as never[]) : sql`false`;
  const nowIso = now.toISOString();

  const grouped = await db
    .select({
      sigun: cases.sigun,
      state: cases.state,
      count: sql<number>`count(*)::int`,
      scheduled: sql<number>`(count(*) filter (where ${cases.state} = 'published' and ${cases.publishAt} > ${nowIso}::timestamptz))::int`,
      thisYear: sql<number>`(count(*) filter (where ${cases.state} = 'published' and not ${cases.sample} and ${cases.publishAt} <= ${nowIso}::timestamptz and ${cases.publishAt} >= ${from.toISOString()}::timestamptz))::int`,
      samples: sql<number>`(count(*) filter (where ${cases.sample}))::int`,
    })
    .from(cases)
    .where(scope)
    .groupBy(cases.sigun, cases.state);

  const waitingRows = await db
    .select({
      id: cases.id,
      title: cases.title,
      sigun: cases.sigun,
      authorName: users.displayName,
      sample: cases.sample,
      since: sql<Date>`coalesce(${cases.stateChangedAt}, ${cases.updatedAt})`.mapWith(cases.updatedAt),
    })
    .from(cases)
    .leftJoin(users, eq(users.id, cases.authorId))
    .where(and(scope, eq(cases.state, 'submitted')))
    .orderBy(asc(sql`coalesce(${cases.stateChangedAt}, ${cases.updatedAt})`), asc(cases.id));

  const bySigun = new Map(shown.map((s) => [s.code as string, { sigun: s, byState: zeroStates(), scheduled: 0, total: 0, publishedThisYear: 0 }]));
  const totals = { byState: zeroStates(), scheduled: 0, total: 0, publishedThisYear: 0 };
  let samples = 0;
  for (const g of grouped) {
    const row = bySigun.get(g.sigun);
    if (!row) continue;
    for (const target of [row, totals]) {
      target.byState[g.state] += g.count;
      target.scheduled += g.scheduled;
      target.total += g.count;
      target.publishedThisYear += g.thisYear;
    }
    samples += g.samples;
  }
  const rows = [...bySigun.values()];
  return {
    year,
    rows,
    totals,
    waiting: waitingRows.map((w) => ({
      id: w.id,
      title: w.title,
      sigun: SIGUN.find((s) => s.code === w.sigun),
      authorName: w.authorName,
      sample: w.sample,
      since: w.since,
      waitedHours: Math.max(0, Math.floor((now.getTime() - w.since.getTime()) / 3_600_000)),
    })),
    withoutPublished: rows.filter((r) => r.publishedThisYear === 0).map((r) => r.sigun),
    samples,
  };
}
