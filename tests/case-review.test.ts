// The review of case studies on the real database (PGlite, and PostgreSQL when
// TEST_DATABASE_URL is set): who is told of each step in the portal, the mail each of them
// gets over a real SMTP server as they chose on /account (at once, in the digest, never,
// unsubscribed), and the staff dashboard's figures with a controllable clock.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import { startSmtp, headerOf, linkIn, type TestSmtp } from './helpers/smtp';
import { notifications, users } from '../src/lib/db/schema';
import { readCaseDir } from '../src/lib/cases/files';
import { saveCase, setCaseState } from '../src/lib/cases/store';
import { notifyCaseStep } from '../src/lib/cases/notify';
import { caseDashboard, waitedLabel } from '../src/lib/cases/dashboard';
import { assignSigunScope } from '../src/lib/auth/scopes';
import { deliverDueMails, type DeliveryPolicy } from '../src/lib/mail/outbox';
import { smtpTransport } from '../src/lib/mail/transport';
import { sendDailyDigest, sendImmediateNotificationMails } from '../src/lib/mail/notifications';
import { mailPreferencesOf, setMailPreferences, unsubscribeByKey } from '../src/lib/mail/unsubscribe';
import { listNotifications } from '../src/lib/forum/notifications';
import { seoulLocalToDate } from '../src/lib/dates';
import type { CaseState } from '../src/lib/db/schema';
import type { Database } from '../src/lib/db/client';

const SITE = 'http://portal.test';
const NOW = new Date('2026-12-01T03:00:00Z'); // 12:00 in Seoul
const HOUR = 3_600_000;
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR);
const POLICY: DeliveryPolicy = { maxAttempts: 3, retryBaseMs: 60_000, leaseMs: 300_000, batchSize: 50 };
const [FILE] = readCaseDir(path.resolve('content/cases')).files;

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp?.stop();
});

let slugs = 0;
/** A case saved on the web by `authorId` (null: imported), moved to `state` at `changedAt`. */
async function makeCase(
  db: Database,
  options: { authorId: number | null; sigun?: string; title?: string; state?: CaseState; publishAt?: Date; changedAt?: Date; sample?: boolean },
) {
  const row = await saveCase(db, {
    slug: `review-case-${++slugs}`,
    data: { ...FILE!.data, sigun: (options.sigun ?? '52110') as never, title: options.title ?? `검토용 사례 ${slugs}번`, sample: options.sample ?? false },
    body: FILE!.body,
    userId: options.authorId,
    now: options.changedAt ?? NOW,
  });
  if (options.state && options.state !== 'draft') {
    await setCaseState(db, row.id, { state: options.state, publishAt: options.publishAt, now: options.changedAt ?? NOW });
  }
  return row;
}

describe.each(databaseTargets())('case review on $name', (target) => {
  const db = useDatabase(target);

  async function cast() {
    const author = await makeUser(db(), { displayName: '전주담당' });
    await assignSigunScope(db(), author.id, '52110', null);
    const staff = await makeUser(db(), { displayName: '도청담당' }, 'staff');
    const otherStaff = await makeUser(db(), { displayName: '도청둘째' }, 'staff');
    const admin = await makeUser(db(), { displayName: '관리자' }, 'admin');
    const suspended = await makeUser(db(), { displayName: '정지된담당' }, 'staff');
    await db().update(users).set({ suspendedUntil: at(24 * 365) }).where(eq(users.id, suspended.id));
    const member = await makeUser(db(), { displayName: '일반회원' });
    const mentor = await makeUser(db(), { displayName: '김멘토' }, 'mentor');
    return { author, staff, otherStaff, admin, suspended, member, mentor };
  }

  async function caseNotes() {
    return db()
      .select({ userId: notifications.userId, caseId: notifications.caseId, actorId: notifications.actorId, message: notifications.message })
      .from(notifications)
      .where(eq(notifications.kind, 'case'))
      .orderBy(notifications.id);
  }

  it('tells every reviewer of a submission, and the author of a return, publication and withdrawal; never the one who acted', async () => {
    const { author, staff, otherStaff, admin, member, mentor } = await cast();
    const kase = await makeCase(db(), { authorId: author.id, title: '전주 금형 공장의 설비 예지보전' });

    await setCaseState(db(), kase.id, { state: 'submitted', now: NOW });
    await notifyCaseStep(db(), { caseId: kase.id, step: 'submitted', actorId: author.id, now: NOW });
    let notes = await caseNotes();
    // Province staff and admins; not the suspended staff member, the author, members or mentors.
    expect(notes.map((n) => n.userId).sort()).toEqual([staff.id, otherStaff.id, admin.id].sort());
    expect(notes.every((n) => n.caseId === kase.id && n.actorId === author.id)).toBe(true);
    expect(notes[0]!.message).toContain('「전주 금형 공장의 설비 예지보전」 사례의 검토 요청');
    expect(notes.some((n) => [member.id, mentor.id, author.id].includes(n.userId))).toBe(false);

    await setCaseState(db(), kase.id, { state: 'returned', reason: 'KPI 단위를 확인해 주세요.', now: at(1) });
    await notifyCaseStep(db(), { caseId: kase.id, step: 'returned', actorId: staff.id, reason: 'KPI 단위를 확인해 주세요.', now: at(1) });
    notes = (await caseNotes()).slice(3);
    expect(notes).toEqual([{ userId: author.id, caseId: kase.id, actorId: staff.id, message: expect.stringContaining('반려되었습니다') }]);
    expect(notes[0]!.message).toContain('사유: KPI 단위를 확인해 주세요.');
    // The author sees it on /notifications (the message is shown as written).
    const { rows } = await listNotifications(db(), author.id);
    expect(rows[0]!.notification.message).toContain('KPI 단위');

    // A staff member who submits does not hear of it; the other reviewers do.
    await setCaseState(db(), kase.id, { state: 'submitted', now: at(2) });
    await notifyCaseStep(db(), { caseId: kase.id, step: 'submitted', actorId: staff.id, now: at(2) });
    notes = (await caseNotes()).slice(4);
    expect(notes.map((n) => n.userId).sort()).toEqual([otherStaff.id, admin.id].sort());

    // Publication for later: the author is told when it will appear.
    await setCaseState(db(), kase.id, { state: 'published', publishAt: seoulLocalToDate('2026-12-03T09:00'), now: at(3) });
    await notifyCaseStep(db(), { caseId: kase.id, step: 'published', actorId: admin.id, now: at(3) });
    notes = (await caseNotes()).slice(6);
    expect(notes.map((n) => n.userId)).toEqual([author.id]);
    expect(notes[0]!.message).toContain('2026년 12월 3일 09:00에 게시되도록 예약');

    // The reason of a withdrawal is the one kept with the case when none is passed.
    await setCaseState(db(), kase.id, { state: 'withdrawn', reason: '회사가 게시 동의를 철회했습니다.', now: at(50) });
    await notifyCaseStep(db(), { caseId: kase.id, step: 'withdrawn', actorId: staff.id, now: at(50) });
    notes = (await caseNotes()).slice(7);
    expect(notes.map((n) => n.userId)).toEqual([author.id]);
    expect(notes[0]!.message).toContain('게시가 중단되었습니다. 사유: 회사가 게시 동의를 철회했습니다.');

    // The author acting on their own case, and an imported case (no author): nobody is told.
    const own = await makeCase(db(), { authorId: staff.id, state: 'published' });
    await notifyCaseStep(db(), { caseId: own.id, step: 'published', actorId: staff.id, now: NOW });
    const imported = await makeCase(db(), { authorId: null, state: 'published' });
    await notifyCaseStep(db(), { caseId: imported.id, step: 'withdrawn', actorId: staff.id, reason: '중복', now: NOW });
    expect(await caseNotes()).toHaveLength(8);
  });

  it('mails each step as every member chose: at once (with the reason and a link to the editor), in the digest, never, or unsubscribed', async () => {
    const { author, staff, otherStaff, admin } = await cast();
    await setMailPreferences(db(), staff.id, { case: 'digest' });
    await setMailPreferences(db(), otherStaff.id, { case: 'never' });
    expect(await unsubscribeByKey(db(), admin.mailKey, 'case')).toBe(true);
    const adminPrefs = await mailPreferencesOf(db(), admin.id);
    expect(adminPrefs.case).toBe('never');
    expect(adminPrefs.consultation).toBe('immediate'); // one kind only
    expect((await mailPreferencesOf(db(), author.id)).case).toBe('immediate'); // the default

    const transport = smtpTransport(smtp.url, '전북 스마트CEO포럼 <no-reply@portal.test>');
    const deliver = async (now: Date) => {
      while ((await deliverDueMails(db(), transport.send, now, POLICY)) > 0);
    };
    try {
      const kase = await makeCase(db(), { authorId: author.id, title: '군산 용접 라인의 협동로봇' });
      await setCaseState(db(), kase.id, { state: 'submitted', now: NOW });
      await notifyCaseStep(db(), { caseId: kase.id, step: 'submitted', actorId: author.id, now: NOW });
      await setCaseState(db(), kase.id, { state: 'returned', reason: '사진 설명을 넣어 주세요.', now: at(1) });
      await notifyCaseStep(db(), { caseId: kase.id, step: 'returned', actorId: staff.id, reason: '사진 설명을 넣어 주세요.', now: at(1) });

      // At once: only the author (the reviewers chose the digest, never, or unsubscribed).
      expect(await sendImmediateNotificationMails(db(), SITE, at(1))).toBe(1);
      await deliver(at(1));
      const mail = await smtp.waitFor((m) => m.to === author.email && m.subject.includes('반려'));
      expect(mail.subject).toContain('「군산 용접 라인의 협동로봇」');
      expect(mail.text).toContain('사유: 사진 설명을 넣어 주세요.');
      const link = linkIn(mail, '/login');
      expect(link.searchParams.get('next')).toBe(`/cases/manage/${kase.id}`);
      expect(headerOf(mail, 'List-Unsubscribe')).toBe(`<${SITE}/mail/unsubscribe?u=${author.mailKey}&kind=case>`);
      expect(mail.text).toContain('사례 검토 진행 알림');
      for (const m of [staff, otherStaff, admin]) expect(smtp.to(m.email)).toHaveLength(0);

      // The digest at 08:00 Seoul time next day carries the submission to the staff member who chose it.
      expect(await sendDailyDigest(db(), SITE, seoulLocalToDate('2026-12-02T08:05')!)).toBeGreaterThanOrEqual(1);
      await deliver(seoulLocalToDate('2026-12-02T08:05')!);
      const digest = await smtp.waitFor((m) => m.to === staff.email);
      expect(digest.subject).toContain('오늘의 소식');
      expect(digest.text).toContain('「군산 용접 라인의 협동로봇」 사례의 검토 요청');
      for (const m of [otherStaff, admin]) expect(smtp.to(m.email)).toHaveLength(0);
      // The portal still shows it to those who want no mail.
      expect((await db().select().from(notifications).where(and(eq(notifications.userId, admin.id), eq(notifications.kind, 'case')))).length).toBe(1);
    } finally {
      transport.close();
    }
  });

  it('counts cases by state and 시·군, lists waiting reviews oldest first, and finds the 시·군 without a case published this year', async () => {
    const { author, staff } = await cast();
    const seoul = (local: string) => seoulLocalToDate(local)!;
    await makeCase(db(), { authorId: author.id, sigun: '52110', state: 'published', publishAt: seoul('2026-03-02T09:00') }); // 전주: this year
    await makeCase(db(), { authorId: author.id, sigun: '52110' }); // 전주: a draft
    await makeCase(db(), { authorId: staff.id, sigun: '52130', state: 'published', publishAt: at(48) }); // 군산: scheduled
    await makeCase(db(), { authorId: staff.id, sigun: '52140', state: 'published', publishAt: seoul('2025-06-01T09:00') }); // 익산: last year
    const older = await makeCase(db(), { authorId: author.id, sigun: '52140', title: '오래 기다린 사례', state: 'submitted', changedAt: at(-50) });
    const newer = await makeCase(db(), { authorId: author.id, sigun: '52180', title: '방금 올라온 사례', state: 'submitted', changedAt: at(-3) });
    await makeCase(db(), { authorId: author.id, sigun: '52190', state: 'returned' });
    await makeCase(db(), { authorId: staff.id, sigun: '52210', state: 'withdrawn' });
    await makeCase(db(), { authorId: null, sigun: '52710', state: 'published', publishAt: seoul('2026-05-01T09:00'), sample: true }); // 완주: sample only
    await makeCase(db(), { authorId: null, sigun: '52800', state: 'published', publishAt: seoul('2026-01-01T00:30') }); // 부안: first minutes of the year
    await makeCase(db(), { authorId: null, sigun: '52790', state: 'published', publishAt: seoul('2025-12-31T23:59') }); // 고창: the year before

    const board = await caseDashboard(db(), { now: NOW });
    expect(board.year).toBe(2026);
    expect(board.rows).toHaveLength(14);
    const row = (code: string) => board.rows.find((r) => r.sigun.code === code)!;
    expect(row('52110').byState).toEqual({ draft: 1, submitted: 0, published: 1, returned: 0, withdrawn: 0 });
    expect(row('52110').publishedThisYear).toBe(1);
    expect(row('52130')).toMatchObject({ scheduled: 1, publishedThisYear: 0, total: 1 });
    expect(row('52140').byState).toMatchObject({ published: 1, submitted: 1 });
    expect(board.totals.total).toBe(11);
    expect(board.totals.byState).toEqual({ draft: 1, submitted: 2, published: 6, returned: 1, withdrawn: 1 });
    expect(board.totals.scheduled).toBe(1);
    expect(board.samples).toBe(1);
    expect(board.waiting.map((w) => w.id)).toEqual([older.id, newer.id]);
    expect(board.waiting[0]).toMatchObject({ title: '오래 기다린 사례', waitedHours: 50, authorName: '전주담당' });
    expect(waitedLabel(board.waiting[0]!.waitedHours)).toBe('2일 2시간');
    expect(waitedLabel(board.waiting[1]!.waitedHours)).toBe('3시간');
    expect(board.withoutPublished.map((s) => s.name)).toEqual([
      '군산시', '익산시', '정읍시', '남원시', '김제시', '완주군', '진안군', '무주군', '장수군', '임실군', '순창군', '고창군',
    ]);

    // Three days on, the scheduled case is out: 군산 has its case this year.
    const later = await caseDashboard(db(), { now: at(72) });
    expect(later.withoutPublished.map((s) => s.name)).not.toContain('군산시');
    expect(later.rows.find((r) => r.sigun.code === '52130')!.scheduled).toBe(0);
    // The next year starts with nothing published.
    const nextYear = await caseDashboard(db(), { now: seoul('2027-01-01T00:01') });
    expect(nextYear.year).toBe(2027);
    expect(nextYear.withoutPublished).toHaveLength(14);

    // A 시·군 담당자 sees only their own 시·군.
    const mine = await caseDashboard(db(), { now: NOW, within: ['52140'] });
    expect(mine.rows.map((r) => r.sigun.name)).toEqual(['익산시']);
    expect(mine.waiting.map((w) => w.id)).toEqual([older.id]);
    expect(mine.withoutPublished.map((s) => s.name)).toEqual(['익산시']);
    expect(mine.totals.total).toBe(2);
    expect((await caseDashboard(db(), { now: NOW, within: [] })).rows).toHaveLength(0);
  });
});
