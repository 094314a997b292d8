// The programme figures as a sheet: the columns 시·군 officials keep (연도, 시·군, 도입 기업 수),
// reading an uploaded sheet into a plan of changes (old → new) and bad rows before anything is
// saved, and the rows for export (which import reads back unchanged).
import { z } from 'astro/zod';
import type { Database } from '../db/client';
import { can, type Actor } from '../auth/permissions';
import { SIGUN, sigunByCode, type SigunCode } from '../regions';
import { parseSheet, type RowProblem, type SheetColumn } from '../sheets/read';
import type { SheetValue } from '../sheets/write';
import { FIGURE_LIMITS, cellKey, currentFigures, type AdoptionChange } from './figures';
import type { Programme } from '../programme';

export const FIGURE_COLUMNS = [
  { key: 'year', header: '연도', aliases: ['년도', '연도(년)'] },
  { key: 'sigun', header: '시·군', aliases: ['시군명', '시·군명', '지역', '시군구'] },
  { key: 'sigunCode', header: '시·군 코드', aliases: ['시군코드', '코드', '시군구코드'], optional: true },
  { key: 'adopted', header: '도입 기업 수', aliases: ['도입기업', '도입 기업', '도입 수', '기업 수', '도입 기업(곳)'] },
] as const satisfies readonly SheetColumn[];
type FigureKey = (typeof FIGURE_COLUMNS)[number]['key'];

/** A 시·군 by name (전주시, 전주), by code (52110) or by the code before 2024 (45110). */
export function findSigun(text: string): SigunCode | undefined {
  const t = text.replace(/\s/g, '');
  if (!t) return undefined;
  const code = /^45\d{3}$/.test(t) ? `52${t.slice(2)}` : t;
  return (sigunByCode(code) ?? SIGUN.find((s) => s.name === t || s.name.slice(0, -1) === t) ?? SIGUN.find((s) => t === `전북${s.name}` || t === `전라북도${s.name}`))?.code;
}

/** A count of companies as typed (commas and a trailing 곳/개 allowed); a Korean reason otherwise. */
export function parseCount(text: string): { value: number } | { error: string } {
  const t = text.replace(/[,\s]/g, '').replace(/(곳|개|개사)$/, '');
  if (t === '') return { error: '숫자를 입력해 주세요. 없으면 0을 적습니다.' };
  if (!/^\d+$/.test(t)) return { error: '0 이상의 정수로 적어 주세요.' };
  const value = Number(t);
  if (value > FIGURE_LIMITS.maxAdopted) return { error: `${FIGURE_LIMITS.maxAdopted.toLocaleString('ko-KR')} 이하로 적어 주세요.` };
  return { value };
}

export function parseYear(text: string): { value: number } | { error: string } {
  const t = text.replace(/\s/g, '').replace(/년$/, '');
  if (!/^\d{4}$/.test(t)) return { error: '네 자리 연도로 적어 주세요. (예: 2025)' };
  const value = Number(t);
  if (value < FIGURE_LIMITS.minYear || value > FIGURE_LIMITS.maxYear) return { error: `${FIGURE_LIMITS.minYear}~${FIGURE_LIMITS.maxYear}년 사이여야 합니다.` };
  return { value };
}

/** One row of the sheet, checked: Korean messages per column. */
export const figureRowSchema = z
  .object({ year: z.string(), sigun: z.string(), sigunCode: z.string(), adopted: z.string() })
  .transform((row, ctx) => {
    const year = parseYear(row.year);
    if ('error' in year) ctx.addIssue({ code: 'custom', path: ['year'], message: year.error });
    const sigun = findSigun(row.sigun) ?? findSigun(row.sigunCode);
    if (!sigun) {
      ctx.addIssue({
        code: 'custom',
        path: ['sigun'],
        message: row.sigun || row.sigunCode ? `전북 14개 시·군의 이름이나 코드가 아닙니다: ${row.sigun || row.sigunCode}` : '시·군을 적어 주세요.',
      });
    }
    const adopted = parseCount(row.adopted);
    if ('error' in adopted) ctx.addIssue({ code: 'custom', path: ['adopted'], message: adopted.error });
    if ('error' in year || !sigun || 'error' in adopted) return z.NEVER;
    return { year: year.value, sigun, adopted: adopted.value };
  });
export type FigureRow = z.output<typeof figureRowSchema>;

export interface ImportPlan {
  /** Figures that will change, with the value now (null: none yet). */
  changes: (AdoptionChange & { rowNumber: number })[];
  /** Rows that match what is stored already. */
  unchanged: number;
  problems: RowProblem[];
}

/** Reads the sheet and compares it with the stored figures; nothing is saved. */
export async function planImport(db: Database, bytes: Uint8Array, actor: Actor): Promise<ImportPlan> {
  const parsed = await parseSheet(bytes, FIGURE_COLUMNS, figureRowSchema);
  const problems = [...parsed.problems];
  const seen = new Map<string, number>();
  const rows: (FigureRow & { rowNumber: number })[] = [];
  for (const { rowNumber, data } of parsed.rows) {
    const key = cellKey(data.year, data.sigun);
    const name = sigunByCode(data.sigun)!.name;
    if (seen.has(key)) {
      problems.push({ rowNumber, message: `${data.year}년 ${name}이(가) ${seen.get(key)}행에도 있습니다. 한 행만 남겨 주세요.` });
    } else if (!can(actor, 'programme.edit', { sigun: data.sigun })) {
      seen.set(key, rowNumber);
      problems.push({ rowNumber, message: `${name}의 수치는 고칠 수 없습니다. 담당 시·군의 수치만 고칠 수 있습니다.` });
    } else {
      seen.set(key, rowNumber);
      rows.push({ rowNumber, ...data });
    }
  }
  const current = await currentFigures(db, rows);
  const changes = rows
    .map((r) => ({ rowNumber: r.rowNumber, year: r.year, sigun: r.sigun, adopted: r.adopted, previous: current.get(cellKey(r.year, r.sigun)) ?? null }))
    .filter((c) => c.previous !== c.adopted);
  return { changes, unchanged: rows.length - changes.length, problems: problems.sort((a, b) => a.rowNumber - b.rowNumber) };
}

/** The stored figures as sheet rows (year, then the 14 시·군 in order). */
export function exportRows(p: Pick<Programme, 'adoptions'>): Record<FigureKey, SheetValue>[] {
  const order = new Map(SIGUN.map((s, i) => [s.code, i]));
  return [...p.adoptions]
    .sort((a, b) => a.year - b.year || order.get(a.sigun)! - order.get(b.sigun)!)
    .map((a) => ({ year: a.year, sigun: sigunByCode(a.sigun)!.name, sigunCode: a.sigun, adopted: a.adopted }));
}

/** A change as the preview form carries it to the confirm step: "year:sigun:previous:adopted". */
export function encodeChange(c: AdoptionChange): string {
  return `${c.year}:${c.sigun}:${c.previous ?? ''}:${c.adopted}`;
}

export function decodeChange(text: string): AdoptionChange | undefined {
  const m = /^(\d{4}):(\d{5}):(\d*):(\d+)$/.exec(text);
  const sigun = m && sigunByCode(m[2]!)?.code;
  if (!m || !sigun) return undefined;
  return { year: Number(m[1]), sigun, previous: m[3] === '' ? null : Number(m[3]), adopted: Number(m[4]) };
}
