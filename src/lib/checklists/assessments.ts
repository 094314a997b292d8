// Members' saved assessments: save (new or continued), read, list, and the template
// version each one answered.
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { checklistAssessments, checklistTemplateVersions, type ChecklistAssessment, type User } from '../db/schema';
import { can } from '../auth/permissions';
import { scoreAnswers, sectionScoreMap, type Answers } from './scoring';
import type { IdentifiedTemplate } from './template';

/** Company facts given with an assessment (null: not given). */
export interface CompanyFacts {
  sigunCode: string | null;
  industry: string | null;
  targetLevel: string | null;
}

/** Stores the template's definition under its version, once. */
export async function rememberTemplateVersion(db: Database, template: IdentifiedTemplate): Promise<void> {
  const { id, ...definition } = template;
  await db
    .insert(checklistTemplateVersions)
    .values({ templateId: id, version: template.version, definition })
    .onConflictDoNothing();
}

/** The template as it was at `version`: the current one, or a stored earlier version. */
export async function templateAtVersion(
  db: Database,
  current: IdentifiedTemplate,
  version: string,
): Promise<IdentifiedTemplate | undefined> {
  return version === current.version ? current : storedTemplate(db, current.id, version);
}

/** The template exactly as an assessment answered it (stored when it was saved). */
export async function storedTemplate(db: Database, templateId: string, version: string): Promise<IdentifiedTemplate | undefined> {
  const [row] = await db
    .select({ definition: checklistTemplateVersions.definition })
    .from(checklistTemplateVersions)
    .where(and(eq(checklistTemplateVersions.templateId, templateId), eq(checklistTemplateVersions.version, version)))
    .limit(1);
  return row ? { ...row.definition, id: templateId } : undefined;
}

export interface SaveAssessmentInput {
  user: Pick<User, 'id' | 'companyName'>;
  /** The template at the version being answered. */
  template: IdentifiedTemplate;
  answers: Answers;
  company: CompanyFacts;
  /** Continue this assessment instead of starting a new one. */
  assessmentId?: number;
}

/**
 * Saves the answers with their scores. Returns undefined when `assessmentId` is not the
 * user's assessment of this template version.
 */
export async function saveAssessment(db: Database, input: SaveAssessmentInput): Promise<ChecklistAssessment | undefined> {
  const { user, template, answers, company, assessmentId } = input;
  const result = scoreAnswers(template, answers);
  const values = {
    answers,
    companyName: user.companyName,
    ...company,
    overallScore: result.overall,
    sectionScores: sectionScoreMap(result),
    answeredCount: result.answered,
    itemCount: result.total,
  };
  await rememberTemplateVersion(db, template);
  if (assessmentId !== undefined) {
    const [updated] = await db
      .update(checklistAssessments)
      .set({ ...values, updatedAt: new Date() })
      .where(
        and(
          eq(checklistAssessments.id, assessmentId),
          eq(checklistAssessments.userId, user.id),
          eq(checklistAssessments.templateId, template.id),
          eq(checklistAssessments.templateVersion, template.version),
        ),
      )
      .returning();
    return updated;
  }
  const [created] = await db
    .insert(checklistAssessments)
    .values({ ...values, userId: user.id, templateId: template.id, templateVersion: template.version })
    .returning();
  return created;
}

export async function getAssessment(db: Database, id: number): Promise<ChecklistAssessment | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return undefined;
  const [row] = await db.select().from(checklistAssessments).where(eq(checklistAssessments.id, id)).limit(1);
  return row;
}

/** The user's assessments, newest first. */
export async function listAssessments(db: Database, userId: number): Promise<ChecklistAssessment[]> {
  return db
    .select()
    .from(checklistAssessments)
    .where(eq(checklistAssessments.userId, userId))
    .orderBy(desc(checklistAssessments.createdAt), desc(checklistAssessments.id));
}

/** The viewer's own assessment with the template version it answered; undefined for anyone else. */
export async function ownAssessment(
  db: Database,
  viewer: Pick<User, 'id' | 'role'>,
  id: number,
): Promise<{ assessment: ChecklistAssessment; template: IdentifiedTemplate } | undefined> {
  const assessment = await getAssessment(db, id);
  if (!assessment || !can(viewer, 'checklist.viewAssessment', { ownerId: assessment.userId })) return undefined;
  const template = await storedTemplate(db, assessment.templateId, assessment.templateVersion);
  return template && { assessment, template };
}
