// Helper profiles (retired Samsung mentors and 선배기업 members): the helper keeps their own,
// opts in to being listed (consent recorded: who, when), staff approve; only then does the
// profile appear in the directory (/mentors) and in assignment suggestions.
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { mentorProfiles, users, type MentorProfile, type User } from '../db/schema';
import { formatIsoDate } from '../dates';

export interface ProfileFields {
  careerField: string;
  processes: string[];
  industries: string[];
  sigunCodes: string[];
  years: number | null;
  available: boolean;
  unavailableUntil: string | null;
  introduction: string;
  contact: string | null;
}

export type ProfileWithUser = { profile: MentorProfile; user: Pick<User, 'id' | 'displayName' | 'companyName' | 'role' | 'sample'> };

const userColumns = { id: users.id, displayName: users.displayName, companyName: users.companyName, role: users.role, sample: users.sample };

export function isListed(profile: Pick<MentorProfile, 'consentedAt' | 'approvedAt'>): boolean {
  return !!profile.consentedAt && !!profile.approvedAt;
}

/** Free to take a visit today (Seoul date): 가능, and not within a 불가 period. */
export function isAvailableNow(profile: Pick<MentorProfile, 'available' | 'unavailableUntil'>, now: Date): boolean {
  if (!profile.available) return false;
  return !profile.unavailableUntil || profile.unavailableUntil < formatIsoDate(now);
}

export async function profileOf(db: Database, userId: number): Promise<MentorProfile | undefined> {
  const [row] = await db.select().from(mentorProfiles).where(eq(mentorProfiles.userId, userId));
  return row;
}

/**
 * Saves the helper's own profile. Opting in records who and when (once, until they opt out);
 * opting out hides the profile again. Staff approval stays unless the helper opts out.
 */
export async function saveProfile(
  db: Database,
  input: { user: Pick<User, 'id' | 'role'>; fields: ProfileFields; listed: boolean; now: Date },
): Promise<MentorProfile> {
  const existing = await profileOf(db, input.user.id);
  const kind = input.user.role === 'mentor' ? 'mentor' : 'senior';
  const consent = input.listed
    ? { consentedAt: existing?.consentedAt ?? input.now, consentedBy: existing?.consentedAt ? existing.consentedBy : input.user.id }
    : { consentedAt: null, consentedBy: null, approvedAt: null, approvedBy: null };
  const values = { ...input.fields, ...consent, kind, updatedAt: input.now } as const;
  const [row] = await db
    .insert(mentorProfiles)
    .values({ userId: input.user.id, createdAt: input.now, ...values })
    .onConflictDoUpdate({ target: mentorProfiles.userId, set: values })
    .returning();
  return row!;
}

export async function setApproval(db: Database, userId: number, approver: Pick<User, 'id'> | null, now: Date): Promise<boolean> {
  const rows = await db
    .update(mentorProfiles)
    .set(approver ? { approvedAt: now, approvedBy: approver.id } : { approvedAt: null, approvedBy: null })
    .where(and(eq(mentorProfiles.userId, userId), approver ? isNotNull(mentorProfiles.consentedAt) : undefined))
    .returning({ userId: mentorProfiles.userId });
  return rows.length > 0;
}

/** Every profile with its member, for staff: waiting for approval first. */
export async function allProfiles(db: Database): Promise<ProfileWithUser[]> {
  return db
    .select({ profile: mentorProfiles, user: userColumns })
    .from(mentorProfiles)
    .innerJoin(users, eq(users.id, mentorProfiles.userId))
    .orderBy(sql`${mentorProfiles.approvedAt} is not null`, asc(users.displayName));
}

export interface DirectoryFilters {
  field?: string;
  industry?: string;
  sigun?: string;
  availableNow?: boolean;
  kind?: MentorProfile['kind'];
}

/** Listed (opted in and approved) helpers matching the filters, by name. */
export async function listedProfiles(db: Database, filters: DirectoryFilters, now: Date): Promise<ProfileWithUser[]> {
  const rows = await db
    .select({ profile: mentorProfiles, user: userColumns })
    .from(mentorProfiles)
    .innerJoin(users, eq(users.id, mentorProfiles.userId))
    .where(
      and(
        isNotNull(mentorProfiles.consentedAt),
        isNotNull(mentorProfiles.approvedAt),
        filters.kind ? eq(mentorProfiles.kind, filters.kind) : undefined,
        filters.field ? eq(mentorProfiles.careerField, filters.field) : undefined,
        filters.industry ? sql`${filters.industry} = any(${mentorProfiles.industries})` : undefined,
        filters.sigun ? sql`${filters.sigun} = any(${mentorProfiles.sigunCodes})` : undefined,
      ),
    )
    .orderBy(asc(users.displayName), asc(users.id));
  return filters.availableNow ? rows.filter((r) => isAvailableNow(r.profile, now)) : rows;
}

/** One listed profile (the public page); undefined when not listed. */
export async function listedProfile(db: Database, userId: number): Promise<ProfileWithUser | undefined> {
  if (!Number.isSafeInteger(userId) || userId <= 0 || userId > 2_147_483_647) return undefined;
  const [row] = await db
    .select({ profile: mentorProfiles, user: userColumns })
    .from(mentorProfiles)
    .innerJoin(users, eq(users.id, mentorProfiles.userId))
    .where(eq(mentorProfiles.userId, userId));
  return row && isListed(row.profile) ? row : undefined;
}
