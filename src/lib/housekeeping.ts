// Housekeeping without a job runner: every running instance removes, now and then, the rows
// that can no longer matter — expired sessions, rate-limit buckets that have filled up again,
// expired guest checklist drafts, read notifications past their retention, expired mail
// links, guest 공고 subscriptions never confirmed, and uploads attached to nothing for a day.
// Each step is one idempotent DELETE with the cut-off in its WHERE clause, so several
// instances may run at once (on PostgreSQL the second waits on the first's row locks, then
// finds nothing left) and a crash half-way loses nothing: the next round does the rest.
// Started with the server (src/lib/runtime.ts) and stopped before the database closes.
import { and, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { Database } from './db/client';
import { checklistDrafts, mailTokens, noticeSubscriptions, notifications, rateLimitBuckets, sessions } from './db/schema';
import { SESSION_ABSOLUTE_TIMEOUT_MS, SESSION_IDLE_TIMEOUT_MS } from './auth/session';
import { RATE_LIMITS } from './rate-limit';
import { READ_RETENTION_DAYS } from './forum/notifications';
import { now as clockNow } from './clock';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long rows are kept (README: Housekeeping). Sessions, drafts, mail links and
 * unconfirmed subscriptions go as soon as they expire: nothing can use them any more.
 */
export const RETENTION = {
  /** A member's read notifications; unread ones are never removed. */
  readNotificationsMs: READ_RETENTION_DAYS * DAY_MS,
  /**
   * A rate-limit bucket untouched this long has refilled under every policy (the longest
   * capacity × refill time in RATE_LIMITS): it is the same as no row, so it goes.
   */
  rateLimitBucketMs: Math.max(...Object.values(RATE_LIMITS).map((p) => p.capacity * p.refillSeconds)) * 1000,
} as const;

/** How often each instance runs it (HOUSEKEEPING_INTERVAL_MS); the first round soon after start. */
export const HOUSEKEEPING_INTERVAL_MS = 60 * 60 * 1000;
const FIRST_ROUND_MS = 60 * 1000;

export interface HousekeepingCounts {
  sessions: number;
  rateLimitBuckets: number;
  checklistDrafts: number;
  notifications: number;
  mailTokens: number;
  noticeSubscriptions: number;
  files: number;
  fileBlobs: number;
}

const ago = (now: Date, ms: number) => new Date(now.getTime() - ms);

/** One round: removes what is past its time at `now`; returns how many rows of each went. */
export async function runHousekeeping(db: Database, now: Date): Promise<HousekeepingCounts> {
  const count = async (rows: Promise<unknown[]>) => (await rows).length;
  const expiredSessions = await count(
    db
      .delete(sessions)
      // Exactly when validateSessionToken stops accepting it (src/lib/auth/session.ts).
      .where(or(lt(sessions.lastVerifiedAt, ago(now, SESSION_IDLE_TIMEOUT_MS - 1)), lt(sessions.createdAt, ago(now, SESSION_ABSOLUTE_TIMEOUT_MS - 1))))
      .returning({ id: sessions.id }),
  );
  const buckets = await count(
    db.delete(rateLimitBuckets).where(lt(rateLimitBuckets.refilledAt, ago(now, RETENTION.rateLimitBucketMs))).returning({ key: rateLimitBuckets.key }),
  );
  const drafts = await count(db.delete(checklistDrafts).where(lt(checklistDrafts.expiresAt, now)).returning({ t: checklistDrafts.tokenHash }));
  const readNotifications = await count(
    db
      .delete(notifications)
      .where(and(isNotNull(notifications.readAt), lt(notifications.readAt, ago(now, RETENTION.readNotificationsMs))))
      .returning({ id: notifications.id }),
  );
  const links = await count(db.delete(mailTokens).where(lt(mailTokens.expiresAt, now)).returning({ t: mailTokens.tokenHash }));
  const unconfirmed = await count(
    db
      .delete(noticeSubscriptions)
      .where(and(isNull(noticeSubscriptions.confirmedAt), lt(noticeSubscriptions.confirmExpiresAt, now)))
      .returning({ id: noticeSubscriptions.id }),
  );
  // Uploads also sweep now and then (files.ts sweepOccasionally); this covers quiet portals.
  // Imported when needed: files.ts loads sharp, which the server need not load at start-up.
  const { sweepUnattached } = await import('./files/files');
  const { databaseBlobStore } = await import('./files/store');
  const swept = await sweepUnattached(db, databaseBlobStore, now);
  return {
    sessions: expiredSessions,
    rateLimitBuckets: buckets,
    checklistDrafts: drafts,
    notifications: readNotifications,
    mailTokens: links,
    noticeSubscriptions: unconfirmed,
    files: swept.files,
    fileBlobs: swept.blobs,
  };
}

export interface Housekeeper {
  /** Runs a round now (after the one in progress). */
  poke(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs `runHousekeeping` every `intervalMs` in this process until stopped. */
export function startHousekeeping(db: Database, intervalMs = HOUSEKEEPING_INTERVAL_MS): Housekeeper {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();

  async function runRound() {
    try {
      const counts = await runHousekeeping(db, clockNow());
      const removed = Object.entries(counts).filter(([, n]) => n > 0);
      if (removed.length) console.log(`Housekeeping removed ${removed.map(([what, n]) => `${n} ${what}`).join(', ')}.`);
    } catch (error) {
      if (!stopped) console.error('Housekeeping round failed:', error);
    }
  }

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      round = runRound().finally(() => schedule(intervalMs));
    }, delay);
    timer.unref();
  }
  schedule(Math.min(intervalMs, FIRST_ROUND_MS));

  return {
    poke() {
      if (stopped) return round;
      clearTimeout(timer);
      round = round.then(runRound).finally(() => schedule(intervalMs));
      return round;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
