// Cases a mentor took part in. A case that names the mentor's account (cases.mentor_user_id)
// belongs to that account only; otherwise — imported files, older cases — the frontmatter's
// `mentor: { name, career, role }` is matched against the member's display name
// (users.display_name), compared without spaces. Pure: takes the list of case entries from
// whatever source the caller reads them.
import type { CaseData } from './schema';

export interface MentoredCase<T> {
  entry: T;
  role: string;
}

const normalise = (name: string) => name.replace(/\s+/g, '').toLowerCase();

/** `mentor`: the mentor's account (id and display name), or only a name. */
export function casesMentoredBy<T extends { data: Pick<CaseData, 'mentor'>; mentorUserId?: number | null }>(
  cases: readonly T[],
  mentor: string | { id: number; name: string },
): T[] {
  const { id, name } = typeof mentor === 'string' ? { id: undefined, name: mentor } : mentor;
  const wanted = normalise(name);
  return cases.filter((c) =>
    c.mentorUserId != null ? c.mentorUserId === id : !!wanted && normalise(c.data.mentor.name) === wanted,
  );
}
