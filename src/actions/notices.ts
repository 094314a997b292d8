// Actions of the announcements: staff write, publish (now or at a set time in Seoul), pin
// and withdraw. Every change is written to the audit log.
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { database } from '../lib/runtime';
import { optionalChoice, requiredText, idField } from '../lib/forms';
import { SIGUN_CODES } from '../lib/regions';
import { LICENCES } from '../lib/cases/schema';
import { allowedUser } from './guards';
import { renderMemberMarkdown } from '../lib/markdown';
import { seoulLocalToDate } from '../lib/dates';
import { attachmentSchema, CATEGORY_KEYS, createNotice, editNotice, noticeById, setPinned, withdrawNotice, type NoticeFields, type Publication } from '../lib/notices/notices';
import { recordAudit } from '../lib/admin/audit';
import type { User } from '../lib/db/schema';
import { attachmentItems, fileFields, missingDescriptions } from '../lib/files/form';
import { filesByIds, setAttachments } from '../lib/files/files';

const MAX_ATTACHMENTS = 10;
const id = idField;

const noticeInput = z
  .object({
    id: id.optional(),
    title: requiredText('제목을 입력해 주세요.', 150),
    body: requiredText('내용을 입력해 주세요.', 20_000),
    category: z.enum(CATEGORY_KEYS, { error: '분야를 골라 주세요.' }),
    sigunCode: optionalChoice(SIGUN_CODES, '목록에 있는 시·군을 골라 주세요.'),
    licence: z.enum(LICENCES, { error: '공공누리 유형을 골라 주세요.' }),
    deadline: z.string().max(20).nullish(),
    publishAt: z.string().max(30).nullish(),
    attachmentTitle: z.array(z.string().max(200)).max(MAX_ATTACHMENTS).default([]),
    attachmentUrl: z.array(z.string().max(600)).max(MAX_ATTACHMENTS).default([]),
    intent: z.enum(['draft', 'publish', 'schedule', 'save', 'preview']).default('draft'),
    ...fileFields,
  })
  .superRefine((input, ctx) => {
    if (input.deadline && !(/^\d{4}-\d{2}-\d{2}$/.test(input.deadline) && seoulLocalToDate(`${input.deadline}T00:00`))) {
      ctx.addIssue({ code: 'custom', path: ['deadline'], message: '마감일을 2026-12-31 형식의 날짜로 적어 주세요.' });
    }
    const publishAt = input.publishAt ? seoulLocalToDate(input.publishAt) : undefined;
    if (input.publishAt && !publishAt) {
      ctx.addIssue({ code: 'custom', path: ['publishAt'], message: '게시 시각을 2026-12-01 09:00 형식으로 적어 주세요.' });
    } else if (input.intent === 'schedule' && !publishAt) {
      ctx.addIssue({ code: 'custom', path: ['publishAt'], message: '예약 게시하려면 게시 시각을 정해 주세요.' });
    } else if (input.intent === 'schedule' && publishAt && publishAt.getTime() <= Date.now()) {
      ctx.addIssue({ code: 'custom', path: ['publishAt'], message: '예약 게시 시각은 지금보다 뒤여야 합니다. 바로 올리려면 ‘지금 게시’를 누르세요.' });
    }
    const rows = Math.max(input.attachmentTitle.length, input.attachmentUrl.length);
    for (let i = 0; i < rows; i++) {
      const title = input.attachmentTitle[i]?.trim() ?? '';
      const url = input.attachmentUrl[i]?.trim() ?? '';
      if (!title && !url) continue;
      const parsed = attachmentSchema.safeParse({ title, url });
      for (const issue of parsed.error?.issues ?? []) {
        const field = issue.path[0] === 'title' ? 'attachmentTitle' : 'attachmentUrl';
        ctx.addIssue({ code: 'custom', path: [field], message: `${i + 1}번째 첨부: ${issue.message}` });
      }
    }
  });
type NoticeInput = z.output<typeof noticeInput>;

function staffOnly(context: ActionAPIContext): User {
  return allowedUser(context, 'notice.manage', null, '공지사항은 담당자와 관리자만 쓰고 고칠 수 있습니다.');
}

function notFound(): never {
  throw new ActionError({ code: 'NOT_FOUND', message: '공지를 찾을 수 없습니다. 목록에서 다시 골라 주세요.' });
}

function fieldsOf(input: NoticeInput): NoticeFields {
  const attachments = input.attachmentTitle
    .map((title, i) => ({ title: title.trim(), url: input.attachmentUrl[i]?.trim() ?? '' }))
    .filter((a) => a.title || a.url);
  return {
    title: input.title,
    body: input.body,
    category: input.category,
    sigunCode: input.sigunCode,
    licence: input.licence,
    deadline: input.deadline || null,
    attachments,
  };
}

/** What a button does to the notice's publication; undefined keeps it as it is. */
function publicationFor(intent: NoticeInput['intent'], publishAt: Date | undefined, now: Date, isNew: boolean): Publication | undefined {
  if (intent === 'publish') return { status: 'published', publishAt: now };
  if (intent === 'schedule') return { status: 'published', publishAt: publishAt! };
  if (intent === 'draft' || isNew) return { status: 'draft', publishAt: publishAt ?? null };
  return undefined;
}

function auditActionFor(intent: NoticeInput['intent'], isNew: boolean): string {
  if (intent === 'publish') return 'notice.publish';
  if (intent === 'schedule') return 'notice.schedule';
  return isNew ? 'notice.create' : 'notice.edit';
}

export const notices = {
  /** New or edited notice: save as draft, publish now, schedule, keep state, or preview. */
  save: defineAction({
    accept: 'form',
    input: noticeInput,
    handler: async (input, context) => {
      const user = staffOnly(context);
      if (input.intent === 'preview') return { preview: renderMemberMarkdown(input.body) };
      const db = await database();
      const now = new Date();
      const items = attachmentItems(input);
      const missing = missingDescriptions(items, await filesByIds(db, items.map((i) => i.id), user));
      if (missing.length) throw new ActionError({ code: 'BAD_REQUEST', message: missing.join(' ') });
      const existing = input.id ? ((await noticeById(db, input.id))?.notice ?? notFound()) : undefined;
      const publication = publicationFor(input.intent, input.publishAt ? seoulLocalToDate(input.publishAt) : undefined, now, !existing);
      const fields = fieldsOf(input);
      let noticeId: number;
      if (existing) {
        await editNotice(db, { notice: existing, fields, editorId: user.id, publication, now });
        noticeId = existing.id;
      } else {
        noticeId = (await createNotice(db, { fields, publication: publication!, authorId: user.id, now })).id;
      }
      await setAttachments(db, { owner: { noticeId }, actor: user, items, now });
      await recordAudit(db, { actor: user, action: auditActionFor(input.intent, !existing), targetType: 'notice', targetId: noticeId, details: {
        created: !existing,
        publishAt: publication?.publishAt?.toISOString(),
      } });
      return { noticeId };
    },
  }),

  /** Pin, unpin or withdraw (from the staff list). */
  moderate: defineAction({
    accept: 'form',
    input: z.object({ id, change: z.enum(['pin', 'unpin', 'withdraw']) }),
    handler: async ({ id: noticeId, change }, context) => {
      const user = staffOnly(context);
      const db = await database();
      const found = (await noticeById(db, noticeId)) ?? notFound();
      const now = new Date();
      if (change === 'withdraw') await withdrawNotice(db, noticeId, now);
      else await setPinned(db, noticeId, change === 'pin', now);
      await recordAudit(db, { actor: user, action: `notice.${change}`, targetType: 'notice', targetId: noticeId, details: { title: found.notice.title } });
      return { noticeId, change };
    },
  }),
};
