// The running portal's shared state: the database handle, opened once per process.
// It lives on globalThis so that (1) dev-server module reloads reuse the same PGlite
// instead of opening the folder twice, and (2) server/index.mjs, which runs outside the
// Vite bundle, can open it before listening and close it on SIGTERM.
import { readConfig } from './config';
import { openDatabase, type Database, type DatabaseHandle } from './db/client';
import { ensureAdmin } from './auth/user';
import { readSampleDiscussions, seedSampleDiscussions } from './samples/discussions';
import { readSampleNotices, seedSampleNotices } from './samples/notices';
import { readSamplePatents, seedSamplePatents } from './samples/patents';
import { readSampleProgramme, seedSampleProgramme } from './samples/programme';
import { readSampleMentors, seedSampleMentors } from './samples/mentors';
import { startMailWorker, type MailWorker } from './mail/worker';
import { startHousekeeping, type Housekeeper } from './housekeeping';
import { answerBackupRequests, type BackupAnswerer } from './backup/live';
import { unsubscribeByKey } from './mail/unsubscribe';
import { unsubscribeByToken } from './notices/subscriptions';
import { describeFileErrors, describeImport, importCaseDir } from './cases/import';
import { startSearchIndexWorker, type SearchIndexWorker } from './search/index-worker';
import { latestGeneration } from './search/index-store';
import { IndexFileCache } from './search/index-serve';
import { now } from './clock';
import { startPageCacheBus, type PageCacheBus } from './http/page-cache-bus';
import { pageCache } from './http/page-cache';

interface Runtime {
  handle?: Promise<DatabaseHandle>;
  /** Work to finish while the database is still open (e.g. buffered view counts). */
  beforeStop: Set<() => Promise<void>>;
  mailWorker?: MailWorker;
  housekeeper?: Housekeeper;
  /** Embedded database only: `npm run backup` asks this process (see src/lib/backup/live.ts). */
  backupAnswerer?: BackupAnswerer;
  searchIndex?: SearchIndexWorker;
  searchFiles?: IndexFileCache;
  pageCacheBus?: PageCacheBus;
  start(): Promise<DatabaseHandle>;
  stop(): Promise<void>;
  /**
   * A guest page kept in memory (src/lib/http/page-cache.ts), for server/index.mjs to answer
   * before Astro's pipeline; undefined when not kept, signed in, or not a cacheable URL.
   */
  cachedPage(method: string | undefined, url: URL, cookieHeader: string | undefined): ReturnType<NonNullable<ReturnType<typeof pageCache>['lookup']>>;
  /** RFC 8058 one-click unsubscribe, answered by server/index.mjs (see there why). */
  oneClickUnsubscribe(params: URLSearchParams): Promise<boolean>;
}

const KEY = Symbol.for('jbsf-portal.runtime');
const registry = globalThis as unknown as Record<symbol, Runtime | undefined>;

async function start(): Promise<DatabaseHandle> {
  const config = readConfig();
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    migrationsFolder: config.migrationsFolder,
  });
  if (config.admin) await ensureAdmin(handle.db, config.admin);
  const samples = config.sampleDiscussionsFile && readSampleDiscussions(config.sampleDiscussionsFile);
  if (samples) await seedSampleDiscussions(handle.db, samples);
  const sampleNotices = config.sampleNoticesFile && readSampleNotices(config.sampleNoticesFile);
  if (sampleNotices) await seedSampleNotices(handle.db, sampleNotices);
  const samplePatents = config.samplePatentsFile && readSamplePatents(config.samplePatentsFile);
  if (samplePatents) await seedSamplePatents(handle.db, samplePatents);
  const sampleProgramme = config.sampleProgrammeFile && readSampleProgramme(config.sampleProgrammeFile);
  if (sampleProgramme) await seedSampleProgramme(handle.db, sampleProgramme);
  const sampleMentors = config.sampleMentorsFile && readSampleMentors(config.sampleMentorsFile);
  if (sampleMentors) await seedSampleMentors(handle.db, sampleMentors);
  if (config.casesDir) {
    const imported = await importCaseDir(handle.db, config.casesDir, now());
    if (!imported.ok) for (const line of describeFileErrors(imported.errors)) console.error(line);
    else if (imported.report.created.length + imported.report.updated.length + imported.report.conflicts.length > 0) {
      for (const line of describeImport(imported.report)) console.log(line);
    }
  }
  // Several instances may share PostgreSQL: page invalidations travel between them.
  if (handle.kind === 'postgres') {
    runtime.pageCacheBus = await startPageCacheBus(handle.db, {
      heartbeatMs: config.pageCacheHeartbeatMs,
      ackTimeoutMs: config.pageCacheAckMs,
      log: (message) => console.error(message),
    });
  } else pageCache().serving = true;
  runtime.mailWorker = startMailWorker(handle.db, config);
  runtime.housekeeper = startHousekeeping(handle.db, config.housekeepingIntervalMs);
  if (handle.kind === 'pglite') runtime.backupAnswerer = answerBackupRequests(handle.db, config.dataDir);
  runtime.searchFiles = new IndexFileCache(config.searchIndexCheckMs);
  runtime.searchIndex = startSearchIndexWorker(handle.db, {
    staticPagesFile: config.searchPagesFile,
    pollMs: config.searchIndexPollMs,
    debounceMs: config.searchIndexDebounceMs,
    now,
    log: (message) => console.log(message),
  });
  // A fresh start serves a complete index at once; a stale one is replaced in the background.
  if (!(await latestGeneration(handle.db))) await runtime.searchIndex.refresh();
  else runtime.searchIndex.poke();
  return handle;
}

const runtime: Runtime = (registry[KEY] ??= {
  beforeStop: new Set(),
  start() {
    this.handle ??= start().catch((error) => {
      this.handle = undefined;
      throw error;
    });
    return this.handle;
  },
  async stop() {
    await this.backupAnswerer?.stop();
    this.backupAnswerer = undefined;
    await this.mailWorker?.stop();
    this.mailWorker = undefined;
    await this.housekeeper?.stop();
    this.housekeeper = undefined;
    await this.searchIndex?.stop();
    this.searchIndex = undefined;
    await this.pageCacheBus?.stop();
    this.pageCacheBus = undefined;
    for (const finish of this.beforeStop) await finish();
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await (await handle).close();
  },
  cachedPage(method, url, cookieHeader) {
    return method === 'GET' ? pageCache().lookup?.(url, cookieHeader) : undefined;
  },
  async oneClickUnsubscribe(params) {
    const subscription = params.get('s');
    if (subscription) return unsubscribeByToken((await this.start()).db, subscription);
    const key = params.get('u');
    return !!key && unsubscribeByKey((await this.start()).db, key, params.get('kind') ?? undefined);
  },
});

/** The database, opened (and migrated) on first use. */
export async function database(): Promise<Database> {
  return (await runtime.start()).db;
}

/** Runs `finish` on shutdown, before the database closes. */
export function beforeStop(finish: () => Promise<void>): void {
  runtime.beforeStop.add(finish);
}

/** Asks this instance's delivery loop to send queued mail now rather than at its next round. */
export function pokeMailWorker(): void {
  runtime.mailWorker?.poke();
}

/** Asks this instance to bring the search index up to date soon (after a case changes). */
export function pokeSearchIndex(): void {
  runtime.searchIndex?.poke();
}

/** This instance's cache of the stored search index files (served under /pagefind/). */
export function searchIndexFiles(): IndexFileCache {
  return (runtime.searchFiles ??= new IndexFileCache(readConfig().searchIndexCheckMs));
}
