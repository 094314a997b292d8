// Sample announcements (content/samples/notices.json), seeded into an empty announcements
// table so a first run shows a living portal. Dates are relative to the day of seeding and
// every notice is flagged `sample` (샘플 badge); `npm run samples:remove` deletes them.
import { eq } from 'drizzle-orm';
import { z } from 'astro/zod';
import type { Database } from '../db/client';
import { readSampleFile } from './file';
import { announcements } from '../db/schema';
import { SIGUN_CODES } from '../regions';
import { LICENCES } from '../cases/schema';
import { formatIsoDate } from '../dates';
import { attachmentSchema, CATEGORY_KEYS, createNotice } from '../notices/notices';

const sampleFileSchema = z.strictObject({
  notices: z.array(
    z.strictObject({
      title: z.string().min(1),
      category: z.enum(CATEGORY_KEYS),
      sigunCode: z.enum(SIGUN_CODES).nullable(),
      licence: z.enum(LICENCES),
      daysAgo: z.number().int().min(0),
      /** Deadline this many days after the day of seeding (negative: already passed). */
      deadlineInDays: z.number().int().nullable(),
      pinned: z.boolean(),
      attachments: z.array(attachmentSchema),
      body: z.string().min(1),
    }),
  ),
});

export type SampleNotices = z.infer<typeof sampleFileSchema>;

export function readSampleNotices(file: string): SampleNotices | undefined {
  return readSampleFile(file, sampleFileSchema);
}

const DAY = 24 * 3600 * 1000;

/** Seeds the samples when there is no announcement yet; returns how many it made. */
export async function seedSampleNotices(db: Database, samples: SampleNotices, now = new Date()): Promise<number> {
  if ((await db.$count(announcements)) > 0) return 0;
  for (const s of samples.notices) {
    const publishAt = new Date(now.getTime() - s.daysAgo * DAY);
    await createNotice(db, {
      fields: {
        title: s.title,
        body: s.body,
        category: s.category,
        sigunCode: s.sigunCode,
        licence: s.licence,
        deadline: s.deadlineInDays === null ? null : formatIsoDate(new Date(now.getTime() + s.deadlineInDays * DAY)),
        attachments: s.attachments,
      },
      publication: { status: 'published', publishAt },
      authorId: null,
      sample: true,
      pinned: s.pinned,
      now: publishAt,
    });
  }
  return samples.notices.length;
}

export async function removeSampleNotices(db: Database): Promise<number> {
  return (await db.delete(announcements).where(eq(announcements.sample, true)).returning({ id: announcements.id })).length;
}
