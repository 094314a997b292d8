// Korean-aware search over discussions, in PostgreSQL and PGlite alike: the query's terms
// (particles stripped) become Hangul bigrams AND-ed against a GIN-indexed tsvector of the
// same bigrams (so `공장` finds `스마트공장`), then a substring recheck drops bigram
// coincidences. Spacing does not matter: every spacing of the query is searched (searchPlans).
// The newest CANDIDATES matches are ranked, title matches first, then by rank (titles weigh
// A, bodies B): a word found in most posts must not make every search rank the whole forum.
// A query of initial consonants only (ㅅㅁㅌ) matches thread titles whose words start so.
import { sql } from 'drizzle-orm';
import type { Board } from '../db/schema';
import { choseongPattern, isChoseongQuery, normalizeQuery, planTerms, searchPlans } from '../search/korean';
import { buildExcerpt, type ExcerptPart } from '../search/excerpt';
import { likePattern, plainText, plansRecheck, plansTsquery } from '../search/bigram-query';
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
export const DISCUSSION_PAGE_SIZE = 20;

export interface DiscussionSearch {
  /** What excerpts mark. */
  terms: string[];
  hits: DiscussionHit[];
  /** All matches (of the newest CANDIDATES bigram matches), for the count and the pages. */
  total: number;
}

/** The boards a search covers: those the viewer may read, or only `boardSlug` among them. */
export function searchedBoards(viewer: Actor | null, boards: Board[], boardSlug?: string): Board[] {
  return boards.filter((b) => can(viewer, 'board.read', { board: b }) && (!boardSlug || b.slug === boardSlug));
}

type Row = { postId: number; threadId: number; number: number; body: string; title: string; boardId: number; total: number | string };

export async function searchDiscussions(
  db: Database,
  viewer: Actor | null,
  input: string,
  options: { boards: Board[]; boardSlug?: string; limit?: number; page?: number },
): Promise<DiscussionSearch> {
  const { terms } = normalizeQuery(input);
  const readable = searchedBoards(viewer, options.boards, options.boardSlug);
  const limit = options.limit ?? DISCUSSION_PAGE_SIZE;
  const offset = (Math.max(1, Math.floor(options.page ?? 1)) - 1) * limit;
  const choseong = isChoseongQuery(terms) ? terms.map(choseongPattern) : undefined;
  const plans = choseong ? [] : searchPlans(terms);
  const tsquery = plansTsquery(plans);
  if (readable.length === 0 || (choseong ? choseong.some((p) => !p) : !tsquery)) return { terms, hits: [], total: 0 };
  const boardIds = sql.join(readable.map((b) => sql`${b.id}`), sql`, `);
  let query;
  if (choseong) {
    // Titles only, newest activity first: a regular expression over thread titles (a scan, but
    // of titles alone, and such queries are rare).
    const titleMatches = sql.join(choseong.map((pattern) => sql`t.title ~ ${pattern}`), sql` and `);
    query = sql`
      select p.id as "postId", t.id as "threadId", p.number, p.body_source as "body", t.title, t.board_id as "boardId", count(*) over () as total
      from threads t
      join posts p on p.thread_id = t.id and p.number = 1
      where t.board_id in (${boardIds}) and p.deleted_at is null and p.hidden_at is null and ${titleMatches}
      order by t.last_post_at desc, t.id desc
      limit ${limit} offset ${offset}`;
  } else {
    const recheck = plansRecheck(plans, (term) => sql`(lower(p.body_source) like ${likePattern(term)} or (p.number = 1 and lower(p.title) like ${likePattern(term)}))`);
    const inTitle = plansRecheck(plans, (term) => sql`lower(p.title) like ${likePattern(term)}`);
    // Candidates: the newest bigram matches (for a common word PostgreSQL walks the primary
    // key backwards and stops early); then the substring recheck and the ranking on those.
    query = sql`
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
      select p.id as "postId", p.thread_id as "threadId", p.number, p.body_source as "body", p.title, p.board_id as "boardId", count(*) over () as total
      from candidates p
      where ${recheck}
      order by (p.number = 1 and (${inTitle})) desc, ts_rank(p.search_vector, to_tsquery('simple', ${tsquery})) desc, p.id desc
      limit ${limit} offset ${offset}`;
  }
  // Planned for the actual words (a generic plan could not tell a common word from a rare
  // one): db.execute sends an unnamed statement, which PostgreSQL plans at each bind.
  const result = await db.execute(query);
  const rows = rowsOf<Row>(result);
  const marked = choseong ? [] : planTerms(plans);
  const byId = new Map(readable.map((b) => [b.id, b]));
  // A page past the end has no rows to carry the count: it is at most what came before.
  const total = rows.length ? Number(rows[0]!.total) : offset > 0 ? (await countOnly()) : 0;
  async function countOnly(): Promise<number> {
    const again = await searchDiscussions(db, viewer, input, { ...options, page: 1, limit: 1 });
    return again.total;
  }
  return {
    terms: marked,
    total,
    hits: rows.map((r) => ({
      postId: r.postId,
      threadId: r.threadId,
      number: r.number,
      title: r.title,
      boardName: byId.get(r.boardId)!.name,
      boardSlug: byId.get(r.boardId)!.slug,
      excerpt: buildExcerpt(plainText(r.body), marked),
    })),
  };
}
