// 공고 subscriptions with a controllable clock: matching by 분야 and 시·군, guests' double
// opt-in (nothing before the link is opened), a scheduled notice announced only when due,
// exactly one mail when two delivery rounds race, unsubscribing without signing in, and the
// subscription going with a deleted account.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import type { Database } from '../src/lib/db/client';
import { mailOutbox, noticeSubscriptions, type NoticeCategory } from '../src/lib/db/schema';
import { createNotice, editNotice, withdrawNotice, noticeById } from '../src/lib/notices/notices';
import {
  announceDueNotices,
  confirmGuestSubscription,
  requestGuestSubscription,
  saveMemberSubscription,
  unsubscribeByToken,
} from '../src/lib/notices/subscriptions';
import { deleteAccount } from '../src/lib/admin/users';

const SITE = 'http://portal.test';
const MINUTE = 60_000;

async function outbox(db: Database) {
  return db.select().from(mailOutbox).orderBy(mailOutbox.id);
}

function notice(db: Database, input: { title: string; category: NoticeCategory; sigunCode: string | null; publishAt: Date; now: Date }) {
  return createNotice(db, {
    fields: { title: input.title, body: '신청을 받습니다.', category: input.category, sigunCode: input.sigunCode, licence: 'KOGL-1', deadline: null, attachments: [] },
    publication: { status: 'published', publishAt: input.publishAt },
    authorId: null,
    now: input.now,
  });
}

/** The confirmation token in a guest's confirmation mail. */
function confirmTokenOf(text: string): string {
  const match = /\/notices\/subscribe\/confirm\?token=([a-z2-7]+)/.exec(text);
  if (!match) throw new Error(`no confirmation link in: ${text}`);
  return match[1]!;
}

describe.each(databaseTargets())('notice subscriptions on $name', (target) => {
  const db = useDatabase(target);

  it('mails each confirmed subscriber whose 분야 and 시·군 match, once, with the reason and a one-click unsubscribe', async () => {
    const t0 = new Date(Date.now() - 10 * MINUTE);
    const all = await makeUser(db(), { handle: 'all_notices' });
    const jeonjuBusiness = await makeUser(db(), { handle: 'jeonju_business' });
    const gunsanEvents = await makeUser(db(), { handle: 'gunsan_events' });
    await saveMemberSubscription(db(), all.id, { categories: [], sigunCodes: [] }, t0);
    const mine = await saveMemberSubscription(db(), jeonjuBusiness.id, { categories: ['business'], sigunCodes: ['52110'] }, t0);
    await saveMemberSubscription(db(), gunsanEvents.id, { categories: ['event'], sigunCodes: ['52130'] }, t0);

    const t1 = new Date(t0.getTime() + MINUTE);
    const jeonju = await notice(db(), { title: '전주시 스마트공장 구축 지원사업 모집', category: 'business', sigunCode: '52110', publishAt: t1, now: t1 });
    expect(await announceDueNotices(db(), SITE, new Date(t1.getTime() + 1000))).toBe(2);
    const mails = await outbox(db());
    expect(mails.map((m) => m.toAddress).sort()).toEqual([all.email, jeonjuBusiness.email].sort());
    const toJeonju = mails.find((m) => m.toAddress === jeonjuBusiness.email)!;
    expect(toJeonju.subject).toContain('새 공고: 전주시 스마트공장 구축 지원사업 모집');
    expect(toJeonju.text).toContain(`${SITE}/notices/${jeonju.id}`);
    expect(toJeonju.text).toContain('구독 조건 — 분야: 사업공고 / 시·군: 전주시');
    expect(toJeonju.html).toContain('구독 조건');
    expect(toJeonju.headers['List-Unsubscribe']).toBe(`<${SITE}/mail/unsubscribe?s=${mine.token}>`);
    expect(toJeonju.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');

    // Announced once: an edit does not mail again, another round finds nothing.
    await editNotice(db(), {
      notice: (await noticeById(db(), jeonju.id))!.notice,
      fields: { title: '전주시 스마트공장 구축 지원사업 모집(수정)', body: '마감일을 늘렸습니다.', category: 'business', sigunCode: '52110', licence: 'KOGL-1', deadline: null, attachments: [] },
      editorId: all.id,
      now: new Date(t1.getTime() + 2000),
    });
    expect(await announceDueNotices(db(), SITE, new Date(t1.getTime() + 3000))).toBe(0);

    // A province-wide notice (no 시·군) reaches every 시·군 choice of its 분야.
    await notice(db(), { title: '도 전체 행사·교육 안내', category: 'event', sigunCode: null, publishAt: t1, now: t1 });
    expect(await announceDueNotices(db(), SITE, new Date(t1.getTime() + 4000))).toBe(2);
    expect((await outbox(db())).slice(2).map((m) => m.toAddress).sort()).toEqual([all.email, gunsanEvents.email].sort());
  });

  it('mails a guest only after the confirmation link is opened, and stops at the unsubscribe link', async () => {
    const t0 = new Date(Date.now() - 10 * MINUTE);
    await requestGuestSubscription(db(), { email: 'Guest@Example.com', categories: ['business'], sigunCodes: [] }, SITE, t0);
    const [confirmation] = await outbox(db());
    expect(confirmation!.toAddress).toBe('guest@example.com');
    expect(confirmation!.subject).toContain('구독을 확인해 주세요');
    expect(confirmation!.text).toContain('구독 조건 — 분야: 사업공고 / 시·군: 모든 시·군');

    await notice(db(), { title: '확인 전 공고', category: 'business', sigunCode: '52140', publishAt: new Date(t0.getTime() + MINUTE), now: t0 });
    expect(await announceDueNotices(db(), SITE, new Date(t0.getTime() + 2 * MINUTE))).toBe(0);

    const token = confirmTokenOf(confirmation!.text);
    expect(await confirmGuestSubscription(db(), token, new Date(t0.getTime() + 3 * MINUTE))).toBeTruthy();
    expect(await confirmGuestSubscription(db(), token, new Date(t0.getTime() + 3 * MINUTE))).toBeUndefined();

    await notice(db(), { title: '익산시 사업공고', category: 'business', sigunCode: '52140', publishAt: new Date(t0.getTime() + 4 * MINUTE), now: t0 });
    await notice(db(), { title: '성과 소식', category: 'result', sigunCode: null, publishAt: new Date(t0.getTime() + 4 * MINUTE), now: t0 });
    expect(await announceDueNotices(db(), SITE, new Date(t0.getTime() + 5 * MINUTE))).toBe(1);
    const mails = await outbox(db());
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toContain('익산시 사업공고');
    const unsubscribe = /<(.*)>/.exec(mails[1]!.headers['List-Unsubscribe']!)![1]!;
    const key = new URL(unsubscribe).searchParams.get('s')!;
    expect(await unsubscribeByToken(db(), key)).toBe(true);
    expect(await unsubscribeByToken(db(), key)).toBe(false);
    await notice(db(), { title: '해지 뒤 사업공고', category: 'business', sigunCode: null, publishAt: new Date(t0.getTime() + 6 * MINUTE), now: t0 });
    expect(await announceDueNotices(db(), SITE, new Date(t0.getTime() + 7 * MINUTE))).toBe(0);
  });

  it('announces a scheduled notice only when its time comes, and never one withdrawn before it', async () => {
    const t0 = new Date(Date.now() - 60 * MINUTE);
    const member = await makeUser(db(), { handle: 'scheduled_reader' });
    await saveMemberSubscription(db(), member.id, { categories: [], sigunCodes: [] }, t0);
    const at = new Date(t0.getTime() + 30 * MINUTE);
    await notice(db(), { title: '예약된 설명회 안내', category: 'event', sigunCode: '52190', publishAt: at, now: t0 });
    const withdrawn = await notice(db(), { title: '철회될 예약 공고', category: 'event', sigunCode: '52190', publishAt: at, now: t0 });
    await withdrawNotice(db(), withdrawn.id, new Date(t0.getTime() + MINUTE));

    expect(await announceDueNotices(db(), SITE, new Date(at.getTime() - 1000))).toBe(0);
    expect(await outbox(db())).toHaveLength(0);
    expect(await announceDueNotices(db(), SITE, new Date(at.getTime() + 1000))).toBe(1);
    const mails = await outbox(db());
    expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining('예약된 설명회 안내')]);
  });

  it('sends exactly one mail per subscriber when two delivery rounds race', async () => {
    const t0 = new Date(Date.now() - 10 * MINUTE);
    const readers = [];
    for (const handle of ['race_one', 'race_two', 'race_three']) {
      const reader = await makeUser(db(), { handle });
      await saveMemberSubscription(db(), reader.id, { categories: [], sigunCodes: [] }, t0);
      readers.push(reader);
    }
    for (let i = 1; i <= 3; i++) {
      await notice(db(), { title: `동시 게시 공고 ${i}`, category: 'general', sigunCode: null, publishAt: new Date(t0.getTime() + MINUTE), now: t0 });
    }
    const at = new Date(t0.getTime() + 2 * MINUTE);
    const counts = await Promise.all([announceDueNotices(db(), SITE, at), announceDueNotices(db(), SITE, at), announceDueNotices(db(), SITE, at)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(9);
    const mails = await outbox(db());
    expect(mails).toHaveLength(9);
    expect(new Set(mails.map((m) => `${m.toAddress}|${m.subject}`)).size).toBe(9);
  });

  it('ignores notices published before the subscription, and removes a member’s subscription with the account', async () => {
    const t0 = new Date(Date.now() - 10 * MINUTE);
    await notice(db(), { title: '구독 전에 게시된 공고', category: 'general', sigunCode: null, publishAt: t0, now: t0 });
    const member = await makeUser(db(), { handle: 'leaving_member' });
    await saveMemberSubscription(db(), member.id, { categories: [], sigunCodes: [] }, new Date(t0.getTime() + MINUTE));
    expect(await announceDueNotices(db(), SITE, new Date(t0.getTime() + 2 * MINUTE))).toBe(0);

    await deleteAccount(db(), member.id);
    expect(await db().select().from(noticeSubscriptions).where(eq(noticeSubscriptions.userId, member.id))).toHaveLength(0);
  });
});
