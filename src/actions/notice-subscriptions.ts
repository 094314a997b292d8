// Actions of the 공고 mail subscriptions (src/lib/notices/subscriptions.ts): members save or
// remove theirs; guests ask with an address and confirm by the mailed link (double opt-in).
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { database, pokeMailWorker } from '../lib/runtime';
import { readConfig } from '../lib/config';
import { now } from '../lib/clock';
import { emailField } from '../lib/forms';
import { SIGUN_CODES } from '../lib/regions';
import { RATE_LIMITS, consumeToken } from '../lib/rate-limit';
import { CATEGORY_KEYS } from '../lib/notices/notices';
import {
  confirmGuestSubscription,
  removeMemberSubscription,
  requestGuestSubscription,
  saveMemberSubscription,
} from '../lib/notices/subscriptions';
import { signedIn } from './guards';

const choice = {
  categories: z.array(z.enum(CATEGORY_KEYS, { error: '목록에 있는 분야를 골라 주세요.' })).max(10).default([]),
  sigunCodes: z.array(z.enum(SIGUN_CODES, { error: '목록에 있는 시·군을 골라 주세요.' })).max(20).default([]),
};

export const noticeSubscriptions = {
  /** A member's subscription, saved at once (their address is the account's). */
  save: defineAction({
    accept: 'form',
    input: z.object(choice),
    handler: async (input, context) => {
      const user = signedIn(context);
      await saveMemberSubscription(await database(), user.id, input, now());
      return { saved: true, confirmedAddress: !!user.emailVerifiedAt };
    },
  }),

  remove: defineAction({
    accept: 'form',
    handler: async (_input, context) => {
      const user = signedIn(context);
      await removeMemberSubscription(await database(), user.id);
      return { removed: true };
    },
  }),

  /** A guest's request: nothing is mailed about notices until the confirmation link is opened. */
  request: defineAction({
    accept: 'form',
    input: z.object({ email: emailField, ...choice }),
    handler: async (input, context) => {
      const db = await database();
      if (!(await consumeToken(db, `notice-subscribe:ip:${context.clientAddress}`, RATE_LIMITS.subscribePerAddress))) {
        throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: '신청이 너무 많습니다. 잠시 뒤에 다시 시도해 주세요.' });
      }
      if (!(await consumeToken(db, `notice-subscribe:email:${input.email.toLowerCase()}`, RATE_LIMITS.noticeSubscribePerEmail))) {
        throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: '이 주소로 신청이 너무 많습니다. 10분쯤 뒤에 다시 시도해 주세요.' });
      }
      await requestGuestSubscription(db, input, readConfig().siteUrl, now());
      pokeMailWorker();
      return { email: input.email.toLowerCase() };
    },
  }),

  /** The confirmation page's button (a button, so link scanners do not confirm). */
  confirm: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().regex(/^[a-z2-7]{20,64}$/, { error: '잘못된 링크입니다.' }) }),
    handler: async ({ token }) => {
      const row = await confirmGuestSubscription(await database(), token, now());
      if (!row) {
        throw new ActionError({ code: 'GONE', message: '링크가 만료되었거나 이미 사용되었습니다. 구독을 다시 신청해 주세요.' });
      }
      return { confirmed: true };
    },
  }),
};
