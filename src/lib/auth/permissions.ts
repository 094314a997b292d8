// The one permission check of the portal: can(user, action, resource).
import type { Announcement, Board, Consultation, ConsultationState, Post, Thread, User, UserRole } from '../db/schema';

export type Actor = Pick<User, 'id' | 'role'> &
  Partial<Pick<User, 'suspendedUntil' | 'emailVerifiedAt'>> & {
    /** The 시·군 a 시·군 담당자 works for (src/lib/auth/scopes.ts); none for everyone else. */
    sigunScopes?: readonly string[];
  };
type MaybeActor = Actor | null | undefined;

type BoardAccess = Pick<Board, 'readAccess' | 'postAccess' | 'kind'>;
type ThreadState = Pick<Thread, 'authorId' | 'locked'>;
type PostState = Pick<Post, 'authorId' | 'deletedAt'>;
type NoticeState = Pick<Announcement, 'status' | 'publishAt'>;
/** A consultation request as permissions see it: whose, where, in which state, who handles it. */
export interface ConsultationAccess {
  consultation: Pick<Consultation, 'requesterId' | 'sigunCode'> & { state: ConsultationState };
  assigneeIds: readonly number[];
}

/** The editorial states of a case study: 작성 중, 검토 요청, 게시, 반려 (back to the author), 게시 중단. */
export const CASE_STATES = ['draft', 'submitted', 'published', 'returned', 'withdrawn'] as const;
export type CaseState = (typeof CASE_STATES)[number];
/** A case as the workflow rules see it (plain data, so any editor can ask before it saves). */
export interface CaseResource {
  /** 5-digit code of the case's 시·군. */
  sigun: string;
  /** Who wrote the draft (null: imported or the author's account is gone). */
  authorId: number | null;
  state: CaseState;
  /** The mentor who mentored the company, when the mentor has an account (cases.mentor_user_id). */
  mentorUserId?: number | null;
}
/** A case about to be drafted: its 시·군 and, for a mentor, the company's mentor. */
export type NewCaseResource = Pick<CaseResource, 'sigun' | 'mentorUserId'>;

/** Each action and the resource it is checked against. */
interface Resources {
  'profile.view': { ownerId: number };
  'profile.edit': { ownerId: number };
  'user.changeRole': null;
  'board.read': { board: BoardAccess };
  'thread.create': { board: BoardAccess };
  'post.reply': { board: BoardAccess; thread: ThreadState };
  'post.edit': { board: BoardAccess; thread: ThreadState; post: PostState };
  'post.delete': { board: BoardAccess; thread: ThreadState; post: PostState };
  'post.accept': { board: BoardAccess; thread: ThreadState };
  'post.react': { board: BoardAccess; post: PostState };
  'post.report': { board: BoardAccess; post: PostState };
  'thread.pin': null;
  'thread.lock': null;
  'thread.move': null;
  'post.hide': { board: BoardAccess; post: PostState };
  'moderation.review': null;
  'user.warn': { target: Pick<User, 'id' | 'role'> };
  'user.suspend': { target: Pick<User, 'id' | 'role'> };
  'user.list': null;
  'user.export': null;
  'audit.read': null;
  'admin.dashboard': null;
  'checklist.viewAssessment': { ownerId: number };
  'readiness.viewAggregate': null;
  'notice.read': { notice: NoticeState; now?: Date };
  'notice.manage': null;
  'file.upload': null;
  'file.takedown': null;
  'mail.outbox': null;
  'patent.manage': null;
  'scope.assign': null;
  'case.draft': NewCaseResource;
  'case.view': CaseResource;
  'case.edit': CaseResource;
  'case.submit': CaseResource;
  'case.review': CaseResource;
  'case.publish': CaseResource;
  'case.return': CaseResource;
  'case.withdraw': CaseResource;
  /** /staff/cases: province staff every 시·군, a 시·군 담당자 their own. */
  'case.dashboard': null;
  /** Opening /staff/programme: province staff, admins and 시·군 담당자. */
  'programme.manage': null;
  /** One 시·군's adoption figures; `sigun: null` is the programme-wide target. */
  'programme.edit': { sigun: string | null };
  'mentor.keepProfile': null;
  'mentor.approve': null;
  'mentor.viewContact': null;
  'consultation.create': null;
  'consultation.view': ConsultationAccess;
  'consultation.message': ConsultationAccess;
  'consultation.triage': ConsultationAccess;
  'consultation.schedule': ConsultationAccess;
  'consultation.complete': ConsultationAccess;
  'consultation.rate': ConsultationAccess;
  'consultation.withdraw': ConsultationAccess;
  'consultation.dashboard': null;
}
export type Action = keyof Resources;

const RANK: Record<UserRole, number> = { member: 0, mentor: 1, staff: 2, admin: 3 };

export function hasRole(actor: MaybeActor, role: UserRole): boolean {
  return !!actor && RANK[actor.role] >= RANK[role];
}

/** Suspended members keep reading but may not write (until `suspendedUntil`). */
export function isSuspended(actor: { suspendedUntil?: Date | null } | null | undefined, now = new Date()): boolean {
  return !!actor?.suspendedUntil && actor.suspendedUntil.getTime() > now.getTime();
}

/** Staff and admins moderate the discussions. */
export const isModerator = (actor: MaybeActor) => hasRole(actor, 'staff');

const canRead = (actor: MaybeActor, board: BoardAccess) => board.readAccess === 'public' || !!actor;
const canWrite = (actor: MaybeActor): actor is Actor => !!actor && !isSuspended(actor);
/** Posting also needs a confirmed address (accounts made before confirmation existed count as confirmed). */
export const needsAddressConfirmation = (actor: MaybeActor) => !!actor && actor.emailVerifiedAt === null;
export const ADDRESS_CONFIRMATION_MESSAGE =
  '이메일 주소를 확인한 뒤에 글을 쓸 수 있습니다. 가입할 때 받은 메일의 링크를 열거나, 내 정보(/account)에서 확인 메일을 다시 받아 주세요.';
const canPost = (actor: MaybeActor): actor is Actor => canWrite(actor) && !needsAddressConfirmation(actor);
const owns = (actor: Actor, thing: { authorId: number | null }) => thing.authorId === actor.id;
// Rules that several actions share, named once.
const activeModerator = (actor: MaybeActor): actor is Actor => canWrite(actor) && isModerator(actor);
const respondToOthersPost = (actor: MaybeActor, { board, post }: Resources['post.react']) =>
  canWrite(actor) && canRead(actor, board) && !post.deletedAt && !owns(actor, post);
const disciplineMember = (actor: MaybeActor, { target }: Resources['user.warn']) =>
  activeModerator(actor) && actor.id !== target.id && (RANK[target.role] < RANK.staff || hasRole(actor, 'admin'));

/** Province staff (today's `staff` role) and admins, not suspended: every case and figure. */
const isProvince = (actor: MaybeActor): actor is Actor => canWrite(actor) && hasRole(actor, 'staff');
/** A 시·군 담당자 for this 시·군. */
export const worksFor = (actor: MaybeActor, sigun: string | null | undefined) => !!actor && !!sigun && !!actor.sigunScopes?.includes(sigun);
/** Whether the user is a 시·군 담당자 at all. */
export const isSigunOfficial = (actor: MaybeActor) => !!actor?.sigunScopes?.length;
/** A mentor drafting about a company they mentored. */
const mentored = (actor: Actor, c: NewCaseResource) => actor.role === 'mentor' && !!c.mentorUserId && c.mentorUserId === actor.id;
/** Who may draft a case like this one: its 시·군's 담당자, or the company's mentor. */
const mayDraft = (actor: Actor, c: NewCaseResource) => worksFor(actor, c.sigun) || mentored(actor, c);
/** The author's own draft or returned case, while they still may draft it. */
const ownOpenDraft = (actor: MaybeActor, c: CaseResource): actor is Actor =>
  canWrite(actor) && owns(actor, c) && (c.state === 'draft' || c.state === 'returned') && mayDraft(actor, c);
/**
 * Who handles consultation requests of this 시·군: province staff (`staff`) and admins every
 * 시·군, a 시·군 담당자 their own.
 */
export function coversSigun(actor: MaybeActor, sigunCode: string): boolean {
  return hasRole(actor, 'staff') || worksFor(actor, sigunCode);
}

const FINAL_STATES: readonly ConsultationState[] = ['completed', 'rejected', 'withdrawn'];
const isRequester = (actor: MaybeActor, { consultation }: ConsultationAccess) => !!actor && consultation.requesterId === actor.id;
const isAssignee = (actor: MaybeActor, { assigneeIds }: ConsultationAccess) => !!actor && assigneeIds.includes(actor.id);
const handlesConsultation = (actor: MaybeActor, access: ConsultationAccess) => coversSigun(actor, access.consultation.sigunCode);
const seesConsultation = (actor: MaybeActor, access: ConsultationAccess) =>
  isRequester(actor, access) || isAssignee(actor, access) || handlesConsultation(actor, access);
const isOpen = ({ consultation }: ConsultationAccess) => !FINAL_STATES.includes(consultation.state);

const RULES: { [A in Action]: (actor: MaybeActor, resource: Resources[A]) => boolean } = {
  // Members see each other's profiles; the public does not.
  'profile.view': (actor) => !!actor,
  'profile.edit': (actor, { ownerId }) => !!actor && (actor.id === ownerId || hasRole(actor, 'admin')),
  'user.changeRole': (actor) => hasRole(actor, 'admin'),

  'board.read': (actor, { board }) => canRead(actor, board),
  'thread.create': (actor, { board }) =>
    canPost(actor) &&
    canRead(actor, board) &&
    (board.postAccess === 'members' || hasRole(actor, board.postAccess === 'mentors' ? 'mentor' : 'staff')),
  'post.reply': (actor, { board, thread }) =>
    canPost(actor) && canRead(actor, board) && (!thread.locked || isModerator(actor)),
  'post.edit': (actor, { thread, post }) =>
    canWrite(actor) && !post.deletedAt && (isModerator(actor) || (owns(actor, post) && !thread.locked)),
  'post.delete': (actor, { thread, post }) =>
    canWrite(actor) && !post.deletedAt && (isModerator(actor) || (owns(actor, post) && !thread.locked)),
  'post.accept': (actor, { board, thread }) =>
    canWrite(actor) && board.kind === 'qa' && (owns(actor, thread) || isModerator(actor)),
  'post.react': respondToOthersPost,
  'post.report': respondToOthersPost,
  'thread.pin': activeModerator,
  'thread.lock': activeModerator,
  'thread.move': activeModerator,
  'post.hide': activeModerator,
  'moderation.review': activeModerator,
  // Moderators warn and suspend members; only admins do that to staff and admins.
  'user.warn': disciplineMember,
  'user.suspend': disciplineMember,
  'user.list': (actor) => hasRole(actor, 'admin'),
  'user.export': (actor) => hasRole(actor, 'admin'),
  'audit.read': (actor) => hasRole(actor, 'admin'),
  'admin.dashboard': (actor) => hasRole(actor, 'admin'),

  // A company's self-assessment is its own; staff only see anonymous aggregates.
  'checklist.viewAssessment': (actor, { ownerId }) => !!actor && actor.id === ownerId,
  'readiness.viewAggregate': (actor) => hasRole(actor, 'staff'),

  // Announcements: everyone reads what is out; drafts, scheduled and withdrawn ones are
  // staff business. Staff write, publish, schedule, pin and withdraw.
  'notice.read': (actor, { notice, now }) => isPublic(notice, now) || hasRole(actor, 'staff'),
  'notice.manage': (actor) => canWrite(actor) && hasRole(actor, 'staff'),
  // Removing a file everywhere (legal request) is an admin's decision.
  // Files are uploaded to be posted: the same rule as posting (confirmed address, not suspended).
  'file.upload': (actor) => canPost(actor),
  'file.takedown': (actor) => canWrite(actor) && hasRole(actor, 'admin'),
  'mail.outbox': (actor) => hasRole(actor, 'admin'),
  // The patent catalogue is kept by staff (everyone reads it).
  'patent.manage': (actor) => canWrite(actor) && hasRole(actor, 'staff'),
  // Making someone a 시·군 담당자 (or ending it) is an admin's decision.
  'scope.assign': (actor) => canWrite(actor) && hasRole(actor, 'admin'),

  // Case studies: 시·군 담당자 draft for their 시·군, mentors for companies they mentored, and
  // submit them for review; province staff review, publish, return, withdraw and edit any.
  'case.draft': (actor, c) => isProvince(actor) || (canWrite(actor) && mayDraft(actor, c)),
  'case.view': (actor, c) => c.state === 'published' || isProvince(actor) || (!!actor && (owns(actor, c) || worksFor(actor, c.sigun) || mentored(actor, c))),
  'case.edit': (actor, c) => isProvince(actor) || ownOpenDraft(actor, c),
  'case.submit': (actor, c) => (c.state === 'draft' || c.state === 'returned') && (isProvince(actor) || ownOpenDraft(actor, c)),
  'case.review': (actor, c) => isProvince(actor) && c.state === 'submitted',
  'case.publish': (actor, c) => isProvince(actor) && c.state !== 'published',
  'case.return': (actor, c) => isProvince(actor) && c.state === 'submitted',
  'case.withdraw': (actor, c) => isProvince(actor) && c.state === 'published',
  'case.dashboard': (actor) => hasRole(actor, 'staff') || isSigunOfficial(actor),

  // Programme figures: province staff all 시·군 and the target; 시·군 담당자 their own 시·군.
  'programme.manage': (actor) => isProvince(actor) || (canWrite(actor) && isSigunOfficial(actor)),
  'programme.edit': (actor, { sigun }) => isProvince(actor) || (canWrite(actor) && sigun !== null && worksFor(actor, sigun)),

  // Helper profiles: mentors and members (선배기업) keep their own; staff approve listings;
  // contact details are for signed-in members only, never guests.
  'mentor.keepProfile': (actor) => canWrite(actor) && (actor.role === 'mentor' || actor.role === 'member'),
  'mentor.approve': (actor) => canWrite(actor) && hasRole(actor, 'staff'),
  'mentor.viewContact': (actor) => !!actor,

  // Consultation requests: only the requesting company, the assignees and staff covering the
  // 시·군 see one (anyone else gets 404). Staff triage (assign, reject); the visit date and
  // the outcome are set by an assignee or staff; the company rates a finished request and may
  // withdraw an open one.
  'consultation.create': (actor) => canPost(actor),
  'consultation.view': (actor, access) => seesConsultation(actor, access),
  'consultation.message': (actor, access) => canWrite(actor) && seesConsultation(actor, access) && access.consultation.state !== 'withdrawn',
  'consultation.triage': (actor, access) => canWrite(actor) && handlesConsultation(actor, access) && isOpen(access),
  'consultation.schedule': (actor, access) =>
    canWrite(actor) && (isAssignee(actor, access) || handlesConsultation(actor, access)) && ['assigned', 'scheduled'].includes(access.consultation.state),
  'consultation.complete': (actor, access) =>
    canWrite(actor) && (isAssignee(actor, access) || handlesConsultation(actor, access)) && access.consultation.state === 'scheduled',
  'consultation.rate': (actor, access) => canWrite(actor) && isRequester(actor, access) && access.consultation.state === 'completed',
  'consultation.withdraw': (actor, access) => canWrite(actor) && isRequester(actor, access) && isOpen(access),
  'consultation.dashboard': (actor) => hasRole(actor, 'staff') || isSigunOfficial(actor),
};

/** A published announcement whose time has come (scheduled ones appear by themselves). */
export function isPublic(notice: NoticeState, now = new Date()): boolean {
  return notice.status === 'published' && !!notice.publishAt && notice.publishAt.getTime() <= now.getTime();
}

export function can<A extends Action>(actor: MaybeActor, action: A, resource: Resources[A]): boolean {
  return RULES[action](actor, resource);
}

export const ROLE_LABELS: Record<UserRole, string> = {
  member: '회원',
  mentor: '멘토',
  staff: '담당자',
  admin: '관리자',
};
