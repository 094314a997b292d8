// Korean-aware search over public announcements, the same way as discussions
// (src/lib/search/bigram-query.ts): every spacing of the query, bigrams AND-ed, substring
// recheck, title matches first; initial consonants only (ㅅㅁㅌ) match title words.
// It reads the table itself, so a notice is found as soon as it is public.
import { sql } from 'drizzle-orm';
import type { NoticeCategory } from '../db/schema';
import { choseongPattern, isChoseongQuery, normalizeQuery, planTerms, searchPlans } from '../search/korean';
import { buildExcerpt, type ExcerptPart } from '../search/excerpt';
import { likePattern, plainText, plansRecheck, plansTsquery } from '../search/bigram-query';
import { rowsOf, type Database } from '../db/client';

export interface NoticeHit {
  id: number;
  title: string;
  category: NoticeCategory;
  publishAt: Date;
  sample: boolean;
  excerpt: ExcerptPart[];
}

export const NOTICE_PAGE_SIZE = 20;

export async function searchNotices(db: Database, input: string, now: Date, limit = NOTICE_PAGE_SIZE): Promise<NoticeHit[]> {
  return (await searchNoticesPage(db, input, now, { limit })).hits;
}

/** One page of matches and how many there are in all. */
export async function searchNoticesPage(
  db: Database,
  input: string,
  now: Date,
  options: { limit?: number; page?: number } = {},
): Promise<{ hits: NoticeHit[]; total: number }> {
  const { terms } = normalizeQuery(input);
  const limit = options.limit ?? NOTICE_PAGE_SIZE;
  const offset = (Math.max(1, Math.floor(options.page ?? 1)) - 1) * limit;
  const choseong = isChoseongQuery(terms) ? terms.map(choseongPattern) : undefined;
  const plans = choseong ? [] : searchPlans(terms);
  const tsquery = plansTsquery(plans);
  if (choseong ? choseong.some((p) => !p) : !tsquery) return { hits: [], total: 0 };
  const published = sql`a.status = 'published' and a.publish_at <= ${now.toISOString()}::timestamptz`;
  const result = choseong
    ? await db.execute(sql`
        select a.id, a.title, a.category, a.publish_at as "publishAt", a.sample, a.body_source as body, count(*) over () as total
        from announcements a
        where ${published} and ${sql.join(choseong.map((pattern) => sql`a.title ~ ${pattern}`), sql` and `)}
        order by a.publish_at desc, a.id desc
        limit ${limit} offset ${offset}`)
    : await db.execute(sql`
        select a.id, a.title, a.category, a.publish_at as "publishAt", a.sample, a.body_source as body, count(*) over () as total
        from announcements a
        where a.search_vector @@ to_tsquery('simple', ${tsquery})
          and ${published}
          and ${plansRecheck(plans, (term) => sql`(lower(a.body_source) like ${likePattern(term)} or lower(a.title) like ${likePattern(term)})`)}
        order by (${plansRecheck(plans, (term) => sql`lower(a.title) like ${likePattern(term)}`)}) desc,
          ts_rank(a.search_vector, to_tsquery('simple', ${tsquery})) desc, a.publish_at desc, a.id desc
        limit ${limit} offset ${offset}`);
  const rows = rowsOf<{ id: number; title: string; category: NoticeCategory; publishAt: Date | string; sample: boolean; body: string; total: number | string }>(result);
  const marked = planTerms(plans);
  const total = rows.length ? Number(rows[0]!.total) : offset > 0 ? (await searchNoticesPage(db, input, now, { limit: 1 })).total : 0;
  return {
    total,
    hits: rows.map((r) => ({
      id: r.id,
      title: r.title,
      category: r.category,
      publishAt: new Date(r.publishAt),
      sample: r.sample,
      excerpt: buildExcerpt(plainText(r.body), marked),
    })),
  };
}
