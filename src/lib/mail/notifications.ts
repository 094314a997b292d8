// Notification mail. When a notification is written (reply in a watched thread, mention,
// accepted answer, moderator's warning), a mail_pending row is written in the same
// transaction for members with a confirmed address who want that kind by mail. The delivery
// loop then turns them into mails: "immediately" ones at once but at most one mail per
// member and thread per 15 minutes (later ones wait and go together), digest ones in one
// mail a day at 08:00 Seoul time, with what was published since the previous digest. Each instance runs this;
// row locks (SKIP LOCKED) and a once-only job key per day keep every mail single.
import { and, asc, desc, eq, gt, inArray, like, lte, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../db/client';
import { announcements, cases, mailJobs, mailPending, mailThreadThrottle, notifications, posts, threads, users } from '../db/schema';
import { formatIsoDate, seoulLocalInput } from '../dates';
import { postHref } from '../forum/posts';
import { composeMail } from './compose';
import { enqueueMail } from './outbox';
import { MAIL_KINDS, MAIL_KIND_KEYS, unsubscribeUrl, type MailKind } from './unsubscribe';

export const THREAD_MAIL_INTERVAL_MS = 15 * 60_000;
/** The digest goes out from this hour on, Seoul time. */
export const DIGEST_HOUR = 8;

/** Queues mail for these just-written notifications, following each member's choice. */
export async function queueNotificationMails(db: Database, notificationIds: number[], now: Date): Promise<void> {
  if (notificationIds.length === 0) return;
  const defaults = sql.join(
    MAIL_KIND_KEYS.map((k) => sql`when ${k} then ${MAIL_KINDS[k].default}`),
    sql` `,
  );
  const delivery = sql`coalesce(p.delivery::text, case n.kind::text ${defaults} else 'never' end)`;
  await db.execute(sql`
    insert into mail_pending (notification_id, user_id, delivery, due_at, created_at)
    select n.id, n.user_id, (${delivery})::mail_delivery, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from notifications n
    join users u on u.id = n.user_id
    left join mail_preferences p on p.user_id = n.user_id and p.kind = n.kind::text
    where n.id in ${sql`(${sql.join(notificationIds.map((id) => sql`${id}`), sql`, `)})`}
      and u.email_verified_at is not null and u.sample = false
      and ${delivery} <> 'never'`);
}

interface PendingItem {
  pendingId: number;
  userId: number;
  /** Only the kinds that come from notifications (`news` is no notification). */
  kind: Exclude<MailKind, 'news'>;
  threadId: number | null;
  threadTitle: string | null;
  postNumber: number | null;
  actorName: string | null;
  message: string | null;
  consultationId: number | null;
  caseId: number | null;
}

async function pendingItems(db: Database, ids: number[]): Promise<PendingItem[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      pendingId: mailPending.id,
      userId: mailPending.userId,
      kind: notifications.kind,
      threadId: notifications.threadId,
      threadTitle: threads.title,
      postNumber: posts.number,
      actorName: users.displayName,
      message: notifications.message,
      consultationId: notifications.consultationId,
      caseId: notifications.caseId,
    })
    .from(mailPending)
    .innerJoin(notifications, eq(notifications.id, mailPending.notificationId))
    .leftJoin(threads, eq(threads.id, notifications.threadId))
    .leftJoin(posts, eq(posts.id, notifications.postId))
    .leftJoin(users, eq(users.id, notifications.actorId))
    .where(inArray(mailPending.id, ids))
    .orderBy(asc(mailPending.id));
  return rows as PendingItem[];
}

function describe(item: PendingItem, siteUrl: string): { text: string; url?: string } {
  const who = item.actorName ?? '탈퇴한 회원';
  const where = item.threadTitle ? `「${item.threadTitle}」` : '';
  const url = item.threadId && item.postNumber ? `${siteUrl}${postHref(item.threadId, item.postNumber)}` : `${siteUrl}/notifications`;
  switch (item.kind) {
    case 'reply':
      return { text: `${who}님이 ${where}에 답글을 달았습니다.`, url };
    case 'mention':
      return { text: `${who}님이 ${where}에서 회원님을 언급했습니다.`, url };
    case 'accepted':
      return { text: `${where}에서 회원님의 답변이 채택되었습니다.`, url };
    case 'warning':
      return { text: `운영진이 경고를 남겼습니다${item.message ? `: ${item.message}` : '.'}`, url: `${siteUrl}/notifications` };
    case 'consultation':
      return { text: `컨설팅 신청 #${item.consultationId}: ${item.message ?? '새 소식이 있습니다.'}`, url: `${siteUrl}/login?next=${encodeURIComponent(`/consultations/${item.consultationId}`)}` }; // signed-in readers go straight on; guests get 404 on the request itself
    case 'case':
      return { text: `우수사례 검토: ${item.message ?? '새 소식이 있습니다.'}`, url: `${siteUrl}/login?next=${encodeURIComponent(`/cases/manage/${item.caseId}`)}` };
  }
}

async function recipients(db: Database, ids: number[]) {
  if (ids.length === 0) return new Map<number, typeof users.$inferSelect>();
  const rows = await db.select().from(users).where(inArray(users.id, ids));
  return new Map(rows.map((u) => [u.id, u]));
}

/** Sends the due "immediately" notifications, one mail per member and thread at most every 15 minutes. */
export async function sendImmediateNotificationMails(db: Database, siteUrl: string, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const locked = rowsOf<{ id: number }>(
      await t.execute(sql`
        select id from mail_pending
        where delivery = 'immediate' and due_at <= ${now.toISOString()}::timestamptz
        order by id limit 200
        for update skip locked`),
    ).map((r) => Number(r.id));
    const items = await pendingItems(t, locked);
    const groups = new Map<string, PendingItem[]>();
    for (const item of items) {
      const key = `${item.userId}:${item.threadId ?? 'none'}`;
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    const people = await recipients(t, [...new Set(items.map((i) => i.userId))]);
    let sent = 0;
    for (const group of groups.values()) {
      const first = group[0]!;
      const user = people.get(first.userId);
      const ids = group.map((i) => i.pendingId);
      if (!user) continue;
      if (first.threadId) {
        const [last] = await t
          .select()
          .from(mailThreadThrottle)
          .where(and(eq(mailThreadThrottle.userId, user.id), eq(mailThreadThrottle.threadId, first.threadId)));
        const nextAllowed = last ? last.lastSentAt.getTime() + THREAD_MAIL_INTERVAL_MS : 0;
        if (nextAllowed > now.getTime()) {
          // Wait, and go out together with whatever else comes in the meantime.
          await t.update(mailPending).set({ dueAt: new Date(nextAllowed) }).where(inArray(mailPending.id, ids));
          continue;
        }
        await t
          .insert(mailThreadThrottle)
          .values({ userId: user.id, threadId: first.threadId, lastSentAt: now })
          .onConflictDoUpdate({ target: [mailThreadThrottle.userId, mailThreadThrottle.threadId], set: { lastSentAt: now } });
      }
      const lines = group.map((i) => describe(i, siteUrl));
      const kinds = [...new Set(group.map((i) => i.kind))];
      await enqueueMail(
        t,
        {
          kind: 'notification',
          to: user.email,
          ...composeMail({
            subject: group.length === 1 ? lines[0]!.text : `${first.threadTitle ? `「${first.threadTitle}」 ` : ''}새 알림 ${group.length}건`,
            paragraphs: [`${user.displayName}님, 새 알림이 있습니다.`],
            items: lines,
            reason: `알림 메일 설정에서 '${kinds.map((k) => MAIL_KINDS[k].label).join("', '")}'을(를) 바로 받기로 하셨기 때문에 보내는 메일입니다. 설정은 ${siteUrl}/account 에서 바꿀 수 있습니다.`,
            unsubscribeUrl: unsubscribeUrl(siteUrl, user, kinds.length === 1 ? kinds[0] : undefined),
            unsubscribeLabel: kinds.length === 1 ? `'${MAIL_KINDS[kinds[0]!].label}' 메일` : '알림 메일',
          }),
        },
        now,
      );
      await t.delete(mailPending).where(inArray(mailPending.id, ids));
      sent++;
    }
    return sent;
  });
}

/** `2026-12-01`, once 08:00 Seoul time has come that day; undefined before. */
export function digestDay(now: Date): string | undefined {
  const hour = Number(seoulLocalInput(now).slice(11, 13));
  return hour >= DIGEST_HOUR ? formatIsoDate(now) : undefined;
}

/** A line of the digest's news part: a new 공고 or a new case study. */
interface NewsLine {
  text: string;
  url: string;
}

/**
 * What was published since the last digest: new 공고 and case studies (sample content, which is
 * invented, is never mailed).
 */
async function digestNews(db: Database, siteUrl: string, since: Date, now: Date): Promise<NewsLine[]> {
  const newNotices = await db
    .select({ id: announcements.id, title: announcements.title })
    .from(announcements)
    .where(and(eq(announcements.status, 'published'), eq(announcements.sample, false), gt(announcements.publishAt, since), lte(announcements.publishAt, now)))
    .orderBy(desc(announcements.publishAt))
    .limit(10);
  const newCases = await db
    .select({ slug: cases.slug, title: cases.title })
    .from(cases)
    .where(and(eq(cases.state, 'published'), eq(cases.sample, false), gt(cases.publishAt, since), lte(cases.publishAt, now)))
    .orderBy(desc(cases.publishAt))
    .limit(10);
  return [
    ...newNotices.map((n) => ({ text: `새 공고: ${n.title}`, url: `${siteUrl}/notices/${n.id}` })),
    ...newCases.map((c) => ({ text: `새 우수사례: ${c.title}`, url: `${siteUrl}/cases/${c.slug}/` })),
  ];
}

/** Members who take the news in their digest (the default) and can receive mail. */
async function newsReaders(db: Database): Promise<number[]> {
  const rows = rowsOf<{ id: number }>(
    await db.execute(sql`
      select u.id from users u
      left join mail_preferences p on p.user_id = u.id and p.kind = 'news'
      where u.email_verified_at is not null and u.sample = false
        and coalesce(p.delivery::text, ${MAIL_KINDS.news.default}) = 'digest'`),
  );
  return rows.map((r) => Number(r.id));
}

/**
 * Sends the day's digest once (across all instances: the job key is taken in the same
 * transaction as the mails it queues): each member's digest notifications, and what was
 * published since the previous digest for those who take the news. A member gets a digest
 * only when there is something in it.
 */
export async function sendDailyDigest(db: Database, siteUrl: string, now: Date): Promise<number> {
  const day = digestDay(now);
  if (!day) return 0;
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const [previous] = await t
      .select({ doneAt: mailJobs.doneAt })
      .from(mailJobs)
      .where(like(mailJobs.key, 'digest:%'))
      .orderBy(desc(mailJobs.doneAt))
      .limit(1);
    const [job] = await t.insert(mailJobs).values({ key: `digest:${day}`, doneAt: now }).onConflictDoNothing().returning();
    if (!job) return 0;
    const pendingIds = rowsOf<{ id: number }>(
      await t.execute(sql`select id from mail_pending where delivery = 'digest' and due_at <= ${now.toISOString()}::timestamptz for update`),
    ).map((r) => Number(r.id));
    const items = await pendingItems(t, pendingIds);
    const since = previous?.doneAt ?? new Date(now.getTime() - 24 * 3600_000);
    const news = await digestNews(t, siteUrl, since, now);
    const readers = new Set(news.length > 0 ? await newsReaders(t) : []);
    const people = await recipients(t, [...new Set([...items.map((i) => i.userId), ...readers])]);
    let sent = 0;
    for (const [userId, user] of people) {
      const mine = items.filter((i) => i.userId === userId);
      const lines = [...mine.map((i) => describe(i, siteUrl)), ...(readers.has(userId) ? news : [])];
      if (lines.length === 0) continue;
      await enqueueMail(
        t,
        {
          kind: 'digest',
          to: user.email,
          ...composeMail({
            subject: `오늘의 소식 (${day})${mine.length > 0 ? ` — 새 알림 ${mine.length}건` : ''}`,
            paragraphs: [`${user.displayName}님, 지난 소식 이후 새로 올라온 내용입니다.`],
            items: lines,
            reason: `알림 메일 설정에서 하루 한 번 모아 받기를 고르셨기 때문에 보내는 메일입니다. 설정은 ${siteUrl}/account 에서 바꿀 수 있습니다.`,
            unsubscribeUrl: unsubscribeUrl(siteUrl, user),
            unsubscribeLabel: '알림 메일',
          }),
        },
        now,
      );
      sent++;
    }
    if (pendingIds.length > 0) await t.delete(mailPending).where(inArray(mailPending.id, pendingIds));
    return sent;
  });
}
