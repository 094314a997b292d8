// Probes for the end-to-end tests: /api/test/error throws (500 page and error log),
// /api/test/slow answers after 800 ms (graceful shutdown). Answers 404 unless
// PORTAL_TEST_ROUTES=1; never set that in production.
import type { APIRoute } from 'astro';
import { readConfig } from '../../../lib/config';

export const GET: APIRoute = async ({ params }) => {
  if (!readConfig().testRoutes) return new Response(null, { status: 404 });
  if (params.probe === 'error') throw new Error('Deliberate failure for the error-page test');
  if (params.probe === 'slow') {
    // The shutdown test sends SIGTERM once it reads this, so the request is surely in flight.
    console.log('slow probe started');
    await new Promise((resolve) => setTimeout(resolve, 800));
    return new Response('done');
  }
  return new Response(null, { status: 404 });
};
