// Keeps the stored search index in step with what visitors may see. Each instance compares,
// every few seconds and when poked after a change, a fingerprint of the visible cases (and of
// the prerendered pages) with the one the newest stored generation was built from; when they
// differ it rebuilds in the background and stores a new generation. The requests that change
// cases never wait for it. A case whose publish_at comes changes the fingerprint by itself.
import type { Database } from '../db/client';
import { visibleCasesFingerprint } from '../cases/store';
import { buildIndexFiles, closePagefind, INDEX_FORMAT, indexPages, readStaticPages } from './index-build';
import { latestGeneration, storeGeneration } from './index-store';

export interface SearchIndexOptions {
  /** dist/search-pages.json (prerendered pages collected by the build), if any. */
  staticPagesFile: string | undefined;
  /** How often to compare fingerprints (ms). */
  pollMs: number;
  /** How long to wait after a poke, so that a burst of changes makes one build (ms). */
  debounceMs: number;
  now: () => Date;
  log?: (message: string) => void;
}

export interface SearchIndexWorker {
  /** Asks for a check soon (after a publish, change or withdrawal). */
  poke(): void;
  /** Checks now and rebuilds if stale; resolves when done (tests, start-up). */
  refresh(): Promise<'built' | 'current'>;
  stop(): Promise<void>;
}

export async function currentFingerprint(db: Database, now: Date, staticHash: string): Promise<string> {
  return `${INDEX_FORMAT}:${staticHash}:${await visibleCasesFingerprint(db, now)}`;
}

/** Builds and stores a new generation from what is visible at `now`; returns its id and stats. */
export async function rebuildSearchIndex(db: Database, now: Date, staticPagesFile: string | undefined) {
  const started = performance.now();
  const statics = readStaticPages(staticPagesFile);
  const fingerprint = await currentFingerprint(db, now, statics.hash);
  const pages = await indexPages(db, now, statics.pages);
  const read = performance.now();
  const files = await buildIndexFiles(pages);
  const indexed = performance.now();
  const id = await storeGeneration(db, { fingerprint, files, pages: pages.length, durationMs: indexed - started, now });
  const durationMs = performance.now() - started;
  const phases = { readMs: read - started, indexMs: indexed - read, storeMs: performance.now() - indexed };
  return { id, pages: pages.length, bytes: files.reduce((s, f) => s + f.content.length, 0), durationMs, phases };
}

export function startSearchIndexWorker(db: Database, options: SearchIndexOptions): SearchIndexWorker {
  const staticHash = readStaticPages(options.staticPagesFile).hash;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<'built' | 'current'> | undefined;
  let stopped = false;

  async function check(): Promise<'built' | 'current'> {
    const now = options.now();
    const [want, have] = await Promise.all([currentFingerprint(db, now, staticHash), latestGeneration(db)]);
    if (have?.fingerprint === want) return 'current';
    const built = await rebuildSearchIndex(db, now, options.staticPagesFile);
    options.log?.(`Search index: generation ${built.id}, ${built.pages} pages, ${built.bytes} bytes in ${(built.durationMs / 1000).toFixed(1)} s`);
    return 'built';
  }

  function refresh(): Promise<'built' | 'current'> {
    // One check at a time; a poke during a build is answered by the check after it.
    running ??= check().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(ms: number) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      refresh()
        .catch((error) => console.error('Search index: rebuild failed:', error))
        .finally(() => schedule(options.pollMs));
    }, ms);
    timer.unref();
  }
  schedule(options.pollMs);

  return {
    poke: () => schedule(options.debounceMs),
    refresh,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
      await closePagefind();
    },
  };
}
