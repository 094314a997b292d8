// The case workflow, programme figures and 시·군 담당자 scopes in can(): every role and action.
import { describe, expect, it } from 'vitest';
import { can, type Actor, type CaseResource } from '../src/lib/auth/permissions';
import { caseResource } from '../src/lib/cases/access';

type MaybeActor = Actor | null;
const later = new Date(Date.now() + 86_400_000);

const guest: MaybeActor = null;
const member = { id: 1, role: 'member' } as const;
/** A 시·군 담당자 for 전주시 (52110): a member with a scope. */
const official = { id: 2, role: 'member', sigunScopes: ['52110'] } as const;
const twoSigun = { id: 3, role: 'member', sigunScopes: ['52110', '52130'] } as const;
const suspendedOfficial = { ...official, id: 9, suspendedUntil: later };
const mentor = { id: 4, role: 'mentor' } as const;
const otherMentor = { id: 5, role: 'mentor' } as const;
const staff = { id: 6, role: 'staff' } as const;
const suspendedStaff = { ...staff, id: 10, suspendedUntil: later };
const admin = { id: 7, role: 'admin' } as const;

const JEONJU = '52110';
const GUNSAN = '52130';
const kase = (over: Partial<CaseResource> = {}): CaseResource => ({ sigun: JEONJU, authorId: official.id, state: 'draft', mentorUserId: null, ...over });
/** A mentor's own draft about a company they mentored (in 군산시). */
const mentorDraft = kase({ sigun: GUNSAN, authorId: mentor.id, mentorUserId: mentor.id });

type Row = [string, MaybeActor, Parameters<typeof can>[1], unknown, boolean];
const table: Row[] = [
  // Assigning 시·군 담당자: admins only.
  ['guest', guest, 'scope.assign', null, false],
  ['member', member, 'scope.assign', null, false],
  ['official', official, 'scope.assign', null, false],
  ['staff', staff, 'scope.assign', null, false],
  ['admin', admin, 'scope.assign', null, true],

  // Drafting a case.
  ['guest', guest, 'case.draft', { sigun: JEONJU }, false],
  ['member', member, 'case.draft', { sigun: JEONJU }, false],
  ['official (own 시·군)', official, 'case.draft', { sigun: JEONJU }, true],
  ['official (outside their 시·군)', official, 'case.draft', { sigun: GUNSAN }, false],
  ['official of two 시·군 (second one)', twoSigun, 'case.draft', { sigun: GUNSAN }, true],
  ['official (suspended)', suspendedOfficial, 'case.draft', { sigun: JEONJU }, false],
  ['mentor (company they mentored)', mentor, 'case.draft', { sigun: GUNSAN, mentorUserId: mentor.id }, true],
  ['mentor (company someone else mentored)', otherMentor, 'case.draft', { sigun: GUNSAN, mentorUserId: mentor.id }, false],
  ['mentor (no mentor named)', mentor, 'case.draft', { sigun: GUNSAN }, false],
  // A stored case: its mentor is cases.mentor_user_id (never the mentor's name in the data).
  ['mentor (stored case, they are its mentor_user_id)', mentor, 'case.draft', caseResource({ sigun: GUNSAN, authorId: null, state: 'draft', mentorUserId: mentor.id }), true],
  ['mentor (stored case without a mentor account)', mentor, 'case.draft', caseResource({ sigun: GUNSAN, authorId: null, state: 'draft', mentorUserId: null }), false],
  ['staff', staff, 'case.draft', { sigun: GUNSAN }, true],
  ['staff (suspended)', suspendedStaff, 'case.draft', { sigun: GUNSAN }, false],
  ['admin', admin, 'case.draft', { sigun: GUNSAN }, true],

  // Seeing a case that is not published.
  ['guest (published)', guest, 'case.view', kase({ state: 'published' }), true],
  ['guest (draft)', guest, 'case.view', kase(), false],
  ['member (draft)', member, 'case.view', kase(), false],
  ['official (draft in their 시·군 by another)', official, 'case.view', kase({ authorId: 99 }), true],
  ['official (draft outside their 시·군)', official, 'case.view', kase({ sigun: GUNSAN, authorId: 99 }), false],
  ['mentor (own draft)', mentor, 'case.view', mentorDraft, true],
  ['mentor (someone else’s draft)', otherMentor, 'case.view', mentorDraft, false],
  ['staff (submitted)', staff, 'case.view', kase({ state: 'submitted' }), true],
  ['admin (withdrawn)', admin, 'case.view', kase({ state: 'withdrawn' }), true],

  // Editing.
  ['guest', guest, 'case.edit', kase(), false],
  ['member', member, 'case.edit', kase({ authorId: member.id }), false],
  ['official (own draft)', official, 'case.edit', kase(), true],
  ['official (own returned case)', official, 'case.edit', kase({ state: 'returned' }), true],
  ['official (own case waiting for review)', official, 'case.edit', kase({ state: 'submitted' }), false],
  ['official (own published case)', official, 'case.edit', kase({ state: 'published' }), false],
  ['official (another official’s draft in their 시·군)', official, 'case.edit', kase({ authorId: 99 }), false],
  ['official (own draft, 시·군 no longer theirs)', official, 'case.edit', kase({ sigun: GUNSAN }), false],
  ['mentor (own draft)', mentor, 'case.edit', mentorDraft, true],
  ['mentor (someone else’s draft)', otherMentor, 'case.edit', mentorDraft, false],
  ['mentor (official’s draft)', mentor, 'case.edit', kase(), false],
  ['mentor (another’s draft about a company they mentored)', mentor, 'case.edit', caseResource({ sigun: GUNSAN, authorId: otherMentor.id, state: 'draft', mentorUserId: mentor.id }), false],
  ['mentor (own stored draft, they are its mentor_user_id)', mentor, 'case.edit', caseResource({ sigun: GUNSAN, authorId: mentor.id, state: 'draft', mentorUserId: mentor.id }), true],
  ['mentor (own draft, mentor_user_id changed to another)', mentor, 'case.edit', caseResource({ sigun: GUNSAN, authorId: mentor.id, state: 'draft', mentorUserId: otherMentor.id }), false],
  ['staff (any case, any state)', staff, 'case.edit', kase({ state: 'published', authorId: 99 }), true],
  ['staff (suspended)', suspendedStaff, 'case.edit', kase(), false],
  ['admin (any case)', admin, 'case.edit', kase({ state: 'submitted', authorId: 99 }), true],

  // Submitting for review.
  ['guest', guest, 'case.submit', kase(), false],
  ['official (own draft)', official, 'case.submit', kase(), true],
  ['official (own returned case, fixed)', official, 'case.submit', kase({ state: 'returned' }), true],
  ['official (already submitted)', official, 'case.submit', kase({ state: 'submitted' }), false],
  ['official (outside their 시·군)', official, 'case.submit', kase({ sigun: GUNSAN }), false],
  ['official (someone else’s draft)', official, 'case.submit', kase({ authorId: 99 }), false],
  ['mentor (own draft)', mentor, 'case.submit', mentorDraft, true],
  ['mentor (someone else’s draft)', otherMentor, 'case.submit', mentorDraft, false],
  ['staff (a draft)', staff, 'case.submit', kase(), true],
  ['staff (published)', staff, 'case.submit', kase({ state: 'published' }), false],

  // Review, publication, return, withdrawal: province staff and admins.
  ...(['case.review', 'case.publish', 'case.return'] as const).flatMap((action): Row[] => [
    ['guest', guest, action, kase({ state: 'submitted' }), false],
    ['member', member, action, kase({ state: 'submitted' }), false],
    ['official (own 시·군)', official, action, kase({ state: 'submitted' }), false],
    ['mentor (own case)', mentor, action, { ...mentorDraft, state: 'submitted' }, false],
    ['staff', staff, action, kase({ state: 'submitted' }), true],
    ['staff (suspended)', suspendedStaff, action, kase({ state: 'submitted' }), false],
    ['admin', admin, action, kase({ state: 'submitted' }), true],
  ]),
  ['staff (review a draft not submitted)', staff, 'case.review', kase(), false],
  ['staff (return a draft not submitted)', staff, 'case.return', kase(), false],
  ['staff (publish a withdrawn case again)', staff, 'case.publish', kase({ state: 'withdrawn' }), true],
  ['staff (publish a published case)', staff, 'case.publish', kase({ state: 'published' }), false],
  ['guest', guest, 'case.withdraw', kase({ state: 'published' }), false],
  ['official (own 시·군)', official, 'case.withdraw', kase({ state: 'published' }), false],
  ['mentor', mentor, 'case.withdraw', { ...mentorDraft, state: 'published' }, false],
  ['staff', staff, 'case.withdraw', kase({ state: 'published' }), true],
  ['staff (not published)', staff, 'case.withdraw', kase({ state: 'submitted' }), false],
  ['admin', admin, 'case.withdraw', kase({ state: 'published' }), true],

  // The case dashboard (/staff/cases): province staff, admins, 시·군 담당자.
  ['guest', guest, 'case.dashboard', null, false],
  ['member', member, 'case.dashboard', null, false],
  ['mentor', mentor, 'case.dashboard', null, false],
  ['official', official, 'case.dashboard', null, true],
  ['staff', staff, 'case.dashboard', null, true],
  ['admin', admin, 'case.dashboard', null, true],

  // Programme figures.
  ['guest', guest, 'programme.manage', null, false],
  ['member', member, 'programme.manage', null, false],
  ['mentor', mentor, 'programme.manage', null, false],
  ['official', official, 'programme.manage', null, true],
  ['official (suspended)', suspendedOfficial, 'programme.manage', null, false],
  ['staff', staff, 'programme.manage', null, true],
  ['admin', admin, 'programme.manage', null, true],
  ['guest', guest, 'programme.edit', { sigun: JEONJU }, false],
  ['member', member, 'programme.edit', { sigun: JEONJU }, false],
  ['mentor', mentor, 'programme.edit', { sigun: JEONJU }, false],
  ['official (own 시·군)', official, 'programme.edit', { sigun: JEONJU }, true],
  ['official (outside their 시·군)', official, 'programme.edit', { sigun: GUNSAN }, false],
  ['official (the programme target)', official, 'programme.edit', { sigun: null }, false],
  ['official (suspended)', suspendedOfficial, 'programme.edit', { sigun: JEONJU }, false],
  ['staff (any 시·군)', staff, 'programme.edit', { sigun: GUNSAN }, true],
  ['staff (the programme target)', staff, 'programme.edit', { sigun: null }, true],
  ['staff (suspended)', suspendedStaff, 'programme.edit', { sigun: GUNSAN }, false],
  ['admin (the programme target)', admin, 'programme.edit', { sigun: null }, true],
];

describe('can(): case workflow, programme figures, 시·군 담당자', () => {
  it.each(table)('%s → %s', (_name, actor, action, resource, allowed) => {
    expect(can(actor, action as never, resource as never)).toBe(allowed);
  });
});
