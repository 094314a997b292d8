// Korean-aware search over public announcements, the same way as discussions
// (src/lib/search/bigram-query.ts): bigrams AND-ed, substring recheck, titles above bodies.
// It reads the table itself, so a notice is found as soon as it is public.
import { sql } from 'drizzle-orm';
import type { NoticeCategory } from '../db/schema';
import { normalizeQuery } from '../search/korean';
import { buildExcerpt, type ExcerptPart } from '../search/excerpt';
import { bigramTsquery, likePattern, plainText } from '../search/bigram-query';
import { rowsOf, type Database } from '../db/client';

export interface NoticeHit {
  id: number;
  title: string;
  category: NoticeCategory;
  publishAt: Date;
  sample: boolean;
  excerpt: ExcerptPart[];
}

export async function searchNotices(db: Database, input: string, now: Date, limit = 20): Promise<NoticeHit[]> {
  const { terms } = normalizeQuery(input);
  const tsquery = bigramTsquery(terms);
  if (!tsquery) return [];
  const recheck = sql.join(
    terms.map((term) => sql`(lower(a.body_source) like ${likePattern(term)} or lower(a.title) like ${likePattern(term)})`),
    sql` and `,
  );
  const result = await db.execute(sql`
    select a.id, a.title, a.category, a.publish_at as "publishAt", a.sample, a.body_source as body
    from announcements a
    where a.search_vector @@ to_tsquery('simple', ${tsquery})
      and a.status = 'published' and a.publish_at <= ${now.toISOString()}::timestamptz
      and ${recheck}
    order by ts_rank(a.search_vector, to_tsquery('simple', ${tsquery})) desc, a.publish_at desc, a.id desc
    limit ${limit}`);
  return rowsOf<{ id: number; title: string; category: NoticeCategory; publishAt: Date | string; sample: boolean; body: string }>(result).map((r) => ({
    id: r.id,
    title: r.title,
    category: r.category,
    publishAt: new Date(r.publishAt),
    sample: r.sample,
    excerpt: buildExcerpt(plainText(r.body), terms),
  }));
}
