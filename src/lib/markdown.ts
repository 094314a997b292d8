// The one way the portal turns Markdown into HTML: marked. Content files under content/
// are written by the project and rendered as they are. Member-written Markdown is
// rendered and then sanitized with a strict allowlist, once, when it is written; the
// stored HTML is what pages show.
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { FILE_URL_PATTERN } from './files/urls';

const marked = new Marked({ gfm: true, breaks: false, async: false });

// CommonMark decides whether `**` may close by the characters around it: after punctuation it
// must be followed by whitespace or punctuation. Korean puts particles straight after a word,
// so `**스마트공장(MES)**도` stayed literal asterisks (the same for an opening `**` between a
// Hangul syllable and punctuation). Like the CJK-friendly amendment to CommonMark, a `**…**`
// span next to a Hangul, Kana or Han character is strong whatever punctuation it holds.
const CJK = '\\u1100-\\u11FF\\u3040-\\u30FF\\u3130-\\u318F\\u3400-\\u9FFF\\uAC00-\\uD7AF\\uF900-\\uFAFF';
const CJK_STRONG = new RegExp(`^\\*\\*(?![\\s*])([^*\\n]*?[^\\s*])\\*\\*(?=[${CJK}])`);
marked.use({
  extensions: [
    {
      name: 'cjkStrong',
      level: 'inline',
      start: (src: string) => src.match(/\*\*/)?.index,
      tokenizer(src: string) {
        const match = CJK_STRONG.exec(src);
        if (!match) return undefined;
        return { type: 'strong', raw: match[0], text: match[1]!, tokens: this.lexer.inlineTokens(match[1]!) };
      },
    },
  ],
});

export function renderTrustedMarkdown(source: string): string {
  return marked.parse(source) as string;
}

// Only the tags marked emits for text; images only from the portal's own file addresses
// (/files/<sha256>/<name>, served with nosniff and a sandbox CSP), no style, class or id,
// and links only to http, https and mailto.
const MEMBER_HTML: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'hr',
    'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img',
  ],
  allowedAttributes: { a: ['href', 'title'], ol: ['start'], th: ['align'], td: ['align'], img: ['src', 'alt', 'title', 'loading', 'decoding'] },
  // Relative file addresses carry no scheme; anything with one (data:, http:, javascript:) goes.
  allowedSchemesByTag: { img: [] },
  // An image from anywhere else is dropped entirely (not escaped).
  exclusiveFilter: (frame) => frame.tag === 'img' && !FILE_URL_PATTERN.test(frame.attribs.src ?? ''),
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  // Headings inside a post sit below the thread's own h1/h2.
  transformTags: {
    h1: 'h3',
    h2: 'h3',
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc noopener', target: '_blank' }),
    img: sanitizeHtml.simpleTransform('img', { loading: 'lazy', decoding: 'async' }),
  },
};

export function renderMemberMarkdown(source: string): string {
  const html = marked.parse(source) as string;
  return sanitizeHtml(html, { ...MEMBER_HTML, allowedAttributes: { ...MEMBER_HTML.allowedAttributes, a: ['href', 'title', 'rel', 'target'] } });
}

/** Images in Markdown source written without a description (`![](…)`); KWCAG 1.1.1 needs one. */
export function imagesWithoutAlt(source: string): number {
  return (source.match(/!\[\s*\]\(/g) ?? []).length;
}

/** Number of links in rendered member HTML (new members may post only a few). */
export function countLinks(html: string): number {
  return (html.match(/<a\s/g) ?? []).length;
}

/**
 * Case-study bodies (written on the web by staff, 시·군 officials and mentors, or imported
 * from content/cases): the member allowlist, but section headings stay h2 under the page's h1
 * and links open in place.
 */
export function renderCaseMarkdown(source: string): string {
  return sanitizeHtml(marked.parse(source) as string, {
    ...MEMBER_HTML,
    allowedTags: [...(MEMBER_HTML.allowedTags as string[]), 'h2'],
    transformTags: { h1: 'h2', img: MEMBER_HTML.transformTags!.img! },
  });
}
