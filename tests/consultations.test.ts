// Consultation requests on the real database (PGlite, and PostgreSQL when TEST_DATABASE_URL
// is set): the whole life of a request with notifications, mails and audit entries, who may
// see it, suggestions, the dashboard figures, and account deletion keeping an anonymised record.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesOf, findServable, saveUpload, setAttachments } from '../src/lib/files/files';
import { readFileSettings } from '../src/lib/files/limits';
import { databaseBlobStore } from '../src/lib/files/store';
import { eq } from 'drizzle-orm';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import { answerAll, loadTemplate } from './helpers/checklists';
import { saveAssessment } from '../src/lib/checklists/assessments';
import {
  addMessage,
  assignHelpers,
  completeConsultation,
  consultationById,
  consultationFigures,
  createConsultation,
  dashboardRequests,
  openConsultation,
  rateConsultation,
  rejectConsultation,
  scheduleVisit,
  withdrawConsultation,
  type RequestFields,
} from '../src/lib/consultations/consultations';
import { rankHelpers } from '../src/lib/consultations/suggestions';
import { deleteAccount } from '../src/lib/admin/users';
import { auditLog, consultations, mailPending, notifications } from '../src/lib/db/schema';

const template = loadTemplate('smart-factory-readiness');
const request = (overrides: Partial<RequestFields> = {}): RequestFields => ({
  companyName: '가나정밀(가칭)',
  contactName: '홍길동',
  contactPhone: '063-000-0000',
  sigunCode: '52130',
  industry: '자동차부품',
  topics: ['금형'],
  preferredDates: '12월 둘째 주 오전',
  description: '프레스 금형 교체 시간이 깁니다.',
  assessmentId: null,
  ...overrides,
});
const t0 = new Date('2026-12-01T00:00:00Z');
const hours = (h: number) => new Date(t0.getTime() + h * 3_600_000);

describe.each(databaseTargets())('consultation requests on $name', (target) => {
  const db = useDatabase(target);

  async function cast() {
    const company = await makeUser(db(), { displayName: '가나대표', companyName: '가나정밀(가칭)' });
    const otherCompany = await makeUser(db(), { displayName: '다른회사' });
    const mentor = await makeUser(db(), { displayName: '김○○' }, 'mentor');
    const otherMentor = await makeUser(db(), { displayName: '이○○' }, 'mentor');
    const staff = await makeUser(db(), { displayName: '도청담당' }, 'staff');
    return { company, otherCompany, mentor, otherMentor, staff };
  }

  it('goes 접수 → 배정 → 방문 예정 → 완료 with a rating, notifying the parties and auditing staff', async () => {
    const { company, mentor, staff } = await cast();
    const assessment = await saveAssessment(db(), { user: company, template, answers: answerAll(template, 'no'), company: { sigunCode: '52130', industry: '자동차부품', targetLevel: null } });
    const created = (await createConsultation(db(), { requester: company, fields: request({ assessmentId: assessment!.id }), now: t0 }))!;
    expect(created.state).toBe('received');
    // Staff hear of the new request (and get a mail: immediate by default).
    const staffNews = await db().select().from(notifications).where(eq(notifications.userId, staff.id));
    expect(staffNews).toMatchObject([{ kind: 'consultation', consultationId: created.id }]);
    expect(await db().$count(mailPending, eq(mailPending.userId, staff.id))).toBe(1);

    let view = (await consultationById(db(), created.id))!;
    expect(await assignHelpers(db(), { view, actor: staff, userIds: [mentor.id], now: hours(5) })).toEqual({ ok: true, state: 'assigned' });
    view = (await consultationById(db(), created.id))!;
    expect(view.assignees.map((a) => a.displayName)).toEqual(['김○○']);
    expect(view.consultation.firstAnsweredAt?.toISOString()).toBe(hours(5).toISOString());

    // The mentor talks to the company; the company is told.
    expect(await addMessage(db(), { view, actor: mentor, body: '**금형 목록**을 준비해 주세요.', now: hours(6) })).toMatchObject({ bodyHtml: expect.stringContaining('<strong>금형 목록</strong>') });
    // A mentor may not complete before the visit is scheduled.
    expect(await completeConsultation(db(), { view, actor: mentor, outcome: '끝', now: hours(7) })).toEqual({ ok: false, reason: 'forbidden' });
    expect((await scheduleVisit(db(), { view, actor: mentor, visitAt: hours(48), label: '12월 3일', now: hours(8) })).ok).toBe(true);
    view = (await consultationById(db(), created.id))!;
    expect((await completeConsultation(db(), { view, actor: mentor, outcome: '금형 교체 표준 초안을 함께 만들었습니다.', now: hours(50) })).ok).toBe(true);
    view = (await consultationById(db(), created.id))!;
    expect(await rateConsultation(db(), { view, actor: mentor, rating: 5, comment: null, now: hours(51) })).toEqual({ ok: false, reason: 'forbidden' });
    expect((await rateConsultation(db(), { view, actor: company, rating: 5, comment: '큰 도움이 됐습니다.', now: hours(51) })).ok).toBe(true);

    const done = (await consultationById(db(), created.id))!.consultation;
    expect(done).toMatchObject({ state: 'completed', rating: 5, ratingComment: '큰 도움이 됐습니다.', outcome: expect.stringContaining('표준') });
    const companyNews = await db().select().from(notifications).where(eq(notifications.userId, company.id));
    expect(companyNews.map((n) => n.message)).toEqual([
      '담당자가 배정되었습니다: 김○○',
      '김○○님이 메시지를 남겼습니다.',
      '방문 일정이 잡혔습니다: 12월 3일',
      '컨설팅이 완료되었습니다. 만족도를 남겨 주세요.',
    ]);
    const audit = await db().select().from(auditLog);
    expect(audit.map((a) => a.action)).toEqual(['consultation.assign', 'consultation.state', 'consultation.state']);
    expect(audit[0]).toMatchObject({ actorId: staff.id, targetType: 'consultation', targetId: String(created.id) });

    const figures = consultationFigures(await db().select().from(consultations));
    expect(figures.medianHoursToFirstAnswer).toBe(5);
    expect(figures.medianDaysToCompletion).toBeCloseTo(50 / 24);
  });

  it('shows a request only to the company, its assignees and staff; staff who are not assigned leave an audit entry', async () => {
    const { company, otherCompany, mentor, otherMentor, staff } = await cast();
    const created = (await createConsultation(db(), { requester: company, fields: request(), now: t0 }))!;
    await assignHelpers(db(), { view: (await consultationById(db(), created.id))!, actor: staff, userIds: [mentor.id], now: hours(1) });
    const before = await db().$count(auditLog);
    expect(await openConsultation(db(), company, created.id)).toBeDefined();
    expect(await openConsultation(db(), mentor, created.id)).toBeDefined();
    expect(await db().$count(auditLog)).toBe(before);
    expect(await openConsultation(db(), otherCompany, created.id)).toBeUndefined();
    expect(await openConsultation(db(), otherMentor, created.id)).toBeUndefined();
    expect(await openConsultation(db(), null, created.id)).toBeUndefined();
    expect(await openConsultation(db(), staff, created.id)).toBeDefined();
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.action, 'consultation.view'));
    expect(entry).toMatchObject({ actorId: staff.id, targetId: String(created.id) });
    // Another company cannot attach someone else's checklist result.
    const foreign = await saveAssessment(db(), { user: otherCompany, template, answers: {}, company: { sigunCode: null, industry: null, targetLevel: null } });
    expect(await createConsultation(db(), { requester: company, fields: request({ assessmentId: foreign!.id }), now: t0 })).toBeUndefined();
  });

  it('반려 with a reason, 철회 by the company, and the dashboard lists open requests oldest first', async () => {
    const { company, staff } = await cast();
    const first = (await createConsultation(db(), { requester: company, fields: request({ sigunCode: '52110' }), now: t0 }))!;
    const second = (await createConsultation(db(), { requester: company, fields: request(), now: hours(1) }))!;
    const third = (await createConsultation(db(), { requester: company, fields: request(), now: hours(2) }))!;
    expect((await dashboardRequests(db(), {})).map((r) => r.consultation.id)).toEqual([first.id, second.id, third.id]);
    expect((await dashboardRequests(db(), { sigun: '52110' })).map((r) => r.consultation.id)).toEqual([first.id]);

    const rejected = await rejectConsultation(db(), { view: (await consultationById(db(), second.id))!, actor: staff, reason: '지원 대상 업종이 아닙니다.', now: hours(3) });
    expect(rejected).toEqual({ ok: true, state: 'rejected' });
    expect(await withdrawConsultation(db(), { view: (await consultationById(db(), third.id))!, actor: staff, now: hours(3) })).toEqual({ ok: false, reason: 'forbidden' });
    expect(await withdrawConsultation(db(), { view: (await consultationById(db(), third.id))!, actor: company, now: hours(4) })).toEqual({ ok: true, state: 'withdrawn' });
    // Nothing more happens to a closed request.
    expect(await rejectConsultation(db(), { view: (await consultationById(db(), second.id))!, actor: staff, reason: '다시', now: hours(5) })).toEqual({ ok: false, reason: 'forbidden' });
    expect((await dashboardRequests(db(), {})).map((r) => r.consultation.id)).toEqual([first.id]);
    expect((await dashboardRequests(db(), { state: 'rejected' }))[0]!.consultation.rejectReason).toBe('지원 대상 업종이 아닙니다.');
  });

  it('files of a request are served only to those who see the request', async () => {
    const { company, otherCompany, mentor, otherMentor, staff } = await cast();
    const created = (await createConsultation(db(), { requester: company, fields: request(), now: t0 }))!;
    const folder = await mkdtemp(path.join(tmpdir(), 'consult-files-'));
    try {
      const data = Buffer.from('공정 목록\n프레스 1호기, 2호기\n');
      await writeFile(path.join(folder, 'list.txt'), data);
      const file = await saveUpload(db(), { path: path.join(folder, 'list.txt'), name: '공정목록.txt', size: data.length, uploader: company, settings: readFileSettings({}), store: databaseBlobStore, now: t0 });
      await setAttachments(db(), { owner: { consultationId: created.id }, actor: company, items: [{ id: file.id }], now: t0 });
      await assignHelpers(db(), { view: (await consultationById(db(), created.id))!, actor: staff, userIds: [mentor.id], now: hours(1) });
      expect((await filesOf(db(), { consultationId: created.id })).map((f) => f.name)).toEqual(['공정목록.txt']);
      const may = async (who: Parameters<typeof findServable>[2]) => !!(await findServable(db(), file.sha256, who, hours(2)));
      expect(await may(company)).toBe(true);
      expect(await may(mentor)).toBe(true);
      expect(await may(staff)).toBe(true);
      expect(await may(otherCompany)).toBe(false);
      expect(await may(otherMentor)).toBe(false);
      expect(await may(null)).toBe(false);
      expect((await findServable(db(), file.sha256, company, hours(2)))?.public).toBe(false);
      // Deleting the account takes the requester's files off the request.
      await deleteAccount(db(), company.id);
      expect(await filesOf(db(), { consultationId: created.id })).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('account deletion removes the requester’s personal fields and keeps the anonymised record', async () => {
    const { company, mentor, staff } = await cast();
    const created = (await createConsultation(db(), { requester: company, fields: request(), now: t0 }))!;
    const view = (await consultationById(db(), created.id))!;
    await addMessage(db(), { view, actor: company, body: '제 번호는 010-1234-5678입니다.', now: hours(1) });
    await assignHelpers(db(), { view, actor: staff, userIds: [mentor.id], now: hours(2) });
    await deleteAccount(db(), company.id);
    const [kept] = await db().select().from(consultations).where(eq(consultations.id, created.id));
    expect(kept).toMatchObject({ requesterId: null, companyName: null, contactName: null, contactPhone: null, description: null, sigunCode: '52130', industry: '자동차부품', topics: ['금형'], state: 'assigned' });
    expect(kept!.anonymisedAt).not.toBeNull();
    const messages = JSON.stringify(await import('../src/lib/consultations/consultations').then((m) => m.messagesOf(db(), created.id)));
    expect(messages).not.toContain('010-1234-5678');
  });
});

describe('suggestions (pure)', () => {
  it('ranks helpers by field, industry, 시·군 and the checklist’s weakest sections', () => {
    const helper = (name: string, careerField: string, industries: string[], sigunCodes: string[], availableNow = true) => ({ name, profile: { careerField, industries, sigunCodes }, availableNow });
    const ranked = rankHelpers(
      { topics: ['금형'], industry: '자동차부품', sigunCode: '52130', weakSections: ['data-collection'] },
      [helper('품질', '품질', ['식품'], ['52110']), helper('자동화', '자동화', ['자동차부품'], ['52130'], false), helper('금형', '금형', ['자동차부품'], ['52130'])],
      (id) => (id === 'data-collection' ? '현장 데이터 수집 가능성' : id),
    );
    expect(ranked.map((s) => [s.candidate.name, s.score])).toEqual([['금형', 8], ['자동화', 5], ['품질', 1]]);
    expect(ranked[1]!.reasons).toContain('약한 영역: 현장 데이터 수집 가능성');
  });
});
