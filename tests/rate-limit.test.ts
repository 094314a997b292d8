import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { databaseTargets, useDatabase } from './helpers/database';
import { consumeToken, resetBucket } from '../src/lib/rate-limit';

const policy = { capacity: 5, refillSeconds: 60 };

describe.each(databaseTargets())('rate limits on $name', (target) => {
  const db = useDatabase(target);

  it('allows a burst up to the capacity, then refuses', async () => {
    const results = [];
    for (let i = 0; i < 7; i++) results.push(await consumeToken(db(), 'k:burst', policy));
    expect(results).toEqual([true, true, true, true, true, false, false]);
  });

  it('keeps separate buckets per key', async () => {
    for (let i = 0; i < 5; i++) await consumeToken(db(), 'k:a', policy);
    expect(await consumeToken(db(), 'k:a', policy)).toBe(false);
    expect(await consumeToken(db(), 'k:b', policy)).toBe(true);
  });

  it('refills with time', async () => {
    for (let i = 0; i < 5; i++) await consumeToken(db(), 'k:refill', policy);
    expect(await consumeToken(db(), 'k:refill', policy)).toBe(false);
    // Pretend two refill periods went by.
    await db().execute(sql`update rate_limit_buckets set refilled_at = refilled_at - interval '120 seconds' where key = 'k:refill'`);
    expect(await consumeToken(db(), 'k:refill', policy)).toBe(true);
    expect(await consumeToken(db(), 'k:refill', policy)).toBe(true);
    expect(await consumeToken(db(), 'k:refill', policy)).toBe(false);
  });

  it('grants exactly the capacity to concurrent requests', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => consumeToken(db(), 'k:race', policy)));
    expect(results.filter(Boolean)).toHaveLength(5);
  });

  it('reset gives the whole bucket back', async () => {
    for (let i = 0; i < 6; i++) await consumeToken(db(), 'k:reset', policy);
    await resetBucket(db(), 'k:reset');
    expect(await consumeToken(db(), 'k:reset', policy)).toBe(true);
  });
});
