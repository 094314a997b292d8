// Queries that check Korean recall for a document, used by the browser test and the benchmark:
// a two-syllable piece from inside one of its words, and a title word with a particle.
// Imported by Node scripts directly, hence the .ts extensions.
import { josa } from 'es-hangul';
import { isHangulSyllable, stripParticle, words } from './korean.ts';

export interface ProbeDocument {
  title: string;
  /** The document's words (see words()). */
  words: string[];
}

/**
 * A two-syllable piece from inside one of the document's words that starts none of its words
 * (so a prefix match alone cannot find it), found in as few of `others` as possible.
 */
export function innerPiece(doc: ProbeDocument, others: ProbeDocument[] = []): string | undefined {
  const candidates = new Set<string>();
  for (const w of doc.words) {
    const chars = Array.from(w);
    for (let i = 1; i + 2 <= chars.length; i++) {
      const piece = chars.slice(i, i + 2).join('');
      if (Array.from(piece).every(isHangulSyllable)) candidates.add(piece);
    }
  }
  const usable = [...candidates].filter((p) => !doc.words.some((w) => w.startsWith(p)));
  const spread = new Map(usable.map((p) => [p, others.filter((o) => o.words.some((w) => w.includes(p))).length]));
  return usable.sort((a, b) => spread.get(a)! - spread.get(b)! || a.localeCompare(b))[0];
}

const PARTICLES = ['을/를', '이/가', '은/는', '와/과', '으로/로'] as const;

/** The title's longest all-Hangul word without a particle, with the n-th particle attached by its 받침. */
export function titleWordWithParticle(doc: ProbeDocument, n: number): { word: string; query: string } | undefined {
  const candidates = words(doc.title).filter((w) => Array.from(w).length >= 2 && Array.from(w).every(isHangulSyllable) && stripParticle(w) === w);
  const word = candidates.sort((a, b) => b.length - a.length || a.localeCompare(b))[0];
  if (!word) return undefined;
  return { word, query: josa(word, PARTICLES[n % PARTICLES.length]!) };
}
