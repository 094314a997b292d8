// Anonymous readiness by 시·군 and section for staff: each company's latest assessment of
// a template, averaged per 시·군, shown only where enough companies answered that no one
// company can be picked out.
import { desc, eq, isNotNull, and } from 'drizzle-orm';
import type { Database } from '../db/client';
import { checklistAssessments } from '../db/schema';
import { SIGUN, type Sigun } from '../regions';

/** Fewer companies than this in a group, and the group's figures are not shown. */
export const MIN_COMPANIES = 5;

export interface ReadinessRow {
  sigun: Sigun;
  /** Companies (member accounts) whose latest assessment names this 시·군. */
  companies: number;
  /** Null where fewer than MIN_COMPANIES answered (overall, or that section). */
  overall: number | null;
  sections: Record<string, number | null>;
}

function mean(values: number[]): number | null {
  return values.length >= MIN_COMPANIES ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

export async function readinessBySigun(db: Database, templateId: string, sectionIds: readonly string[]): Promise<ReadinessRow[]> {
  // Latest scored assessment per company; any template version counts (sections match by id).
  const latest = await db
    .selectDistinctOn([checklistAssessments.userId], {
      sigunCode: checklistAssessments.sigunCode,
      overall: checklistAssessments.overallScore,
      sections: checklistAssessments.sectionScores,
    })
    .from(checklistAssessments)
    .where(and(eq(checklistAssessments.templateId, templateId), isNotNull(checklistAssessments.overallScore)))
    .orderBy(checklistAssessments.userId, desc(checklistAssessments.updatedAt), desc(checklistAssessments.id));

  return SIGUN.map((sigun) => {
    const rows = latest.filter((r) => r.sigunCode === sigun.code);
    return {
      sigun,
      companies: rows.length,
      overall: mean(rows.map((r) => r.overall!)),
      sections: Object.fromEntries(
        sectionIds.map((id) => [id, mean(rows.map((r) => r.sections[id]).filter((v): v is number => typeof v === 'number'))]),
      ),
    };
  });
}
