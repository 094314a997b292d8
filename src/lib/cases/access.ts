// A stored case as can() sees it (src/lib/auth/permissions.ts CaseResource). The company's
// mentor is the account in `mentor_user_id`: names in the case data are not unique, so a
// permission never rests on them (a case without a mentor account has no mentor who may draft it).
import { can, type Actor, type CaseResource } from '../auth/permissions';
import type { Database } from '../db/client';
import type { CaseRow } from '../db/schema';
import { isId } from '../forms';
import { getCase } from './store';

export function caseResource(row: Pick<CaseRow, 'sigun' | 'authorId' | 'state' | 'mentorUserId'>): CaseResource {
  return { sigun: row.sigun, authorId: row.authorId, state: row.state, mentorUserId: row.mentorUserId };
}

/**
 * The case behind `/cases/manage/<id>` pages, if `user` may see it: a case someone may not
 * see does not exist for them (the page answers 404).
 */
export async function viewableCase(db: Database, user: Actor, idParam: string | undefined): Promise<CaseRow | undefined> {
  const id = Number(idParam);
  const row = isId(id) ? await getCase(db, id) : undefined;
  return row && can(user, 'case.view', caseResource(row)) ? row : undefined;
}
