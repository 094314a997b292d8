// Checklist scoring and templates: weights, critical items, partial answers, "not
// applicable", version changes, and the strict template schema.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bandFor,
  compareSectionScores,
  invalidAnswers,
  scoreAnswers,
  scoringModel,
  sectionScoreMap,
  weakestSections,
  type ScoringModel,
} from '../src/lib/checklists/scoring';
import { templateProblems } from '../src/lib/checklists/template';
import { CHECKLIST_DIR, answerAll, loadTemplate, readTemplateFile } from './helpers/checklists';

const scale = [
  { value: 'yes', score: 1 },
  { value: 'partial', score: 0.5 },
  { value: 'no', score: 0 },
  { value: 'na', score: null },
];

// Two sections: "a" has weights 3 and 1 (a1 critical); "b" has one item of weight 2.
const model: ScoringModel = {
  scales: { r: scale },
  sections: [
    { id: 'a', items: [{ id: 'a1', scale: 'r', weight: 3, critical: true }, { id: 'a2', scale: 'r', weight: 1, critical: false }] },
    { id: 'b', items: [{ id: 'b1', scale: 'r', weight: 2, critical: false }] },
  ],
};

describe('scoreAnswers', () => {
  it('weights items within a section and across the whole checklist', () => {
    const result = scoreAnswers(model, { a1: 'yes', a2: 'no', b1: 'no' });
    expect(result.sections[0]!.score).toBe(75); // 3 of 4 weight
    expect(result.sections[1]!.score).toBe(0);
    expect(result.overall).toBe(50); // 3 of 6 weight, not the mean of 75 and 0
    expect(result.complete).toBe(true);
  });

  it('counts a partial answer as half', () => {
    const result = scoreAnswers(model, { a1: 'partial', a2: 'partial', b1: 'yes' });
    expect(result.sections[0]!.score).toBe(50);
    expect(result.overall).toBeCloseTo((100 * (1.5 + 0.5 + 2)) / 6);
  });

  it('leaves "not applicable" out of the score but counts it as answered', () => {
    const result = scoreAnswers(model, { a1: 'yes', a2: 'na', b1: 'na' });
    expect(result.sections[0]!.score).toBe(100);
    expect(result.sections[1]).toMatchObject({ score: null, answered: 1, total: 1 });
    expect(result.overall).toBe(100);
    expect(result.answered).toBe(3);
  });

  it('scores a half-finished checklist over what was answered, and says it is incomplete', () => {
    const result = scoreAnswers(model, { a2: 'yes' });
    expect(result).toMatchObject({ overall: 100, answered: 1, total: 3, complete: false });
    expect(result.sections[1]!.score).toBeNull();
    expect(scoreAnswers(model, {})).toMatchObject({ overall: null, answered: 0 });
  });

  it('calls out a "no" on a critical item even when the total is high', () => {
    const big: ScoringModel = {
      scales: { r: scale },
      sections: [{ id: 's', items: [{ id: 'c', scale: 'r', weight: 1, critical: true }, ...Array.from({ length: 9 }, (_, i) => ({ id: `i${i}`, scale: 'r', weight: 1, critical: false }))] }],
    };
    const answers = Object.fromEntries(big.sections[0]!.items.map((i) => [i.id, 'yes']));
    answers.c = 'no';
    const result = scoreAnswers(big, answers);
    expect(result.overall).toBe(90);
    expect(result.criticalGaps).toEqual([{ sectionId: 's', itemId: 'c' }]);
    // "Partial" on a critical item, or "no" on an ordinary one, is not a critical gap.
    expect(scoreAnswers(model, { a1: 'partial', a2: 'no' }).criticalGaps).toEqual([]);
  });

  it('ignores answers to items or values the template version does not have', () => {
    const result = scoreAnswers(model, { a1: 'yes', gone: 'no', b1: 'maybe' });
    expect(result.answered).toBe(1);
    expect(result.overall).toBe(100);
    expect(invalidAnswers(model, { a1: 'yes', gone: 'no', b1: 'maybe' }).sort()).toEqual(['b1', 'gone']);
    expect(invalidAnswers(model, { a1: 'na' })).toEqual([]);
  });
});

describe('results', () => {
  it('names the three weakest scored sections, weakest first, ties in template order', () => {
    const result = {
      overall: 50, answered: 5, total: 5, complete: true, criticalGaps: [],
      sections: [
        { sectionId: 'p', score: 80, answered: 1, total: 1 },
        { sectionId: 'q', score: 20, answered: 1, total: 1 },
        { sectionId: 'r', score: null, answered: 1, total: 1 },
        { sectionId: 's', score: 50, answered: 1, total: 1 },
        { sectionId: 't', score: 20, answered: 1, total: 1 },
      ],
    };
    expect(weakestSections(result).map((s) => s.sectionId)).toEqual(['q', 't', 's']);
  });

  it('compares section scores across versions by section id', () => {
    const changes = compareSectionScores(['a', 'b', 'new'], { a: 80, b: null, new: 40 }, { a: 50, b: 30, old: 10 });
    expect(changes).toEqual([
      { sectionId: 'a', now: 80, before: 50, change: 30 },
      { sectionId: 'b', now: null, before: 30, change: null },
      { sectionId: 'new', now: 40, before: null, change: null },
    ]);
    expect(compareSectionScores(['a'], { a: 10 }, undefined)[0]!.change).toBeNull();
  });

  it('picks the band by its minimum score', () => {
    const bands = [{ min: 0, label: 'low' }, { min: 80, label: 'high' }, { min: 60, label: 'mid' }];
    expect(bandFor(bands, 59.9)?.label).toBe('low');
    expect(bandFor(bands, 60)?.label).toBe('mid');
    expect(bandFor(bands, 100)?.label).toBe('high');
  });
});

describe('version changes', () => {
  const v1 = loadTemplate('smart-factory-readiness');
  // Version 2 drops one item, adds another and makes a third critical.
  const dropped = v1.sections[0]!.items[3]!.id;
  const v2: ScoringModel = {
    ...v1,
    sections: v1.sections.map((s, i) =>
      i === 0
        ? { ...s, items: [...s.items.filter((it) => it.id !== dropped).map((it) => (it.id === 'shared-with-staff' ? { ...it, critical: true } : it)), { id: 'new-item', text: 't', help: 'h', scale: 'readiness', weight: 2, critical: false }] }
        : s,
    ),
  };

  it('keeps scoring old answers with the version they answered', () => {
    const answers = answerAll(v1, 'no');
    answers[dropped] = 'yes';
    const before = scoreAnswers(v1, answers);
    expect(before.complete).toBe(true);
    // The same answers under v2: the dropped item no longer counts, the new one is unanswered.
    const after = scoreAnswers(v2, answers);
    expect(after.complete).toBe(false);
    expect(after.total).toBe(before.total);
    expect(before.sections[0]!.score).toBeGreaterThan(0);
    expect(after.sections[0]!.score).toBe(0);
    // Old answers are still valid for v1, and v2 flags the one it does not know.
    expect(invalidAnswers(v1, answers)).toEqual([]);
    expect(invalidAnswers(v2, answers)).toEqual([dropped]);
  });

  it('the browser model scores exactly like the full template', () => {
    const answers = answerAll(v1, 'partial');
    answers['ceo-purpose'] = 'no';
    expect(scoreAnswers(JSON.parse(JSON.stringify(scoringModel(v1))), answers)).toEqual(scoreAnswers(v1, answers));
    expect(sectionScoreMap(scoreAnswers(v1, answers))['leadership']).toBeCloseTo((100 * (0 + 1.5 + 0.5 + 0.5)) / 8);
  });
});

describe('templates', () => {
  it('every shipped template is valid and the readiness checklist covers the twelve areas', () => {
    const files = fs.readdirSync(CHECKLIST_DIR).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) expect(templateProblems(file, readTemplateFile(file.replace(/\.yaml$/, '')))).toEqual([]);
    const readiness = loadTemplate('smart-factory-readiness');
    expect(readiness.title).toBe('스마트공장 도입 전 사전준비 체크리스트');
    expect(readiness.sample).toBe(false);
    expect(readiness.sections.map((s) => s.title)).toEqual([
      '경영진 의지와 목표', '현황 파악 (공정·설비·데이터)', '목표 KPI 설정 (PQCD)', '기준정보 정비 (품목·BOM·라우팅)',
      '현장 데이터 수집 가능성', 'IT·네트워크 인프라', '추진 조직과 담당자', '예산과 자부담 계획',
      '공급기업 선정과 계약', '교육·변화관리', '정보보안', '구축 후 운영·유지보수',
    ]);
    const items = readiness.sections.flatMap((s) => s.items);
    expect(items.length).toBeGreaterThanOrEqual(36);
    expect(items.length).toBeLessThanOrEqual(48);
    expect(items.some((i) => i.critical)).toBe(true);
    const short = loadTemplate('mentor-visit-prep');
    expect(short.sample).toBe(true);
    expect(Object.keys(short.scales)).not.toEqual(Object.keys(readiness.scales)); // its own answer scale
  });

  it('names the file and the field of a bad template', () => {
    const good = readTemplateFile('mentor-visit-prep') as { sections: { items: Record<string, unknown>[] }[] };
    const wrongType = structuredClone(good);
    wrongType.sections[1]!.items[0]!.weight = 'heavy';
    expect(templateProblems('content/checklists/bad.yaml', wrongType)).toContainEqual(
      expect.stringMatching(/^content\/checklists\/bad\.yaml: sections\.1\.items\.0\.weight: /),
    );
    // Cross-references are checked once every field has the right type.
    const bad = structuredClone(good);
    bad.sections[0]!.items[1]!.scale = 'stars';
    bad.sections[2]!.items[0]!.id = 'org-chart';
    const problems = templateProblems('content/checklists/bad.yaml', bad);
    expect(problems.join('\n')).toMatch(/bad\.yaml: sections\.0\.items\.1\.scale: unknown scale "stars"/);
    expect(problems.join('\n')).toMatch(/bad\.yaml: sections\.2\.items\.0\.id: duplicate item id "org-chart"/);
    const { advice: _, ...noAdvice } = (good as unknown as { sections: Record<string, unknown>[] }).sections[0]!;
    expect(templateProblems('x.yaml', { ...good, sections: [noAdvice] })).toContainEqual(expect.stringMatching(/^x\.yaml: sections\.0\.advice: /));
    expect(templateProblems('x.yaml', { ...good, extra: 1 })).toContainEqual(expect.stringMatching(/^x\.yaml: /));
  });
});
