// Two instances of the built server on one PostgreSQL database, as behind a load
// balancer: nothing that matters lives in one instance's memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormClient, startServer, type RunningServer } from '../helpers/server';
import { available } from '../helpers/requirements';
import { createServerDatabase } from '../helpers/database';

describe.skipIf(!available('postgres'))('two instances, one PostgreSQL', () => {
  let a: RunningServer;
  let b: RunningServer;
  let database: Awaited<ReturnType<typeof createServerDatabase>>;

  beforeAll(async () => {
    database = await createServerDatabase();
    // Started together: their migrations must not trip over each other.
    [a, b] = await Promise.all([startServer({ DATABASE_URL: database.url }), startServer({ DATABASE_URL: database.url })]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  const password = '두 대의 서버가 하나의 DB를 씁니다';

  async function signUp(client: FormClient, email: string) {
    const res = await client.post('/signup?_action=signUp', {
      email,
      handle: email.split('@')[0]!,
      password,
      passwordConfirm: password,
      displayName: '확장테스트',
      companyName: '사아정밀(가칭)',
      agreePrivacy: 'on',
      agreeTerms: 'on',
    });
    expect(res.status).toBe(302);
  }

  it('a session made on one instance is valid on the other, and sign-out on it ends it for both', async () => {
    const onA = new FormClient(a.url);
    await signUp(onA, 'scale@example.kr');
    const onB = new FormClient(b.url);
    onB.cookies = new Map(onA.cookies);
    const account = await onB.get('/account');
    expect(account.status).toBe(200);
    expect(await account.text()).toContain('scale@example.kr');

    await onB.post('/logout?_action=signOut', {});
    const afterSignOut = await onA.get('/account');
    expect(afterSignOut.status).toBe(302);
    expect(afterSignOut.headers.get('location')).toContain('/login');
  });

  it('the sign-in limit counts attempts made on both instances', async () => {
    await signUp(new FormClient(a.url), 'limited@example.kr');
    const wrong = { email: 'limited@example.kr', password: 'not the right password' };
    const statuses: number[] = [];
    for (const server of [a, b, a, b, a]) {
      statuses.push((await new FormClient(server.url).post('/login?_action=signIn', wrong)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // The sixth attempt, on either instance, is refused even with the right password.
    const sixth = await new FormClient(b.url).post('/login?_action=signIn', { ...wrong, password });
    expect(sixth.status).toBe(429);
    expect(await sixth.text()).toContain('로그인 시도가 너무 많습니다');
  });
});
