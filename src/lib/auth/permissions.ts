// The one permission check of the portal: can(user, action, resource).
import type { Announcement, Board, Post, Thread, User, UserRole } from '../db/schema';

export type Actor = Pick<User, 'id' | 'role'> & Partial<Pick<User, 'suspendedUntil' | 'emailVerifiedAt'>>;
type MaybeActor = Actor | null | undefined;

type BoardAccess = Pick<Board, 'readAccess' | 'postAccess' | 'kind'>;
type ThreadState = Pick<Thread, 'authorId' | 'locked'>;
type PostState = Pick<Post, 'authorId' | 'deletedAt'>;
type NoticeState = Pick<Announcement, 'status' | 'publishAt'>;

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
