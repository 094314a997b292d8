// "도움돼요": one per member per post; pressing it again takes it back.
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { posts, reactions, reports, threads } from '../db/schema';

/** Returns whether the member now marks the post as helpful. */
export async function toggleHelpful(db: Database, postId: number, userId: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const added = await tx.insert(reactions).values({ postId, userId }).onConflictDoNothing().returning();
    const delta = added.length ? 1 : -1;
    if (!added.length) await tx.delete(reactions).where(and(eq(reactions.postId, postId), eq(reactions.userId, userId)));
    const [post] = await tx
      .update(posts)
      .set({ reactionCount: sql`${posts.reactionCount} + ${delta}` })
      .where(eq(posts.id, postId))
      .returning({ threadId: posts.threadId });
    await tx
      .update(threads)
      .set({ reactionCount: sql`${threads.reactionCount} + ${delta}` })
      .where(eq(threads.id, post!.threadId));
    return delta > 0;
  });
}

/** Stores a report (one per member per post) for the moderators' queue. */
export async function reportPost(db: Database, postId: number, reporterId: number, reason: string): Promise<boolean> {
  const rows = await db.insert(reports).values({ postId, reporterId, reason }).onConflictDoNothing().returning();
  return rows.length > 0;
}
