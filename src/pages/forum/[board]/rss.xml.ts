// RSS of a board's newest threads.
import type { APIRoute } from 'astro';
import { desc, eq } from 'drizzle-orm';
import { database } from '../../../lib/runtime';
import { boardBySlug } from '../../../lib/forum/boards';
import { rssFeed } from '../../../lib/feeds';
import { posts, threads } from '../../../lib/db/schema';
import { and } from 'drizzle-orm';

export const GET: APIRoute = async ({ params, site }) => {
  const db = await database();
  const board = await boardBySlug(db, params.board ?? '');
  if (!board || board.readAccess !== 'public') return new Response(null, { status: 404 });
  const newest = await db
    .select({ thread: threads, body: posts.bodySource })
    .from(threads)
    .innerJoin(posts, and(eq(posts.threadId, threads.id), eq(posts.number, 1)))
    .where(eq(threads.boardId, board.id))
    .orderBy(desc(threads.createdAt))
    .limit(30);
  const xml = rssFeed({
    title: `전북 스마트CEO포럼 포털 — ${board.name}`,
    description: board.description,
    link: new URL(`/forum/${board.slug}`, site).href,
    self: new URL(`/forum/${board.slug}/rss.xml`, site).href,
    items: newest.map(({ thread, body }) => ({
      title: thread.title,
      link: new URL(`/forum/t/${thread.id}`, site).href,
      description: body.slice(0, 300),
      date: thread.createdAt,
    })),
  });
  return new Response(xml, { headers: { 'content-type': 'application/rss+xml; charset=utf-8', 'cache-control': 'public, max-age=300' } });
};
