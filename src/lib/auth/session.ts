// Sessions in the style Lucia now teaches: a token "<id>.<secret>", where the database
// keeps the id and SHA-256(secret) only. Idle timeout plus an absolute cap (OWASP).
import { and, eq, ne, sql } from 'drizzle-orm';
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Database } from '../db/client';
import { sessions, users, type Session, type User } from '../db/schema';
import { isSigunCode, scopesOfUserSql } from './scopes';
import type { SigunCode } from '../regions';

const unreadOfUserSql = sql<number>`(select count(*) from notifications n where n.user_id = ${users.id} and n.read_at is null)`;

export const SESSION_IDLE_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_TIMEOUT_MS = 30 * 24 * 60 * 60 * 1000;
// last_verified_at is written at most this often, so reading a page is not a write.
const ACTIVITY_UPDATE_INTERVAL_MS = 60 * 60 * 1000;

/** The signed-in user as pages and actions see it: the row plus the 시·군 they work for. */
export type SessionUser = User & { sigunScopes: SigunCode[] };

export interface SessionValidation {
  session: Session;
  user: SessionUser;
  /** True when the expiry moved and the cookie should be sent again. */
  refreshed: boolean;
  /** Unread notifications, when asked for with `withUnread` (same round trip). */
  unread?: number;
}

function randomToken(bytes: number): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

function hashSecret(secret: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

/** Creates a session for the user and returns the token to put in the cookie. */
export async function createSession(db: Database, userId: number, now = new Date()): Promise<string> {
  const id = randomToken(15); // 120 bits
  const secret = randomToken(32); // 256 bits
  await db.insert(sessions).values({
    id,
    userId,
    secretHash: hashSecret(secret),
    createdAt: now,
    lastVerifiedAt: now,
  });
  return `${id}.${secret}`;
}

export function sessionExpiresAt(session: Session): Date {
  return new Date(
    Math.min(
      session.lastVerifiedAt.getTime() + SESSION_IDLE_TIMEOUT_MS,
      session.createdAt.getTime() + SESSION_ABSOLUTE_TIMEOUT_MS,
    ),
  );
}

export async function validateSessionToken(
  db: Database,
  token: string,
  now = new Date(),
  { withUnread = false }: { withUnread?: boolean } = {},
): Promise<SessionValidation | null> {
  const [id, secret, ...rest] = token.split('.');
  if (!id || !secret || rest.length > 0 || id.length > 64 || secret.length > 128) return null;

  const [row] = await db
    // The 시·군 담당자 scopes come with the user in the same query (can() needs them).
    // A page's header shows the unread count: ask for it here rather than in a second query
    // (a partial index answers it: notifications_unread_idx).
    .select({ session: sessions, user: users, sigunScopes: scopesOfUserSql, ...(withUnread ? { unread: unreadOfUserSql } : {}) })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id))
    .limit(1);
  if (!row) return null;

  const expected = new TextEncoder().encode(row.session.secretHash);
  const given = new TextEncoder().encode(hashSecret(secret));
  if (!constantTimeEqual(expected, given)) return null;

  if (now.getTime() >= sessionExpiresAt(row.session).getTime()) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }

  let refreshed = false;
  if (now.getTime() - row.session.lastVerifiedAt.getTime() >= ACTIVITY_UPDATE_INTERVAL_MS) {
    await db.update(sessions).set({ lastVerifiedAt: now }).where(eq(sessions.id, id));
    row.session.lastVerifiedAt = now;
    refreshed = true;
  }
  const sigunScopes = (row.sigunScopes ?? []).filter(isSigunCode);
  const unread = 'unread' in row ? Number(row.unread) : undefined;
  return { session: row.session, user: { ...row.user, sigunScopes }, refreshed, ...(unread === undefined ? {} : { unread }) };
}

export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of the user, except `keepSessionId` when given. */
export async function invalidateUserSessions(
  db: Database,
  userId: number,
  keepSessionId?: string,
): Promise<void> {
  await db
    .delete(sessions)
    .where(
      keepSessionId
        ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
        : eq(sessions.userId, userId),
    );
}

export async function countUserSessions(db: Database, userId: number): Promise<number> {
  return db.$count(sessions, eq(sessions.userId, userId));
}
