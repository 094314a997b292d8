// Astro cache provider (runtime kind) for guest pages: see src/lib/http/page-cache.ts for the
// rules. Astro's own memoryCache() bounds entries by count and keys every query string; this
// one bounds bytes, keys only normalised known parameters, skips any request with a session
// cookie before rendering, and shares its store with `invalidatePages` (which needs no
// request context, so library code and other instances can call it).
import { createHash } from 'node:crypto';
import type { CacheProviderFactory } from 'astro';
import { ALL_PAGES, cacheUsable, cookieHeaderHasSession, dropLocally, hasSessionCookie, pageCache, pageCacheKey } from './page-cache';
import { now } from '../clock';
import { countView } from '../forum/views';

const ASTRO_COOKIES = Symbol.for('astro.cookies');

function setsCookie(response: Response): boolean {
  if (response.headers.has('set-cookie')) return true;
  const cookies = Reflect.get(response, ASTRO_COOKIES) as { headers(): Iterator<string> } | undefined;
  return !!cookies && !cookies.headers().next().done;
}

function directives(response: Response): { maxAge: number; tags: string[] } {
  const cc = response.headers.get('cdn-cache-control') ?? '';
  const maxAge = Number(/max-age=(\d+)/.exec(cc)?.[1] ?? 0);
  const tags = (response.headers.get('cache-tag') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  return { maxAge, tags };
}

const THREAD = /^\/forum\/t\/(\d+)$/;

/** The kept page for a guest GET of `url`, if any (the key is already known to be non-null). */
function hitFor(key: string, url: URL) {
  const state = pageCache();
  if (!cacheUsable()) return undefined;
  const hit = state.store.get(key, now().getTime());
  if (!hit) return undefined;
  state.store.hits++;
  // A thread read from memory is still a view.
  const thread = THREAD.exec(url.pathname);
  if (thread) countView(Number(thread[1]));
  return hit;
}

// server/index.mjs may answer hits before Astro's pipeline (runtime.cachedPage): same rules.
pageCache().lookup = (url, cookieHeader) => {
  const key = pageCacheKey(url);
  if (!key || cookieHeaderHasSession(cookieHeader)) return undefined;
  const hit = hitFor(key, url);
  return hit && { status: hit.status, headers: [...hit.headers, ['x-astro-cache', 'HIT']], body: hit.body };
};

const factory: CacheProviderFactory = () => ({
  name: 'portal-pages',
  async onRequest(context, next) {
    const { request } = context;
    if (request.method !== 'GET') return next();
    const url = new URL(request.url);
    // The key first: prerendered routes (never listed) must not touch the request's headers.
    const key = pageCacheKey(url);
    const state = pageCache();
    if (!key || state.store.maxBytes === 0 || hasSessionCookie(request)) return next();
    const hit = hitFor(key, url);
    if (hit) {
      const headers = new Headers(hit.headers);
      headers.set('x-astro-cache', 'HIT');
      return new Response(hit.body.slice(), { status: hit.status, headers });
    }
    const epoch = state.store.epoch;
    const response = await next();
    const { maxAge, tags } = directives(response);
    if (response.status !== 200 || maxAge <= 0 || setsCookie(response) || !state.serving) return response;
    state.store.misses++;
    const body = new Uint8Array(await response.clone().arrayBuffer());
    // An ETag fixed with the kept copy: browsers revalidate with it (304), and the server keeps
    // one compressed copy per ETag (server/compression.mjs) instead of compressing every hit.
    response.headers.set('etag', `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`);
    const headers: [string, string][] = [];
    response.headers.forEach((value, name) => {
      if (!['set-cookie', 'cdn-cache-control', 'cache-tag', 'x-astro-cache'].includes(name)) headers.push([name, value]);
    });
    state.store.set(key, { status: 200, headers, body, tags, expiresAt: now().getTime() + maxAge * 1000 }, epoch);
    response.headers.set('x-astro-cache', 'MISS');
    return response;
  },
  async invalidate(options) {
    const tags = options.tags === undefined ? [] : Array.isArray(options.tags) ? options.tags : [options.tags];
    // Path invalidation is not used here; treat it as "everything" rather than miss a page.
    dropLocally(options.path ? [ALL_PAGES] : tags);
  },
});

export default factory;
