// The Pagefind index (/pagefind/pagefind.js and its files), served from the database: it is
// rebuilt at run time when cases change (src/lib/search/index-worker.ts), and every instance
// sees the same one.
import type { APIRoute } from 'astro';
import { database, searchIndexFiles } from '../../lib/runtime';

export const prerender = false;

export const GET: APIRoute = async ({ params, request }) => {
  const file = await searchIndexFiles().get(await database(), params.path ?? '');
  if (!file) return new Response('찾을 수 없습니다.', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const headers = { 'content-type': file.contentType, 'cache-control': file.cacheControl, etag: file.etag };
  if (request.headers.get('if-none-match') === file.etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(file.content), { headers });
};
