// RSS of the newest public announcements (scheduled ones join when their time comes).
import type { APIRoute } from 'astro';
import { database } from '../../lib/runtime';
import { rssFeed } from '../../lib/feeds';
import { NOTICE_CATEGORIES, newestNotices } from '../../lib/notices/notices';
import { plainText } from '../../lib/search/bigram-query';
import { filesOfMany } from '../../lib/files/files';

export const GET: APIRoute = async ({ site }) => {
  const db = await database();
  const notices = await newestNotices(db, new Date(), 30, false);
  const files = await filesOfMany(db, 'notice', notices.map((n) => n.id));
  const xml = rssFeed({
    title: '전북 스마트CEO포럼 포털 — 공지사항',
    description: '사업공고, 행사·교육, 성과 소식',
    link: new URL('/notices', site).href,
    self: new URL('/notices/rss.xml', site).href,
    items: notices.map((n) => ({
      title: n.title,
      link: new URL(`/notices/${n.id}`, site).href,
      description: plainText(n.bodySource).slice(0, 300),
      date: n.publishAt!,
      categories: [NOTICE_CATEGORIES[n.category]],
      enclosures: (files.get(n.id) ?? []).map((f) => ({ url: new URL(f.url, site).href, length: f.size, type: f.mime })),
    })),
  });
  return new Response(xml, { headers: { 'content-type': 'application/rss+xml; charset=utf-8', 'cache-control': 'public, max-age=60' } });
};
