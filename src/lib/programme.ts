// Programme progress (content/programme.json): the 300-company target and adoptions per
// year and 시·군. Validated when the site is built; a bad file names the field.
import { z } from 'astro/zod';
import raw from '../../content/programme.json';
import { SIGUN, SIGUN_CODES } from './regions';

const programmeSchema = z.strictObject({
  sample: z.boolean(),
  note: z.string(),
  target: z.strictObject({
    companies: z.number().int().positive(),
    byYear: z.number().int(),
    perYear: z.number().int().positive(),
    startYear: z.number().int(),
  }),
  asOf: z.coerce.date(),
  adoptions: z.array(
    z.strictObject({ year: z.number().int(), sigun: z.enum(SIGUN_CODES), adopted: z.number().int().min(0) }),
  ),
});

export type Programme = z.infer<typeof programmeSchema>;

export function parseProgramme(data: unknown, file = 'content/programme.json'): Programme {
  const result = programmeSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}

export const programme = parseProgramme(raw);

export interface YearProgress {
  year: number;
  adopted: number;
  cumulative: number;
}

/** Adoptions per year with the running total, for any subset of 시·군. */
export function progressByYear(p: Programme, sigun?: string): YearProgress[] {
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
export function totalsBySigun(p: Programme) {
  return SIGUN.map((s) => ({
    sigun: s,
    adopted: p.adoptions.filter((a) => a.sigun === s.code).reduce((sum, a) => sum + a.adopted, 0),
  }));
}

export function totalAdopted(p: Programme): number {
  return p.adoptions.reduce((sum, a) => sum + a.adopted, 0);
}
