// Who could take a consultation request: helpers ranked by how their profile overlaps the
// request (topics ↔ career field, industry, 시·군) and the weakest sections of the shared
// checklist result (src/lib/mentors/fields.ts FIELDS_FOR_SECTION). Pure.
import type { MentorProfile } from '../db/schema';
import { FIELDS_FOR_SECTION } from '../mentors/fields';

export interface SuggestionRequest {
  topics: readonly string[];
  industry: string | null;
  sigunCode: string;
  /** Section ids of the checklist, weakest first (may be empty). */
  weakSections: readonly string[];
}

export interface Suggestion<T> {
  candidate: T;
  score: number;
  /** Korean reasons shown next to the name. */
  reasons: string[];
}

type ProfileFacts = Pick<MentorProfile, 'careerField' | 'industries' | 'sigunCodes'>;

export const WEIGHTS = { topic: 3, industry: 2, sigun: 2, weakSection: 1, availableNow: 1 } as const;

export function rankHelpers<T extends { profile: ProfileFacts; availableNow: boolean }>(
  request: SuggestionRequest,
  candidates: readonly T[],
  sectionTitle: (id: string) => string = (id) => id,
): Suggestion<T>[] {
  return candidates
    .map((candidate) => {
      const { profile } = candidate;
      const reasons: string[] = [];
      let score = 0;
      if (request.topics.includes(profile.careerField)) {
        score += WEIGHTS.topic;
        reasons.push(`신청 분야 ${profile.careerField}`);
      }
      if (request.industry && profile.industries.includes(request.industry)) {
        score += WEIGHTS.industry;
        reasons.push(`업종 ${request.industry}`);
      }
      if (profile.sigunCodes.includes(request.sigunCode)) {
        score += WEIGHTS.sigun;
        reasons.push('담당 시·군');
      }
      const weak = request.weakSections.filter((id) => FIELDS_FOR_SECTION[id]?.includes(profile.careerField as never));
      if (weak.length) {
        score += WEIGHTS.weakSection * weak.length;
        reasons.push(`약한 영역: ${weak.map(sectionTitle).join(', ')}`);
      }
      if (candidate.availableNow) {
        score += WEIGHTS.availableNow;
        reasons.push('지금 방문 가능');
      }
      return { candidate, score, reasons };
    })
    .sort((a, b) => b.score - a.score);
}

/** The weakest scored sections of a saved checklist result (lowest first). */
export function weakSectionIds(sectionScores: Record<string, number | null>, count = 3): string[] {
  return Object.entries(sectionScores)
    .filter((e): e is [string, number] => e[1] !== null)
    .sort((a, b) => a[1] - b[1])
    .slice(0, count)
    .map(([id]) => id);
}
