// The guest page cache's rules that need no server: which URLs are kept under which key, the
// memory bound, tag invalidation, and which actions empty what.
import { describe, expect, it } from 'vitest';
import { ALL_PAGES, PageStore, cacheForGuests, hasSessionCookie, invalidatePages, keptValue, pageCache, pageCacheBytes, pageCacheKey, tagsAfterAction } from '../src/lib/http/page-cache';
import { SESSION_COOKIE } from '../src/lib/auth/session-cookie';

const key = (path: string) => pageCacheKey(new URL(path, 'http://portal.example'));

describe('page cache keys', () => {
  it('gives URLs that render the same page one key: parameters sorted, defaults and ignored values dropped', () => {
    expect(key('/cases?sort=newest')).toBe(key('/cases'));
    expect(key('/cases?level=zz')).toBe(key('/cases'));
    expect(key('/cases?year=2024&sigun=jeonju')).toBe(key('/cases?sigun=jeonju&year=2024'));
    expect(key('/forum/t/12?page=1')).toBe(key('/forum/t/12'));
    expect(key('/forum/t/12?page=2')).not.toBe(key('/forum/t/12'));
    expect(key('/notices?category=zz&sigun=')).toBe(key('/notices'));
    expect(key('/forum/free?after=garbage')).toBe(key('/forum/free'));
    expect(key('/cases/some-case/')).toBe('portal.example/cases/some-case/');
  });

  it('keeps no URL with an unknown parameter, free text, or outside the listed routes', () => {
    for (const path of ['/cases?x=1', '/?accountDeleted=1', '/forum/t/1?quote=3', '/forum/t/1?page=zz&x=1', '/patents?q=센서', '/account', '/search?q=a', '/forum/free/new', '/notices/manage', '/forum/t/abc', '/login']) {
      expect(key(path), path).toBeNull();
    }
    for (const path of ['/', '/forum', '/forum/free', '/forum/t/1', '/cases', '/regions', '/regions/jeonju', '/programme', '/notices', '/notices/3', '/patents', '/patents/4']) {
      expect(key(path), path).not.toBeNull();
    }
  });

  it('knows a session cookie among others', () => {
    const request = (cookie?: string) => new Request('http://portal.example/', { headers: cookie ? { cookie } : {} });
    expect(hasSessionCookie(request())).toBe(false);
    expect(hasSessionCookie(request('theme=dark'))).toBe(false);
    expect(hasSessionCookie(request(`theme=dark; ${SESSION_COOKIE}=abc`))).toBe(true);
  });
});

describe('page store', () => {
  const page = (bytes: number, tags: string[], expiresAt = Number.MAX_SAFE_INTEGER) => ({ status: 200, headers: [] as [string, string][], body: new Uint8Array(bytes), tags, expiresAt });

  it('stays within its byte bound, dropping the least recently used page', () => {
    const store = new PageStore(100_000);
    for (let i = 0; i < 200; i++) {
      expect(store.set(`k${i}`, page(5_000, [ALL_PAGES]), store.epoch)).toBe(true);
      expect(store.bytes).toBeLessThanOrEqual(100_000);
    }
    expect(store.size).toBeLessThan(20);
    expect(store.get('k0', 0)).toBeUndefined();
    expect(store.get('k199', 0)).toBeDefined();
    // A page read recently outlives newer ones.
    const kept = `k${200 - store.size}`;
    expect(store.get(kept, 0)).toBeDefined();
    store.set('new', page(5_000, []), store.epoch);
    expect(store.get(kept, 0)).toBeDefined();
    // One page may not take more than an eighth.
    expect(store.set('huge', page(20_000, []), store.epoch)).toBe(false);
  });

  it('drops pages by tag, everything for ALL_PAGES, and expired ones', () => {
    const store = new PageStore(1_000_000);
    store.set('a', page(10, ['thread:1', 'board:1']), store.epoch);
    store.set('b', page(10, ['board:1']), store.epoch);
    store.set('c', page(10, ['thread:2', 'board:2']), store.epoch);
    store.set('d', page(10, ['notices'], 1_000), store.epoch);
    store.invalidate(['thread:1']);
    expect([store.get('a', 0), store.get('b', 0)].map(Boolean)).toEqual([false, true]);
    expect(store.get('d', 999)).toBeDefined();
    expect(store.get('d', 1_000)).toBeUndefined();
    store.invalidate([ALL_PAGES]);
    expect(store.size).toBe(0);
    expect(store.bytes).toBe(0);
  });

  it('does not keep a page whose rendering overlapped an invalidation', () => {
    const store = new PageStore(1_000_000);
    const started = store.epoch;
    store.invalidate(['thread:1']);
    expect(store.set('a', page(10, ['thread:1']), started)).toBe(false);
    expect(store.set('a', page(10, ['thread:1']), store.epoch)).toBe(true);
  });

  it('reads PAGE_CACHE_MB (default 64 MB, 0 turns it off)', () => {
    expect(pageCacheBytes({})).toBe(64 * 1024 * 1024);
    expect(pageCacheBytes({ PAGE_CACHE_MB: '0.5' })).toBe(512 * 1024);
    expect(pageCacheBytes({ PAGE_CACHE_MB: '0' })).toBe(0);
    expect(pageCacheBytes({ PAGE_CACHE_MB: 'lots' })).toBe(64 * 1024 * 1024);
  });
});

describe('actions and the cache', () => {
  it('maps known writes to their tags, private ones to nothing, and unknown ones to everything', () => {
    expect(tagsAfterAction('notices.save')).toContain('notices');
    expect(tagsAfterAction('programme.saveFigures')).toEqual(['programme']);
    expect(tagsAfterAction('forum.reply')).toEqual([]); // the action names its thread itself
    expect(tagsAfterAction('consultations.create')).toEqual([]);
    expect(tagsAfterAction('signIn')).toEqual([]);
    expect(tagsAfterAction('moderation.review')).toEqual([ALL_PAGES]);
    expect(tagsAfterAction('updateProfile')).toEqual([ALL_PAGES]);
    expect(tagsAfterAction('someFutureAction')).toEqual([ALL_PAGES]);
  });
});

describe('cacheForGuests', () => {
  function astro(user: unknown, method = 'GET') {
    const calls: unknown[] = [];
    return {
      calls,
      page: {
        locals: { user } as App.Locals,
        request: new Request('http://portal.example/notices', { method }),
        response: { headers: new Headers() } as ResponseInit & { headers: Headers },
        cache: { enabled: true, set: (o: unknown) => calls.push(o) } as never,
      },
    };
  }

  it('keeps a page no longer than until the next scheduled publication it would show', async () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const { page, calls } = astro(null);
    await cacheForGuests(page, ['notices'], { until: new Date(now.getTime() + 90_000), now });
    expect(calls).toEqual([{ maxAge: 90, tags: [ALL_PAGES, 'notices'] }]);
    expect(page.response.headers.get('cache-control')).toBe('no-cache');
    const later = astro(null);
    await cacheForGuests(later.page, ['notices'], { until: null, now });
    expect(later.calls).toEqual([{ maxAge: 3600, tags: [ALL_PAGES, 'notices'] }]);
    // 23:50 in Seoul: ten minutes, since pages count days (마감 D-3).
    const lateEvening = astro(null);
    await cacheForGuests(lateEvening.page, ['notices'], { now: new Date('2026-12-01T14:50:00Z') });
    expect(lateEvening.calls).toEqual([{ maxAge: 600, tags: [ALL_PAGES, 'notices'] }]);
  });

  it('does nothing for a signed-in viewer or a form post', async () => {
    for (const { page, calls } of [astro({ id: 1 }), astro(null, 'POST')]) {
      await cacheForGuests(page, ['home']);
      expect(calls).toEqual([]);
      expect(page.response.headers.get('cache-control')).toBeNull();
    }
  });
});

describe('kept values (discussion search results)', () => {
  it('are computed once, dropped by an invalidation of their tags, and not kept when one overlapped', async () => {
    let runs = 0;
    const compute = async () => ({ n: ++runs });
    expect(await keptValue('value-a', ['board:7'], 60_000, compute)).toEqual({ n: 1 });
    expect(await keptValue('value-a', ['board:7'], 60_000, compute)).toEqual({ n: 1 });
    await invalidatePages(['board:8']);
    expect(await keptValue('value-a', ['board:7'], 60_000, compute)).toEqual({ n: 1 });
    await invalidatePages(['board:7']);
    expect(await keptValue('value-a', ['board:7'], 60_000, compute)).toEqual({ n: 2 });
    await invalidatePages([ALL_PAGES]);
    // A write committed while the value was computed: used for this answer, never kept.
    const overlapped = async () => {
      await invalidatePages(['board:7']);
      return { n: ++runs };
    };
    expect(await keptValue('value-a', ['board:7'], 60_000, overlapped)).toEqual({ n: 3 });
    expect(await keptValue('value-a', ['board:7'], 60_000, compute)).toEqual({ n: 4 });
  });

  it('have their own bound: a flood of distinct searches leaves the pages in place', async () => {
    const { store, values } = pageCache();
    store.set('portal.example/forum', { status: 200, headers: [], body: new Uint8Array(1000), tags: [ALL_PAGES], expiresAt: Number.MAX_SAFE_INTEGER }, store.epoch);
    for (let i = 0; i < 1000; i++) await keptValue(`flood-${i}`, [], 60_000, async () => 'ㄱ'.repeat(10_000));
    expect(values.bytes).toBeGreaterThan(values.maxBytes / 2);
    expect(values.bytes).toBeLessThanOrEqual(values.maxBytes);
    expect(store.get('portal.example/forum', Date.now())).toBeDefined();
  });
});
