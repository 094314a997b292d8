// Threads and posts: starting a thread, replying with gap-free post numbers, editing with
// revisions, soft deletion. Bodies are Markdown, rendered and sanitized once on write.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { postRevisions, posts, threads, users, type Post, type Thread } from '../db/schema';
import { renderMemberMarkdown } from '../markdown';
import { searchTokens } from './search-tokens';
import { linkMentions, mentionedHandles } from './mentions';
import { notifyNewPost, watchThread } from './notifications';

export const POSTS_PER_PAGE = 20;

export interface NewThread {
  boardId: number;
  authorId: number;
  title: string;
  body: string;
  sigunCode: string | null;
  industry: string | null;
  /** One-time key from the form, so a resubmitted form adds nothing. */
  submissionKey: string;
}

/** The stored forms of a body: source, sanitized HTML with @mentions linked, search tokens. */
async function renderBody(db: Database, body: string) {
  const handles = mentionedHandles(body);
  const found = handles.length
    ? await db.select({ id: users.id, handle: users.handle }).from(users).where(inArray(users.handle, handles))
    : [];
  const known = new Map(found.map((u) => [u.handle!, u.id]));
  return {
    fields: { bodySource: body, bodyHtml: linkMentions(renderMemberMarkdown(body), known), searchText: searchTokens(body) },
    mentionedIds: [...known.values()],
  };
}

/** The post already made from this form, if the same form was sent before. */
async function earlierSubmission(db: Database, authorId: number, submissionKey: string): Promise<Post | undefined> {
  const [post] = await db
    .select()
    .from(posts)
    .where(and(eq(posts.authorId, authorId), eq(posts.submissionKey, submissionKey)))
    .limit(1);
  return post;
}

/** Starts a thread with its opening post (number 1). Returns the thread id. */
export async function createThread(db: Database, input: NewThread): Promise<{ threadId: number; created: boolean }> {
  const earlier = await earlierSubmission(db, input.authorId, input.submissionKey);
  if (earlier) return { threadId: earlier.threadId, created: false };
  const { fields, mentionedIds } = await renderBody(db, input.body);
  try {
    return await db.transaction(async (tx) => {
      const now = new Date();
      const [thread] = await tx
        .insert(threads)
        .values({
          boardId: input.boardId,
          authorId: input.authorId,
          title: input.title,
          sigunCode: input.sigunCode,
          industry: input.industry,
          postCount: 1,
          lastPostAt: now,
          lastPosterId: input.authorId,
          createdAt: now,
        })
        .returning({ id: threads.id });
      const [post] = await tx
        .insert(posts)
        .values({
          threadId: thread!.id,
          number: 1,
          authorId: input.authorId,
          submissionKey: input.submissionKey,
          searchTitle: searchTokens(input.title),
          createdAt: now,
          ...fields,
        })
        .returning({ id: posts.id });
      await watchThread(tx as unknown as Database, thread!.id, input.authorId);
      await notifyNewPost(tx as unknown as Database, { id: post!.id, threadId: thread!.id, authorId: input.authorId, number: 1 }, mentionedIds);
      return { threadId: thread!.id, created: true };
    });
  } catch (error) {
    // Two copies of one form raced: the loser finds the winner's thread.
    const winner = await earlierSubmission(db, input.authorId, input.submissionKey);
    if (winner) return { threadId: winner.threadId, created: false };
    throw error;
  }
}

/**
 * Adds a reply. The thread row is locked while the number is taken, so concurrent
 * replies get consecutive numbers and none is lost.
 */
export async function reply(
  db: Database,
  input: { threadId: number; authorId: number; body: string; submissionKey: string },
): Promise<{ post: Post; created: boolean }> {
  const earlier = await earlierSubmission(db, input.authorId, input.submissionKey);
  if (earlier) return { post: earlier, created: false };
  const { fields, mentionedIds } = await renderBody(db, input.body);
  try {
    return await db.transaction(async (tx) => {
      const now = new Date();
      const [thread] = await tx
        .update(threads)
        .set({ postCount: sql`${threads.postCount} + 1`, lastPostAt: now, lastPosterId: input.authorId })
        .where(eq(threads.id, input.threadId))
        .returning({ number: threads.postCount });
      if (!thread) throw new Error(`thread ${input.threadId} not found`);
      const [post] = await tx
        .insert(posts)
        .values({
          threadId: input.threadId,
          number: thread.number,
          authorId: input.authorId,
          submissionKey: input.submissionKey,
          createdAt: now,
          ...fields,
        })
        .returning();
      await watchThread(tx as unknown as Database, input.threadId, input.authorId);
      await notifyNewPost(tx as unknown as Database, { id: post!.id, threadId: input.threadId, authorId: input.authorId, number: post!.number }, mentionedIds);
      return { post: post!, created: true };
    });
  } catch (error) {
    const winner = await earlierSubmission(db, input.authorId, input.submissionKey);
    if (winner) return { post: winner, created: false };
    throw error;
  }
}

/** Replaces the body (and the title, for an opening post), keeping the old text as a revision. */
export async function editPost(
  db: Database,
  input: { post: Pick<Post, 'id' | 'number' | 'bodySource'>; thread: Thread; editorId: number; body: string; title?: string },
): Promise<void> {
  const { post, thread } = input;
  const title = post.number === 1 && input.title !== undefined ? input.title : undefined;
  const { fields } = await renderBody(db, input.body);
  await db.transaction(async (tx) => {
    await tx.insert(postRevisions).values({
      postId: post.id,
      editorId: input.editorId,
      bodySource: post.bodySource,
      title: title !== undefined ? thread.title : null,
    });
    await tx
      .update(posts)
      .set({ ...fields, editedAt: new Date(), ...(title !== undefined ? { searchTitle: searchTokens(title) } : {}) })
      .where(eq(posts.id, post.id));
    if (title !== undefined) await tx.update(threads).set({ title }).where(eq(threads.id, thread.id));
  });
}

/** Soft delete: the post keeps its place and number, its text is gone from view and search. */
export async function deletePost(db: Database, postId: number): Promise<void> {
  await db
    .update(posts)
    .set({ deletedAt: new Date(), searchText: '', searchTitle: '' })
    .where(eq(posts.id, postId));
}

/** The page (1-based) on which post number `n` appears. */
export function pageOfPost(number: number): number {
  return Math.max(1, Math.ceil(number / POSTS_PER_PAGE));
}

/** The stable address of post number `n` of a thread: its page and its anchor. */
export function postHref(threadId: number, number: number): string {
  return `/forum/t/${threadId}?page=${pageOfPost(number)}#post-${number}`;
}
