// The case editor's pure parts (reading the form into caseSchema data with a Korean message
// per field; the revision diff) and, on PGlite and PostgreSQL, what the editor stores: the
// consent with each save, revisions with who saved them, the lists of /cases/manage.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as fx from './helpers/file-fixtures';
import { readFileSettings } from '../src/lib/files/limits';
import { databaseBlobStore } from '../src/lib/files/store';
import { filesOf, findServable, saveUpload, setAttachments, sweepUnattached } from '../src/lib/files/files';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import { assignSigunScope, sigunScopes } from '../src/lib/auth/scopes';
import type { Database } from '../src/lib/db/client';
import { getUserById } from '../src/lib/auth/user';

/** A user as the session gives them to pages (with their 시·군). */
async function getSessionUser(db: Database, id: number) {
  return { ...(await getUserById(db, id))!, sigunScopes: await sigunScopes(db, id) };
}
import { caseFormValues, emptyCaseForm, kpiRowsToShow, parseCaseForm, parseNumber, readCaseForm, type CaseFormValues } from '../src/lib/cases/form';
import { fieldChanges, lineDiff } from '../src/lib/cases/diff';
import { getCase, saveCase, setCaseState } from '../src/lib/cases/store';
import { listManagedCases, mayDraftCases, newCaseResource, revisionsWithAuthors } from '../src/lib/cases/editor';
import { caseResource } from '../src/lib/cases/access';
import { can } from '../src/lib/auth/permissions';

const NOW = new Date('2026-12-01T03:00:00Z');

function filled(overrides: Partial<CaseFormValues> = {}): CaseFormValues {
  return {
    ...emptyCaseForm('2026-12-01'),
    slug: 'gunsan-test-mes',
    title: '군산 부품사의 MES 도입',
    summary: '프레스 공정에 MES를 들여 불량률을 절반으로 줄인 군산 부품 기업의 이야기입니다.',
    company: '가나정밀(가칭)',
    sigun: '52130',
    industry: '기계',
    level: '기초',
    year: '2025',
    employees: '1,200',
    systems: ['MES', 'POP'],
    mentorName: '김멘토',
    mentorCareer: '삼성전자 제조기술 30년',
    mentorRole: 'MES 범위 설정',
    patents: '10-1234567 (공정 이상 감지)\n\n',
    kpis: [
      { name: '불량률', unit: '%', before: '2.4', after: '1.1', direction: 'lower' },
      { name: '', unit: '', before: '', after: '', direction: 'higher' },
    ],
    source: '전북특별자치도 스마트공장 지원사업',
    body: '## 배경\r\n\r\n프레스 공정의 불량이 많았습니다.',
    consentBy: '홍길동 대표',
    consentAt: '2026-11-20',
    ...overrides,
  };
}

describe('reading the case form', () => {
  it('turns a filled form into caseSchema data, skipping empty KPI rows and blank patent lines', () => {
    const parsed = parseCaseForm(filled());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { data, body, consent, slug } = parsed.value;
    expect(slug).toBe('gunsan-test-mes');
    expect(data.employees).toBe(1200);
    expect(data.year).toBe(2025);
    expect(data.kpis).toEqual([{ name: '불량률', unit: '%', before: 2.4, after: 1.1, direction: 'lower' }]);
    expect(data.patents).toEqual(['10-1234567 (공정 이상 감지)']);
    expect(data.publishedAt.toISOString().slice(0, 10)).toBe('2026-12-01');
    expect(data.sample).toBe(false);
    expect(body).toBe('## 배경\n\n프레스 공정의 불량이 많았습니다.');
    expect(consent).toEqual({ by: '홍길동 대표', at: '2026-11-20' });
  });

  it('names every wrong field in Korean', () => {
    const parsed = parseCaseForm(
      filled({
        slug: 'Bad Slug',
        title: '짧음',
        summary: '짧은 요약',
        sigun: '99999',
        year: '1999',
        employees: '-3',
        systems: [],
        mentorName: ' ',
        kpis: [{ name: '생산성', unit: '개', before: '많음', after: '', direction: 'higher' }],
        license: 'CC-BY',
        body: '  ',
        consentBy: '홍길동',
        consentAt: '2026-02-31',
      }),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const e = parsed.errors;
    expect(e.slug![0]).toContain('영문 소문자');
    expect(e.title![0]).toContain('5자 이상');
    expect(e.summary![0]).toContain('20자 이상');
    expect(e.sigun![0]).toBe('시·군을 골라 주세요.');
    expect(e.year![0]).toContain('2014');
    expect(e.employees![0]).toContain('1 이상');
    expect(e.systems![0]).toContain('하나 이상');
    expect(e.mentorName![0]).toContain('멘토 이름');
    expect(e.kpis).toEqual(['1번째 성과 지표: 도입 전 값을 숫자로 입력해 주세요.', '1번째 성과 지표: 도입 후 값을 숫자로 입력해 주세요.']);
    expect(e.license![0]).toContain('공공누리');
    expect(e.body![0]).toContain('본문');
    expect(e.consentAt![0]).toContain('날짜');
  });

  it('asks for at least one KPI, and for both halves of the consent', () => {
    const parsed = parseCaseForm(filled({ kpis: [], consentBy: '', consentAt: '2026-11-20' }));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.kpis).toEqual(['성과 지표를 하나 이상 입력해 주세요.']);
    expect(parsed.errors.consentBy![0]).toContain('동의한 사람');
    // No consent at all is fine for a draft.
    expect(parseCaseForm(filled({ consentBy: '', consentAt: '' })).ok).toBe(true);
  });

  it('reads the fields a browser sends, rows as rows, and shows empty rows to add more', () => {
    const form = new URLSearchParams();
    for (const [k, v] of [['title', '제목'], ['systems', 'MES'], ['systems', 'ERP'], ['kpiName', '불량률'], ['kpiUnit', '%'], ['kpiBefore', '3'], ['kpiAfter', '1'], ['kpiDirection', 'lower'], ['kpiName', ''], ['kpiUnit', ''], ['kpiBefore', ''], ['kpiAfter', ''], ['kpiDirection', 'higher']]) form.append(k!, v!);
    const values = readCaseForm(form);
    expect(values.title).toBe('제목');
    expect(values.systems).toEqual(['MES', 'ERP']);
    expect(values.kpis).toHaveLength(2);
    expect(values.kpis[0]).toEqual({ name: '불량률', unit: '%', before: '3', after: '1', direction: 'lower' });
    // A sent form comes back with its rows as sent, one more after 행 추가; a saved case gets empty rows.
    expect(kpiRowsToShow(values, { sent: true })).toHaveLength(2);
    expect(kpiRowsToShow(values, { sent: true, added: true })).toHaveLength(3);
    expect(kpiRowsToShow(values)).toHaveLength(3);
  });

  it('understands numbers as people type them', () => {
    expect(parseNumber('1,200')).toBe(1200);
    expect(parseNumber(' -2.5 ')).toBe(-2.5);
    expect(parseNumber('1.2.3')).toBeUndefined();
    expect(parseNumber('')).toBeUndefined();
  });
});

describe('revision diff', () => {
  it('shows removed and added lines around the unchanged ones', () => {
    expect(lineDiff('a\nb\nc', 'a\nB\nc\nd')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'B' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
    expect(lineDiff('', 'x')).toEqual([{ kind: 'added', text: 'x' }]);
    expect(lineDiff('same', 'same')).toEqual([{ kind: 'same', text: 'same' }]);
  });

  it('lists the fields that changed with Korean names and readable values', () => {
    const before = { title: '옛 제목', kpis: [{ name: '불량률', unit: '%', before: 2, after: 1, direction: 'lower' }], systems: ['MES'], body: 'x' };
    const after = { title: '새 제목', kpis: [{ name: '불량률', unit: '%', before: 2, after: 0.5, direction: 'lower' }], systems: ['MES'], body: 'y' };
    const changes = fieldChanges(before, after);
    expect(changes.map((c) => c.label)).toEqual(['제목', '성과 지표']);
    expect(changes[0]).toMatchObject({ before: '옛 제목', after: '새 제목' });
    expect(changes[1]!.after).toBe('불량률: 2 → 0.5 % (낮을수록 좋음)');
  });
});

describe.each(databaseTargets())('case editor storage on $name', (target) => {
  const db = useDatabase(target);

  it('keeps the consent and a revision per save, with who saved and the note; the diff shows the change', async () => {
    const author = await makeUser(db(), { displayName: '군산 담당' });
    const first = parseCaseForm(filled({ note: '처음 씀' }));
    if (!first.ok) throw new Error('form');
    const created = await saveCase(db(), { ...first.value, userId: author.id, now: NOW });
    expect(created.consentBy).toBe('홍길동 대표');
    expect(created.consentAt).toBe('2026-11-20');
    const round = parseCaseForm(caseFormValues((await getCase(db(), created.id))!));
    expect(round.ok && round.value.data).toEqual(first.value.data);

    const second = parseCaseForm(filled({ title: '군산 부품사의 MES 도입 이야기', body: '## 배경\n\n프레스 불량이 많았습니다.\n\n## 결과', note: '제목 수정' }));
    if (!second.ok) throw new Error('form');
    await saveCase(db(), { id: created.id, ...second.value, userId: author.id, now: new Date(NOW.getTime() + 60_000) });
    const revisions = await revisionsWithAuthors(db(), created.id);
    expect(revisions.map((r) => [r.note, r.userName])).toEqual([['처음 씀', '군산 담당'], ['제목 수정', '군산 담당']]);
    expect(fieldChanges(revisions[0]!.data, revisions[1]!.data).map((c) => c.label)).toEqual(['제목']);
    const body = lineDiff(String(revisions[0]!.data.body), String(revisions[1]!.data.body));
    expect(body.filter((l) => l.kind !== 'same').map((l) => `${l.kind}:${l.text}`)).toEqual([
      'removed:프레스 공정의 불량이 많았습니다.',
      'added:프레스 불량이 많았습니다.',
      'added:',
      'added:## 결과',
    ]);
  });

  it('lists a 시·군 담당자 their own cases and their 시·군, and staff every case by state', async () => {
    const admin = await makeUser(db(), {}, 'admin');
    const official = await makeUser(db());
    await assignSigunScope(db(), official.id, '52130', admin.id);
    const staff = await makeUser(db(), {}, 'staff');
    const ok = parseCaseForm(filled());
    const other = parseCaseForm(filled({ slug: 'jeonju-other', sigun: '52110' }));
    if (!ok.ok || !other.ok) throw new Error('form');
    const mine = await saveCase(db(), { ...ok.value, userId: official.id, now: NOW });
    const theirs = await saveCase(db(), { ...other.value, userId: staff.id, now: NOW });
    await setCaseState(db(), theirs.id, { state: 'submitted', now: NOW });

    const officialUser = await getSessionUser(db(), official.id);
    expect(mayDraftCases(officialUser)).toBe(true);
    expect(mayDraftCases(await getSessionUser(db(), (await makeUser(db())).id))).toBe(false);
    expect((await listManagedCases(db(), officialUser)).map((c) => c.id)).toEqual([mine.id]);
    const staffUser = await getSessionUser(db(), staff.id);
    expect((await listManagedCases(db(), staffUser)).map((c) => c.id).sort()).toEqual([mine.id, theirs.id].sort());
    expect((await listManagedCases(db(), staffUser, { state: 'submitted' })).map((c) => c.id)).toEqual([theirs.id]);
    // The editor asks can() with the case as it is: the official may edit their draft, not the other 시·군's.
    expect(can(officialUser, 'case.edit', caseResource(mine))).toBe(true);
    expect(can(officialUser, 'case.view', caseResource(theirs))).toBe(false);
  });

  it('lets a mentor draft for the company they mentored and keeps their account with the case', async () => {
    const mentor = await makeUser(db(), { displayName: '김멘토' }, 'mentor');
    const otherMentor = await makeUser(db(), { displayName: '박멘토' }, 'mentor');
    const ok = parseCaseForm(filled());
    if (!ok.ok) throw new Error('form');
    const mentorUser = await getSessionUser(db(), mentor.id);
    const otherUser = await getSessionUser(db(), otherMentor.id);
    // The form names 김멘토 as the company's mentor: 김멘토 may draft it, 박멘토 may not.
    const draft = newCaseResource(ok.value.data.sigun, ok.value.data.mentor.name, mentorUser);
    expect(can(mentorUser, 'case.draft', draft)).toBe(true);
    expect(can(otherUser, 'case.draft', newCaseResource(ok.value.data.sigun, ok.value.data.mentor.name, otherUser))).toBe(false);
    const row = await saveCase(db(), { ...ok.value, mentorUserId: draft.mentorUserId, userId: mentor.id, now: NOW });
    expect(row.mentorUserId).toBe(mentor.id);
    // From then on the stored account decides: the mentor edits their draft and lists it; the other mentor neither.
    expect(can(mentorUser, 'case.edit', caseResource(row))).toBe(true);
    expect(can(otherUser, 'case.view', caseResource(row))).toBe(false);
    expect((await listManagedCases(db(), mentorUser)).map((c) => c.id)).toEqual([row.id]);
    expect(await listManagedCases(db(), otherUser)).toEqual([]);
  });

  it('keeps a case photo with the case: seen by whoever may see the case, public once published, never swept', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'case-photo-'));
    try {
      const official = await makeUser(db());
      const guestMember = await makeUser(db());
      const file = path.join(folder, 'photo.png');
      const data = await fx.png(300, 200);
      await writeFile(file, data);
      const photo = await saveUpload(db(), { path: file, name: '병입 라인.png', size: data.length, uploader: official, settings: readFileSettings({}), store: databaseBlobStore, now: NOW });
      const form = parseCaseForm(filled());
      if (!form.ok) throw new Error('form');
      const row = await saveCase(db(), { ...form.value, userId: official.id, now: NOW });
      await setAttachments(db(), { owner: { caseId: row.id }, actor: official, items: [{ id: photo.id, alt: '병입 라인', caption: 'MES 태블릿' }], now: NOW });
      expect((await filesOf(db(), { caseId: row.id })).map((f) => [f.alt, f.caption])).toEqual([['병입 라인', 'MES 태블릿']]);
      const may = async (who: typeof official | null) => !!(await findServable(db(), photo.sha256, who, NOW));
      // A draft: its author yes, another member and guests no.
      expect([await may(official), await may(guestMember), await may(null)]).toEqual([true, false, false]);
      await setCaseState(db(), row.id, { state: 'published', publishAt: NOW, now: NOW });
      expect((await findServable(db(), photo.sha256, null, NOW))?.public).toBe(true);
      expect((await sweepUnattached(db(), databaseBlobStore, new Date(NOW.getTime() + 48 * 3600_000))).files).toBe(0);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
