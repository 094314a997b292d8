// Actions of /staff/programme: figures typed into the table, the programme target, and a
// sheet import in two steps (preview, then confirm). Province staff change any 시·군 and the
// target, 시·군 담당자 only their own 시·군; every change is in the audit log.
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { database } from '../lib/runtime';
import { check, signedIn } from './guards';
import { can } from '../lib/auth/permissions';
import { sigunByCode } from '../lib/regions';
import { loadProgramme } from '../lib/programme';
import { cellKey, saveAdoptions, saveTarget, type AdoptionChange, type FigureConflict } from '../lib/figures/figures';
import { decodeChange, parseCount, parseYear, planImport } from '../lib/figures/sheet';
import { planUploadedSheet, sheetUpload } from './sheets';

const MANAGE_MESSAGE = '도 담당자와 시·군 담당자만 사업 실적을 고칠 수 있습니다.';

function conflictMessage(conflicts: FigureConflict[], advice: string): never {
  const list = conflicts
    .map((c) => `${c.year}년 ${sigunByCode(c.sigun)?.name}(지금 ${c.current === null ? '없음' : `${c.current}곳`})`)
    .join(', ');
  throw new ActionError({ code: 'CONFLICT', message: `그 사이 다른 사람이 바꾼 수치가 있어 저장하지 않았습니다: ${list}. ${advice}` });
}

/** The cells of the table form: `key` (year-시·군), `value` and `original` in the same order. */
const cellsInput = z
  .object({
    key: z.array(z.string().regex(/^\d{4}-\d{5}$/)).default([]),
    value: z.array(z.string().max(20)).default([]),
    original: z.array(z.string().max(20)).default([]),
  })
  .transform((v, ctx) => {
    const changes: AdoptionChange[] = [];
    if (v.key.length !== v.value.length || v.key.length !== v.original.length) {
      ctx.addIssue({ code: 'custom', message: '잘못된 요청입니다. 페이지를 새로 고친 뒤 다시 입력해 주세요.' });
      return z.NEVER;
    }
    v.key.forEach((key, i) => {
      const [year, code] = key.split('-');
      const sigun = sigunByCode(code)?.code;
      const typed = v.value[i]!.trim();
      const original = v.original[i]!.trim();
      if (!sigun || 'error' in parseYear(year!)) {
        ctx.addIssue({ code: 'custom', path: [`a-${key}`], message: '잘못된 칸입니다.' });
        return;
      }
      if (typed === original) return;
      const count = parseCount(typed);
      if ('error' in count) {
        ctx.addIssue({ code: 'custom', path: [`a-${key}`], message: count.error });
        return;
      }
      changes.push({ year: Number(year), sigun, adopted: count.value, previous: original === '' ? null : Number(original) });
    });
    return changes;
  });

const whole = (label: string, min: number, max: number) =>
  z
    .string({ error: `${label}을(를) 입력해 주세요.` })
    .trim()
    .regex(/^\d+$/, { error: `${label}은(는) 숫자로 입력해 주세요.` })
    .transform(Number)
    .pipe(z.number().min(min, { error: `${label}은(는) ${min} 이상이어야 합니다.` }).max(max, { error: `${label}은(는) ${max} 이하여야 합니다.` }));

export const programme = {
  /** Saves the changed cells of the table; a stale cell (changed by someone else meanwhile) saves nothing. */
  saveFigures: defineAction({
    accept: 'form',
    input: cellsInput,
    handler: async (changes, context) => {
      const user = signedIn(context);
      check(user, 'programme.manage', null, MANAGE_MESSAGE);
      for (const c of changes) check(user, 'programme.edit', { sigun: c.sigun }, `${sigunByCode(c.sigun)?.name}의 수치는 고칠 수 없습니다. 담당 시·군의 수치만 고칠 수 있습니다.`);
      const outcome = await saveAdoptions(await database(), { actor: user, changes, source: 'form' });
      if (!outcome.ok) conflictMessage(outcome.conflicts, '표에 지금 값이 보이니 확인한 뒤 다시 입력해 주세요.');
      return { changed: outcome.changed };
    },
  }),

  /** The programme-wide target (province staff and admins). */
  saveTarget: defineAction({
    accept: 'form',
    input: z
      .object({
        companies: whole('목표 기업 수', 1, 100_000),
        perYear: whole('연간 목표', 1, 100_000),
        startYear: whole('시작 연도', 2000, 2100),
        byYear: whole('목표 연도', 2000, 2100),
      })
      .refine((t) => t.byYear >= t.startYear, { path: ['byYear'], error: '목표 연도는 시작 연도와 같거나 뒤여야 합니다.' }),
    handler: async (target, context) => {
      const user = signedIn(context);
      check(user, 'programme.edit', { sigun: null }, '사업 목표는 도 담당자만 고칠 수 있습니다.');
      const db = await database();
      const changed = await saveTarget(db, { actor: user, target, previous: (await loadProgramme(db)).target });
      return { changed };
    },
  }),

  /** Step 1 of an import: reads the sheet and shows what would change and every bad row. Saves nothing. */
  previewImport: defineAction({
    accept: 'form',
    input: sheetUpload,
    handler: async ({ file }, context) => {
      const user = signedIn(context);
      check(user, 'programme.manage', null, MANAGE_MESSAGE);
      const db = await database();
      return planUploadedSheet(file, (bytes) => planImport(db, bytes, user));
    },
  }),

  /** Step 2: saves the previewed changes, or nothing when a figure changed since the preview. */
  applyImport: defineAction({
    accept: 'form',
    input: z.object({ change: z.array(z.string().max(40)).max(10_000).default([]) }),
    handler: async (input, context) => {
      const user = signedIn(context);
      check(user, 'programme.manage', null, MANAGE_MESSAGE);
      const changes = input.change.map(decodeChange);
      if (changes.some((c) => !c)) throw new ActionError({ code: 'BAD_REQUEST', message: '잘못된 요청입니다. 파일을 다시 올려 주세요.' });
      const valid = changes as AdoptionChange[];
      if (new Set(valid.map((c) => cellKey(c.year, c.sigun))).size !== valid.length) {
        throw new ActionError({ code: 'BAD_REQUEST', message: '같은 칸이 두 번 들어 있습니다. 파일을 다시 올려 주세요.' });
      }
      const refused = valid.find((c) => !can(user, 'programme.edit', { sigun: c.sigun }));
      if (refused) check(user, 'programme.edit', { sigun: refused.sigun }, `${sigunByCode(refused.sigun)?.name}의 수치는 고칠 수 없습니다.`);
      const outcome = await saveAdoptions(await database(), { actor: user, changes: valid, source: 'import' });
      if (!outcome.ok) conflictMessage(outcome.conflicts, '파일을 다시 올려 미리보기부터 확인해 주세요.');
      return { changed: outcome.changed };
    },
  }),
};
