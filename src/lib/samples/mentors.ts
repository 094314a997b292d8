// Sample helpers and one finished sample consultation (content/samples/mentors.json), seeded
// when there is no helper profile yet, so a first run shows /mentors and a whole request.
// Sample members cannot sign in; everything is flagged `sample` (샘플 badge) and
// `npm run samples:remove` deletes it.
import { eq, inArray } from 'drizzle-orm';
import { z } from 'astro/zod';
import type { Database } from '../db/client';
import { readSampleFile } from './file';
import { consultationAssignees, consultationMessages, consultations, mentorProfiles, users } from '../db/schema';
import { SIGUN_CODES } from '../regions';
import { INDUSTRIES } from '../industries';
import { MENTOR_FIELDS, PROCESSES } from '../mentors/fields';
import { renderMemberMarkdown } from '../markdown';

const sampleFileSchema = z.strictObject({
  mentors: z.array(
    z.strictObject({
      handle: z.string().regex(/^sample_[a-z0-9_]+$/),
      displayName: z.string().min(1),
      careerField: z.enum(MENTOR_FIELDS),
      years: z.number().int().min(0),
      processes: z.array(z.enum(PROCESSES)),
      industries: z.array(z.enum(INDUSTRIES)),
      sigunCodes: z.array(z.enum(SIGUN_CODES)),
      available: z.boolean(),
      unavailableUntil: z.string().nullable(),
      introduction: z.string().min(1),
      contact: z.string().nullable(),
    }),
  ),
  consultation: z.strictObject({
    requester: z.strictObject({ handle: z.string().regex(/^sample_[a-z0-9_]+$/), displayName: z.string(), companyName: z.string() }),
    mentor: z.string(),
    sigunCode: z.enum(SIGUN_CODES),
    industry: z.enum(INDUSTRIES),
    topics: z.array(z.enum(MENTOR_FIELDS)).min(1),
    preferredDates: z.string(),
    description: z.string(),
    daysAgo: z.number().int().min(1),
    messages: z.array(z.strictObject({ from: z.enum(['mentor', 'requester']), daysAfter: z.number().int().min(0), body: z.string().min(1) })),
    visitDaysAfter: z.number().int(),
    completedDaysAfter: z.number().int(),
    outcome: z.string(),
    rating: z.number().int().min(1).max(5),
    ratingComment: z.string(),
  }),
});

export type SampleMentors = z.infer<typeof sampleFileSchema>;

export function readSampleMentors(file: string): SampleMentors | undefined {
  return readSampleFile(file, sampleFileSchema);
}

const DAY = 24 * 3600 * 1000;

async function sampleMember(db: Database, m: { handle: string; displayName: string; companyName: string; role: 'member' | 'mentor'; sigunCode: string | null; industry: string | null }, now: Date) {
  const [row] = await db
    .insert(users)
    .values({ email: `${m.handle}@sample.invalid`, handle: m.handle, passwordHash: '!sample', displayName: m.displayName, companyName: m.companyName, role: m.role, sigunCode: m.sigunCode, industry: m.industry, sample: true, createdAt: new Date(now.getTime() - 120 * DAY) })
    .onConflictDoNothing()
    .returning({ id: users.id });
  return row?.id ?? (await db.select({ id: users.id }).from(users).where(eq(users.handle, m.handle)))[0]!.id;
}

/** Seeds when no helper profile exists yet; returns how many sample helpers it made. */
export async function seedSampleMentors(db: Database, samples: SampleMentors, now = new Date()): Promise<number> {
  if ((await db.$count(mentorProfiles)) > 0) return 0;
  const ids = new Map<string, number>();
  for (const m of samples.mentors) {
    const id = await sampleMember(db, { handle: m.handle, displayName: m.displayName, companyName: '삼성전자 퇴직 멘토', role: 'mentor', sigunCode: m.sigunCodes[0] ?? null, industry: null }, now);
    ids.set(m.handle, id);
    const { handle: _h, displayName: _d, ...profile } = m;
    const at = new Date(now.getTime() - 100 * DAY);
    await db.insert(mentorProfiles).values({ userId: id, kind: 'mentor', ...profile, consentedAt: at, consentedBy: id, approvedAt: at, sample: true, createdAt: at, updatedAt: at }).onConflictDoNothing();
  }
  const c = samples.consultation;
  const mentorId = ids.get(c.mentor);
  if (!mentorId) throw new Error(`sample mentors: unknown mentor ${c.mentor}`);
  const requesterId = await sampleMember(db, { ...c.requester, role: 'member', sigunCode: c.sigunCode, industry: c.industry }, now);
  const start = new Date(now.getTime() - c.daysAgo * DAY);
  const after = (days: number) => new Date(start.getTime() + days * DAY);
  const [created] = await db
    .insert(consultations)
    .values({
      requesterId, companyName: c.requester.companyName, sigunCode: c.sigunCode, industry: c.industry, topics: c.topics, preferredDates: c.preferredDates, description: c.description,
      state: 'completed', visitAt: after(c.visitDaysAfter), outcome: c.outcome, rating: c.rating, ratingComment: c.ratingComment,
      firstAnsweredAt: after(c.messages[0]?.daysAfter ?? 1), completedAt: after(c.completedDaysAfter), closedAt: after(c.completedDaysAfter),
      sample: true, createdAt: start, updatedAt: after(c.completedDaysAfter),
    })
    .returning({ id: consultations.id });
  await db.insert(consultationAssignees).values({ consultationId: created!.id, userId: mentorId, assignedAt: after(0) });
  for (const m of c.messages) {
    await db.insert(consultationMessages).values({ consultationId: created!.id, authorId: m.from === 'mentor' ? mentorId : requesterId, bodySource: m.body, bodyHtml: renderMemberMarkdown(m.body), createdAt: after(m.daysAfter) });
  }
  return samples.mentors.length;
}

/** Deletes the sample consultations and the sample helpers' profiles (the sample members go with the discussions' removal). */
export async function removeSampleMentors(db: Database): Promise<{ consultations: number; profiles: number }> {
  const removed = await db.delete(consultations).where(eq(consultations.sample, true)).returning({ id: consultations.id });
  const profiles = await db.delete(mentorProfiles).where(eq(mentorProfiles.sample, true)).returning({ id: mentorProfiles.userId });
  if (profiles.length) await db.delete(users).where(inArray(users.id, profiles.map((p) => p.id)));
  return { consultations: removed.length, profiles: profiles.length };
}
