// The one way the portal turns Markdown into HTML: marked. Content files under content/
// are written by the project and rendered as they are. Member-written Markdown is
// rendered and then sanitized with a strict allowlist, once, when it is written; the
// stored HTML is what pages show.
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, breaks: false, async: false });

export function renderTrustedMarkdown(source: string): string {
  return marked.parse(source) as string;
}

// Only the tags marked emits for text; no images (the CSP allows none from elsewhere),
// no style, class or id, and links only to http, https and mailto.
const MEMBER_HTML: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'hr',
    'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: { a: ['href', 'title'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  // Headings inside a post sit below the thread's own h1/h2.
  transformTags: {
    h1: 'h3',
    h2: 'h3',
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc noopener', target: '_blank' }),
  },
};

export function renderMemberMarkdown(source: string): string {
  const html = marked.parse(source) as string;
  return sanitizeHtml(html, { ...MEMBER_HTML, allowedAttributes: { ...MEMBER_HTML.allowedAttributes, a: ['href', 'title', 'rel', 'target'] } });
}

/** Number of links in rendered member HTML (new members may post only a few). */
export function countLinks(html: string): number {
  return (html.match(/<a\s/g) ?? []).length;
}
