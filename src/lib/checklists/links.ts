// Addresses of other parts of the portal that checklist results point to.

/** The case-study list filtered by industry and smart-factory level (either may be unknown). */
export function casesPath(industry: string | null, level: string | null): string {
  const query = new URLSearchParams();
  if (industry) query.set('industry', industry);
  if (level) query.set('level', level);
  const search = query.toString();
  return search ? `/cases?${search}` : '/cases';
}
