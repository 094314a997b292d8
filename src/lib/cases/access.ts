// A stored case as can() sees it (src/lib/auth/permissions.ts CaseResource). The company's
// mentor is the account in `mentor_user_id`: names in the case data are not unique, so a
// permission never rests on them (a case without a mentor account has no mentor who may draft it).
import type { CaseResource } from '../auth/permissions';
import type { CaseRow } from '../db/schema';

export function caseResource(row: Pick<CaseRow, 'sigun' | 'authorId' | 'state' | 'mentorUserId'>): CaseResource {
  return { sigun: row.sigun, authorId: row.authorId, state: row.state, mentorUserId: row.mentorUserId };
}
