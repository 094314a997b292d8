// Runs before every on-demand route: request id, cross-site write guard, session.
import { defineMiddleware } from 'astro:middleware';
import { database } from './lib/runtime';
import { validateSessionToken } from './lib/auth/session';
import { SESSION_COOKIE, deleteSessionCookie, setSessionCookie } from './lib/auth/session-cookie';
import { unreadCount } from './lib/forum/notifications';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const onRequest = defineMiddleware(async (context, next) => {
  context.locals.user = null;
  context.locals.session = null;
  context.locals.unreadNotifications = async () => 0;
  context.locals.requestId = '';
  if (context.isPrerendered) return next();
  // server/index.mjs assigns the id (or keeps the reverse proxy's) so logs line up.
  const proxyId = context.request.headers.get('x-request-id');
  context.locals.requestId = proxyId && /^[\w.-]{1,64}$/.test(proxyId) ? proxyId : crypto.randomUUID().slice(0, 8);

  // Astro's checkOrigin covers form posts by Origin; browsers also say where a request
  // came from in Sec-Fetch-Site, which catches same-site sub-domains too.
  const fetchSite = context.request.headers.get('sec-fetch-site');
  if (!SAFE_METHODS.has(context.request.method) && fetchSite && fetchSite !== 'same-origin') {
    return new Response('다른 사이트에서 보낸 요청은 받을 수 없습니다.', {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }

  const token = context.cookies.get(SESSION_COOKIE)?.value;
  if (token) {
    const db = await database();
    const result = await validateSessionToken(db, token);
    if (result) {
      context.locals.user = result.user;
      context.locals.session = result.session;
      // Only pages with the header need the count; actions, feeds and redirects skip the query.
      let unread: Promise<number> | undefined;
      context.locals.unreadNotifications = () => (unread ??= unreadCount(db, result.user.id));
      if (result.refreshed) setSessionCookie(context.cookies, token, result.session);
    } else {
      deleteSessionCookie(context.cookies);
    }
  }

  try {
    const response = await next();
    // Pages that know who is signed in must never be stored by shared caches.
    // Stored files set their own caching (immutable images, revalidated documents).
    if (context.locals.user && !context.url.pathname.startsWith('/files/')) response.headers.set('cache-control', 'private, no-store');
    return response;
  } catch (error) {
    // Log with the id the 500 page shows, so a member's report can be matched to the cause.
    console.error(`[request ${context.locals.requestId}] ${context.request.method} ${context.url.pathname} failed:`, error);
    throw error;
  }
});
