// Telling the author and reviewers of each step of a case's review (in the portal, and by mail).
import type { Database } from '../db/client';

export async function notifyCaseStep(
  db: Database,
  input: { caseId: number; step: 'submitted' | 'returned' | 'published' | 'withdrawn'; actorId: number; reason?: string | null; now: Date },
): Promise<void> {
  // placeholder: replaced by branch case-review
  return;
}
