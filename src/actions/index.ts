// Every form of the portal posts to an action here (works without JavaScript). Actions
// validate input and call the domain modules in src/lib; pages read the result.
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { database } from '../lib/runtime';
import { checkbox, emailField, optionalChoice, requiredText } from '../lib/forms';
import { SIGUN_CODES } from '../lib/regions';
import { INDUSTRIES } from '../lib/industries';
import { SMART_FACTORY_LEVELS } from '../lib/levels';
import { currentTemplate } from '../lib/checklists/catalog';
import { saveAssessment, templateAtVersion } from '../lib/checklists/assessments';
import { createDraft, deleteDraft } from '../lib/checklists/drafts';
import { invalidAnswers } from '../lib/checklists/scoring';
import { checkPasswordPolicy, needsRehash, passwordContainsEmail, verifyPassword } from '../lib/auth/password';
import {
  createUser,
  getUserByEmail,
  getUserById,
  rehashPassword,
  setPassword,
  signUpConflict,
  updateProfile,
  HANDLE_PATTERN,
} from '../lib/auth/user';
import { latestConsent, recordConsent } from '../lib/auth/consent';
import { createSession, invalidateSession, invalidateUserSessions, validateSessionToken } from '../lib/auth/session';
import { deleteSessionCookie, setSessionCookie } from '../lib/auth/session-cookie';
import { RATE_LIMITS, consumeToken, resetBucket } from '../lib/rate-limit';
import { currentConsentVersions } from '../lib/legal';
import type { ActionAPIContext } from 'astro:actions';
import { cases } from './cases';
import { files } from './files';
import { forum } from './forum';
import { moderation } from './moderation';
import { notices } from './notices';
import { patents } from './patents';
import { mail } from './mail';
import { mentors } from './mentors';
import { consultations } from './consultations';
import { noticeSubscriptions } from './notice-subscriptions';
import { programme } from './programme';
import { readConfig } from '../lib/config';
import { now } from '../lib/clock';
import { markAddressConfirmed, requestPasswordReset, resetPassword, sendAddressConfirmation } from '../lib/mail/accounts';
import { pokeMailWorker } from '../lib/runtime';
import { signedInSession } from './guards';

const profileFields = {
  displayName: requiredText('표시 이름을 입력해 주세요.', 40),
  companyName: requiredText('회사(기관)명을 입력해 주세요.', 80),
  sigunCode: optionalChoice(SIGUN_CODES, '목록에 있는 시·군을 골라 주세요.'),
  industry: optionalChoice(INDUSTRIES, '목록에 있는 업종을 골라 주세요.'),
};

const newPasswordShape = {
  password: z.string({ error: '비밀번호를 입력해 주세요.' }).superRefine(async (password, ctx) => {
    const problem = await checkPasswordPolicy(password);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  passwordConfirm: z.string({ error: '비밀번호를 한 번 더 입력해 주세요.' }),
};

// Checks that need more than one field; they run once every field is valid on its own.
function checkNewPassword(
  value: { password: string; passwordConfirm: string; email?: string },
  ctx: z.RefinementCtx,
) {
  if (value.email && passwordContainsEmail(value.password, value.email)) {
    ctx.addIssue({ code: 'custom', path: ['password'], message: '이메일 주소가 들어간 비밀번호는 쓸 수 없습니다.' });
  } else if (value.password !== value.passwordConfirm) {
    ctx.addIssue({ code: 'custom', path: ['passwordConfirm'], message: '두 비밀번호가 서로 다릅니다.' });
  }
}

function tooManyRequests(message: string): never {
  throw new ActionError({ code: 'TOO_MANY_REQUESTS', message });
}

async function startSession(context: ActionAPIContext, userId: number) {
  const db = await database();
  const token = await createSession(db, userId);
  const validated = await validateSessionToken(db, token);
  if (validated) setSessionCookie(context.cookies, token, validated.session);
}

// What every checklist form sends: which template version, the company facts, and
// `answers.<item id>` = option value for each answered item.
const checklistFields = {
  templateId: z.string().max(100),
  templateVersion: z.string().max(40),
  sigunCode: optionalChoice(SIGUN_CODES, '목록에 있는 시·군을 골라 주세요.'),
  industry: optionalChoice(INDUSTRIES, '목록에 있는 업종을 골라 주세요.'),
  targetLevel: optionalChoice(SMART_FACTORY_LEVELS, '목록에 있는 수준을 골라 주세요.'),
  answers: z.object({}).catchall(z.string().max(40)).default({}),
};
type ChecklistInput = z.output<z.ZodObject<typeof checklistFields>>;

/** The template version the form was made from, with answers checked against it. */
async function checklistFromInput(input: ChecklistInput) {
  const db = await database();
  const current = await currentTemplate(input.templateId);
  const template = current && (await templateAtVersion(db, current, input.templateVersion));
  if (!template) {
    throw new ActionError({ code: 'NOT_FOUND', message: '이 체크리스트를 찾을 수 없습니다. 체크리스트 목록에서 다시 골라 주세요.' });
  }
  const answers = input.answers as Record<string, string>;
  if (invalidAnswers(template, answers).length > 0) {
    throw new ActionError({ code: 'BAD_REQUEST', message: '체크리스트에 없는 답이 들어 있습니다. 페이지를 새로 고친 뒤 다시 답해 주세요.' });
  }
  const company = { sigunCode: input.sigunCode, industry: input.industry, targetLevel: input.targetLevel };
  return { db, template, answers, company };
}

// The reset form answers at the same moment whether or not the address is registered.
const RESET_ANSWER_MS = 700;

export const server = {
  cases,
  files,
  forum,
  moderation,
  notices,
  noticeSubscriptions,
  patents,
  mail,
  programme,
  mentors,
  consultations,
  signUp: defineAction({
    accept: 'form',
    input: z
      .object({
        email: emailField,
        handle: z
          .string({ error: '아이디를 입력해 주세요.' })
          .trim()
          .toLowerCase()
          .regex(HANDLE_PATTERN, { error: '아이디는 영문 소문자, 숫자, 밑줄(_)로 3~20자입니다.' }),
        ...profileFields,
        agreePrivacy: checkbox('개인정보 수집·이용에 동의해야 가입할 수 있습니다.'),
        agreeTerms: checkbox('이용약관에 동의해야 가입할 수 있습니다.'),
        agreeMarketing: checkbox(),
        ...newPasswordShape,
      })
      .superRefine(checkNewPassword),
    handler: async (input, context) => {
      const db = await database();
      if (!(await consumeToken(db, `signup:ip:${context.clientAddress}`, RATE_LIMITS.signUpPerAddress))) {
        tooManyRequests('이 주소에서 가입 시도가 너무 많습니다. 잠시 뒤에 다시 시도해 주세요.');
      }
      if (!(await consumeToken(db, `signup:email:${input.email.toLowerCase()}`, RATE_LIMITS.signUpPerEmail))) {
        tooManyRequests('이 이메일 주소로 가입 시도가 너무 많습니다. 10분쯤 뒤에 다시 시도해 주세요.');
      }
      const versions = await currentConsentVersions();
      const config = readConfig();
      const user = await createUser(
        db,
        input,
        { privacy: versions.privacy, terms: versions.terms, marketing: input.agreeMarketing ? versions.marketing : undefined },
        'member',
        // The confirmation mail is queued in the same transaction as the account.
        async (tx, created) => {
          if (config.emailVerification) await sendAddressConfirmation(tx, created, created.email, config.siteUrl, now());
          else await markAddressConfirmed(tx, created.id, now());
        },
      );
      if (!user) {
        const taken = await signUpConflict(db, input.email, input.handle);
        throw new ActionError({
          code: 'CONFLICT',
          message: taken === 'email' ? '이미 가입된 이메일 주소입니다. 로그인하거나 다른 주소를 써 주세요.' : '이미 쓰이는 아이디입니다. 다른 아이디를 정해 주세요.',
        });
      }
      pokeMailWorker();
      await startSession(context, user.id);
      return { userId: user.id };
    },
  }),

  requestPasswordReset: defineAction({
    accept: 'form',
    input: z.object({ email: emailField }),
    handler: async ({ email }, context) => {
      const started = performance.now();
      const db = await database();
      if (!(await consumeToken(db, `reset:ip:${context.clientAddress}`, RATE_LIMITS.passwordResetPerAddress))) {
        tooManyRequests('요청이 너무 많습니다. 잠시 뒤에 다시 시도해 주세요.');
      }
      if (!(await consumeToken(db, `reset:email:${email.toLowerCase()}`, RATE_LIMITS.passwordResetPerEmail))) {
        tooManyRequests('이 주소로 요청이 너무 많습니다. 10분쯤 뒤에 다시 시도해 주세요.');
      }
      await requestPasswordReset(db, email, readConfig().siteUrl, now());
      pokeMailWorker();
      // Same answer, same time, registered or not: the page must not tell who is a member.
      const wait = RESET_ANSWER_MS - (performance.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      return { requested: true };
    },
  }),

  resetPassword: defineAction({
    accept: 'form',
    input: z.object({ token: z.string().regex(/^[a-z2-7]{20,64}$/, { error: '잘못된 링크입니다.' }), ...newPasswordShape }).superRefine(checkNewPassword),
    handler: async (input, context) => {
      const db = await database();
      const outcome = await resetPassword(db, input.token, input.password, now());
      if (!outcome.ok) {
        throw new ActionError({ code: 'GONE', message: '링크가 만료되었거나 이미 사용되었습니다. 비밀번호 재설정을 다시 요청해 주세요.' });
      }
      // Every session of the account ended with the new password, this browser's too.
      deleteSessionCookie(context.cookies);
      return { reset: true };
    },
  }),

  signIn: defineAction({
    accept: 'form',
    input: z.object({
      email: emailField,
      password: z.string({ error: '비밀번호를 입력해 주세요.' }).max(256, { error: '비밀번호가 너무 깁니다.' }),
    }),
    handler: async ({ email, password }, context) => {
      const db = await database();
      const accountKey = `signin:account:${email.toLowerCase()}`;
      if (!(await consumeToken(db, `signin:ip:${context.clientAddress}`, RATE_LIMITS.signInPerAddress))) {
        tooManyRequests('로그인 시도가 너무 많습니다. 잠시 뒤에 다시 시도해 주세요.');
      }
      if (!(await consumeToken(db, accountKey, RATE_LIMITS.signInPerAccount))) {
        tooManyRequests('이 계정에 로그인 시도가 너무 많습니다. 몇 분 뒤에 다시 시도해 주세요.');
      }
      const user = await getUserByEmail(db, email);
      // Same message either way, so the form does not reveal who is a member.
      if (!user || !(await verifyPassword(user.passwordHash, password))) {
        throw new ActionError({ code: 'UNAUTHORIZED', message: '이메일 또는 비밀번호가 맞지 않습니다.' });
      }
      if (needsRehash(user.passwordHash)) await rehashPassword(db, user.id, password);
      await resetBucket(db, accountKey);
      if (context.locals.session) await invalidateSession(db, context.locals.session.id);
      await startSession(context, user.id);
      return { userId: user.id };
    },
  }),

  signOut: defineAction({
    accept: 'form',
    handler: async (_input, context) => {
      if (context.locals.session) await invalidateSession(await database(), context.locals.session.id);
      deleteSessionCookie(context.cookies);
      return { signedOut: true };
    },
  }),

  signOutEverywhere: defineAction({
    accept: 'form',
    handler: async (_input, context) => {
      const { user } = signedInSession(context);
      await invalidateUserSessions(await database(), user.id);
      deleteSessionCookie(context.cookies);
      return { signedOut: true };
    },
  }),

  updateProfile: defineAction({
    accept: 'form',
    input: z.object({ ...profileFields, agreeMarketing: checkbox() }),
    handler: async (input, context) => {
      const { user } = signedInSession(context);
      const db = await database();
      const { agreeMarketing, ...profile } = input;
      await updateProfile(db, user.id, profile);
      const marketing = await latestConsent(db, user.id, 'marketing');
      if ((marketing?.granted ?? false) !== agreeMarketing) {
        const versions = await currentConsentVersions();
        await recordConsent(db, user.id, 'marketing', versions.marketing, agreeMarketing);
      }
      return { saved: true };
    },
  }),

  changePassword: defineAction({
    accept: 'form',
    input: z
      .object({
        currentPassword: z.string({ error: '지금 쓰는 비밀번호를 입력해 주세요.' }).max(256, { error: '비밀번호가 너무 깁니다.' }),
        ...newPasswordShape,
      })
      .superRefine(checkNewPassword),
    handler: async (input, context) => {
      const { user, session } = signedInSession(context);
      const db = await database();
      if (!(await consumeToken(db, `password:account:${user.id}`, RATE_LIMITS.passwordChangePerAccount))) {
        tooManyRequests('비밀번호 변경 시도가 너무 많습니다. 몇 분 뒤에 다시 시도해 주세요.');
      }
      const fresh = await getUserById(db, user.id);
      if (!fresh || !(await verifyPassword(fresh.passwordHash, input.currentPassword))) {
        throw new ActionError({ code: 'FORBIDDEN', message: '지금 쓰는 비밀번호가 맞지 않습니다.' });
      }
      // A new session for this device; every other device is signed out.
      await setPassword(db, user.id, input.password);
      await invalidateSession(db, session.id);
      await startSession(context, user.id);
      return { changed: true };
    },
  }),

  /** Scores the answers without storing anything (guests; the result shows on the form page). */
  evaluateChecklist: defineAction({
    accept: 'form',
    input: z.object(checklistFields),
    handler: async (input) => {
      const { template, answers, company } = await checklistFromInput(input);
      return { templateId: template.id, templateVersion: template.version, answers, company };
    },
  }),

  /** Saves (or continues) the member's assessment; a guest draft it came from is used up. */
  saveChecklist: defineAction({
    accept: 'form',
    input: z.object({
      ...checklistFields,
      assessmentId: z.string().regex(/^\d{1,9}$/).nullish(),
      draft: z.string().max(64).nullish(),
    }),
    handler: async (input, context) => {
      const { user } = signedInSession(context);
      const { db, template, answers, company } = await checklistFromInput(input);
      const saved = await saveAssessment(db, {
        user,
        template,
        answers,
        company,
        assessmentId: input.assessmentId ? Number(input.assessmentId) : undefined,
      });
      if (!saved) {
        throw new ActionError({ code: 'NOT_FOUND', message: '이어서 저장할 진단을 찾을 수 없습니다. 내 진단 기록에서 다시 열어 주세요.' });
      }
      if (input.draft) await deleteDraft(db, input.draft);
      return { assessmentId: saved.id };
    },
  }),

  /** Keeps a guest's answers for a day so they survive signing in or signing up. */
  stashChecklist: defineAction({
    accept: 'form',
    input: z.object({ ...checklistFields, then: z.enum(['login', 'signup']).default('login') }),
    handler: async (input, context) => {
      const { db, template, answers, company } = await checklistFromInput(input);
      if (!(await consumeToken(db, `checklist-draft:ip:${context.clientAddress}`, RATE_LIMITS.checklistDraftPerAddress))) {
        tooManyRequests('요청이 너무 많습니다. 잠시 뒤에 다시 시도해 주세요.');
      }
      const token = await createDraft(db, template, answers, company);
      return { resumePath: `/checklists/${template.id}?draft=${token}`, then: input.then };
    },
  }),
};
