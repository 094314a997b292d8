// Sample discussions (content/samples/discussions.json), seeded into an empty forum so a
// first run shows a living portal. Every sample thread and member is flagged `sample`,
// shown with a 샘플 badge, and removed by `npm run samples:remove`.
import { eq, inArray, sql } from 'drizzle-orm';
import { z } from 'astro/zod';
import type { Database } from '../db/client';
import { readSampleFile } from './file';
import { threads, users } from '../db/schema';
import { SIGUN_CODES } from '../regions';
import { INDUSTRIES } from '../industries';
import { boardBySlug } from '../forum/boards';
import { createThread, reply } from '../forum/posts';
import { acceptAnswer } from '../forum/threads';

const sampleFileSchema = z.strictObject({
  members: z.array(
    z.strictObject({
      handle: z.string().regex(/^sample_[a-z0-9_]{2,13}$/),
      displayName: z.string().min(1),
      companyName: z.string().min(1),
      role: z.enum(['member', 'mentor', 'staff']),
      sigunCode: z.enum(SIGUN_CODES).nullable(),
      industry: z.enum(INDUSTRIES).nullable(),
    }),
  ),
  threads: z.array(
    z.strictObject({
      board: z.string(),
      title: z.string().min(1),
      author: z.string(),
      sigunCode: z.enum(SIGUN_CODES).nullable(),
      industry: z.enum(INDUSTRIES).nullable(),
      daysAgo: z.number().int().min(0),
      posts: z.array(z.strictObject({ author: z.string(), body: z.string().min(1) })).min(1),
      acceptedReply: z.number().int().min(1).optional(),
    }),
  ),
});

export type SampleDiscussions = z.infer<typeof sampleFileSchema>;

export function readSampleDiscussions(file: string): SampleDiscussions | undefined {
  return readSampleFile(file, sampleFileSchema);
}

const HOUR = 3600 * 1000;

/** Seeds the samples when the forum has no thread yet; returns how many threads it made. */
export async function seedSampleDiscussions(db: Database, samples: SampleDiscussions, now = new Date()): Promise<number> {
  if ((await db.$count(threads)) > 0) return 0;
  const ids = new Map<string, number>();
  for (const m of samples.members) {
    const [row] = await db
      .insert(users)
      .values({
        email: `${m.handle}@sample.invalid`,
        handle: m.handle,
        // Not an argon2 hash: no password can ever match, so nobody signs in as a sample.
        passwordHash: '!sample',
        displayName: m.displayName,
        companyName: m.companyName,
        role: m.role,
        sigunCode: m.sigunCode,
        industry: m.industry,
        sample: true,
        createdAt: new Date(now.getTime() - 90 * 24 * HOUR),
      })
      .onConflictDoNothing()
      .returning({ id: users.id });
    const id = row?.id ?? (await db.select({ id: users.id }).from(users).where(eq(users.handle, m.handle)))[0]?.id;
    if (id) ids.set(m.handle, id);
  }
  const member = (handle: string) => {
    const id = ids.get(handle);
    if (!id) throw new Error(`sample discussions: unknown author ${handle}`);
    return id;
  };
  let made = 0;
  for (const [t, sample] of samples.threads.entries()) {
    const board = await boardBySlug(db, sample.board);
    if (!board) throw new Error(`sample discussions: unknown board ${sample.board}`);
    const [first, ...rest] = sample.posts;
    const { threadId } = await createThread(db, {
      boardId: board.id,
      authorId: member(first!.author),
      title: sample.title,
      body: first!.body,
      sigunCode: sample.sigunCode,
      industry: sample.industry,
      submissionKey: `sample-thread-${t}`,
    });
    const replyIds: number[] = [];
    for (const [i, p] of rest.entries()) {
      const { post } = await reply(db, { threadId, authorId: member(p.author), body: p.body, submissionKey: `sample-${t}-${i}` });
      replyIds.push(post.id);
    }
    if (sample.acceptedReply && replyIds[sample.acceptedReply - 1]) await acceptAnswer(db, threadId, replyIds[sample.acceptedReply - 1]!);
    // Spread the posts over the days before now: the opening post first, replies hours apart.
    const start = new Date(now.getTime() - sample.daysAgo * 24 * HOUR);
    await db.execute(sql`update posts set created_at = ${start.toISOString()}::timestamptz + (number - 1) * interval '5 hours' where thread_id = ${threadId}`);
    await db
      .update(threads)
      .set({ sample: true, createdAt: start, lastPostAt: new Date(start.getTime() + (sample.posts.length - 1) * 5 * HOUR) })
      .where(eq(threads.id, threadId));
    made += 1;
  }
  // Sample members should not show notifications about each other.
  await db.execute(sql`delete from notifications where user_id in (select id from users where sample)`);
  return made;
}

/** Deletes every sample thread (with its posts) and every sample member. */
export async function removeSampleDiscussions(db: Database): Promise<{ threads: number; members: number }> {
  const sampleThreads = await db.select({ id: threads.id }).from(threads).where(eq(threads.sample, true));
  if (sampleThreads.length) await db.delete(threads).where(inArray(threads.id, sampleThreads.map((t) => t.id)));
  // Replies real members wrote in sample threads went with them; their own threads stay.
  const members = await db.delete(users).where(eq(users.sample, true)).returning({ id: users.id });
  return { threads: sampleThreads.length, members: members.length };
}
