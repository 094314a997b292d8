// Consents a member gave or withdrew, as an append-only history.
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { consentRecords, type ConsentKind } from '../db/schema';

export async function recordConsent(
  db: Database,
  userId: number,
  kind: ConsentKind,
  version: string,
  granted: boolean,
): Promise<void> {
  await db.insert(consentRecords).values({ userId, kind, version, granted });
}

/** The latest record of one kind of consent, or undefined if never asked. */
export async function latestConsent(db: Database, userId: number, kind: ConsentKind) {
  const [row] = await db
    .select()
    .from(consentRecords)
    .where(and(eq(consentRecords.userId, userId), eq(consentRecords.kind, kind)))
    .orderBy(desc(consentRecords.recordedAt), desc(consentRecords.id))
    .limit(1);
  return row;
}
