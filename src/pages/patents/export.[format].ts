// The patent catalogue as a sheet (.xlsx or .csv with BOM), in the columns the import reads.
import type { APIRoute } from 'astro';
import { database } from '../../lib/runtime';
import { can } from '../../lib/auth/permissions';
import { allPatents } from '../../lib/patents/patents';
import { PATENT_COLUMNS, patentExportRows } from '../../lib/patents/sheet';
import { SHEET_TYPES, attachmentHeader, writeCsv, writeXlsx } from '../../lib/sheets/write';
import { formatIsoDate } from '../../lib/dates';

export const GET: APIRoute = async ({ params, locals }) => {
  const format = params.format;
  if (format !== 'xlsx' && format !== 'csv') return new Response(null, { status: 404 });
  if (!can(locals.user, 'patent.manage', null)) {
    return new Response('특허 목록은 담당자와 관리자만 내려받을 수 있습니다.', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  const rows = patentExportRows(await allPatents(await database()));
  const body = format === 'xlsx' ? await writeXlsx('이전 가능 특허', PATENT_COLUMNS, rows) : writeCsv(PATENT_COLUMNS, rows);
  return new Response(body, {
    headers: {
      'content-type': SHEET_TYPES[format],
      'content-disposition': attachmentHeader(`이전 가능 특허 ${formatIsoDate(new Date())}.${format}`),
      'cache-control': 'no-store',
    },
  });
};
