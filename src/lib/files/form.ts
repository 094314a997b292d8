// The attachment fields of a form (FileField.astro): which files, in what order, with what
// description — read the same way by the actions that save and by the pages that show a
// form again after an upload, a preview or an error.
import { z } from 'astro/zod';
import type { Database } from '../db/client';
import type { Actor } from '../auth/permissions';
import { idField, submittedList } from '../forms';
import { filesByIds, type AttachmentInput, type FileView } from './files';

export const MAX_ATTACHED_FILES = 20;

/** Zod fields to spread into an action's input object. */
export const fileFields = {
  fileId: z.array(idField).max(MAX_ATTACHED_FILES * 2, { error: `파일은 ${MAX_ATTACHED_FILES}개까지 붙일 수 있습니다.` }).default([]),
  fileAlt: z.array(z.string().max(300, { error: '사진 설명은 300자 이하로 적어 주세요.' })).default([]),
  fileCaption: z.array(z.string().max(300, { error: '캡션은 300자 이하로 적어 주세요.' })).default([]),
  fileOrder: z.array(z.string()).default([]),
  fileRemove: z.array(idField).default([]),
};

interface RawFileFields {
  fileId: number[];
  fileAlt: string[];
  fileCaption: string[];
  fileOrder: string[];
  fileRemove: number[];
}

/** The files in the order chosen (by 순서, then as listed), without those marked 빼기. */
export function attachmentItems(raw: RawFileFields): AttachmentInput[] {
  const removed = new Set(raw.fileRemove);
  const seen = new Set<number>();
  return raw.fileId
    .map((id, i) => ({ id, alt: raw.fileAlt[i] ?? '', caption: raw.fileCaption[i] ?? '', order: Number(raw.fileOrder[i]) || 1000 + i, i }))
    .filter((item) => !removed.has(item.id) && !seen.has(item.id) && seen.add(item.id))
    .sort((a, b) => a.order - b.order || a.i - b.i)
    .slice(0, MAX_ATTACHED_FILES)
    .map(({ id, alt, caption }) => ({ id, alt, caption }));
}

/** Korean messages for photos without a description (KWCAG 1.1.1). */
export function missingDescriptions(items: AttachmentInput[], files: FileView[]): string[] {
  const byId = new Map(files.map((f) => [f.id, f]));
  return items
    .filter((item) => byId.get(item.id)?.kind === 'image' && !item.alt?.trim())
    .map((item) => `사진 ‘${byId.get(item.id)!.name}’의 설명(대체 텍스트)을 적어 주세요.`);
}

/** The files as a sent form lists them (with what was typed), and the upload's refusals. */
export async function submittedFiles(db: Database, request: Request, actor: Actor): Promise<{ files: FileView[]; errors: string[] }> {
  const [ids, alts, captions, orders, removes, errors] = await Promise.all(
    ['fileId', 'fileAlt', 'fileCaption', 'fileOrder', 'fileRemove', 'uploadError'].map((name) => submittedList(request, name)),
  );
  const items = attachmentItems({
    fileId: ids!.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0),
    fileAlt: alts!,
    fileCaption: captions!,
    fileOrder: orders!,
    fileRemove: removes!.map(Number),
  });
  const found = await filesByIds(db, items.map((i) => i.id), actor);
  const typed = new Map(items.map((i) => [i.id, i]));
  return {
    files: found.map((f) => ({ ...f, alt: typed.get(f.id)?.alt ?? f.alt, caption: typed.get(f.id)?.caption ?? f.caption })),
    errors: errors!,
  };
}
