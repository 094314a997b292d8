// The sign-in and permission guards of every action, in one place: who is asking (401 when
// nobody is signed in) and whether `can()` (src/lib/auth/permissions.ts) lets them (403, with
// the reason a suspended or unconfirmed member needs to know).
import { ActionError, type ActionAPIContext } from 'astro:actions';
import { ADDRESS_CONFIRMATION_MESSAGE, can, needsAddressConfirmation, type Action } from '../lib/auth/permissions';
import { suspensionMessage } from '../lib/admin/users';
import { formatDateTime } from '../lib/dates';
import type { Session } from '../lib/db/schema';
import type { SessionUser } from '../lib/auth/session';

const SIGNED_OUT = '로그인이 끝났습니다. 쓴 내용은 아래에 남아 있으니, 다른 탭에서 로그인한 뒤 다시 보내 주세요.';

/** The signed-in member, or a 401 ActionError. */
export function signedIn(context: ActionAPIContext): SessionUser {
  const user = context.locals.user;
  if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: SIGNED_OUT });
  return user;
}

/** The signed-in member and their session (for actions that end or replace it). */
export function signedInSession(context: ActionAPIContext): { user: SessionUser; session: Session } {
  const { user, session } = context.locals;
  if (!user || !session) throw new ActionError({ code: 'UNAUTHORIZED', message: SIGNED_OUT });
  return { user, session };
}

export function forbidden(message = '이 작업을 할 권한이 없습니다.'): never {
  throw new ActionError({ code: 'FORBIDDEN', message });
}

/** A 403 unless `can(user, action, resource)`; suspension and unconfirmed address say so. */
export function check<A extends Action>(user: SessionUser, action: A, resource: Parameters<typeof can<A>>[2], message?: string) {
  if (!can(user, action, resource)) {
    forbidden(suspensionMessage(user, formatDateTime) ?? (needsAddressConfirmation(user) ? ADDRESS_CONFIRMATION_MESSAGE : message));
  }
}

/** The signed-in member, once `action` on `resource` is allowed to them. */
export function allowedUser<A extends Action>(context: ActionAPIContext, action: A, resource: Parameters<typeof can<A>>[2], message?: string): SessionUser {
  const user = signedIn(context);
  check(user, action, resource, message);
  return user;
}
