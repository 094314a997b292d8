// The first step of every spreadsheet import (programme figures, patents): the uploaded file,
// checked for size, read by the import's own planner, and a sheet that cannot be read turned
// into a Korean 400 — so each import only says how it plans its rows.
import { ActionError } from 'astro:actions';
import { z } from 'astro/zod';
import { DEFAULT_SHEET_LIMITS, SheetError } from '../lib/sheets/read';

const CHOOSE_FILE = '올릴 파일(.xlsx 또는 .csv)을 골라 주세요.';

export const sheetUpload = z.object({ file: z.instanceof(File, { error: CHOOSE_FILE }) });

/** The planner's result for the uploaded file, with the file's name for the preview's heading. */
export async function planUploadedSheet<T extends object>(
  file: File,
  plan: (bytes: Uint8Array) => Promise<T>,
  maxBytes = DEFAULT_SHEET_LIMITS.maxBytes,
): Promise<T & { fileName: string }> {
  if (file.size === 0) throw new ActionError({ code: 'BAD_REQUEST', message: CHOOSE_FILE });
  if (file.size > maxBytes) {
    throw new ActionError({ code: 'CONTENT_TOO_LARGE', message: `파일이 너무 큽니다. ${maxBytes / 1024}KB 이하의 .xlsx 또는 .csv 파일을 올려 주세요.` });
  }
  try {
    return { fileName: file.name.slice(0, 200), ...(await plan(new Uint8Array(await file.arrayBuffer()))) };
  } catch (error) {
    if (error instanceof SheetError) throw new ActionError({ code: 'BAD_REQUEST', message: error.message });
    throw error;
  }
}
