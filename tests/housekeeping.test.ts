// Housekeeping (src/lib/housekeeping.ts) with the server's movable clock (src/lib/clock.ts):
// for each kind of row, one just inside its retention stays and one just outside goes;
// unread notifications never go; two instances running at once remove each row once; the
// loop every instance starts does it by itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import { loadTemplate, answerAll } from './helpers/checklists';
import * as fx from './helpers/file-fixtures';
import type { Database } from '../src/lib/db/client';
import { now, setClockOffset } from '../src/lib/clock';
import { RETENTION, runHousekeeping, startHousekeeping } from '../src/lib/housekeeping';
import { SESSION_ABSOLUTE_TIMEOUT_MS, SESSION_IDLE_TIMEOUT_MS, createSession, validateSessionToken } from '../src/lib/auth/session';
import { consumeToken, RATE_LIMITS } from '../src/lib/rate-limit';
import { DRAFT_LIFETIME_MS, createDraft, getDraft } from '../src/lib/checklists/drafts';
import { READ_RETENTION_DAYS } from '../src/lib/forum/notifications';
import { createMailToken, PASSWORD_RESET_TTL_MS } from '../src/lib/mail/tokens';
import { requestGuestSubscription, saveMemberSubscription } from '../src/lib/notices/subscriptions';
import { VERIFY_EMAIL_TTL_MS } from '../src/lib/mail/tokens';
import { boardBySlug } from '../src/lib/forum/boards';
import { createThread, reply } from '../src/lib/forum/posts';
import { saveUpload } from '../src/lib/files/files';
import { readFileSettings } from '../src/lib/files/limits';
import { databaseBlobStore } from '../src/lib/files/store';
import { checklistDrafts, files, mailTokens, noticeSubscriptions, notifications, rateLimitBuckets, sessions } from '../src/lib/db/schema';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const template = loadTemplate('smart-factory-readiness');

afterEach(() => setClockOffset(0));

/** Moves the server's clock `ms` ahead of the start of the test and runs a round then. */
function roundAt(db: Database, start: Date) {
  return (ms: number) => {
    setClockOffset(start.getTime() + ms - Date.now());
    return runHousekeeping(db, now());
  };
}

describe('retention constants', () => {
  it('are what the README promises', () => {
    expect(READ_RETENTION_DAYS).toBe(90);
    expect(RETENTION.readNotificationsMs).toBe(90 * DAY);
    // The longest refill of any policy: a bucket untouched this long is full under all of them.
    expect(RETENTION.rateLimitBucketMs).toBe(50 * MINUTE);
    for (const policy of Object.values(RATE_LIMITS)) expect(policy.capacity * policy.refillSeconds * 1000).toBeLessThanOrEqual(RETENTION.rateLimitBucketMs);
  });
});

describe.each(databaseTargets())('housekeeping on $name', (target) => {
  const db = useDatabase(target);

  it('sessions go when they expire, idle or at the absolute cap; live ones stay and still work', async () => {
    const member = await makeUser(db());
    const start = now();
    const at = roundAt(db(), start);
    const idle = await createSession(db(), member.id, start);
    // Active every hour, but 30 days old 2 minutes from now.
    const old = await createSession(db(), member.id, new Date(start.getTime() - SESSION_ABSOLUTE_TIMEOUT_MS + 2 * MINUTE));
    await db().update(sessions).set({ lastVerifiedAt: start }).where(eq(sessions.id, old.split('.')[0]!));

    expect((await at(MINUTE)).sessions).toBe(0);
    expect(await validateSessionToken(db(), old, now())).not.toBeNull();
    expect((await at(3 * MINUTE)).sessions).toBe(1);
    expect(await db().$count(sessions, eq(sessions.id, old.split('.')[0]!))).toBe(0);

    expect((await at(SESSION_IDLE_TIMEOUT_MS - MINUTE)).sessions).toBe(0);
    expect(await validateSessionToken(db(), idle, now())).not.toBeNull();
    // Validating refreshed it; put it back to idle since the start.
    await db().update(sessions).set({ lastVerifiedAt: start });
    expect((await at(SESSION_IDLE_TIMEOUT_MS + MINUTE)).sessions).toBe(1);
    expect(await db().$count(sessions)).toBe(0);
  });

  it('rate-limit buckets go once they have filled up again', async () => {
    const start = now();
    const at = roundAt(db(), start);
    await consumeToken(db(), 'sign-in:a', RATE_LIMITS.signUpPerEmail);
    await consumeToken(db(), 'sign-in:b', RATE_LIMITS.signInPerAccount);
    await db().update(rateLimitBuckets).set({ refilledAt: start });
    expect((await at(RETENTION.rateLimitBucketMs - MINUTE)).rateLimitBuckets).toBe(0);
    expect(await db().$count(rateLimitBuckets)).toBe(2);
    expect((await at(RETENTION.rateLimitBucketMs + MINUTE)).rateLimitBuckets).toBe(2);
    expect(await db().$count(rateLimitBuckets)).toBe(0);
  });

  it('guest checklist drafts go when they expire', async () => {
    const start = now();
    const at = roundAt(db(), start);
    const company = { sigunCode: '52110', industry: '기계', targetLevel: '기초' };
    const token = await createDraft(db(), template, answerAll(template, 'yes'), company, start);
    expect((await at(DRAFT_LIFETIME_MS - MINUTE)).checklistDrafts).toBe(0);
    expect(await getDraft(db(), token, now())).toBeDefined();
    expect((await at(DRAFT_LIFETIME_MS + MINUTE)).checklistDrafts).toBe(1);
    expect(await db().$count(checklistDrafts)).toBe(0);
  });

  it('read notifications go after 90 days; unread ones never', async () => {
    const author = await makeUser(db());
    const replier = await makeUser(db());
    const board = (await boardBySlug(db(), 'free'))!;
    const { threadId } = await createThread(db(), { boardId: board.id, authorId: author.id, title: '알림 보존', body: '본문', sigunCode: null, industry: null, submissionKey: 'h1' });
    await reply(db(), { threadId, authorId: replier.id, body: '첫 답글', submissionKey: 'h2' });
    await reply(db(), { threadId, authorId: replier.id, body: '둘째 답글', submissionKey: 'h3' });
    const [read, unread] = await db().select().from(notifications).where(eq(notifications.userId, author.id)).orderBy(notifications.id);
    const start = now();
    const at = roundAt(db(), start);
    await db().update(notifications).set({ readAt: start }).where(eq(notifications.id, read!.id));
    // Unread, and already old.
    await db().update(notifications).set({ createdAt: new Date(start.getTime() - 400 * DAY) }).where(eq(notifications.id, unread!.id));

    expect((await at(RETENTION.readNotificationsMs - MINUTE)).notifications).toBe(0);
    expect((await at(RETENTION.readNotificationsMs + MINUTE)).notifications).toBe(1);
    expect((await db().select().from(notifications)).map((n) => n.id)).toEqual([unread!.id]);
    expect((await at(10 * 365 * DAY)).notifications).toBe(0);
    expect(await db().$count(notifications)).toBe(1);
  });

  it('mail links and unconfirmed guest subscriptions go when their link expires; confirmed subscriptions stay', async () => {
    const member = await makeUser(db());
    const start = now();
    const at = roundAt(db(), start);
    await createMailToken(db(), { userId: member.id, purpose: 'password-reset', email: member.email, ttlMs: PASSWORD_RESET_TTL_MS }, start);
    await requestGuestSubscription(db(), { email: 'guest@example.kr', categories: [], sigunCodes: [] }, 'http://localhost:4321', start);
    await saveMemberSubscription(db(), member.id, { categories: [], sigunCodes: [] }, start);

    expect((await at(PASSWORD_RESET_TTL_MS - MINUTE)).mailTokens).toBe(0);
    expect((await at(PASSWORD_RESET_TTL_MS + MINUTE)).mailTokens).toBe(1);
    expect(await db().$count(mailTokens)).toBe(0);

    expect((await at(VERIFY_EMAIL_TTL_MS - MINUTE)).noticeSubscriptions).toBe(0);
    expect((await at(VERIFY_EMAIL_TTL_MS + MINUTE)).noticeSubscriptions).toBe(1);
    expect((await db().select().from(noticeSubscriptions)).map((s) => s.userId)).toEqual([member.id]);
  });

  it('uploads attached to nothing go after a day, even when nobody uploads', async () => {
    const member = await makeUser(db());
    const start = now();
    const at = roundAt(db(), start);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'housekeeping-'));
    try {
      const data = fx.pdf('loose');
      fs.writeFileSync(path.join(dir, 'loose.pdf'), data);
      await saveUpload(db(), { path: path.join(dir, 'loose.pdf'), name: 'loose.pdf', size: data.length, uploader: member, settings: readFileSettings({}), store: databaseBlobStore, now: start });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect((await at(DAY - MINUTE)).files).toBe(0);
    expect(await at(DAY + MINUTE)).toMatchObject({ files: 1, fileBlobs: 1 });
    expect(await db().$count(files)).toBe(0);
  });

  it('two instances at once remove each row once and fail nowhere', async () => {
    const start = now();
    const company = { sigunCode: null, industry: null, targetLevel: null };
    for (let i = 0; i < 20; i++) await createDraft(db(), template, {}, company, start);
    const later = new Date(start.getTime() + DRAFT_LIFETIME_MS + MINUTE);
    const rounds = await Promise.all([runHousekeeping(db(), later), runHousekeeping(db(), later), runHousekeeping(db(), later)]);
    expect(rounds.reduce((sum, r) => sum + r.checklistDrafts, 0)).toBe(20);
    expect(await db().$count(checklistDrafts)).toBe(0);
  });

  it('the loop each instance starts removes expired rows by itself', async () => {
    const member = await makeUser(db());
    await createSession(db(), member.id, new Date(Date.now() - SESSION_ABSOLUTE_TIMEOUT_MS - MINUTE));
    const housekeeper = startHousekeeping(db(), 50);
    try {
      // Generous: the first round waits for the machine, not for a timer.
      await vi.waitFor(async () => expect(await db().$count(sessions)).toBe(0), { timeout: 30_000, interval: 50 });
    } finally {
      await housekeeper.stop();
    }
  });
});
