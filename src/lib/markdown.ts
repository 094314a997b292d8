// The one way the portal turns Markdown into HTML: marked. Content files under content/
// are written by the project and rendered as they are; member-written Markdown must also
// go through the sanitizer before it is stored (added with the discussions).
import { Marked } from 'marked';

const marked = new Marked({ gfm: true, breaks: false, async: false });

export function renderTrustedMarkdown(source: string): string {
  return marked.parse(source) as string;
}
