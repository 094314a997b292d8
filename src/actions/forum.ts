// Actions of the discussions: every form of /forum posts to one of these.
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { database } from '../lib/runtime';
import { optionalChoice, requiredText, idField } from '../lib/forms';
import { SIGUN_CODES } from '../lib/regions';
import { INDUSTRIES } from '../lib/industries';
import { RATE_LIMITS, consumeToken } from '../lib/rate-limit';
import { boardBySlug } from '../lib/forum/boards';
import { createThread, deletePost, editPost, reply } from '../lib/forum/posts';
import { acceptAnswer, postWithThread, threadWithBoard, threadsStartedSince, updateThread } from '../lib/forum/threads';
import { reportPost, toggleHelpful } from '../lib/forum/reactions';
import { newMemberProblem, NEW_MEMBER_PERIOD_MS } from '../lib/forum/limits';
import { markRead, notifyAccepted, unwatchThread, watchThread } from '../lib/forum/notifications';
import { countLinks, renderMemberMarkdown } from '../lib/markdown';
import type { User } from '../lib/db/schema';
import { recordAudit } from '../lib/admin/audit';
import { hideIfReportedEnough, setHidden } from '../lib/forum/moderation';
import { attachmentItems, fileFields, missingDescriptions } from '../lib/files/form';
import { filesByIds, setAttachments, type AttachmentInput } from '../lib/files/files';
import { posts as postsTable } from '../lib/db/schema';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../lib/db/client';
import { check, signedIn } from './guards';
import { invalidatePages, pageTags } from '../lib/http/page-cache';

// Other action files imported these from here before src/actions/guards.ts existed.
export { check, signedIn } from './guards';

const body = requiredText('내용을 입력해 주세요.', 20_000);
const title = requiredText('제목을 입력해 주세요.', 120);
const id = idField;
const submissionKey = z.string({ error: '폼을 새로 고친 뒤 다시 보내 주세요.' }).regex(/^[\w-]{8,64}$/);
const intent = z.enum(['post', 'preview']).default('post');

export function notFound(): never {
  throw new ActionError({ code: 'NOT_FOUND', message: '글을 찾을 수 없습니다. 삭제되었거나 주소가 바뀌었습니다.' });
}

/** The signed-in member, the database and the post, once `action` on that post is allowed. */
async function actOnPost(
  context: ActionAPIContext,
  postId: number,
  action: 'post.edit' | 'post.delete' | 'post.accept' | 'post.react' | 'post.report' | 'post.hide',
  refusal: string,
) {
  const user = signedIn(context);
  const db = await database();
  const found = (await postWithThread(db, postId)) ?? notFound();
  check(user, action, found, refusal);
  return { user, db, found, done: { threadId: found.thread.id, number: found.post.number } };
}

/** Guests' copies of the thread's page and its board's list are dropped (on every instance). */
function invalidateThread(threadId: number, ...boardIds: number[]) {
  return invalidatePages([pageTags.thread(threadId), ...boardIds.map(pageTags.board)]);
}

async function takePostingToken(user: User) {
  if (!(await consumeToken(await database(), `post:account:${user.id}`, RATE_LIMITS.postPerAccount))) {
    throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: '글을 너무 빨리 올리고 있습니다. 잠시 뒤에 다시 보내 주세요. 쓴 내용은 그대로 있습니다.' });
  }
}

async function checkNewMember(user: User, html: string, isNewThread: boolean) {
  const db = await database();
  const threadsToday = isNewThread ? await threadsStartedSince(db, user.id, new Date(Date.now() - NEW_MEMBER_PERIOD_MS)) : 0;
  const problem = newMemberProblem(user, { links: countLinks(html), isNewThread, threadsToday });
  if (problem) throw new ActionError({ code: 'FORBIDDEN', message: problem });
}

/** The form's files, once every photo has its description (KWCAG 1.1.1). */
async function checkedFiles(db: Database, user: User, input: Parameters<typeof attachmentItems>[0]): Promise<AttachmentInput[]> {
  const items = attachmentItems(input);
  const missing = missingDescriptions(items, await filesByIds(db, items.map((i) => i.id), user));
  if (missing.length) throw new ActionError({ code: 'BAD_REQUEST', message: missing.join(' ') });
  return items;
}

export const forum = {
  createThread: defineAction({
    accept: 'form',
    input: z.object({
      board: z.string(),
      title,
      body,
      sigunCode: optionalChoice(SIGUN_CODES, '목록에 있는 시·군을 골라 주세요.'),
      industry: optionalChoice(INDUSTRIES, '목록에 있는 업종을 골라 주세요.'),
      submissionKey,
      intent,
      ...fileFields,
    }),
    handler: async (input, context) => {
      const user = signedIn(context);
      const db = await database();
      const board = (await boardBySlug(db, input.board)) ?? notFound();
      check(user, 'thread.create', { board }, '이 게시판에는 글을 쓸 수 없습니다.');
      const html = renderMemberMarkdown(input.body);
      if (input.intent === 'preview') return { preview: html };
      const items = await checkedFiles(db, user, input);
      await checkNewMember(user, html, true);
      await takePostingToken(user);
      const { threadId } = await createThread(db, { ...input, boardId: board.id, authorId: user.id });
      const [first] = await db.select({ id: postsTable.id }).from(postsTable).where(and(eq(postsTable.threadId, threadId), eq(postsTable.number, 1)));
      await setAttachments(db, { owner: { postId: first!.id }, actor: user, items, now: new Date() });
      await invalidateThread(threadId, board.id);
      return { threadId };
    },
  }),

  reply: defineAction({
    accept: 'form',
    input: z.object({ threadId: id, body, submissionKey, intent, ...fileFields }),
    handler: async (input, context) => {
      const user = signedIn(context);
      const db = await database();
      const found = (await threadWithBoard(db, input.threadId)) ?? notFound();
      check(user, 'post.reply', found, found.thread.locked ? '잠긴 글이라 답글을 달 수 없습니다.' : undefined);
      const html = renderMemberMarkdown(input.body);
      if (input.intent === 'preview') return { preview: html };
      const items = await checkedFiles(db, user, input);
      await checkNewMember(user, html, false);
      await takePostingToken(user);
      const { post } = await reply(db, { threadId: input.threadId, authorId: user.id, body: input.body, submissionKey: input.submissionKey });
      await setAttachments(db, { owner: { postId: post.id }, actor: user, items, now: new Date() });
      await invalidateThread(input.threadId, found.board.id);
      return { threadId: input.threadId, number: post.number };
    },
  }),

  edit: defineAction({
    accept: 'form',
    input: z.object({ postId: id, body, title: z.string().trim().max(120).optional(), intent, ...fileFields }),
    handler: async (input, context) => {
      const { user, db, found, done } = await actOnPost(context, input.postId, 'post.edit', '이 글을 고칠 수 없습니다.');
      if (found.post.number === 1 && !input.title) {
        throw new ActionError({ code: 'BAD_REQUEST', message: '제목을 입력해 주세요.' });
      }
      const html = renderMemberMarkdown(input.body);
      if (input.intent === 'preview') return { preview: html };
      const items = await checkedFiles(db, user, input);
      await checkNewMember(user, html, false);
      await editPost(db, { post: found.post, thread: found.thread, editorId: user.id, body: input.body, title: input.title });
      await setAttachments(db, { owner: { postId: found.post.id }, actor: user, items, now: new Date() });
      await invalidateThread(found.thread.id, found.board.id);
      return done;
    },
  }),

  delete: defineAction({
    accept: 'form',
    input: z.object({ postId: id }),
    handler: async ({ postId }, context) => {
      const { user, db, found, done } = await actOnPost(context, postId, 'post.delete', '이 글을 지울 수 없습니다.');
      await deletePost(db, postId);
      if (found.post.authorId !== user.id) await recordAudit(db, { actor: user, action: 'post.delete', targetType: 'post', targetId: postId });
      await invalidateThread(found.thread.id, found.board.id);
      return done;
    },
  }),

  accept: defineAction({
    accept: 'form',
    input: z.object({ postId: id, undo: z.boolean().default(false) }),
    handler: async ({ postId, undo }, context) => {
      const { user, db, found, done } = await actOnPost(context, postId, 'post.accept', '질문한 사람만 답변을 채택할 수 있습니다.');
      if (!(await acceptAnswer(db, found.thread.id, undo ? null : postId))) {
        throw new ActionError({ code: 'BAD_REQUEST', message: '이 글은 채택할 수 없습니다.' });
      }
      if (!undo) await notifyAccepted(db, found.post, user.id);
      await invalidateThread(found.thread.id, found.board.id);
      return done;
    },
  }),

  react: defineAction({
    accept: 'form',
    input: z.object({ postId: id }),
    handler: async ({ postId }, context) => {
      const { user, db, found, done } = await actOnPost(context, postId, 'post.react', '자기 글에는 도움돼요를 누를 수 없습니다.');
      const marked = await toggleHelpful(db, postId, user.id);
      await invalidateThread(found.thread.id, found.board.id);
      return { ...done, marked };
    },
  }),

  report: defineAction({
    accept: 'form',
    input: z.object({ postId: id, reason: requiredText('신고 사유를 적어 주세요.', 500) }),
    handler: async ({ postId, reason }, context) => {
      const { user, db, found, done } = await actOnPost(context, postId, 'post.report', '이 글은 신고할 수 없습니다.');
      if (!(await consumeToken(db, `report:account:${user.id}`, RATE_LIMITS.reportPerAccount))) {
        throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: '신고가 너무 많습니다. 잠시 뒤에 다시 보내 주세요.' });
      }
      await reportPost(db, postId, user.id, reason);
      if (await hideIfReportedEnough(db, postId)) await invalidateThread(found.thread.id, found.board.id);
      return done;
    },
  }),

  hide: defineAction({
    accept: 'form',
    input: z.object({ postId: id, undo: z.boolean().default(false) }),
    handler: async ({ postId, undo }, context) => {
      const { user, db, found, done } = await actOnPost(context, postId, 'post.hide', '운영자만 글을 숨길 수 있습니다.');
      await setHidden(db, postId, undo ? null : 'moderator');
      await recordAudit(db, { actor: user, action: undo ? 'post.unhide' : 'post.hide', targetType: 'post', targetId: postId });
      await invalidateThread(found.thread.id, found.board.id);
      return done;
    },
  }),

  watch: defineAction({
    accept: 'form',
    input: z.object({ threadId: id, watch: z.boolean().default(false) }),
    handler: async ({ threadId, watch }, context) => {
      const user = signedIn(context);
      const db = await database();
      const found = (await threadWithBoard(db, threadId)) ?? notFound();
      check(user, 'board.read', found);
      await (watch ? watchThread(db, threadId, user.id) : unwatchThread(db, threadId, user.id));
      return { threadId, number: 1 };
    },
  }),

  markAllRead: defineAction({
    accept: 'form',
    handler: async (_input, context) => {
      const user = signedIn(context);
      await markRead(await database(), user.id);
      return { done: true };
    },
  }),

  moderate: defineAction({
    accept: 'form',
    input: z.object({
      threadId: id,
      change: z.enum(['pin', 'unpin', 'lock', 'unlock', 'move']),
      board: z.string().optional(),
    }),
    handler: async ({ threadId, change, board: boardSlug }, context) => {
      const user = signedIn(context);
      const db = await database();
      const found = (await threadWithBoard(db, threadId)) ?? notFound();
      if (change === 'move') {
        check(user, 'thread.move', null);
        const target = (boardSlug && (await boardBySlug(db, boardSlug))) || notFound();
        await updateThread(db, threadId, { boardId: target.id });
        await recordAudit(db, { actor: user, action: 'thread.move', targetType: 'thread', targetId: threadId, details: { from: found.board.slug, to: target.slug } });
      } else if (change === 'pin' || change === 'unpin') {
        check(user, 'thread.pin', null);
        await updateThread(db, threadId, { pinned: change === 'pin' });
        await recordAudit(db, { actor: user, action: `thread.${change}`, targetType: 'thread', targetId: threadId });
      } else {
        check(user, 'thread.lock', null);
        await updateThread(db, threadId, { locked: change === 'lock' });
        await recordAudit(db, { actor: user, action: `thread.${change}`, targetType: 'thread', targetId: threadId });
      }
      const moved = change === 'move' ? (await threadWithBoard(db, threadId))?.board.id : undefined;
      await invalidateThread(threadId, found.board.id, ...(moved ? [moved] : []));
      return { threadId: found.thread.id, number: 1 };
    },
  }),
};
