// Guest pages kept in memory by two instances of the built server on one PostgreSQL: a write
// acknowledged on one instance is seen at once by a guest on both (no stale copy anywhere), a
// page made for one member never reaches another or a guest, and a flood of distinct URLs
// keeps each instance's cache within PAGE_CACHE_MB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { FormClient, startServer, tempDataDir, type RunningServer } from '../helpers/server';
import { available } from '../helpers/requirements';
import { createServerDatabase } from '../helpers/database';
import { budget } from '../helpers/budgets';

const ADMIN = { email: 'admin@cache.example.kr', password: '캐시 시험용 관리자 비밀번호' };
const PASSWORD = '캐시 시험용 회원 비밀번호입니다';
const CASE_SLUG = 'buan-jeotgal-vision-inspection';

describe.skipIf(!available('postgres'))('guest page cache, two instances, one PostgreSQL', () => {
  let a: RunningServer;
  let b: RunningServer;
  let database: Awaited<ReturnType<typeof createServerDatabase>>;
  let admin: FormClient;
  let threadPath: string;

  beforeAll(async () => {
    database = await createServerDatabase();
    const env = { DATABASE_URL: database.url, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, EMAIL_VERIFICATION: 'off', PAGE_CACHE_MB: '1' };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
    admin = new FormClient(a.url);
    expect((await admin.post('/login?_action=signIn', ADMIN)).status).toBe(302);
  }, budget({ request: 60 }));
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  async function guest(server: RunningServer, path: string) {
    const res = await fetch(server.url + path, { redirect: 'manual' });
    return { status: res.status, cache: res.headers.get('x-astro-cache'), cacheControl: res.headers.get('cache-control'), text: await res.text() };
  }

  /**
   * Loads `path` as a guest on both instances until each serves it from memory. A few tries:
   * an instance whose event loop was held up (a busy machine) empties its cache on purpose.
   */
  async function cachedOnBoth(path: string) {
    for (const server of [a, b]) {
      let page = await guest(server, path);
      for (let tries = 0; page.cache !== 'HIT' && tries < 5; tries++) page = await guest(server, path);
      expect(page.cache, `${path} on ${server.url}`).toBe('HIT');
      expect(page.cacheControl).toBe('no-cache');
    }
  }

  async function seenOnBoth(path: string, check: (text: string, status: number) => void) {
    for (const server of [a, b]) {
      const page = await guest(server, path);
      check(page.text, page.status);
    }
  }

  it('a new thread, a reply, an edit and a moderator hide are seen at once by guests on both instances', { timeout: budget({ request: 80 }) }, async () => {
    await cachedOnBoth('/forum/free');
    const created = await admin.post('/forum/free/new?_action=forum.createThread', {
      board: 'free',
      title: '캐시 시험 글타래',
      body: '첫 글 본문입니다.',
      submissionKey: 'page-cache-thread-0001',
      intent: 'post',
    });
    expect(created.status).toBe(302);
    threadPath = new URL(created.headers.get('location')!, a.url).pathname;
    await seenOnBoth('/forum/free', (text) => expect(text).toContain('캐시 시험 글타래'));

    await cachedOnBoth(threadPath);
    await cachedOnBoth('/forum/free');
    const threadId = threadPath.split('/').pop()!;
    // Discussion search results are kept too (beside the pages): searched once on each instance…
    const search = `/search?q=${encodeURIComponent('찻잎향')}`;
    await seenOnBoth(search, (text) => expect(text).toContain('에 맞는 토론 글이 없습니다'));
    for (const server of [a, b]) expect((await (await fetch(`${server.url}/api/test/page-cache`)).json()).values.entries).toBeGreaterThan(0);
    const replied = await admin.post(`${threadPath}?_action=forum.reply`, { threadId, body: '새 답글 찻잎향', submissionKey: 'page-cache-reply-0001', intent: 'post' });
    expect(replied.status).toBe(302);
    await seenOnBoth(threadPath, (text) => expect(text).toContain('새 답글 찻잎향'));
    // …and a guest's search finds the new reply at once on both.
    await seenOnBoth(search, (text) => expect(text).toContain('토론 글 1건'));
    // The board's reply count moved too (the board page was cached on both).
    await seenOnBoth('/forum/free', (text) => expect(text).toMatch(/캐시 시험 글타래[\s\S]*?<td>1<\/td>/));

    const memberView = await (await admin.get(threadPath)).text();
    const postIds = [...memberView.matchAll(/\/forum\/p\/(\d+)\/edit/g)].map((m) => m[1]!);
    expect(postIds.length).toBeGreaterThanOrEqual(2);
    await cachedOnBoth(threadPath);
    const edited = await admin.post(`/forum/p/${postIds[0]}/edit?_action=forum.edit`, { postId: postIds[0]!, title: '캐시 시험 글타래 (고침)', body: '고친 첫 글 보리차', intent: 'post' });
    expect(edited.status).toBe(302);
    await seenOnBoth(threadPath, (text) => {
      expect(text).toContain('고친 첫 글 보리차');
      expect(text).toContain('캐시 시험 글타래 (고침)');
    });

    await cachedOnBoth(threadPath);
    const hidden = await admin.post(`${threadPath}?_action=forum.hide`, { postId: postIds[1]! });
    expect(hidden.status).toBe(302);
    await seenOnBoth(threadPath, (text) => expect(text).not.toContain('새 답글 찻잎향'));
    await seenOnBoth(search, (text) => expect(text).toContain('에 맞는 토론 글이 없습니다'));
  });

  it('an instance that was paused while another wrote does not serve the old page when it resumes', { timeout: budget({ request: 40 }) }, async () => {
    await cachedOnBoth(threadPath);
    const threadId = threadPath.split('/').pop()!;
    b.process.kill('SIGSTOP');
    let resumed = false;
    try {
      // A waits for B's confirmation (PAGE_CACHE_ACK_MS), gives up, marks B and answers.
      const replied = await admin.post(`${threadPath}?_action=forum.reply`, { threadId, body: '멈춘 사이의 답글 둥굴레차', submissionKey: 'page-cache-paused-01', intent: 'post' });
      expect(replied.status).toBe(302);
      // A guest asks B while it is still paused; B answers once it resumes.
      const asked = guest(b, threadPath);
      await new Promise((resolve) => setTimeout(resolve, 200));
      b.process.kill('SIGCONT');
      resumed = true;
      expect((await asked).text).toContain('멈춘 사이의 답글 둥굴레차');
    } finally {
      if (!resumed) b.process.kill('SIGCONT');
    }
    await seenOnBoth(threadPath, (text) => expect(text).toContain('멈춘 사이의 답글 둥굴레차'));
  });

  it('a published notice and a case published or withdrawn are seen at once on both instances', { timeout: budget({ request: 80 }) }, async () => {
    await cachedOnBoth('/notices');
    await cachedOnBoth('/');
    const saved = await admin.post('/notices/manage/new?_action=notices.save', {
      title: '캐시 시험 공고 유자차',
      body: '공고 본문',
      category: 'general',
      licence: 'KOGL-1',
      intent: 'publish',
    });
    expect(saved.status).toBe(302);
    await seenOnBoth('/notices', (text) => expect(text).toContain('캐시 시험 공고 유자차'));
    await seenOnBoth('/', (text) => expect(text).toContain('캐시 시험 공고 유자차'));

    const casePath = `/cases/${CASE_SLUG}/`;
    await cachedOnBoth(casePath);
    await cachedOnBoth('/cases');
    const title = /<h1[^>]*>([^<]+)</.exec((await guest(a, casePath)).text)![1]!.trim();
    expect((await fetch(`${a.url}/api/test/cases?slug=${CASE_SLUG}&state=withdrawn`)).status).toBe(200);
    await seenOnBoth(casePath, (_text, status) => expect(status).toBe(404));
    await seenOnBoth('/cases', (text) => expect(text).not.toContain(title));
    await cachedOnBoth('/cases');
    expect((await fetch(`${b.url}/api/test/cases?slug=${CASE_SLUG}&state=published`)).status).toBe(200);
    await seenOnBoth(casePath, (_text, status) => expect(status).toBe(200));
    await seenOnBoth('/cases', (text) => expect(text).toContain(title));
  });

  it('a page made for one member reaches neither another member nor a guest, previews and errors included', { timeout: budget({ request: 80 }) }, async () => {
    const other = new FormClient(b.url);
    const signedUp = await other.post('/signup?_action=signUp', {
      email: 'other@cache.example.kr',
      handle: 'other_cache',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
      displayName: '다른회원',
      companyName: '캐시정밀(가칭)',
      agreePrivacy: 'on',
      agreeTerms: 'on',
    });
    expect(signedUp.status).toBe(302);

    // A guest's cached page is not served to a member, and the member's page is not stored.
    await cachedOnBoth(threadPath);
    for (const client of [admin, other]) {
      const res = await client.get(threadPath);
      expect(res.headers.get('x-astro-cache')).toBeNull();
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(await res.text()).toContain('로그아웃');
    }
    await seenOnBoth(threadPath, (text) => expect(text).not.toContain('로그아웃'));

    const threadId = threadPath.split('/').pop()!;
    const preview = await admin.post(`${threadPath}?_action=forum.reply`, { threadId, body: '미리보기 전용 오미자', submissionKey: 'page-cache-preview-01', intent: 'preview' });
    expect(await preview.text()).toContain('미리보기 전용 오미자');
    const tooLong = `너무 긴 글 구기자 ${'가'.repeat(20_001)}`;
    const refused = await admin.post(`${threadPath}?_action=forum.reply`, { threadId, body: tooLong, submissionKey: 'page-cache-error-001', intent: 'post' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('너무 긴 글 구기자');
    for (const server of [a, b]) {
      const member = new FormClient(server.url);
      member.cookies = new Map(other.cookies);
      const [asGuest, asMember] = [await guest(server, threadPath), await member.get(threadPath)];
      for (const text of [asGuest.text, await asMember.text()]) {
        expect(text).not.toContain('미리보기 전용 오미자');
        expect(text).not.toContain('너무 긴 글 구기자');
        expect(text).not.toContain(ADMIN.email);
      }
      expect(await (await member.get('/account')).text()).not.toContain(ADMIN.email);
    }
    // A stale session cookie is not served the guests' copy either (and not stored).
    const stale = await fetch(a.url + threadPath, { headers: { cookie: 'session=expired-or-made-up' } });
    expect(stale.headers.get('x-astro-cache')).toBeNull();
  });

  it('a flood of distinct URLs keeps the cache within PAGE_CACHE_MB; unknown parameters are not kept', { timeout: budget({ request: 400 }) }, async () => {
    const size = async () => (await (await fetch(`${a.url}/api/test/page-cache`)).json()) as { entries: number; bytes: number; maxBytes: number };
    expect((await size()).maxBytes).toBe(1024 * 1024);
    for (let i = 0; i < 40; i++) {
      const random = await guest(a, `/cases?page=zz&x=${i}`);
      expect(random.status).toBe(200);
      expect(random.cache).toBeNull();
    }
    const before = await size();
    let stored = 0;
    let storedBytes = 0;
    const flood = 400;
    for (let i = 0; i < flood; i++) {
      // Distinct valid cursors: each is its own page and its own entry.
      const page = await guest(a, `/notices?after=${1_700_000_000_000 + i}_${i + 1}`);
      if (page.cache === 'MISS') {
        stored++;
        storedBytes += Buffer.byteLength(page.text);
      }
      if (i % 25 === 0) expect((await size()).bytes).toBeLessThanOrEqual(1024 * 1024);
    }
    const after = await size();
    expect(stored).toBe(flood);
    // More than the bound went in; the oldest went out.
    expect(storedBytes).toBeGreaterThan(1024 * 1024);
    expect(after.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(after.entries).toBeGreaterThan(10);
    expect(after.entries).toBeLessThan(before.entries + flood);
  });
});

describe('guest page cache, one instance on the embedded database', () => {
  let server: RunningServer;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, EMAIL_VERIFICATION: 'off' });
  }, budget({ request: 60 }));
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a reply and a published notice are seen at once by a guest who had the pages from memory', { timeout: budget({ request: 40 }) }, async () => {
    const admin = new FormClient(server.url);
    expect((await admin.post('/login?_action=signIn', ADMIN)).status).toBe(302);
    const created = await admin.post('/forum/free/new?_action=forum.createThread', { board: 'free', title: '내장 DB 캐시 시험', body: '첫 글', submissionKey: 'page-cache-pglite-01', intent: 'post' });
    const threadPath = new URL(created.headers.get('location')!, server.url).pathname;
    for (const path of [threadPath, '/notices']) {
      await fetch(server.url + path);
      expect((await fetch(server.url + path)).headers.get('x-astro-cache')).toBe('HIT');
    }
    const threadId = threadPath.split('/').pop()!;
    expect((await admin.post(`${threadPath}?_action=forum.reply`, { threadId, body: '내장 DB 답글 모과차', submissionKey: 'page-cache-pglite-02', intent: 'post' })).status).toBe(302);
    expect(await (await fetch(server.url + threadPath)).text()).toContain('내장 DB 답글 모과차');
    const saved = await admin.post('/notices/manage/new?_action=notices.save', { title: '내장 DB 공고 대추차', body: '본문', category: 'general', licence: 'KOGL-1', intent: 'publish' });
    expect(saved.status).toBe(302);
    expect(await (await fetch(server.url + '/notices')).text()).toContain('내장 DB 공고 대추차');
  });
});
