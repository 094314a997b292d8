// Throws on purpose, so the end-to-end tests can check the 500 page and the error log.
// Answers 404 unless PORTAL_TEST_ROUTES=1 (never set it in production).
import type { APIRoute } from 'astro';
import { readConfig } from '../../../lib/config';

export const GET: APIRoute = () => {
  if (!readConfig().testRoutes) return new Response(null, { status: 404 });
  throw new Error('Deliberate failure for the error-page test');
};
