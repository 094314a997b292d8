// Telling people of a step in a case study's review: in the portal (notifications) and by mail
// (the `case` mail kind, queued in the same transaction as the notification, following each
// member's choice on /account). Submitted → every reviewer (province staff and admins who may
// review it); returned, published, withdrawn → the case's author. Never the one who acted.
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client';
import { cases, notifications, users } from '../db/schema';
import { can } from '../auth/permissions';
import { queueNotificationMails } from '../mail/notifications';
import { formatDateTime } from '../dates';

export type CaseStep = 'submitted' | 'returned' | 'published' | 'withdrawn';

/** Where a notification about a case leads: its editor (/cases/manage/<id>). */
export const caseManageHref = (caseId: number) => `/cases/manage/${caseId}`;

function message(step: CaseStep, title: string, reason: string | null, publishAt: Date | null, now: Date): string {
  const because = reason?.trim() ? ` 사유: ${reason.trim()}` : '';
  switch (step) {
    case 'submitted':
      return `「${title}」 사례의 검토 요청이 들어왔습니다.`;
    case 'returned':
      return `「${title}」 사례가 반려되었습니다. 고쳐서 다시 검토를 요청해 주세요.${because}`;
    case 'published':
      return publishAt && publishAt.getTime() > now.getTime()
        ? `「${title}」 사례가 ${formatDateTime(publishAt)}에 게시되도록 예약되었습니다.`
        : `「${title}」 사례가 게시되었습니다.`;
    case 'withdrawn':
      return `「${title}」 사례의 게시가 중단되었습니다.${because}`;
  }
}

/** Province staff and admins who may review this case (not suspended, not sample members). */
async function reviewerIds(db: Database, kase: { sigun: string; authorId: number | null; mentorUserId: number | null }): Promise<number[]> {
  const candidates = await db
    .select({ id: users.id, role: users.role, suspendedUntil: users.suspendedUntil })
    .from(users)
    .where(and(eq(users.sample, false), inArray(users.role, ['staff', 'admin'])));
  return candidates.filter((u) => can(u, 'case.review', { ...kase, state: 'submitted' })).map((u) => u.id);
}

export async function notifyCaseStep(
  db: Database,
  input: { caseId: number; step: CaseStep; actorId: number; reason?: string | null; now: Date },
): Promise<void> {
  const [kase] = await db
    .select({ id: cases.id, title: cases.title, sigun: cases.sigun, authorId: cases.authorId, mentorUserId: cases.mentorUserId, publishAt: cases.publishAt, stateReason: cases.stateReason })
    .from(cases)
    .where(eq(cases.id, input.caseId));
  if (!kase) return;
  const recipients = input.step === 'submitted' ? await reviewerIds(db, kase) : kase.authorId !== null ? [kase.authorId] : [];
  const ids = [...new Set(recipients)].filter((id) => id !== input.actorId);
  if (ids.length === 0) return;
  const text = message(input.step, kase.title, input.reason ?? kase.stateReason, kase.publishAt, input.now);
  const written = await db
    .insert(notifications)
    .values(ids.map((userId) => ({ userId, kind: 'case' as const, caseId: kase.id, actorId: input.actorId, message: text, createdAt: input.now })))
    .returning({ id: notifications.id });
  await queueNotificationMails(db, written.map((n) => n.id), input.now);
}
