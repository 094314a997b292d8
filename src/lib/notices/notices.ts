// Announcements (공지사항): writing with revisions, publishing now or at a later time, pinning,
// withdrawing, and the public list. A notice is public when it is published and its
// publish_at has come (see isPublic in auth/permissions.ts), so a scheduled notice appears
// by itself; every function takes `now` so tests can move the clock.
import { and, asc, desc, eq, lt, lte, or, type SQL } from 'drizzle-orm';
import { z } from 'astro/zod';
import type { Database } from '../db/client';
import { announcementRevisions, announcements, users, type Announcement, type NoticeAttachment, type NoticeCategory } from '../db/schema';
import type { Licence } from '../cases/schema';
import { renderMemberMarkdown } from '../markdown';
import { searchTokens } from '../forum/search-tokens';
import { isPublic } from '../auth/permissions';
import { submittedList } from '../forms';

export const NOTICE_CATEGORIES: Record<NoticeCategory, string> = {
  business: '사업공고',
  event: '행사·교육',
  result: '성과',
  general: '일반',
};
export const CATEGORY_KEYS = Object.keys(NOTICE_CATEGORIES) as [NoticeCategory, ...NoticeCategory[]];

export const NOTICES_PER_PAGE = 15;

export const attachmentSchema = z.strictObject({
  title: z.string().trim().min(1, { error: '첨부 제목을 적어 주세요.' }).max(100, { error: '첨부 제목은 100자 이하로 적어 주세요.' }),
  url: z
    .string()
    .trim()
    .max(500, { error: '주소가 너무 깁니다.' })
    .pipe(z.url({ protocol: /^https?$/, error: '주소는 http:// 또는 https://로 시작해야 합니다.' })),
});

/** What staff write; publication (status, publish time) is decided separately. */
export interface NoticeFields {
  title: string;
  body: string;
  category: NoticeCategory;
  sigunCode: string | null;
  licence: Licence;
  deadline: string | null;
  attachments: NoticeAttachment[];
}

export interface Publication {
  status: Announcement['status'];
  publishAt: Date | null;
}

export type NoticeState = 'draft' | 'scheduled' | 'published' | 'withdrawn';

export const STATE_LABELS: Record<NoticeState, string> = {
  draft: '임시 저장',
  scheduled: '예약 게시',
  published: '게시 중',
  withdrawn: '게시 철회',
};

export function noticeState(notice: Pick<Announcement, 'status' | 'publishAt'>, now: Date): NoticeState {
  if (notice.status === 'published') return isPublic(notice, now) ? 'published' : 'scheduled';
  return notice.status;
}

function columns(fields: NoticeFields) {
  return {
    title: fields.title,
    bodySource: fields.body,
    bodyHtml: renderMemberMarkdown(fields.body),
    category: fields.category,
    sigunCode: fields.sigunCode,
    licence: fields.licence,
    deadline: fields.deadline,
    attachments: fields.attachments,
    searchTitle: searchTokens(fields.title),
    searchText: searchTokens(fields.body),
  };
}

export async function createNotice(
  db: Database,
  input: { fields: NoticeFields; publication: Publication; authorId: number | null; sample?: boolean; pinned?: boolean; now: Date },
): Promise<Announcement> {
  const [row] = await db
    .insert(announcements)
    .values({
      ...columns(input.fields),
      ...input.publication,
      authorId: input.authorId,
      sample: input.sample ?? false,
      pinned: input.pinned ?? false,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .returning();
  return row!;
}

/** Saves new text (the old title and body go to the revision history) and, if given, a new publication. */
export async function editNotice(
  db: Database,
  input: { notice: Announcement; fields: NoticeFields; editorId: number; publication?: Publication; now: Date },
): Promise<void> {
  const { notice } = input;
  await db.transaction(async (tx) => {
    await tx.insert(announcementRevisions).values({
      announcementId: notice.id,
      editorId: input.editorId,
      title: notice.title,
      bodySource: notice.bodySource,
      createdAt: input.now,
    });
    await tx
      .update(announcements)
      .set({ ...columns(input.fields), ...(input.publication ?? {}), editedAt: input.now, updatedAt: input.now })
      .where(eq(announcements.id, notice.id));
  });
}

export async function setPublication(db: Database, id: number, publication: Publication, now: Date): Promise<void> {
  await db.update(announcements).set({ ...publication, updatedAt: now }).where(eq(announcements.id, id));
}

export async function setPinned(db: Database, id: number, pinned: boolean, now: Date): Promise<void> {
  await db.update(announcements).set({ pinned, updatedAt: now }).where(eq(announcements.id, id));
}

/** Takes a notice out of view; it stays in the staff list and can be published again. */
export async function withdrawNotice(db: Database, id: number, now: Date): Promise<void> {
  await db.update(announcements).set({ status: 'withdrawn', pinned: false, updatedAt: now }).where(eq(announcements.id, id));
}

export async function noticeById(db: Database, id: number) {
  const [row] = await db
    .select({ notice: announcements, authorName: users.displayName })
    .from(announcements)
    .leftJoin(users, eq(users.id, announcements.authorId))
    .where(eq(announcements.id, id))
    .limit(1);
  return row;
}

export async function noticeRevisions(db: Database, id: number) {
  return db
    .select({ revision: announcementRevisions, editorName: users.displayName })
    .from(announcementRevisions)
    .leftJoin(users, eq(users.id, announcementRevisions.editorId))
    .where(eq(announcementRevisions.announcementId, id))
    .orderBy(asc(announcementRevisions.id));
}

/** Position in the public list; the next page starts after it. */
export interface NoticeCursor {
  publishAt: Date;
  id: number;
}

export function encodeNoticeCursor(c: NoticeCursor): string {
  return `${c.publishAt.getTime()}_${c.id}`;
}

export function decodeNoticeCursor(value: string | null | undefined): NoticeCursor | undefined {
  const match = value?.match(/^(\d{1,15})_(\d{1,10})$/);
  return match ? { publishAt: new Date(Number(match[1])), id: Number(match[2]) } : undefined;
}

export interface NoticeFilter {
  category?: NoticeCategory;
  sigunCode?: string;
}

const visibleAt = (now: Date) => and(eq(announcements.status, 'published'), lte(announcements.publishAt, now));

/**
 * One page of public notices: pinned ones first (first page only), then newest first,
 * continued by key after `after` — never OFFSET.
 */
export async function publicNotices(
  db: Database,
  options: NoticeFilter & { now: Date; after?: NoticeCursor; limit?: number },
): Promise<{ notices: Announcement[]; next?: string }> {
  const limit = options.limit ?? NOTICES_PER_PAGE;
  const filters: (SQL | undefined)[] = [
    visibleAt(options.now),
    options.category ? eq(announcements.category, options.category) : undefined,
    options.sigunCode ? eq(announcements.sigunCode, options.sigunCode) : undefined,
  ];
  const newest = [desc(announcements.publishAt), desc(announcements.id)];
  const pinned = options.after
    ? []
    : await db.select().from(announcements).where(and(...filters, eq(announcements.pinned, true))).orderBy(...newest);
  const { after } = options;
  const rows = await db
    .select()
    .from(announcements)
    .where(
      and(
        ...filters,
        eq(announcements.pinned, false),
        after
          ? or(lt(announcements.publishAt, after.publishAt), and(eq(announcements.publishAt, after.publishAt), lt(announcements.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(...newest)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    notices: [...pinned, ...page],
    next: rows.length > limit && last ? encodeNoticeCursor({ publishAt: last.publishAt!, id: last.id }) : undefined,
  };
}

/** The newest public notices, pinned first (home page, RSS). */
export async function newestNotices(db: Database, now: Date, limit: number, pinnedFirst = true): Promise<Announcement[]> {
  return db
    .select()
    .from(announcements)
    .where(visibleAt(now))
    .orderBy(...(pinnedFirst ? [desc(announcements.pinned)] : []), desc(announcements.publishAt), desc(announcements.id))
    .limit(limit);
}

/** Every public notice's id and last change, newest first (the sitemap). */
export async function publicNoticeDates(db: Database, now: Date, limit = 5000): Promise<{ id: number; updatedAt: Date }[]> {
  return db
    .select({ id: announcements.id, updatedAt: announcements.updatedAt })
    .from(announcements)
    .where(visibleAt(now))
    .orderBy(desc(announcements.publishAt), desc(announcements.id))
    .limit(limit);
}

/** Every notice for staff, whatever its state, last changed first. */
export async function allNotices(db: Database, limit = 200): Promise<Announcement[]> {
  return db.select().from(announcements).orderBy(desc(announcements.updatedAt), desc(announcements.id)).limit(limit);
}

/** The attachment rows of a sent form, to put back after an error or a preview. */
export async function submittedAttachments(request: Request): Promise<NoticeAttachment[]> {
  const [titles, urls] = await Promise.all([submittedList(request, 'attachmentTitle'), submittedList(request, 'attachmentUrl')]);
  return titles.map((title, i) => ({ title, url: urls[i] ?? '' }));
}
