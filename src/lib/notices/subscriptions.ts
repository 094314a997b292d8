// Subscriptions to new 공고 by 분야 and 시·군. Members subscribe with their login address
// (confirmed accounts only get mail); guests give an address and confirm it by a mailed
// link (double opt-in). When a notice becomes public — published now, or a scheduled one
// when its time comes — every instance's delivery loop (src/lib/mail/worker.ts) calls
// announceDueNotices: per notice it takes the once-only key `notice:<id>` in mail_jobs in
// the same transaction that queues the mails, so each subscriber gets exactly one mail even
// with several instances. A notice edited later keeps its key (no second mail); one
// withdrawn before its time is never announced.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { rowsOf, type Database } from '../db/client';
import { mailJobs, noticeSubscriptions, type NoticeCategory, type NoticeSubscription } from '../db/schema';
import { composeMail } from '../mail/compose';
import { enqueueMail } from '../mail/outbox';
import { hashToken, VERIFY_EMAIL_TTL_MS } from '../mail/tokens';
import { SIGUN, sigunByCode } from '../regions';
import { NOTICE_CATEGORIES } from './notices';

/** Notices older than this when the loop first sees them are not mailed (e.g. after a long outage). */
export const ANNOUNCE_WINDOW_MS = 3 * 24 * 3600_000;

export interface SubscriptionChoice {
  /** Empty: every 분야. */
  categories: NoticeCategory[];
  /** Empty: every 시·군. */
  sigunCodes: string[];
}

function randomKey(): string {
  return encodeHexLowerCase(crypto.getRandomValues(new Uint8Array(16)));
}

/** What the subscriber chose, in words (the mail's 구독 조건 and the page). */
export function describeChoice(choice: SubscriptionChoice): string {
  const categories = choice.categories.length ? choice.categories.map((c) => NOTICE_CATEGORIES[c]).join(', ') : '모든 분야';
  const sigun = choice.sigunCodes.length ? choice.sigunCodes.map((c) => sigunByCode(c)?.name ?? c).join(', ') : '모든 시·군';
  return `분야: ${categories} / 시·군: ${sigun}`;
}

export function noticeUnsubscribeUrl(siteUrl: string, subscription: Pick<NoticeSubscription, 'token'>): string {
  return `${siteUrl}/mail/unsubscribe?s=${subscription.token}`;
}

function normalise(choice: SubscriptionChoice): SubscriptionChoice {
  const known = new Set<string>(SIGUN.map((s) => s.code));
  return {
    categories: [...new Set(choice.categories)].filter((c) => c in NOTICE_CATEGORIES).sort(),
    sigunCodes: [...new Set(choice.sigunCodes)].filter((c) => known.has(c)).sort(),
  };
}

export async function memberSubscription(db: Database, userId: number): Promise<NoticeSubscription | undefined> {
  const [row] = await db.select().from(noticeSubscriptions).where(eq(noticeSubscriptions.userId, userId)).limit(1);
  return row;
}

/** Creates or changes the member's subscription; it counts at once (the account's address is confirmed separately). */
export async function saveMemberSubscription(db: Database, userId: number, choice: SubscriptionChoice, now: Date): Promise<NoticeSubscription> {
  const { categories, sigunCodes } = normalise(choice);
  const [row] = await db
    .insert(noticeSubscriptions)
    .values({ userId, categories, sigunCodes, token: randomKey(), confirmedAt: now, createdAt: now })
    .onConflictDoUpdate({ target: noticeSubscriptions.userId, set: { categories, sigunCodes } })
    .returning();
  return row!;
}

export async function removeMemberSubscription(db: Database, userId: number): Promise<boolean> {
  const rows = await db.delete(noticeSubscriptions).where(eq(noticeSubscriptions.userId, userId)).returning({ id: noticeSubscriptions.id });
  return rows.length > 0;
}

/**
 * A guest's request: a new unconfirmed row and a confirmation mail (in one transaction).
 * Nothing is mailed about notices until the link is opened; opening it replaces the
 * address's earlier subscription, so nobody can change another person's choice without
 * their mailbox.
 */
export async function requestGuestSubscription(
  db: Database,
  input: { email: string } & SubscriptionChoice,
  siteUrl: string,
  now: Date,
): Promise<void> {
  const { categories, sigunCodes } = normalise(input);
  const email = input.email.trim().toLowerCase();
  const confirmToken = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
  const token = randomKey();
  await db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    // Requests never confirmed go when their link expires: the address is kept no longer.
    await t.execute(sql`delete from notice_subscriptions where confirmed_at is null and confirm_expires_at < ${now.toISOString()}::timestamptz`);
    await t.insert(noticeSubscriptions).values({
      email,
      categories,
      sigunCodes,
      token,
      confirmTokenHash: hashToken(confirmToken),
      confirmExpiresAt: new Date(now.getTime() + VERIFY_EMAIL_TTL_MS),
      createdAt: now,
    });
    const confirmUrl = `${siteUrl}/notices/subscribe/confirm?token=${confirmToken}`;
    await enqueueMail(
      t,
      {
        kind: 'notice-subscription-confirm',
        to: email,
        ...composeMail({
          subject: '공고 알림 메일 구독을 확인해 주세요',
          paragraphs: [
            '새 공고를 메일로 받겠다는 신청이 이 주소로 들어왔습니다. 아래 단추를 눌러 확인하면 구독이 시작됩니다(링크는 3일 동안 쓸 수 있습니다).',
            `구독 조건 — ${describeChoice({ categories, sigunCodes })}`,
            '직접 신청하지 않으셨다면 이 메일을 무시하세요. 확인하지 않으면 공고 메일은 가지 않습니다.',
          ],
          action: { label: '구독 확인하기', url: confirmUrl },
          reason: '누군가 이 주소로 공고 알림 메일 구독을 신청했기 때문에 보내는 메일입니다(한 번만 보냅니다).',
          // Before confirmation there is nothing to stop but this request; the link cancels it.
          unsubscribeUrl: noticeUnsubscribeUrl(siteUrl, { token }),
          unsubscribeLabel: '이 구독 신청과 메일',
        }),
      },
      now,
    );
  });
}

/** The unconfirmed subscription of a link, if it can still be confirmed. */
export async function pendingGuestSubscription(db: Database, confirmToken: string, now: Date) {
  const [row] = await db
    .select()
    .from(noticeSubscriptions)
    .where(and(eq(noticeSubscriptions.confirmTokenHash, hashToken(confirmToken)), isNull(noticeSubscriptions.confirmedAt)))
    .limit(1);
  return row && row.confirmExpiresAt && row.confirmExpiresAt > now ? row : undefined;
}

/** Opens the double opt-in link: the subscription counts from now, replacing the address's earlier one. */
export async function confirmGuestSubscription(db: Database, confirmToken: string, now: Date): Promise<NoticeSubscription | undefined> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const [row] = await t
      .update(noticeSubscriptions)
      .set({ confirmedAt: now, createdAt: now, confirmTokenHash: null, confirmExpiresAt: null })
      .where(
        and(
          eq(noticeSubscriptions.confirmTokenHash, hashToken(confirmToken)),
          isNull(noticeSubscriptions.confirmedAt),
          sql`${noticeSubscriptions.confirmExpiresAt} > ${now.toISOString()}::timestamptz`,
        ),
      )
      .returning();
    if (!row) return undefined;
    await t.execute(sql`delete from notice_subscriptions where email = ${row.email} and user_id is null and id <> ${row.id}`);
    return row;
  });
}

export async function subscriptionByToken(db: Database, token: string): Promise<NoticeSubscription | undefined> {
  if (!/^[0-9a-f]{32}$/.test(token)) return undefined;
  const [row] = await db.select().from(noticeSubscriptions).where(eq(noticeSubscriptions.token, token)).limit(1);
  return row;
}

/** The unsubscribe link of a notice mail (no sign-in): the subscription is removed. */
export async function unsubscribeByToken(db: Database, token: string): Promise<boolean> {
  if (!/^[0-9a-f]{32}$/.test(token)) return false;
  const rows = await db.delete(noticeSubscriptions).where(eq(noticeSubscriptions.token, token)).returning({ id: noticeSubscriptions.id });
  return rows.length > 0;
}

interface Recipient {
  token: string;
  email: string;
  displayName: string | null;
  categories: NoticeCategory[];
  sigun_codes: string[];
}

function pgArray(value: unknown): string[] {
  if (Array.isArray(value)) return value as string[];
  // Enum arrays may come back as the text form '{a,b}'.
  const text = String(value ?? '{}');
  return text === '{}' ? [] : text.slice(1, -1).split(',');
}

/**
 * Announces every notice that became public since the last round (at most a few days old),
 * once across all instances. Returns how many mails were queued.
 */
export async function announceDueNotices(db: Database, siteUrl: string, now: Date): Promise<number> {
  const since = new Date(now.getTime() - ANNOUNCE_WINDOW_MS);
  const due = rowsOf<{ id: number }>(
    await db.execute(sql`
      select a.id from announcements a
      where a.status = 'published' and a.publish_at <= ${now.toISOString()}::timestamptz
        and a.publish_at > ${since.toISOString()}::timestamptz
        and not exists (select 1 from mail_jobs j where j.key = 'notice:' || a.id)
      order by a.publish_at, a.id limit 50`),
  ).map((r) => Number(r.id));
  let queued = 0;
  for (const id of due) queued += await announceNotice(db, id, siteUrl, now);
  return queued;
}

async function announceNotice(db: Database, noticeId: number, siteUrl: string, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const [notice] = rowsOf<{ id: number; title: string; category: NoticeCategory; sigun_code: string | null; publish_at: string | Date; status: string }>(
      await t.execute(sql`select id, title, category, sigun_code, publish_at, status from announcements where id = ${noticeId}`),
    );
    // Withdrawn (or moved later) since the search: not announced; a later round decides again.
    if (!notice || notice.status !== 'published' || new Date(notice.publish_at) > now) return 0;
    // The once-only key: of racing rounds one gets it; the other waits for its commit, then skips.
    const [job] = await t.insert(mailJobs).values({ key: `notice:${noticeId}`, doneAt: now }).onConflictDoNothing().returning();
    if (!job) return 0;
    const publishAt = new Date(notice.publish_at).toISOString();
    // A notice with no 시·군 concerns the whole province: it goes to every 시·군 choice.
    const recipients = rowsOf<Recipient>(
      await t.execute(sql`
        select s.token, coalesce(u.email, s.email) as email, u.display_name as "displayName",
               s.categories::text[] as categories, s.sigun_codes
        from notice_subscriptions s
        left join users u on u.id = s.user_id
        where s.confirmed_at is not null and s.created_at <= ${publishAt}::timestamptz
          and (s.user_id is null or (u.email_verified_at is not null and u.sample = false))
          and (cardinality(s.categories) = 0 or ${notice.category}::notice_category = any(s.categories))
          and (cardinality(s.sigun_codes) = 0 or ${notice.sigun_code}::text is null or ${notice.sigun_code}::text = any(s.sigun_codes))
        order by s.id`),
    );
    const sigun = sigunByCode(notice.sigun_code)?.name ?? '전북 전역';
    const url = `${siteUrl}/notices/${notice.id}`;
    for (const r of recipients) {
      const choice = { categories: pgArray(r.categories) as NoticeCategory[], sigunCodes: pgArray(r.sigun_codes) };
      await enqueueMail(
        t,
        {
          kind: 'notice',
          to: r.email,
          ...composeMail({
            subject: `새 공고: ${notice.title}`,
            paragraphs: [
              `${r.displayName ? `${r.displayName}님, ` : ''}구독하신 조건에 맞는 새 공고가 게시되었습니다.`,
              `「${notice.title}」 — 분야: ${NOTICE_CATEGORIES[notice.category]}, 시·군: ${sigun}`,
            ],
            action: { label: '공고 보기', url },
            reason: `공고 알림 메일을 구독하셨기 때문에 보내는 메일입니다. 구독 조건 — ${describeChoice(choice)}. 조건은 ${siteUrl}/notices/subscribe 에서 바꿀 수 있습니다.`,
            unsubscribeUrl: noticeUnsubscribeUrl(siteUrl, r),
            unsubscribeLabel: '공고 알림 메일',
          }),
        },
        now,
      );
    }
    return recipients.length;
  });
}
