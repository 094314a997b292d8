// Actions of the moderators' review queue and the administrators' user pages. Every one is
// written to the audit log with who, what, on what and why.
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { database } from '../lib/runtime';
import { checkbox, requiredText, idField } from '../lib/forms';
import { notFound } from './forum';
import { check, signedIn } from './guards';
import { postWithThread, updateThread } from '../lib/forum/threads';
import { deletePost } from '../lib/forum/posts';
import { resolveReports, setHidden } from '../lib/forum/moderation';
import { recordAudit } from '../lib/admin/audit';
import { INDEFINITELY, SUSPENSION_DURATIONS, type SuspensionDuration, deleteAccount, liftSuspension, suspendUser, warnUser } from '../lib/admin/users';
import { getUserById, setUserRole } from '../lib/auth/user';
import { verifyPassword } from '../lib/auth/password';
import { deleteSessionCookie } from '../lib/auth/session-cookie';
import { userRole } from '../lib/db/schema';
import { SIGUN_CODES, type SigunCode } from '../lib/regions';
import type { Database } from '../lib/db/client';
import { assignSigunScope, removeSigunScope } from '../lib/auth/scopes';

const id = idField;
const reason = requiredText('사유를 적어 주세요. 당사자와 감사 기록에 남습니다.', 500);
const duration = z.enum(SUSPENSION_DURATIONS.map((d) => d.value) as [SuspensionDuration, ...SuspensionDuration[]], { error: '정지 기간을 골라 주세요.' });

function until(days: z.infer<typeof duration>): Date {
  return days === 'indefinite' ? INDEFINITELY : new Date(Date.now() + Number(days) * 86_400_000);
}

export const moderation = {
  /** One decision on a reported post; its open reports are closed with that decision. */
  review: defineAction({
    accept: 'form',
    input: z.object({
      postId: id,
      decision: z.enum(['dismiss', 'hide', 'delete', 'lock', 'warn', 'suspend']),
      reason: z.string().trim().max(500).optional(),
      days: duration.optional(),
    }),
    handler: async (input, context) => {
      const user = signedIn(context);
      check(user, 'moderation.review', null);
      const db = await database();
      const found = (await postWithThread(db, input.postId)) ?? notFound();
      const author = found.post.authorId ? await getUserById(db, found.post.authorId) : undefined;
      const needsReason = input.decision === 'warn' || input.decision === 'suspend';
      if (needsReason && !input.reason) {
        throw new ActionError({ code: 'BAD_REQUEST', message: '경고나 정지에는 당사자에게 보일 사유가 필요합니다.' });
      }
      switch (input.decision) {
        case 'dismiss':
          // A dismissed report also lifts an automatic hide.
          if (found.post.hiddenReason === 'reports') await setHidden(db, found.post.id, null);
          await recordAudit(db, { actor: user, action: 'report.dismiss', targetType: 'post', targetId: found.post.id, reason: input.reason });
          break;
        case 'hide':
          await setHidden(db, found.post.id, 'moderator');
          await recordAudit(db, { actor: user, action: 'post.hide', targetType: 'post', targetId: found.post.id, reason: input.reason });
          break;
        case 'delete':
          await deletePost(db, found.post.id);
          await recordAudit(db, { actor: user, action: 'post.delete', targetType: 'post', targetId: found.post.id, reason: input.reason });
          break;
        case 'lock':
          await updateThread(db, found.thread.id, { locked: true });
          await recordAudit(db, { actor: user, action: 'thread.lock', targetType: 'thread', targetId: found.thread.id, reason: input.reason });
          break;
        case 'warn':
        case 'suspend': {
          if (!author) throw new ActionError({ code: 'BAD_REQUEST', message: '탈퇴한 회원에게는 할 수 없습니다.' });
          check(user, input.decision === 'warn' ? 'user.warn' : 'user.suspend', { target: author });
          if (input.decision === 'warn') {
            await warnUser(db, author.id, user.id, input.reason!, { id: found.post.id, threadId: found.thread.id });
          } else {
            const end = until(input.days ?? '7');
            await suspendUser(db, author.id, end, input.reason!);
            await setHidden(db, found.post.id, 'moderator');
          }
          await recordAudit(db, {
            actor: user,
            action: input.decision === 'warn' ? 'user.warn' : 'user.suspend',
            targetType: 'user',
            targetId: author.id,
            reason: input.reason,
            details: { postId: found.post.id, ...(input.decision === 'suspend' ? { days: input.days ?? '7' } : {}) },
          });
          break;
        }
      }
      await resolveReports(db, found.post.id, user.id, input.decision);
      return { done: input.decision };
    },
  }),

  changeRole: defineAction({
    accept: 'form',
    input: z.object({ userId: id, role: z.enum(userRole.enumValues, { error: '역할을 골라 주세요.' }), roleReason: z.string().trim().max(500).optional() }),
    handler: async (input, context) => {
      const user = signedIn(context);
      check(user, 'user.changeRole', null);
      const db = await database();
      const target = (await getUserById(db, input.userId)) ?? notFound();
      if (target.id === user.id) throw new ActionError({ code: 'BAD_REQUEST', message: '자기 역할은 바꿀 수 없습니다. 다른 관리자에게 부탁하세요.' });
      if (target.role !== input.role) {
        await setUserRole(db, target.id, input.role);
        await recordAudit(db, { actor: user, action: 'user.role', targetType: 'user', targetId: target.id, reason: input.roleReason, details: { from: target.role, to: input.role } });
      }
      return { userId: target.id };
    },
  }),

  /** Makes the member a 시·군 담당자 for one more 시·군 (admins; audited). */
  assignScope: scopeChange('scope.assign', (db, userId, sigun, actorId) => assignSigunScope(db, userId, sigun, actorId)),

  /** Ends the member's work for one 시·군 (admins; audited). */
  removeScope: scopeChange('scope.remove', (db, userId, sigun) => removeSigunScope(db, userId, sigun)),

  suspend: defineAction({
    accept: 'form',
    input: z.object({ userId: id, days: duration, suspendReason: reason }),
    handler: async (input, context) => {
      const user = signedIn(context);
      const db = await database();
      const target = (await getUserById(db, input.userId)) ?? notFound();
      check(user, 'user.suspend', { target });
      await suspendUser(db, target.id, until(input.days), input.suspendReason);
      await recordAudit(db, { actor: user, action: 'user.suspend', targetType: 'user', targetId: target.id, reason: input.suspendReason, details: { days: input.days } });
      return { userId: target.id };
    },
  }),

  unsuspend: defineAction({
    accept: 'form',
    input: z.object({ userId: id, reason: z.string().trim().max(500).optional() }),
    handler: async (input, context) => {
      const user = signedIn(context);
      const db = await database();
      const target = (await getUserById(db, input.userId)) ?? notFound();
      check(user, 'user.suspend', { target });
      await liftSuspension(db, target.id);
      await recordAudit(db, { actor: user, action: 'user.unsuspend', targetType: 'user', targetId: target.id, reason: input.reason });
      return { userId: target.id };
    },
  }),

  /** A member deletes their own account, confirming with their password. */
  deleteOwnAccount: defineAction({
    accept: 'form',
    input: z.object({ accountPassword: z.string({ error: '비밀번호를 입력해 주세요.' }).max(256, { error: '비밀번호가 너무 깁니다.' }), confirm: checkbox('탈퇴 안내를 읽고 확인란에 표시해 주세요.') }),
    handler: async (input, context) => {
      const user = signedIn(context);
      const db = await database();
      const fresh = (await getUserById(db, user.id)) ?? notFound();
      if (!(await verifyPassword(fresh.passwordHash, input.accountPassword))) {
        throw new ActionError({ code: 'FORBIDDEN', message: '비밀번호가 맞지 않습니다.' });
      }
      await recordAudit(db, { actor: user, action: 'user.delete', targetType: 'user', targetId: user.id });
      await deleteAccount(db, user.id);
      deleteSessionCookie(context.cookies);
      return { deleted: true };
    },
  }),
};

/** Assigning and removing a 시·군 scope: the same checks and audit, a different change. */
function scopeChange(
  auditAction: 'scope.assign' | 'scope.remove',
  change: (db: Database, userId: number, sigun: SigunCode, actorId: number) => Promise<boolean>,
) {
  return defineAction({
    accept: 'form',
    input: z.object({ userId: id, sigunCode: z.enum(SIGUN_CODES, { error: '시·군을 골라 주세요.' }) }),
    handler: async (input, context) => {
      const user = signedIn(context);
      check(user, 'scope.assign', null);
      const db = await database();
      const target = (await getUserById(db, input.userId)) ?? notFound();
      if (await change(db, target.id, input.sigunCode, user.id)) {
        await recordAudit(db, { actor: user, action: auditAction, targetType: 'user', targetId: target.id, details: { sigun: input.sigunCode } });
      }
      return { userId: target.id };
    },
  });
}
