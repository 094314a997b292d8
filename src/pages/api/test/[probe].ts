// Probes for the end-to-end tests: /api/test/error throws (500 page and error log),
// /api/test/slow answers after 800 ms (graceful shutdown), /api/test/clock moves the clock,
// /api/test/page-cache tells the page cache's size, /api/test/cases imports a folder of case files or changes a case's state. Answers 404 unless
// PORTAL_TEST_ROUTES=1; never set that in production.
import type { APIRoute } from 'astro';
import { readConfig } from '../../../lib/config';
import { now, setClockOffset } from '../../../lib/clock';
import { database, pokeSearchIndex } from '../../../lib/runtime';
import { describeFileErrors, describeImport, importCaseDir } from '../../../lib/cases/import';
import { caseData, getCaseBySlug, saveCase, setCaseState } from '../../../lib/cases/store';
import { caseState } from '../../../lib/db/schema';
import { invalidatePages, pageCache, pageTags } from '../../../lib/http/page-cache';

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
  if (params.probe === 'cases') {
    // ?import=<folder>, ?slug=<slug>&rename=<new slug>, or ?slug=<slug>&state=<state>[&publishAt=<ISO
    // time>]; the search index follows.
    const db = await database();
    const dir = url.searchParams.get('import');
    if (dir) {
      const result = await importCaseDir(db, dir, now());
      pokeSearchIndex();
      await invalidatePages([pageTags.cases()]);
      return new Response((result.ok ? describeImport(result.report) : describeFileErrors(result.errors)).join('\n'), { status: result.ok ? 200 : 400 });
    }
    const found = await getCaseBySlug(db, url.searchParams.get('slug') ?? '');
    const rename = url.searchParams.get('rename');
    if (found && rename) {
      await saveCase(db, { id: found.id, slug: rename, data: caseData(found), body: found.body, userId: null, note: '주소 변경', now: now() });
      pokeSearchIndex();
      await invalidatePages([pageTags.cases()]);
      return new Response('ok');
    }
    const state = caseState.enumValues.find((s) => s === url.searchParams.get('state'));
    if (!found || !state) return new Response('no such case or state', { status: 400 });
    const publishAt = url.searchParams.get('publishAt');
    await setCaseState(db, found.id, { state, now: now(), ...(publishAt ? { publishAt: new Date(publishAt) } : {}) });
    pokeSearchIndex();
    await invalidatePages([pageTags.cases()]);
    return new Response('ok');
  }
  if (params.probe === 'page-cache') {
    // The guest page cache of this instance: entries, bytes and bound; kept values beside it.
    const { store, values, serving } = pageCache();
    return Response.json({ entries: store.size, bytes: store.bytes, maxBytes: store.maxBytes, hits: store.hits, misses: store.misses, serving, values: { entries: values.size, bytes: values.bytes, maxBytes: values.maxBytes } });
  }
  return new Response(null, { status: 404 });
};
