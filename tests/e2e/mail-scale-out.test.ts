// Two built instances on one PostgreSQL database, both delivering from the same outbox to a
// real SMTP server: every mail arrives exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { FormClient, startServer, type RunningServer } from '../helpers/server';
import { available } from '../helpers/requirements';
import { createServerDatabase } from '../helpers/database';
import { startSmtp, type TestSmtp } from '../helpers/smtp';

describe.skipIf(!available('postgres'))('mail from two instances, one PostgreSQL', () => {
  let a: RunningServer;
  let b: RunningServer;
  let smtp: TestSmtp;
  let database: Awaited<ReturnType<typeof createServerDatabase>>;

  beforeAll(async () => {
    smtp = await startSmtp();
    database = await createServerDatabase();
    const env = { DATABASE_URL: database.url, SMTP_URL: smtp.url, MAIL_POLL_MS: '50', SAMPLE_CONTENT: 'off' };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
    await smtp?.stop();
  });

  it('sends each confirmation mail once although both instances deliver', async () => {
    const password = '두 대의 서버가 메일을 나눠 보냅니다';
    const emails = Array.from({ length: 12 }, (_, i) => `twice${i}@example.kr`);
    await Promise.all(
      emails.map(async (email, i) => {
        const res = await new FormClient((i % 2 ? a : b).url).post('/signup?_action=signUp', {
          email,
          handle: email.split('@')[0]!,
          password,
          passwordConfirm: password,
          displayName: '메일확장',
          companyName: '사아정밀(가칭)',
          agreePrivacy: 'on',
          agreeTerms: 'on',
        });
        expect(res.status).toBe(302);
      }),
    );
    await smtp.waitFor(() => emails.every((e) => smtp.to(e).length > 0), 30_000);
    // Once every row of the outbox is marked sent, no instance delivers any of them again.
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      await expect
        .poll(async () => (await sql`select count(*)::int as n from mail_outbox where status <> 'sent'`)[0]!.n, { timeout: 30_000 })
        .toBe(0);
    } finally {
      await sql.end();
    }
    for (const email of emails) expect(smtp.to(email), email).toHaveLength(1);
    expect(smtp.received).toHaveLength(emails.length);
  });
});
