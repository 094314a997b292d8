// Cases a mentor took part in, found in the case data. Case frontmatter names the mentor as
// `mentor: { name, career, role }`; a profile is matched by its member's display name
// (users.display_name), compared without spaces. Pure: takes the list of case entries
// from whatever source the caller reads them (content collection today).
import type { CaseData } from './schema';

export interface MentoredCase<T> {
  entry: T;
  role: string;
}

const normalise = (name: string) => name.replace(/\s+/g, '').toLowerCase();

export function casesMentoredBy<T extends { data: Pick<CaseData, 'mentor'> }>(cases: readonly T[], mentorName: string): T[] {
  const wanted = normalise(mentorName);
  if (!wanted) return [];
  return cases.filter((c) => normalise(c.data.mentor.name) === wanted);
}
