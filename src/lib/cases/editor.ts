// The editorial side of cases: how permissions see a case (with the mentor's account, when
// the acting mentor is the case's mentor), the lists of /cases/manage, and revisions with
// who saved them.
import { and, asc, desc, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client';
import { caseRevisions, cases, users, type CaseRow, type CaseState } from '../db/schema';
import type { Actor, NewCaseResource } from '../auth/permissions';
import { can, hasRole } from '../auth/permissions';
import { SIGUN_CODES } from '../regions';

const normalise = (name: string) => name.replace(/\s+/g, '').toLowerCase();

/**
 * A mentor drafting a new case names themselves as the company's mentor: the draft's
 * mentor account is theirs when the names agree (kept in cases.mentor_user_id from then on,
 * and stored cases are checked by that column, src/lib/cases/access.ts).
 */
export function mentorUserIdFor(actor: (Actor & { displayName?: string }) | null | undefined, mentorName: string): number | null {
  if (!actor || actor.role !== 'mentor' || !actor.displayName) return null;
  return normalise(actor.displayName) === normalise(mentorName) && normalise(mentorName) !== '' ? actor.id : null;
}

export function newCaseResource(sigun: string, mentorName: string, actor: (Actor & { displayName?: string }) | null | undefined): NewCaseResource {
  return { sigun, mentorUserId: mentorUserIdFor(actor, mentorName) };
}

export interface ManagedCase {
  id: number;
  slug: string;
  title: string;
  sigun: string;
  state: CaseState;
  stateReason: string | null;
  publishAt: Date | null;
  updatedAt: Date;
  authorName: string | null;
}

/**
 * The cases of /cases/manage: province staff see every case (optionally one state); others
 * see the cases they wrote or mentored and those of the 시·군 they work for.
 */
export async function listManagedCases(db: Database, actor: Actor, filter: { state?: CaseState } = {}): Promise<ManagedCase[]> {
  const province = hasRole(actor, 'staff');
  const scopes = actor.sigunScopes ?? [];
  const mine: SQL | undefined = province
    ? undefined
    : or(
        eq(cases.authorId, actor.id),
        eq(cases.mentorUserId, actor.id),
        scopes.length ? inArray(cases.sigun, [...scopes] as CaseRow['sigun'][]) : undefined,
      );
  return db
    .select({
      id: cases.id,
      slug: cases.slug,
      title: cases.title,
      sigun: cases.sigun,
      state: cases.state,
      stateReason: cases.stateReason,
      publishAt: cases.publishAt,
      updatedAt: cases.updatedAt,
      authorName: users.displayName,
    })
    .from(cases)
    .leftJoin(users, eq(users.id, cases.authorId))
    .where(and(mine, filter.state ? eq(cases.state, filter.state) : undefined))
    .orderBy(desc(cases.updatedAt), desc(cases.id))
    .limit(500);
}

/** Revisions, oldest first, with the saver's display name. */
export async function revisionsWithAuthors(db: Database, caseId: number) {
  return db
    .select({ id: caseRevisions.id, data: caseRevisions.data, note: caseRevisions.note, createdAt: caseRevisions.createdAt, userName: users.displayName })
    .from(caseRevisions)
    .leftJoin(users, eq(users.id, caseRevisions.userId))
    .where(eq(caseRevisions.caseId, caseId))
    .orderBy(asc(caseRevisions.id));
}

/** Whether the user may draft some case (the 사례 관리 link): province staff, 시·군 담당자, mentors. */
export function mayDraftCases(actor: (Actor & { displayName?: string }) | null | undefined): boolean {
  if (!actor) return false;
  const mentorUserId = actor.role === 'mentor' ? actor.id : null;
  return SIGUN_CODES.some((sigun) => can(actor, 'case.draft', { sigun, mentorUserId }));
}
