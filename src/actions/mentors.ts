// Helper profiles: a mentor (or a 선배기업 member) keeps their own and opts in to being listed;
// staff approve or withdraw the listing (audited).
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { database } from '../lib/runtime';
import { checkbox, requiredText } from '../lib/forms';
import { SIGUN_CODES } from '../lib/regions';
import { INDUSTRIES } from '../lib/industries';
import { can } from '../lib/auth/permissions';
import { MENTOR_FIELDS, PROCESSES } from '../lib/mentors/fields';
import { profileOf, saveProfile, setApproval } from '../lib/mentors/profiles';
import { recordAudit } from '../lib/admin/audit';
import { getUserById } from '../lib/auth/user';
import { now } from '../lib/clock';
import type { User } from '../lib/db/schema';

function signedIn(context: ActionAPIContext): User {
  const user = context.locals.user;
  if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: '로그인이 끝났습니다. 다시 로그인한 뒤 보내 주세요.' });
  return user;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const mentors = {
  saveProfile: defineAction({
    accept: 'form',
    input: z
      .object({
        careerField: z.enum(MENTOR_FIELDS, { error: '삼성 경력 분야를 골라 주세요.' }),
        processes: z.array(z.enum(PROCESSES, { error: '목록에 있는 공정을 골라 주세요.' })).default([]),
        industries: z.array(z.enum(INDUSTRIES, { error: '목록에 있는 업종을 골라 주세요.' })).default([]),
        sigunCodes: z.array(z.enum(SIGUN_CODES, { error: '목록에 있는 시·군을 골라 주세요.' })).default([]),
        years: z.coerce.number({ error: '경력 연수를 숫자로 적어 주세요.' }).int({ error: '경력 연수를 정수로 적어 주세요.' }).min(0).max(60, { error: '60년 이하로 적어 주세요.' }).nullish(),
        availability: z.enum(['available', 'unavailable', 'until'], { error: '방문 가능 여부를 골라 주세요.' }),
        unavailableUntil: z.string().max(10).nullish(),
        introduction: requiredText('짧은 소개를 적어 주세요.', 1000),
        contact: z.string().trim().max(200, { error: '200자 이하로 적어 주세요.' }).nullish(),
        listed: checkbox(),
      })
      .superRefine((input, ctx) => {
        if (input.availability === 'until' && !(input.unavailableUntil && DATE.test(input.unavailableUntil))) {
          ctx.addIssue({ code: 'custom', path: ['unavailableUntil'], message: '언제까지 방문이 어려운지 2026-12-31 형식의 날짜로 적어 주세요.' });
        }
      }),
    handler: async (input, context) => {
      const user = signedIn(context);
      if (!can(user, 'mentor.keepProfile', null)) throw new ActionError({ code: 'FORBIDDEN', message: '멘토와 회원(선배기업)만 프로필을 만들 수 있습니다.' });
      const db = await database();
      await saveProfile(db, {
        user,
        listed: input.listed,
        now: now(),
        fields: {
          careerField: input.careerField,
          processes: input.processes,
          industries: input.industries,
          sigunCodes: input.sigunCodes,
          years: input.years ?? null,
          available: input.availability !== 'unavailable',
          unavailableUntil: input.availability === 'until' ? input.unavailableUntil! : null,
          introduction: input.introduction,
          contact: input.contact || null,
        },
      });
      return { saved: true, listed: input.listed };
    },
  }),

  approve: defineAction({
    accept: 'form',
    input: z.object({ userId: z.coerce.number().int().positive(), change: z.enum(['approve', 'unapprove']) }),
    handler: async ({ userId, change }, context) => {
      const user = signedIn(context);
      if (!can(user, 'mentor.approve', null)) throw new ActionError({ code: 'FORBIDDEN', message: '담당자와 관리자만 멘토 프로필을 승인할 수 있습니다.' });
      const db = await database();
      const profile = await profileOf(db, userId);
      if (!profile) throw new ActionError({ code: 'NOT_FOUND', message: '프로필을 찾을 수 없습니다.' });
      const done = await setApproval(db, userId, change === 'approve' ? user : null, now());
      if (!done) throw new ActionError({ code: 'CONFLICT', message: '공개에 동의하지 않은 프로필은 승인할 수 없습니다.' });
      const owner = await getUserById(db, userId);
      await recordAudit(db, { actor: user, action: `mentor.${change}`, targetType: 'mentor', targetId: userId, details: { title: owner?.displayName } });
      return { userId, change };
    },
  }),
};

