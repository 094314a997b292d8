// Token buckets kept in PostgreSQL, so every app instance draws from the same bucket.
// One statement refills and takes a token atomically; no row back means "limited".
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from './db/client';

export interface RateLimitPolicy {
  /** Bucket size: how many requests may come in a burst. */
  capacity: number;
  /** Seconds for one token to come back. */
  refillSeconds: number;
}

export const RATE_LIMITS = {
  // Per account: a handful of guesses, then one every 3 minutes.
  signInPerAccount: { capacity: 5, refillSeconds: 180 },
  // Per address: offices and event venues share one address, so allow more.
  signInPerAddress: { capacity: 50, refillSeconds: 10 },
  signUpPerAddress: { capacity: 20, refillSeconds: 60 },
  // Per email: slows down probing which addresses are registered.
  signUpPerEmail: { capacity: 5, refillSeconds: 600 },
  passwordChangePerAccount: { capacity: 5, refillSeconds: 180 },
  // Posting: a burst of replies in a lively thread, then one every 20 seconds.
  postPerAccount: { capacity: 8, refillSeconds: 20 },
  reportPerAccount: { capacity: 10, refillSeconds: 60 },
  // Guests keeping checklist answers across sign-in: each one is a row for a day.
  checklistDraftPerAddress: { capacity: 20, refillSeconds: 60 },
  // Mail to an address: a few, then one every few minutes (it must not become a mail cannon).
  passwordResetPerEmail: { capacity: 3, refillSeconds: 600 },
  passwordResetPerAddress: { capacity: 20, refillSeconds: 60 },
  mailPerAccount: { capacity: 3, refillSeconds: 600 },
  subscribePerAddress: { capacity: 10, refillSeconds: 60 },
  noticeSubscribePerEmail: { capacity: 3, refillSeconds: 600 },
} satisfies Record<string, RateLimitPolicy>;

/** Takes one token from the bucket `key`; false when the bucket is empty. */
export async function consumeToken(
  db: Database,
  key: string,
  policy: RateLimitPolicy,
): Promise<boolean> {
  const perSecond = 1 / policy.refillSeconds;
  const refilled = sql`least(${policy.capacity}::float8, rate_limit_buckets.tokens + extract(epoch from (now() - rate_limit_buckets.refilled_at)) * ${perSecond}::float8)`;
  const rows = await db.execute(sql`
    insert into rate_limit_buckets (key, tokens, refilled_at)
    values (${key}, ${policy.capacity - 1}::float8, now())
    on conflict (key) do update
      set tokens = ${refilled} - 1, refilled_at = now()
      where ${refilled} >= 1
    returning tokens`);
  return rowsOf(rows).length > 0;
}

/** Gives a token back (e.g. after a successful sign-in, so typos are not held against a member). */
export async function resetBucket(db: Database, key: string): Promise<void> {
  await db.execute(sql`delete from rate_limit_buckets where key = ${key}`);
}

