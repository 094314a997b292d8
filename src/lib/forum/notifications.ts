// In-app notifications: a reply in a thread you started or watch, a mention, your answer
// accepted. Watching starts when you start or reply to a thread.
import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { notifications, posts, threadWatches, threads, users, type NotificationKind } from '../db/schema';
import { queueNotificationMails } from '../mail/notifications';
import { now } from '../clock';

export const NOTIFICATIONS_PER_PAGE = 30;
/** Read notifications older than this are deleted. */
export const READ_RETENTION_DAYS = 90;

export async function watchThread(db: Database, threadId: number, userId: number): Promise<void> {
  await db.insert(threadWatches).values({ threadId, userId }).onConflictDoNothing();
}

export async function unwatchThread(db: Database, threadId: number, userId: number): Promise<void> {
  await db.delete(threadWatches).where(and(eq(threadWatches.threadId, threadId), eq(threadWatches.userId, userId)));
}

export async function isWatching(db: Database, threadId: number, userId: number): Promise<boolean> {
  return (await db.$count(threadWatches, and(eq(threadWatches.threadId, threadId), eq(threadWatches.userId, userId)))) > 0;
}

/**
 * After a new post: watchers hear of the reply, mentioned members of the mention (once
 * each, the mention winning), never the writer.
 */
export async function notifyNewPost(
  db: Database,
  post: { id: number; threadId: number; authorId: number; number: number },
  mentionedIds: number[],
): Promise<void> {
  const watchers =
    post.number > 1
      ? (await db.select({ userId: threadWatches.userId }).from(threadWatches).where(eq(threadWatches.threadId, post.threadId))).map((w) => w.userId)
      : [];
  const kinds = new Map<number, NotificationKind>();
  for (const id of watchers) kinds.set(id, 'reply');
  for (const id of mentionedIds) kinds.set(id, 'mention');
  kinds.delete(post.authorId);
  if (kinds.size > 0) {
    const written = await db
      .insert(notifications)
      .values([...kinds].map(([userId, kind]) => ({ userId, kind, threadId: post.threadId, postId: post.id, actorId: post.authorId })))
      .returning({ id: notifications.id });
    // Mail, if wanted, in the same transaction as the notification.
    await queueNotificationMails(db, written.map((n) => n.id), now());
  }
}

export async function notifyAccepted(db: Database, post: { id: number; threadId: number; authorId: number | null }, acceptorId: number) {
  if (!post.authorId || post.authorId === acceptorId) return;
  const written = await db
    .insert(notifications)
    .values({ userId: post.authorId, kind: 'accepted', threadId: post.threadId, postId: post.id, actorId: acceptorId })
    .returning({ id: notifications.id });
  await queueNotificationMails(db, written.map((n) => n.id), now());
}

export async function unreadCount(db: Database, userId: number): Promise<number> {
  return db.$count(notifications, and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}

/** One page of a member's notifications, newest first; `before` continues from an id. */
export async function listNotifications(db: Database, userId: number, before?: number) {
  const rows = await db
    .select({
      notification: notifications,
      threadTitle: threads.title,
      postNumber: posts.number,
      actorName: users.displayName,
    })
    .from(notifications)
    .leftJoin(threads, eq(threads.id, notifications.threadId))
    .leftJoin(posts, eq(posts.id, notifications.postId))
    .leftJoin(users, eq(users.id, notifications.actorId))
    .where(and(eq(notifications.userId, userId), before ? lt(notifications.id, before) : undefined))
    .orderBy(desc(notifications.id))
    .limit(NOTIFICATIONS_PER_PAGE + 1);
  const hasMore = rows.length > NOTIFICATIONS_PER_PAGE;
  const page = rows.slice(0, NOTIFICATIONS_PER_PAGE);
  return { rows: page, next: hasMore ? page.at(-1)!.notification.id : undefined };
}

export async function markRead(db: Database, userId: number, ids?: number[]): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), ids ? inArray(notifications.id, ids) : undefined));
}

/** Deletes this member's read notifications older than the retention period. */
export async function pruneRead(db: Database, userId: number, now = new Date()): Promise<void> {
  const cutoff = new Date(now.getTime() - READ_RETENTION_DAYS * 24 * 3600 * 1000);
  await db
    .delete(notifications)
    .where(and(eq(notifications.userId, userId), sql`${notifications.readAt} is not null`, lt(notifications.readAt, cutoff)));
}

export async function notificationFor(db: Database, userId: number, id: number) {
  const [row] = await db
    .select({ notification: notifications, postNumber: posts.number })
    .from(notifications)
    .leftJoin(posts, eq(posts.id, notifications.postId))
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .limit(1);
  return row;
}
