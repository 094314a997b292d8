// The patent catalogue as a sheet: the columns staff keep (등록번호, 특허명, 기술 분야, 업종, 요약,
// 적용 대상, 문의처, 상태), reading an uploaded .xlsx/.csv into a plan — new patents, changed ones
// (what changes) and every bad row with its reason — before anything is saved, and the rows for
// export, which the import reads back unchanged. Rows obey the same rules as the form
// (`patentInput`).
import { z } from 'astro/zod';
import { inArray } from 'drizzle-orm';
import type { Database } from '../db/client';
import { patents, type Patent } from '../db/schema';
import { parseSheet, type RowProblem, type SheetColumn } from '../sheets/read';
import type { SheetValue } from '../sheets/write';
import { createPatent, patentByNumber, patentInput, updatePatent, PATENT_STATUS_LABELS, PATENT_STATUS_KEYS, type PatentFields } from './patents';

export const PATENT_COLUMNS = [
  { key: 'registrationNumber', header: '등록번호', aliases: ['특허번호', '특허 등록번호'] },
  { key: 'title', header: '특허명', aliases: ['특허 이름', '발명의 명칭', '명칭'] },
  { key: 'field', header: '기술 분야', aliases: ['분야'] },
  { key: 'industries', header: '업종', aliases: ['맞는 업종', '적용 업종'], optional: true },
  { key: 'summary', header: '요약', aliases: ['특허 요약', '내용'] },
  { key: 'suits', header: '적용 대상', optional: true },
  { key: 'contact', header: '문의처', aliases: ['담당', '연락처'] },
  { key: 'status', header: '상태', aliases: ['이전 상태'], optional: true },
] as const satisfies readonly SheetColumn[];
type PatentKey = (typeof PATENT_COLUMNS)[number]['key'];

/** At most this many rows at once: the preview carries the rows to the confirming form. */
export const MAX_IMPORT_ROWS = 300;
/** Patent rows carry summaries: a larger file than the figures' (within the 1 MB of an action's body). */
export const PATENT_SHEET_LIMITS = { maxBytes: 900 * 1024, maxRows: MAX_IMPORT_ROWS, maxUnpackedBytes: 20 * 1024 * 1024 };

const STATUS_BY_LABEL = new Map<string, Patent['status']>(
  PATENT_STATUS_KEYS.flatMap((key) => [[key, key], [PATENT_STATUS_LABELS[key].replace(/\s/g, ''), key]] as const),
);

/** One sheet row as text cells → the form's fields. Industries are separated by commas (names contain ·). */
export const patentRowSchema = z
  .object(Object.fromEntries(PATENT_COLUMNS.map((c) => [c.key, z.string()])) as Record<PatentKey, z.ZodString>)
  .transform((row, ctx) => {
    const status = row.status ? STATUS_BY_LABEL.get(row.status.replace(/\s/g, '')) : 'available';
    const parsed = patentInput.safeParse({
      ...row,
      industries: row.industries.split(/[,;/\n]/).map((s) => s.trim()).filter(Boolean),
      status: status ?? row.status,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const message = issue.path[0] === 'status' ? `상태는 ${Object.values(PATENT_STATUS_LABELS).join(', ')} 가운데 하나로 적어 주세요.` : issue.message;
        ctx.addIssue({ code: 'custom', path: [issue.path[0] as string], message });
      }
      return z.NEVER;
    }
    return parsed.data;
  });

export interface PatentImportPlan {
  /** Patents that are not in the catalogue yet. */
  created: (PatentFields & { rowNumber: number })[];
  /** Patents whose stored fields differ, with the names (Korean) of what changes. */
  changed: (PatentFields & { rowNumber: number; changes: string[] })[];
  unchanged: number;
  problems: RowProblem[];
}

const FIELD_LABELS: Record<keyof PatentFields, string> = Object.fromEntries(PATENT_COLUMNS.map((c) => [c.key, c.header])) as Record<keyof PatentFields, string>;

function differences(stored: Patent, row: PatentFields): string[] {
  return (Object.keys(FIELD_LABELS) as (keyof PatentFields)[])
    .filter((key) => JSON.stringify(key === 'industries' ? [...stored.industries].sort() : stored[key]) !== JSON.stringify(key === 'industries' ? [...row.industries].sort() : row[key]))
    .map((key) => FIELD_LABELS[key]);
}

/** Reads the sheet and compares it with the catalogue; nothing is saved. */
export async function planPatentImport(db: Database, bytes: Uint8Array): Promise<PatentImportPlan> {
  const parsed = await parseSheet(bytes, PATENT_COLUMNS, patentRowSchema, PATENT_SHEET_LIMITS);
  const problems = [...parsed.problems];
  const firstRow = new Map<string, number>();
  const rows = parsed.rows.filter(({ rowNumber, data }) => {
    const earlier = firstRow.get(data.registrationNumber);
    if (earlier) {
      problems.push({ rowNumber, message: `등록번호 ${data.registrationNumber}가 ${earlier}행에도 있습니다. 한 특허는 한 행에만 적어 주세요.` });
      return false;
    }
    firstRow.set(data.registrationNumber, rowNumber);
    return true;
  });
  const numbers = rows.map((r) => r.data.registrationNumber);
  const stored = new Map(
    (numbers.length ? await db.select().from(patents).where(inArray(patents.registrationNumber, numbers)) : []).map((p) => [p.registrationNumber, p]),
  );
  const plan: PatentImportPlan = { created: [], changed: [], unchanged: 0, problems: problems.sort((a, b) => a.rowNumber - b.rowNumber) };
  for (const { rowNumber, data } of rows) {
    const existing = stored.get(data.registrationNumber);
    if (!existing) plan.created.push({ ...data, rowNumber });
    else {
      const changes = differences(existing, data);
      if (changes.length) plan.changed.push({ ...data, rowNumber, changes });
      else plan.unchanged++;
    }
  }
  return plan;
}

/** Saves confirmed rows (each checked again): new numbers are added, known ones updated. */
export async function applyPatentImport(db: Database, rows: PatentFields[], by: number, now: Date): Promise<{ created: number; updated: number }> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    let created = 0;
    let updated = 0;
    for (const row of rows) {
      const existing = await patentByNumber(t, row.registrationNumber);
      if (existing) {
        await updatePatent(t, existing.id, row, by, now);
        updated++;
      } else {
        await createPatent(t, row, by, now);
        created++;
      }
    }
    return { created, updated };
  });
}

/** Every patent as sheet rows, in the import's columns. */
export function patentExportRows(list: Patent[]): Record<PatentKey, SheetValue>[] {
  return list.map((p) => ({
    registrationNumber: p.registrationNumber,
    title: p.title,
    field: p.field,
    industries: p.industries.join(', '),
    summary: p.summary,
    suits: p.suits,
    contact: p.contact,
    status: PATENT_STATUS_LABELS[p.status],
  }));
}
