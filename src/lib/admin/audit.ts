// The audit log: who did what, to what, when and why — every moderator and admin action.
// Rows are only ever inserted (the database refuses UPDATE and DELETE on audit_log).
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Database } from '../db/client';
import { auditLog, type User } from '../db/schema';
import { sigunByCode } from '../regions';

export const AUDIT_PER_PAGE = 50;

export interface AuditInput {
  /** null: the system acted (e.g. automatic hiding after reports). */
  actor: Pick<User, 'id' | 'displayName'> | null;
  action: string;
  targetType: 'post' | 'thread' | 'user' | 'report' | 'notice' | 'file' | 'mail' | 'patent' | 'programme' | 'mentor' | 'consultation' | 'case';
  targetId: number | string;
  reason?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Database, entry: AuditInput): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actor?.id ?? null,
    actorName: entry.actor?.displayName ?? '시스템',
    action: entry.action,
    targetType: entry.targetType,
    targetId: String(entry.targetId),
    reason: entry.reason ?? null,
    details: entry.details ?? null,
  });
}

/** Newest first, optionally one action or one actor; `before` continues from an id. */
export async function listAudit(db: Database, filter: { action?: string; actorId?: number; before?: number } = {}) {
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        filter.action ? eq(auditLog.action, filter.action) : undefined,
        filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
        filter.before ? lt(auditLog.id, filter.before) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PER_PAGE + 1);
  const page = rows.slice(0, AUDIT_PER_PAGE);
  return { rows: page, next: rows.length > AUDIT_PER_PAGE ? page.at(-1)!.id : undefined };
}

/** Korean labels for the actions, for the log page and filters. */
export const AUDIT_ACTIONS: Record<string, string> = {
  'post.hide': '글 숨김',
  'post.unhide': '글 숨김 해제',
  'post.autoHide': '신고 누적으로 자동 숨김',
  'post.delete': '글 삭제(운영자)',
  'report.dismiss': '신고 기각',
  'thread.pin': '글 고정',
  'thread.unpin': '고정 해제',
  'thread.lock': '글 잠금',
  'thread.unlock': '잠금 해제',
  'thread.move': '게시판 이동',
  'user.warn': '경고',
  'user.suspend': '이용 정지',
  'user.unsuspend': '정지 해제',
  'user.role': '역할 변경',
  'user.export': '개인정보 내보내기',
  'user.delete': '회원 탈퇴',
  'notice.create': '공지 작성',
  'notice.edit': '공지 수정',
  'notice.publish': '공지 게시',
  'notice.schedule': '공지 예약',
  'notice.pin': '공지 고정',
  'notice.unpin': '공지 고정 해제',
  'notice.withdraw': '공지 철회',
  'patent.create': '특허 등록',
  'patent.edit': '특허 수정',
  'patent.delete': '특허 삭제',
  'patent.import': '특허 파일 가져오기',
  'file.takedown': '파일 삭제 조치',
  'mail.retry': '실패한 메일 다시 보내기',
  'scope.assign': '시·군 담당 지정',
  'scope.remove': '시·군 담당 해제',
  'programme.adoption': '도입 실적 수정',
  'programme.target': '사업 목표 수정',
  'mentor.approve': '멘토 프로필 승인',
  'mentor.unapprove': '멘토 프로필 승인 취소',
  'consultation.view': '컨설팅 신청 열람(담당 아님)',
  'consultation.assign': '컨설팅 배정',
  'consultation.state': '컨설팅 상태 변경',
  'case.create': '우수사례 작성',
  'case.edit': '우수사례 수정',
  'case.submit': '우수사례 검토 요청',
  'case.return': '우수사례 반려',
  'case.publish': '우수사례 게시',
  'case.schedule': '우수사례 예약 게시',
  'case.withdraw': '우수사례 게시 중단',
};

export const AUDIT_TARGETS: Record<AuditInput['targetType'], string> = {
  post: '글',
  thread: '글타래',
  user: '회원',
  report: '신고',
  file: '파일',
  notice: '공지',
  mail: '메일',
  patent: '특허',
  programme: '사업 실적',
  mentor: '멘토 프로필',
  consultation: '컨설팅 신청',
  case: '우수사례',
};

const DETAIL_LABELS: Record<string, string> = {
  from: '이전',
  to: '이후',
  days: '정지 일수',
  postId: '글 번호',
  reporters: '신고자 수',
  threshold: '기준',
  title: '제목',
  created: '새 글',
  publishAt: '게시 시각',
  number: '등록번호',
  added: '새 특허 수',
  updated: '고친 특허 수',
  sigun: '시·군',
  year: '연도',
  source: '방법',
  companies: '목표 기업 수',
  perYear: '연간 목표',
  startYear: '시작 연도',
  byYear: '목표 연도',
  state: '상태',
  assignees: '배정된 사람',
  slug: '주소',
};

/** Values of details shown in Korean (시·군 codes by name, how a figure was changed). */
const DETAIL_VALUES: Record<string, (value: unknown) => string | undefined> = {
  sigun: (v) => sigunByCode(String(v))?.name,
  source: (v) => ({ form: '화면 입력', import: '파일 가져오기' })[String(v)],
};

/** The details of an entry as Korean "이름: 값" pairs (role names translated). */
export function describeAuditDetails(details: unknown, roleLabels: Record<string, string>): string {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details as Record<string, unknown>)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => {
      const shown =
        typeof value === 'boolean' ? (value ? '예' : '아니요') : (DETAIL_VALUES[key]?.(value) ?? roleLabels[String(value)] ?? String(value));
      return `${DETAIL_LABELS[key] ?? key}: ${shown}`;
    })
    .join(', ');
}
