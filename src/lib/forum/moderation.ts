// The moderators' review queue and what they do with reported posts. A post reported by
// enough distinct members is hidden automatically until someone reviews it.
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { posts, reports, threads, users } from '../db/schema';
import { recordAudit } from '../admin/audit';

export const QUEUE_PER_PAGE = 20;

export function reportHideThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.REPORT_HIDE_THRESHOLD ?? 3);
  return Number.isInteger(n) && n > 0 ? n : 3;
}

/**
 * Reported posts with open reports, the longest-waiting first (by their first open report),
 * continuing after `after` (that first report's id). Each with its reasons and reporters.
 */
export async function reportQueue(db: Database, after?: number) {
  const firsts = await db
    .select({ postId: reports.postId, firstReportId: sql<number>`min(${reports.id})`.as('first_report_id'), count: sql<number>`count(*)::int` })
    .from(reports)
    .where(isNull(reports.resolvedAt))
    .groupBy(reports.postId)
    .having(after ? gt(sql`min(${reports.id})`, after) : undefined)
    .orderBy(asc(sql`min(${reports.id})`))
    .limit(QUEUE_PER_PAGE + 1);
  const page = firsts.slice(0, QUEUE_PER_PAGE);
  if (page.length === 0) return { items: [], next: undefined };
  const postIds = page.map((f) => f.postId);
  const [postRows, reportRows] = await Promise.all([
    db
      .select({ post: posts, threadTitle: threads.title, threadLocked: threads.locked, authorName: users.displayName, authorSuspendedUntil: users.suspendedUntil })
      .from(posts)
      .innerJoin(threads, eq(threads.id, posts.threadId))
      .leftJoin(users, eq(users.id, posts.authorId))
      .where(inArray(posts.id, postIds)),
    db
      .select({ report: reports, reporterName: users.displayName })
      .from(reports)
      .innerJoin(users, eq(users.id, reports.reporterId))
      .where(and(isNull(reports.resolvedAt), inArray(reports.postId, postIds)))
      .orderBy(asc(reports.id)),
  ]);
  const byPost = new Map(postRows.map((r) => [r.post.id, r]));
  return {
    items: page.map((f) => ({
      ...byPost.get(f.postId)!,
      reports: reportRows.filter((r) => r.report.postId === f.postId),
    })),
    next: firsts.length > QUEUE_PER_PAGE ? page.at(-1)!.firstReportId : undefined,
  };
}

export async function openReportCount(db: Database): Promise<number> {
  return db.$count(reports, isNull(reports.resolvedAt));
}

export async function setHidden(db: Database, postId: number, reason: 'moderator' | 'reports' | null): Promise<void> {
  await db
    .update(posts)
    .set(reason ? { hiddenAt: new Date(), hiddenReason: reason } : { hiddenAt: null, hiddenReason: null })
    .where(eq(posts.id, postId));
}

/** Closes the open reports on a post with what was done. */
export async function resolveReports(db: Database, postId: number, moderatorId: number, resolution: string): Promise<number> {
  const rows = await db
    .update(reports)
    .set({ resolvedAt: new Date(), resolvedBy: moderatorId, resolution })
    .where(and(eq(reports.postId, postId), isNull(reports.resolvedAt)))
    .returning({ id: reports.id });
  return rows.length;
}

/** After a report: hides the post when enough distinct members have open reports on it. */
export async function hideIfReportedEnough(db: Database, postId: number, threshold = reportHideThreshold()): Promise<boolean> {
  const reporters = await db.$count(reports, and(eq(reports.postId, postId), isNull(reports.resolvedAt)));
  if (reporters < threshold) return false;
  const [post] = await db
    .update(posts)
    .set({ hiddenAt: new Date(), hiddenReason: 'reports' })
    .where(and(eq(posts.id, postId), isNull(posts.hiddenAt)))
    .returning({ id: posts.id });
  if (!post) return false;
  await recordAudit(db, { actor: null, action: 'post.autoHide', targetType: 'post', targetId: postId, details: { reporters, threshold } });
  return true;
}
