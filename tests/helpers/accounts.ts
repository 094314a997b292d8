import type { Database } from '../../src/lib/db/client';
import type { FormClient } from './server';
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

let formAccounts = 0;

/** The fields of a filled-in sign-up form (/signup), unique per call; `overrides` replace any. */
export function signUpFields(overrides: Record<string, string> = {}): Record<string, string> {
  formAccounts += 1;
  const tag = `${formAccounts}_${process.pid}`;
  return {
    email: `form${tag}@example.kr`,
    handle: `f${tag}`.slice(0, 20),
    password: GOOD_PASSWORD,
    passwordConfirm: GOOD_PASSWORD,
    displayName: `대표${formAccounts}`,
    companyName: `폼정밀${formAccounts}(가칭)`,
    sigunCode: '52130',
    industry: '기계',
    agreePrivacy: 'on',
    agreeTerms: 'on',
    ...overrides,
  };
}

/** Signs up through the form, as a browser without JavaScript does; the client keeps the session. */
export async function signUpWithForm(client: FormClient, overrides: Record<string, string> = {}) {
  const fields = signUpFields(overrides);
  const res = await client.post('/signup?_action=signUp', fields);
  if (res.status !== 302) throw new Error(`sign-up answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
  return fields;
}

/** Signs in through the form; resolves with the status (302 when it worked). */
export async function signInWithForm(client: FormClient, email: string, password: string): Promise<number> {
  return (await client.post('/login?_action=signIn', { email, password })).status;
}
