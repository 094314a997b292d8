// Index-time only: the HTML handed to Pagefind gets, before </body>, extra blocks holding the
// inner suffixes of the page's words (see korean.ts). The files served to visitors are not
// changed. Title suffixes weigh more than body suffixes, and both less than the real words.
import { Parser } from 'htmlparser2';
import { expansionTokens } from './korean.ts';
import { EXTRA_TOKENS_SENTINEL } from './excerpt.ts';

/** Pagefind weights (h1 = 7, text = 1); Pagefind stores them in steps of 1/12. */
export const TITLE_EXTRA_WEIGHT = 3;
export const BODY_EXTRA_WEIGHT = 0.25;

export interface IndexedText {
  /** Text of h1 inside the indexed region(s). */
  title: string;
  /** All indexed text, title included. */
  body: string;
  /** Whether the page opts into the index (has data-pagefind-body). */
  hasBody: boolean;
}

const SKIPPED = new Set(['script', 'style', 'template', 'noscript', 'svg']);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** The text Pagefind indexes: inside data-pagefind-body, minus data-pagefind-ignore and scripts. */
export function indexedText(html: string): IndexedText {
  const title: string[] = [];
  const body: string[] = [];
  // One entry per open element: does it start a body region / an ignored region / a title?
  const stack: { body: boolean; ignore: boolean; title: boolean }[] = [];
  let inBody = 0;
  let ignored = 0;
  let inTitle = 0;
  let hasBody = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const frame = {
          body: 'data-pagefind-body' in attrs,
          ignore: 'data-pagefind-ignore' in attrs || SKIPPED.has(name),
          title: name === 'h1',
        };
        if (frame.body) hasBody = true;
        if (VOID.has(name)) return;
        stack.push(frame);
        inBody += +frame.body;
        ignored += +frame.ignore;
        inTitle += +frame.title;
      },
      onclosetag(name) {
        if (VOID.has(name)) return;
        const frame = stack.pop();
        if (!frame) return;
        inBody -= +frame.body;
        ignored -= +frame.ignore;
        inTitle -= +frame.title;
      },
      ontext(text) {
        if (inBody > 0 && ignored === 0) {
          body.push(text);
          if (inTitle > 0) title.push(text);
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return { title: title.join(' '), body: body.join(' '), hasBody };
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface Augmented {
  html: string;
  extraTokens: number;
}

/** The page's HTML with its suffix blocks added (unchanged when it has no data-pagefind-body). */
export function augmentHtml(html: string): Augmented {
  const text = indexedText(html);
  if (!text.hasBody) return { html, extraTokens: 0 };
  const titleExtras = expansionTokens(text.title);
  const bodyExtras = expansionTokens(text.body, titleExtras);
  const block = (tokens: string[], weight: number) =>
    tokens.length ? `<div data-pagefind-body data-pagefind-weight="${weight}">${EXTRA_TOKENS_SENTINEL} ${escapeText(tokens.join(' '))}</div>` : '';
  const extra = block(titleExtras, TITLE_EXTRA_WEIGHT) + block(bodyExtras, BODY_EXTRA_WEIGHT);
  const at = html.lastIndexOf('</body>');
  const out = at === -1 ? html + extra : html.slice(0, at) + extra + html.slice(at);
  return { html: out, extraTokens: titleExtras.length + bodyExtras.length };
}
