// Sitemap of the public pages: fixed pages, every case and every 시·군.
import type { APIRoute } from 'astro';
import { allCases } from '../lib/cases/collection';
import { SIGUN } from '../lib/regions';
import { sitemap } from '../lib/feeds';

export const prerender = true;

const FIXED = ['/', '/cases', '/regions', '/programme', '/forum', '/checklists', '/notices', '/patents', '/search', '/privacy', '/terms', '/email-policy'];

export const GET: APIRoute = async ({ site }) => {
  const cases = await allCases();
  const xml = sitemap([
    ...FIXED.map((path) => ({ loc: new URL(path, site).href })),
    ...SIGUN.map((s) => ({ loc: new URL(`/regions/${s.code}/`, site).href })),
    ...cases.map((c) => ({ loc: new URL(`/cases/${c.id}/`, site).href, lastmod: c.data.publishedAt })),
  ]);
  return new Response(xml, { headers: { 'content-type': 'application/xml; charset=utf-8' } });
};
