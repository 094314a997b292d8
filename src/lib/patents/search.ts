// Finding patents on /patents: filters (field, industry, status) and, with a query, the
// Korean-aware search the discussions and announcements use (src/lib/search/bigram-query.ts):
// any part of a word, with or without a particle, every spacing of the query; title and
// number matches first. Without a query the list is alphabetical.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '../db/client';
import type { Patent } from '../db/schema';
import { normalizeQuery, planTerms, searchPlans } from '../search/korean';
import { buildExcerpt, type ExcerptPart } from '../search/excerpt';
import { likePattern, plansRecheck, plansTsquery } from '../search/bigram-query';
import { INDUSTRIES, type Industry } from '../industries';
import { PATENT_FIELDS, PATENT_STATUS_KEYS, type PatentField } from './patents';

export const PATENTS_PER_PAGE = 20;

export interface PatentFilters {
  q: string;
  field?: PatentField;
  industry?: Industry;
  status?: Patent['status'];
  page: number;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.includes(value as T) ? (value as T) : undefined;
}

/** Reads `?q=&field=&industry=&status=&page=`; unknown values are ignored. */
export function parsePatentFilters(params: URLSearchParams): PatentFilters {
  const page = Number(params.get('page'));
  return {
    q: (params.get('q') ?? '').slice(0, 100),
    field: oneOf(PATENT_FIELDS, params.get('field')),
    industry: oneOf(INDUSTRIES, params.get('industry')),
    status: oneOf(PATENT_STATUS_KEYS, params.get('status')),
    page: Number.isInteger(page) && page > 1 && page < 10_000 ? page : 1,
  };
}

export interface PatentHit {
  patent: Patent;
  excerpt: ExcerptPart[];
}

type PatentRow = Record<string, unknown> & { total: number | string };

/** One page of patents matching the filters (and the query, if any), and how many in all. */
export async function findPatents(db: Database, filters: PatentFilters): Promise<{ hits: PatentHit[]; total: number }> {
  const where: SQL[] = [];
  if (filters.field) where.push(sql`p.field = ${filters.field}`);
  if (filters.industry) where.push(sql`(${filters.industry} = any(p.industries) or cardinality(p.industries) = 0)`);
  if (filters.status) where.push(sql`p.status = ${filters.status}`);
  const { terms } = normalizeQuery(filters.q);
  const plans = terms.length ? searchPlans(terms) : [];
  const tsquery = plansTsquery(plans);
  if (terms.length && !tsquery) return { hits: [], total: 0 };
  let order = sql`p.title asc, p.id asc`;
  if (tsquery) {
    const text = (term: string) =>
      sql`(lower(p.title) like ${likePattern(term)} or lower(p.summary) like ${likePattern(term)} or lower(p.suits) like ${likePattern(term)} or p.registration_number like ${likePattern(term)} or lower(p.field) like ${likePattern(term)})`;
    where.push(sql`p.search_vector @@ to_tsquery('simple', ${tsquery})`, plansRecheck(plans, text));
    order = sql`(${plansRecheck(plans, (term) => sql`(lower(p.title) like ${likePattern(term)} or p.registration_number like ${likePattern(term)})`)}) desc,
      ts_rank(p.search_vector, to_tsquery('simple', ${tsquery})) desc, p.title asc, p.id asc`;
  }
  const offset = (filters.page - 1) * PATENTS_PER_PAGE;
  const rows = rowsOf<PatentRow>(
    await db.execute(sql`
      select p.id, p.registration_number as "registrationNumber", p.title, p.field, p.industries, p.summary, p.suits,
        p.contact, p.status, p.sample, p.updated_by as "updatedBy", p.created_at as "createdAt", p.updated_at as "updatedAt",
        count(*) over () as total
      from patents p
      ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}
      order by ${order}
      limit ${PATENTS_PER_PAGE} offset ${offset}`),
  );
  const marked = planTerms(plans);
  const total = rows.length ? Number(rows[0]!.total) : 0;
  return {
    total,
    hits: rows.map(({ total: _total, ...r }) => {
      const patent = { ...r, createdAt: new Date(r.createdAt as string), updatedAt: new Date(r.updatedAt as string) } as unknown as Patent;
      return { patent, excerpt: buildExcerpt(patent.summary, marked) };
    }),
  };
}
