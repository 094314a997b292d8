// Guest pages served from memory (Astro route caching with our own runtime provider,
// src/lib/http/page-cache-provider.ts). What is cached, under which key, with which tags, and
// how a write drops it all live here:
// - Only GETs without a session cookie, on routes listed in `pageCacheKey`, whose page called
//   `cacheForGuests` and answered 200 without setting a cookie. A request with a session cookie
//   never reads nor fills the cache, decided before rendering, so members and guests never
//   share a page (an expired cookie only costs that visitor a render).
// - Keys are normalised per route (known parameters only, sorted, defaults dropped); a URL
//   with an unknown parameter is rendered but not kept, so random query strings cannot fill it.
// - Memory is bounded by bytes (LRU, PAGE_CACHE_MB).
// - Writers call `invalidatePages(tags)` after they commit; it drops the pages here and, on
//   PostgreSQL, on every other live instance before it resolves (src/lib/http/page-cache-bus.ts).
// - Values a page computes at some cost (discussion search results) may be kept beside the
//   pages with `keptValue`, under tags, dropped by the same invalidations, in their own smaller
//   bound so that a flood of distinct searches cannot push the pages out.
import { sql } from 'drizzle-orm';
import type { AstroGlobal } from 'astro';
import type { Database } from '../db/client';
import { rowsOf } from '../db/client';
import { SESSION_COOKIE } from '../auth/session-cookie';
import { filterQuery, parseFilters } from '../cases/catalog';
import { parsePatentFilters } from '../patents/search';
import { CATEGORY_KEYS } from '../notices/notices';
import { SIGUN_CODES } from '../regions';
import { now } from '../clock';

// ── Tags: one place for their names ─────────────────────────────────────────
/** Every cached page carries this; invalidating it empties the cache. */
export const ALL_PAGES = 'all';
export const pageTags = {
  home: () => 'home',
  /** The board list (/forum). */
  forum: () => 'forum',
  board: (boardId: number) => `board:${boardId}`,
  thread: (threadId: number) => `thread:${threadId}`,
  /** Every page that lists or shows cases (list, regions, home). */
  cases: () => 'cases',
  case: (slug: string) => `case:${slug}`,
  regions: () => 'regions',
  region: (code: string) => `region:${code}`,
  programme: () => 'programme',
  notices: () => 'notices',
  notice: (id: number) => `notice:${id}`,
  patents: () => 'patents',
  patent: (id: number) => `patent:${id}`,
} as const;

// ── Keys ─────────────────────────────────────────────────────────────────────
const CURSOR = /^\d{1,15}_\d{1,10}$/;
const ID = /^[1-9]\d{0,9}$/;
const SLUG = /^[\w-]{1,120}$/;

type Normaliser = (params: URLSearchParams) => string | null;

/** Only these parameter names; an unknown one makes the URL uncacheable. */
function only(params: URLSearchParams, names: readonly string[]): boolean {
  for (const name of params.keys()) if (!names.includes(name)) return false;
  return true;
}
const none: Normaliser = (params) => (params.size === 0 ? '' : null);
function sorted(entries: [string, string | undefined][]): string {
  const params = new URLSearchParams(entries.filter((e): e is [string, string] => !!e[1]));
  params.sort();
  const query = params.toString();
  return query ? `?${query}` : '';
}
const cursorOnly: Normaliser = (params) => {
  if (!only(params, ['after'])) return null;
  const after = params.get('after');
  return sorted([['after', after && CURSOR.test(after) ? after : undefined]]);
};

const ROUTES: [RegExp, Normaliser][] = [
  [/^\/$/, none],
  [/^\/forum$/, none],
  [new RegExp(`^/forum/(?!t$|p$)${SLUG.source.slice(1, -1)}$`), cursorOnly],
  [
    /^\/forum\/t\/[1-9]\d{0,9}$/,
    (params) => {
      if (!only(params, ['page'])) return null;
      const page = params.get('page');
      return sorted([['page', page && ID.test(page) && page !== '1' ? page : undefined]]);
    },
  ],
  [
    /^\/cases$/,
    (params) => (only(params, ['sigun', 'industry', 'level', 'year', 'sort']) ? filterQuery(parseFilters(params)).replace(/^\?/, '') : null),
  ],
  [/^\/cases\/[^/]{1,200}\/?$/, none],
  [/^\/regions$/, none],
  [/^\/regions\/[\w-]{1,40}\/?$/, none],
  [/^\/programme$/, none],
  [
    /^\/notices$/,
    (params) => {
      if (!only(params, ['category', 'sigun', 'after'])) return null;
      const category = params.get('category');
      const sigun = params.get('sigun');
      const after = params.get('after');
      return sorted([
        ['category', CATEGORY_KEYS.find((c) => c === category)],
        ['sigun', SIGUN_CODES.find((c) => c === sigun)],
        ['after', after && CURSOR.test(after) ? after : undefined],
      ]);
    },
  ],
  [/^\/notices\/[1-9]\d{0,9}$/, none],
  [
    /^\/patents$/,
    (params) => {
      if (!only(params, ['q', 'field', 'industry', 'status', 'page'])) return null;
      const f = parsePatentFilters(params);
      if (f.q.trim()) return null; // free text: every query would be its own entry
      return sorted([
        ['field', f.field],
        ['industry', f.industry],
        ['status', f.status],
        ['page', f.page > 1 ? String(f.page) : undefined],
      ]);
    },
  ],
  [/^\/patents\/[1-9]\d{0,9}$/, none],
];

/**
 * The cache key of a guest GET, or null when the URL is not one we keep. Two URLs that render
 * the same page get the same key (parameters sorted, defaults and ignored values dropped).
 */
export function pageCacheKey(url: URL): string | null {
  let path: string;
  try {
    path = decodeURI(url.pathname);
  } catch {
    return null;
  }
  for (const [pattern, normalise] of ROUTES) {
    if (!pattern.test(path)) continue;
    const query = normalise(url.searchParams);
    if (query === null) return null;
    return `${url.host}${url.pathname}${query && !query.startsWith('?') ? `?${query}` : query}`;
  }
  return null;
}

/** True when the request carries a session cookie (valid or not): such requests never use the cache. */
export function hasSessionCookie(request: Request): boolean {
  return cookieHeaderHasSession(request.headers.get('cookie'));
}

export function cookieHeaderHasSession(header: string | null | undefined): boolean {
  if (!header) return false;
  return header.split(';').some((part) => part.trim().startsWith(`${SESSION_COOKIE}=`));
}

// ── The store: LRU by bytes ──────────────────────────────────────────────────
export interface CachedPage {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
  tags: string[];
  /** Epoch ms (server clock) after which the entry is not served. */
  expiresAt: number;
  bytes: number;
}

export class PageStore {
  #entries = new Map<string, CachedPage>();
  #byTag = new Map<string, Set<string>>();
  #bytes = 0;
  /** Bumped by every invalidation: a render that saw an older epoch is not stored. */
  epoch = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number) {}

  get bytes(): number {
    return this.#bytes;
  }
  get size(): number {
    return this.#entries.size;
  }

  get(key: string, now: number): CachedPage | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.#delete(key);
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  /** Stores unless an invalidation happened since `epochAtStart` (the page may show old data). */
  set(key: string, page: Omit<CachedPage, 'bytes'>, epochAtStart: number): boolean {
    if (epochAtStart !== this.epoch) return false;
    // Overhead of key, headers and bookkeeping, so that tiny pages still count.
    const bytes = page.body.byteLength + key.length * 2 + page.headers.reduce((n, [k, v]) => n + k.length + v.length, 0) * 2 + 256;
    // One page may take at most an eighth of the cache, so a huge page cannot empty it.
    if (bytes > this.maxBytes / 8) return false;
    this.#delete(key);
    while (this.#bytes + bytes > this.maxBytes && this.#entries.size > 0) this.#delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { ...page, bytes });
    this.#bytes += bytes;
    for (const tag of page.tags) {
      let keys = this.#byTag.get(tag);
      if (!keys) this.#byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    return true;
  }

  invalidate(tags: readonly string[]): number {
    this.epoch++;
    if (tags.includes(ALL_PAGES)) {
      const n = this.#entries.size;
      this.clear();
      return n;
    }
    let n = 0;
    for (const tag of tags) {
      for (const key of [...(this.#byTag.get(tag) ?? [])]) {
        this.#delete(key);
        n++;
      }
    }
    return n;
  }

  clear(): void {
    this.epoch++;
    this.#entries.clear();
    this.#byTag.clear();
    this.#bytes = 0;
  }

  #delete(key: string) {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = this.#byTag.get(tag);
      keys?.delete(key);
      if (keys && keys.size === 0) this.#byTag.delete(tag);
    }
  }
}

// ── The process's cache and how writes reach other instances ───────────────
/** Sends an invalidation to the other instances and resolves once they have dropped the pages. */
export type Broadcaster = (tags: string[]) => Promise<void>;

interface PageCacheState {
  store: PageStore;
  /** `keptValue`'s entries (JSON bodies): same tags and invalidations, an eighth of the bytes. */
  values: PageStore;
  broadcast?: Broadcaster;
  /** False while this instance may have missed other instances' invalidations. */
  serving: boolean;
  /**
   * Asked before every hit (several instances only): false when this process was stalled long
   * enough to miss an invalidation's deadline; the store is emptied before answering.
   */
  awake?: () => boolean;
  /** Set by the provider: a guest GET answered from memory, for callers outside Astro (see `runtime.cachedPage`). */
  lookup?: (url: URL, cookieHeader: string | null | undefined) => { status: number; headers: [string, string][]; body: Uint8Array } | undefined;
}

const KEY = Symbol.for('jbsf-portal.page-cache');
const registry = globalThis as unknown as Record<symbol, PageCacheState | undefined>;

/** PAGE_CACHE_MB (default 64; 0 turns the cache off). */
export function pageCacheBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PAGE_CACHE_MB;
  const mb = raw === undefined || raw === '' ? 64 : Number(raw);
  return Number.isFinite(mb) && mb >= 0 ? Math.floor(mb * 1024 * 1024) : 64 * 1024 * 1024;
}

export function pageCache(): PageCacheState {
  return (registry[KEY] ??= { store: new PageStore(pageCacheBytes()), values: new PageStore(Math.floor(pageCacheBytes() / 8)), serving: true });
}

/** Drops what `tags` name (everything for ALL_PAGES), pages and kept values, on this instance. */
export function dropLocally(tags: readonly string[]): void {
  const state = pageCache();
  state.store.invalidate(tags);
  state.values.invalidate(tags);
}

/** Empties this instance's pages and kept values (it may have missed an invalidation). */
export function emptyLocally(): void {
  const state = pageCache();
  state.store.clear();
  state.values.clear();
}

/** Whether kept entries may be read now; empties them first if this process was stalled. */
export function cacheUsable(): boolean {
  const state = pageCache();
  if (state.serving && state.awake && !state.awake()) emptyLocally();
  return state.serving;
}

/**
 * A value a page computes at some cost, kept for `maxAgeMs` under `tags` (as JSON) and dropped
 * by the same invalidations as the pages. `key` must name everything the value depends on.
 */
export async function keptValue<T>(key: string, tags: readonly string[], maxAgeMs: number, compute: () => Promise<T>): Promise<T> {
  const state = pageCache();
  const { values } = state;
  if (values.maxBytes === 0) return compute();
  if (cacheUsable()) {
    const hit = values.get(key, now().getTime());
    if (hit) return JSON.parse(Buffer.from(hit.body).toString('utf8')) as T;
  }
  const epoch = values.epoch;
  const value = await compute();
  if (state.serving) {
    values.set(key, { status: 200, headers: [], body: Buffer.from(JSON.stringify(value)), tags: [ALL_PAGES, ...tags], expiresAt: now().getTime() + maxAgeMs }, epoch);
  }
  return value;
}

/** Called by src/lib/http/page-cache-bus.ts when it starts (PostgreSQL only). */
export function setBroadcaster(broadcast: Broadcaster | undefined): void {
  pageCache().broadcast = broadcast;
}

/**
 * THE function to call after a write that changes what guests see (after the transaction
 * commits): drops the tagged pages on this instance and, with several instances on one
 * PostgreSQL, on every live instance before it resolves. Await it before answering.
 */
export async function invalidatePages(tags: readonly string[]): Promise<void> {
  const list = [...new Set(tags)];
  if (list.length === 0) return;
  dropLocally(list);
  await pageCache().broadcast?.(list);
}

/**
 * Page side: keep this page for guests, under `tags`. With `scheduledIn` (the database) or
 * `until`, not past the next scheduled publication of a notice or case (looked up only for guests, so
 * members pay no query for it). Does nothing for a signed-in viewer. Browsers are told to
 * revalidate every time (`no-cache`), so a write is seen at once after the next request.
 */
export async function cacheForGuests(
  Astro: Pick<AstroGlobal, 'locals' | 'cache' | 'response' | 'request'>,
  tags: string[],
  options: { scheduledIn?: Database; until?: Date | null; now?: Date } = {},
): Promise<void> {
  if (Astro.locals.user || Astro.request.method !== 'GET') return;
  const at = options.now ?? new Date();
  const now = at.getTime();
  Astro.response.headers.set('cache-control', 'no-cache');
  Astro.response.headers.set('vary', 'Cookie');
  if (!Astro.cache.enabled) return;
  const until = options.until !== undefined ? options.until : options.scheduledIn ? await nextScheduledPublication(options.scheduledIn, at) : null;
  // Pages count days in Seoul (마감 D-3): none outlives the next Seoul midnight.
  const ends = [now + 3600_000, nextSeoulMidnight(now), ...(until ? [until.getTime()] : [])];
  const maxAge = Math.floor((Math.min(...ends) - now) / 1000);
  if (maxAge <= 0) return;
  Astro.cache.set({ maxAge, tags: [ALL_PAGES, ...tags] });
}

const DAY_MS = 86_400_000;
const SEOUL_OFFSET_MS = 9 * 3600_000; // no daylight saving time in Korea

export function nextSeoulMidnight(now: number): number {
  return Math.floor((now + SEOUL_OFFSET_MS) / DAY_MS + 1) * DAY_MS - SEOUL_OFFSET_MS;
}

/** When the next scheduled notice or case becomes visible (pages listing them must not outlive it). */
export async function nextScheduledPublication(db: Database, now: Date): Promise<Date | null> {
  const rows = rowsOf<{ at: string | Date | null }>(
    await db.execute(sql`select least(
      (select min(publish_at) from announcements where status = 'published' and publish_at > ${now.toISOString()}::timestamptz),
      (select min(publish_at) from cases where state = 'published' and publish_at > ${now.toISOString()}::timestamptz)
    ) as at`),
  );
  const at = rows[0]?.at;
  return at ? new Date(at) : null;
}

// ── Writes through Astro Actions ─────────────────────────────────────────────
// Run by the middleware after every action that succeeded. Forum actions name their thread and
// board themselves (src/actions/forum.ts); the others are mapped here by name. An action not
// listed empties the whole cache: a new action that forgets to say what it changes costs
// speed, never a stale page.
const TAGS_BY_ACTION: Record<string, string[]> = {
  'notices.save': [pageTags.notices(), pageTags.home()],
  'notices.moderate': [pageTags.notices(), pageTags.home()],
  'patents.save': [pageTags.patents()],
  'patents.remove': [pageTags.patents()],
  'patents.applyImport': [pageTags.patents()],
  'programme.saveFigures': [pageTags.programme()],
  'programme.saveTarget': [pageTags.programme()],
  'programme.applyImport': [pageTags.programme()],
  // Case editor: saving a published case changes its page; publishing and withdrawing change
  // every page that lists cases (all carry the cases tag).
  'cases.save': [pageTags.cases()],
  'cases.publish': [pageTags.cases()],
  'cases.withdraw': [pageTags.cases()],
};
/** Actions that invalidate by themselves or change nothing a guest page shows. */
const ACTIONS_WITHOUT_GUEST_PAGES = new Set([
  ...['createThread', 'reply', 'edit', 'delete', 'accept', 'react', 'report', 'hide', 'moderate', 'watch', 'markAllRead'].map((a) => `forum.${a}`),
  'patents.previewImport',
  'programme.previewImport',
  // Drafts under review are not on any guest page.
  'cases.submit',
  'cases.return',
  'signUp',
  'signIn',
  'signOut',
  'signOutEverywhere',
  'requestPasswordReset',
  'resetPassword',
  'changePassword',
  'evaluateChecklist',
  'saveChecklist',
  'stashChecklist',
  'mentors.saveProfile',
  'moderation.assignScope',
  'moderation.removeScope',
  'moderation.suspend',
  'moderation.unsuspend',
]);
const PRIVATE_NAMESPACES = ['consultations.', 'noticeSubscriptions.', 'mail.'];

/** What a successful action `name` (e.g. `forum.reply`) must drop; [] when nothing. */
export function tagsAfterAction(name: string): string[] {
  if (TAGS_BY_ACTION[name]) return TAGS_BY_ACTION[name];
  if (ACTIONS_WITHOUT_GUEST_PAGES.has(name) || PRIVATE_NAMESPACES.some((p) => name.startsWith(p))) return [];
  return [ALL_PAGES];
}
