// Single-use links sent by mail (password reset, address confirmation). The token is in
// the link only; the database keeps its SHA-256, so a leaked table opens nothing.
import { and, eq, gt, isNull } from 'drizzle-orm';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Database } from '../db/client';
import { mailTokens } from '../db/schema';

export type MailTokenPurpose = (typeof mailTokens.$inferSelect)['purpose'];

export const PASSWORD_RESET_TTL_MS = 30 * 60_000;
export const VERIFY_EMAIL_TTL_MS = 3 * 24 * 60 * 60_000;

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** A new link token (160 random bits) for `email`; valid for `ttlMs` from `now`. */
export async function createMailToken(
  db: Database,
  input: { userId: number; purpose: MailTokenPurpose; email: string; ttlMs: number },
  now: Date,
): Promise<string> {
  const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
  await db.insert(mailTokens).values({
    tokenHash: hashToken(token),
    userId: input.userId,
    purpose: input.purpose,
    email: input.email,
    expiresAt: new Date(now.getTime() + input.ttlMs),
    createdAt: now,
  });
  return token;
}

function usable(token: string, purpose: MailTokenPurpose, now: Date) {
  return and(eq(mailTokens.tokenHash, hashToken(token)), eq(mailTokens.purpose, purpose), isNull(mailTokens.usedAt), gt(mailTokens.expiresAt, now));
}

/** The token's row if it can still be used (not used, not expired). */
export async function findMailToken(db: Database, token: string, purpose: MailTokenPurpose, now: Date) {
  const [row] = await db.select().from(mailTokens).where(usable(token, purpose, now)).limit(1);
  return row;
}

/** Uses the token up, atomically: of two concurrent uses only one gets the row. */
export async function consumeMailToken(db: Database, token: string, purpose: MailTokenPurpose, now: Date) {
  const [row] = await db.update(mailTokens).set({ usedAt: now }).where(usable(token, purpose, now)).returning();
  return row;
}

/** Ends every open link of this kind for the member (a new one replaces them). */
export async function revokeMailTokens(db: Database, userId: number, purpose: MailTokenPurpose, now: Date): Promise<void> {
  await db
    .update(mailTokens)
    .set({ usedAt: now })
    .where(and(eq(mailTokens.userId, userId), eq(mailTokens.purpose, purpose), isNull(mailTokens.usedAt)));
}
