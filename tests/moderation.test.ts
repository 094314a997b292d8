import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import { boardBySlug } from '../src/lib/forum/boards';
import { createThread, reply } from '../src/lib/forum/posts';
import { threadPage } from '../src/lib/forum/threads';
import { reportPost } from '../src/lib/forum/reactions';
import { hideIfReportedEnough, openReportCount, reportQueue, resolveReports } from '../src/lib/forum/moderation';
import { listAudit, recordAudit } from '../src/lib/admin/audit';
import { INDEFINITELY, dashboardFigures, deleteAccount, exportUserData, liftSuspension, searchUsers, suspendUser, suspensionMessage, warnUser } from '../src/lib/admin/users';
import { listNotifications } from '../src/lib/forum/notifications';
import { getUserById } from '../src/lib/auth/user';
import { posts } from '../src/lib/db/schema';
import type { Database } from '../src/lib/db/client';

let n = 0;
async function threadBy(db: Database, authorId: number, body = '광고 글입니다') {
  const board = (await boardBySlug(db, 'free'))!;
  const { threadId } = await createThread(db, { boardId: board.id, authorId, title: `글 ${++n}`, body, sigunCode: null, industry: null, submissionKey: `k-${n}-${Math.random()}` });
  return (await threadPage(db, threadId, 1))[0]!.post;
}

describe.each(databaseTargets())('moderation and administration on $name', (target) => {
  const db = useDatabase(target);

  it('the audit log takes inserts only: the database refuses updates and deletes', async () => {
    const admin = await makeUser(db(), {}, 'admin');
    await recordAudit(db(), { actor: admin, action: 'user.warn', targetType: 'user', targetId: 7, reason: '욕설' });
    const { rows } = await listAudit(db());
    expect(rows[0]).toMatchObject({ actorId: admin.id, actorName: admin.displayName, action: 'user.warn', targetId: '7', reason: '욕설' });
    await expect(db().execute(sql`update audit_log set reason = '바꿈'`)).rejects.toThrow();
    await expect(db().execute(sql`delete from audit_log`)).rejects.toThrow();
    // Deleting the member keeps their actions on record.
    await deleteAccount(db(), admin.id);
    expect((await listAudit(db())).rows).toHaveLength(1);
  });

  it('hides a post reported by three distinct members until reviewed, and says so in the log', async () => {
    const author = await makeUser(db());
    const post = await threadBy(db(), author.id);
    const reporters = [await makeUser(db()), await makeUser(db()), await makeUser(db())];
    await reportPost(db(), post.id, reporters[0]!.id, '광고');
    await reportPost(db(), post.id, reporters[0]!.id, '또 광고'); // same member twice counts once
    await reportPost(db(), post.id, reporters[1]!.id, '광고');
    expect(await hideIfReportedEnough(db(), post.id, 3)).toBe(false);
    await reportPost(db(), post.id, reporters[2]!.id, '스팸');
    expect(await hideIfReportedEnough(db(), post.id, 3)).toBe(true);
    const [stored] = await db().select().from(posts).where(eq(posts.id, post.id));
    expect(stored!.hiddenReason).toBe('reports');
    expect((await listAudit(db(), { action: 'post.autoHide' })).rows[0]).toMatchObject({ actorId: null, actorName: '시스템', targetId: String(post.id) });
  });

  it('queues reported posts oldest first, with reasons, and closes them when resolved', async () => {
    const author = await makeUser(db());
    const reporter = await makeUser(db());
    const moderator = await makeUser(db(), {}, 'staff');
    const first = await threadBy(db(), author.id);
    const second = await threadBy(db(), author.id);
    await reportPost(db(), second.id, reporter.id, '두 번째');
    await reportPost(db(), first.id, reporter.id, '첫 번째는 나중에 신고');
    const queue = await reportQueue(db());
    expect(queue.items.map((i) => i.post.id)).toEqual([second.id, first.id]);
    expect(queue.items[0]!.reports[0]).toMatchObject({ reporterName: reporter.displayName });
    expect(await openReportCount(db())).toBe(2);
    expect(await resolveReports(db(), second.id, moderator.id, 'dismiss')).toBe(1);
    expect((await reportQueue(db())).items.map((i) => i.post.id)).toEqual([first.id]);
  });

  it('suspends with a reason the member sees, for days or indefinitely, and lifts it', async () => {
    const member = await makeUser(db());
    const fmt = (d: Date) => d.toISOString().slice(0, 10);
    await suspendUser(db(), member.id, new Date('2030-01-02T00:00:00Z'), '반복된 광고');
    let fresh = (await getUserById(db(), member.id))!;
    expect(suspensionMessage(fresh, fmt)).toContain('2030-01-02까지');
    expect(suspensionMessage(fresh, fmt)).toContain('사유: 반복된 광고');
    await suspendUser(db(), member.id, INDEFINITELY, '계속 위반');
    fresh = (await getUserById(db(), member.id))!;
    expect(suspensionMessage(fresh, fmt)).toContain('해제될 때까지');
    await liftSuspension(db(), member.id);
    expect(suspensionMessage((await getUserById(db(), member.id))!, fmt)).toBeUndefined();
  });

  it('warns through a notification with the moderator\'s words', async () => {
    const member = await makeUser(db());
    const moderator = await makeUser(db(), {}, 'staff');
    await warnUser(db(), member.id, moderator.id, '비방은 삼가 주세요');
    const { rows } = await listNotifications(db(), member.id);
    expect(rows[0]!.notification).toMatchObject({ kind: 'warning', message: '비방은 삼가 주세요', threadId: null });
  });

  it('exports a member\'s data without the password hash; a deleted member\'s posts stay', async () => {
    const member = await makeUser(db(), { email: 'export@example.kr' });
    const other = await makeUser(db());
    const post = await threadBy(db(), member.id, '탈퇴해도 남는 글');
    await reply(db(), { threadId: post.threadId, authorId: other.id, body: '답글', submissionKey: 'x1' });
    const data = await exportUserData(db(), member.id);
    expect(data!.profile.email).toBe('export@example.kr');
    expect(JSON.stringify(data)).not.toContain('argon2');
    expect(data!.posts.map((p) => p.body)).toContain('탈퇴해도 남는 글');
    expect(data!.consents.map((c) => c.kind).sort()).toEqual(['privacy', 'terms']);

    await deleteAccount(db(), member.id);
    expect(await getUserById(db(), member.id)).toBeUndefined();
    const page = await threadPage(db(), post.threadId, 1);
    expect(page[0]!.post.bodySource).toBe('탈퇴해도 남는 글');
    expect(page[0]!.authorName).toBeNull();
  });

  it('finds members and counts them for the dashboard', async () => {
    await makeUser(db(), { displayName: '정읍대표', sigunCode: '52180' });
    await makeUser(db(), { companyName: '고창식품(가칭)' }, 'mentor');
    expect((await searchUsers(db(), '정읍')).users.map((u) => u.displayName)).toEqual(['정읍대표']);
    expect((await searchUsers(db(), '고창식품')).users).toHaveLength(1);
    const figures = await dashboardFigures(db());
    expect(figures.byRole.find((r) => r.role === 'mentor')!.count).toBe(1);
    expect(figures.newMembers).toBe(2);
    expect(figures.weekly).toHaveLength(8);
  });
});
