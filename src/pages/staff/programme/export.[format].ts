// The programme figures as a sheet (.xlsx or .csv with BOM), in the columns the import reads.
import type { APIRoute } from 'astro';
import { database } from '../../../lib/runtime';
import { can } from '../../../lib/auth/permissions';
import { loadProgramme } from '../../../lib/programme';
import { FIGURE_COLUMNS, exportRows } from '../../../lib/figures/sheet';
import { SHEET_TYPES, attachmentHeader, writeCsv, writeXlsx } from '../../../lib/sheets/write';
import { formatIsoDate } from '../../../lib/dates';

export const GET: APIRoute = async ({ params, locals }) => {
  const format = params.format;
  if (format !== 'xlsx' && format !== 'csv') return new Response(null, { status: 404 });
  if (!can(locals.user, 'programme.manage', null)) {
    return new Response('도 담당자와 시·군 담당자만 내려받을 수 있습니다.', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  const rows = exportRows(await loadProgramme(await database()));
  const body = format === 'xlsx' ? await writeXlsx('도입 기업 수', FIGURE_COLUMNS, rows) : writeCsv(FIGURE_COLUMNS, rows);
  return new Response(body, {
    headers: {
      'content-type': SHEET_TYPES[format],
      'content-disposition': attachmentHeader(`스마트공장 도입 기업 수 ${formatIsoDate(new Date())}.${format}`),
      'cache-control': 'no-store',
    },
  });
};
