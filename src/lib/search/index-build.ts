// Builds the Pagefind index in memory: the published cases and the 시·군 pages from the
// database, plus the prerendered pages the site build collected (dist/search-pages.json,
// written by scripts/build-search-index.mjs). Every page goes through augmentHtml, the same
// Korean handling as before. Runs in the background (src/lib/search/index-worker.ts).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import * as pagefind from 'pagefind';
import type { Database } from '../db/client';
import { listPublishedCases } from '../cases/store';
import { SIGUN } from '../regions';
import { augmentHtml } from './augment';
import { caseIndexHtml, regionIndexHtml } from './case-pages';

export interface IndexPage {
  url: string;
  html: string;
}

export interface IndexFile {
  path: string;
  content: Buffer;
}

// Pagefind's bundled UIs are not used (their inline styles would break the CSP); the search
// page talks to pagefind.js directly.
const UNUSED = /^(?:pagefind-(?:ui|modular-ui|component-ui|highlight)\.|playground\/)/;

/** Bump when the way pages are indexed changes, so every stored index is rebuilt once. */
export const INDEX_FORMAT = 'ko-1';

/** The prerendered pages collected at build time; none when the file is missing (astro dev). */
export function readStaticPages(file: string | undefined): { pages: IndexPage[]; hash: string } {
  if (!file || !fs.existsSync(file)) return { pages: [], hash: 'none' };
  const raw = fs.readFileSync(file);
  return { pages: JSON.parse(raw.toString('utf8')) as IndexPage[], hash: createHash('sha256').update(raw).digest('hex').slice(0, 16) };
}

/** Every page the index holds at `now`: static pages, visible cases, the 14 시·군 pages. */
export async function indexPages(db: Database, now: Date, staticPages: readonly IndexPage[]): Promise<IndexPage[]> {
  const cases = await listPublishedCases(db, now);
  return [
    ...staticPages,
    ...cases.map((c) => ({ url: `/cases/${c.id}/`, html: caseIndexHtml(c) })),
    ...SIGUN.map((s) => ({ url: `/regions/${s.code}/`, html: regionIndexHtml(s, cases.filter((c) => c.data.sigun === s.code)) })),
  ];
}

let queue: Promise<unknown> = Promise.resolve();

/** Indexes `pages` and returns the files Pagefind would write. One build at a time per process. */
export function buildIndexFiles(pages: readonly IndexPage[], { suffixes = true }: { suffixes?: boolean } = {}): Promise<IndexFile[]> {
  const run = queue.then(async () => {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: 'ko' });
    if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
    try {
      // Pagefind's helper process indexes several pages at once; a few in flight keep it busy.
      // The Korean handling is synchronous work (milliseconds a page): one page, then the event
      // loop gets a turn, so the server keeps answering while the index is rebuilt.
      const inFlight = new Set<Promise<void>>();
      let failure: Error | undefined;
      for (const page of pages) {
        const content = augmentHtml(page.html, { suffixes }).html;
        const adding: Promise<void> = index
          .addHTMLFile({ url: page.url, content })
          .then((added) => {
            if (added.errors.length) throw new Error(`Pagefind could not index ${page.url}: ${added.errors.join('; ')}`);
          })
          .catch((error: Error) => {
            failure ??= error;
          })
          .finally(() => inFlight.delete(adding));
        inFlight.add(adding);
        if (inFlight.size >= 32) await Promise.race(inFlight);
        else await new Promise((resolve) => setImmediate(resolve));
        if (failure) throw failure;
      }
      await Promise.all(inFlight);
      if (failure) throw failure;
      const got = await index.getFiles();
      if (got.errors.length) throw new Error(`Pagefind could not write the index: ${got.errors.join('; ')}`);
      return got.files
        .map((f) => ({ path: f.path.replace(/^\/+/, ''), content: Buffer.from(f.content) }))
        .filter((f) => !UNUSED.test(f.path));
    } finally {
      await index.deleteIndex();
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Stops Pagefind's helper process (scripts; the server's runtime on shutdown). */
export async function closePagefind(): Promise<void> {
  await queue;
  await pagefind.close();
}
