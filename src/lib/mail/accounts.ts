// Mail about the account itself: password reset and address confirmation.
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Database } from '../db/client';
import { users, type User } from '../db/schema';
import { getUserByEmail, normalizeEmail, setPassword } from '../auth/user';
import { composeMail } from './compose';
import { enqueueMail } from './outbox';
import { consumeMailToken, createMailToken, revokeMailTokens, PASSWORD_RESET_TTL_MS, VERIFY_EMAIL_TTL_MS } from './tokens';
import { unsubscribeUrl } from './unsubscribe';

type Recipient = Pick<User, 'id' | 'displayName' | 'mailKey'>;

/**
 * Sends a reset link if the address belongs to a member who can sign in; does nothing
 * otherwise. The caller answers the same way in both cases.
 */
export async function requestPasswordReset(db: Database, email: string, siteUrl: string, now: Date): Promise<void> {
  const user = await getUserByEmail(db, email);
  if (!user || user.sample) return;
  await db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    // Only the newest link works.
    await revokeMailTokens(t, user.id, 'password-reset', now);
    const token = await createMailToken(t, { userId: user.id, purpose: 'password-reset', email: user.email, ttlMs: PASSWORD_RESET_TTL_MS }, now);
    const link = `${siteUrl}/password-reset/${token}`;
    await enqueueMail(
      t,
      {
        kind: 'password-reset',
        to: user.email,
        ...composeMail({
          subject: '비밀번호 재설정 안내',
          paragraphs: [
            `${user.displayName}님, 비밀번호 재설정을 요청하셨습니다.`,
            '아래 링크에서 새 비밀번호를 정해 주세요. 링크는 30분 동안 한 번만 쓸 수 있습니다. 새 비밀번호를 정하면 로그인해 있던 모든 기기에서 로그아웃됩니다.',
            '직접 요청하지 않으셨다면 이 메일을 무시하셔도 됩니다. 비밀번호는 바뀌지 않습니다.',
          ],
          action: { label: '새 비밀번호 정하기', url: link },
          reason: `${user.email} 주소로 이 포털에서 비밀번호 재설정을 요청했기 때문에 보내는 메일입니다.`,
          unsubscribeUrl: unsubscribeUrl(siteUrl, user),
          unsubscribeLabel: '알림 메일',
        }),
      },
      now,
    );
  });
}

export type ResetOutcome = { ok: true; userId: number } | { ok: false };

/** Sets the new password if the link is still good; every session of the account ends. */
export async function resetPassword(db: Database, token: string, password: string, now: Date): Promise<ResetOutcome> {
  const used = await consumeMailToken(db, token, 'password-reset', now);
  if (!used) return { ok: false };
  await setPassword(db, used.userId, password);
  // The link proved the member reads this mailbox.
  await db.update(users).set({ emailVerifiedAt: now }).where(and(eq(users.id, used.userId), eq(users.email, used.email), isNull(users.emailVerifiedAt)));
  return { ok: true, userId: used.userId };
}

/** Queues a confirmation link for `email` (the member's address, or the one they change to). */
export async function sendAddressConfirmation(
  db: Database,
  user: Recipient & { email: string },
  email: string,
  siteUrl: string,
  now: Date,
): Promise<void> {
  await revokeMailTokens(db, user.id, 'verify-email', now);
  const token = await createMailToken(db, { userId: user.id, purpose: 'verify-email', email, ttlMs: VERIFY_EMAIL_TTL_MS }, now);
  const changing = normalizeEmail(email) !== normalizeEmail(user.email);
  await enqueueMail(
    db,
    {
      kind: 'verify-email',
      to: email,
      ...composeMail({
        subject: changing ? '새 이메일 주소를 확인해 주세요' : '이메일 주소를 확인해 주세요',
        paragraphs: [
          `${user.displayName}님, ${changing ? '로그인 이메일을 이 주소로 바꾸시려면' : '가입을 마치시려면'} 아래 링크를 눌러 주소를 확인해 주세요.`,
          '링크는 3일 동안 한 번 쓸 수 있습니다. 주소를 확인하기 전에는 글을 쓰거나 알림 메일을 받을 수 없습니다(읽기, 체크리스트 작성·저장은 됩니다).',
          '직접 요청하지 않으셨다면 이 메일을 무시하셔도 됩니다.',
        ],
        action: { label: '이메일 주소 확인', url: `${siteUrl}/verify-email/${token}` },
        reason: `이 포털 계정의 이메일 주소로 ${email}이(가) 입력되었기 때문에 보내는 메일입니다.`,
        unsubscribeUrl: unsubscribeUrl(siteUrl, user),
        unsubscribeLabel: '알림 메일',
      }),
    },
    now,
  );
}

export type ConfirmOutcome = { ok: true; userId: number; changed: boolean } | { ok: false; reason: 'invalid' | 'taken' };

/**
 * Confirms the address of the link. For a change of address, the new one replaces the old
 * one, and the old address is told (in case someone else made the change).
 */
export async function confirmAddress(db: Database, token: string, siteUrl: string, now: Date): Promise<ConfirmOutcome> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const used = await consumeMailToken(t, token, 'verify-email', now);
    if (!used) return { ok: false, reason: 'invalid' } as const;
    const [user] = await t.select().from(users).where(eq(users.id, used.userId)).limit(1);
    if (!user) return { ok: false, reason: 'invalid' } as const;
    const email = normalizeEmail(used.email);
    if (email === user.email) {
      await t.update(users).set({ emailVerifiedAt: user.emailVerifiedAt ?? now }).where(eq(users.id, user.id));
      return { ok: true, userId: user.id, changed: false } as const;
    }
    const [taken] = await t.select({ id: users.id }).from(users).where(and(eq(users.email, email), ne(users.id, user.id))).limit(1);
    if (taken) return { ok: false, reason: 'taken' } as const;
    await t.update(users).set({ email, emailVerifiedAt: now, updatedAt: now }).where(eq(users.id, user.id));
    await enqueueMail(
      t,
      {
        kind: 'email-changed',
        to: user.email,
        ...composeMail({
          subject: '로그인 이메일 주소가 바뀌었습니다',
          paragraphs: [
            `${user.displayName}님, 이 포털 계정의 로그인 이메일이 ${user.email}에서 ${email}(으)로 바뀌었습니다.`,
            '직접 바꾸지 않으셨다면 포털 운영자에게 바로 알려 주세요.',
          ],
          reason: `${user.email}이(가) 이 계정의 이전 로그인 주소였기 때문에 보내는 메일입니다. 이 주소로는 더 이상 메일을 보내지 않습니다.`,
          unsubscribeUrl: unsubscribeUrl(siteUrl, user),
          unsubscribeLabel: '알림 메일',
        }),
      },
      now,
    );
    return { ok: true, userId: user.id, changed: true } as const;
  });
}

/** For set-ups without confirmation by mail (EMAIL_VERIFICATION=off). */
export async function markAddressConfirmed(db: Database, userId: number, now: Date): Promise<void> {
  await db.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, userId));
}
