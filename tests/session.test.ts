import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import {
  SESSION_ABSOLUTE_TIMEOUT_MS,
  SESSION_IDLE_TIMEOUT_MS,
  countUserSessions,
  createSession,
  invalidateUserSessions,
  validateSessionToken,
} from '../src/lib/auth/session';
import { sessions } from '../src/lib/db/schema';

const HOUR = 60 * 60 * 1000;

describe.each(databaseTargets())('sessions on $name', (target) => {
  const db = useDatabase(target);

  it('a token validates to its user, and the database never holds the secret', async () => {
    const user = await makeUser(db());
    const token = await createSession(db(), user.id);
    const [id, secret] = token.split('.');
    expect(id!.length).toBeGreaterThanOrEqual(16); // ≥ 80 bits in base32
    const result = await validateSessionToken(db(), token);
    expect(result?.user.email).toBe(user.email);
    const [row] = await db().select().from(sessions).where(eq(sessions.id, id!));
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('a wrong or malformed secret is refused', async () => {
    const user = await makeUser(db());
    const token = await createSession(db(), user.id);
    const [id] = token.split('.');
    expect(await validateSessionToken(db(), `${id}.${'a'.repeat(52)}`)).toBeNull();
    expect(await validateSessionToken(db(), id!)).toBeNull();
    expect(await validateSessionToken(db(), `${token}.extra`)).toBeNull();
    expect(await validateSessionToken(db(), 'nope.nope')).toBeNull();
  });

  it('expires after the idle timeout, and activity keeps it alive', async () => {
    const user = await makeUser(db());
    const start = new Date('2026-11-01T00:00:00Z');
    const token = await createSession(db(), user.id, start);
    // Used six days later: still valid, and the idle clock restarts.
    const sixDays = new Date(start.getTime() + SESSION_IDLE_TIMEOUT_MS - 24 * HOUR);
    const used = await validateSessionToken(db(), token, sixDays);
    expect(used?.refreshed).toBe(true);
    // Another six days on: valid only because of that activity.
    expect(await validateSessionToken(db(), token, new Date(sixDays.getTime() + SESSION_IDLE_TIMEOUT_MS - HOUR))).not.toBeNull();
    // Then a full idle period without use: gone, and deleted.
    const idle = new Date(sixDays.getTime() + 2 * SESSION_IDLE_TIMEOUT_MS);
    expect(await validateSessionToken(db(), token, idle)).toBeNull();
    expect(await countUserSessions(db(), user.id)).toBe(0);
  });

  it('is only written back at most hourly', async () => {
    const user = await makeUser(db());
    const start = new Date('2026-11-01T00:00:00Z');
    const token = await createSession(db(), user.id, start);
    expect((await validateSessionToken(db(), token, new Date(start.getTime() + 10 * 60 * 1000)))?.refreshed).toBe(false);
    expect((await validateSessionToken(db(), token, new Date(start.getTime() + HOUR + 1)))?.refreshed).toBe(true);
  });

  it('ends at the absolute cap even when used every day', async () => {
    const user = await makeUser(db());
    const start = new Date('2026-11-01T00:00:00Z');
    const token = await createSession(db(), user.id, start);
    let t = start.getTime();
    while (t + 24 * HOUR < start.getTime() + SESSION_ABSOLUTE_TIMEOUT_MS) {
      t += 24 * HOUR;
      expect(await validateSessionToken(db(), token, new Date(t))).not.toBeNull();
    }
    expect(await validateSessionToken(db(), token, new Date(start.getTime() + SESSION_ABSOLUTE_TIMEOUT_MS))).toBeNull();
  });

  it('signs out everywhere, or everywhere but here', async () => {
    const user = await makeUser(db());
    const here = await createSession(db(), user.id);
    const phone = await createSession(db(), user.id);
    const other = await makeUser(db());
    const othersToken = await createSession(db(), other.id);
    await invalidateUserSessions(db(), user.id, here.split('.')[0]);
    expect(await validateSessionToken(db(), here)).not.toBeNull();
    expect(await validateSessionToken(db(), phone)).toBeNull();
    await invalidateUserSessions(db(), user.id);
    expect(await validateSessionToken(db(), here)).toBeNull();
    expect(await validateSessionToken(db(), othersToken)).not.toBeNull();
  });
});
