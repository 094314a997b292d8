import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import { boardBySlug, readableBoards } from '../src/lib/forum/boards';
import { createThread, deletePost, editPost, pageOfPost, reply } from '../src/lib/forum/posts';
import { acceptAnswer, boardThreads, decodeCursor, postWithThread, threadPage, threadWithBoard, updateThread } from '../src/lib/forum/threads';
import { reportPost, toggleHelpful } from '../src/lib/forum/reactions';
import { postRevisions, posts, threads } from '../src/lib/db/schema';
import type { Database } from '../src/lib/db/client';

let keyCounter = 0;
const key = () => `k${++keyCounter}`;

async function startThread(db: Database, authorId: number, slug = 'free', title = '스마트공장 도입 첫걸음') {
  const board = (await boardBySlug(db, slug))!;
  const { threadId } = await createThread(db, {
    boardId: board.id, authorId, title, body: '**MES** 도입 전에 무엇부터 준비했나요?', sigunCode: '52130', industry: '기계', submissionKey: key(),
  });
  return threadId;
}

describe.each(databaseTargets())('discussions on $name', (target) => {
  const db = useDatabase(target);

  it('has the four seeded boards; guests do not see the members-only one', async () => {
    const member = await makeUser(db());
    expect((await readableBoards(db(), member)).map((b) => b.slug)).toEqual(['free', 'qna', 'mentor-tips', 'alumni']);
    expect((await readableBoards(db(), null)).map((b) => b.slug)).toEqual(['free', 'qna', 'mentor-tips']);
  });

  it('stores sanitized HTML with the Markdown source', async () => {
    const user = await makeUser(db());
    const threadId = await startThread(db(), user.id);
    const [post] = await db().select().from(posts).where(eq(posts.threadId, threadId));
    expect(post!.bodySource).toContain('**MES**');
    expect(post!.bodyHtml).toContain('<strong>MES</strong>');
    expect(post!.number).toBe(1);
  });

  it('50 replies sent at once all land with unique, gap-free numbers', async () => {
    const user = await makeUser(db());
    const threadId = await startThread(db(), user.id);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => reply(db(), { threadId, authorId: user.id, body: `답글 ${i}`, submissionKey: key() })),
    );
    expect(results.every((r) => r.created)).toBe(true);
    const numbers = (await db().select({ n: posts.number }).from(posts).where(eq(posts.threadId, threadId))).map((r) => r.n).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    const [thread] = await db().select().from(threads).where(eq(threads.id, threadId));
    expect(thread!.postCount).toBe(51);
  });

  it('a form sent twice (double click, retry) makes one post', async () => {
    const user = await makeUser(db());
    const threadId = await startThread(db(), user.id);
    const once = { threadId, authorId: user.id, body: '한 번만', submissionKey: 'same-form' };
    const [a, b] = await Promise.all([reply(db(), once), reply(db(), once)]);
    expect(a.post.id).toBe(b.post.id);
    expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
    expect(await db().$count(posts, eq(posts.threadId, threadId))).toBe(2);
    const board = (await boardBySlug(db(), 'free'))!;
    const t1 = await createThread(db(), { boardId: board.id, authorId: user.id, title: '중복', body: '본문', sigunCode: null, industry: null, submissionKey: 'thread-form' });
    const t2 = await createThread(db(), { boardId: board.id, authorId: user.id, title: '중복', body: '본문', sigunCode: null, industry: null, submissionKey: 'thread-form' });
    expect(t2).toEqual({ threadId: t1.threadId, created: false });
  });

  it('keeps every edit as a revision and shows deleted posts as deleted in place', async () => {
    const user = await makeUser(db());
    const threadId = await startThread(db(), user.id);
    const { post } = await reply(db(), { threadId, authorId: user.id, body: '처음 쓴 글', submissionKey: key() });
    const { thread } = (await threadWithBoard(db(), threadId))!;
    await editPost(db(), { post, thread, editorId: user.id, body: '고친 글' });
    const opening = (await threadPage(db(), threadId, 1))[0]!.post;
    await editPost(db(), { post: opening, thread, editorId: user.id, body: '새 본문', title: '새 제목' });
    expect((await threadWithBoard(db(), threadId))!.thread.title).toBe('새 제목');
    const revisions = await db().select().from(postRevisions).where(eq(postRevisions.postId, post.id));
    expect(revisions.map((r) => r.bodySource)).toEqual(['처음 쓴 글']);
    const edited = (await postWithThread(db(), post.id))!.post;
    expect(edited.bodyHtml).toContain('고친 글');
    expect(edited.editedAt).not.toBeNull();
    await deletePost(db(), post.id);
    const page = await threadPage(db(), threadId, 1);
    expect(page.map((r) => r.post.number)).toEqual([1, 2]);
    expect(page[1]!.post.deletedAt).not.toBeNull();
  });

  it('pages a thread by post number: post 41 is on page 3', async () => {
    const user = await makeUser(db());
    const threadId = await startThread(db(), user.id);
    for (let i = 0; i < 44; i++) await reply(db(), { threadId, authorId: user.id, body: `글 ${i}`, submissionKey: key() });
    expect(pageOfPost(41)).toBe(3);
    expect(pageOfPost(20)).toBe(1);
    const page3 = await threadPage(db(), threadId, 3);
    expect(page3.map((r) => r.post.number)).toEqual([41, 42, 43, 44, 45]);
  });

  it('lists a board by last activity, pinned first, continuing by key', async () => {
    const user = await makeUser(db());
    const board = (await boardBySlug(db(), 'free'))!;
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push(await startThread(db(), user.id, 'free', `글 ${i}`));
    await updateThread(db(), ids[0]!, { pinned: true });
    await reply(db(), { threadId: ids[2]!, authorId: user.id, body: '끌어올림', submissionKey: key() });
    const first = await boardThreads(db(), board.id, undefined, 3);
    expect(first.threads.map((t) => t.thread.id)).toEqual([ids[0], ids[2], ids[6], ids[5]]);
    expect(first.threads[1]!.lastPosterName).toBe(user.displayName);
    const second = await boardThreads(db(), board.id, decodeCursor(first.next!), 3);
    expect(second.threads.map((t) => t.thread.id)).toEqual([ids[4], ids[3], ids[1]]);
    expect(second.next).toBeUndefined();
  });

  it('toggles "도움돼요" once per member and counts it', async () => {
    const author = await makeUser(db());
    const reader = await makeUser(db());
    const threadId = await startThread(db(), author.id);
    const opening = (await threadPage(db(), threadId, 1))[0]!.post;
    expect(await toggleHelpful(db(), opening.id, reader.id)).toBe(true);
    const page = await threadPage(db(), threadId, 1, reader.id);
    expect(page[0]!.post.reactionCount).toBe(1);
    expect(page[0]!.reactedByViewer).toBe(true);
    expect(await toggleHelpful(db(), opening.id, reader.id)).toBe(false);
    expect((await threadPage(db(), threadId, 1, reader.id))[0]!.post.reactionCount).toBe(0);
  });

  it('accepts a reply of the same thread only, and stores one report per member', async () => {
    const asker = await makeUser(db());
    const helper = await makeUser(db());
    const threadId = await startThread(db(), asker.id, 'qna', '불량률 데이터는 어떻게 모으나요?');
    const { post } = await reply(db(), { threadId, authorId: helper.id, body: '바코드로 모읍니다', submissionKey: key() });
    const other = await startThread(db(), asker.id, 'qna', '다른 질문');
    expect(await acceptAnswer(db(), other, post.id)).toBe(false);
    expect(await acceptAnswer(db(), threadId, post.id)).toBe(true);
    expect((await threadWithBoard(db(), threadId))!.thread.acceptedPostId).toBe(post.id);
    expect(await reportPost(db(), post.id, asker.id, '광고입니다')).toBe(true);
    expect(await reportPost(db(), post.id, asker.id, '또 신고')).toBe(false);
  });
});

describe.each(databaseTargets())('notifications on $name', (target) => {
  const db = useDatabase(target);

  it('tells watchers of replies, mentioned members of mentions, and never the writer', async () => {
    const { listNotifications, unreadCount, markRead, unwatchThread, notifyAccepted, pruneRead } = await import('../src/lib/forum/notifications');
    const starter = await makeUser(db(), { handle: 'starter' });
    const replier = await makeUser(db(), { handle: 'replier' });
    const mentioned = await makeUser(db(), { handle: 'mentor_kim' });
    const threadId = await startThread(db(), starter.id);
    expect(await unreadCount(db(), starter.id)).toBe(0);

    const { post } = await reply(db(), { threadId, authorId: replier.id, body: '@mentor_kim 님 의견도 궁금합니다. @nobody', submissionKey: key() });
    expect(post.bodyHtml).toContain(`<a href="/members/${mentioned.id}" class="mention">@mentor_kim</a>`);
    expect(post.bodyHtml).toContain('@nobody');
    expect(await unreadCount(db(), starter.id)).toBe(1);
    expect(await unreadCount(db(), mentioned.id)).toBe(1);
    expect(await unreadCount(db(), replier.id)).toBe(0);
    const { rows } = await listNotifications(db(), mentioned.id);
    expect(rows[0]!.notification.kind).toBe('mention');
    expect(rows[0]!.actorName).toBe(replier.displayName);

    // The replier now watches too; the starter stops watching.
    await unwatchThread(db(), threadId, starter.id);
    await reply(db(), { threadId, authorId: mentioned.id, body: '답합니다', submissionKey: key() });
    expect(await unreadCount(db(), replier.id)).toBe(1);
    expect(await unreadCount(db(), starter.id)).toBe(1);

    await notifyAccepted(db(), post, starter.id);
    expect((await listNotifications(db(), replier.id)).rows[0]!.notification.kind).toBe('accepted');

    await markRead(db(), starter.id);
    expect(await unreadCount(db(), starter.id)).toBe(0);
    await pruneRead(db(), starter.id, new Date(Date.now() + 91 * 24 * 3600 * 1000));
    expect((await listNotifications(db(), starter.id)).rows).toHaveLength(0);
  });
});

describe.each(databaseTargets())('discussion search on $name', (target) => {
  const db = useDatabase(target);

  it('finds parts of Korean words, with or without particles, titles first, nothing false', async () => {
    const { searchDiscussions } = await import('../src/lib/forum/search');
    const user = await makeUser(db());
    const free = (await boardBySlug(db(), 'free'))!;
    const alumni = (await boardBySlug(db(), 'alumni'))!;
    const all = await readableBoards(db(), user);
    const post = async (boardId: number, title: string, body: string) =>
      (await createThread(db(), { boardId, authorId: user.id, title, body, sigunCode: null, industry: null, submissionKey: key() })).threadId;
    const inTitle = await post(free.id, '스마트공장 도입기', 'MES 구축 이야기');
    const inBody = await post(free.id, '현장 이야기', '스마트공장을 도입한 뒤 생산관리의 방식이 바뀌었습니다.');
    const coincidence = await post(free.id, '낱말 모음', '가나 그리고 나다');
    const membersOnly = await post(alumni.id, '회원 전용', '공장 이전 경험');

    const ids = async (q: string, viewer: typeof user | null = user, boardSlug?: string) =>
      (await searchDiscussions(db(), viewer, q, { boards: all, boardSlug })).hits.map((h) => h.threadId);

    expect(new Set(await ids('공장'))).toEqual(new Set([inTitle, inBody, membersOnly]));
    expect((await ids('공장'))[0]).toBe(inTitle); // title match ranks first
    expect(await ids('관리')).toEqual([inBody]);
    expect(await ids('스마트공장을')).toEqual(expect.arrayContaining([inTitle, inBody]));
    expect(await ids('mes')).toEqual([inTitle]);
    expect(await ids('가나다')).toEqual([]); // bigrams 가나+나다 exist, the word does not
    expect(await ids('가나')).toEqual([coincidence]);
    expect(await ids('공장', null)).not.toContain(membersOnly);
    expect(await ids('공장', user, 'alumni')).toEqual([membersOnly]);
    expect(await ids('')).toEqual([]);

    const { hits } = await searchDiscussions(db(), user, '관리', { boards: all });
    expect(hits[0]!.excerpt.filter((p) => p.match).map((p) => p.text)).toEqual(['관리']);
    await deletePost(db(), (await threadPage(db(), inBody, 1))[0]!.post.id);
    expect(await ids('관리')).toEqual([]);
  });
});
