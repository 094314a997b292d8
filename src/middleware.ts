// Runs before every on-demand route: request id, input no handler should see (Korean 4xx),
// cross-site write guard, session, and every action (so that their errors are Korean).
import { defineMiddleware } from 'astro:middleware';
import { getActionContext } from 'astro:actions';
import type { APIContext } from 'astro';
import './lib/forms'; // Korean messages for every zod schema (z.config in that module)
import { REQUEST_PROBLEMS, actionBodyProblem, addressProblem, drainBody, isActionRequest, type RequestProblemKind } from './lib/http/request-check';
import { koreanActionOutcome, runActionSafely } from './lib/http/action-errors';
import { refusal } from './lib/http/refusal';
import { database } from './lib/runtime';
import { validateSessionToken } from './lib/auth/session';
import { SESSION_COOKIE, deleteSessionCookie, setSessionCookie } from './lib/auth/session-cookie';
import { unreadCount } from './lib/forum/notifications';
import { invalidatePages, tagsAfterAction } from './lib/http/page-cache';
import { countQueries, queryCountingEnabled } from './lib/db/query-count';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A refused request: JSON shaped like Astro's ActionError for `/_actions/…` calls, else the Korean page. */
function refuse(context: APIContext, kind: RequestProblemKind): Response | Promise<Response> {
  const problem = REQUEST_PROBLEMS[kind];
  if (context.url.pathname.startsWith('/_actions/')) {
    return Response.json({ type: 'AstroActionError', code: problem.code, status: problem.status, message: problem.message }, { status: problem.status });
  }
  return context.rewrite(new Request(new URL(`/request-error?reason=${kind}`, context.url)));
}

// Tests and `npm run bench:pages` only (PORTAL_QUERY_COUNT=1): each HTML page ends with
// `<!-- queries: N -->`, the statements run for it, session check included.
const countingQueries = queryCountingEnabled();

export const onRequest = defineMiddleware((context, next) => (countingQueries ? withQueryCount(context, next) : handle(context, next)));

function withQueryCount(context: APIContext, next: Parameters<typeof handle>[1]): Promise<Response> {
  return countQueries(`${context.request.method} ${context.url.pathname}${context.url.search}`, async (read) => {
    const response = (await handle(context, next)) as Response;
    if (!response.body || !response.headers.get('content-type')?.startsWith('text/html')) return response;
    const trailer = new TransformStream<Uint8Array, Uint8Array>({
      flush: (controller) => controller.enqueue(new TextEncoder().encode(`<!-- queries: ${read()} -->`)),
    });
    const counted = new Response(response.body.pipeThrough(trailer), response);
    // Astro keeps the cookies to set on the response object itself; carry them over.
    const cookies = Symbol.for('astro.cookies');
    Reflect.set(counted, cookies, Reflect.get(response, cookies));
    return counted;
  });
}

const handle = defineMiddleware(async (context, next) => {
  context.locals.user = null;
  context.locals.session = null;
  context.locals.unreadNotifications = async () => 0;
  context.locals.requestId = '';
  if (context.isPrerendered) return next();
  // server/index.mjs assigns the id (or keeps the reverse proxy's) so logs line up.
  const proxyId = context.request.headers.get('x-request-id');
  context.locals.requestId = proxyId && /^[\w.-]{1,64}$/.test(proxyId) ? proxyId : crypto.randomUUID().slice(0, 8);

  const addressKind = addressProblem(context.url, context.request.headers);
  if (addressKind) return refuse(context, addressKind);
  const actionRequest = isActionRequest(context.request.method, context.url);
  if (actionRequest) {
    const bodyKind = await actionBodyProblem(context.request);
    if (bodyKind === 'size') await drainBody(context.request);
    if (bodyKind) return refuse(context, bodyKind);
  }

  // Astro's checkOrigin covers form posts by Origin; browsers also say where a request
  // came from in Sec-Fetch-Site, which catches same-site sub-domains too.
  const fetchSite = context.request.headers.get('sec-fetch-site');
  if (!SAFE_METHODS.has(context.request.method) && fetchSite && fetchSite !== 'same-origin') {
    return refusal(403, '다른 사이트에서 보낸 요청은 받을 수 없습니다.');
  }

  const token = context.cookies.get(SESSION_COOKIE)?.value;
  if (token) {
    const db = await database();
    // A plain GET is almost always a page with the header: fetch the unread count with the
    // session (one round trip). Actions and other methods count only if a page asks.
    const pageRequest = context.request.method === 'GET' && !actionRequest;
    const result = await validateSessionToken(db, token, undefined, { withUnread: pageRequest });
    if (result) {
      context.locals.user = result.user;
      context.locals.session = result.session;
      let unread: Promise<number> | undefined = result.unread === undefined ? undefined : Promise.resolve(result.unread);
      context.locals.unreadNotifications = () => (unread ??= unreadCount(db, result.user.id));
      if (result.refreshed) setSessionCookie(context.cookies, token, result.session);
    } else {
      deleteSessionCookie(context.cookies);
    }
  }

  try {
    if (actionRequest) {
      const answer = await runAction(context);
      if (answer) return answer;
    }
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

/**
 * Runs the request's action here rather than in Astro's own step (which then sees the result
 * is set), so that every action's errors are Korean and an exception's text stays in the log.
 * A `/_actions/…` call is answered at once, as Astro would; a form post renders its page.
 */
async function runAction(context: APIContext): Promise<Response | undefined> {
  const { action, setActionResult, serializeActionResult } = getActionContext(context);
  if (!action) return undefined;
  const { requestId } = context.locals;
  const outcome = koreanActionOutcome(await runActionSafely(action.handler), requestId, (message) =>
    console.error(`[request ${requestId}] ${context.request.method} ${context.url.pathname} action ${action.name} failed: ${message}`),
  );
  // Guests' cached pages showing what the action changed go before anyone is answered.
  if (!outcome.error && !isPreview(outcome.data)) await invalidatePages(tagsAfterAction(action.name));
  const serialized = serializeActionResult(outcome as Parameters<typeof serializeActionResult>[0]);
  if (action.calledFrom === 'form') {
    setActionResult(action.name, serialized);
    return undefined;
  }
  if (serialized.type === 'empty') return new Response(null, { status: serialized.status });
  return new Response(serialized.body, { status: serialized.status, headers: { 'content-type': serialized.contentType } });
}

/** A preview changes nothing (forms answer `{ preview }` for it). */
function isPreview(data: unknown): boolean {
  return !!data && typeof data === 'object' && 'preview' in data;
}
