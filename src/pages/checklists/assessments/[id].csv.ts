// A saved assessment's answers as CSV (owner only), for Excel: UTF-8 with a byte-order mark.
import type { APIRoute } from 'astro';
import { ownAssessmentOrResponse } from '../../../lib/checklists/assessment-route';
import { assessmentCsv } from '../../../lib/checklists/csv';

export const GET: APIRoute = async (context) => {
  const view = await ownAssessmentOrResponse(context);
  if (view instanceof Response) return view;
  return new Response(assessmentCsv(view.template, view.assessment), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="checklist-${view.assessment.id}.csv"`,
    },
  });
};
