// Actions about mail: confirming the address, changing it, notification mail settings,
// unsubscribing from a mail's link, and the admin's retry of a failed mail.
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { database, pokeMailWorker } from '../lib/runtime';
import { readConfig } from '../lib/config';
import { now } from '../lib/clock';
import { emailField, idField } from '../lib/forms';
import { getUserByEmail, getUserById } from '../lib/auth/user';
import { verifyPassword } from '../lib/auth/password';
import { RATE_LIMITS, consumeToken } from '../lib/rate-limit';
import { confirmAddress, sendAddressConfirmation } from '../lib/mail/accounts';
import { MAIL_KINDS, MAIL_KIND_KEYS, setMailPreferences, unsubscribeByKey } from '../lib/mail/unsubscribe';
import { retryMail } from '../lib/mail/outbox';
import { unsubscribeByToken } from '../lib/notices/subscriptions';
import { recordAudit } from '../lib/admin/audit';
import { allowedUser, signedIn } from './guards';


export const mail = {
  /** Confirms the address of a mailed link (a button, so link scanners do not use it up). */
  confirmAddress: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().regex(/^[a-z2-7]{20,64}$/, { error: '잘못된 링크입니다.' }) }),
    handler: async ({ token }) => {
      const db = await database();
      const outcome = await confirmAddress(db, token, readConfig().siteUrl, now());
      if (!outcome.ok) {
        throw new ActionError({
          code: outcome.reason === 'taken' ? 'CONFLICT' : 'GONE',
          message:
            outcome.reason === 'taken'
              ? '그 주소는 이미 다른 계정이 쓰고 있어 바꿀 수 없습니다.'
              : '링크가 만료되었거나 이미 사용되었습니다. 내 정보에서 확인 메일을 다시 받아 주세요.',
        });
      }
      pokeMailWorker();
      return { changed: outcome.changed };
    },
  }),

  resendConfirmation: defineAction({
    accept: 'form',
    handler: async (_input, context) => {
      const user = signedIn(context);
      if (user.emailVerifiedAt) return { sent: false };
      const db = await database();
      if (!(await consumeToken(db, `mail:account:${user.id}`, RATE_LIMITS.mailPerAccount))) {
        throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: '확인 메일을 너무 자주 요청했습니다. 10분쯤 뒤에 다시 시도해 주세요.' });
      }
      await db.transaction(async (tx) => sendAddressConfirmation(tx as never, user, user.email, readConfig().siteUrl, now()));
      pokeMailWorker();
      return { sent: true };
    },
  }),

  /** A new login address takes effect when its link is opened; the old address is told then. */
  changeEmail: defineAction({
    accept: 'form',
    input: z.object({
      newEmail: emailField,
      emailPassword: z.string({ error: '비밀번호를 입력해 주세요.' }).max(256, { error: '비밀번호가 너무 깁니다.' }),
    }),
    handler: async ({ newEmail, emailPassword }, context) => {
      const user = signedIn(context);
      const db = await database();
      if (!(await consumeToken(db, `mail:account:${user.id}`, RATE_LIMITS.mailPerAccount))) {
        throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: '요청이 너무 많습니다. 10분쯤 뒤에 다시 시도해 주세요.' });
      }
      const fresh = await getUserById(db, user.id);
      if (!fresh || !(await verifyPassword(fresh.passwordHash, emailPassword))) {
        throw new ActionError({ code: 'FORBIDDEN', message: '비밀번호가 맞지 않습니다.' });
      }
      const email = newEmail.toLowerCase();
      if (email === fresh.email) throw new ActionError({ code: 'BAD_REQUEST', message: '지금 쓰는 주소와 같습니다.' });
      if (await getUserByEmail(db, email)) {
        throw new ActionError({ code: 'CONFLICT', message: '그 주소는 이미 다른 계정이 쓰고 있습니다.' });
      }
      await db.transaction(async (tx) => sendAddressConfirmation(tx as never, fresh, email, readConfig().siteUrl, now()));
      pokeMailWorker();
      return { pendingEmail: email };
    },
  }),

  savePreferences: defineAction({
    accept: 'form',
    // Each kind accepts only the choices /account offers for it.
    input: z.object(Object.fromEntries(MAIL_KIND_KEYS.map((k) => [k, z.enum(MAIL_KINDS[k].deliveries).optional()]))),
    handler: async (input, context) => {
      const user = signedIn(context);
      await setMailPreferences(await database(), user.id, input);
      return { saved: true };
    },
  }),

  /** The unsubscribe page's button (mail programs use the one-click POST in server/index.mjs). */
  unsubscribe: defineAction({
    accept: 'form',
    input: z.object({ u: z.string().max(64).nullish(), s: z.string().max(64).nullish(), kind: z.string().max(40).nullish() }),
    handler: async ({ u, s, kind }) => {
      // `s`: the key of a 공고 subscription (src/lib/notices/subscriptions.ts); `u`: a member's notification mail.
      const db = await database();
      const done = s ? await unsubscribeByToken(db, s) : !!u && (await unsubscribeByKey(db, u, kind ?? undefined));
      if (!done) throw new ActionError({ code: 'NOT_FOUND', message: '알 수 없는 수신 거부 링크입니다. 메일에 있는 링크를 그대로 열어 주세요.' });
      return { unsubscribed: true };
    },
  }),

  retry: defineAction({
    accept: 'form',
    input: z.object({ id: idField }),
    handler: async ({ id }, context) => {
      const user = allowedUser(context, 'mail.outbox', null, '관리자만 메일을 다시 보낼 수 있습니다.');
      const db = await database();
      if (!(await retryMail(db, id, now()))) throw new ActionError({ code: 'NOT_FOUND', message: '다시 보낼 실패한 메일이 없습니다.' });
      await recordAudit(db, { actor: user, action: 'mail.retry', targetType: 'mail', targetId: String(id) });
      pokeMailWorker();
      return { retried: id };
    },
  }),
};
