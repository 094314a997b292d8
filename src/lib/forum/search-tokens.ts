// Search tokens for discussions, computed in application code so PostgreSQL and PGlite
// index the same thing: every Hangul word becomes its syllable bigrams (so `공장` finds
// `스마트공장`), Latin and digit runs become lower-cased words.
const HANGUL_RUN = /[\uAC00-\uD7A3]+/g;
const LATIN_RUN = /[a-z0-9]+/g;

export function hangulBigrams(word: string): string[] {
  if (word.length < 2) return [word];
  const grams: string[] = [];
  for (let i = 0; i < word.length - 1; i++) grams.push(word.slice(i, i + 2));
  return grams;
}

/** Space-separated tokens for to_tsvector('simple', …). */
export function searchTokens(text: string): string {
  const lower = text.toLowerCase();
  const tokens = new Set<string>();
  for (const [run] of lower.matchAll(HANGUL_RUN)) for (const gram of hangulBigrams(run)) tokens.add(gram);
  for (const [run] of lower.matchAll(LATIN_RUN)) tokens.add(run);
  return [...tokens].join(' ');
}
