// The patent catalogue: Samsung patents offered for transfer to the programme's companies.
// Staff keep them through a form (src/actions/patents.ts) and, later, through a spreadsheet
// import; both go through `patentInput`, so a row and a form obey the same rules. Cases name
// the patents they used by registration number, which links a patent to its cases.
import { asc, eq } from 'drizzle-orm';
import { z } from 'astro/zod';
import type { Database } from '../db/client';
import { patents, type Patent, type PatentStatus } from '../db/schema';
import { searchTokens } from '../forum/search-tokens';
import { INDUSTRIES } from '../industries';
import { requiredText } from '../forms';

/** 기술 분야: the fields in which Samsung's manufacturing patents are usually grouped. */
export const PATENT_FIELDS = ['생산기술', '품질·검사', '금형', '자동화·로봇', '설비·보전', '물류', '소재·공정', '에너지', '소프트웨어·데이터'] as const;
export type PatentField = (typeof PATENT_FIELDS)[number];

export const PATENT_STATUS_LABELS: Record<PatentStatus, string> = {
  available: '이전 가능',
  negotiating: '이전 협의 중',
  transferred: '이전 완료',
};
export const PATENT_STATUS_KEYS = Object.keys(PATENT_STATUS_LABELS) as [PatentStatus, ...PatentStatus[]];

/** 특허 등록번호 as KIPO writes it: 10-1234567 (10 = 특허). */
export const REGISTRATION_NUMBER = /^10-\d{7}$/;
const REGISTRATION_NUMBER_IN_TEXT = /\b10-\d{7}\b/g;

/** What staff write about a patent, from a form or a spreadsheet row. */
export const patentInput = z.object({
  registrationNumber: z
    .string({ error: '등록번호를 입력해 주세요.' })
    .trim()
    .regex(REGISTRATION_NUMBER, { error: '등록번호는 10-1234567 형식으로 적어 주세요.' }),
  title: requiredText('특허 이름을 입력해 주세요.', 200),
  field: z.enum(PATENT_FIELDS, { error: '목록에 있는 기술 분야를 골라 주세요.' }),
  industries: z.array(z.enum(INDUSTRIES, { error: '목록에 있는 업종을 골라 주세요.' })).max(INDUSTRIES.length).default([]),
  summary: requiredText('요약을 입력해 주세요.', 2_000),
  // Forms send an empty field as null.
  suits: z
    .string()
    .trim()
    .max(500, { error: '500자 이하로 입력해 주세요.' })
    .nullish()
    .transform((v) => v ?? ''),
  contact: requiredText('문의처를 입력해 주세요.', 200),
  status: z.enum(PATENT_STATUS_KEYS, { error: '이전 상태를 골라 주세요.' }),
});
export type PatentFields = z.output<typeof patentInput>;

function columns(fields: PatentFields) {
  return {
    ...fields,
    searchTitle: searchTokens(`${fields.title} ${fields.registrationNumber}`),
    searchText: searchTokens(`${fields.summary} ${fields.suits} ${fields.field} ${fields.industries.join(' ')}`),
  };
}

export async function patentById(db: Database, id: number): Promise<Patent | undefined> {
  const [row] = await db.select().from(patents).where(eq(patents.id, id)).limit(1);
  return row;
}

export async function patentByNumber(db: Database, registrationNumber: string): Promise<Patent | undefined> {
  const [row] = await db.select().from(patents).where(eq(patents.registrationNumber, registrationNumber)).limit(1);
  return row;
}

/** Adds a patent; undefined when its registration number is already in the catalogue. */
export async function createPatent(db: Database, fields: PatentFields, by: number | null, now: Date, sample = false): Promise<Patent | undefined> {
  const [row] = await db
    .insert(patents)
    .values({ ...columns(fields), sample, updatedBy: by, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: patents.registrationNumber })
    .returning();
  return row;
}

/** Saves changes; undefined when another patent already has the new registration number. */
export async function updatePatent(db: Database, id: number, fields: PatentFields, by: number, now: Date): Promise<Patent | undefined> {
  const other = await patentByNumber(db, fields.registrationNumber);
  if (other && other.id !== id) return undefined;
  const [row] = await db
    .update(patents)
    .set({ ...columns(fields), updatedBy: by, updatedAt: now })
    .where(eq(patents.id, id))
    .returning();
  return row;
}

export async function deletePatent(db: Database, id: number): Promise<boolean> {
  return (await db.delete(patents).where(eq(patents.id, id)).returning({ id: patents.id })).length > 0;
}

/** The registration numbers a case's `patents` entries name (`가공 방법 (10-1234567)`). */
export function patentNumbersIn(entries: readonly string[]): string[] {
  return [...new Set(entries.flatMap((entry) => entry.match(REGISTRATION_NUMBER_IN_TEXT) ?? []))];
}

/** The cases that name this registration number among their patents. */
export function casesUsingPatent<T extends { data: { patents: string[] } }>(cases: readonly T[], registrationNumber: string): T[] {
  return cases.filter((c) => patentNumbersIn(c.data.patents).includes(registrationNumber));
}

/** Every patent for staff's list, by title. */
export async function allPatents(db: Database): Promise<Patent[]> {
  return db.select().from(patents).orderBy(asc(patents.title), asc(patents.id));
}
