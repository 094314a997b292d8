// 시·군 담당자: which 시·군 a user works for. Admins assign and remove them on the member
// page (audited); can() reads them from the signed-in user (`sigunScopes`, loaded with the
// session in one query, see session.ts).
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { sigunScopes as scopes, users } from '../db/schema';
import { SIGUN_CODES, type SigunCode } from '../regions';

/** The 시·군 codes the user works for, in code order (empty: not a 시·군 담당자). */
export async function sigunScopes(db: Database, userId: number): Promise<SigunCode[]> {
  const rows = await db.select({ code: scopes.sigunCode }).from(scopes).where(eq(scopes.userId, userId)).orderBy(asc(scopes.sigunCode));
  return rows.map((r) => r.code).filter(isSigunCode);
}

/** SQL for the user's scopes as a text[] (for a select beside the user row, as the session does). */
export const scopesOfUserSql = sql<string[]>`coalesce((select array_agg(s.sigun_code order by s.sigun_code) from sigun_scopes s where s.user_id = ${users.id}), '{}'::text[])`;

export function isSigunCode(code: string): code is SigunCode {
  return (SIGUN_CODES as readonly string[]).includes(code);
}

/** Gives the user the 시·군; false when they already had it. */
export async function assignSigunScope(db: Database, userId: number, sigunCode: SigunCode, assignedBy: number | null): Promise<boolean> {
  const added = await db.insert(scopes).values({ userId, sigunCode, assignedBy }).onConflictDoNothing().returning({ code: scopes.sigunCode });
  return added.length > 0;
}

/** Takes the 시·군 away from the user; false when they did not have it. */
export async function removeSigunScope(db: Database, userId: number, sigunCode: SigunCode): Promise<boolean> {
  const removed = await db
    .delete(scopes)
    .where(and(eq(scopes.userId, userId), eq(scopes.sigunCode, sigunCode)))
    .returning({ code: scopes.sigunCode });
  return removed.length > 0;
}
