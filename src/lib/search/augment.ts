// Index-time only: the HTML handed to Pagefind gets, before </body>, extra blocks holding the
// inner suffixes of the page's words (see korean.ts). The files served to visitors are not
// changed. Title suffixes weigh more than body suffixes, and both less than the real words.
import { Parser } from 'htmlparser2';
import { choseongTokens, expansionTokens } from './korean.ts';
import { EXTRA_TOKENS_SENTINEL } from './excerpt.ts';

/** Pagefind weights (h1 = 7, text = 1); Pagefind stores them in steps of 1/12. */
export const TITLE_EXTRA_WEIGHT = 3;
export const BODY_EXTRA_WEIGHT = 0.25;

const GROUPED = ['data-pagefind-filter', 'data-pagefind-meta', 'data-pagefind-sort'] as const;

/** A tag whose data-pagefind-filter/-meta/-sort holds several `key:value` pairs. */
export interface GroupedAttributes {
  /** Where the opening tag is in the HTML string. */
  start: number;
  end: number;
  pairs: { attribute: (typeof GROUPED)[number]; key: string; value: string }[];
}

/**
 * `sigun:전주시, industry:식품` → two pairs. Pagefind 1.6 takes such an attribute as one key
 * (`sigun` = `전주시, industry:식품`), so the index step splits it. A full-width comma (，) is
 * how a page writes a comma inside a value.
 */
export function splitPairs(value: string): { key: string; value: string }[] {
  return value
    .split(/,\s*(?=[\w-]+:)/)
    .map((pair) => {
      const at = pair.indexOf(':');
      return { key: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim().replaceAll('，', ',') };
    })
    .filter((p) => p.key && p.value);
}

export interface IndexedText {
  /** Text of h1 inside the indexed region(s), without badges. */
  title: string;
  /** Text of badges inside that h1 (e.g. 샘플): a label, not part of the title. */
  badge: string;
  /** All indexed text, title included, with a space between text nodes. */
  body: string;
  /** The same with no space added between text nodes (see expansionTokens). */
  bodyJoined: string;
  /** Whether the page opts into the index (has an element with data-pagefind-body). */
  hasBody: boolean;
  grouped: GroupedAttributes[];
}

const SKIPPED = new Set(['script', 'style', 'template', 'noscript', 'svg']);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** The text Pagefind indexes: inside data-pagefind-body, minus data-pagefind-ignore and scripts. */
export function indexedText(html: string): IndexedText {
  const title: string[] = [];
  const badge: string[] = [];
  const body: string[] = [];
  // One entry per open element: does it start a body region / an ignored region / a title / a badge?
  const stack: { body: boolean; ignore: boolean; title: boolean; badge: boolean }[] = [];
  let inBody = 0;
  let ignored = 0;
  let inTitle = 0;
  let inBadge = 0;
  let hasBody = false;
  const grouped: GroupedAttributes[] = [];
  const parser: Parser = new Parser(
    {
      onopentag(name, attrs) {
        const pairs = GROUPED.flatMap((attribute) => {
          const value = attrs[attribute];
          const split = value ? splitPairs(value) : [];
          return split.length > 1 ? split.map((p) => ({ attribute, ...p })) : [];
        });
        if (pairs.length) grouped.push({ start: parser.startIndex, end: parser.endIndex, pairs });
        const frame = {
          body: 'data-pagefind-body' in attrs,
          ignore: 'data-pagefind-ignore' in attrs || SKIPPED.has(name),
          title: name === 'h1',
          badge: inTitle > 0 && /(^|\s)badge(\s|$)/.test(attrs.class ?? ''),
        };
        if (frame.body) hasBody = true;
        if (VOID.has(name)) return;
        stack.push(frame);
        inBody += +frame.body;
        ignored += +frame.ignore;
        inTitle += +frame.title;
        inBadge += +frame.badge;
      },
      onclosetag(name) {
        if (VOID.has(name)) return;
        const frame = stack.pop();
        if (!frame) return;
        inBody -= +frame.body;
        ignored -= +frame.ignore;
        inTitle -= +frame.title;
        inBadge -= +frame.badge;
      },
      ontext(text) {
        if (inBody > 0 && ignored === 0) {
          body.push(text);
          if (inBadge > 0) badge.push(text);
          else if (inTitle > 0) title.push(text);
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  const clean = (parts: string[]) => parts.join('').replace(/\s+/g, ' ').trim();
  return { title: clean(title), badge: clean(badge), body: body.join(' '), bodyJoined: body.join(''), hasBody, grouped };
}

const BLOCK_END = /<\/(?:p|div|li|dt|dd|td|th|tr|h[1-6]|section|header|footer|figcaption|caption|blockquote)>/g;

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface Augmented {
  html: string;
  extraTokens: number;
}

/**
 * The page's HTML as Pagefind should index it (unchanged when it has no data-pagefind-body):
 * with the suffix blocks (unless `suffixes: false`, the plain baseline of the benchmark), the
 * title without its badge, and grouped filter/meta/sort attributes split.
 */
export function augmentHtml(page: string, { suffixes = true }: { suffixes?: boolean } = {}): Augmented {
  if (!page.includes('data-pagefind-body')) return { html: page, extraTokens: 0 };
  // Pagefind runs the text of adjacent blocks together (`지역무주군업종식품`): a space after
  // each block-level end tag keeps words apart in the index and in excerpts.
  const html = page.replace(BLOCK_END, '$& ');
  const text = indexedText(html);
  if (!text.hasBody) return { html: page, extraTokens: 0 };
  // Title words also as 초성 (`ㅅㅁㅌㄱㅈ`), for a query made of initial consonants.
  const titleExtras = suffixes ? [...expansionTokens(text.title), ...choseongTokens(text.title)] : [];
  const bodyExtras = suffixes ? expansionTokens([text.body, text.bodyJoined], titleExtras) : [];
  const block = (tokens: string[], weight: number) =>
    tokens.length ? `<div data-pagefind-body data-pagefind-weight="${weight}">${EXTRA_TOKENS_SENTINEL} ${escapeText(tokens.join(' '))}</div>` : '';
  // Result metadata, outside the indexed regions so it is not searched twice: the title without
  // its badge, and the badge on its own (the search page shows it as a label).
  const hidden = (attribute: string, key: string, value: string) => (value ? `<p hidden ${attribute}="${key}">${escapeText(value)}</p>` : '');
  const extra =
    block(titleExtras, TITLE_EXTRA_WEIGHT) +
    block(bodyExtras, BODY_EXTRA_WEIGHT) +
    (text.badge ? hidden('data-pagefind-meta', 'title', text.title) + hidden('data-pagefind-meta', 'badge', text.badge) : '') +
    text.grouped.flatMap((g) => g.pairs.map((p) => hidden(p.attribute, p.key, p.value))).join('');
  // Grouped attributes are replaced by one element per pair (above).
  let out = html;
  for (const g of [...text.grouped].reverse()) {
    const names = [...new Set(g.pairs.map((p) => p.attribute.replace('data-pagefind-', '')))].join('|');
    const grouped = new RegExp(`\\sdata-pagefind-(?:${names})\\s*=\\s*("[^"]*"|'[^']*')`, 'g');
    const tag = out.slice(g.start, g.end + 1).replace(grouped, '');
    out = out.slice(0, g.start) + tag + out.slice(g.end + 1);
  }
  const at = out.lastIndexOf('</body>');
  out = at === -1 ? out + extra : out.slice(0, at) + extra + out.slice(at);
  return { html: out, extraTokens: titleExtras.length + bodyExtras.length };
}
