// Excerpts are built here, not by Pagefind: Pagefind's own excerpt can land in the extra
// suffix tokens added at index time, which a visitor must never see. The index writes a
// sentinel before those tokens; everything from it on is cut off before building the excerpt.

/** Marks the start of the index-only extra tokens in a page's indexed content (U+241E, ␞). */
export const EXTRA_TOKENS_SENTINEL = '\u241E';

/** The part of a page's indexed content that is the page's own text. */
export function visibleContent(content: string): string {
  const at = content.indexOf(EXTRA_TOKENS_SENTINEL);
  return (at === -1 ? content : content.slice(0, at)).replace(/\s+/g, ' ').trim();
}

export interface ExcerptPart {
  text: string;
  match: boolean;
}

/**
 * A window of about `length` characters around the first place where any term occurs (inside
 * words too, case-insensitively), with every occurrence in it marked. Without a match: the start.
 */
export function buildExcerpt(text: string, terms: string[], length = 160): ExcerptPart[] {
  const source = text.normalize('NFC');
  const lower = source.toLowerCase();
  const needles = [...new Set(terms.map((t) => t.normalize('NFC').toLowerCase()).filter(Boolean))].sort((a, b) => b.length - a.length);
  const first = Math.min(...needles.map((n) => lower.indexOf(n)).filter((i) => i >= 0));
  let start = 0;
  if (Number.isFinite(first)) start = Math.max(0, first - Math.floor(length / 3));
  // Do not cut a word in two at the start.
  if (start > 0) {
    const space = source.lastIndexOf(' ', start);
    start = space === -1 ? 0 : space + 1;
  }
  let end = Math.min(source.length, start + length);
  if (end < source.length) {
    const space = source.indexOf(' ', end);
    end = space === -1 || space - end > 20 ? end : space;
  }
  const parts: ExcerptPart[] = [];
  const push = (t: string, match: boolean) => {
    if (!t) return;
    const last = parts.at(-1);
    if (last && last.match === match) last.text += t;
    else parts.push({ text: t, match });
  };
  if (start > 0) push('… ', false);
  let i = start;
  while (i < end) {
    const hit = needles.find((n) => lower.startsWith(n, i));
    if (hit) {
      push(source.slice(i, i + hit.length), true);
      i += hit.length;
    } else {
      push(source[i]!, false);
      i += 1;
    }
  }
  if (end < source.length) push(' …', false);
  return parts;
}
