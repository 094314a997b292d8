// Probes for the end-to-end tests: /api/test/error throws (500 page and error log),
// /api/test/slow answers after 800 ms (graceful shutdown), /api/test/clock moves the clock. Answers 404 unless
// PORTAL_TEST_ROUTES=1; never set that in production.
import type { APIRoute } from 'astro';
import { readConfig } from '../../../lib/config';
import { setClockOffset } from '../../../lib/clock';

export const GET: APIRoute = async ({ params, url }) => {
  if (!readConfig().testRoutes) return new Response(null, { status: 404 });
  if (params.probe === 'error') throw new Error('Deliberate failure for the error-page test');
  if (params.probe === 'slow') {
    // The shutdown test sends SIGTERM once it reads this, so the request is surely in flight.
    console.log('slow probe started');
    await new Promise((resolve) => setTimeout(resolve, 800));
    return new Response('done');
  }
  if (params.probe === 'clock') {
    // /api/test/clock?offsetMs=1800000 moves the server's clock (src/lib/clock.ts) ahead.
    setClockOffset(Number(url.searchParams.get('offsetMs') ?? 0) || 0);
    return new Response('ok');
  }
  return new Response(null, { status: 404 });
};
