import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { caseSchema, type CaseData } from '../src/lib/cases/schema';
import { describeChange, describeImprovement, kpiChange } from '../src/lib/cases/kpi';
import { kpiMedians, kpiMediansBy, median } from '../src/lib/cases/stats';
import { filterCases, filterQuery, headlineImprovement, parseFilters, relatedCases } from '../src/lib/cases/catalog';
import { programmeYears, progressByYear, totalsBySigun, type Programme } from '../src/lib/programme';
import { readSampleProgramme } from '../src/lib/samples/programme';

const good = {
  title: '군산 프레스 부품 협력사의 MES 도입',
  summary: '프레스 스트로크 카운터와 금형 이력을 MES로 묶어 불량률을 낮춘 사례입니다.',
  company: '가라정밀(가칭)',
  sigun: '52130',
  industry: '자동차부품',
  level: '중간1',
  year: 2022,
  employees: 45,
  systems: ['MES', 'POP'],
  mentor: { name: '김○○', career: '삼성전자 생산기술 33년', role: '현장 상주 6개월' },
  patents: ['프레스 금형 이상 하중 감지 방법'],
  kpis: [
    { name: '생산성', unit: '개/시간', before: 120, after: 158, direction: 'higher' },
    { name: '불량률', unit: '%', before: 2.4, after: 1.1, direction: 'lower' },
  ],
  license: 'KOGL-1',
  source: '전북 스마트CEO포럼 (샘플 사례)',
  publishedAt: '2023-04-11',
  sample: true,
};

function issuesOf(data: unknown): string[] {
  const result = caseSchema.safeParse(data);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('case file schema', () => {
  it('accepts a complete case', () => {
    const parsed = caseSchema.parse(good);
    expect(parsed.publishedAt).toBeInstanceOf(Date);
  });

  it.each([
    ['an unknown 시·군 code (old 45 prefix)', { sigun: '45130' }, 'sigun'],
    ['an industry outside the list', { industry: '반도체' }, 'industry'],
    ['an unknown level', { level: '최고' }, 'level'],
    ['a KPI without a direction', { kpis: [{ name: '생산성', unit: '%', before: 1, after: 2 }] }, 'kpis.0.direction'],
    ['a misspelt field', { licence: 'KOGL-1' }, ''],
    ['a missing sample flag', { sample: undefined }, 'sample'],
    ['an unknown licence', { license: 'CC-BY' }, 'license'],
  ])('refuses %s, naming the field', (_what, change, field) => {
    const issues = issuesOf({ ...good, ...change });
    expect(issues.length).toBeGreaterThan(0);
    expect(issues).toContain(field);
  });
});

const kpi = (name: string, before: number, after: number, direction: 'higher' | 'lower', unit = '%') => ({ name, unit, before, after, direction });

describe('KPI improvement respects the direction', () => {
  it('counts a drop in 불량률 as an improvement and a rise as worse', () => {
    expect(kpiChange(kpi('불량률', 2.4, 1.2, 'lower')).improvementPercent).toBeCloseTo(50);
    expect(kpiChange(kpi('불량률', 1, 1.5, 'lower')).worsened).toBe(true);
    expect(kpiChange(kpi('생산성', 100, 144, 'higher')).improvementPercent).toBeCloseTo(44);
    expect(kpiChange(kpi('생산성', 0, 10, 'higher')).improvementPercent).toBeNull();
  });

  it('describes changes in Korean, with percentage points for % units', () => {
    expect(describeImprovement(53.04)).toBe('53% 개선');
    expect(describeImprovement(-12.5)).toBe('12.5% 악화');
    expect(describeImprovement(null)).toBe('비교 불가');
    expect(describeChange(kpi('납기 준수율', 86, 96, 'higher'))).toBe('86 → 96 % (+10%p)');
  });
});

describe('medians', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('groups KPI improvements by level, leaving empty groups out', () => {
    const cases = [
      { ...caseSchema.parse(good), level: '기초' as const, kpis: [kpi('불량률', 10, 5, 'lower')] },
      { ...caseSchema.parse(good), level: '기초' as const, kpis: [kpi('불량률', 10, 8, 'lower')] },
      { ...caseSchema.parse(good), level: '고도화' as const, kpis: [kpi('불량률', 10, 2, 'lower'), kpi('생산성', 10, 12, 'higher')] },
    ] satisfies CaseData[];
    const byLevel = kpiMediansBy(cases, (c) => c.level, ['기초', '중간1', '고도화'] as const);
    expect(byLevel.map((g) => g.group)).toEqual(['기초', '고도화']);
    expect(byLevel[0]!.medians).toEqual([{ kpi: '불량률', median: 35, count: 2 }]);
    expect(kpiMedians(cases)[0]).toEqual({ kpi: '불량률', median: 50, count: 3 });
  });
});

describe('case catalogue', () => {
  const base = caseSchema.parse(good);
  const entries = [
    { id: 'a', data: { ...base, sigun: '52130' as const, industry: '식품' as const, year: 2021, title: '가', publishedAt: new Date('2024-01-01') } },
    { id: 'b', data: { ...base, sigun: '52110' as const, industry: '식품' as const, year: 2023, title: '나', publishedAt: new Date('2025-01-01') } },
    { id: 'c', data: { ...base, sigun: '52130' as const, industry: '기계' as const, year: 2023, title: '다', publishedAt: new Date('2023-01-01'), kpis: [kpi('불량률', 10, 1, 'lower')] } },
    { id: 'd', data: { ...base, sigun: '52800' as const, industry: '화학' as const, year: 2020, title: '라', publishedAt: new Date('2022-01-01') } },
  ];

  it('reads filters from the query string, ignoring nonsense', () => {
    expect(parseFilters(new URLSearchParams('sigun=52130&industry=식품&level=중간1&year=2023&sort=title'))).toEqual({
      sigun: '52130', industry: '식품', level: '중간1', year: 2023, sort: 'title',
    });
    expect(parseFilters(new URLSearchParams('sigun=99999&industry=<script>&year=abc&sort=drop'))).toEqual({
      sigun: undefined, industry: undefined, level: undefined, year: undefined, sort: 'newest',
    });
  });

  it('filters and sorts', () => {
    expect(filterCases(entries, { sigun: '52130', sort: 'newest' }).map((e) => e.id)).toEqual(['a', 'c']);
    expect(filterCases(entries, { year: 2023, sort: 'title' }).map((e) => e.id)).toEqual(['b', 'c']);
    expect(filterCases(entries, { sort: 'improvement' })[0]!.id).toBe('c');
    expect(headlineImprovement(entries[2]!.data)).toEqual({ name: '불량률', percent: 90 });
  });

  it('finds related cases: same industry and 시·군 first, never itself', () => {
    const related = relatedCases(entries[0]!, entries);
    expect(related.map((e) => e.id)).toEqual(['b', 'c']);
  });

  it('writes filter links without empty parameters', () => {
    expect(filterQuery({ industry: '식품', sort: 'newest' })).toBe(`?industry=${encodeURIComponent('식품')}`);
    expect(filterQuery({})).toBe('');
  });
});

describe('programme figures', () => {
  const p = {
    target: { companies: 300, byYear: 2026, perYear: 70, startYear: 2022 },
    adoptions: [
      { year: 2022, sigun: '52110', adopted: 5 },
      { year: 2022, sigun: '52130', adopted: 3 },
      { year: 2023, sigun: '52110', adopted: 4 },
      { year: 2028, sigun: '52110', adopted: 1 },
    ],
  } satisfies Pick<Programme, 'target' | 'adoptions'>;

  it('adds up progress by year, overall and per 시·군', () => {
    expect(progressByYear(p).slice(0, 2)).toEqual([
      { year: 2022, adopted: 8, cumulative: 8 },
      { year: 2023, adopted: 4, cumulative: 12 },
    ]);
    expect(progressByYear(p, '52130').at(-1)!.cumulative).toBe(3);
    expect(totalsBySigun(p).find((t) => t.sigun.code === '52110')!.adopted).toBe(10);
  });

  it('lists the programme years and any other year with figures', () => {
    expect(programmeYears(p)).toEqual([2022, 2023, 2024, 2025, 2026, 2028]);
  });

  it('the shipped sample figures are valid; a bad entry names the file and field', () => {
    expect(readSampleProgramme('content/samples/programme.json')!.adoptions.length).toBeGreaterThan(14);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'programme-'));
    const file = path.join(dir, 'programme.json');
    fs.writeFileSync(file, JSON.stringify({ target: p.target, adoptions: [{ year: 2022, sigun: '45110', adopted: 1 }] }));
    expect(() => readSampleProgramme(file)).toThrow(/programme\.json: adoptions\.0\.sigun/);
    fs.rmSync(dir, { recursive: true });
  });
});
