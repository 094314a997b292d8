// Reading boards and threads at scale: key-based pagination (no OFFSET), one query per
// list (no query per row), and moderator changes to threads.
import { aliasedTable, and, asc, between, desc, eq, getTableColumns, inArray, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { boards, posts, reactions, threads, users, type Thread } from '../db/schema';
import { POSTS_PER_PAGE } from './posts';

export const THREADS_PER_PAGE = 30;

const author = aliasedTable(users, 'author');
const lastPoster = aliasedTable(users, 'last_poster');

/** Position of a thread in a board list; the next page starts after it. */
export interface ThreadCursor {
  lastPostAt: Date;
  id: number;
}

export function encodeCursor(c: ThreadCursor): string {
  return `${c.lastPostAt.getTime()}_${c.id}`;
}

export function decodeCursor(value: string | null): ThreadCursor | undefined {
  const match = value?.match(/^(\d{1,15})_(\d{1,10})$/);
  return match ? { lastPostAt: new Date(Number(match[1])), id: Number(match[2]) } : undefined;
}

/**
 * One page of a board: pinned threads first (page 1 only), then by last activity.
 * `after` continues from the last thread of the previous page.
 */
export async function boardThreads(db: Database, boardId: number, after?: ThreadCursor, limit = THREADS_PER_PAGE) {
  const columns = {
    thread: threads,
    authorName: author.displayName,
    lastPosterName: lastPoster.displayName,
  };
  const base = () =>
    db
      .select(columns)
      .from(threads)
      .leftJoin(author, eq(author.id, threads.authorId))
      .leftJoin(lastPoster, eq(lastPoster.id, threads.lastPosterId));
  const pinned = after
    ? []
    : await base()
        .where(and(eq(threads.boardId, boardId), eq(threads.pinned, true)))
        .orderBy(desc(threads.lastPostAt), desc(threads.id));
  const rows = await base()
    .where(
      and(
        eq(threads.boardId, boardId),
        eq(threads.pinned, false),
        after
          ? or(lt(threads.lastPostAt, after.lastPostAt), and(eq(threads.lastPostAt, after.lastPostAt), lt(threads.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(threads.lastPostAt), desc(threads.id))
    .limit(limit + 1);
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    threads: [...pinned, ...page],
    next: hasMore && last ? encodeCursor({ lastPostAt: last.thread.lastPostAt, id: last.thread.id }) : undefined,
  };
}

/** A thread with its board; with `viewerId`, also whether that member watches it (same query). */
export async function threadWithBoard(db: Database, threadId: number, viewerId?: number) {
  const [row] = await db
    .select({
      thread: threads,
      board: boards,
      watching: viewerId
        ? sql<boolean>`exists (select 1 from thread_watches w where w.thread_id = ${threads.id} and w.user_id = ${viewerId})`
        : sql<boolean>`false`,
    })
    .from(threads)
    .innerJoin(boards, eq(boards.id, threads.boardId))
    .where(eq(threads.id, threadId))
    .limit(1);
  return row;
}

// A post as pages show it: without the search columns (bigram text and vector, several times
// the body's size), which only the search query reads.
const { searchTitle: _title, searchText: _text, searchVector: _vector, ...shownPostColumns } = getTableColumns(posts);

/** Page `page` of a thread: post numbers (page−1)·20+1 … page·20, found by index, not OFFSET. */
export async function threadPage(db: Database, threadId: number, page: number, viewerId?: number) {
  const first = (page - 1) * POSTS_PER_PAGE + 1;
  return db
    .select({
      post: shownPostColumns,
      authorName: author.displayName,
      authorRole: author.role,
      authorCompany: author.companyName,
      // The viewer's own reactions in the same query, not a second round trip.
      reactedByViewer: viewerId
        ? sql<boolean>`exists (select 1 from reactions r where r.post_id = ${posts.id} and r.user_id = ${viewerId})`
        : sql<boolean>`false`,
    })
    .from(posts)
    .leftJoin(author, eq(author.id, posts.authorId))
    .where(and(eq(posts.threadId, threadId), between(posts.number, first, first + POSTS_PER_PAGE - 1)))
    .orderBy(asc(posts.number));
}

export async function postWithThread(db: Database, postId: number) {
  const [row] = await db
    .select({ post: posts, thread: threads, board: boards })
    .from(posts)
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .innerJoin(boards, eq(boards.id, threads.boardId))
    .where(eq(posts.id, postId))
    .limit(1);
  return row;
}

export async function updateThread(
  db: Database,
  threadId: number,
  change: Partial<Pick<Thread, 'pinned' | 'locked' | 'boardId' | 'acceptedPostId'>>,
): Promise<void> {
  await db.update(threads).set(change).where(eq(threads.id, threadId));
}

/** Marks a reply as the accepted answer (or clears it with null). */
export async function acceptAnswer(db: Database, threadId: number, postId: number | null): Promise<boolean> {
  if (postId !== null) {
    const [post] = await db
      .select({ id: posts.id })
      .from(posts)
      .where(and(eq(posts.id, postId), eq(posts.threadId, threadId), sql`${posts.number} > 1`, sql`${posts.deletedAt} is null`))
      .limit(1);
    if (!post) return false;
  }
  await updateThread(db, threadId, { acceptedPostId: postId });
  return true;
}

/** Threads a member started today (for the first-day limit of new members). */
export async function threadsStartedSince(db: Database, authorId: number, since: Date): Promise<number> {
  return db.$count(threads, and(eq(threads.authorId, authorId), sql`${threads.createdAt} >= ${since.toISOString()}`));
}

/** The accepted answer with its author's name, unless it was deleted since. */
export async function acceptedAnswer(db: Database, postId: number) {
  const [row] = await db
    .select({ post: shownPostColumns, authorName: author.displayName })
    .from(posts)
    .leftJoin(author, eq(author.id, posts.authorId))
    .where(and(eq(posts.id, postId), sql`${posts.deletedAt} is null and ${posts.hiddenAt} is null`))
    .limit(1);
  return row;
}
