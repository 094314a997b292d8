// Notification mail with a controllable clock: member choices (immediately, digest, never),
// no mail before the address is confirmed, one mail per thread per 15 minutes, and the daily
// digest at 08:00 Seoul time — once, with the day's new 공고, and nothing when there is nothing.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import type { Database } from '../src/lib/db/client';
import { mailOutbox, users } from '../src/lib/db/schema';
import { boardBySlug } from '../src/lib/forum/boards';
import { createThread, reply } from '../src/lib/forum/posts';
import { sendDailyDigest, sendImmediateNotificationMails, digestDay } from '../src/lib/mail/notifications';
import { setMailPreferences } from '../src/lib/mail/unsubscribe';
import { createNotice } from '../src/lib/notices/notices';
import { formatIsoDate, seoulLocalToDate } from '../src/lib/dates';
import { saveCase, setCaseState } from '../src/lib/cases/store';
import { readCaseDir } from '../src/lib/cases/files';
import path from 'node:path';

const SITE = 'http://portal.test';
const MINUTE = 60_000;
let keyCounter = 0;
const key = () => `mk${++keyCounter}`;

async function outbox(db: Database) {
  return db.select().from(mailOutbox).orderBy(mailOutbox.id);
}

describe.each(databaseTargets())('notification mail on $name', (target) => {
  const db = useDatabase(target);

  async function setUp() {
    const author = await makeUser(db(), { handle: 'author_one' });
    const watcher = await makeUser(db(), { handle: 'watcher_one' });
    const mentioned = await makeUser(db(), { handle: 'mentioned_one' });
    const unconfirmed = await makeUser(db(), { handle: 'unconfirmed_one' });
    await db().update(users).set({ emailVerifiedAt: null }).where(eq(users.id, unconfirmed.id));
    const refuser = await makeUser(db(), { handle: 'refuser_one' });
    await setMailPreferences(db(), refuser.id, { mention: 'never' });
    const board = (await boardBySlug(db(), 'free'))!;
    const { threadId } = await createThread(db(), {
      boardId: board.id, authorId: author.id, title: '설비 모니터링 센서 고르기', body: '어떤 센서를 쓰셨나요?', sigunCode: null, industry: null, submissionKey: key(),
    });
    await reply(db(), { threadId, authorId: watcher.id, body: '진동 센서부터 시작했습니다.', submissionKey: key() });
    return { author, watcher, mentioned, unconfirmed, refuser, threadId };
  }

  it('mails a mention at once, but only to confirmed members who want it; later ones in the thread wait 15 minutes and go together', async () => {
    const { author, mentioned, threadId } = await setUp();
    const t0 = new Date();
    await reply(db(), { threadId, authorId: author.id, body: '@mentioned_one @unconfirmed_one @refuser_one 의견 부탁드립니다.', submissionKey: key() });
    expect(await sendImmediateNotificationMails(db(), SITE, new Date(t0.getTime() + 1000))).toBe(1);
    let mails = await outbox(db());
    expect(mails.map((m) => m.toAddress)).toEqual([mentioned.email]);
    expect(mails[0]!.subject).toContain('설비 모니터링 센서 고르기');
    expect(mails[0]!.text).toContain(`${SITE}/forum/t/${threadId}?page=1#post-3`);
    expect(mails[0]!.headers['List-Unsubscribe']).toBe(`<${SITE}/mail/unsubscribe?u=${mentioned.mailKey}&kind=mention>`);
    expect(mails[0]!.text).toContain('바로 받기로 하셨기 때문에');

    await reply(db(), { threadId, authorId: author.id, body: '@mentioned_one 하나 더 여쭙니다.', submissionKey: key() });
    await reply(db(), { threadId, authorId: author.id, body: '@mentioned_one 그리고 마지막으로.', submissionKey: key() });
    expect(await sendImmediateNotificationMails(db(), SITE, new Date(t0.getTime() + 5 * MINUTE))).toBe(0);
    expect(await outbox(db())).toHaveLength(1);
    expect(await sendImmediateNotificationMails(db(), SITE, new Date(t0.getTime() + 16 * MINUTE))).toBe(1);
    mails = await outbox(db());
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toContain('새 알림 2건');
    expect(mails[1]!.text).toContain('#post-4');
    expect(mails[1]!.text).toContain('#post-5');
    // Nothing is left to send twice.
    expect(await sendImmediateNotificationMails(db(), SITE, new Date(t0.getTime() + 40 * MINUTE))).toBe(0);
  });

  it('sends the digest once at 08:00 Seoul time with replies and the new 공고; nothing when there is nothing', async () => {
    const { author, watcher, mentioned, refuser, threadId } = await setUp();
    const newsRefuser = await makeUser(db(), { handle: 'no_news' });
    await setMailPreferences(db(), newsRefuser.id, { news: 'never' });
    await reply(db(), { threadId, authorId: author.id, body: '저희는 전류 센서를 먼저 달았습니다.', submissionKey: key() });
    const tomorrow = formatIsoDate(new Date(Date.now() + 24 * 3600_000));
    const before8 = seoulLocalToDate(`${tomorrow}T07:59`)!;
    const at8 = seoulLocalToDate(`${tomorrow}T08:00`)!;
    const notice = (title: string, publishAt: Date) =>
      createNotice(db(), {
        fields: { title, body: '신청을 받습니다.', category: 'business', sigunCode: null, licence: 'KOGL-1', deadline: null, attachments: [] },
        publication: { status: 'published', publishAt },
        authorId: author.id,
        now: new Date(),
      });
    await notice('스마트공장 구축 지원사업 2차 모집', new Date(at8.getTime() - 3 * 3600_000));

    expect(digestDay(before8)).toBeUndefined();
    expect(await sendDailyDigest(db(), SITE, before8)).toBe(0);
    // Replies are digest items by default: nothing goes out immediately.
    expect(await sendImmediateNotificationMails(db(), SITE, before8)).toBe(0);
    expect(await outbox(db())).toHaveLength(0);

    // The author heard of the watcher's reply, the watcher of the author's; every confirmed
    // member who takes the news (the default) hears of the new 공고. Not the unconfirmed
    // member, not the one who turned the news off.
    await sendDailyDigest(db(), SITE, at8);
    const digests = await outbox(db());
    expect(digests.map((m) => m.toAddress).sort()).toEqual([author.email, watcher.email, mentioned.email, refuser.email].sort());
    const digest = digests.find((m) => m.toAddress === watcher.email);
    expect(digest!.text).toContain(`${author.displayName}님이 「설비 모니터링 센서 고르기」에 답글을 달았습니다.`);
    expect(digest!.subject).toContain(`오늘의 소식 (${tomorrow}) — 새 알림 1건`);
    expect(digest!.text).toContain('새 공고: 스마트공장 구축 지원사업 2차 모집');
    expect(digest!.html).toContain('<li>');
    const newsOnly = digests.find((m) => m.toAddress === mentioned.email);
    expect(newsOnly!.subject).toMatch(new RegExp(`오늘의 소식 \\(${tomorrow}\\)$`));
    expect(newsOnly!.text).toContain('새 공고: 스마트공장 구축 지원사업 2차 모집');
    expect(newsOnly!.text).not.toContain('답글');
    const sentFirstDay = digests.length;

    // Once a day, whichever instance asks.
    expect(await sendDailyDigest(db(), SITE, new Date(at8.getTime() + MINUTE))).toBe(0);
    // The next day nothing new happened: no mail (yesterday's 공고 is not told twice).
    const dayAfter = new Date(at8.getTime() + 24 * 3600_000);
    expect(await sendDailyDigest(db(), SITE, dayAfter)).toBe(0);
    expect(await outbox(db())).toHaveLength(sentFirstDay);

    // A 공고 or a case study alone is enough for a digest, and only the new ones are in it
    // (not a sample case, which is invented).
    await notice('스마트공장 수준확인 설명회', new Date(dayAfter.getTime() + 3 * 3600_000));
    const [file] = readCaseDir(path.resolve('content/cases')).files;
    const published = async (slug: string, title: string, sample: boolean) => {
      const row = await saveCase(db(), { slug, data: { ...file!.data, title, sample }, body: file!.body, userId: author.id, now: dayAfter });
      await setCaseState(db(), row.id, { state: 'published', publishAt: new Date(dayAfter.getTime() + 4 * 3600_000), now: dayAfter });
    };
    await published('jeonju-new-real-case', '전주 금형 기업의 설비 예지보전 도입기', false);
    await published('jeonju-new-sample-case', '샘플로 만든 가상의 새 사례 제목', true);
    const thirdDay = new Date(at8.getTime() + 2 * 24 * 3600_000);
    expect(await sendDailyDigest(db(), SITE, thirdDay)).toBe(sentFirstDay);
    const third = (await outbox(db())).slice(sentFirstDay);
    expect(third.every((m) => m.text.includes('새 공고: 스마트공장 수준확인 설명회'))).toBe(true);
    expect(third.every((m) => m.text.includes('새 우수사례: 전주 금형 기업의 설비 예지보전 도입기'))).toBe(true);
    expect(third[0]!.text).toContain(`${SITE}/cases/jeonju-new-real-case/`);
    expect(third.some((m) => m.text.includes('2차 모집') || m.text.includes('가상의 새 사례'))).toBe(false);
  });
});
