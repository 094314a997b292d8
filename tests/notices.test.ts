// Announcements in the database: what the public sees when (drafts, scheduled, withdrawn),
// the order and pages of the list, revisions, deadlines in Seoul time, and Korean search.
import { describe, expect, it } from 'vitest';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import type { Database } from '../src/lib/db/client';
import {
  attachmentSchema,
  createNotice,
  decodeNoticeCursor,
  editNotice,
  newestNotices,
  noticeById,
  noticeRevisions,
  noticeState,
  publicNotices,
  setPinned,
  setPublication,
  withdrawNotice,
  type NoticeFields,
  type Publication,
} from '../src/lib/notices/notices';
import { searchNotices } from '../src/lib/notices/search';
import { readSampleNotices, removeSampleNotices, seedSampleNotices } from '../src/lib/samples/notices';
import { daysUntil, deadlineLabel, seoulLocalInput, seoulLocalToDate } from '../src/lib/dates';
import { can } from '../src/lib/auth/permissions';

const NOW = new Date('2026-12-01T03:00:00Z'); // 12:00 in Seoul
const HOUR = 3600 * 1000;
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR);

function fields(overrides: Partial<NoticeFields> = {}): NoticeFields {
  return {
    title: '스마트공장 구축 지원사업 참여기업 모집',
    body: '**MES** 도입을 준비하는 기업의 신청을 받습니다.',
    category: 'business',
    sigunCode: null,
    licence: 'KOGL-1',
    deadline: null,
    attachments: [],
    ...overrides,
  };
}

const published = (hoursFromNow = -1): Publication => ({ status: 'published', publishAt: at(hoursFromNow) });

async function notice(db: Database, overrides: Partial<NoticeFields> = {}, publication = published(), pinned = false) {
  return createNotice(db, { fields: fields(overrides), publication, authorId: null, pinned, now: at(-48) });
}

const titles = (rows: { title: string }[]) => rows.map((r) => r.title);

describe('Seoul dates for announcements', () => {
  it('reads a datetime-local value as Seoul time and writes it back', () => {
    expect(seoulLocalToDate('2026-12-01T09:00')?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(seoulLocalToDate('2027-01-01T00:30')?.toISOString()).toBe('2026-12-31T15:30:00.000Z');
    expect(seoulLocalInput(new Date('2026-12-31T15:30:00Z'))).toBe('2027-01-01T00:30');
    expect(seoulLocalToDate('2026-02-30T09:00')).toBeUndefined();
    expect(seoulLocalToDate('내일 아침')).toBeUndefined();
  });

  it('counts D-N in Seoul days, across midnight in Seoul (not UTC)', () => {
    // 23:59 on 1 December in Seoul is 14:59 UTC; one minute later it is 2 December in Seoul.
    const beforeMidnight = new Date('2026-12-01T14:59:00Z');
    const afterMidnight = new Date('2026-12-01T15:00:00Z');
    expect(daysUntil('2026-12-03', beforeMidnight)).toBe(2);
    expect(daysUntil('2026-12-03', afterMidnight)).toBe(1);
    expect(deadlineLabel('2026-12-03', beforeMidnight)).toEqual({ label: '마감 D-2', open: true });
    expect(deadlineLabel('2026-12-02', afterMidnight)).toEqual({ label: '오늘 마감', open: true });
    expect(deadlineLabel('2026-12-01', afterMidnight)).toEqual({ label: '마감', open: false });
    expect(deadlineLabel('2027-01-10', new Date('2026-12-31T16:00:00Z'))).toEqual({ label: '마감 D-9', open: true });
  });
});

describe.each(databaseTargets())('announcements on $name', (target) => {
  const db = useDatabase(target);

  it('hides drafts and withdrawn notices from the public, shows them to staff', async () => {
    const draft = await notice(db(), { title: '임시 저장한 공지' }, { status: 'draft', publishAt: null });
    const out = await notice(db(), { title: '게시한 공지' });
    await withdrawNotice(db(), out.id, NOW);
    const visible = await notice(db(), { title: '보이는 공지' });
    expect(titles((await publicNotices(db(), { now: NOW })).notices)).toEqual(['보이는 공지']);
    const withdrawn = (await noticeById(db(), out.id))!.notice;
    expect(noticeState(withdrawn, NOW)).toBe('withdrawn');
    expect(can(null, 'notice.read', { notice: withdrawn, now: NOW })).toBe(false);
    expect(can({ id: 9, role: 'staff' }, 'notice.read', { notice: draft, now: NOW })).toBe(true);
    expect(can(null, 'notice.read', { notice: visible, now: NOW })).toBe(true);
    expect(await searchNotices(db(), '공지', NOW)).toHaveLength(1);
  });

  it('a scheduled notice stays hidden until its time, then appears by itself', async () => {
    const scheduled = await notice(db(), { title: '내일 아침 9시에 게시될 교육 안내', category: 'event' }, published(21));
    const readers = [at(0), at(20.99), at(21), at(30)];
    const seen = await Promise.all(readers.map(async (now) => titles((await publicNotices(db(), { now })).notices).length));
    expect(seen).toEqual([0, 0, 1, 1]);
    expect(noticeState(scheduled, at(20)), 'before').toBe('scheduled');
    expect(noticeState(scheduled, at(21)), 'at its time').toBe('published');
    expect(await searchNotices(db(), '교육', at(20))).toEqual([]);
    expect(titles(await searchNotices(db(), '교육', at(21)))).toEqual(['내일 아침 9시에 게시될 교육 안내']);
    expect(titles(await newestNotices(db(), at(22), 5))).toEqual(['내일 아침 9시에 게시될 교육 안내']);
  });

  it('lists pinned notices first, then the newest; filters by category and 시·군', async () => {
    await notice(db(), { title: '오래된 고정 공지', category: 'general' }, published(-100), true);
    await notice(db(), { title: '군산 행사', category: 'event', sigunCode: '52130' }, published(-3));
    await notice(db(), { title: '전주 사업공고', category: 'business', sigunCode: '52110' }, published(-2));
    await notice(db(), { title: '도 전체 성과', category: 'result' }, published(-1));
    expect(titles((await publicNotices(db(), { now: NOW })).notices)).toEqual(['오래된 고정 공지', '도 전체 성과', '전주 사업공고', '군산 행사']);
    expect(titles((await publicNotices(db(), { now: NOW, category: 'event' })).notices)).toEqual(['군산 행사']);
    expect(titles((await publicNotices(db(), { now: NOW, sigunCode: '52110' })).notices)).toEqual(['전주 사업공고']);
    expect(titles((await publicNotices(db(), { now: NOW, category: 'event', sigunCode: '52110' })).notices)).toEqual([]);
    expect(titles(await newestNotices(db(), NOW, 2))).toEqual(['오래된 고정 공지', '도 전체 성과']);
  });

  it('unpinning puts a notice back in date order', async () => {
    const old = await notice(db(), { title: '예전 공지' }, published(-10), true);
    await notice(db(), { title: '새 공지' }, published(-1));
    await setPinned(db(), old.id, false, NOW);
    expect(titles((await publicNotices(db(), { now: NOW })).notices)).toEqual(['새 공지', '예전 공지']);
  });

  it('pages by key: every notice once, in order, even with equal publish times', async () => {
    const same = at(-5);
    for (let i = 1; i <= 7; i++) await notice(db(), { title: `공지 ${i}` }, { status: 'published', publishAt: i <= 4 ? same : at(-i) });
    await notice(db(), { title: '고정' }, published(-50), true);
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await publicNotices(db(), { now: NOW, after: decodeNoticeCursor(after), limit: 3 });
      seen.push(...titles(page.notices));
      after = page.next;
      pages += 1;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(seen[0]).toBe('고정');
    expect(seen.slice(1).sort()).toEqual(['공지 1', '공지 2', '공지 3', '공지 4', '공지 5', '공지 6', '공지 7']);
    expect(new Set(seen).size).toBe(8);
  });

  it('keeps the old title and text as a revision on every edit', async () => {
    const staff = await makeUser(db(), {}, 'staff');
    const created = await notice(db(), { title: '첫 제목', body: '첫 내용' });
    await editNotice(db(), { notice: created, fields: fields({ title: '둘째 제목', body: '둘째 내용' }), editorId: staff.id, now: at(1) });
    const second = (await noticeById(db(), created.id))!.notice;
    await editNotice(db(), { notice: second, fields: fields({ title: '셋째 제목', body: '**셋째** 내용' }), editorId: staff.id, now: at(2) });
    const now = (await noticeById(db(), created.id))!.notice;
    expect(now.title).toBe('셋째 제목');
    expect(now.bodyHtml).toContain('<strong>셋째</strong>');
    expect(now.editedAt?.toISOString()).toBe(at(2).toISOString());
    expect(now.status).toBe('published');
    const revisions = await noticeRevisions(db(), created.id);
    expect(revisions.map((r) => [r.revision.title, r.revision.bodySource, r.editorName])).toEqual([
      ['첫 제목', '첫 내용', staff.displayName],
      ['둘째 제목', '둘째 내용', staff.displayName],
    ]);
    expect(titles(await searchNotices(db(), '셋째', at(3)))).toEqual(['셋째 제목']);
    expect(await searchNotices(db(), '첫', at(3))).toEqual([]);
  });

  it('sanitizes the Markdown and keeps only http(s) attachments from the schema', async () => {
    const created = await notice(db(), { body: '<script>alert(1)</script>\n\n[링크](javascript:alert(1)) [공고](https://example.kr) **굵게**' });
    expect(created.bodyHtml).not.toContain('<script');
    expect(created.bodyHtml).not.toMatch(/href="javascript/i);
    expect(created.bodyHtml).toContain('href="https://example.kr"');
    expect(created.bodyHtml).toContain('<strong>굵게</strong>');
    expect(attachmentSchema.safeParse({ title: '공고문', url: 'https://example.kr/a.pdf' }).success).toBe(true);
    expect(attachmentSchema.safeParse({ title: '공고문', url: 'javascript:alert(1)' }).success).toBe(false);
    expect(attachmentSchema.safeParse({ title: '', url: 'https://example.kr/a.pdf' }).success).toBe(false);
  });

  it('finds published notices by parts of Korean words, with or without particles', async () => {
    await notice(db(), { title: '스마트공장 구축 지원사업 참여기업 모집공고', body: '신청 서류를 확인하세요.' });
    await notice(db(), { title: 'MES 기초 과정 안내', body: '생산관리 담당자 직무교육을 엽니다.', category: 'event' });
    await notice(db(), { title: '임시 저장된 교육 공고' }, { status: 'draft', publishAt: null });
    expect(titles(await searchNotices(db(), '공고', NOW))).toEqual(['스마트공장 구축 지원사업 참여기업 모집공고']);
    expect(titles(await searchNotices(db(), '교육', NOW))).toEqual(['MES 기초 과정 안내']);
    expect(titles(await searchNotices(db(), '교육을', NOW))).toEqual(['MES 기초 과정 안내']);
    expect(titles(await searchNotices(db(), '공장', NOW))).toEqual(['스마트공장 구축 지원사업 참여기업 모집공고']);
    expect(titles(await searchNotices(db(), 'mes', NOW))).toEqual(['MES 기초 과정 안내']);
    expect(await searchNotices(db(), '장공', NOW)).toEqual([]);
    const [hit] = await searchNotices(db(), '관리', NOW);
    expect(hit!.excerpt.filter((p) => p.match).map((p) => p.text)).toEqual(['관리']);
  });

  it('publishes a draft later, and a withdrawn notice can come back', async () => {
    const draft = await notice(db(), { title: '나중에 게시' }, { status: 'draft', publishAt: null });
    await setPublication(db(), draft.id, { status: 'published', publishAt: NOW }, NOW);
    expect(titles((await publicNotices(db(), { now: NOW })).notices)).toEqual(['나중에 게시']);
    await withdrawNotice(db(), draft.id, NOW);
    expect((await publicNotices(db(), { now: NOW })).notices).toEqual([]);
  });

  it('seeds the sample notices only into an empty table, and removes them', async () => {
    const samples = readSampleNotices('content/samples/notices.json')!;
    expect(samples.notices.length).toBeGreaterThanOrEqual(4);
    expect(await seedSampleNotices(db(), samples, NOW)).toBe(samples.notices.length);
    expect(await seedSampleNotices(db(), samples, NOW)).toBe(0);
    const { notices: shown } = await publicNotices(db(), { now: NOW, limit: 50 });
    expect(shown).toHaveLength(samples.notices.length);
    expect(shown.every((n) => n.sample && n.title.includes('샘플'))).toBe(true);
    expect(shown[0]!.pinned).toBe(true);
    const real = await notice(db(), { title: '실제 공지' });
    expect(await removeSampleNotices(db())).toBe(samples.notices.length);
    expect(titles((await publicNotices(db(), { now: NOW })).notices)).toEqual([real.title]);
  });
});
