// Consultation requests: a company asks; staff assign or reject; an assignee or staff set the
// visit date and the outcome; the company rates or withdraws; everyone involved talks in
// the request's private conversation. Anyone else gets "not found".
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { database } from '../lib/runtime';
import { optionalChoice, requiredText } from '../lib/forms';
import { SIGUN_CODES } from '../lib/regions';
import { INDUSTRIES } from '../lib/industries';
import { ADDRESS_CONFIRMATION_MESSAGE, can, isSuspended } from '../lib/auth/permissions';
import { MENTOR_FIELDS } from '../lib/mentors/fields';
import { renderMemberMarkdown } from '../lib/markdown';
import { formatDateTime, seoulLocalToDate } from '../lib/dates';
import { now } from '../lib/clock';
import { pokeMailWorker } from '../lib/runtime';
import {
  addMessage,
  assignHelpers,
  completeConsultation,
  consultationById,
  createConsultation,
  rateConsultation,
  rejectConsultation,
  scheduleVisit,
  withdrawConsultation,
  type ChangeOutcome,
  type ConsultationView,
} from '../lib/consultations/consultations';
import type { User } from '../lib/db/schema';
import { attachmentItems, fileFields, missingDescriptions } from '../lib/files/form';
import { filesByIds, filesOf, setAttachments } from '../lib/files/files';
import type { Database } from '../lib/db/client';

type RawFiles = Parameters<typeof attachmentItems>[0];

/** The files sent with a form, checked (photos need a description) before anything is saved. */
async function checkedFiles(db: Database, user: User, raw: RawFiles) {
  const items = attachmentItems(raw);
  const missing = missingDescriptions(items, await filesByIds(db, items.map((i) => i.id), user));
  if (missing.length) throw new ActionError({ code: 'BAD_REQUEST', message: missing.join(' ') });
  return items;
}

const id = z.coerce.number({ error: '잘못된 요청입니다.' }).int().positive().max(2_147_483_647);
const optionalText = (max: number) => z.string().trim().max(max, { error: `${max}자 이하로 적어 주세요.` }).nullish().transform((v) => v || null);

function signedIn(context: ActionAPIContext): User {
  const user = context.locals.user;
  if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: '로그인이 끝났습니다. 쓴 내용은 아래에 남아 있으니, 다른 탭에서 로그인한 뒤 다시 보내 주세요.' });
  return user;
}

function notFound(): never {
  throw new ActionError({ code: 'NOT_FOUND', message: '신청을 찾을 수 없습니다.' });
}

async function visible(context: ActionAPIContext, consultationId: number): Promise<{ user: User; view: ConsultationView }> {
  const user = signedIn(context);
  const view = await consultationById(await database(), consultationId);
  if (!view || !can(user, 'consultation.view', view.access)) notFound();
  return { user, view };
}

function settle(outcome: ChangeOutcome) {
  if (!outcome.ok) {
    throw new ActionError({
      code: outcome.reason === 'forbidden' ? 'FORBIDDEN' : 'CONFLICT',
      message: outcome.reason === 'forbidden' ? '지금 이 신청에서 할 수 없는 일입니다. 페이지를 새로 고쳐 상태를 확인해 주세요.' : '신청 상태가 바뀌어 이 일을 할 수 없습니다. 페이지를 새로 고쳐 주세요.',
    });
  }
  pokeMailWorker();
  return outcome;
}

export const consultations = {
  create: defineAction({
    accept: 'form',
    input: z.object({
      companyName: requiredText('회사명을 입력해 주세요.', 80),
      contactName: optionalText(40),
      contactPhone: optionalText(40),
      sigunCode: z.enum(SIGUN_CODES, { error: '회사가 있는 시·군을 골라 주세요.' }),
      industry: optionalChoice(INDUSTRIES, '목록에 있는 업종을 골라 주세요.'),
      // Refined after the default: Zod does not validate a default value.
      topics: z.array(z.enum(MENTOR_FIELDS, { error: '목록에 있는 분야를 골라 주세요.' })).default([]).refine((t) => t.length > 0, { error: '도움받고 싶은 분야를 하나 이상 골라 주세요.' }),
      preferredDates: optionalText(300),
      description: requiredText('어떤 도움이 필요한지 적어 주세요.', 5000),
      assessmentId: z.coerce.number().int().positive().max(2_147_483_647).nullish().transform((v) => v ?? null),
      ...fileFields,
    }),
    handler: async (input, context) => {
      const user = signedIn(context);
      if (!can(user, 'consultation.create', null)) {
        throw new ActionError({ code: 'FORBIDDEN', message: isSuspended(user) ? '이용이 정지된 동안에는 신청할 수 없습니다.' : ADDRESS_CONFIRMATION_MESSAGE });
      }
      const db = await database();
      const items = await checkedFiles(db, user, input);
      const { fileId: _f, fileAlt: _a, fileCaption: _c, fileOrder: _o, fileRemove: _r, ...fields } = input;
      const created = await createConsultation(db, { requester: user, fields, now: now() });
      if (!created) throw new ActionError({ code: 'BAD_REQUEST', message: '고른 체크리스트 결과를 찾을 수 없습니다. 내 진단 기록에서 다시 골라 주세요.' });
      if (items.length) await setAttachments(db, { owner: { consultationId: created.id }, actor: user, items, now: now() });
      pokeMailWorker();
      return { consultationId: created.id };
    },
  }),

  assign: defineAction({
    accept: 'form',
    input: z.object({ id, userId: z.array(z.coerce.number().int().positive()).max(5, { error: '한 번에 다섯 명까지 배정할 수 있습니다.' }).default([]) }),
    handler: async (input, context) => {
      const { user, view } = await visible(context, input.id);
      if (input.userId.length === 0) throw new ActionError({ code: 'BAD_REQUEST', message: '배정할 사람을 한 명 이상 골라 주세요.' });
      return settle(await assignHelpers(await database(), { view, actor: user, userIds: input.userId, now: now() }));
    },
  }),

  schedule: defineAction({
    accept: 'form',
    input: z.object({ id, visitAt: z.string({ error: '방문 일시를 적어 주세요.' }).max(30).refine((v) => !!seoulLocalToDate(v), { error: '방문 일시를 2026-12-03 10:00 형식으로 적어 주세요.' }) }),
    handler: async (input, context) => {
      const { user, view } = await visible(context, input.id);
      const visitAt = seoulLocalToDate(input.visitAt)!;
      return settle(await scheduleVisit(await database(), { view, actor: user, visitAt, label: formatDateTime(visitAt), now: now() }));
    },
  }),

  complete: defineAction({
    accept: 'form',
    input: z.object({ id, outcome: requiredText('컨설팅 결과를 적어 주세요.', 5000) }),
    handler: async (input, context) => {
      const { user, view } = await visible(context, input.id);
      return settle(await completeConsultation(await database(), { view, actor: user, outcome: input.outcome, now: now() }));
    },
  }),

  reject: defineAction({
    accept: 'form',
    input: z.object({ id, reason: requiredText('반려 사유를 적어 주세요.', 1000) }),
    handler: async (input, context) => {
      const { user, view } = await visible(context, input.id);
      return settle(await rejectConsultation(await database(), { view, actor: user, reason: input.reason, now: now() }));
    },
  }),

  withdraw: defineAction({
    accept: 'form',
    input: z.object({ id }),
    handler: async (input, context) => {
      const { user, view } = await visible(context, input.id);
      return settle(await withdrawConsultation(await database(), { view, actor: user, now: now() }));
    },
  }),

  rate: defineAction({
    accept: 'form',
    input: z.object({
      id,
      rating: z.coerce.number({ error: '만족도를 1~5 중에서 골라 주세요.' }).int().min(1, { error: '만족도를 1~5 중에서 골라 주세요.' }).max(5, { error: '만족도를 1~5 중에서 골라 주세요.' }),
      comment: optionalText(1000),
    }),
    handler: async (input, context) => {
      const { user, view } = await visible(context, input.id);
      return settle(await rateConsultation(await database(), { view, actor: user, rating: input.rating, comment: input.comment, now: now() }));
    },
  }),

  message: defineAction({
    accept: 'form',
    input: z.object({ id, body: requiredText('메시지를 적어 주세요.', 20_000), intent: z.enum(['post', 'preview']).default('post'), ...fileFields }),
    handler: async (input, context) => {
      const { user, view } = await visible(context, input.id);
      if (input.intent === 'preview') return { preview: renderMemberMarkdown(input.body) };
      const db = await database();
      const items = await checkedFiles(db, user, input);
      const written = await addMessage(db, { view, actor: user, body: input.body, now: now() });
      if (!written) throw new ActionError({ code: 'FORBIDDEN', message: '이 신청에는 더 이상 메시지를 남길 수 없습니다.' });
      if (items.length) {
        // New files join the request's files (which stay as they are).
        const existing = (await filesOf(db, { consultationId: view.consultation.id })).map((f) => ({ id: f.id, alt: f.alt, caption: f.caption }));
        await setAttachments(db, { owner: { consultationId: view.consultation.id }, actor: user, items: [...existing, ...items], now: now() });
      }
      pokeMailWorker();
      return { messageId: written.id };
    },
  }),
};
