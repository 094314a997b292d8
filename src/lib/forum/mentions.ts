// @mentions: `@handle` in a post links to that member's profile and notifies them.
const MENTION = /(^|[^\w@/.])@([a-z0-9_]{3,20})\b/gi;

/** Distinct lower-case handles mentioned in a Markdown source. */
export function mentionedHandles(source: string): string[] {
  return [...new Set([...source.matchAll(MENTION)].map((m) => m[2]!.toLowerCase()))];
}

/**
 * Turns `@handle` in sanitized post HTML into profile links, for the handles in `known`
 * (handle → member id). Text inside links and code is left alone.
 */
export function linkMentions(html: string, known: ReadonlyMap<string, number>): string {
  if (known.size === 0) return html;
  let skipDepth = 0;
  return html
    .split(/(<[^>]+>)/)
    .map((part) => {
      if (part.startsWith('<')) {
        if (/^<(a|code|pre)[\s>]/i.test(part)) skipDepth += 1;
        else if (/^<\/(a|code|pre)>/i.test(part)) skipDepth = Math.max(0, skipDepth - 1);
        return part;
      }
      if (skipDepth > 0) return part;
      return part.replace(MENTION, (whole, before: string, handle: string) => {
        const id = known.get(handle.toLowerCase());
        return id ? `${before}<a href="/members/${id}" class="mention">@${handle}</a>` : whole;
      });
    })
    .join('');
}
