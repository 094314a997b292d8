// Administering members: finding them, suspensions and warnings, a member's data export
// (개인정보 열람), deleting one's own account, and the figures on the admin dashboard.
import { anonymiseRequestsOf } from '../consultations/consultations';
import { queueNotificationMails } from '../mail/notifications';
import { now } from '../clock';
import { and, asc, eq, gt, ilike, isNull, or, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../db/client';
import {
  announcements,
  checklistAssessments,
  consentRecords,
  notifications,
  posts,
  reports,
  sessions,
  threads,
  users,
  type User,
} from '../db/schema';
import { invalidateUserSessions } from '../auth/session';
import { isSuspended } from '../auth/permissions';
import { likePattern } from '../search/bigram-query';
import { openReportCount } from '../forum/moderation';

export const USERS_PER_PAGE = 30;
/** The suspension lengths moderators choose from. */
export const SUSPENSION_DURATIONS = [
  { value: '1', label: '1일' },
  { value: '3', label: '3일' },
  { value: '7', label: '7일' },
  { value: '30', label: '30일' },
  { value: 'indefinite', label: '해제할 때까지' },
] as const;
export type SuspensionDuration = (typeof SUSPENSION_DURATIONS)[number]['value'];

/** A suspension with no end: far enough to never come. */
export const INDEFINITELY = new Date('9999-12-31T00:00:00Z');

/** Members whose email, name, handle or company contains `q`, by id, continuing after `after`. */
export async function searchUsers(db: Database, q: string, after?: number) {
  const pattern = likePattern(q.trim());
  const rows = await db
    .select()
    .from(users)
    .where(
      and(
        eq(users.sample, false),
        q.trim()
          ? or(ilike(users.email, pattern), ilike(users.displayName, pattern), ilike(users.handle, pattern), ilike(users.companyName, pattern))
          : undefined,
        after ? gt(users.id, after) : undefined,
      ),
    )
    .orderBy(asc(users.id))
    .limit(USERS_PER_PAGE + 1);
  const page = rows.slice(0, USERS_PER_PAGE);
  return { users: page, next: rows.length > USERS_PER_PAGE ? page.at(-1)!.id : undefined };
}

/** Blocks writing until `until` (INDEFINITELY for no end); the member sees `reason`. */
export async function suspendUser(db: Database, userId: number, until: Date, reason: string): Promise<void> {
  await db.update(users).set({ suspendedUntil: until, suspensionReason: reason, updatedAt: new Date() }).where(eq(users.id, userId));
}

export async function liftSuspension(db: Database, userId: number): Promise<void> {
  await db.update(users).set({ suspendedUntil: null, suspensionReason: null, updatedAt: new Date() }).where(eq(users.id, userId));
}

/** A warning reaches the member as a notification with the moderator's words. */
export async function warnUser(db: Database, userId: number, moderatorId: number, reason: string, post?: { id: number; threadId: number }) {
  const written = await db
    .insert(notifications)
    .values({ userId, kind: 'warning', actorId: moderatorId, message: reason, postId: post?.id, threadId: post?.threadId })
    .returning({ id: notifications.id });
  await queueNotificationMails(db, written.map((n) => n.id), now());
}

/** Korean text saying why the member may not write now, or undefined. */
export function suspensionMessage(user: Pick<User, 'suspendedUntil' | 'suspensionReason'>, format: (d: Date) => string, now = new Date()) {
  if (!isSuspended(user, now) || !user.suspendedUntil) return undefined;
  const until = user.suspendedUntil.getTime() >= INDEFINITELY.getTime() - 86_400_000 ? '해제될 때까지' : `${format(user.suspendedUntil)}까지`;
  return `이용이 정지된 계정이라 ${until} 글을 쓸 수 없습니다. 읽기는 계속할 수 있습니다.${user.suspensionReason ? ` 사유: ${user.suspensionReason}` : ''}`;
}

/** Everything the portal keeps about a member, as plain data (개인정보 열람 request). */
export async function exportUserData(db: Database, userId: number) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return undefined;
  const { passwordHash: _secret, ...profile } = user;
  const [consents, memberPosts, memberThreads, memberReports, assessments, activeSessions] = await Promise.all([
    db.select().from(consentRecords).where(eq(consentRecords.userId, userId)).orderBy(asc(consentRecords.id)),
    db.select({ id: posts.id, threadId: posts.threadId, number: posts.number, body: posts.bodySource, createdAt: posts.createdAt, editedAt: posts.editedAt, deletedAt: posts.deletedAt }).from(posts).where(eq(posts.authorId, userId)).orderBy(asc(posts.id)),
    db.select({ id: threads.id, title: threads.title, createdAt: threads.createdAt }).from(threads).where(eq(threads.authorId, userId)).orderBy(asc(threads.id)),
    db.select({ postId: reports.postId, reason: reports.reason, createdAt: reports.createdAt }).from(reports).where(eq(reports.reporterId, userId)),
    db.select().from(checklistAssessments).where(eq(checklistAssessments.userId, userId)),
    db.select({ createdAt: sessions.createdAt, lastVerifiedAt: sessions.lastVerifiedAt }).from(sessions).where(eq(sessions.userId, userId)),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    profile,
    consents,
    threads: memberThreads,
    posts: memberPosts,
    reports: memberReports,
    checklistAssessments: assessments,
    sessions: activeSessions,
  };
}

/**
 * Deletes the member's account. Their threads and posts stay, attributed to "탈퇴한 회원"
 * (author set to null by the foreign keys); personal data, sessions and consents go.
 */
export async function deleteAccount(db: Database, userId: number): Promise<void> {
  await invalidateUserSessions(db, userId);
  // Consultation requests stay for the statistics, without the requester's personal fields.
  await anonymiseRequestsOf(db, userId, now());
  await db.delete(users).where(eq(users.id, userId));
}

/** Figures for the admin dashboard. */
export async function dashboardFigures(db: Database, now = new Date()) {
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const [byRole, bySigun, newMembers, openReports, weekly, noticeStates] = await Promise.all([
    db.select({ role: users.role, count: sql<number>`count(*)::int` }).from(users).where(eq(users.sample, false)).groupBy(users.role),
    db.select({ sigun: users.sigunCode, count: sql<number>`count(*)::int` }).from(users).where(eq(users.sample, false)).groupBy(users.sigunCode),
    db.$count(users, and(eq(users.sample, false), gt(users.createdAt, weekAgo))),
    openReportCount(db),
    db.execute(sql`
      select to_char(date_trunc('week', w.week), 'YYYY-MM-DD') as week,
             (select count(*)::int from threads t where t.created_at >= w.week and t.created_at < w.week + interval '7 days') as threads,
             (select count(*)::int from posts p where p.created_at >= w.week and p.created_at < w.week + interval '7 days') as posts
      from generate_series(date_trunc('week', ${now.toISOString()}::timestamptz) - interval '7 weeks', date_trunc('week', ${now.toISOString()}::timestamptz), interval '1 week') as w(week)
      order by w.week`),
    db
      .select({
        state: sql<string>`case when ${announcements.status} = 'published' and ${announcements.publishAt} > ${now.toISOString()}::timestamptz then 'scheduled' else ${announcements.status}::text end`,
        count: sql<number>`count(*)::int`,
      })
      .from(announcements)
      .groupBy(sql`1`),
  ]);
  return {
    byRole,
    bySigun: bySigun.sort((a, b) => b.count - a.count),
    newMembers,
    openReports,
    weekly: rowsOf<{ week: string; threads: number; posts: number }>(weekly),
    /** Announcements by state: draft, scheduled, published, withdrawn. */
    notices: noticeStates,
  };
}

