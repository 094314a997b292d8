// Reading a checklist form back from its submitted fields (to redisplay it after an error).
import type { Answers } from './scoring';
import type { CompanyFacts } from './assessments';

export function submittedChecklist(values: Record<string, string>) {
  const answers: Answers = {};
  for (const [name, value] of Object.entries(values)) {
    if (name.startsWith('answers.')) answers[name.slice('answers.'.length)] = value;
  }
  const company: CompanyFacts = {
    sigunCode: values.sigunCode || null,
    industry: values.industry || null,
    targetLevel: values.targetLevel || null,
  };
  return {
    answers,
    company,
    templateVersion: values.templateVersion as string | undefined,
    hidden: { assessmentId: values.assessmentId, draft: values.draft },
  };
}
