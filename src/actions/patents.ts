// Actions of the patent catalogue: staff add, edit and remove patents. Every change is
// written to the audit log.
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { database } from '../lib/runtime';
import { now } from '../lib/clock';
import { can } from '../lib/auth/permissions';
import { recordAudit } from '../lib/admin/audit';
import type { User } from '../lib/db/schema';
import { createPatent, deletePatent, patentById, patentInput, updatePatent } from '../lib/patents/patents';
import { applyPatentImport, MAX_IMPORT_ROWS, PATENT_SHEET_LIMITS, planPatentImport } from '../lib/patents/sheet';
import { planUploadedSheet, sheetUpload } from './sheets';

const id = z.coerce.number({ error: '잘못된 요청입니다.' }).int().positive();

function staffOnly(context: ActionAPIContext): User {
  const user = context.locals.user;
  if (!user) {
    throw new ActionError({ code: 'UNAUTHORIZED', message: '로그인이 끝났습니다. 쓴 내용은 아래에 남아 있으니, 다른 탭에서 로그인한 뒤 다시 보내 주세요.' });
  }
  if (!can(user, 'patent.manage', null)) {
    throw new ActionError({ code: 'FORBIDDEN', message: '특허 목록은 담당자와 관리자만 고칠 수 있습니다.' });
  }
  return user;
}

function taken(): never {
  throw new ActionError({ code: 'CONFLICT', message: '이 등록번호의 특허가 이미 목록에 있습니다. 목록에서 찾아 고쳐 주세요.' });
}

function notFound(): never {
  throw new ActionError({ code: 'NOT_FOUND', message: '특허를 찾을 수 없습니다. 목록에서 다시 골라 주세요.' });
}

export const patents = {
  /** A new patent, or changes to one (`id`). */
  save: defineAction({
    accept: 'form',
    // A form sends each ticked industry as its own `industries` field.
    input: patentInput.extend({ id: id.optional() }),
    handler: async ({ id: patentId, ...fields }, context) => {
      const user = staffOnly(context);
      const db = await database();
      const at = now();
      if (patentId) {
        if (!(await patentById(db, patentId))) notFound();
        const saved = (await updatePatent(db, patentId, fields, user.id, at)) ?? taken();
        await recordAudit(db, { actor: user, action: 'patent.edit', targetType: 'patent', targetId: saved.id, details: { title: saved.title, number: saved.registrationNumber } });
        return { patentId: saved.id };
      }
      const created = (await createPatent(db, fields, user.id, at)) ?? taken();
      await recordAudit(db, { actor: user, action: 'patent.create', targetType: 'patent', targetId: created.id, details: { title: created.title, number: created.registrationNumber } });
      return { patentId: created.id };
    },
  }),

  remove: defineAction({
    accept: 'form',
    input: z.object({ id }),
    handler: async ({ id: patentId }, context) => {
      const user = staffOnly(context);
      const db = await database();
      const found = (await patentById(db, patentId)) ?? notFound();
      await deletePatent(db, patentId);
      await recordAudit(db, { actor: user, action: 'patent.delete', targetType: 'patent', targetId: patentId, details: { title: found.title, number: found.registrationNumber } });
      return { removed: true };
    },
  }),

  /** Step 1 of an import: reads the sheet and shows new and changed patents and every bad row. Saves nothing. */
  previewImport: defineAction({
    accept: 'form',
    input: sheetUpload,
    handler: async ({ file }, context) => {
      staffOnly(context);
      const db = await database();
      return planUploadedSheet(file, (bytes) => planPatentImport(db, bytes), PATENT_SHEET_LIMITS.maxBytes);
    },
  }),

  /** Step 2: saves the previewed rows, each checked again by the form's rules. */
  applyImport: defineAction({
    accept: 'form',
    input: z.object({ row: z.array(z.string().max(8_000)).max(MAX_IMPORT_ROWS).default([]) }),
    handler: async ({ row }, context) => {
      const user = staffOnly(context);
      const rows = row.map((text) => {
        try {
          return patentInput.safeParse(JSON.parse(text));
        } catch {
          return undefined;
        }
      });
      if (rows.some((r) => !r?.success)) throw new ActionError({ code: 'BAD_REQUEST', message: '잘못된 요청입니다. 파일을 다시 올려 미리보기부터 확인해 주세요.' });
      const fields = rows.map((r) => r!.data!);
      if (new Set(fields.map((f) => f.registrationNumber)).size !== fields.length) {
        throw new ActionError({ code: 'BAD_REQUEST', message: '같은 등록번호가 두 번 들어 있습니다. 파일을 다시 올려 주세요.' });
      }
      const db = await database();
      const saved = await applyPatentImport(db, fields, user.id, now());
      await recordAudit(db, { actor: user, action: 'patent.import', targetType: 'patent', targetId: 'import', details: { added: saved.created, updated: saved.updated } });
      return saved;
    },
  }),
};
