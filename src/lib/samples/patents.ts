// Sample patents (content/samples/patents.json), seeded into an empty catalogue so a first
// run shows /patents alive and linked with the sample cases. Their registration numbers
// (10-9999xxx) are far beyond any issued one; every row is flagged `sample` (샘플 badge) and
// `npm run samples:remove` deletes them.
import { eq } from 'drizzle-orm';
import { z } from 'astro/zod';
import type { Database } from '../db/client';
import { patents } from '../db/schema';
import { readSampleFile } from './file';
import { createPatent, patentInput } from '../patents/patents';

const sampleFileSchema = z.strictObject({
  note: z.string(),
  patents: z.array(patentInput.strict()),
});
export type SamplePatents = z.infer<typeof sampleFileSchema>;

export function readSamplePatents(file: string): SamplePatents | undefined {
  return readSampleFile(file, sampleFileSchema);
}

/** Seeds the samples when the catalogue is empty; returns how many it made. */
export async function seedSamplePatents(db: Database, samples: SamplePatents, now = new Date()): Promise<number> {
  if ((await db.$count(patents)) > 0) return 0;
  let made = 0;
  for (const fields of samples.patents) if (await createPatent(db, fields, null, now, true)) made++;
  return made;
}

export async function removeSamplePatents(db: Database): Promise<number> {
  return (await db.delete(patents).where(eq(patents.sample, true)).returning({ id: patents.id })).length;
}
