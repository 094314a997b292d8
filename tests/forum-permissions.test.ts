// Every discussion action for every kind of user, as a table.
import { describe, expect, it } from 'vitest';
import { can, type Action, type Actor } from '../src/lib/auth/permissions';

const FUTURE = new Date(Date.now() + 7 * 24 * 3600 * 1000);
const actors: Record<string, Actor | null> = {
  guest: null,
  member: { id: 1, role: 'member' },
  other: { id: 2, role: 'member' },
  mentor: { id: 3, role: 'mentor' },
  staff: { id: 4, role: 'staff' },
  admin: { id: 5, role: 'admin' },
  suspended: { id: 1, role: 'member', suspendedUntil: FUTURE },
};

const publicBoard = { readAccess: 'public', postAccess: 'members', kind: 'discussion' } as const;
const membersBoard = { readAccess: 'members', postAccess: 'members', kind: 'discussion' } as const;
const mentorBoard = { readAccess: 'public', postAccess: 'mentors', kind: 'discussion' } as const;
const qaBoard = { readAccess: 'public', postAccess: 'members', kind: 'qa' } as const;
// Thread and post written by member 1.
const thread = { authorId: 1, locked: false };
const lockedThread = { authorId: 1, locked: true };
const post = { authorId: 1, deletedAt: null };

type Row = [Action, unknown, Record<string, boolean>];
const Y = true;
const N = false;
//                                             guest member other mentor staff admin suspended
const table: Row[] = [
  ['board.read', { board: publicBoard }, { guest: Y, member: Y, other: Y, mentor: Y, staff: Y, admin: Y, suspended: Y }],
  ['board.read', { board: membersBoard }, { guest: N, member: Y, other: Y, mentor: Y, staff: Y, admin: Y, suspended: Y }],
  ['thread.create', { board: publicBoard }, { guest: N, member: Y, other: Y, mentor: Y, staff: Y, admin: Y, suspended: N }],
  ['thread.create', { board: mentorBoard }, { guest: N, member: N, other: N, mentor: Y, staff: Y, admin: Y, suspended: N }],
  ['post.reply', { board: publicBoard, thread }, { guest: N, member: Y, other: Y, mentor: Y, staff: Y, admin: Y, suspended: N }],
  ['post.reply', { board: publicBoard, thread: lockedThread }, { guest: N, member: N, other: N, mentor: N, staff: Y, admin: Y, suspended: N }],
  ['post.edit', { board: publicBoard, thread, post }, { guest: N, member: Y, other: N, mentor: N, staff: Y, admin: Y, suspended: N }],
  ['post.edit', { board: publicBoard, thread: lockedThread, post }, { guest: N, member: N, other: N, mentor: N, staff: Y, admin: Y, suspended: N }],
  ['post.delete', { board: publicBoard, thread, post }, { guest: N, member: Y, other: N, mentor: N, staff: Y, admin: Y, suspended: N }],
  ['post.accept', { board: qaBoard, thread }, { guest: N, member: Y, other: N, mentor: N, staff: Y, admin: Y, suspended: N }],
  ['post.accept', { board: publicBoard, thread }, { guest: N, member: N, other: N, mentor: N, staff: N, admin: N, suspended: N }],
  ['post.react', { board: publicBoard, post }, { guest: N, member: N, other: Y, mentor: Y, staff: Y, admin: Y, suspended: N }],
  ['post.report', { board: publicBoard, post }, { guest: N, member: N, other: Y, mentor: Y, staff: Y, admin: Y, suspended: N }],
  ['thread.pin', null, { guest: N, member: N, other: N, mentor: N, staff: Y, admin: Y, suspended: N }],
  ['thread.lock', null, { guest: N, member: N, other: N, mentor: N, staff: Y, admin: Y, suspended: N }],
  ['thread.move', null, { guest: N, member: N, other: N, mentor: N, staff: Y, admin: Y, suspended: N }],
  ['post.hide', { board: publicBoard, post }, { guest: N, member: N, other: N, mentor: N, staff: Y, admin: Y, suspended: N }],
  ['moderation.review', null, { guest: N, member: N, other: N, mentor: N, staff: Y, admin: Y, suspended: N }],
  ['user.warn', { target: { id: 1, role: 'member' } }, { guest: N, member: N, other: N, mentor: N, staff: Y, admin: Y, suspended: N }],
  ['user.suspend', { target: { id: 1, role: 'member' } }, { guest: N, member: N, other: N, mentor: N, staff: Y, admin: Y, suspended: N }],
  ['user.suspend', { target: { id: 9, role: 'staff' } }, { guest: N, member: N, other: N, mentor: N, staff: N, admin: Y, suspended: N }],
  ['user.suspend', { target: { id: 5, role: 'admin' } }, { guest: N, member: N, other: N, mentor: N, staff: N, admin: N, suspended: N }],
  ['user.changeRole', null, { guest: N, member: N, other: N, mentor: N, staff: N, admin: Y, suspended: N }],
  ['user.list', null, { guest: N, member: N, other: N, mentor: N, staff: N, admin: Y, suspended: N }],
  ['user.export', null, { guest: N, member: N, other: N, mentor: N, staff: N, admin: Y, suspended: N }],
  ['audit.read', null, { guest: N, member: N, other: N, mentor: N, staff: N, admin: Y, suspended: N }],
  ['admin.dashboard', null, { guest: N, member: N, other: N, mentor: N, staff: N, admin: Y, suspended: N }],
];

describe('who may do what in the discussions, moderation and administration', () => {
  const cases = table.flatMap(([action, resource, expected]) =>
    Object.entries(expected).map(([who, allowed]) => [`${who} ${allowed ? 'may' : 'may not'} ${action} ${JSON.stringify(resource)}`, who, action, resource, allowed] as const),
  );
  it.each(cases)('%s', (_name, who, action, resource, allowed) => {
    expect(can(actors[who], action, resource as never)).toBe(allowed);
  });

  it('nobody edits or reacts to a deleted post', () => {
    const deleted = { authorId: 1, deletedAt: new Date() };
    expect(can(actors.admin, 'post.edit', { board: publicBoard, thread, post: deleted })).toBe(false);
    expect(can(actors.other, 'post.react', { board: publicBoard, post: deleted })).toBe(false);
  });

  it('a suspension in the past no longer blocks', () => {
    const served = { id: 1, role: 'member' as const, suspendedUntil: new Date(Date.now() - 1000) };
    expect(can(served, 'post.reply', { board: publicBoard, thread })).toBe(true);
  });
});
