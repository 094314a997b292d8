// Korean-aware search over discussions, in PostgreSQL and PGlite alike: the query's terms
// (particles stripped) become Hangul bigrams AND-ed against a GIN-indexed tsvector of the
// same bigrams (so `공장` finds `스마트공장`), then a substring recheck drops bigram
// coincidences. The newest CANDIDATES matches are ranked, titles (weight A) above bodies
// (B): a word found in most posts must not make every search rank the whole forum.
import { sql } from 'drizzle-orm';
import type { Board } from '../db/schema';
import { normalizeQuery } from '../search/korean';
import { buildExcerpt, type ExcerptPart } from '../search/excerpt';
import { bigramTsquery, likePattern, plainText } from '../search/bigram-query';
import { rowsOf, type Database } from '../db/client';
import { can, type Actor } from '../auth/permissions';

export interface DiscussionHit {
  postId: number;
  threadId: number;
  number: number;
  title: string;
  boardName: string;
  boardSlug: string;
  excerpt: ExcerptPart[];
}

const CANDIDATES = 300;

export async function searchDiscussions(
  db: Database,
  viewer: Actor | null,
  input: string,
  options: { boards: Board[]; boardSlug?: string; limit?: number },
): Promise<{ terms: string[]; hits: DiscussionHit[] }> {
  const { terms } = normalizeQuery(input);
  const tsquery = bigramTsquery(terms);
  const readable = options.boards.filter((b) => can(viewer, 'board.read', { board: b }) && (!options.boardSlug || b.slug === options.boardSlug));
  if (!tsquery || readable.length === 0) return { terms, hits: [] };
  const recheck = sql.join(
    terms.map((term) => sql`(lower(p.body_source) like ${likePattern(term)} or (p.number = 1 and lower(p.title) like ${likePattern(term)}))`),
    sql` and `,
  );
  const boardIds = sql.join(readable.map((b) => sql`${b.id}`), sql`, `);
  // Candidates: the newest bigram matches (for a common word PostgreSQL walks the primary
  // key backwards and stops early); then the substring recheck and the ranking on those.
  const query = sql`
    with candidates as (
      select p.id, p.thread_id, p.number, p.body_source, p.search_vector, t.title, t.board_id
      from posts p
      join threads t on t.id = p.thread_id
      where p.search_vector @@ to_tsquery('simple', ${tsquery})
        and p.deleted_at is null
        and p.hidden_at is null
        and t.board_id in (${boardIds})
      order by p.id desc
      limit ${CANDIDATES}
    )
    select p.id as "postId", p.thread_id as "threadId", p.number, p.body_source as "body", p.title, p.board_id as "boardId"
    from candidates p
    where ${recheck}
    order by ts_rank(p.search_vector, to_tsquery('simple', ${tsquery})) desc, p.id desc
    limit ${options.limit ?? 20}`;
  // Plan for the actual words: a cached generic plan cannot tell a common word from a rare one.
  const result = await db.transaction(async (tx) => {
    await tx.execute(sql`set local plan_cache_mode = force_custom_plan`);
    return tx.execute(query);
  });
  const rows = rowsOf<{ postId: number; threadId: number; number: number; body: string; title: string; boardId: number }>(result);
  const byId = new Map(readable.map((b) => [b.id, b]));
  return {
    terms,
    hits: rows.map((r) => ({
      postId: r.postId,
      threadId: r.threadId,
      number: r.number,
      title: r.title,
      boardName: byId.get(r.boardId)!.name,
      boardSlug: byId.get(r.boardId)!.slug,
      excerpt: buildExcerpt(plainText(r.body), terms),
    })),
  };
}
