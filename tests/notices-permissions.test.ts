// Every announcement action for every kind of user, as a table.
import { describe, expect, it } from 'vitest';
import { can, type Actor } from '../src/lib/auth/permissions';
import type { Announcement } from '../src/lib/db/schema';

const NOW = new Date('2026-12-01T03:00:00Z');
const FUTURE = new Date(NOW.getTime() + 7 * 24 * 3600 * 1000);
const PAST = new Date(NOW.getTime() - 3600 * 1000);
const actors: Record<string, Actor | null> = {
  guest: null,
  member: { id: 1, role: 'member' },
  mentor: { id: 2, role: 'mentor' },
  staff: { id: 3, role: 'staff' },
  admin: { id: 4, role: 'admin' },
  suspended: { id: 5, role: 'member', suspendedUntil: FUTURE },
  suspendedStaff: { id: 6, role: 'staff', suspendedUntil: FUTURE },
};

type Notice = Pick<Announcement, 'status' | 'publishAt'>;
const notices: Record<string, Notice> = {
  published: { status: 'published', publishAt: PAST },
  scheduled: { status: 'published', publishAt: FUTURE },
  draft: { status: 'draft', publishAt: null },
  withdrawn: { status: 'withdrawn', publishAt: PAST },
};

const Y = true;
const N = false;
// 'notice.manage' covers create, edit, publish, schedule, pin, unpin and withdraw.
const MANAGE_ACTIONS = ['create', 'edit', 'publish', 'schedule', 'pin', 'unpin', 'withdraw'];
type Row = [string, () => [Parameters<typeof can>[1], unknown], Record<string, boolean>];
//                                                              guest member mentor staff admin suspended suspendedStaff
const table: Row[] = [
  ['read a published notice', () => ['notice.read', { notice: notices.published, now: NOW }], { guest: Y, member: Y, mentor: Y, staff: Y, admin: Y, suspended: Y, suspendedStaff: Y }],
  ['read a scheduled notice', () => ['notice.read', { notice: notices.scheduled, now: NOW }], { guest: N, member: N, mentor: N, staff: Y, admin: Y, suspended: N, suspendedStaff: Y }],
  ['read a draft', () => ['notice.read', { notice: notices.draft, now: NOW }], { guest: N, member: N, mentor: N, staff: Y, admin: Y, suspended: N, suspendedStaff: Y }],
  ['read a withdrawn notice', () => ['notice.read', { notice: notices.withdrawn, now: NOW }], { guest: N, member: N, mentor: N, staff: Y, admin: Y, suspended: N, suspendedStaff: Y }],
  ...MANAGE_ACTIONS.map(
    (action): Row => [`${action} a notice`, () => ['notice.manage', null], { guest: N, member: N, mentor: N, staff: Y, admin: Y, suspended: N, suspendedStaff: N }],
  ),
];

describe('who may do what with announcements', () => {
  const cases = table.flatMap(([name, resource, expected]) =>
    Object.entries(expected).map(([who, allowed]) => [`${who} ${allowed ? 'may' : 'may not'} ${name}`, who, resource, allowed] as const),
  );
  it.each(cases)('%s', (_name, who, resource, allowed) => {
    const [action, res] = resource();
    expect(can(actors[who], action, res as never)).toBe(allowed);
  });

  it('a scheduled notice becomes readable for everyone at its time', () => {
    expect(can(null, 'notice.read', { notice: notices.scheduled, now: new Date(FUTURE.getTime() - 1) })).toBe(false);
    expect(can(null, 'notice.read', { notice: notices.scheduled, now: FUTURE })).toBe(true);
  });
});
