// The one place where announcement actions are recorded for the audit log. Every action
// handler in src/actions/notices.ts calls this after the change is made.
import type { Database } from '../db/client';
import type { User } from '../db/schema';

export type NoticeAuditAction =
  | 'notice.create'
  | 'notice.edit'
  | 'notice.publish'
  | 'notice.schedule'
  | 'notice.pin'
  | 'notice.unpin'
  | 'notice.withdraw';

export async function auditNotice(
  db: Database,
  actor: Pick<User, 'id'>,
  action: NoticeAuditAction,
  noticeId: number,
  details?: Record<string, unknown>,
): Promise<void> {
  // TODO(merge): call recordAudit from src/lib/admin/audit.ts:
  // await recordAudit(db, { actorId: actor.id, action, targetType: 'notice', targetId: noticeId, details });
  void db;
  void actor;
  void action;
  void noticeId;
  void details;
}
