// Search as a visitor uses it, in Debian's Chromium against the built site: inner parts of
// Korean words, particles, Latin terms in any case, filters, the URL, no-JS, and axe.
// The queries are taken from the sample cases themselves (content/cases/*.md), so the test
// follows the content.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, tempDataDir, type RunningServer } from '../helpers/server';
import { available } from '../helpers/requirements';
import { budget } from '../helpers/budgets';
import { accessibilityViolations, launchBrowser } from '../helpers/browser';
import { stripParticle, words } from '../../src/lib/search/korean';
import { innerPiece, titleWordWithParticle } from '../../src/lib/search/probes';
import { indexedText } from '../../src/lib/search/augment';
import { EXTRA_TOKENS_SENTINEL } from '../../src/lib/search/excerpt';

const CASES_DIR = 'content/cases';

interface SampleCase {
  slug: string;
  url: string;
  title: string;
  /** Words of the Markdown file (front matter values and body). */
  words: string[];
}

function sampleCases(): SampleCase[] {
  return fs
    .readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.md'))
    .map((file) => {
      const source = fs.readFileSync(path.join(CASES_DIR, file), 'utf8');
      const title = /^title:\s*"(.+)"\s*$/m.exec(source)?.[1];
      if (!title) throw new Error(`no title in ${file}`);
      const slug = file.replace(/\.md$/, '');
      return { slug, url: `/cases/${slug}/`, title, words: words(source) };
    });
}

describe.skipIf(!available('chromium'))('search in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir: string;
  let page: Page;
  const problems: string[] = [];
  const cases = sampleCases();

  beforeAll(async () => {
    dataDir = tempDataDir();
    [server, browser] = await Promise.all([startServer({ DATA_DIR: dataDir, DATABASE_URL: '' }), launchBrowser()]);
    const context = await browser.newContext({ locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
    page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${server.url}/search`);
    await page.waitForSelector('#search-filters:not([hidden])');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function settled() {
    await page.waitForSelector('#search-results[aria-busy="false"]');
  }

  /**
   * Types the query into the search page's own box and returns the result URLs, in order:
   * all of them (clicking 결과 더 보기), or those up to `until` once it shows.
   */
  async function search(q: string, until?: string): Promise<string[]> {
    await page.locator('#search-q').fill(q);
    await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === q), page.locator('#search-q').press('Enter')]);
    await settled();
    const shown = () => page.$$eval('#search-results h3 a', (links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    while ((!until || !(await shown()).includes(until)) && (await page.locator('#search-more').isVisible())) {
      await page.locator('#search-more').click();
      await settled();
    }
    return shown();
  }

  /** The text Pagefind indexes on each case page, as words. */
  async function indexedWords(): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const c of cases) {
      const html = await (await fetch(server.url + c.url)).text();
      out.set(c.url, words(indexedText(html).body));
    }
    return out;
  }

  it('finds inner parts of Korean words, with or without a particle, and Latin terms in any case', { timeout: budget({ request: cases.length, search: 7 }) }, async () => {
    const pages = await indexedWords();
    // Pages a plain prefix search would miss: the word appears only inside longer words.
    const only = (inside: string, notStarting: string) =>
      [...pages].filter(([, ws]) => ws.some((w) => w.includes(inside)) && !ws.some((w) => w.startsWith(notStarting))).map(([url]) => url);

    const gongjang = only('스마트공장', '공장');
    expect(gongjang.length, 'pages that say 스마트공장 but no word starting with 공장').toBeGreaterThan(0);
    expect(await search('공장')).toEqual(expect.arrayContaining(gongjang));
    // 관리 also stands alone on every sample page; all pages with it inside a word must come up.
    const gwanri = [...pages].filter(([, ws]) => ws.some((w) => w.indexOf('관리') > 0)).map(([url]) => url);
    expect(gwanri.length).toBeGreaterThan(0);
    expect(await search('관리')).toEqual(expect.arrayContaining(gwanri));

    const smartFactory = [...pages].filter(([, ws]) => ws.includes('스마트공장') && !ws.includes('스마트공장을')).map(([url]) => url);
    const defectRate = [...pages].filter(([, ws]) => ws.includes('불량률') && !ws.some((w) => w.startsWith('불량률이'))).map(([url]) => url);
    expect(smartFactory.length).toBeGreaterThan(0);
    expect(defectRate.length).toBeGreaterThan(0);
    expect(await search('스마트공장을')).toEqual(expect.arrayContaining(smartFactory));
    expect(await search('불량률이')).toEqual(expect.arrayContaining(defectRate));

    const mesPages = [...pages].filter(([, ws]) => ws.some((w) => w.startsWith('mes'))).map(([url]) => url);
    expect(mesPages.length).toBeGreaterThan(0);
    const lower = await search('mes');
    expect(lower).toEqual(expect.arrayContaining(mesPages));
    expect((await search('MES')).sort()).toEqual([...lower].sort());
    expect((await search('Erp')).length).toBeGreaterThan(0);
  });

  it('finds every sample case by a piece from inside a word, and by a title word with a particle', { timeout: budget({ search: 2 * cases.length }) }, async () => {
    const misses: string[] = [];
    for (const [n, c] of cases.entries()) {
      const piece = innerPiece(c, cases);
      const titled = titleWordWithParticle(c, n);
      expect(piece, c.slug).toBeTruthy();
      expect(titled && stripParticle(titled.query), c.slug).toBe(titled?.word);
      if (!(await search(piece!, c.url)).includes(c.url)) misses.push(`${piece} → ${c.slug}`);
      if (!(await search(titled!.query, c.url)).includes(c.url)) misses.push(`${titled!.query} → ${c.slug}`);
    }
    expect(misses).toEqual([]);
  });

  it('ranks a title match above body matches', async () => {
    // A title word of one case that other cases use only in their text.
    let checked = 0;
    for (const c of cases) {
      for (const word of words(c.title).map(stripParticle).filter((w) => Array.from(w).length >= 2)) {
        const elsewhere = cases.filter((o) => o !== c && o.words.includes(word) && !words(o.title).some((w) => w.includes(word)));
        const inTitles = cases.filter((o) => words(o.title).some((w) => w.includes(word)));
        if (elsewhere.length < 2 || inTitles.length !== 1) continue;
        const results = await search(word);
        const rank = results.indexOf(c.url);
        expect(rank, `${word}: ${c.slug} first`).toBe(0);
        for (const o of elsewhere) expect(results.indexOf(o.url), `${word}: ${o.slug} after`).toBeGreaterThan(rank);
        if (++checked === 3) return;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('shows title, 시·군, industry and an excerpt with the match marked, never the index-only tokens', async () => {
    await search('관리');
    const first = page.locator('#search-results li').first();
    await expect(first.locator('h3 a').textContent()).resolves.toBeTruthy();
    await expect(first.locator('.result-facts').textContent()).resolves.toMatch(/[시군] · .+ · .+ · \d{4}년/);
    const marks = await page.$$eval('#search-results mark', (ms) => ms.map((m) => m.textContent));
    expect(await page.locator('#search-results h3 a mark').count(), 'title matches are marked too').toBeGreaterThan(0);
    expect(marks.length).toBeGreaterThan(0);
    for (const m of marks) expect(m).toBe('관리');
    const excerpts = await page.$$eval('#search-results .result-excerpt', (ps) => ps.map((p) => p.textContent ?? ''));
    for (const e of excerpts) expect(e).not.toContain(EXTRA_TOKENS_SENTINEL);
    // The sample cases carry their badge in the results too.
    expect(await page.locator('#search-results li .badge', { hasText: '샘플' }).count()).toBeGreaterThan(0);
  });

  it('filters by 시·군, industry, level and year, and keeps the query in the URL', { timeout: budget({ page: 12, search: 2 }) }, async () => {
    await page.goto(`${server.url}/search?q=${encodeURIComponent('공장')}&sigun=${encodeURIComponent('군산시')}`);
    await settled();
    await expect(page.locator('#search-q').inputValue()).resolves.toBe('공장');
    await expect(page.locator('#search-sigun').inputValue()).resolves.toBe('군산시');
    const facts = await page.$$eval('#search-results .result-facts', (ps) => ps.map((p) => p.textContent ?? ''));
    expect(facts.length).toBeGreaterThan(0);
    for (const f of facts) expect(f.startsWith('군산시')).toBe(true);

    for (const [select, value] of [['#search-industry', '식품'], ['#search-level', '기초'], ['#search-year', '2021']] as const) {
      await page.goto(`${server.url}/search?q=${encodeURIComponent('공장')}`);
      await settled();
      await page.waitForSelector(`${select} option[value="${value}"]`, { state: 'attached' });
      const key = select.replace('#search-', '');
      await Promise.all([page.waitForURL((url) => url.searchParams.get(key) === value), page.locator(select).selectOption(value)]);
      await settled();
      // Only the filter in use goes into the URL.
      expect([...new URL(page.url()).searchParams.keys()].sort()).toEqual([key, 'q'].sort());
      const shown = await page.$$eval('#search-results .result-facts', (ps) => ps.map((p) => p.textContent ?? ''));
      expect(shown.length, `${select}=${value}`).toBeGreaterThan(0);
      for (const f of shown) expect(f.split(' · ')).toContain(select === '#search-year' ? `${value}년` : value);
    }

    // A filter alone lists what it selects, newest first.
    await page.goto(`${server.url}/search?industry=${encodeURIComponent('식품')}`);
    await settled();
    await expect(page.locator('#search-status').textContent()).resolves.toMatch(/조건에 맞는 결과 \d+건/);
    const years = await page.$$eval('#search-results .result-facts', (ps) => ps.map((p) => p.textContent ?? ''));
    expect(years.length).toBeGreaterThan(0);
    for (const f of years) expect(f.split(' · ')).toContain('식품');
    const yearOf = (f: string) => Number(/(\d{4})년/.exec(f)?.[1]);
    expect(years.map(yearOf)).toEqual([...years.map(yearOf)].sort((a, b) => b - a));

    // The header's search box on any page leads here and runs the search.
    await page.goto(`${server.url}/cases`);
    await page.locator('#site-search').fill('불량률을');
    await Promise.all([page.waitForURL(/\/search\?q=/), page.locator('#site-search').press('Enter')]);
    await settled();
    expect(new URL(page.url()).searchParams.get('q')).toBe('불량률을');
    await expect(page.locator('#search-status').textContent()).resolves.toMatch(/‘불량률을’ 검색 결과 \d+건/);
    // Back goes to the previous search, with its results.
    await search('젓갈');
    await page.goBack();
    await settled();
    await expect(page.locator('#search-q').inputValue()).resolves.toBe('불량률을');
    await expect(page.locator('#search-status').textContent()).resolves.toMatch(/‘불량률을’ 검색 결과 \d+건/);
  });

  it('passes axe with results shown, in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${server.url}/search?q=${encodeURIComponent('스마트공장')}`);
      await settled();
      expect(await page.locator('#search-results li').count()).toBeGreaterThan(0);
      expect(await accessibilityViolations(page), scheme).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(problems, 'no script, CSP or WebAssembly errors').toEqual([]);
  });

  it('without JavaScript says that search needs it and links to the case list', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'ko-KR' });
    const noJs = await context.newPage();
    await noJs.goto(`${server.url}/search?q=${encodeURIComponent('공장')}`);
    const notice = noJs.locator('.form-error');
    await expect(notice.textContent()).resolves.toContain('JavaScript');
    await expect(noJs.locator('.form-error a[href="/cases"]').count()).resolves.toBe(1);
    // The query box still works (it reloads the page; discussions are searched on the server);
    // the filters, which need the index, do not show.
    await expect(noJs.locator('#search-q').inputValue()).resolves.toBe('공장');
    await expect(noJs.locator('#search-filters').isVisible()).resolves.toBe(false);
    await context.close();
  });
});
