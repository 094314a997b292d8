// Scoring of a checklist: pure functions, used on the server (results, saved scores,
// aggregates) and in the browser (the live score while answering). No imports on purpose:
// the browser bundle gets just this file.

/** Item id → chosen option value. Unanswered items are absent. */
export type Answers = Record<string, string>;

/** The parts of a template that scoring needs (a full template fits this shape). */
export interface ScoringModel {
  scales: Record<string, readonly { value: string; score: number | null }[]>;
  sections: readonly {
    id: string;
    items: readonly { id: string; scale: string; weight: number; critical: boolean }[];
  }[];
}

export interface SectionScore {
  sectionId: string;
  /** 0–100, weighted over the answered, applicable items; null when none is. */
  score: number | null;
  answered: number;
  total: number;
}

export interface CriticalGap {
  sectionId: string;
  itemId: string;
}

export interface ScoreResult {
  /** 0–100 over every answered, applicable item (weights across sections); null when none. */
  overall: number | null;
  answered: number;
  total: number;
  complete: boolean;
  sections: SectionScore[];
  /** Critical items answered with a lowest (0) option. */
  criticalGaps: CriticalGap[];
}

/** Keeps only what scoring needs: small enough to hand to the browser. */
export function scoringModel(template: ScoringModel): ScoringModel {
  return {
    scales: Object.fromEntries(
      Object.entries(template.scales).map(([name, options]) => [name, options.map(({ value, score }) => ({ value, score }))]),
    ),
    sections: template.sections.map((s) => ({
      id: s.id,
      items: s.items.map(({ id, scale, weight, critical }) => ({ id, scale, weight, critical })),
    })),
  };
}

function optionScore(model: ScoringModel, scale: string, value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  const option = model.scales[scale]?.find((o) => o.value === value);
  return option ? option.score : undefined;
}

export function scoreAnswers(model: ScoringModel, answers: Answers): ScoreResult {
  let earned = 0;
  let possible = 0;
  let answered = 0;
  let total = 0;
  const criticalGaps: CriticalGap[] = [];
  const sections = model.sections.map((section): SectionScore => {
    let sectionEarned = 0;
    let sectionPossible = 0;
    let sectionAnswered = 0;
    for (const item of section.items) {
      const score = optionScore(model, item.scale, answers[item.id]);
      if (score === undefined) continue; // unanswered (or a value this version does not know)
      sectionAnswered += 1;
      if (score === null) continue; // "not applicable" counts as answered, not as scored
      sectionEarned += item.weight * score;
      sectionPossible += item.weight;
      if (item.critical && score === 0) criticalGaps.push({ sectionId: section.id, itemId: item.id });
    }
    earned += sectionEarned;
    possible += sectionPossible;
    answered += sectionAnswered;
    total += section.items.length;
    return {
      sectionId: section.id,
      score: sectionPossible > 0 ? (100 * sectionEarned) / sectionPossible : null,
      answered: sectionAnswered,
      total: section.items.length,
    };
  });
  return {
    overall: possible > 0 ? (100 * earned) / possible : null,
    answered,
    total,
    complete: answered === total,
    sections,
    criticalGaps,
  };
}

/** The `count` lowest-scoring sections (scored ones only), weakest first; ties keep template order. */
export function weakestSections(result: ScoreResult, count = 3): SectionScore[] {
  return result.sections
    .filter((s) => s.score !== null)
    .map((s, order) => ({ s, order }))
    .sort((a, b) => a.s.score! - b.s.score! || a.order - b.order)
    .slice(0, count)
    .map(({ s }) => s);
}

/** Item ids that the model does not have, or whose value is not on the item's scale. */
export function invalidAnswers(model: ScoringModel, answers: Answers): string[] {
  const items = new Map(model.sections.flatMap((s) => s.items.map((i) => [i.id, i] as const)));
  return Object.entries(answers)
    .filter(([id, value]) => {
      const item = items.get(id);
      return !item || !model.scales[item.scale]?.some((o) => o.value === value);
    })
    .map(([id]) => id);
}

/** Section scores keyed by section id, as saved with an assessment. */
export function sectionScoreMap(result: ScoreResult): Record<string, number | null> {
  return Object.fromEntries(result.sections.map((s) => [s.sectionId, s.score]));
}

export interface SectionChange {
  sectionId: string;
  now: number | null;
  before: number | null;
  /** now − before, when both exist. */
  change: number | null;
}

/**
 * Compares two assessments section by section (by section id, so it works across template
 * versions); sections are listed in the order of `sectionIds` (usually the newer template).
 */
export function compareSectionScores(
  sectionIds: readonly string[],
  now: Record<string, number | null>,
  before: Record<string, number | null> | undefined,
): SectionChange[] {
  return sectionIds.map((sectionId) => {
    const a = now[sectionId] ?? null;
    const b = before?.[sectionId] ?? null;
    return { sectionId, now: a, before: b, change: a !== null && b !== null ? a - b : null };
  });
}

/** The band whose `min` is the highest one not above the score. */
export function bandFor<B extends { min: number }>(bands: readonly B[], score: number): B | undefined {
  return [...bands].sort((a, b) => b.min - a.min).find((b) => score >= b.min);
}

/** Scores as people read them: whole numbers. */
export function formatScore(score: number | null): string {
  return score === null ? '—' : String(Math.round(score));
}
