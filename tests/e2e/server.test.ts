// The built server as operators run it: headers, error pages, health, shutdown, and the
// guard against two processes opening one embedded database folder.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormClient, startServer, tempDataDir, type RunningServer } from '../helpers/server';
import { available } from '../helpers/requirements';
import { createServerDatabase } from '../helpers/database';

describe('built server on embedded PGlite', () => {
  let server: RunningServer;
  let dataDir: string;

  beforeAll(async () => {
    // An empty folder, as on a first `npm start`: the server creates and migrates the database.
    dataDir = tempDataDir({ empty: true });
    server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '' });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /healthz with 200 when the database is reachable', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it('serves the Korean home page with the site frame', async () => {
    const res = await fetch(`${server.url}/`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('<html lang="ko"');
    expect(html).toContain('본문 바로가기');
    for (const label of ['사례', '지역', '토론', '체크리스트', '공지', '검색', '개인정보 처리방침', '이용약관', '이메일무단수집거부', '샘플 콘텐츠 안내']) {
      expect(html).toContain(label);
    }
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script anywhere
  });

  it('puts security headers on pages and on static files alike', async () => {
    const css = (await (await fetch(`${server.url}/`)).text()).match(/href="(\/_astro\/[^"]+\.css)"/)?.[1];
    expect(css).toBeTruthy();
    for (const pathname of ['/', '/terms', css!, '/favicon.svg', '/no-such-page']) {
      const res = await fetch(server.url + pathname);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, pathname).toContain("script-src 'self'");
      expect(csp, pathname).not.toContain('unsafe-inline');
      expect(csp, pathname).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), pathname).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), pathname).toBeTruthy();
      expect(res.headers.get('x-frame-options'), pathname).toBe('DENY');
      expect(res.headers.get('permissions-policy'), pathname).toContain('camera=()');
    }
  });

  it('shows a Korean 404 page', async () => {
    const res = await fetch(`${server.url}/no-such-page`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('페이지를 찾을 수 없습니다');
    const member = await fetch(`${server.url}/members/999999`);
    expect(member.status).toBe(404);
  });

  it('shows a 500 page with the request id that the log has, and no stack trace', async () => {
    const res = await fetch(`${server.url}/api/test/error`);
    const html = await res.text();
    expect(res.status).toBe(500);
    expect(html).toContain('일시적인 오류가 발생했습니다');
    expect(html).not.toContain('Deliberate failure');
    expect(html).not.toMatch(/at \S+ \(file:/);
    const id = res.headers.get('x-request-id');
    expect(id).toBeTruthy();
    expect(html).toContain(id!);
    await server.waitForOutput(`[request ${id}]`);
    expect(server.output()).toContain('Deliberate failure');
  });

  it('refuses cross-origin form posts', async () => {
    const form = { email: 'x@example.kr', password: 'whatever-long' };
    const client = new FormClient(server.url);
    const foreign = await client.post('/login?_action=signIn', form, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const crossSite = await client.post('/login?_action=signIn', form, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const sameOrigin = await client.post('/login?_action=signIn', form, { 'sec-fetch-site': 'same-origin' });
    expect(sameOrigin.status).toBe(401); // reached the action: wrong credentials
  });

  it('a second process on the same data folder fails at once with a clear message', async () => {
    const second = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '' }, { ready: false });
    const code = await new Promise<number | null>((resolve) => second.process.once('exit', resolve));
    expect(code).toBe(1);
    expect(second.output()).toContain('already in use');
    // The first one is unharmed.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('finishes on SIGTERM with the database closed, and starts again on the same data', async () => {
    const client = new FormClient(server.url);
    const signup = await client.post('/signup?_action=signUp', {
      email: 'restart@example.kr',
      handle: 'restart',
      password: '재시작 후에도 남아 있어야 함',
      passwordConfirm: '재시작 후에도 남아 있어야 함',
      displayName: '재시작',
      companyName: '마바정밀(가칭)',
      agreePrivacy: 'on',
      agreeTerms: 'on',
    });
    expect(signup.status).toBe(302);
    // A thread read just before shutdown: its view is buffered, and written on SIGTERM.
    const board = await (await fetch(`${server.url}/forum/qna`)).text();
    const threadId = board.match(/href="\/forum\/t\/(\d+)"/)![1]!;
    expect((await fetch(`${server.url}/forum/t/${threadId}`)).status).toBe(200);
    // A slow request in flight when SIGTERM arrives still gets its answer.
    const inFlight = fetch(`${server.url}/api/test/slow`);
    await server.waitForOutput('slow probe started');
    const code = await server.stop();
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(await answered.text()).toBe('done');
    expect(code).toBe(0);
    expect(server.output()).toContain('Database closed');
    expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);

    server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '' });
    const again = new FormClient(server.url);
    const signin = await again.post('/login?_action=signIn', { email: 'restart@example.kr', password: '재시작 후에도 남아 있어야 함' });
    expect(signin.status).toBe(302);
    const row = (await (await fetch(`${server.url}/forum/qna`)).text()).match(new RegExp(`<tr>(?:(?!</tr>).)*href="/forum/t/${threadId}"(?:(?!</tr>).)*</tr>`, 's'))![0];
    const cells = [...row.matchAll(/<td>([^<]*)</g)].map((m) => m[1]);
    expect(cells[2]).toBe('1'); // 조회: the view made before SIGTERM was kept
  });
});

describe.skipIf(!available('postgres'))('built server on PostgreSQL', () => {
  it('answers /healthz with 503 when the database goes away', async () => {
    const database = await createServerDatabase();
    const server = await startServer({ DATABASE_URL: database.url });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      await database.drop();
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(503);
    } finally {
      await server.stop();
    }
  });
});
