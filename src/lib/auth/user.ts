// Member accounts: creation with recorded consents, look-up, profile, password, role.
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { consentRecords, users, type ConsentKind, type User, type UserRole } from '../db/schema';
import { hashPassword } from './password';
import { invalidateUserSessions } from './session';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface ProfileFields {
  displayName: string;
  companyName: string;
  sigunCode: string | null;
  industry: string | null;
}

export interface NewAccount extends ProfileFields {
  email: string;
  /** Name for @mentions: 3–20 lower-case letters, digits or underscores. */
  handle: string;
  password: string;
}

export const HANDLE_PATTERN = /^[a-z0-9_]{3,20}$/;

/** Why an account could not be created. */
export type SignUpConflict = 'email' | 'handle';

/** Consent text versions the person accepted; `marketing` only when they opted in. */
export interface AcceptedConsents {
  privacy: string;
  terms: string;
  marketing?: string;
}

/** Creates the account; returns null when the email or the handle is already taken. */
export async function createUser(
  db: Database,
  account: NewAccount,
  consents: AcceptedConsents,
  role: UserRole = 'member',
  /** Runs in the same transaction once the account exists (e.g. to queue its confirmation mail). */
  afterCreate?: (tx: Database, user: User) => Promise<void>,
): Promise<User | null> {
  const passwordHash = await hashPassword(account.password);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        email: normalizeEmail(account.email),
        handle: account.handle.toLowerCase(),
        passwordHash,
        displayName: account.displayName,
        companyName: account.companyName,
        sigunCode: account.sigunCode,
        industry: account.industry,
        role,
      })
      .onConflictDoNothing()
      .returning();
    if (!user) return null;
    const records: { kind: ConsentKind; version: string }[] = [
      { kind: 'privacy', version: consents.privacy },
      { kind: 'terms', version: consents.terms },
    ];
    if (consents.marketing) records.push({ kind: 'marketing', version: consents.marketing });
    await tx
      .insert(consentRecords)
      .values(records.map((r) => ({ ...r, userId: user.id, granted: true, recordedAt: user.createdAt })));
    await afterCreate?.(tx as unknown as Database, user);
    return user;
  });
}

/** Which of the two unique fields is already taken (after createUser returned null). */
export async function signUpConflict(db: Database, email: string, handle: string): Promise<SignUpConflict> {
  return (await getUserByEmail(db, email)) ? 'email' : handle ? 'handle' : 'email';
}

export async function getUserByHandle(db: Database, handle: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.handle, handle.toLowerCase())).limit(1);
  return user;
}

export async function getUserByEmail(db: Database, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
  return user;
}

export async function getUserById(db: Database, id: number): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user;
}

export async function updateProfile(db: Database, userId: number, fields: ProfileFields): Promise<void> {
  await db.update(users).set({ ...fields, updatedAt: new Date() }).where(eq(users.id, userId));
}

/** Stores a new password hash; `keepSessionId` survives, every other session of the user ends. */
export async function setPassword(
  db: Database,
  userId: number,
  password: string,
  keepSessionId?: string,
): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
  await invalidateUserSessions(db, userId, keepSessionId);
}

/** Replaces a hash made with outdated parameters, without touching sessions. */
export async function rehashPassword(db: Database, userId: number, password: string): Promise<void> {
  await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, userId));
}

/** Changes the role and ends the user's sessions, so the new rights start with a new sign-in. */
export async function setUserRole(db: Database, userId: number, role: UserRole): Promise<void> {
  await db.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, userId));
  await invalidateUserSessions(db, userId);
}

/**
 * Makes sure an admin account exists for ADMIN_EMAIL: creates it with ADMIN_PASSWORD when
 * missing, or promotes the existing account (its password is left as it is).
 */
export async function ensureAdmin(db: Database, admin: { email: string; password: string }): Promise<User> {
  const existing = await getUserByEmail(db, admin.email);
  if (existing) {
    if (existing.role !== 'admin') await setUserRole(db, existing.id, 'admin');
    if (!existing.emailVerifiedAt) await db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, existing.id));
    return { ...existing, role: 'admin' };
  }
  const created = await createUser(
    db,
    {
      email: admin.email,
      handle: await freeHandle(db, admin.email.split('@')[0] ?? 'admin'),
      password: admin.password,
      displayName: '관리자',
      companyName: '전북 스마트CEO포럼',
      sigunCode: null,
      industry: null,
    },
    // Set up by the operator from the environment, not through the sign-up form.
    { privacy: 'operator', terms: 'operator' },
    'admin',
    // The operator set this address; it counts as confirmed.
    async (tx, user) => {
      await tx.update(users).set({ emailVerifiedAt: user.createdAt }).where(eq(users.id, user.id));
    },
  );
  return created ?? ((await getUserByEmail(db, admin.email)) as User);
}

/** A handle like the wanted one that nobody has yet (for accounts made without the form). */
export async function freeHandle(db: Database, wanted: string): Promise<string> {
  const base = (wanted.toLowerCase().replace(/[^a-z0-9_]/g, '').slice(0, 16) || 'member').padEnd(3, '_');
  for (let i = 0; ; i++) {
    const candidate = i === 0 ? base : `${base}${i}`;
    if (!(await getUserByHandle(db, candidate))) return candidate;
  }
}
