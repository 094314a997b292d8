// For load balancers: 200 when this instance can reach its database, 503 otherwise.
import type { APIRoute } from 'astro';
import { database } from '../lib/runtime';
import { databaseIsReachable } from '../lib/db/client';

export const GET: APIRoute = async () => {
  let ok = false;
  try {
    ok = await databaseIsReachable(await database());
  } catch {
    ok = false;
  }
  return new Response(ok ? 'ok' : 'database unreachable', {
    status: ok ? 200 : 503,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
};
