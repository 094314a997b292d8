// The whole database schema, in one place. Types for the rest of the code come from here
// ($inferSelect / $inferInsert), never written twice.
import { sql } from 'drizzle-orm';
import type { ChecklistTemplate } from '../checklists/template';
import type { Answers } from '../checklists/scoring';
import type { CaseData, Licence } from '../cases/schema';
import {
  type AnyPgColumn,
  boolean,
  check,
  customType,
  date,
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
    /** Lower-case name used in @mentions; unique. */
    handle: text('handle'),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    companyName: text('company_name').notNull(),
    sigunCode: text('sigun_code'),
    industry: text('industry'),
    role: userRole('role').notNull().default('member'),
    /** Posting is blocked until then (null: not suspended; far future: indefinitely). */
    suspendedUntil: timestamp('suspended_until', { withTimezone: true }),
    /** Why, shown to the member when they try to write. */
    suspensionReason: text('suspension_reason'),
    /** When the member confirmed their address by the mailed link (null: not yet; no posting). */
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    /** Random key in every mail's one-click unsubscribe link (works without signing in). */
    mailKey: text('mail_key')
      .notNull()
      .default(sql`replace(gen_random_uuid()::text, '-', '')`),
    /** A made-up member of the sample discussions; cannot sign in. */
    sample: boolean('sample').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email), uniqueIndex('users_handle_key').on(t.handle)],
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

// ── Discussions ──────────────────────────────────────────────────────────────

export const boardReadAccess = pgEnum('board_read_access', ['public', 'members']);
export const boardPostAccess = pgEnum('board_post_access', ['members', 'mentors', 'staff']);
export const boardKind = pgEnum('board_kind', ['discussion', 'qa']);

export const boards = pgTable('boards', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  position: integer('position').notNull().default(0),
  readAccess: boardReadAccess('read_access').notNull().default('public'),
  postAccess: boardPostAccess('post_access').notNull().default('members'),
  kind: boardKind('kind').notNull().default('discussion'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const threads = pgTable(
  'threads',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    boardId: integer('board_id')
      .notNull()
      .references(() => boards.id),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    sigunCode: text('sigun_code'),
    industry: text('industry'),
    pinned: boolean('pinned').notNull().default(false),
    locked: boolean('locked').notNull().default(false),
    acceptedPostId: integer('accepted_post_id'),
    // Highest post number so far; replies take the next one (gap-free, see forum/posts.ts).
    postCount: integer('post_count').notNull().default(0),
    reactionCount: integer('reaction_count').notNull().default(0),
    viewCount: integer('view_count').notNull().default(0),
    lastPostAt: timestamp('last_post_at', { withTimezone: true }).notNull().defaultNow(),
    lastPosterId: integer('last_poster_id').references(() => users.id, { onDelete: 'set null' }),
    /** Part of the sample discussions shipped with the portal (shown with a 샘플 badge). */
    sample: boolean('sample').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Board pages: pinned first, then last activity, paginated by key.
  (t) => [index('threads_board_activity_idx').on(t.boardId, t.pinned, t.lastPostAt, t.id)],
);

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const posts = pgTable(
  'posts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    threadId: integer('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    /** 1 for the opening post, then 2, 3, … with no gaps. */
    number: integer('number').notNull(),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    bodySource: text('body_source').notNull(),
    bodyHtml: text('body_html').notNull(),
    /** Search tokens (Hangul bigrams, Latin words) of the thread title — opening post only — and of the body. */
    searchTitle: text('search_title').notNull().default(''),
    searchText: text('search_text').notNull().default(''),
    // Titles weigh more than bodies (A over B). Stored, so ranking does not re-parse text.
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_text), 'B')`,
    ),
    reactionCount: integer('reaction_count').notNull().default(0),
    /** The form's one-time key: a resubmitted form finds this post instead of adding one. */
    submissionKey: text('submission_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    /** Hidden by a moderator, or automatically after enough reports, until reviewed. */
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    hiddenReason: text('hidden_reason', { enum: ['moderator', 'reports'] }),
  },
  (t) => [
    uniqueIndex('posts_thread_number_key').on(t.threadId, t.number),
    uniqueIndex('posts_author_submission_key').on(t.authorId, t.submissionKey),
    index('posts_search_idx').using('gin', t.searchVector),
  ],
);

export const postRevisions = pgTable(
  'post_revisions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    editorId: integer('editor_id').references(() => users.id, { onDelete: 'set null' }),
    /** The body as it was before this edit. */
    bodySource: text('body_source').notNull(),
    title: text('title'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('post_revisions_post_idx').on(t.postId, t.id)],
);

export const reactions = pgTable(
  'reactions',
  {
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('reactions_post_user_key').on(t.postId, t.userId)],
);

export const reports = pgTable(
  'reports',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    reporterId: integer('reporter_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: integer('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    /** What the moderator did: dismissed, hidden, deleted, locked, warned, suspended. */
    resolution: text('resolution'),
  },
  (t) => [uniqueIndex('reports_post_reporter_key').on(t.postId, t.reporterId), index('reports_open_idx').on(t.resolvedAt, t.id)],
);

export type Board = typeof boards.$inferSelect;
export type Thread = typeof threads.$inferSelect;
export type Post = typeof posts.$inferSelect;

export const threadWatches = pgTable(
  'thread_watches',
  {
    threadId: integer('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('thread_watches_key').on(t.threadId, t.userId), index('thread_watches_user_idx').on(t.userId)],
);

export const notificationKind = pgEnum('notification_kind', ['reply', 'mention', 'accepted', 'warning', 'consultation', 'case']);

export const notifications = pgTable(
  'notifications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: notificationKind('kind').notNull(),
    // Set for discussion notifications; a moderator's warning may concern no post.
    threadId: integer('thread_id').references(() => threads.id, { onDelete: 'cascade' }),
    postId: integer('post_id').references(() => posts.id, { onDelete: 'cascade' }),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    /** The text of a warning, or what changed on a consultation request. */
    message: text('message'),
    /** Set for news about a consultation request (src/lib/consultations). */
    consultationId: integer('consultation_id').references(() => consultations.id, { onDelete: 'cascade' }),
    /** Set for a step of a case study's review (src/lib/cases/notify.ts). */
    caseId: integer('case_id').references((): AnyPgColumn => cases.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.id), index('notifications_unread_idx').on(t.userId).where(sql`read_at is null`)],
);

export type Notification = typeof notifications.$inferSelect;
export type NotificationKind = (typeof notificationKind.enumValues)[number];
export type ChecklistAssessment = typeof checklistAssessments.$inferSelect;
export type ChecklistDraft = typeof checklistDrafts.$inferSelect;

// ── Accountability ──────────────────────────────────────────────────────────

// Append-only: the application only inserts; a trigger (migration) refuses UPDATE and
// DELETE. No foreign key, so deleting a member leaves their past actions on record.
export const auditLog = pgTable(
  'audit_log',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Who acted (null: the system, e.g. automatic hiding after reports). */
    actorId: integer('actor_id'),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    reason: text('reason'),
    details: jsonb('details'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_action_idx').on(t.action, t.id), index('audit_log_actor_idx').on(t.actorId, t.id)],
);

export type AuditEntry = typeof auditLog.$inferSelect;

// ── Announcements ────────────────────────────────────────────────────────────

export const noticeCategory = pgEnum('notice_category', ['business', 'event', 'result', 'general']);
/**
 * 'scheduled' is not a status: a published notice whose publish_at is still ahead is
 * scheduled, so it appears by itself at its time, on every instance, with no job runner.
 */
export const noticeStatus = pgEnum('notice_status', ['draft', 'published', 'withdrawn']);

export interface NoticeAttachment {
  title: string;
  url: string;
}

export const announcements = pgTable(
  'announcements',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    title: text('title').notNull(),
    bodySource: text('body_source').notNull(),
    /** Rendered and sanitized once, when written (src/lib/markdown.ts). */
    bodyHtml: text('body_html').notNull(),
    category: noticeCategory('category').notNull(),
    sigunCode: text('sigun_code'),
    /** 공공누리 type (KOGL-1 … KOGL-4). */
    licence: text('licence').$type<Licence>().notNull(),
    /** Last day to apply, a date in Seoul. */
    deadline: date('deadline', { mode: 'string' }),
    attachments: jsonb('attachments').$type<NoticeAttachment[]>().notNull().default([]),
    status: noticeStatus('status').notNull().default('draft'),
    /** When it becomes visible (published rows only); may lie ahead (scheduled). */
    publishAt: timestamp('publish_at', { withTimezone: true }),
    pinned: boolean('pinned').notNull().default(false),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** Part of the sample announcements shipped with the portal (shown with a 샘플 badge). */
    sample: boolean('sample').notNull().default(false),
    /** Search tokens as for posts (src/lib/forum/search-tokens.ts). */
    searchTitle: text('search_title').notNull().default(''),
    searchText: text('search_text').notNull().default(''),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_text), 'B')`,
    ),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set on the first edit after creation (shown as 수정됨). */
    editedAt: timestamp('edited_at', { withTimezone: true }),
  },
  (t) => [
    // Public list: published, pinned first, newest first, paginated by (publish_at, id).
    index('announcements_list_idx').on(t.status, t.pinned, t.publishAt, t.id),
    index('announcements_search_idx').using('gin', t.searchVector),
  ],
);

export const announcementRevisions = pgTable(
  'announcement_revisions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    announcementId: integer('announcement_id')
      .notNull()
      .references(() => announcements.id, { onDelete: 'cascade' }),
    editorId: integer('editor_id').references(() => users.id, { onDelete: 'set null' }),
    /** The announcement as it was before this edit. */
    title: text('title').notNull(),
    bodySource: text('body_source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('announcement_revisions_idx').on(t.announcementId, t.id)],
);

export type Announcement = typeof announcements.$inferSelect;
export type AnnouncementRevision = typeof announcementRevisions.$inferSelect;
export type NoticeCategory = (typeof noticeCategory.enumValues)[number];
export type NoticeStatus = (typeof noticeStatus.enumValues)[number];

// ── Files (attachments, photos) ─────────────────────────────────────────────

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * Stored content, once per SHA-256 whatever how often it is uploaded. The bytes live in
 * `file_chunks` (src/lib/files/store.ts); a blob nothing refers to any more is swept.
 * `removedAt`: taken down by an admin (legal request); the chunks are gone and the same
 * content cannot be uploaded again.
 */
export const fileBlobs = pgTable('file_blobs', {
  sha256: text('sha256').primaryKey(),
  size: integer('size').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  removedAt: timestamp('removed_at', { withTimezone: true }),
  removedReason: text('removed_reason'),
});

/** Content in ~256 KB pieces, so a request never holds more than one piece in memory. */
export const fileChunks = pgTable(
  'file_chunks',
  {
    sha256: text('sha256')
      .notNull()
      .references(() => fileBlobs.sha256, { onDelete: 'cascade' }),
    index: integer('index').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sha256, t.index] })],
);

export const fileKind = pgEnum('file_kind', ['image', 'document']);

/**
 * One uploaded file as it appears somewhere: its name, who uploaded it, what it is attached
 * to (a notice, a post or a consultation request; none = just uploaded, swept after a day) and its place there.
 * For an image `sha256` is the re-encoded fallback (JPEG/PNG); the original is never kept.
 */
export const files = pgTable(
  'files',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    sha256: text('sha256')
      .notNull()
      .references(() => fileBlobs.sha256),
    kind: fileKind('kind').notNull(),
    /** Short type key decided from the content: jpeg, png, pdf, hwp, docx, … */
    type: text('type').notNull(),
    mime: text('mime').notNull(),
    /** The name as uploaded (Korean kept), shown and used for downloads. */
    name: text('name').notNull(),
    size: integer('size').notNull(),
    width: integer('width'),
    height: integer('height'),
    alt: text('alt'),
    caption: text('caption'),
    uploaderId: integer('uploader_id').references(() => users.id, { onDelete: 'set null' }),
    noticeId: integer('notice_id').references(() => announcements.id, { onDelete: 'set null' }),
    postId: integer('post_id').references(() => posts.id, { onDelete: 'set null' }),
    /** A file of a consultation request or its conversation (seen only by those who see the request). */
    consultationId: integer('consultation_id').references((): AnyPgColumn => consultations.id, { onDelete: 'set null' }),
    /** A photo of a case study (cover first, then the gallery); seen by whoever may see the case. */
    caseId: integer('case_id').references((): AnyPgColumn => cases.id, { onDelete: 'set null' }),
    position: integer('position').notNull().default(0),
    downloadCount: integer('download_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** When it was last attached to something or let go (the sweep counts a day from it). */
    attachedAt: timestamp('attached_at', { withTimezone: true }),
  },
  (t) => [
    index('files_sha256_idx').on(t.sha256),
    index('files_notice_idx').on(t.noticeId, t.position),
    index('files_post_idx').on(t.postId, t.position),
    index('files_uploader_idx').on(t.uploaderId, t.createdAt),
    index('files_consultation_idx').on(t.consultationId, t.position),
    index('files_case_idx').on(t.caseId, t.position),
    index('files_unattached_idx').on(t.createdAt).where(sql`notice_id is null and post_id is null and consultation_id is null and case_id is null`),
  ],
);

/** Re-encoded copies of an image: WebP at several widths (the fallback is the file itself). */
export const fileVariants = pgTable(
  'file_variants',
  {
    fileId: integer('file_id')
      .notNull()
      .references(() => files.id, { onDelete: 'cascade' }),
    sha256: text('sha256')
      .notNull()
      .references(() => fileBlobs.sha256),
    mime: text('mime').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fileId, t.sha256] }), index('file_variants_sha256_idx').on(t.sha256)],
);

export type StoredFile = typeof files.$inferSelect;
export type FileVariant = typeof fileVariants.$inferSelect;
export type FileKind = (typeof fileKind.enumValues)[number];
// ── Mail ─────────────────────────────────────────────────────────────────────

/**
 * Outgoing mail, written in the same transaction as what causes it. Every instance's
 * delivery loop claims due rows with FOR UPDATE SKIP LOCKED, so each goes out once.
 * 'pending': waiting (or retrying after next_attempt_at); 'sent'; 'failed': gave up (an
 * admin can retry); 'kept': no SMTP_URL configured, the outbox page is where it is read.
 */
export const mailStatus = pgEnum('mail_status', ['pending', 'sent', 'failed', 'kept']);

export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** What kind of mail (password-reset, verify-email, notification, digest, notice …). */
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    /** Extra headers (List-Unsubscribe …). */
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    status: mailStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('mail_outbox_due_idx').on(t.status, t.nextAttemptAt)],
);

export const mailTokenPurpose = pgEnum('mail_token_purpose', ['password-reset', 'verify-email']);

/** Single-use links sent by mail; only SHA-256 of the token is stored. */
export const mailTokens = pgTable(
  'mail_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: mailTokenPurpose('purpose').notNull(),
    /** The address the link was sent to (for verify-email: the address being confirmed). */
    email: text('email').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mail_tokens_user_idx').on(t.userId, t.purpose)],
);

export const mailDelivery = pgEnum('mail_delivery', ['immediate', 'digest', 'never']);

/** A member's choice per kind of notification; no row means the kind's default. */
export const mailPreferences = pgTable(
  'mail_preferences',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    delivery: mailDelivery('delivery').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** Notifications waiting for a mail: immediate ones (grouped per thread) and digest ones. */
export const mailPending = pgTable(
  'mail_pending',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    notificationId: integer('notification_id')
      .notNull()
      .references(() => notifications.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    delivery: mailDelivery('delivery').notNull(),
    /** Immediate mails of one thread wait until this time (at most one per 15 minutes). */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mail_pending_due_idx').on(t.delivery, t.dueAt)],
);

/** Last time a mail went to a member about a thread (the 15-minute grouping). */
export const mailThreadThrottle = pgTable(
  'mail_thread_throttle',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    threadId: integer('thread_id')
      .notNull()
      .references(() => threads.id, { onDelete: 'cascade' }),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.threadId] })],
);

/** Once-only jobs across instances (a row per digest day), taken in the transaction that does the job. */
export const mailJobs = pgTable('mail_jobs', {
  key: text('key').primaryKey(),
  doneAt: timestamp('done_at', { withTimezone: true }).notNull().defaultNow(),
});

export type MailOutboxRow = typeof mailOutbox.$inferSelect;
export type MailDelivery = (typeof mailDelivery.enumValues)[number];

/**
 * Who gets a mail when a 공고 is published (src/lib/notices/subscriptions.ts). A member's row
 * (one per member, removed with the account) mails their login address; a guest's row has
 * its own address and counts once its confirmation link was opened. Empty lists mean "all".
 */
export const noticeSubscriptions = pgTable(
  'notice_subscriptions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** Guests only (members get mail at their current login address). */
    email: text('email'),
    categories: noticeCategory('categories').array().notNull().default(sql`'{}'`),
    sigunCodes: text('sigun_codes').array().notNull().default(sql`'{}'`),
    /** Random key in the unsubscribe link of every mail (works without signing in). */
    token: text('token').notNull(),
    /** SHA-256 of the guest's confirmation link token (src/lib/mail/tokens.ts hashToken). */
    confirmTokenHash: text('confirm_token_hash'),
    confirmExpiresAt: timestamp('confirm_expires_at', { withTimezone: true }),
    /** Null: a guest has not opened the confirmation link yet (no mail). */
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    /** Only notices published after this are mailed (no flood of older ones). */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('notice_subscriptions_user_key').on(t.userId),
    uniqueIndex('notice_subscriptions_token_key').on(t.token),
    uniqueIndex('notice_subscriptions_confirm_key').on(t.confirmTokenHash),
    index('notice_subscriptions_email_idx').on(t.email),
  ],
);
export type NoticeSubscription = typeof noticeSubscriptions.$inferSelect;

export const patentStatus = pgEnum('patent_status', ['available', 'negotiating', 'transferred']);

/**
 * Samsung patents offered to the programme's companies (the /patents catalogue). Cases name
 * the patents they used by registration number (`10-1234567` inside a case's `patents`
 * entry), which links the two both ways.
 */
export const patents = pgTable(
  'patents',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** 등록번호, e.g. 10-1234567; unique, the key of imports. */
    registrationNumber: text('registration_number').notNull(),
    title: text('title').notNull(),
    /** 기술 분야 (PATENT_FIELDS in src/lib/patents/patents.ts). */
    field: text('field').notNull(),
    /** Industries it suits (src/lib/industries.ts); empty: any. */
    industries: text('industries').array().notNull().default(sql`'{}'`),
    summary: text('summary').notNull(),
    /** 적용 대상: what kind of process or company it suits. */
    suits: text('suits').notNull().default(''),
    /** 문의처: who to ask (an office, not a person's private details). */
    contact: text('contact').notNull(),
    status: patentStatus('status').notNull().default('available'),
    sample: boolean('sample').notNull().default(false),
    /** Search tokens as for posts (src/lib/forum/search-tokens.ts). */
    searchTitle: text('search_title').notNull().default(''),
    searchText: text('search_text').notNull().default(''),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_text), 'B')`,
    ),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('patents_registration_number_key').on(t.registrationNumber),
    index('patents_search_idx').using('gin', t.searchVector),
  ],
);
export type Patent = typeof patents.$inferSelect;
export type PatentStatus = (typeof patentStatus.enumValues)[number];
// ── 시·군 담당자 and programme figures ───────────────────────────────────────

/**
 * A 시·군 담당자 (city/county official) works for one or more 시·군: each row gives the user
 * that 시·군 (src/lib/auth/scopes.ts). Province staff (role `staff`) and admins need none.
 */
export const sigunScopes = pgTable(
  'sigun_scopes',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** 5-digit code of one of the 14 시·군 (src/lib/regions.ts). */
    sigunCode: text('sigun_code').notNull(),
    assignedBy: integer('assigned_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.sigunCode] })],
);

/** Companies that adopted a smart factory in one year in one 시·군 (src/lib/figures). */
export const programmeAdoptions = pgTable(
  'programme_adoptions',
  {
    year: integer('year').notNull(),
    sigunCode: text('sigun_code').notNull(),
    adopted: integer('adopted').notNull(),
    /** Part of the sample figures shipped with the portal (removed by `npm run samples:remove`). */
    sample: boolean('sample').notNull().default(false),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.year, t.sigunCode] }), check('programme_adoptions_adopted_check', sql`${t.adopted} >= 0`)],
);

/** The programme target: one row (id 1); without it the agreement's figures apply (src/lib/programme.ts). */
export const programmeTarget = pgTable(
  'programme_target',
  {
    id: integer('id').primaryKey().default(1),
    companies: integer('companies').notNull(),
    byYear: integer('by_year').notNull(),
    perYear: integer('per_year').notNull(),
    startYear: integer('start_year').notNull(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('programme_target_single_row', sql`${t.id} = 1`)],
);

export type SigunScope = typeof sigunScopes.$inferSelect;
export type ProgrammeAdoption = typeof programmeAdoptions.$inferSelect;
export type ProgrammeTargetRow = typeof programmeTarget.$inferSelect;
// ── Mentors and consultation requests ──────────────────────────────────────

/** A retired Samsung mentor (role mentor) or a 선배기업 member who helps other companies. */
export const helperKind = pgEnum('helper_kind', ['mentor', 'senior']);

/**
 * A helper's profile (src/lib/mentors). Shown in the directory only when the helper opted in
 * (consent recorded: who and when) and staff approved it.
 */
export const mentorProfiles = pgTable(
  'mentor_profiles',
  {
    userId: integer('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: helperKind('kind').notNull().default('mentor'),
    /** Samsung career field (src/lib/mentors/fields.ts MENTOR_FIELDS). */
    careerField: text('career_field').notNull(),
    processes: text('processes').array().notNull().default(sql`'{}'`),
    industries: text('industries').array().notNull().default(sql`'{}'`),
    sigunCodes: text('sigun_codes').array().notNull().default(sql`'{}'`),
    years: integer('years'),
    /** false: 불가. true with `unavailableUntil`: not before that day (Seoul date). */
    available: boolean('available').notNull().default(true),
    unavailableUntil: date('unavailable_until', { mode: 'string' }),
    introduction: text('introduction').notNull(),
    /** How members reach the helper (never shown to guests). */
    contact: text('contact'),
    /** Opt-in to being listed: when, and by whom (the helper themself). */
    consentedAt: timestamp('consented_at', { withTimezone: true }),
    consentedBy: integer('consented_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    approvedBy: integer('approved_by').references(() => users.id, { onDelete: 'set null' }),
    sample: boolean('sample').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
);

/** 접수 → 배정 → 방문 예정 → 완료, or 반려; the company may withdraw (철회) before the end. */
export const consultationState = pgEnum('consultation_state', ['received', 'assigned', 'scheduled', 'completed', 'rejected', 'withdrawn']);

export const consultations = pgTable(
  'consultations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Null once the requester deleted their account (the record stays, anonymised). */
    requesterId: integer('requester_id').references(() => users.id, { onDelete: 'set null' }),
    companyName: text('company_name'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    sigunCode: text('sigun_code').notNull(),
    industry: text('industry'),
    topics: text('topics').array().notNull().default(sql`'{}'`),
    preferredDates: text('preferred_dates'),
    description: text('description'),
    /** A saved checklist result shared read-only with whoever handles the request. */
    assessmentId: integer('assessment_id').references(() => checklistAssessments.id, { onDelete: 'set null' }),
    state: consultationState('state').notNull().default('received'),
    visitAt: timestamp('visit_at', { withTimezone: true }),
    outcome: text('outcome'),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    rejectReason: text('reject_reason'),
    /** First message or change by someone other than the requester. */
    firstAnsweredAt: timestamp('first_answered_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
    sample: boolean('sample').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('consultations_requester_idx').on(t.requesterId), index('consultations_state_idx').on(t.state, t.createdAt)],
);

export const consultationAssignees = pgTable(
  'consultation_assignees',
  {
    consultationId: integer('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    assignedBy: integer('assigned_by').references(() => users.id, { onDelete: 'set null' }),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consultationId, t.userId] }), index('consultation_assignees_user_idx').on(t.userId)],
);

/** The private conversation of a request (company, assignees, staff). */
export const consultationMessages = pgTable(
  'consultation_messages',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    bodySource: text('body_source').notNull(),
    /** Rendered and sanitized once, when written (src/lib/markdown.ts). */
    bodyHtml: text('body_html').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('consultation_messages_idx').on(t.consultationId, t.id)],
);

export type MentorProfile = typeof mentorProfiles.$inferSelect;
export type HelperKind = (typeof helperKind.enumValues)[number];
export type Consultation = typeof consultations.$inferSelect;
export type ConsultationState = (typeof consultationState.enumValues)[number];
export type ConsultationMessage = typeof consultationMessages.$inferSelect;


// ── Case studies (우수사례) ──────────────────────────────────────────────────

/**
 * Editorial state of a case. 'scheduled' is not a state: a published case whose publish_at is
 * still ahead appears by itself at that time (as notices do).
 */
export const caseState = pgEnum('case_state', ['draft', 'submitted', 'published', 'returned', 'withdrawn']);

/**
 * One case study. Every field of caseSchema (src/lib/cases/schema.ts) is here; what lists
 * filter and sort on are scalar columns, nested parts are jsonb. The slug is the address
 * (/cases/<slug>/) and the file name in content/cases.
 */
export const cases = pgTable(
  'cases',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    company: text('company').notNull(),
    sigun: text('sigun').$type<CaseData['sigun']>().notNull(),
    industry: text('industry').$type<CaseData['industry']>().notNull(),
    level: text('level').$type<CaseData['level']>().notNull(),
    year: integer('year').notNull(),
    employees: integer('employees'),
    systems: jsonb('systems').$type<CaseData['systems']>().notNull(),
    mentor: jsonb('mentor').$type<CaseData['mentor']>().notNull(),
    patents: jsonb('patents').$type<CaseData['patents']>().notNull(),
    kpis: jsonb('kpis').$type<CaseData['kpis']>().notNull(),
    license: text('license').$type<Licence>().notNull(),
    source: text('source').notNull(),
    /** The date shown as 게시일 (the `publishedAt` of the file). */
    publishedAt: date('published_at', { mode: 'string' }).notNull(),
    cover: jsonb('cover').$type<CaseData['cover'] | null>(),
    /** Markdown, as in the file after its front matter. */
    body: text('body').notNull(),
    /** Made-up sample case shipped with the portal (샘플 badge; npm run samples:remove). */
    sample: boolean('sample').notNull().default(false),
    state: caseState('state').notNull().default('draft'),
    /** When a published case becomes visible; may lie ahead (scheduled). */
    publishAt: timestamp('publish_at', { withTimezone: true }),
    /** Why it was returned or withdrawn. */
    stateReason: text('state_reason'),
    /** The company's consent to publication: who gave it (name, position) and on which day. */
    consentBy: text('consent_by'),
    consentAt: date('consent_at', { mode: 'string' }),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    /**
     * The mentor's account, when the company's mentor has one: a mentor may draft this case
     * (can(), src/lib/auth/permissions.ts). The `mentor` data above stays what visitors read.
     */
    mentorUserId: integer('mentor_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** When the case last changed state (submitted: the time a review has waited since). */
    stateChangedAt: timestamp('state_changed_at', { withTimezone: true }),
    /** SHA-256 of the file content last imported (src/lib/cases/files.ts contentHash). */
    importedHash: text('imported_hash'),
    importedAt: timestamp('imported_at', { withTimezone: true }),
    /** Last change of the content on the web; later than imported_at = an import must not overwrite. */
    editedAt: timestamp('edited_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cases_slug_key').on(t.slug),
    index('cases_visible_idx').on(t.state, t.publishAt),
    index('cases_sigun_idx').on(t.sigun),
  ],
);

/** Every save of a case: the full data as it was saved. */
export const caseRevisions = pgTable(
  'case_revisions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    /** caseSchema's input shape plus `body` (dates as ISO strings). */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_revisions_idx').on(t.caseId, t.id)],
);

/** A case's earlier slugs: /cases/<old>/ answers 301 to the current address. */
export const caseSlugRedirects = pgTable('case_slug_redirects', {
  slug: text('slug').primaryKey(),
  caseId: integer('case_id')
    .notNull()
    .references(() => cases.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type CaseRow = typeof cases.$inferSelect;
export type CaseState = (typeof caseState.enumValues)[number];

// ── Search index (Pagefind), shared by every instance ──────────────────────

/**
 * One built Pagefind index. The newest row is the one served; `fingerprint` says what it was
 * built from, so any instance can tell that it is stale (src/lib/search/index-store.ts).
 */
export const searchIndexGenerations = pgTable('search_index_generations', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  fingerprint: text('fingerprint').notNull(),
  pages: integer('pages').notNull(),
  bytes: integer('bytes').notNull(),
  durationMs: integer('duration_ms').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The files of a generation, served under /pagefind/<path>. */
export const searchIndexFiles = pgTable(
  'search_index_files',
  {
    generation: integer('generation')
      .notNull()
      .references(() => searchIndexGenerations.id, { onDelete: 'cascade' }),
    path: text('path').notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [primaryKey({ columns: [t.generation, t.path] }), index('search_index_files_path_idx').on(t.path)],
);

// ── Page cache ───────────────────────────────────────────────────────────────

/**
 * Running instances that keep guest pages in memory (src/lib/http/page-cache-bus.ts): a writer
 * waits for each live one to confirm an invalidation; `flush` tells a slow one to empty its cache.
 */
export const pageCacheInstances = pgTable('page_cache_instances', {
  id: text('id').primaryKey(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
  flush: boolean('flush').notNull().default(false),
});
