// The database side of Korean search, shared by discussions and announcements: a query's
// terms (particles already stripped) become Hangul bigrams AND-ed against a tsvector of the
// same bigrams (src/lib/forum/search-tokens.ts), and a substring recheck drops bigram
// coincidences (`공장` and `장공` share no bigram order).
import { sql, type SQL } from 'drizzle-orm';
import { hangulBigrams } from '../forum/search-tokens';

/** The tsquery atoms for one term: its bigrams; a one-syllable or Latin run by prefix. */
function termAtoms(term: string): string[] {
  const parts: string[] = [];
  for (const [run] of term.matchAll(/[\uAC00-\uD7A3]+/g)) {
    parts.push(...(run.length === 1 ? [`${run}:*`] : hangulBigrams(run)));
  }
  for (const [run] of term.matchAll(/[a-z0-9]+/g)) parts.push(`${run}:*`);
  return parts;
}

/** Every term's bigrams AND-ed, for to_tsquery('simple', …); undefined if nothing is searchable. */
export function bigramTsquery(terms: string[]): string | undefined {
  const queries = terms.map((t) => termAtoms(t).join(' & ')).filter(Boolean);
  return queries.length ? queries.map((q) => `(${q})`).join(' & ') : undefined;
}

/**
 * The tsquery for a query's plans (every spacing of it, see searchPlans in korean.ts): each
 * plan's bigrams AND-ed, the plans OR-ed, so `품질관리` also finds `품질 … 관리`. It only picks
 * candidates (the recheck decides), so a plan whose bigrams include all of another plan's adds
 * nothing and is left out: `품질관리` needs 품질·질관·관리, `품질 관리` only 품질·관리. Fewer
 * branches keep the query about as cheap as a plain one.
 */
export function plansTsquery(plans: string[][]): string | undefined {
  const sets = plans.map((plan) => new Set(plan.flatMap(termAtoms))).filter((atoms) => atoms.size > 0);
  const covers = (small: Set<string>, big: Set<string>) => [...small].every((a) => big.has(a));
  // Drop a set when another one is inside it (of two equal sets, the later one).
  const needed = sets.filter((atoms, i) => !sets.some((other, j) => j !== i && covers(other, atoms) && (other.size < atoms.size || j < i)));
  return needed.length ? needed.map((atoms) => `(${[...atoms].join(' & ')})`).join(' | ') : undefined;
}

/** The substring recheck for the same plans: some plan whose every term `matches`. */
export function plansRecheck(plans: string[][], matches: (term: string) => SQL): SQL {
  return sql.join(
    plans.map((plan) => sql`(${sql.join(plan.map(matches), sql` and `)})`),
    sql` or `,
  );
}

/** A LIKE pattern that finds `term` anywhere (its own % and _ taken literally). */
export const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Markdown source as plain text for excerpts. */
export function plainText(markdown: string): string {
  return markdown.replace(/[*_`>#~|]+/g, ' ').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\s+/g, ' ').trim();
}
