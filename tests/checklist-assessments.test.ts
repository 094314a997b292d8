// Saving, continuing and listing a member's assessments on the real database (PGlite, and
// PostgreSQL when TEST_DATABASE_URL is set); template versions; guest drafts; the staff
// aggregate with its five-company threshold.
import { describe, expect, it } from 'vitest';
import { databaseTargets, useDatabase } from './helpers/database';
import { makeUser } from './helpers/accounts';
import { answerAll, loadTemplate } from './helpers/checklists';
import {
  getAssessment,
  listAssessments,
  saveAssessment,
  templateAtVersion,
} from '../src/lib/checklists/assessments';
import { createDraft, deleteDraft, getDraft } from '../src/lib/checklists/drafts';
import { MIN_COMPANIES, readinessBySigun } from '../src/lib/checklists/aggregate';
import { compareSectionScores } from '../src/lib/checklists/scoring';
import type { IdentifiedTemplate } from '../src/lib/checklists/template';

const template = loadTemplate('smart-factory-readiness');
const company = { sigunCode: '52130', industry: '자동차부품', targetLevel: '기초' };

describe.each(databaseTargets())('checklist assessments on $name', (target) => {
  const db = useDatabase(target);

  it('saves part of an assessment, continues it later, and keeps the history over time', async () => {
    const user = await makeUser(db(), { companyName: '가라정밀(가칭)' });
    const firstHalf = Object.fromEntries(template.sections.slice(0, 6).flatMap((s) => s.items.map((i) => [i.id, 'no'])));
    const first = await saveAssessment(db(), { user, template, answers: firstHalf, company });
    expect(first).toMatchObject({ companyName: '가라정밀(가칭)', templateVersion: '1.0', overallScore: 0, sigunCode: '52130' });
    expect(first!.answeredCount).toBeLessThan(first!.itemCount);
    expect(first!.sectionScores['operations']).toBeNull();

    // Continue: the rest answered "yes", same assessment.
    const continued = await saveAssessment(db(), {
      user, template, company, assessmentId: first!.id,
      answers: { ...answerAll(template, 'yes'), ...firstHalf },
    });
    expect(continued!.id).toBe(first!.id);
    expect(continued!.answeredCount).toBe(continued!.itemCount);
    expect(continued!.sectionScores['operations']).toBe(100);
    expect(continued!.sectionScores['leadership']).toBe(0);

    // Months later, a new assessment: history shows both, newest first, and the change.
    const later = await saveAssessment(db(), { user, template, company, answers: answerAll(template, 'partial') });
    const history = await listAssessments(db(), user.id);
    expect(history.map((a) => a.id)).toEqual([later!.id, first!.id]);
    const change = compareSectionScores(template.sections.map((s) => s.id), history[0]!.sectionScores, history[1]!.sectionScores);
    expect(change.find((c) => c.sectionId === 'leadership')).toMatchObject({ now: 50, before: 0, change: 50 });
    expect(change.find((c) => c.sectionId === 'operations')).toMatchObject({ now: 50, before: 100, change: -50 });
    expect((await getAssessment(db(), first!.id))!.answers['ceo-purpose']).toBe('no');
  });

  it('does not let a member continue someone else’s assessment', async () => {
    const owner = await makeUser(db());
    const other = await makeUser(db());
    const saved = await saveAssessment(db(), { user: owner, template, company, answers: { 'ceo-purpose': 'yes' } });
    expect(await saveAssessment(db(), { user: other, template, company, assessmentId: saved!.id, answers: {} })).toBeUndefined();
    expect((await getAssessment(db(), saved!.id))!.answers).toEqual({ 'ceo-purpose': 'yes' });
    expect(await listAssessments(db(), other.id)).toEqual([]);
    expect(await getAssessment(db(), 0)).toBeUndefined();
    expect(await getAssessment(db(), 99_999_999_999)).toBeUndefined();
  });

  it('keeps old assessments on the template version they answered when a new version ships', async () => {
    const user = await makeUser(db());
    const old = await saveAssessment(db(), { user, template, company, answers: answerAll(template, 'yes') });
    const v2: IdentifiedTemplate = {
      ...template,
      version: '2.0',
      sections: [{ ...template.sections[0]!, items: [{ ...template.sections[0]!.items[0]!, id: 'new-question' }] }],
    };
    // The old one still reads with all its questions; v2 is served as current.
    const v1Again = await templateAtVersion(db(), v2, '1.0');
    expect(v1Again!.sections.length).toBe(template.sections.length);
    expect(v1Again!.id).toBe(template.id);
    expect(await templateAtVersion(db(), v2, '2.0')).toBe(v2);
    expect(await templateAtVersion(db(), v2, '0.9')).toBeUndefined();
    // Continuing the old assessment keeps version 1.0 and its scores.
    const continued = await saveAssessment(db(), { user, template: v1Again!, company, assessmentId: old!.id, answers: answerAll(template, 'yes') });
    expect(continued).toMatchObject({ templateVersion: '1.0', overallScore: 100 });
    // Saving against v2 with the old id does not cross versions.
    expect(await saveAssessment(db(), { user, template: v2, company, assessmentId: old!.id, answers: {} })).toBeUndefined();
    const fresh = await saveAssessment(db(), { user, template: v2, company, answers: { 'new-question': 'no' } });
    expect(fresh).toMatchObject({ templateVersion: '2.0', overallScore: 0, itemCount: 1 });
  });

  it('keeps a guest draft for a day under its token only', async () => {
    const token = await createDraft(db(), template, { 'ceo-purpose': 'partial' }, company);
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    const draft = await getDraft(db(), token);
    expect(draft).toMatchObject({ templateId: template.id, templateVersion: '1.0', answers: { 'ceo-purpose': 'partial' }, industry: '자동차부품' });
    expect(draft!.tokenHash).not.toContain(token);
    expect(await getDraft(db(), token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')))).toBeUndefined();
    expect(await getDraft(db(), 'not a token')).toBeUndefined();
    expect(await getDraft(db(), token, new Date(Date.now() + 25 * 3600_000))).toBeUndefined();
    await deleteDraft(db(), token);
    expect(await getDraft(db(), token)).toBeUndefined();
  });

  it('aggregates readiness by 시·군 only where at least five companies answered', async () => {
    const sectionIds = template.sections.map((s) => s.id);
    // 군산시: five companies (one of them twice: only the latest counts). 전주시: four.
    for (let i = 0; i < MIN_COMPANIES; i++) {
      const user = await makeUser(db(), { sigunCode: '52130' });
      if (i === 0) await saveAssessment(db(), { user, template, company, answers: answerAll(template, 'no') });
      await saveAssessment(db(), { user, template, company, answers: answerAll(template, i < 2 ? 'yes' : 'partial') });
    }
    for (let i = 0; i < MIN_COMPANIES - 1; i++) {
      const user = await makeUser(db());
      await saveAssessment(db(), { user, template, company: { ...company, sigunCode: '52110' }, answers: answerAll(template, 'yes') });
    }
    // One 군산 company answered only the first section: counted, but not for the others.
    const partial = await makeUser(db());
    await saveAssessment(db(), {
      user: partial, template, company,
      answers: Object.fromEntries(template.sections[0]!.items.map((i) => [i.id, 'no'])),
    });
    // A company without a 시·군 and one that answered nothing do not count anywhere.
    await saveAssessment(db(), { user: await makeUser(db()), template, company: { ...company, sigunCode: null }, answers: answerAll(template, 'yes') });
    await saveAssessment(db(), { user: await makeUser(db()), template, company, answers: {} });

    const rows = await readinessBySigun(db(), template.id, sectionIds);
    expect(rows).toHaveLength(14);
    const gunsan = rows.find((r) => r.sigun.code === '52130')!;
    expect(gunsan.companies).toBe(6);
    expect(gunsan.overall).toBeCloseTo((100 + 100 + 50 + 50 + 50 + 0) / 6);
    expect(gunsan.sections['leadership']).toBeCloseTo((100 + 100 + 50 + 50 + 50 + 0) / 6);
    expect(gunsan.sections['operations']).toBeCloseTo((100 + 100 + 50 + 50 + 50) / 5);
    const jeonju = rows.find((r) => r.sigun.code === '52110')!;
    expect(jeonju).toMatchObject({ companies: 4, overall: null });
    expect(Object.values(jeonju.sections).every((v) => v === null)).toBe(true);
    expect(rows.find((r) => r.sigun.code === '52800')).toMatchObject({ companies: 0, overall: null });
  });
});
