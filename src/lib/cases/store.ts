// Case studies in the database: what visitors see (published, and its publish_at has come),
// saving with a revision each time, editorial state, slug changes. Every function takes the
// database and, where time matters, `now` (src/lib/clock.ts in the app) so tests move the clock.
import { and, desc, eq, lte, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { caseRevisions, cases, caseSlugRedirects, type CaseRow, type CaseState } from '../db/schema';
import { caseSchema, type CaseData } from './schema';
import type { CaseEntry } from './catalog';
import { canonicalData, SLUG_PATTERN } from './files';
import { formatIsoDate } from '../dates';

/** A case as pages show it: CaseEntry (id = slug) plus its Markdown body. */
export interface PublishedCase extends CaseEntry {
  body: string;
  /** The company's mentor's account, if known (src/lib/cases/mentors.ts). */
  mentorUserId?: number | null;
  /** The row id (photos and other things kept per case). */
  caseId: number;
}

export const CASE_STATE_LABELS: Record<CaseState, string> = {
  draft: '작성 중',
  submitted: '검토 요청',
  published: '게시',
  returned: '반려',
  withdrawn: '게시 중단',
};

/** The SQL condition "a visitor sees this case at `now`". */
export const visibleAt = (now: Date) => and(eq(cases.state, 'published'), lte(cases.publishAt, now));

/** caseSchema's data from a row (the same shape a file gives). */
export function caseData(row: CaseRow): CaseData {
  return {
    title: row.title,
    summary: row.summary,
    company: row.company,
    sigun: row.sigun,
    industry: row.industry,
    level: row.level,
    year: row.year,
    ...(row.employees !== null ? { employees: row.employees } : {}),
    systems: row.systems,
    mentor: row.mentor,
    patents: row.patents,
    kpis: row.kpis,
    license: row.license,
    source: row.source,
    publishedAt: new Date(`${row.publishedAt}T00:00:00Z`),
    sample: row.sample,
    ...(row.cover ? { cover: row.cover } : {}),
  };
}

export function toPublishedCase(row: CaseRow): PublishedCase {
  return { id: row.slug, data: caseData(row), body: row.body, mentorUserId: row.mentorUserId, caseId: row.id };
}

/** Columns for a case's content (validated again by caseSchema: the DB holds what a file may). */
export function contentColumns(data: CaseData, body: string) {
  const valid = caseSchema.parse(canonicalInput(data));
  return {
    title: valid.title,
    summary: valid.summary,
    company: valid.company,
    sigun: valid.sigun,
    industry: valid.industry,
    level: valid.level,
    year: valid.year,
    employees: valid.employees ?? null,
    systems: valid.systems,
    mentor: valid.mentor,
    patents: valid.patents,
    kpis: valid.kpis,
    license: valid.license,
    source: valid.source,
    publishedAt: formatIsoDate(valid.publishedAt),
    cover: valid.cover ?? null,
    sample: valid.sample,
    body,
  };
}

/** canonicalData without the nulls caseSchema does not accept (optional fields left out). */
function canonicalInput(data: CaseData): Record<string, unknown> {
  const plain = canonicalData(data);
  if (plain.employees === null) delete plain.employees;
  if (plain.cover === null) delete plain.cover;
  return plain;
}

/** Every case visitors see at `now`, newest 게시일 first. */
export async function listPublishedCases(db: Database, now: Date): Promise<PublishedCase[]> {
  const rows = await db.select().from(cases).where(visibleAt(now)).orderBy(desc(cases.publishedAt), desc(cases.id));
  return rows.map(toPublishedCase);
}

export async function getPublishedCaseBySlug(db: Database, slug: string, now: Date): Promise<PublishedCase | undefined> {
  const [row] = await db.select().from(cases).where(and(eq(cases.slug, slug), visibleAt(now)));
  return row && toPublishedCase(row);
}

/** The current slug of a visible case that once had `slug` (for a 301), if any. */
export async function findCaseRedirect(db: Database, slug: string, now: Date): Promise<string | undefined> {
  const [row] = await db
    .select({ slug: cases.slug })
    .from(caseSlugRedirects)
    .innerJoin(cases, eq(cases.id, caseSlugRedirects.caseId))
    .where(and(eq(caseSlugRedirects.slug, slug), visibleAt(now)));
  return row?.slug;
}

export async function getCaseBySlug(db: Database, slug: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.slug, slug));
  return row;
}

export async function getCase(db: Database, id: number): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  return row;
}

export interface SaveCaseInput {
  /** Existing case to change; absent: a new draft. */
  id?: number;
  slug: string;
  data: CaseData;
  body: string;
  userId: number | null;
  note?: string;
  /** The company's consent to publication (editor only; imports leave it as it is). */
  consent?: { by: string; at: string } | null;
  /** A new draft's mentor account (a mentor drafting for a company they mentored). */
  mentorUserId?: number | null;
  now: Date;
}

export class CaseSlugError extends Error {}

/**
 * Saves a case edited on the web and records the revision. A new slug keeps the old address
 * answering (301); the change counts as a web edit, so a later import will not overwrite it.
 */
export async function saveCase(db: Database, input: SaveCaseInput): Promise<CaseRow> {
  if (!SLUG_PATTERN.test(input.slug)) throw new CaseSlugError('주소(slug)는 영문 소문자, 숫자, 하이픈(-)만 쓸 수 있습니다.');
  const columns = {
    ...contentColumns(input.data, input.body),
    ...(input.consent !== undefined ? { consentBy: input.consent?.by ?? null, consentAt: input.consent?.at ?? null } : {}),
  };
  return db.transaction(async (tx) => {
    const taken = await tx.select({ id: cases.id }).from(cases).where(eq(cases.slug, input.slug));
    if (taken.length && taken[0]!.id !== input.id) throw new CaseSlugError('이미 다른 사례가 쓰는 주소(slug)입니다.');
    let row: CaseRow;
    if (input.id === undefined) {
      [row] = (await tx
        .insert(cases)
        .values({ ...columns, slug: input.slug, state: 'draft', authorId: input.userId, mentorUserId: input.mentorUserId ?? null, editedAt: input.now, createdAt: input.now, updatedAt: input.now })
        .returning()) as [CaseRow];
    } else {
      const [before] = await tx.select().from(cases).where(eq(cases.id, input.id));
      if (!before) throw new Error(`no case ${input.id}`);
      [row] = (await tx
        .update(cases)
        .set({ ...columns, slug: input.slug, editedAt: input.now, updatedAt: input.now })
        .where(eq(cases.id, input.id))
        .returning()) as [CaseRow];
      if (before.slug !== input.slug) {
        await tx
          .insert(caseSlugRedirects)
          .values({ slug: before.slug, caseId: row.id, createdAt: input.now })
          .onConflictDoUpdate({ target: caseSlugRedirects.slug, set: { caseId: row.id } });
      }
    }
    // The new slug is no longer someone's old address.
    await tx.delete(caseSlugRedirects).where(eq(caseSlugRedirects.slug, input.slug));
    await tx.insert(caseRevisions).values({
      caseId: row.id,
      data: revisionData(row),
      userId: input.userId,
      note: input.note ?? '',
      createdAt: input.now,
    });
    return row;
  });
}

/** What a revision keeps: the slug, caseSchema's data (as plain JSON) and the body. */
export function revisionData(row: CaseRow): Record<string, unknown> {
  return { slug: row.slug, ...canonicalData(caseData(row)), body: row.body };
}

/**
 * Moves a case to another editorial state. Publishing needs `publishAt` (may lie ahead: the
 * case appears at that time); returning and withdrawing keep a reason.
 */
export async function setCaseState(
  db: Database,
  id: number,
  change: { state: CaseState; publishAt?: Date; reason?: string | null; now: Date },
): Promise<void> {
  await db
    .update(cases)
    .set({
      state: change.state,
      ...(change.state === 'published' ? { publishAt: change.publishAt ?? change.now } : {}),
      stateReason: change.reason ?? null,
      stateChangedAt: change.now,
      updatedAt: change.now,
    })
    .where(eq(cases.id, id));
}

export async function caseRevisionsOf(db: Database, caseId: number) {
  return db.select().from(caseRevisions).where(eq(caseRevisions.caseId, caseId)).orderBy(desc(caseRevisions.id));
}

export async function removeSampleCases(db: Database): Promise<number> {
  return (await db.delete(cases).where(eq(cases.sample, true)).returning({ id: cases.id })).length;
}

/**
 * What the visible cases are at `now`, in one short string: it changes whenever a case
 * appears, changes or disappears for visitors (the search index compares it).
 */
export async function visibleCasesFingerprint(db: Database, now: Date): Promise<string> {
  const [row] = await db
    .select({
      count: sql<number>`count(*)::int`,
      digest: sql<string | null>`md5(string_agg(${cases.id}::text || ':' || ${cases.slug} || ':' || extract(epoch from ${cases.updatedAt})::text, ',' order by ${cases.id}))`,
    })
    .from(cases)
    .where(visibleAt(now));
  return `${row?.count ?? 0}:${row?.digest ?? '-'}`;
}
