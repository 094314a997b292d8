// Who may do what with helper profiles and consultation requests: every role and action.
import { describe, expect, it } from 'vitest';
import { can, coversSigun, type Actor, type ConsultationAccess } from '../src/lib/auth/permissions';
import type { ConsultationState } from '../src/lib/db/schema';

const guest = null;
const company = { id: 1, role: 'member' } as const;
const otherCompany = { id: 2, role: 'member' } as const;
const assignedMentor = { id: 3, role: 'mentor' } as const;
const otherMentor = { id: 4, role: 'mentor' } as const;
const seniorMember = { id: 7, role: 'member' } as const;
const staff = { id: 5, role: 'staff' } as const;
const admin = { id: 6, role: 'admin' } as const;
const suspendedCompany = { ...company, suspendedUntil: new Date(Date.now() + 86_400_000) };
const unconfirmed = { id: 8, role: 'member', emailVerifiedAt: null } as const;
// 시·군 담당자 (city/county officials): members with 시·군 scopes; requests below are in 군산시 (52130).
const gunsanOfficial = { id: 9, role: 'member', sigunScopes: ['52130'] } as const;
const jeonjuOfficial = { id: 10, role: 'member', sigunScopes: ['52110'] } as const;

const request = (state: ConsultationState, assigneeIds: number[] = [3, 7]): ConsultationAccess => ({
  consultation: { requesterId: 1, sigunCode: '52130', state },
  assigneeIds,
});

type Row = [string, Actor | null, Parameters<typeof can>[1], unknown, boolean];
const everyone: [string, Actor | null][] = [
  ['guest', guest], ['company', company], ['other company', otherCompany], ['assigned mentor', assignedMentor],
  ['other mentor', otherMentor], ['assigned 선배기업 member', seniorMember], ['staff', staff], ['admin', admin],
];
const expect8 = (action: Parameters<typeof can>[1], resource: unknown, allowed: boolean[]): Row[] =>
  everyone.map(([name, actor], i) => [name, actor, action, resource, allowed[i]!]);

//                                      guest  company other  mentor otherM senior staff  admin
const table: Row[] = [
  ...expect8('mentor.keepProfile', null, [false, true, true, true, true, true, false, false]),
  ...expect8('mentor.approve', null, [false, false, false, false, false, false, true, true]),
  ...expect8('mentor.viewContact', null, [false, true, true, true, true, true, true, true]),
  ...expect8('consultation.create', null, [false, true, true, true, true, true, true, true]),
  ...expect8('consultation.view', request('assigned'), [false, true, false, true, false, true, true, true]),
  ...expect8('consultation.message', request('assigned'), [false, true, false, true, false, true, true, true]),
  ...expect8('consultation.message', request('withdrawn'), [false, false, false, false, false, false, false, false]),
  ...expect8('consultation.triage', request('received', []), [false, false, false, false, false, false, true, true]),
  ...expect8('consultation.triage', request('completed'), [false, false, false, false, false, false, false, false]),
  ...expect8('consultation.schedule', request('assigned'), [false, false, false, true, false, true, true, true]),
  ...expect8('consultation.schedule', request('received', []), [false, false, false, false, false, false, false, false]),
  ...expect8('consultation.complete', request('scheduled'), [false, false, false, true, false, true, true, true]),
  ...expect8('consultation.complete', request('assigned'), [false, false, false, false, false, false, false, false]),
  ...expect8('consultation.rate', request('completed'), [false, true, false, false, false, false, false, false]),
  ...expect8('consultation.rate', request('scheduled'), [false, false, false, false, false, false, false, false]),
  ...expect8('consultation.withdraw', request('scheduled'), [false, true, false, false, false, false, false, false]),
  ...expect8('consultation.withdraw', request('rejected'), [false, false, false, false, false, false, false, false]),
  ...expect8('consultation.dashboard', null, [false, false, false, false, false, false, true, true]),
  ['suspended company', suspendedCompany, 'consultation.create', null, false],
  ['suspended company (still sees its request)', suspendedCompany, 'consultation.view', request('assigned'), true],
  ['suspended company', suspendedCompany, 'consultation.withdraw', request('assigned'), false],
  ['address not confirmed', unconfirmed, 'consultation.create', null, false],
  ['군산시 담당자', gunsanOfficial, 'consultation.dashboard', null, true],
  ['군산시 담당자 (their 시·군)', gunsanOfficial, 'consultation.view', request('received', []), true],
  ['군산시 담당자 (their 시·군)', gunsanOfficial, 'consultation.triage', request('received', []), true],
  ['전주시 담당자 (another 시·군)', jeonjuOfficial, 'consultation.view', request('received', []), false],
  ['전주시 담당자 (another 시·군)', jeonjuOfficial, 'consultation.triage', request('received', []), false],
  ['전주시 담당자 (another 시·군)', jeonjuOfficial, 'consultation.message', request('assigned'), false],
];

describe('can(): helper profiles and consultation requests', () => {
  it.each(table)('%s → %s', (_name, actor, action, resource, allowed) => {
    expect(can(actor, action as never, resource as never)).toBe(allowed);
  });

  it('province staff and admins cover every 시·군, a 시·군 담당자 their own', () => {
    expect(coversSigun(staff, '52800')).toBe(true);
    expect(coversSigun(admin, '52110')).toBe(true);
    expect(coversSigun(assignedMentor, '52130')).toBe(false);
    expect(coversSigun(null, '52130')).toBe(false);
    expect(coversSigun(gunsanOfficial, '52130')).toBe(true);
    expect(coversSigun(gunsanOfficial, '52110')).toBe(false);
  });
});
