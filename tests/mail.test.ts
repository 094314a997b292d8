// Mail in the database and over real SMTP: the outbox queue (same transaction as its cause,
// once per mail with concurrent senders, retries with backoff, failures an admin can retry),
// password reset links and address confirmation, and unsubscribing by the mail's key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import { startSmtp, headerOf, linkIn, type TestSmtp } from './helpers/smtp';
import type { Database } from '../src/lib/db/client';
import { mailOutbox, mailTokens, users } from '../src/lib/db/schema';
import { composeMail } from '../src/lib/mail/compose';
import { deliverDueMails, enqueueMail, retryMail, type DeliveryPolicy } from '../src/lib/mail/outbox';
import { smtpTransport } from '../src/lib/mail/transport';
import { confirmAddress, requestPasswordReset, resetPassword, sendAddressConfirmation } from '../src/lib/mail/accounts';
import { mailPreferencesOf, unsubscribeByKey, unsubscribeUrl } from '../src/lib/mail/unsubscribe';
import { createSession, validateSessionToken } from '../src/lib/auth/session';
import { verifyPassword } from '../src/lib/auth/password';
import { hashToken } from '../src/lib/mail/tokens';
import { can } from '../src/lib/auth/permissions';

const SITE = 'http://portal.test';
const NOW = new Date('2026-12-01T03:00:00Z');
const MINUTE = 60_000;
const at = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE);
const POLICY: DeliveryPolicy = { maxAttempts: 3, retryBaseMs: MINUTE, leaseMs: 5 * MINUTE, batchSize: 10 };

function testMail(to: string, subject = '테스트') {
  return {
    kind: 'test',
    to,
    ...composeMail({ subject, paragraphs: ['본문입니다.'], reason: '테스트라서 보냅니다.', unsubscribeUrl: `${SITE}/mail/unsubscribe?u=x` }),
  };
}

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp?.stop();
});

describe.each(databaseTargets())('mail on $name', (target) => {
  const db = useDatabase(target);
  const send = () => smtpTransport(smtp.url, '전북 스마트CEO포럼 <no-reply@portal.test>');

  it('records a mail only when the transaction that causes it commits', async () => {
    await expect(
      db().transaction(async (tx) => {
        await enqueueMail(tx as unknown as Database, testMail('rolled@example.kr'), NOW);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await db().transaction(async (tx) => enqueueMail(tx as unknown as Database, testMail('kept@example.kr'), NOW));
    const rows = await db().select().from(mailOutbox);
    expect(rows.map((r) => r.toAddress)).toEqual(['kept@example.kr']);
  });

  it('delivers over SMTP in Korean, text and HTML, with a one-click unsubscribe and no images', async () => {
    const to = `frame-${target.name}@example.kr`;
    await enqueueMail(db(), testMail(to, '프레임 확인'), NOW);
    const t = send();
    expect(await deliverDueMails(db(), t.send, NOW, POLICY)).toBe(1);
    t.close();
    const mail = await smtp.waitFor((m) => m.to === to);
    expect(mail.subject).toBe('[전북 스마트CEO포럼 포털] 프레임 확인');
    expect(mail.text).toContain('본문입니다.');
    expect(mail.text).toContain('테스트라서 보냅니다.');
    expect(mail.html).toContain('lang="ko"');
    expect(mail.html).not.toMatch(/<img/i);
    expect(headerOf(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(headerOf(mail, 'List-Unsubscribe')).toBe(`<${SITE}/mail/unsubscribe?u=x>`);
    const [row] = await db().select().from(mailOutbox);
    expect(row!.status).toBe('sent');
    // A second round sends nothing more.
    expect(await deliverDueMails(db(), send().send, at(1), POLICY)).toBe(0);
    expect(smtp.to(to)).toHaveLength(1);
  });

  it('without SMTP keeps the mail in the outbox for admins', async () => {
    await enqueueMail(db(), testMail('outbox@example.kr'), NOW);
    expect(await deliverDueMails(db(), undefined, NOW, POLICY)).toBe(1);
    const [row] = await db().select().from(mailOutbox);
    expect(row!.status).toBe('kept');
    expect(smtp.to('outbox@example.kr')).toHaveLength(0);
  });

  it('gives each mail to one of several concurrent senders', async () => {
    const prefix = `many-${target.name}`;
    for (let i = 0; i < 25; i++) await enqueueMail(db(), testMail(`${prefix}-${i}@example.kr`), NOW);
    const senders = [send(), send(), send()];
    await Promise.all(senders.map(async (s) => { while ((await deliverDueMails(db(), s.send, NOW, POLICY)) > 0); }));
    senders.forEach((s) => s.close());
    const got = smtp.received.filter((m) => m.to.startsWith(prefix)).map((m) => m.to).sort();
    expect(got).toHaveLength(25);
    expect(new Set(got).size).toBe(25);
  });

  it('retries with growing delays while the SMTP server is down, then sends once; gives up after the last try', async () => {
    const to = `outage-${target.name}@example.kr`;
    await enqueueMail(db(), testMail(to), NOW);
    await smtp.stop();
    try {
      const t = send();
      await deliverDueMails(db(), t.send, NOW, POLICY);
      let [row] = await db().select().from(mailOutbox);
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row!.nextAttemptAt.getTime()).toBe(at(1).getTime());
      expect(row!.lastError).toBeTruthy();
      // Not due yet: nothing is tried.
      await deliverDueMails(db(), t.send, at(0.5), POLICY);
      [row] = await db().select().from(mailOutbox);
      expect(row!.attempts).toBe(1);
      await deliverDueMails(db(), t.send, at(1), POLICY);
      [row] = await db().select().from(mailOutbox);
      expect(row).toMatchObject({ status: 'pending', attempts: 2 });
      expect(row!.nextAttemptAt.getTime()).toBe(at(3).getTime()); // 1 min, then 2 min
      await deliverDueMails(db(), t.send, at(3), POLICY);
      [row] = await db().select().from(mailOutbox);
      expect(row).toMatchObject({ status: 'failed', attempts: 3 });
      expect(await retryMail(db(), row!.id, at(4))).toBe(true);
      expect(await retryMail(db(), row!.id, at(4))).toBe(false); // only failed mails
      t.close();
    } finally {
      await smtp.start();
    }
    const t = send();
    expect(await deliverDueMails(db(), t.send, at(4), POLICY)).toBe(1);
    t.close();
    await smtp.waitFor((m) => m.to === to);
    expect(smtp.to(to)).toHaveLength(1);
  });

  it('password reset: one link per request, valid 30 minutes, once; sessions end; unknown addresses get nothing', async () => {
    const user = await makeUser(db());
    const session = await createSession(db(), user.id);
    await requestPasswordReset(db(), 'nobody@example.kr', SITE, NOW);
    expect(await db().$count(mailOutbox)).toBe(0);
    await requestPasswordReset(db(), user.email.toUpperCase(), SITE, NOW);
    const [row] = await db().select().from(mailOutbox);
    expect(row!.toAddress).toBe(user.email);
    const link = linkIn({ text: row!.text } as never, '/password-reset/');
    const token = link.pathname.split('/').at(-1)!;
    // Only the hash is stored.
    const [stored] = await db().select().from(mailTokens);
    expect(stored!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    expect(await resetPassword(db(), token, '새 비밀번호 전주 2027 공장', at(31))).toEqual({ ok: false });
    expect(await resetPassword(db(), token, '새 비밀번호 전주 2027 공장', at(29))).toEqual({ ok: true, userId: user.id });
    expect(await resetPassword(db(), token, '또 다른 비밀번호 2028 익산', at(29))).toEqual({ ok: false });
    const [fresh] = await db().select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword(fresh!.passwordHash, '새 비밀번호 전주 2027 공장')).toBe(true);
    expect(await validateSessionToken(db(), session)).toBeNull();
  });

  it('a new reset request makes the earlier link useless', async () => {
    const user = await makeUser(db());
    await requestPasswordReset(db(), user.email, SITE, NOW);
    await requestPasswordReset(db(), user.email, SITE, at(1));
    const rows = await db().select().from(mailOutbox).orderBy(mailOutbox.id);
    const [first, second] = rows.map((r) => linkIn({ text: r.text } as never, '/password-reset/').pathname.split('/').at(-1)!);
    expect((await resetPassword(db(), first!, '새 비밀번호 전주 2027 공장', at(2))).ok).toBe(false);
    expect((await resetPassword(db(), second!, '새 비밀번호 전주 2027 공장', at(2))).ok).toBe(true);
  });

  it('address confirmation: unconfirmed members cannot post; confirming lets them; a change of address tells the old one', async () => {
    const user = await makeUser(db());
    await db().update(users).set({ emailVerifiedAt: null }).where(eq(users.id, user.id));
    const board = { readAccess: 'public', postAccess: 'members', kind: 'discussion' } as const;
    expect(can({ ...user, emailVerifiedAt: null }, 'thread.create', { board })).toBe(false);
    expect(can({ ...user, emailVerifiedAt: null }, 'checklist.viewAssessment', { ownerId: user.id })).toBe(true);

    await sendAddressConfirmation(db(), user, user.email, SITE, NOW);
    const confirmToken = (text: string) => linkIn({ text } as never, '/verify-email/').pathname.split('/').at(-1)!;
    let [mail] = await db().select().from(mailOutbox);
    expect(await confirmAddress(db(), confirmToken(mail!.text), SITE, NOW)).toEqual({ ok: true, userId: user.id, changed: false });
    let [fresh] = await db().select().from(users).where(eq(users.id, user.id));
    expect(fresh!.emailVerifiedAt).not.toBeNull();
    expect(can(fresh!, 'thread.create', { board })).toBe(true);

    await db().delete(mailOutbox);
    await sendAddressConfirmation(db(), fresh!, 'new-address@example.kr', SITE, NOW);
    [mail] = await db().select().from(mailOutbox);
    expect(mail!.toAddress).toBe('new-address@example.kr');
    expect(await confirmAddress(db(), confirmToken(mail!.text), SITE, at(1))).toEqual({ ok: true, userId: user.id, changed: true });
    [fresh] = await db().select().from(users).where(eq(users.id, user.id));
    expect(fresh!.email).toBe('new-address@example.kr');
    const told = await db().select().from(mailOutbox).where(eq(mailOutbox.toAddress, user.email));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('new-address@example.kr');
  });

  it('existing accounts count as confirmed (migration) and the unsubscribe key stops notification mail', async () => {
    const user = await makeUser(db());
    await db().update(users).set({ emailVerifiedAt: null }).where(eq(users.id, user.id));
    // The migration's rule, applied again:
    await db().execute(sql`update users set email_verified_at = created_at where email_verified_at is null`);
    const [fresh] = await db().select().from(users).where(eq(users.id, user.id));
    expect(fresh!.emailVerifiedAt).not.toBeNull();
    expect(fresh!.mailKey).toMatch(/^[0-9a-f]{32}$/);
    expect(unsubscribeUrl(SITE, fresh!, 'reply')).toBe(`${SITE}/mail/unsubscribe?u=${fresh!.mailKey}&kind=reply`);
    expect(await mailPreferencesOf(db(), user.id)).toEqual({ reply: 'digest', mention: 'immediate', accepted: 'immediate', warning: 'immediate', consultation: 'immediate', case: 'immediate', news: 'digest' });
    expect(await unsubscribeByKey(db(), fresh!.mailKey, 'reply')).toBe(true);
    expect((await mailPreferencesOf(db(), user.id)).reply).toBe('never');
    expect(await unsubscribeByKey(db(), fresh!.mailKey)).toBe(true);
    expect(Object.values(await mailPreferencesOf(db(), user.id))).toEqual(['never', 'never', 'never', 'never', 'never', 'never', 'never']);
    expect(await unsubscribeByKey(db(), '0'.repeat(32))).toBe(false);
  });
});
