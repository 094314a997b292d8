import type { Database } from '../../src/lib/db/client';
import { createUser, type NewAccount } from '../../src/lib/auth/user';
import { eq } from 'drizzle-orm';
import { users, type UserRole } from '../../src/lib/db/schema';

let counter = 0;

/** A strong password that passes the policy. */
export const GOOD_PASSWORD = '전주 한옥마을 2026 스마트공장';

export function newAccount(overrides: Partial<NewAccount> = {}): NewAccount {
  counter += 1;
  return {
    email: `member${counter}-${process.pid}@example.kr`,
    handle: `m${counter}_${process.pid}`.slice(0, 20),
    password: GOOD_PASSWORD,
    displayName: `회원${counter}`,
    companyName: '가나정밀(가칭)',
    sigunCode: '52130',
    industry: '기계',
    ...overrides,
  };
}

/** A member whose address is confirmed (as every account was before confirmation by mail existed). */
export async function makeUser(db: Database, overrides: Partial<NewAccount> = {}, role: UserRole = 'member') {
  const user = await createUser(db, newAccount(overrides), { privacy: '2026-12-01', terms: '2026-12-01' }, role, async (tx, created) => {
    await tx.update(users).set({ emailVerifiedAt: created.createdAt }).where(eq(users.id, created.id));
    created.emailVerifiedAt = created.createdAt;
  });
  if (!user) throw new Error('test user could not be created');
  return user;
}
