// Sample programme figures (content/samples/programme.json): invented adoptions per year and
// 시·군, seeded at start-up into an empty figures table, every row flagged `sample` (샘플 note
// on the pages); `npm run samples:remove` deletes the rows that nobody has changed since.
import { eq } from 'drizzle-orm';
import { z } from 'astro/zod';
import type { Database } from '../db/client';
import { readSampleFile } from './file';
import { programmeAdoptions, programmeTarget } from '../db/schema';
import { adoptionSchema, targetSchema } from '../programme';

const sampleFileSchema = z.strictObject({
  target: targetSchema,
  adoptions: z.array(adoptionSchema),
});
export type SampleProgramme = z.infer<typeof sampleFileSchema>;

export function readSampleProgramme(file: string): SampleProgramme | undefined {
  return readSampleFile(file, sampleFileSchema);
}

/** Seeds the sample figures when there are none yet (and the target when unset); returns how many rows it made. */
export async function seedSampleProgramme(db: Database, samples: SampleProgramme): Promise<number> {
  await db.insert(programmeTarget).values({ id: 1, ...samples.target }).onConflictDoNothing();
  if ((await db.$count(programmeAdoptions)) > 0) return 0;
  const rows = samples.adoptions.map((a) => ({ year: a.year, sigunCode: a.sigun, adopted: a.adopted, sample: true }));
  const made = await db.insert(programmeAdoptions).values(rows).onConflictDoNothing().returning({ year: programmeAdoptions.year });
  return made.length;
}

/** Deletes the sample figures nobody changed (an edited figure is real and stays). */
export async function removeSampleProgramme(db: Database): Promise<number> {
  return (await db.delete(programmeAdoptions).where(eq(programmeAdoptions.sample, true)).returning({ year: programmeAdoptions.year })).length;
}
