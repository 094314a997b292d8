// The shared start of every route that shows one saved assessment (result, print, CSV):
// guests are sent to sign in and come back; anyone but the owner gets a 404.
import { loginPath } from '../forms';
import type { ChecklistAssessment, User } from '../db/schema';
import { database } from '../runtime';
import { ownAssessment, type CompanyFacts } from './assessments';
import type { IdentifiedTemplate } from './template';

interface RouteContext {
  locals: { user: User | null };
  params: Record<string, string | undefined>;
  url: URL;
  redirect(path: string): Response;
}

export interface OwnAssessmentView {
  assessment: ChecklistAssessment;
  template: IdentifiedTemplate;
  company: CompanyFacts;
  user: User;
}

export async function ownAssessmentOrResponse(context: RouteContext): Promise<OwnAssessmentView | Response> {
  const { user } = context.locals;
  if (!user) return context.redirect(loginPath(context.url));
  const own = await ownAssessment(await database(), user, Number(context.params.id));
  // No body: Astro then renders the site's Korean 404 page.
  if (!own) return new Response(null, { status: 404 });
  const { assessment } = own;
  return {
    ...own,
    user,
    company: { sigunCode: assessment.sigunCode, industry: assessment.industry, targetLevel: assessment.targetLevel },
  };
}
