// A member's assessments grouped by checklist, newest first, with the latest compared to
// the one before it, section by section.
import type { Database } from '../db/client';
import type { ChecklistAssessment } from '../db/schema';
import { listAssessments, storedTemplate } from './assessments';
import { compareSectionScores, type SectionChange } from './scoring';
import type { IdentifiedTemplate } from './template';

export interface ChecklistHistory {
  /** The template version of the latest assessment (its section titles head the comparison). */
  template: IdentifiedTemplate;
  assessments: ChecklistAssessment[];
  /** Latest versus the one before (before = null when there is only one). */
  changes: (SectionChange & { title: string })[];
}

export async function checklistHistory(db: Database, userId: number): Promise<ChecklistHistory[]> {
  const all = await listAssessments(db, userId);
  const byTemplate = new Map<string, ChecklistAssessment[]>();
  for (const a of all) byTemplate.set(a.templateId, [...(byTemplate.get(a.templateId) ?? []), a]);
  const histories: ChecklistHistory[] = [];
  for (const assessments of byTemplate.values()) {
    const [latest, previous] = assessments;
    const template = await storedTemplate(db, latest!.templateId, latest!.templateVersion);
    if (!template) continue;
    const changes = compareSectionScores(template.sections.map((s) => s.id), latest!.sectionScores, previous?.sectionScores).map((c) => ({
      ...c,
      title: template.sections.find((s) => s.id === c.sectionId)!.title,
    }));
    histories.push({ template, assessments, changes });
  }
  return histories;
}
