// Korean handling around Pagefind, which matches word prefixes and knows no Korean.
// Index side: every inner suffix (2+ characters, starting on a Hangul syllable) of each
// word is indexed as extra low-weight content, so a prefix match on those suffixes finds
// any part of a word (`공장` → `스마트공장`). Query side: a trailing particle (조사) is
// stripped, so `스마트공장을` searches `스마트공장`, whose prefix match still finds
// `스마트공장을`, `스마트공장의`, …
// Used by the browser (search page) and by Node (the server's index build, and scripts run with
// Node's own type stripping): relative imports carry the .ts extension for that reason.
import { getChoseong, josa } from 'es-hangul';

const HANGUL_SYLLABLE = /^[\uAC00-\uD7A3]$/;
const LATIN_OR_DIGIT = /^[a-z0-9]$/;

export function isHangulSyllable(char: string): boolean {
  return HANGUL_SYLLABLE.test(char);
}

/**
 * Words as the index sees them: NFC (macOS input may be decomposed jamo), lower case,
 * split on everything that is not a letter or digit. `MES로` stays one word, as in Pagefind.
 */
export function words(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    // ㆍ (U+318D, the Hangul middle dot many Korean texts use for ·) is a letter to Unicode.
    .split(/(?:[^\p{L}\p{N}]|\u318D)+/u)
    .filter(Boolean);
}

/**
 * Suffixes of a word that start inside it, are at least 2 characters long and begin on a
 * Hangul syllable, or on a Latin letter/digit right after Hangul (`스마트mes` → `mes`).
 */
export function innerSuffixes(word: string): string[] {
  const chars = Array.from(word);
  const out: string[] = [];
  for (let i = 1; i <= chars.length - 2; i++) {
    const c = chars[i]!;
    const startsPart = isHangulSyllable(c) || (LATIN_OR_DIGIT.test(c) && isHangulSyllable(chars[i - 1]!));
    if (startsPart) out.push(chars.slice(i).join(''));
  }
  return out;
}

/** Drops every token that is a prefix of another one: a prefix match on the longer one finds it anyway. */
function withoutPrefixes(tokens: Iterable<string>): Set<string> {
  const sorted = [...new Set(tokens)].sort();
  const kept = new Set<string>();
  for (let i = 0; i < sorted.length; i++) {
    const next = sorted[i + 1];
    if (next === undefined || !next.startsWith(sorted[i]!)) kept.add(sorted[i]!);
  }
  return kept;
}

/**
 * The extra tokens to index for a text: inner suffixes of its words that a prefix match on
 * the text's own words (or on `alsoIndexed`, e.g. the rest of the page) would not find already.
 *
 * A text can be given in several views that differ only in where words are cut: Pagefind joins
 * some adjacent elements without a space (`<dd>식품</dd><dt>스마트공장 수준</dt>` is indexed as
 * `식품스마트공장`) and separates others. Suffixes are taken from every view; only a word that
 * every view cuts the same way is trusted to be an indexed word.
 */
export function expansionTokens(text: string | string[], alsoIndexed: Iterable<string> = []): string[] {
  const texts = typeof text === 'string' ? [text] : text;
  const views = texts.map(words);
  const joined = new Set(texts.flatMap(joinedParts));
  const sure = views
    .reduce((acc, ws) => {
      const set = new Set(ws);
      return acc.filter((w) => set.has(w));
    })
    .filter((w) => !joined.has(w));
  const real = new Set([...sure, ...alsoIndexed]);
  const candidates = new Set([...joined, ...views.flat().flatMap(innerSuffixes)].filter((s) => !real.has(s)));
  const minimal = withoutPrefixes([...real, ...candidates]);
  return [...candidates].filter((s) => minimal.has(s));
}

// Pagefind keeps words joined by a middle dot, slash, hyphen or comma without a space as one
// word (`플라스틱·고무`), so only the first part is found by prefix.
const JOINER = /[\u00B7\u318D\u2027\u30FB\u2010-\u2013/,-]/u;

/**
 * The parts after the first of every word written with joiners (`플라스틱·고무` → `고무`,
 * `바이오/의약품` → `의약품`), unless the same part stands alone elsewhere in the text.
 */
export function joinedParts(text: string): string[] {
  const alone = new Set<string>();
  const parts: string[] = [];
  for (const chunk of text.normalize('NFC').toLowerCase().split(/\s+/)) {
    const core = chunk.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (!core) continue;
    if (!JOINER.test(core)) {
      for (const w of words(core)) alone.add(w);
      continue;
    }
    parts.push(...words(core).slice(1));
  }
  return [...new Set(parts.filter((p) => !alone.has(p)))];
}

/**
 * 초성 tokens of a title: for each word that starts on a Hangul syllable, the initial consonants
 * of its leading syllables (`스마트공장을` → `ㅅㅁㅌㄱㅈㅇ`), so a query of initial consonants
 * (`ㅅㅁㅌ`) finds it by prefix.
 */
export function choseongTokens(text: string): string[] {
  const out = new Set<string>();
  for (const w of words(text)) {
    const run = /^[\uAC00-\uD7A3]{2,}/.exec(w)?.[0];
    if (run) out.add(getChoseong(run));
  }
  return [...out];
}

/** Hangul compatibility consonants as typed for 초성 search (ㄱ…ㅎ, doubles included). */
const CHOSEONG_ONLY = /^[\u3131-\u314E]+$/;

/** A query made only of initial consonants (`ㅅㅁㅌ`, `ㅅㅁㅌ ㄱㅈ`). */
export function isChoseongQuery(terms: string[]): boolean {
  return terms.length > 0 && terms.every((t) => CHOSEONG_ONLY.test(t));
}

// The 19 initial consonants in syllable order: syllable = 0xAC00 + (initial × 21 + medial) × 28 + final.
const INITIALS = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';

/**
 * A regular expression (PostgreSQL and JavaScript alike) that matches a word starting with
 * syllables whose initial consonants are `choseong`: `ㅅㅁ` → `(^|[^가-힣])[사-싷][마-밓]`.
 * A compatibility consonant that cannot start a syllable (ㄳ …) gives undefined.
 */
export function choseongPattern(choseong: string): string | undefined {
  const classes: string[] = [];
  for (const c of choseong) {
    const i = INITIALS.indexOf(c);
    if (i === -1) return undefined;
    const first = 0xac00 + i * 588;
    classes.push(`[${String.fromCharCode(first)}-${String.fromCharCode(first + 587)}]`);
  }
  return `(^|[^가-힣])${classes.join('')}`;
}

// Spacing (띄어쓰기): Koreans write compounds with or without spaces (`품질관리`, `품질 관리`).
// Adjacent all-Hangul terms of a query are joined into one run; the run is searched whole and
// cut into parts of at least two syllables in every way, each cut an AND of its parts. Both
// spellings give the same run, hence the same searches and the same results.

/** At most this many searches per query (a long run has many cuts; fewest parts come first). */
export const MAX_PLANS = 16;
const LONGEST_RUN = 24;

/** Every way to cut `run` into parts of 2+ syllables, fewest parts first (the whole run first). */
export function segmentations(run: string): string[][] {
  const chars = Array.from(run);
  if (chars.length < 4 || chars.length > LONGEST_RUN) return [[run]];
  const out: string[][] = [];
  const walk = (from: number, parts: string[]) => {
    if (out.length > 4096) return;
    if (from === chars.length) return void out.push(parts);
    for (let to = from + 2; to <= chars.length; to++) {
      if (chars.length - to === 1) continue;
      walk(to, [...parts, chars.slice(from, to).join('')]);
    }
  };
  walk(0, []);
  return out.sort((a, b) => a.length - b.length);
}

const ALL_HANGUL = /^[\uAC00-\uD7A3]+$/;

/**
 * The searches to run for a query's terms (particles stripped), each a list of terms to AND:
 * the spacing-free forms first, the terms as typed always among them.
 */
export function searchPlans(terms: string[]): string[][] {
  if (!terms.length) return [];
  // Groups: a run of adjacent all-Hangul terms (joined), or one other term.
  const groups: string[][][] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length) groups.push(segmentations(run.join('')));
    run = [];
  };
  for (const t of terms) {
    if (ALL_HANGUL.test(t)) run.push(t);
    else {
      flush();
      groups.push([[t]]);
    }
  }
  flush();
  let plans: string[][] = [[]];
  for (const options of groups) {
    plans = plans.flatMap((p) => options.map((o) => [...p, ...o])).slice(0, MAX_PLANS * 4);
  }
  plans.sort((a, b) => a.length - b.length);
  const key = (p: string[]) => p.join(' ');
  const unique = [...new Map(plans.map((p) => [key(p), p])).values()].slice(0, MAX_PLANS);
  if (!unique.some((p) => key(p) === key(terms))) unique.splice(MAX_PLANS - 1, 1, terms);
  return unique;
}

/** Every term of every plan: what excerpts mark. */
export function planTerms(plans: string[][]): string[] {
  return [...new Set(plans.flat())];
}

// Particles (조사). Pairs come from es-hangul's josa options: the first form follows a final
// consonant (받침), the second a vowel; es-hangul's josa.pick decides which one fits a stem.
const PAIRED = ['이/가', '을/를', '은/는', '와/과', '으로/로', '이나/나', '이랑/랑', '이란/란', '이라/라', '으로서/로서', '으로써/로써', '으로부터/로부터'] as const;
type Paired = (typeof PAIRED)[number];
const PLAIN = ['의', '에', '에서', '에게', '께', '께서', '한테', '도', '만', '까지', '부터', '처럼', '보다', '마다', '조차', '만큼', '밖에', '하고', '같이'];
// Endings that stack on some particles: 에서는, 으로의, 까지도, 과의 …
const STACKED = ['는', '도', '의', '만'];
const STACKS_ON = new Set(['에', '에서', '에게', '께', '한테', '으로', '로', '와', '과', '까지', '부터', '보다', '처럼']);
// A one-syllable stem is stripped only after these (차를, 팀이); `나이`, `회의`, `온도` stay whole.
const ONE_SYLLABLE_OK = new Set<Paired>(['이/가', '을/를', '은/는']);

interface Particle {
  form: string;
  pair?: Paired;
  /** The paired form that must agree with the stem (으로 in 으로는). */
  base?: string;
}

const PARTICLES: Particle[] = (() => {
  const list: Particle[] = [];
  const add = (form: string, pair?: Paired, base?: string) => {
    list.push({ form, pair, base });
    if (STACKS_ON.has(form)) for (const s of STACKED) list.push({ form: form + s, pair, base });
  };
  for (const pair of PAIRED) for (const form of pair.split('/')) add(form, pair, form);
  for (const form of PLAIN) add(form);
  // Longest first, so 에서는 wins over 는.
  return list.sort((a, b) => b.form.length - a.form.length);
})();

/**
 * The word without a trailing particle, or the word itself. The stem must keep at least two
 * characters (one, for 이/가·을/를·은/는 with the right 받침), and a paired particle must fit
 * the stem's last syllable (`공장을` yes, `공장를` no). After Latin or digits any form fits
 * (`MES를`, `MES을`).
 */
export function stripParticle(word: string): string {
  const chars = Array.from(word);
  for (const p of PARTICLES) {
    if (!word.endsWith(p.form)) continue;
    const stemChars = chars.slice(0, chars.length - Array.from(p.form).length);
    const stem = stemChars.join('');
    const last = stemChars.at(-1);
    if (!last) continue;
    const hangul = isHangulSyllable(last);
    if (p.pair && hangul && josa.pick(stem, p.pair) !== p.base) continue;
    if (stemChars.length < 2 && !(p.pair && ONE_SYLLABLE_OK.has(p.pair))) continue;
    if (!hangul && !/^[\p{L}\p{N}]$/u.test(last)) continue;
    return stem;
  }
  return word;
}

export interface NormalizedQuery {
  /** What a visitor typed, as words (lower case, NFC). */
  words: string[];
  /** The words without particles: what is searched and what is marked in excerpts. */
  terms: string[];
  /** The query string handed to Pagefind. */
  pagefindQuery: string;
}

export function normalizeQuery(input: string): NormalizedQuery {
  const ws = words(input);
  const terms = [...new Set(ws.map(stripParticle))];
  return { words: ws, terms, pagefindQuery: terms.join(' ') };
}
