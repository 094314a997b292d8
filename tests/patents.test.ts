// The patent catalogue: what staff may do, saving by registration number, the Korean-aware
// search (parts of words, particles, numbers), filters, and the link with case studies.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import { can, type Actor } from '../src/lib/auth/permissions';
import ExcelJS from 'exceljs';
import { applyPatentImport, PATENT_COLUMNS, patentExportRows, planPatentImport } from '../src/lib/patents/sheet';
import { writeCsv, writeXlsx } from '../src/lib/sheets/write';
import { allPatents, casesUsingPatent, createPatent, patentNumbersIn, updatePatent, patentInput, type PatentFields } from '../src/lib/patents/patents';
import { findPatents, parsePatentFilters } from '../src/lib/patents/search';
import { readSamplePatents, removeSamplePatents, seedSamplePatents } from '../src/lib/samples/patents';

const FUTURE = new Date(Date.now() + 7 * 24 * 3600_000);
const actors: Record<string, Actor | null> = {
  guest: null,
  member: { id: 1, role: 'member' },
  mentor: { id: 2, role: 'mentor' },
  staff: { id: 3, role: 'staff' },
  admin: { id: 4, role: 'admin' },
  suspendedStaff: { id: 6, role: 'staff', suspendedUntil: FUTURE },
};

describe('who may keep the patent catalogue', () => {
  const expected = { guest: false, member: false, mentor: false, staff: true, admin: true, suspendedStaff: false };
  it.each(Object.entries(expected))('%s: %s', (who, allowed) => {
    expect(can(actors[who], 'patent.manage', null)).toBe(allowed);
  });
});

describe('a patent form or sheet row', () => {
  const valid = { registrationNumber: '10-1234567', title: '금형 이상 감지 방법', field: '금형', summary: '하중 파형으로 금형 이상을 알립니다.', contact: '기술이전 창구', status: 'available' };
  it('accepts a complete row and defaults what is optional', () => {
    const parsed = patentInput.parse(valid);
    expect(parsed.industries).toEqual([]);
    expect(parsed.suits).toBe('');
  });
  it('explains in Korean what is wrong', () => {
    const result = patentInput.safeParse({ ...valid, registrationNumber: '1234567', field: '요리', industries: ['우주'] });
    const messages = result.error!.issues.map((i) => i.message);
    expect(messages).toContain('등록번호는 10-1234567 형식으로 적어 주세요.');
    expect(messages).toContain('목록에 있는 기술 분야를 골라 주세요.');
    expect(messages).toContain('목록에 있는 업종을 골라 주세요.');
  });
});

describe('cases and patents', () => {
  it('a case names a patent by its registration number', () => {
    expect(patentNumbersIn(['포장 불량 영상 판별 방법 (10-9999001)', '번호 없는 특허', '두 번호 10-1111111, 10-2222222'])).toEqual(['10-9999001', '10-1111111', '10-2222222']);
    const cases = [
      { id: 'a', data: { patents: ['저장 위치 자동 배정 방법 (10-9999004)'] } },
      { id: 'b', data: { patents: [] } },
      { id: 'c', data: { patents: ['10-9999004'] } },
    ];
    expect(casesUsingPatent(cases, '10-9999004').map((c) => c.id)).toEqual(['a', 'c']);
    expect(casesUsingPatent(cases, '10-9999001')).toEqual([]);
  });
});

describe.each(databaseTargets())('the patent catalogue on $name', (target) => {
  const db = useDatabase(target);
  const samples = readSamplePatents(path.resolve('content/samples/patents.json'))!;

  async function seeded() {
    expect(await seedSamplePatents(db(), samples)).toBe(samples.patents.length);
  }
  const titles = async (query: string, extra: Record<string, string> = {}) =>
    (await findPatents(db(), parsePatentFilters(new URLSearchParams({ q: query, ...extra })))).hits.map((h) => h.patent.title);

  it('finds patents by any part of a word, with particles, by number, title matches first', async () => {
    await seeded();
    expect(await titles('판별')).toEqual(['포장 불량 영상 판별 방법']);
    // An inner part of a word, and a word with a particle.
    expect(await titles('마모')).toEqual(['공작기계 공구 마모 예측 장치']);
    expect(await titles('금형이')).toContain('프레스 금형 이상 하중 감지 방법');
    expect(await titles('누설을')).toEqual(['압축공기 배관 누설 탐지 방법']);
    expect(await titles('10-9999007')).toEqual(['기판 납땜부 불량 이미지 자동 분류 장치']);
    // Title matches before matches in the summary only.
    const defects = await titles('불량');
    expect(defects.slice(0, 3).every((t) => t.includes('불량'))).toBe(true);
    expect(defects.length).toBeGreaterThan(3);
    // Nothing for a word that is nowhere, and bigram coincidences are not matches.
    expect(await titles('반도체')).toEqual([]);
    expect(await titles('장공')).toEqual([]);
  });

  it('filters by field, industry (a patent for any industry counts) and status', async () => {
    await seeded();
    const page = async (params: Record<string, string>) => findPatents(db(), parsePatentFilters(new URLSearchParams(params)));
    const quality = await page({ field: '품질·검사' });
    expect(quality.total).toBe(3);
    expect(quality.hits.every((h) => h.patent.field === '품질·검사')).toBe(true);
    const food = await page({ industry: '식품' });
    expect(food.hits.map((h) => h.patent.title)).toEqual(
      expect.arrayContaining(['포장 불량 영상 판별 방법', '저장 위치 자동 배정 방법', '회전 설비 이상 진동 감지 방법']),
    );
    expect(food.hits.some((h) => h.patent.title === '기판 납땜부 불량 이미지 자동 분류 장치')).toBe(false);
    expect((await page({ status: 'negotiating' })).total).toBe(2);
    const electronics = await findPatents(db(), parsePatentFilters(new URLSearchParams({ q: '불량', industry: '전기전자' })));
    expect(electronics.hits[0]!.patent.title).toBe('기판 납땜부 불량 이미지 자동 분류 장치');
    expect(electronics.hits.every((h) => h.patent.industries.length === 0 || h.patent.industries.includes('전기전자'))).toBe(true);
    // Unknown values are ignored rather than failing.
    expect((await page({ field: 'x', status: 'y', page: 'zz' })).total).toBe(samples.patents.length);
  });

  it('keeps one patent per registration number, and the search follows edits', async () => {
    const staff = await makeUser(db(), {}, 'staff');
    const fields: PatentFields = patentInput.parse({
      registrationNumber: '10-1234567', title: '도장 두께 자동 측정 장치', field: '품질·검사', summary: '도장 막 두께를 비접촉으로 잽니다.', contact: '기술이전 창구', status: 'available',
    });
    const first = await createPatent(db(), fields, staff.id, new Date());
    expect(first).toBeDefined();
    expect(await createPatent(db(), { ...fields, title: '다른 이름' }, staff.id, new Date())).toBeUndefined();
    const other = await createPatent(db(), { ...fields, registrationNumber: '10-7654321', title: '건조로 온도 제어 방법', summary: '건조로의 온도를 구역별로 맞춥니다.' }, staff.id, new Date());
    // Taking another patent's number is refused.
    expect(await updatePatent(db(), other!.id, { ...fields, title: '건조로 온도 제어 방법' }, staff.id, new Date())).toBeUndefined();
    await updatePatent(db(), first!.id, { ...fields, title: '도막 두께 자동 측정 장치' }, staff.id, new Date());
    expect(await titles('도막')).toEqual(['도막 두께 자동 측정 장치']);
    expect(await titles('도장')).toEqual(['도막 두께 자동 측정 장치']); // still in the summary
  });

  it('seeds the samples once and removes them in one step', async () => {
    await seeded();
    expect(await seedSamplePatents(db(), samples)).toBe(0);
    const staff = await makeUser(db(), {}, 'staff');
    await createPatent(db(), patentInput.parse({ registrationNumber: '10-1234567', title: '실제 특허', field: '금형', summary: '요약입니다.', contact: '창구', status: 'available' }), staff.id, new Date());
    expect(await removeSamplePatents(db())).toBe(samples.patents.length);
    expect((await findPatents(db(), parsePatentFilters(new URLSearchParams()))).hits.map((h) => h.patent.title)).toEqual(['실제 특허']);
  });
});

describe.each(databaseTargets())('patent sheets on $name', (target) => {
  const db = useDatabase(target);
  const samples = readSamplePatents(path.resolve('content/samples/patents.json'))!;
  const HEAD = ['등록번호', '특허명', '기술 분야', '업종', '요약', '적용 대상', '문의처', '상태'];

  async function xlsx(rows: string[][]): Promise<Uint8Array> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('특허');
    for (const row of [HEAD, ...rows]) sheet.addRow(row);
    return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  }

  it('previews new, changed, unchanged and bad rows (with row numbers and reasons) before saving, then saves', async () => {
    await seedSamplePatents(db(), samples);
    const staff = await makeUser(db(), {}, 'staff');
    const bytes = await xlsx([
      ['10-1234567', '도막 두께 비접촉 측정 장치', '품질·검사', '화학, 목재·가구', '도장 라인에서 도막 두께를 잽니다.', '', '기술이전 창구', '이전 가능'],
      ['10-9999003', '공작기계 공구 마모 예측 장치', '설비·보전', '금속가공, 기계', '주축 부하 전류와 가공 시간으로 공구 마모 정도를 추정해 교체 시점을 미리 알려 주는 장치입니다. 공구 파손에 따른 가공 불량과 불필요한 조기 교체를 함께 줄입니다.', 'CNC 선반·머시닝센터를 여러 대 운영하는 가공 공장', '전북테크노파크 스마트제조혁신센터 기술이전 창구 (샘플 연락처 063-000-0000)', '이전 완료'],
      ['10-9999001', '포장 불량 영상 판별 방법', '품질·검사', '식품', samples.patents[0]!.summary, samples.patents[0]!.suits, samples.patents[0]!.contact, '이전 완료'],
      ['12345', '번호가 틀린 특허', '요리', '우주', '요약', '', '창구', '팔림'],
      ['10-1234567', '같은 번호 두 번', '금형', '', '요약', '', '창구', ''],
    ]);
    const plan = await planPatentImport(db(), bytes);
    expect(plan.created.map((p) => [p.rowNumber, p.registrationNumber, p.industries])).toEqual([[2, '10-1234567', ['화학', '목재·가구']]]);
    expect(plan.changed.map((p) => [p.rowNumber, p.changes])).toEqual([[3, ['상태']]]);
    expect(plan.unchanged).toBe(1);
    expect(plan.problems.map((p) => p.rowNumber)).toEqual([5, 6]);
    expect(plan.problems[0]!.message).toContain('등록번호: 등록번호는 10-1234567 형식으로 적어 주세요.');
    expect(plan.problems[0]!.message).toContain('기술 분야: 목록에 있는 기술 분야를 골라 주세요.');
    expect(plan.problems[0]!.message).toContain('상태: 상태는 이전 가능, 이전 협의 중, 이전 완료 가운데 하나로 적어 주세요.');
    expect(plan.problems[1]!.message).toContain('2행에도 있습니다');
    // Nothing saved by the preview.
    expect(await titles('도막')).toEqual([]);

    expect(await applyPatentImport(db(), [...plan.created, ...plan.changed], staff.id, new Date())).toEqual({ created: 1, updated: 1 });
    expect(await titles('도막')).toEqual(['도막 두께 비접촉 측정 장치']);
    expect((await findPatents(db(), parsePatentFilters(new URLSearchParams({ q: '마모' })))).hits[0]!.patent.status).toBe('transferred');

    async function titles(q: string) {
      return (await findPatents(db(), parsePatentFilters(new URLSearchParams({ q })))).hits.map((h) => h.patent.title);
    }
  });

  it('an export (xlsx and csv) imports back with nothing to change', async () => {
    await seedSamplePatents(db(), samples);
    const rows = patentExportRows(await allPatents(db()));
    for (const bytes of [await writeXlsx('특허', PATENT_COLUMNS, rows), new TextEncoder().encode(writeCsv(PATENT_COLUMNS, rows))]) {
      const plan = await planPatentImport(db(), bytes);
      expect(plan).toMatchObject({ created: [], changed: [], problems: [], unchanged: samples.patents.length });
    }
  });
});
