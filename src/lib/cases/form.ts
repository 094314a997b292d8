// The case editor's form (src/components/cases/CaseForm.astro): reading the fields a browser
// sends, turning them into caseSchema data with a Korean message per field, and filling the
// form from a saved case. Pure: the action and the pages share it, tests call it directly.
import { caseSchema, LEVELS, LICENCES, SYSTEMS, type CaseData, type Kpi } from './schema';
import { SIGUN_CODES } from '../regions';
import { INDUSTRIES } from '../industries';
import { SLUG_PATTERN } from './files';
import type { CaseRow } from '../db/schema';

/** Empty KPI rows the form always offers, so rows can be added without JavaScript. */
export const EMPTY_KPI_ROWS = 2;
export const MAX_KPI_ROWS = 20;

export interface KpiRowValues {
  name: string;
  unit: string;
  before: string;
  after: string;
  direction: string;
}

/** What the form shows: every field as typed (strings), lists as lists. */
export interface CaseFormValues {
  slug: string;
  title: string;
  summary: string;
  company: string;
  sigun: string;
  industry: string;
  level: string;
  year: string;
  employees: string;
  systems: string[];
  mentorName: string;
  mentorCareer: string;
  mentorRole: string;
  /** One patent per line. */
  patents: string;
  kpis: KpiRowValues[];
  license: string;
  source: string;
  publishedAt: string;
  body: string;
  consentBy: string;
  consentAt: string;
  /** What this save changed, for the history (optional). */
  note: string;
}

export type FieldErrors = Record<string, string[]>;

export interface ParsedCase {
  slug: string;
  data: CaseData;
  body: string;
  consent: { by: string; at: string } | null;
  note: string;
}

/** Anything with FormData's getAll (FormData, URLSearchParams). */
export interface FormLike {
  getAll(name: string): unknown[];
}

const text = (form: FormLike, name: string) => {
  const value = form.getAll(name)[0];
  return typeof value === 'string' ? value : '';
};
const list = (form: FormLike, name: string) => form.getAll(name).filter((v): v is string => typeof v === 'string');

/** The values of a sent form (KPI rows as sent, empty ones included). */
export function readCaseForm(form: FormLike): CaseFormValues {
  const names = list(form, 'kpiName');
  const units = list(form, 'kpiUnit');
  const befores = list(form, 'kpiBefore');
  const afters = list(form, 'kpiAfter');
  const directions = list(form, 'kpiDirection');
  const rows = Math.min(MAX_KPI_ROWS, Math.max(names.length, units.length, befores.length, afters.length));
  const kpis: KpiRowValues[] = [];
  for (let i = 0; i < rows; i++) {
    kpis.push({ name: names[i] ?? '', unit: units[i] ?? '', before: befores[i] ?? '', after: afters[i] ?? '', direction: directions[i] ?? 'higher' });
  }
  return {
    slug: text(form, 'slug'),
    title: text(form, 'title'),
    summary: text(form, 'summary'),
    company: text(form, 'company'),
    sigun: text(form, 'sigun'),
    industry: text(form, 'industry'),
    level: text(form, 'level'),
    year: text(form, 'year'),
    employees: text(form, 'employees'),
    systems: list(form, 'systems'),
    mentorName: text(form, 'mentorName'),
    mentorCareer: text(form, 'mentorCareer'),
    mentorRole: text(form, 'mentorRole'),
    patents: text(form, 'patents'),
    kpis,
    license: text(form, 'license'),
    source: text(form, 'source'),
    publishedAt: text(form, 'publishedAt'),
    body: text(form, 'body'),
    consentBy: text(form, 'consentBy'),
    consentAt: text(form, 'consentAt'),
    note: text(form, 'note'),
  };
}

/** An empty form for a new case (게시일 today, 공공누리 제1유형). */
export function emptyCaseForm(today: string): CaseFormValues {
  return {
    slug: '', title: '', summary: '', company: '', sigun: '', industry: '', level: '', year: today.slice(0, 4), employees: '',
    systems: [], mentorName: '', mentorCareer: '', mentorRole: '', patents: '', kpis: [], license: 'KOGL-1', source: '',
    publishedAt: today, body: '', consentBy: '', consentAt: '', note: '',
  };
}

/** The form filled from a saved case. */
export function caseFormValues(row: CaseRow): CaseFormValues {
  return {
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    company: row.company,
    sigun: row.sigun,
    industry: row.industry,
    level: row.level,
    year: String(row.year),
    employees: row.employees === null ? '' : String(row.employees),
    systems: [...row.systems],
    mentorName: row.mentor.name,
    mentorCareer: row.mentor.career,
    mentorRole: row.mentor.role,
    patents: row.patents.join('\n'),
    kpis: row.kpis.map((k) => ({ name: k.name, unit: k.unit, before: String(k.before), after: String(k.after), direction: k.direction })),
    license: row.license,
    source: row.source,
    publishedAt: row.publishedAt,
    body: row.body,
    consentBy: row.consentBy ?? '',
    consentAt: row.consentAt ?? '',
    note: '',
  };
}

/**
 * The KPI rows the form shows: a saved case's rows plus `EMPTY_KPI_ROWS` empty ones; a sent
 * form's rows as sent, and one more after 행 추가.
 */
export function kpiRowsToShow(values: CaseFormValues, shown: { sent?: boolean; added?: boolean } = {}): KpiRowValues[] {
  const empty = () => ({ name: '', unit: '', before: '', after: '', direction: 'higher' });
  const rows = shown.sent ? [...values.kpis] : values.kpis.filter((k) => !isEmptyRow(k));
  const extra = shown.sent ? (shown.added ? 1 : 0) : EMPTY_KPI_ROWS;
  return [...rows, ...Array.from({ length: extra }, empty)].slice(0, MAX_KPI_ROWS);
}

const isEmptyRow = (k: KpiRowValues) => !k.name.trim() && !k.unit.trim() && !k.before.trim() && !k.after.trim();

/** A number as people type it: "1,200", " 2.5 ", "-3". */
export function parseNumber(value: string): number | undefined {
  const cleaned = value.replace(/[,\s]/g, '');
  if (!/^[-+]?\d+(\.\d+)?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (value: string) => ISO_DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/**
 * caseSchema's data from the form, or a Korean message for each field that is wrong.
 * `keep` carries what the form does not edit (the sample flag, an imported cover).
 */
export function parseCaseForm(
  values: CaseFormValues,
  keep: { sample: boolean; cover?: CaseData['cover'] } = { sample: false },
): { ok: true; value: ParsedCase } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const fail = (field: string, message: string) => (errors[field] ??= []).push(message);
  const v = {
    ...values,
    slug: values.slug.trim(), title: values.title.trim(), summary: values.summary.trim(), company: values.company.trim(),
    mentorName: values.mentorName.trim(), mentorCareer: values.mentorCareer.trim(), mentorRole: values.mentorRole.trim(),
    source: values.source.trim(), consentBy: values.consentBy.trim(), consentAt: values.consentAt.trim(), publishedAt: values.publishedAt.trim(),
  };

  if (!v.slug) fail('slug', '주소(slug)를 입력해 주세요. 예: jeonju-mes-2024');
  else if (v.slug.length > 80 || !SLUG_PATTERN.test(v.slug)) fail('slug', '주소(slug)는 영문 소문자, 숫자, 하이픈(-)만 쓸 수 있습니다 (80자 이하).');
  if (v.title.length < 5 || v.title.length > 80) fail('title', '제목을 5자 이상 80자 이하로 입력해 주세요.');
  if (v.summary.length < 20 || v.summary.length > 300) fail('summary', '요약을 20자 이상 300자 이하로 입력해 주세요.');
  if (!v.company) fail('company', '기업명을 입력해 주세요.');
  else if (v.company.length > 100) fail('company', '기업명은 100자 이하로 입력해 주세요.');
  if (!(SIGUN_CODES as readonly string[]).includes(v.sigun)) fail('sigun', '시·군을 골라 주세요.');
  if (!(INDUSTRIES as readonly string[]).includes(v.industry)) fail('industry', '업종을 골라 주세요.');
  if (!(LEVELS as readonly string[]).includes(v.level)) fail('level', '스마트공장 수준을 골라 주세요.');
  const year = parseNumber(v.year);
  if (year === undefined || !Number.isInteger(year) || year < 2014 || year > 2100) fail('year', '구축 연도를 2014 이후의 네 자리 연도로 입력해 주세요.');
  let employees: number | undefined;
  if (v.employees.trim()) {
    employees = parseNumber(v.employees);
    if (employees === undefined || !Number.isInteger(employees) || employees <= 0) fail('employees', '종업원 수는 1 이상의 정수로 입력해 주세요 (모르면 비워 두세요).');
  }
  const systems = [...new Set(v.systems)];
  if (systems.length === 0) fail('systems', '구축한 시스템을 하나 이상 골라 주세요.');
  else if (systems.some((s) => !(SYSTEMS as readonly string[]).includes(s))) fail('systems', '목록에 있는 시스템만 고를 수 있습니다.');
  if (!v.mentorName) fail('mentorName', '멘토 이름을 입력해 주세요.');
  if (!v.mentorCareer) fail('mentorCareer', '멘토 경력을 입력해 주세요.');
  if (!v.mentorRole) fail('mentorRole', '멘토의 역할을 입력해 주세요.');
  const patents = v.patents.split(/\r?\n/).map((p) => p.trim()).filter(Boolean);
  if (patents.some((p) => p.length > 200)) fail('patents', '특허는 한 줄에 하나씩, 200자 이하로 적어 주세요.');

  const kpis: Kpi[] = [];
  v.kpis.forEach((row, i) => {
    if (isEmptyRow(row)) return;
    const at = `${i + 1}번째 성과 지표: `;
    const before = parseNumber(row.before);
    const after = parseNumber(row.after);
    if (!row.name.trim()) fail('kpis', `${at}지표 이름을 입력해 주세요.`);
    if (!row.unit.trim()) fail('kpis', `${at}단위를 입력해 주세요 (예: %, 시간, 건).`);
    if (before === undefined) fail('kpis', `${at}도입 전 값을 숫자로 입력해 주세요.`);
    if (after === undefined) fail('kpis', `${at}도입 후 값을 숫자로 입력해 주세요.`);
    if (row.direction !== 'higher' && row.direction !== 'lower') fail('kpis', `${at}높을수록 좋은지 낮을수록 좋은지 골라 주세요.`);
    if (row.name.trim() && row.unit.trim() && before !== undefined && after !== undefined && (row.direction === 'higher' || row.direction === 'lower')) {
      kpis.push({ name: row.name.trim(), unit: row.unit.trim(), before, after, direction: row.direction });
    }
  });
  if (kpis.length === 0 && !errors.kpis) fail('kpis', '성과 지표를 하나 이상 입력해 주세요.');
  if (!(LICENCES as readonly string[]).includes(v.license)) fail('license', '공공누리 유형을 골라 주세요.');
  if (!v.source) fail('source', '출처를 입력해 주세요. 예: 전북특별자치도 스마트공장 지원사업');
  if (!isDate(v.publishedAt)) fail('publishedAt', '게시일을 2026-12-01 형식의 날짜로 입력해 주세요.');
  if (!values.body.trim()) fail('body', '본문을 입력해 주세요.');
  else if (values.body.length > 50_000) fail('body', '본문은 50,000자 이하로 입력해 주세요.');
  if (v.consentBy || v.consentAt) {
    if (!v.consentBy) fail('consentBy', '게시에 동의한 사람(이름과 직위)을 입력해 주세요.');
    else if (v.consentBy.length > 100) fail('consentBy', '100자 이하로 입력해 주세요.');
    if (!isDate(v.consentAt)) fail('consentAt', '동의한 날짜를 2026-12-01 형식으로 입력해 주세요.');
  }
  if (values.note.length > 200) fail('note', '수정 메모는 200자 이하로 입력해 주세요.');
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  // The same schema as the files: whatever passed above must pass here too.
  const parsed = caseSchema.safeParse({
    title: v.title, summary: v.summary, company: v.company, sigun: v.sigun, industry: v.industry, level: v.level, year,
    ...(employees !== undefined ? { employees } : {}),
    systems, mentor: { name: v.mentorName, career: v.mentorCareer, role: v.mentorRole }, patents, kpis,
    license: v.license, source: v.source, publishedAt: v.publishedAt, sample: keep.sample,
    ...(keep.cover ? { cover: keep.cover } : {}),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fail(String(issue.path[0] ?? 'form'), '값을 확인해 주세요.');
    return { ok: false, errors };
  }
  return {
    ok: true,
    value: {
      slug: v.slug,
      data: parsed.data,
      body: values.body.replace(/\r\n/g, '\n'),
      consent: v.consentBy ? { by: v.consentBy, at: v.consentAt } : null,
      note: values.note.trim(),
    },
  };
}
