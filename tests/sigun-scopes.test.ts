// 시·군 담당자 scopes in the database: assigned and removed, loaded with the session user in
// the same query, gone with the account.
import { describe, expect, it } from 'vitest';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import { assignSigunScope, removeSigunScope, sigunScopes } from '../src/lib/auth/scopes';
import { createSession, validateSessionToken } from '../src/lib/auth/session';
import { deleteAccount } from '../src/lib/admin/users';
import { can } from '../src/lib/auth/permissions';

describe.each(databaseTargets())('시·군 담당자 scopes on $name', (target) => {
  const db = useDatabase(target);

  it('assigns, lists in code order, ignores a repeat and removes', async () => {
    const admin = await makeUser(db(), {}, 'admin');
    const official = await makeUser(db());
    expect(await sigunScopes(db(), official.id)).toEqual([]);
    expect(await assignSigunScope(db(), official.id, '52800', admin.id)).toBe(true);
    expect(await assignSigunScope(db(), official.id, '52110', admin.id)).toBe(true);
    expect(await assignSigunScope(db(), official.id, '52110', admin.id)).toBe(false);
    expect(await sigunScopes(db(), official.id)).toEqual(['52110', '52800']);
    expect(await removeSigunScope(db(), official.id, '52800')).toBe(true);
    expect(await removeSigunScope(db(), official.id, '52800')).toBe(false);
    expect(await sigunScopes(db(), official.id)).toEqual(['52110']);
  });

  it('the session user carries the scopes, so can() lets them edit only their 시·군', async () => {
    const official = await makeUser(db());
    const other = await makeUser(db());
    await assignSigunScope(db(), official.id, '52130', null);
    const signedIn = (await validateSessionToken(db(), await createSession(db(), official.id)))!.user;
    expect(signedIn.sigunScopes).toEqual(['52130']);
    expect(can(signedIn, 'programme.edit', { sigun: '52130' })).toBe(true);
    expect(can(signedIn, 'programme.edit', { sigun: '52110' })).toBe(false);
    const plain = (await validateSessionToken(db(), await createSession(db(), other.id)))!.user;
    expect(plain.sigunScopes).toEqual([]);
    expect(can(plain, 'programme.manage', null)).toBe(false);
  });

  it('deleting the account removes its scopes', async () => {
    const official = await makeUser(db());
    await assignSigunScope(db(), official.id, '52130', null);
    await deleteAccount(db(), official.id);
    expect(await sigunScopes(db(), official.id)).toEqual([]);
  });
});
