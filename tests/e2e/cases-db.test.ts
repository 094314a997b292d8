// Cases kept in the database, against the built server: a case imported while the site runs
// appears on /cases, its 시·군 page, the RSS feed and in search (the index is rebuilt in the
// background; every search below asks the served index); a case published for later appears when the server's clock reaches it; a
// renamed case answers its old address with 301; a withdrawn case is gone from all of them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDataDir, type RunningServer } from '../helpers/server';
import { budget } from '../helpers/budgets';
import { searchServedIndex, searchUntil } from '../helpers/pagefind-client';

const SLUG = 'jinan-lavender-oil-distillation-mes';
const TITLE = '진안 라벤더오일 증류 공장, 배치 기록을 MES로 옮기다';
const WORD = '라벤더오일';
const SIGUN = '52720'; // 진안군

function caseFile(): string {
  const base = fs.readFileSync('content/cases/gunsan-auto-parts-press-mes.md', 'utf8');
  return base
    .replace(/^title: .*$/m, `title: "${TITLE}"`)
    .replace(/^sigun: .*$/m, `sigun: "${SIGUN}"`)
    .replace(/^sample: true$/m, 'sample: false')
    .replace(/^publishedAt: .*$/m, 'publishedAt: 2026-11-30')
    .concat(`\n향긋한 ${WORD} 증류 배치를 태블릿으로 기록한다.\n`);
}

describe('cases kept in the database', () => {
  let server: RunningServer;
  let dataDir: string;
  let casesDir: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    casesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-newcases-'));
    server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '', SEARCH_INDEX_POLL_MS: '2000', SEARCH_INDEX_CHECK_MS: '1000' });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(casesDir, { recursive: true, force: true });
  });

  const text = async (pathname: string) => {
    const res = await fetch(server.url + pathname, { redirect: 'manual' });
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  };
  const probe = async (query: string) => {
    const res = await fetch(`${server.url}/api/test/cases?${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return res.text();
  };

  const searchResults = (q: string) => searchServedIndex(server.url, q);
  const eventually = async (q: string, check: (urls: string[]) => boolean) => (await searchUntil(server.url, q, check)).urls;

  it('a case imported while the site runs is shown everywhere and found by search; withdrawn, it is gone', { timeout: budget({ search: 12, request: 30 }) }, async () => {
    const url = `/cases/${SLUG}/`;
    expect((await text('/cases')).body).not.toContain(TITLE);
    expect(await searchResults(WORD)).not.toContain(url);

    fs.writeFileSync(path.join(casesDir, `${SLUG}.md`), caseFile());
    expect(await probe(`import=${encodeURIComponent(casesDir)}`)).toContain('새로 1건');

    expect((await text('/cases')).body).toContain(TITLE);
    expect((await text(`/cases?sigun=${SIGUN}`)).body).toContain(TITLE);
    expect((await text(`/regions/${SIGUN}/`)).body).toContain(TITLE);
    expect((await text('/cases/rss.xml')).body).toContain(TITLE);
    expect((await text('/sitemap.xml')).body).toContain(url);
    const casePage = await text(url);
    expect(casePage.status).toBe(200);
    expect(casePage.body).toContain(WORD);
    expect(casePage.body).toContain('"@type":"Article"');
    // Found by an inner piece of the word too (the Korean handling of the index).
    expect(await eventually(WORD, (urls) => urls.includes(url))).toContain(url);
    expect(await searchResults('벤더오')).toContain(url);

    // A new slug: the old address answers 301 with the new one.
    const renamed = `${SLUG}-2026`;
    await probe(`slug=${SLUG}&rename=${renamed}`);
    const old = await text(url);
    expect(old.status).toBe(301);
    expect(old.location).toMatch(new RegExp(`/cases/${renamed}/$`));
    expect(await eventually(WORD, (urls) => urls.includes(`/cases/${renamed}/`))).not.toContain(url);

    await probe(`slug=${renamed}&state=withdrawn`);
    expect((await text('/cases')).body).not.toContain(TITLE);
    expect((await text(`/regions/${SIGUN}/`)).body).not.toContain(TITLE);
    expect((await text('/cases/rss.xml')).body).not.toContain(TITLE);
    expect((await text(`/cases/${renamed}/`)).status).toBe(404);
    expect((await text(url)).status).toBe(404);
    expect(await eventually(WORD, (urls) => !urls.includes(`/cases/${renamed}/`))).not.toContain(`/cases/${renamed}/`);
  });

  it('a case published for later appears when the clock reaches its time, in pages and search', { timeout: budget({ search: 10, request: 20 }) }, async () => {
    const slug = `${SLUG}-2026`;
    const later = new Date(Date.now() + 3600_000).toISOString();
    await probe(`slug=${slug}&state=published&publishAt=${encodeURIComponent(later)}`);
    expect((await text('/cases')).body).not.toContain(TITLE);
    expect((await text(`/cases/${slug}/`)).status).toBe(404);
    await fetch(`${server.url}/api/test/clock?offsetMs=${2 * 3600_000}`);
    try {
      expect((await text('/cases')).body).toContain(TITLE);
      expect((await text(`/cases/${slug}/`)).status).toBe(200);
      expect(await eventually(WORD, (urls) => urls.includes(`/cases/${slug}/`))).toContain(`/cases/${slug}/`);
    } finally {
      await fetch(`${server.url}/api/test/clock?offsetMs=0`);
    }
  });
});
