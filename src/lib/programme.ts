// Programme progress: the 300-company target and adoptions per year and 시·군, kept in the
// database by province staff and 시·군 담당자 (/staff/programme, src/lib/figures). The
// computing functions below are pure; `loadProgramme` reads the figures for the pages.
import { z } from 'astro/zod';
import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from './db/client';
import { programmeAdoptions, programmeTarget } from './db/schema';
import { SIGUN, SIGUN_CODES, type SigunCode } from './regions';

export const targetSchema = z.strictObject({
  companies: z.number().int().positive(),
  byYear: z.number().int(),
  perYear: z.number().int().positive(),
  startYear: z.number().int(),
});
export type ProgrammeTarget = z.infer<typeof targetSchema>;

export const adoptionSchema = z.strictObject({ year: z.number().int(), sigun: z.enum(SIGUN_CODES), adopted: z.number().int().min(0) });
export type Adoption = z.infer<typeof adoptionSchema>;

/** The agreement's target (300 companies by 2026, about 70 a year from 2022) until staff change it. */
export const AGREEMENT_TARGET: ProgrammeTarget = { companies: 300, byYear: 2026, perYear: 70, startYear: 2022 };

export const SAMPLE_NOTE = '샘플 데이터: 포털 시연용으로 만든 가상의 연도별·시군별 도입 기업 수입니다. 실제 사업 실적이 아닙니다.';

export interface Programme {
  target: ProgrammeTarget;
  adoptions: Adoption[];
  /** Some figures are still the shipped samples (shown with a 샘플 note). */
  sample: boolean;
  note: string;
  /** When a figure last changed (null: no figures yet). */
  asOf: Date | null;
}

/** The figures as they are now in the database (pages read this on every request). */
export async function loadProgramme(db: Database): Promise<Programme> {
  const [[target], adoptions] = await Promise.all([
    db.select().from(programmeTarget).where(eq(programmeTarget.id, 1)),
    db
      .select({
        year: programmeAdoptions.year,
        sigun: sql<SigunCode>`${programmeAdoptions.sigunCode}`,
        adopted: programmeAdoptions.adopted,
        sample: programmeAdoptions.sample,
        updatedAt: programmeAdoptions.updatedAt,
      })
      .from(programmeAdoptions)
      .orderBy(asc(programmeAdoptions.year), asc(programmeAdoptions.sigunCode)),
  ]);
  const sample = adoptions.some((a) => a.sample);
  const times = [...adoptions.map((a) => a.updatedAt.getTime()), ...(target ? [target.updatedAt.getTime()] : [])];
  return {
    target: target ? { companies: target.companies, byYear: target.byYear, perYear: target.perYear, startYear: target.startYear } : AGREEMENT_TARGET,
    adoptions: adoptions.map(({ year, sigun, adopted }) => ({ year, sigun, adopted })),
    sample,
    note: sample ? SAMPLE_NOTE : '',
    asOf: times.length ? new Date(Math.max(...times)) : null,
  };
}

export interface YearProgress {
  year: number;
  adopted: number;
  cumulative: number;
}

/** Adoptions per year with the running total, for any subset of 시·군. */
export function progressByYear(p: Pick<Programme, 'adoptions'>, sigun?: string): YearProgress[] {
  const years = [...new Set(p.adoptions.map((a) => a.year))].sort((a, b) => a - b);
  let cumulative = 0;
  return years.map((year) => {
    const adopted = p.adoptions
      .filter((a) => a.year === year && (!sigun || a.sigun === sigun))
      .reduce((sum, a) => sum + a.adopted, 0);
    cumulative += adopted;
    return { year, adopted, cumulative };
  });
}

/** Total adoptions per 시·군, in the order of the 14 시·군. */
export function totalsBySigun(p: Pick<Programme, 'adoptions'>) {
  return SIGUN.map((s) => ({
    sigun: s,
    adopted: p.adoptions.filter((a) => a.sigun === s.code).reduce((sum, a) => sum + a.adopted, 0),
  }));
}

export function totalAdopted(p: Pick<Programme, 'adoptions'>): number {
  return p.adoptions.reduce((sum, a) => sum + a.adopted, 0);
}

/** The years a table of figures shows: the programme's years plus any year with figures. */
export function programmeYears(p: Pick<Programme, 'adoptions' | 'target'>): number[] {
  const years = new Set(p.adoptions.map((a) => a.year));
  for (let y = p.target.startYear; y <= p.target.byYear; y++) years.add(y);
  return [...years].sort((a, b) => a - b);
}
