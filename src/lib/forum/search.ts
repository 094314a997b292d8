// Korean-aware search over discussions, in PostgreSQL and PGlite alike: the query's terms
// (particles stripped) become Hangul bigrams AND-ed against a GIN-indexed tsvector of the
// same bigrams (so `공장` finds `스마트공장`), then a substring recheck drops bigram
// coincidences. The newest CANDIDATES matches are ranked, titles (weight A) above bodies
// (B): a word found in most posts must not make every search rank the whole forum.
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import type { Board } from '../db/schema';
import { normalizeQuery } from '../search/korean';
import { buildExcerpt, type ExcerptPart } from '../search/excerpt';
import { hangulBigrams } from './search-tokens';
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

/** The tsquery for one term: its bigrams AND-ed; a one-syllable or Latin term by prefix. */
function termQuery(term: string): string | undefined {
  const parts: string[] = [];
  for (const [run] of term.matchAll(/[\uAC00-\uD7A3]+/g)) {
    parts.push(...(run.length === 1 ? [`${run}:*`] : hangulBigrams(run)));
  }
  for (const [run] of term.matchAll(/[a-z0-9]+/g)) parts.push(`${run}:*`);
  return parts.length ? parts.join(' & ') : undefined;
}

const CANDIDATES = 300;

const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Markdown source as plain text for excerpts. */
function plainText(markdown: string): string {
  return markdown.replace(/[*_`>#~|]+/g, ' ').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\s+/g, ' ').trim();
}

export async function searchDiscussions(
  db: Database,
  viewer: Actor | null,
  input: string,
  options: { boards: Board[]; boardSlug?: string; limit?: number },
): Promise<{ terms: string[]; hits: DiscussionHit[] }> {
  const { terms } = normalizeQuery(input);
  const queries = terms.map(termQuery).filter((q): q is string => !!q);
  const readable = options.boards.filter((b) => can(viewer, 'board.read', { board: b }) && (!options.boardSlug || b.slug === options.boardSlug));
  if (queries.length === 0 || readable.length === 0) return { terms, hits: [] };
  const tsquery = queries.map((q) => `(${q})`).join(' & ');
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
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    postId: number; threadId: number; number: number; body: string; title: string; boardId: number;
  }[];
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
