// Actions of the case editor (/cases/manage): save a draft (every save is a revision), preview,
// and the editorial steps — 검토 요청, 반려, 게시 (now or at a Seoul time), 게시 중단. Each step
// is checked with can(), written to the audit log and told to the people concerned.
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { database, pokeSearchIndex } from '../lib/runtime';
import { idField, requiredText } from '../lib/forms';
import { now as clockNow } from '../lib/clock';
import { seoulLocalToDate } from '../lib/dates';
import { recordAudit } from '../lib/admin/audit';
import { CaseSlugError, getCase, saveCase, setCaseState } from '../lib/cases/store';
import { parseCaseForm, readCaseForm, type FieldErrors } from '../lib/cases/form';
import { newCaseResource } from '../lib/cases/editor';
import { caseResource } from '../lib/cases/access';
import { notifyCaseStep } from '../lib/cases/notify';
import { attachmentItems, fileFields, missingDescriptions } from '../lib/files/form';
import { filesByIds, setAttachments } from '../lib/files/files';
import { can } from '../lib/auth/permissions';
import type { CaseRow } from '../lib/db/schema';
import type { SessionUser } from '../lib/auth/session';
import { check, signedIn } from './guards';

const INTENTS = ['save', 'preview', 'addRow'] as const;

function intentOf(form: FormData): (typeof INTENTS)[number] {
  const intent = form.get('intent');
  return (INTENTS as readonly unknown[]).includes(intent) ? (intent as (typeof INTENTS)[number]) : 'save';
}

const photoFields = z.object(fileFields);
const readPhotos = (form: FormData) =>
  photoFields.safeParse(Object.fromEntries(Object.keys(fileFields).map((name) => [name, form.getAll(name)])));

/** The whole form as one FormData; each field's Korean message becomes an input error of that field. */
const caseForm = z.custom<FormData>((value) => value instanceof FormData, { error: '잘못된 요청입니다.' }).superRefine((form, ctx) => {
  const photos = readPhotos(form);
  if (!photos.success) for (const issue of photos.error.issues) ctx.addIssue({ code: 'custom', path: ['files'], message: issue.message });
  if (intentOf(form) === 'addRow') return;
  const parsed = parseCaseForm(readCaseForm(form));
  if (parsed.ok) return;
  for (const [field, messages] of Object.entries(parsed.errors as FieldErrors)) {
    for (const message of messages) ctx.addIssue({ code: 'custom', path: [field], message });
  }
});

function notFound(): never {
  throw new ActionError({ code: 'NOT_FOUND', message: '사례를 찾을 수 없습니다. 사례 관리 목록에서 다시 골라 주세요.' });
}

/** The case and the signed-in user, once `action` is allowed on it (404 for cases they may not see). */
async function caseFor(context: ActionAPIContext, id: number, action: Parameters<typeof check>[1], message: string) {
  const user = signedIn(context);
  const db = await database();
  const row = (await getCase(db, id)) ?? notFound();
  const resource = caseResource(row);
  if (!can(user, 'case.view', resource)) notFound();
  check(user, action as 'case.edit', resource, message);
  return { db, user, row };
}

async function tell(db: Awaited<ReturnType<typeof database>>, row: CaseRow, step: Parameters<typeof notifyCaseStep>[1]['step'], user: SessionUser, reason: string | null, at: Date) {
  await notifyCaseStep(db, { caseId: row.id, step, actorId: user.id, reason, now: at });
}

const reasonField = (message: string) => requiredText(message, 1000);

export const cases = {
  /** New or changed case: save (a revision), preview what was typed, or add a KPI row. */
  save: defineAction({
    accept: 'form',
    input: caseForm,
    handler: async (form, context) => {
      const user = signedIn(context);
      const intent = intentOf(form);
      if (intent === 'addRow') return { addRow: true as const };
      const db = await database();
      const rawId = form.get('id');
      const id = rawId ? idField.safeParse(rawId).data : undefined;
      if (rawId && id === undefined) notFound();
      const existing = id !== undefined ? ((await getCase(db, id)) ?? notFound()) : undefined;
      const values = readCaseForm(form);
      const parsed = parseCaseForm(values, { sample: existing?.sample ?? false, cover: existing?.cover ?? undefined });
      if (!parsed.ok) throw new ActionError({ code: 'BAD_REQUEST', message: '입력한 내용을 확인해 주세요.' });
      const { slug, data, body, consent, note } = parsed.value;
      if (existing) {
        const resource = caseResource(existing);
        if (!can(user, 'case.view', resource)) notFound();
        check(user, 'case.edit', resource, '이 사례를 고칠 권한이 없습니다. 검토 요청 중이거나 게시된 사례는 도 담당자가 고칩니다.');
        // Moving a case to another 시·군 needs the right to draft there too.
        if (data.sigun !== existing.sigun) check(user, 'case.edit', { ...resource, sigun: data.sigun }, '담당하는 시·군의 사례만 쓸 수 있습니다.');
      }
      const draft = existing ? undefined : newCaseResource(data.sigun, data.mentor.name, user);
      if (draft) check(user, 'case.draft', draft, '담당하는 시·군(또는 멘토링한 기업)의 사례만 쓸 수 있습니다.');
      if (intent === 'preview') return { preview: { slug, data, body } };

      const photos = readPhotos(form);
      const items = photos.success ? attachmentItems(photos.data) : [];
      const missing = missingDescriptions(items, await filesByIds(db, items.map((i) => i.id), user));
      if (missing.length) throw new ActionError({ code: 'BAD_REQUEST', message: missing.join(' ') });

      const at = clockNow();
      let row: CaseRow;
      try {
        row = await saveCase(db, { id: existing?.id, slug, data, body, consent, mentorUserId: draft?.mentorUserId, userId: user.id, note, now: at });
      } catch (error) {
        if (error instanceof CaseSlugError) throw new ActionError({ code: 'CONFLICT', message: error.message });
        throw error;
      }
      await setAttachments(db, { owner: { caseId: row.id }, actor: user, items, now: at });
      await recordAudit(db, {
        actor: user,
        action: existing ? 'case.edit' : 'case.create',
        targetType: 'case',
        targetId: row.id,
        details: { title: row.title, slug: row.slug, sigun: row.sigun },
      });
      // A published case changed what visitors see.
      if (row.state === 'published') pokeSearchIndex();
      return { caseId: row.id, saved: true as const };
    },
  }),

  /** 검토 요청: the author hands the draft to province staff. */
  submit: defineAction({
    accept: 'form',
    input: z.object({ id: idField }),
    handler: async ({ id }, context) => {
      const { db, user, row } = await caseFor(context, id, 'case.submit', '작성 중이거나 반려된 내 사례만 검토를 요청할 수 있습니다.');
      const at = clockNow();
      await setCaseState(db, id, { state: 'submitted', now: at });
      await recordAudit(db, { actor: user, action: 'case.submit', targetType: 'case', targetId: id, details: { title: row.title } });
      await tell(db, row, 'submitted', user, null, at);
      return { caseId: id, step: 'submitted' as const };
    },
  }),

  /** 반려: back to the author as a draft, with the reason they will read. */
  return: defineAction({
    accept: 'form',
    input: z.object({ id: idField, reason: reasonField('반려하는 이유를 적어 주세요. 작성자에게 그대로 보입니다.') }),
    handler: async ({ id, reason }, context) => {
      const { db, user, row } = await caseFor(context, id, 'case.return', '검토 요청된 사례만 도 담당자가 반려할 수 있습니다.');
      const at = clockNow();
      await setCaseState(db, id, { state: 'returned', reason, now: at });
      await recordAudit(db, { actor: user, action: 'case.return', targetType: 'case', targetId: id, reason, details: { title: row.title } });
      await tell(db, row, 'returned', user, reason, at);
      return { caseId: id, step: 'returned' as const };
    },
  }),

  /** 게시: now, or at a Seoul date and time (the case appears then). */
  publish: defineAction({
    accept: 'form',
    input: z
      .object({ id: idField, when: z.enum(['now', 'schedule']).default('now'), publishAt: z.string().max(30).nullish() })
      .superRefine((input, ctx) => {
        if (input.when !== 'schedule') return;
        const at = input.publishAt ? seoulLocalToDate(input.publishAt) : undefined;
        if (!at) ctx.addIssue({ code: 'custom', path: ['publishAt'], message: '예약 게시 시각을 2026-12-01 09:00 형식으로 정해 주세요.' });
        else if (at.getTime() <= clockNow().getTime()) ctx.addIssue({ code: 'custom', path: ['publishAt'], message: '예약 게시 시각은 지금보다 뒤여야 합니다. 바로 올리려면 ‘지금 게시’를 누르세요.' });
      }),
    handler: async ({ id, when, publishAt }, context) => {
      const { db, user, row } = await caseFor(context, id, 'case.publish', '도 담당자만 사례를 게시할 수 있습니다.');
      if (!row.consentBy || !row.consentAt) {
        throw new ActionError({ code: 'BAD_REQUEST', message: '기업의 게시 동의(동의한 사람과 날짜)를 먼저 기록하고 저장해 주세요.' });
      }
      const at = clockNow();
      const from = when === 'schedule' ? seoulLocalToDate(publishAt!)! : at;
      await setCaseState(db, id, { state: 'published', publishAt: from, now: at });
      await recordAudit(db, {
        actor: user,
        action: when === 'schedule' ? 'case.schedule' : 'case.publish',
        targetType: 'case',
        targetId: id,
        details: { title: row.title, publishAt: from.toISOString() },
      });
      pokeSearchIndex();
      await tell(db, row, 'published', user, null, at);
      return { caseId: id, step: 'published' as const };
    },
  }),

  /** 게시 중단: the case leaves the site (and search), with the reason kept. */
  withdraw: defineAction({
    accept: 'form',
    input: z.object({ id: idField, reason: reasonField('게시를 중단하는 이유를 적어 주세요.') }),
    handler: async ({ id, reason }, context) => {
      const { db, user, row } = await caseFor(context, id, 'case.withdraw', '게시된 사례만 도 담당자가 게시를 중단할 수 있습니다.');
      const at = clockNow();
      await setCaseState(db, id, { state: 'withdrawn', reason, now: at });
      await recordAudit(db, { actor: user, action: 'case.withdraw', targetType: 'case', targetId: id, reason, details: { title: row.title } });
      pokeSearchIndex();
      await tell(db, row, 'withdrawn', user, reason, at);
      return { caseId: id, step: 'withdrawn' as const };
    },
  }),
};
