// Two built instances on one PostgreSQL: a file uploaded through one is served, byte for
// byte and by range, by the other (content lives in the database, not on one machine).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormClient, startServer, type RunningServer } from '../helpers/server';
import { available } from '../helpers/requirements';
import { createServerDatabase } from '../helpers/database';
import { uploadFiles } from '../helpers/uploads';
import * as fx from '../helpers/file-fixtures';

describe.skipIf(!available('postgres'))('files on two instances, one PostgreSQL', () => {
  let a: RunningServer;
  let b: RunningServer;
  let database: Awaited<ReturnType<typeof createServerDatabase>>;

  beforeAll(async () => {
    database = await createServerDatabase();
    // The member uploads right after signing up; confirmation by mail is tested in mail.test.ts.
    const env = { DATABASE_URL: database.url, EMAIL_VERIFICATION: 'off' };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('serves through B what was uploaded through A', async () => {
    const onA = new FormClient(a.url);
    const password = '두 대의 서버가 파일을 나눕니다 2026';
    const signUp = await onA.post('/signup?_action=signUp', {
      email: 'files-scale@example.kr',
      handle: 'files_scale',
      password,
      passwordConfirm: password,
      displayName: '파일확장',
      companyName: '자차정밀(가칭)',
      agreePrivacy: 'on',
      agreeTerms: 'on',
    });
    expect(signUp.status).toBe(302);
    const cookie = [...onA.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const data = fx.pdf('two instances', 600 * 1024);
    const uploaded = await uploadFiles(a.url, cookie, [{ name: '공고문.pdf', data }]).catch((error) => {
      throw new Error(`${error}\n${a.output()}`);
    });
    expect(uploaded.status).toBe(200);
    const path = uploaded.files[0]!.url;

    const fromB = await fetch(b.url + path, { headers: { cookie } });
    expect(fromB.status).toBe(200);
    expect(Buffer.from(await fromB.arrayBuffer())).toEqual(data);
    const range = await fetch(b.url + path, { headers: { cookie, range: 'bytes=300000-300099' } });
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer())).toEqual(data.subarray(300000, 300100));
    // Not attached to anything yet: only its uploader may fetch it, on either instance.
    expect((await fetch(b.url + path)).status).toBe(404);
  });
});
