// A saved assessment's answers as CSV (owner only), for Excel: UTF-8 with a byte-order mark.
import type { APIRoute } from 'astro';
import { database } from '../../../lib/runtime';
import { ownAssessment } from '../../../lib/checklists/assessments';
import { assessmentCsv } from '../../../lib/checklists/csv';

export const GET: APIRoute = async ({ params, locals, redirect, url }) => {
  if (!locals.user) return redirect(`/login?next=${encodeURIComponent(url.pathname)}`);
  const own = await ownAssessment(await database(), locals.user, Number(params.id));
  if (!own) return new Response('진단을 찾을 수 없습니다.', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return new Response(assessmentCsv(own.template, own.assessment), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="checklist-${own.assessment.id}.csv"`,
    },
  });
};
