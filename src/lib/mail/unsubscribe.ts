// Notification mail preferences per member and kind, and the one-click unsubscribe that
// every mail carries (it works without signing in: the link holds the member's mail key).
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { mailPreferences, users, type MailDelivery, type User } from '../db/schema';

const EVERY_DELIVERY = ['immediate', 'digest', 'never'] as const satisfies readonly MailDelivery[];

/**
 * The kinds of notification mail. Add a kind here (label, default and the choices offered)
 * and it appears on /account, in unsubscribe and in the digest. `case`: the steps of a case
 * study's review (src/lib/cases/notify.ts). `news` (new 공고 and case studies) only comes in
 * the digest: whoever wants each new 공고 at once subscribes on /notices/subscribe.
 */
export const MAIL_KINDS = {
  reply: { label: '지켜보는 글타래의 새 답글', default: 'digest', deliveries: EVERY_DELIVERY },
  mention: { label: '나를 언급(@)한 글', default: 'immediate', deliveries: EVERY_DELIVERY },
  accepted: { label: '내 답변이 채택됨', default: 'immediate', deliveries: EVERY_DELIVERY },
  warning: { label: '운영진의 조치(경고 등)', default: 'immediate', deliveries: EVERY_DELIVERY },
  consultation: { label: '컨설팅 신청의 진행 상황과 새 메시지', default: 'immediate', deliveries: EVERY_DELIVERY },
  case: { label: '사례 검토 진행 알림', default: 'immediate', deliveries: EVERY_DELIVERY },
  news: { label: '새 공고·우수사례 소식', default: 'digest', deliveries: ['digest', 'never'] },
} as const satisfies Record<string, { label: string; default: MailDelivery; deliveries: readonly MailDelivery[] }>;
export type MailKind = keyof typeof MAIL_KINDS;
export const MAIL_KIND_KEYS = Object.keys(MAIL_KINDS) as MailKind[];

export const DELIVERY_LABELS: Record<MailDelivery, string> = {
  immediate: '바로',
  digest: '하루 한 번 모아서(오전 8시)',
  never: '받지 않음',
};

export function unsubscribeUrl(siteUrl: string, user: Pick<User, 'mailKey'>, kind?: MailKind): string {
  return `${siteUrl}/mail/unsubscribe?u=${user.mailKey}${kind ? `&kind=${kind}` : ''}`;
}

export async function mailPreferencesOf(db: Database, userId: number): Promise<Record<MailKind, MailDelivery>> {
  const rows = await db.select().from(mailPreferences).where(eq(mailPreferences.userId, userId));
  const prefs = Object.fromEntries(MAIL_KIND_KEYS.map((k) => [k, MAIL_KINDS[k].default])) as Record<MailKind, MailDelivery>;
  for (const row of rows) if (row.kind in MAIL_KINDS) prefs[row.kind as MailKind] = row.delivery;
  return prefs;
}

export async function setMailPreferences(db: Database, userId: number, prefs: Partial<Record<MailKind, MailDelivery>>): Promise<void> {
  for (const [kind, delivery] of Object.entries(prefs)) {
    if (!delivery) continue; // a kind the form did not send keeps its setting
    await db
      .insert(mailPreferences)
      .values({ userId, kind, delivery })
      .onConflictDoUpdate({ target: [mailPreferences.userId, mailPreferences.kind], set: { delivery } });
  }
}

export async function userByMailKey(db: Database, key: string) {
  if (!/^[0-9a-f]{32}$/.test(key)) return undefined;
  const [user] = await db.select().from(users).where(eq(users.mailKey, key)).limit(1);
  return user;
}

/**
 * Stops notification mail for the member of `key` (one kind, or every kind). Returns false
 * when the key is unknown. Mail about the account itself (password reset) is not affected.
 */
export async function unsubscribeByKey(db: Database, key: string, kind?: string): Promise<boolean> {
  const user = await userByMailKey(db, key);
  if (!user) return false;
  const kinds = kind && kind in MAIL_KINDS ? [kind as MailKind] : MAIL_KIND_KEYS;
  await setMailPreferences(db, user.id, Object.fromEntries(kinds.map((k) => [k, 'never' as const])));
  return true;
}

export async function preferenceOf(db: Database, userId: number, kind: MailKind): Promise<MailDelivery> {
  const [row] = await db
    .select({ delivery: mailPreferences.delivery })
    .from(mailPreferences)
    .where(and(eq(mailPreferences.userId, userId), eq(mailPreferences.kind, kind)))
    .limit(1);
  return row?.delivery ?? MAIL_KINDS[kind].default;
}
