// RSS 2.0 feed of the case studies, newest first.
import type { APIRoute } from 'astro';
import { listPublishedCases } from '../../lib/cases/store';
import { database } from '../../lib/runtime';
import { now } from '../../lib/clock';
import { sigunByCode } from '../../lib/regions';
import { rssFeed } from '../../lib/feeds';

// On demand: a published case appears in the feed at its publish time, a withdrawn one leaves it.
export const prerender = false;

export const GET: APIRoute = async ({ site }) => {
  const cases = await listPublishedCases(await database(), now());
  const xml = rssFeed({
    title: '전북 스마트CEO포럼 포털 — 우수사례',
    description: '전북 14개 시·군 중소 제조기업의 스마트공장 도입 우수사례',
    link: new URL('/cases', site).href,
    self: new URL('/cases/rss.xml', site).href,
    items: cases.map(({ id, data }) => ({
      title: `${data.sample ? '[샘플] ' : ''}${data.title}`,
      link: new URL(`/cases/${id}/`, site).href,
      description: data.summary,
      date: data.publishedAt,
      categories: [sigunByCode(data.sigun)!.name, data.industry, data.level],
    })),
  });
  return new Response(xml, { headers: { 'content-type': 'application/rss+xml; charset=utf-8', 'cache-control': 'public, max-age=300' } });
};
