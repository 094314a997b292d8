// Limits for members in their first day, as Discourse limits trust level 0: a few links
// per post and a few new threads, so a spam account can do little harm.
import type { User } from '../db/schema';

export const NEW_MEMBER_PERIOD_MS = 24 * 60 * 60 * 1000;
export const NEW_MEMBER_MAX_LINKS = 2;
export const NEW_MEMBER_MAX_THREADS = 3;

export function isNewMember(user: Pick<User, 'createdAt' | 'role'>, now = new Date()): boolean {
  return user.role === 'member' && now.getTime() - user.createdAt.getTime() < NEW_MEMBER_PERIOD_MS;
}

/** A Korean message saying why a new member may not post this, or undefined. */
export function newMemberProblem(
  user: Pick<User, 'createdAt' | 'role'>,
  post: { links: number; isNewThread: boolean; threadsToday: number },
  now = new Date(),
): string | undefined {
  if (!isNewMember(user, now)) return undefined;
  if (post.links > NEW_MEMBER_MAX_LINKS) {
    return `가입 첫날에는 글 하나에 링크를 ${NEW_MEMBER_MAX_LINKS}개까지만 넣을 수 있습니다. 스팸을 막기 위한 제한이며 하루가 지나면 풀립니다.`;
  }
  if (post.isNewThread && post.threadsToday >= NEW_MEMBER_MAX_THREADS) {
    return `가입 첫날에는 새 글을 ${NEW_MEMBER_MAX_THREADS}개까지 쓸 수 있습니다. 답글은 계속 쓸 수 있고, 내일부터는 제한이 풀립니다.`;
  }
  return undefined;
}
