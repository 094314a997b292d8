// A guest's answers kept for a day under an unguessable token, so that they survive
// signing in or signing up without JavaScript: the token travels in the `next` URL.
import { eq, lt, and, gt } from 'drizzle-orm';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Database } from '../db/client';
import { checklistDrafts, type ChecklistDraft } from '../db/schema';
import type { Answers } from './scoring';
import type { IdentifiedTemplate } from './template';
import { rememberTemplateVersion, type CompanyFacts } from './assessments';

export const DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000;

function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Keeps the answers; returns the token to put in the URL. */
export async function createDraft(
  db: Database,
  template: IdentifiedTemplate,
  answers: Answers,
  company: CompanyFacts,
  now = new Date(),
): Promise<string> {
  const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
  await rememberTemplateVersion(db, template);
  // Expired drafts are swept here rather than by a scheduled job.
  await db.delete(checklistDrafts).where(lt(checklistDrafts.expiresAt, now));
  await db.insert(checklistDrafts).values({
    tokenHash: hashToken(token),
    templateId: template.id,
    templateVersion: template.version,
    answers,
    ...company,
    expiresAt: new Date(now.getTime() + DRAFT_LIFETIME_MS),
  });
  return token;
}

/** The draft behind the token, unless it expired. */
export async function getDraft(db: Database, token: string, now = new Date()): Promise<ChecklistDraft | undefined> {
  if (!/^[a-z2-7]{32}$/.test(token)) return undefined;
  const [row] = await db
    .select()
    .from(checklistDrafts)
    .where(and(eq(checklistDrafts.tokenHash, hashToken(token)), gt(checklistDrafts.expiresAt, now)))
    .limit(1);
  return row;
}

export async function deleteDraft(db: Database, token: string): Promise<void> {
  await db.delete(checklistDrafts).where(eq(checklistDrafts.tokenHash, hashToken(token)));
}
