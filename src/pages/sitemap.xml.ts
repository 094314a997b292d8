// Sitemap of the public pages: fixed pages, every case, every 시·군 and every public notice.
// On demand, since notices live in the database (and a scheduled one appears by itself).
import type { APIRoute } from 'astro';
import { listPublishedCases } from '../lib/cases/store';
import { database } from '../lib/runtime';
import { now } from '../lib/clock';
import { SIGUN } from '../lib/regions';
import { sitemap } from '../lib/feeds';
import { publicNoticeDates } from '../lib/notices/notices';

// On demand: the cases come from the database.
export const prerender = false;

const FIXED = ['/', '/cases', '/regions', '/programme', '/forum', '/checklists', '/notices', '/patents', '/mentors', '/search', '/privacy', '/terms', '/email-policy'];

export const GET: APIRoute = async ({ site }) => {
  const cases = await listPublishedCases(await database(), now());
  const notices = await publicNoticeDates(await database(), new Date());
  const xml = sitemap([
    ...FIXED.map((path) => ({ loc: new URL(path, site).href })),
    ...SIGUN.map((s) => ({ loc: new URL(`/regions/${s.code}/`, site).href })),
    ...cases.map((c) => ({ loc: new URL(`/cases/${c.id}/`, site).href, lastmod: c.data.publishedAt })),
    ...notices.map((n) => ({ loc: new URL(`/notices/${n.id}`, site).href, lastmod: n.updatedAt })),
  ]);
  return new Response(xml, { headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=300' } });
};
