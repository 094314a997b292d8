// The one permission check of the portal: can(user, action, resource).
import type { User, UserRole } from '../db/schema';

export type Actor = Pick<User, 'id' | 'role'> | null | undefined;

/** Each action and the resource it is checked against. */
interface Resources {
  'profile.view': { ownerId: number };
  'profile.edit': { ownerId: number };
  'user.changeRole': null;
  'checklist.viewAssessment': { ownerId: number };
  'readiness.viewAggregate': null;
}
export type Action = keyof Resources;

const RANK: Record<UserRole, number> = { member: 0, mentor: 1, staff: 2, admin: 3 };

export function hasRole(actor: Actor, role: UserRole): boolean {
  return !!actor && RANK[actor.role] >= RANK[role];
}

const RULES: { [A in Action]: (actor: NonNullable<Actor>, resource: Resources[A]) => boolean } = {
  // Members see each other's profiles; the public does not.
  'profile.view': () => true,
  'profile.edit': (actor, { ownerId }) => actor.id === ownerId || hasRole(actor, 'admin'),
  'user.changeRole': (actor) => hasRole(actor, 'admin'),
  // A company's self-assessment is its own; staff only see anonymous aggregates.
  'checklist.viewAssessment': (actor, { ownerId }) => actor.id === ownerId,
  'readiness.viewAggregate': (actor) => hasRole(actor, 'staff'),
};

/** Guests can do none of these actions; every rule below assumes a signed-in actor. */
export function can<A extends Action>(actor: Actor, action: A, resource: Resources[A]): boolean {
  return !!actor && RULES[action](actor, resource);
}

export const ROLE_LABELS: Record<UserRole, string> = {
  member: '회원',
  mentor: '멘토',
  staff: '담당자',
  admin: '관리자',
};
