import { describe, expect, it } from 'vitest';
import { databaseTargets, useDatabase } from './helpers/database';
import { GOOD_PASSWORD, makeUser, newAccount } from './helpers/accounts';
import { createUser, ensureAdmin, getUserByEmail, setPassword, setUserRole, signUpConflict, updateProfile } from '../src/lib/auth/user';
import { latestConsent, recordConsent } from '../src/lib/auth/consent';
import { createSession, validateSessionToken } from '../src/lib/auth/session';
import { verifyPassword } from '../src/lib/auth/password';

describe.each(databaseTargets())('accounts on $name', (target) => {
  const db = useDatabase(target);

  it('records which consent texts were accepted, and when', async () => {
    const user = await createUser(db(), newAccount(), { privacy: '2026-12-01', terms: '2026-11-30', marketing: '2026-12-01' });
    expect(user).not.toBeNull();
    const privacy = await latestConsent(db(), user!.id, 'privacy');
    expect(privacy).toMatchObject({ version: '2026-12-01', granted: true });
    expect(privacy!.recordedAt.getTime()).toBe(user!.createdAt.getTime());
    expect((await latestConsent(db(), user!.id, 'terms'))?.version).toBe('2026-11-30');
    expect((await latestConsent(db(), user!.id, 'marketing'))?.granted).toBe(true);
    await recordConsent(db(), user!.id, 'marketing', '2026-12-01', false);
    expect((await latestConsent(db(), user!.id, 'marketing'))?.granted).toBe(false);
  });

  it('leaves marketing consent unrecorded when not given', async () => {
    const user = await makeUser(db());
    expect(await latestConsent(db(), user.id, 'marketing')).toBeUndefined();
  });

  it('refuses a second account for the same email, whatever its case', async () => {
    await makeUser(db(), { email: 'Kim.CEO@Example.kr' });
    const again = await createUser(db(), newAccount({ email: ' kim.ceo@example.KR ' }), { privacy: 'v', terms: 'v' });
    expect(again).toBeNull();
    expect((await getUserByEmail(db(), 'KIM.ceo@example.kr'))?.displayName).toBeTruthy();
  });

  it('refuses a taken handle and says which field is taken', async () => {
    await makeUser(db(), { email: 'first@example.kr', handle: 'gunsan_ceo' });
    expect(await createUser(db(), newAccount({ handle: 'gunsan_ceo' }), { privacy: 'v', terms: 'v' })).toBeNull();
    expect(await signUpConflict(db(), 'someone@example.kr', 'gunsan_ceo')).toBe('handle');
    expect(await signUpConflict(db(), 'FIRST@example.kr', 'other')).toBe('email');
  });

  it('two sign-ups racing for one email create one account', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => createUser(db(), newAccount({ email: 'race@example.kr' }), { privacy: 'v', terms: 'v' })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('updates the profile', async () => {
    const user = await makeUser(db());
    await updateProfile(db(), user.id, { displayName: '새이름', companyName: '다라식품(가칭)', sigunCode: null, industry: '식품' });
    const fresh = await getUserByEmail(db(), user.email);
    expect(fresh).toMatchObject({ displayName: '새이름', companyName: '다라식품(가칭)', sigunCode: null, industry: '식품' });
  });

  it('a password change ends the other sessions but keeps this one', async () => {
    const user = await makeUser(db());
    const here = await createSession(db(), user.id);
    const elsewhere = await createSession(db(), user.id);
    await setPassword(db(), user.id, '새로운 비밀번호 문장 2027', here.split('.')[0]);
    expect(await validateSessionToken(db(), here)).not.toBeNull();
    expect(await validateSessionToken(db(), elsewhere)).toBeNull();
    const fresh = await getUserByEmail(db(), user.email);
    expect(await verifyPassword(fresh!.passwordHash, '새로운 비밀번호 문장 2027')).toBe(true);
    expect(await verifyPassword(fresh!.passwordHash, GOOD_PASSWORD)).toBe(false);
  });

  it('a role change ends every session of that user', async () => {
    const user = await makeUser(db());
    const token = await createSession(db(), user.id);
    await setUserRole(db(), user.id, 'mentor');
    expect(await validateSessionToken(db(), token)).toBeNull();
    expect((await getUserByEmail(db(), user.email))?.role).toBe('mentor');
  });

  it('creates the admin from the environment once, or promotes an existing account', async () => {
    const admin = await ensureAdmin(db(), { email: 'admin@example.kr', password: GOOD_PASSWORD });
    expect(admin.role).toBe('admin');
    expect(admin.handle).toBe('admin');
    const again = await ensureAdmin(db(), { email: 'ADMIN@example.kr', password: 'ignored but long enough' });
    expect(again.id).toBe(admin.id);
    const member = await makeUser(db(), { email: 'staff@example.kr' });
    expect((await ensureAdmin(db(), { email: 'staff@example.kr', password: 'x' })).id).toBe(member.id);
    expect((await getUserByEmail(db(), 'staff@example.kr'))?.role).toBe('admin');
  });
});
