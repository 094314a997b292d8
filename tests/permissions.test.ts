import { describe, expect, it } from 'vitest';
import { can, type Actor } from '../src/lib/auth/permissions';

type MaybeActor = Actor | null;

const guest: MaybeActor = null;
const member = { id: 1, role: 'member' } as const;
const otherMember = { id: 2, role: 'member' } as const;
const mentor = { id: 3, role: 'mentor' } as const;
const staff = { id: 4, role: 'staff' } as const;
const admin = { id: 5, role: 'admin' } as const;

// [actor, action, resource, allowed]
const table: [string, MaybeActor, Parameters<typeof can>[1], Parameters<typeof can>[2], boolean][] = [
  ['guest', guest, 'profile.view', { ownerId: 1 }, false],
  ['member', member, 'profile.view', { ownerId: 2 }, true],
  ['member (own)', member, 'profile.edit', { ownerId: 1 }, true],
  ['member (other)', otherMember, 'profile.edit', { ownerId: 1 }, false],
  ['mentor (other)', mentor, 'profile.edit', { ownerId: 1 }, false],
  ['staff (other)', staff, 'profile.edit', { ownerId: 1 }, false],
  ['admin (other)', admin, 'profile.edit', { ownerId: 1 }, true],
  ['guest', guest, 'user.changeRole', null, false],
  ['member', member, 'user.changeRole', null, false],
  ['mentor', mentor, 'user.changeRole', null, false],
  ['staff', staff, 'user.changeRole', null, false],
  ['admin', admin, 'user.changeRole', null, true],
  ['guest', guest, 'checklist.viewAssessment', { ownerId: 1 }, false],
  ['member (own)', member, 'checklist.viewAssessment', { ownerId: 1 }, true],
  ['member (other)', otherMember, 'checklist.viewAssessment', { ownerId: 1 }, false],
  ['staff (other)', staff, 'checklist.viewAssessment', { ownerId: 1 }, false],
  ['admin (other)', admin, 'checklist.viewAssessment', { ownerId: 1 }, false],
  ['guest', guest, 'readiness.viewAggregate', null, false],
  ['member', member, 'readiness.viewAggregate', null, false],
  ['mentor', mentor, 'readiness.viewAggregate', null, false],
  ['staff', staff, 'readiness.viewAggregate', null, true],
  ['admin', admin, 'readiness.viewAggregate', null, true],
  ['guest', guest, 'file.upload', null, false],
  ['member', member, 'file.upload', null, true],
  ['member (address not confirmed)', { ...member, emailVerifiedAt: null }, 'file.upload', null, false],
  ['member (suspended)', { ...member, suspendedUntil: new Date(Date.now() + 86_400_000) }, 'file.upload', null, false],
  ['staff', staff, 'file.upload', null, true],
];

describe('can(user, action, resource)', () => {
  it.each(table)('%s → %s', (_name, actor, action, resource, allowed) => {
    expect(can(actor, action as never, resource as never)).toBe(allowed);
  });
});
