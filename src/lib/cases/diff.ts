// What changed between two revisions of a case: field by field, and the body line by line
// (a longest-common-subsequence diff; bodies are a few hundred lines at most).
export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Above this many lines on each side the body is shown as replaced (the table grows as n·m). */
const MAX_LINES = 3000;

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before === '' ? [] : before.replace(/\r\n/g, '\n').split('\n');
  const b = after === '' ? [] : after.replace(/\r\n/g, '\n').split('\n');
  if (a.length > MAX_LINES || b.length > MAX_LINES) {
    return [...a.map((text) => ({ kind: 'removed' as const, text })), ...b.map((text) => ({ kind: 'added' as const, text }))];
  }
  // lcs[i][j]: length of the common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push({ kind: 'removed', text: a[i++]! });
    } else {
      out.push({ kind: 'added', text: b[j++]! });
    }
  }
  while (i < a.length) out.push({ kind: 'removed', text: a[i++]! });
  while (j < b.length) out.push({ kind: 'added', text: b[j++]! });
  return out;
}

/** Korean names of a revision's fields (src/lib/cases/store.ts revisionData), in form order. */
export const CASE_FIELD_LABELS: Record<string, string> = {
  slug: '주소(slug)',
  title: '제목',
  summary: '요약',
  company: '기업',
  sigun: '시·군',
  industry: '업종',
  level: '스마트공장 수준',
  year: '구축 연도',
  employees: '종업원 수',
  systems: '구축 시스템',
  mentor: '멘토',
  patents: '이전받은 특허',
  kpis: '성과 지표',
  license: '공공누리 유형',
  source: '출처',
  publishedAt: '게시일',
  sample: '샘플 여부',
  cover: '대표 사진',
};

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

/** A revision value as one readable line. */
export function describeValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(없음)';
  if (field === 'mentor' && typeof value === 'object') {
    const m = value as { name?: string; career?: string; role?: string };
    return `${m.name ?? ''} (${m.career ?? ''}) — ${m.role ?? ''}`;
  }
  if (field === 'kpis' && Array.isArray(value)) {
    return value
      .map((k: { name?: string; unit?: string; before?: number; after?: number; direction?: string }) =>
        `${k.name}: ${k.before} → ${k.after} ${k.unit} (${k.direction === 'lower' ? '낮을수록 좋음' : '높을수록 좋음'})`)
      .join('; ');
  }
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(없음)';
  if (typeof value === 'boolean') return value ? '예' : '아니요';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Every field (other than the body) whose value differs between two revisions. */
export function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const keys = [...new Set([...Object.keys(CASE_FIELD_LABELS), ...Object.keys(before), ...Object.keys(after)])].filter((k) => k !== 'body');
  return keys
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .map((k) => ({ field: k, label: CASE_FIELD_LABELS[k] ?? k, before: describeValue(k, before[k]), after: describeValue(k, after[k]) }));
}
