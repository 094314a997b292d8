// The whole database schema, in one place. Types for the rest of the code come from here
// ($inferSelect / $inferInsert), never written twice.
import { sql } from 'drizzle-orm';
import type { ChecklistTemplate } from '../checklists/template';
import type { Answers } from '../checklists/scoring';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const userRole = pgEnum('user_role', ['member', 'mentor', 'staff', 'admin']);

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    // Stored lower-cased; the unique index makes sign-up races impossible.
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    companyName: text('company_name').notNull(),
    sigunCode: text('sigun_code'),
    industry: text('industry'),
    role: userRole('role').notNull().default('member'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email)],
);

export const sessions = pgTable(
  'sessions',
  {
    // The public half of the token; the secret half is only stored as its SHA-256.
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    secretHash: text('secret_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastVerifiedAt: timestamp('last_verified_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
);

export const consentKind = pgEnum('consent_kind', ['privacy', 'terms', 'marketing']);

// Append-only record of what a member agreed to (or withdrew), with the text version shown.
export const consentRecords = pgTable(
  'consent_records',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: consentKind('kind').notNull(),
    version: text('version').notNull(),
    granted: boolean('granted').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('consent_records_user_idx').on(t.userId, t.kind)],
);

// Token buckets shared by every app instance (see src/lib/rate-limit.ts).
export const rateLimitBuckets = pgTable('rate_limit_buckets', {
  key: text('key').primaryKey(),
  tokens: doublePrecision('tokens').notNull(),
  refilledAt: timestamp('refilled_at', { withTimezone: true })
    .notNull()
    .default(sql`now()`),
});

// Every checklist template version that an assessment or a guest's draft was made with,
// so old assessments keep showing and scoring the questions they answered.
export const checklistTemplateVersions = pgTable(
  'checklist_template_versions',
  {
    templateId: text('template_id').notNull(),
    version: text('version').notNull(),
    definition: jsonb('definition').$type<ChecklistTemplate>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.version] })],
);

// A member's self-assessment for their company. Scores are stored when answers are saved
// (for history and the staff aggregate); company facts are copied as they were that day.
export const checklistAssessments = pgTable(
  'checklist_assessments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    templateId: text('template_id').notNull(),
    templateVersion: text('template_version').notNull(),
    answers: jsonb('answers').$type<Answers>().notNull(),
    companyName: text('company_name').notNull(),
    sigunCode: text('sigun_code'),
    industry: text('industry'),
    targetLevel: text('target_level'),
    overallScore: doublePrecision('overall_score'),
    sectionScores: jsonb('section_scores').$type<Record<string, number | null>>().notNull(),
    answeredCount: integer('answered_count').notNull(),
    itemCount: integer('item_count').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('checklist_assessments_user_idx').on(t.userId, t.templateId, t.createdAt)],
);

// A guest's answers, kept briefly so they survive signing in (no JavaScript needed).
// Only the SHA-256 of the token in the guest's URL is stored.
export const checklistDrafts = pgTable('checklist_drafts', {
  tokenHash: text('token_hash').primaryKey(),
  templateId: text('template_id').notNull(),
  templateVersion: text('template_version').notNull(),
  answers: jsonb('answers').$type<Answers>().notNull(),
  sigunCode: text('sigun_code'),
  industry: text('industry'),
  targetLevel: text('target_level'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Session = typeof sessions.$inferSelect;
export type UserRole = (typeof userRole.enumValues)[number];
export type ConsentKind = (typeof consentKind.enumValues)[number];
export type ChecklistAssessment = typeof checklistAssessments.$inferSelect;
export type ChecklistDraft = typeof checklistDrafts.$inferSelect;
