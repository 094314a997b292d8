// RSS 2.0 and sitemap XML, written by hand: a few lines beat a dependency here.
import { formatIsoDate } from './dates';
export interface FeedItem {
  title: string;
  link: string;
  description: string;
  date: Date;
  categories?: string[];
  /** Attached files (absolute URL, bytes, MIME type). */
  enclosures?: { url: string; length: number; type: string }[];
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

export function rssFeed(feed: { title: string; description: string; link: string; self: string; items: FeedItem[] }): string {
  const items = feed.items
    .map(
      (item) => `<item><title>${escapeXml(item.title)}</title><link>${escapeXml(item.link)}</link><guid isPermaLink="true">${escapeXml(item.link)}</guid><description>${escapeXml(item.description)}</description><pubDate>${item.date.toUTCString()}</pubDate>${(item.categories ?? []).map((c) => `<category>${escapeXml(c)}</category>`).join('')}${(item.enclosures ?? []).map((e) => `<enclosure url="${escapeXml(e.url)}" length="${e.length}" type="${escapeXml(e.type.split(';')[0]!)}"/>`).join('')}</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<title>${escapeXml(feed.title)}</title><link>${escapeXml(feed.link)}</link><description>${escapeXml(feed.description)}</description><language>ko</language>
<atom:link href="${escapeXml(feed.self)}" rel="self" type="application/rss+xml"/>
${items}
</channel></rss>
`;
}

export function sitemap(urls: { loc: string; lastmod?: Date }[]): string {
  const body = urls
    .map((u) => `<url><loc>${escapeXml(u.loc)}</loc>${u.lastmod ? `<lastmod>${formatIsoDate(u.lastmod)}</lastmod>` : ''}</url>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${body}
</urlset>
`;
}
