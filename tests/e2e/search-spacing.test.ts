// Issue 16 as a visitor meets it, in Chromium on the built site with its sample content:
// spellings that differ only in spacing find the same cases, discussions and notices; words
// joined by a middle dot are found by each part; a query of initial consonants finds titles;
// the count matches what can be reached; an empty result offers other searches; axe is clean.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { available } from '../helpers/requirements';
import { budget } from '../helpers/budgets';
import { expectAccessible, newPage, useSiteInBrowser } from '../helpers/browser';
import { stripParticle, words } from '../../src/lib/search/korean';

/** Spellings a Korean reader treats as the same query. */
const EQUIVALENT = [
  ['품질관리', '품질 관리', '품질 관리를'],
  ['스마트공장', '스마트 공장', '스마트공장을'],
  ['생산관리', '생산 관리'],
  ['설비 모니터링', '설비모니터링'],
];

interface Found {
  status: string;
  cases: string[];
  discussions: string[];
  notices: string[];
}

const CASES_DIR = 'content/cases';
const sampleCases = () =>
  fs
    .readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.md'))
    .map((file) => {
      const source = fs.readFileSync(path.join(CASES_DIR, file), 'utf8');
      return {
        url: `/cases/${file.replace(/\.md$/, '')}/`,
        title: /^title:\s*"(.+)"\s*$/m.exec(source)![1]!,
        industry: /^industry:\s*"?([^"\n]+)"?\s*$/m.exec(source)![1]!,
      };
    });

describe.skipIf(!available('chromium'))('Korean spacing, joined words and 초성 in Chromium', () => {
  const site = useSiteInBrowser();
  const cases = sampleCases();
  const joinedIndustries = cases.filter((c) => /[·ㆍ/]/.test(c.industry));
  let page: Page;

  beforeAll(async () => {
    page = await newPage(site.browser);
  });

  /** Opens /search?q= as a link would, and reads every result: all cases (결과 더 보기), discussions, notices. */
  async function search(q: string): Promise<Found> {
    await page.goto(`${site.server.url}/search?q=${encodeURIComponent(q)}`);
    await page.waitForSelector('#search-results[aria-busy="false"]', { state: 'attached' });
    await page.waitForFunction(() => !/찾는 중/.test(document.querySelector('#search-status')?.textContent ?? ''));
    while (await page.locator('#search-more').isVisible()) {
      await page.locator('#search-more').click();
      await page.waitForSelector('#search-results[aria-busy="false"]', { state: 'attached' });
    }
    const hrefs = (selector: string) => page.$$eval(selector, (links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    return {
      status: (await page.locator('#search-status').textContent()) ?? '',
      cases: (await hrefs('#search-results h3 a')).sort(),
      discussions: (await hrefs('.discussion-results ol a')).sort(),
      notices: (await hrefs('.notice-results ol a')).sort(),
    };
  }

  it('finds the same pages for every spacing, in the cases, discussions and notices', { timeout: budget({ search: EQUIVALENT.flat().length + 2 }) }, async () => {
    for (const row of EQUIVALENT) {
      const first = await search(row[0]!);
      expect(first.cases.length, row[0]).toBeGreaterThan(0);
      // The count is what the visitor can reach.
      expect(first.status).toContain(`${first.cases.length}건`);
      for (const q of row.slice(1)) {
        const other = await search(q);
        expect(other.cases, `${q} = ${row[0]} (cases)`).toEqual(first.cases);
        expect(other.discussions, `${q} = ${row[0]} (discussions)`).toEqual(first.discussions);
        expect(other.notices, `${q} = ${row[0]} (notices)`).toEqual(first.notices);
      }
    }
    // What the issue saw: 품질 관리 found 5+ cases and a discussion, 품질관리 1 and none.
    const quality = await search('품질관리');
    expect(quality.cases.length).toBeGreaterThanOrEqual(5);
    expect(quality.cases).toContain('/cases/jeonju-food-sauce-haccp-sensor/');
    expect(quality.discussions.length).toBeGreaterThan(0);
    expect((await search('스마트공장')).cases.length).toBeGreaterThanOrEqual(5);
  });

  const industryParts = joinedIndustries.flatMap((c) => words(c.industry)).length;
  it('finds a case by each part of an industry written with a middle dot', { timeout: budget({ search: industryParts + 2 }) }, async () => {
    const joined = joinedIndustries;
    expect(joined.length).toBeGreaterThan(0);
    const misses: string[] = [];
    for (const c of joined) {
      for (const part of words(c.industry)) {
        if (!(await search(part)).cases.includes(c.url)) misses.push(`${part} → ${c.url}`);
      }
    }
    expect(misses).toEqual([]);
    expect((await search('고무')).cases).toContain('/cases/jangsu-injection-mes-spc/');
    expect((await search('의약')).cases).toEqual(expect.arrayContaining(['/cases/jeongeup-bio-fermentation-batch-record/', '/cases/sunchang-bio-yield-prediction/']));
  });

  it('finds at least 95 % of the cases by a title word spaced apart, and by two title words run together', { timeout: budget({ search: cases.length }) }, async () => {
    let tried = 0;
    const misses: string[] = [];
    // One query per case (page loads are slow on a shared machine), the two kinds in turn.
    for (const [n, c] of cases.entries()) {
      const ws = words(c.title).map(stripParticle);
      const long = ws.filter((w) => /^[가-힣]{4,}$/.test(w)).sort((a, b) => b.length - a.length)[0];
      const pair = ws.findIndex((w, i) => /^[가-힣]{2,}$/.test(w) && /^[가-힣]{2,}$/.test(ws[i + 1] ?? ''));
      const spaced = long && `${long.slice(0, Math.ceil(long.length / 2))} ${long.slice(Math.ceil(long.length / 2))}`;
      const joined = pair >= 0 && ws[pair]! + ws[pair + 1]!;
      const queries = [(n % 2 ? joined || spaced : spaced || joined)].filter((q): q is string => !!q);
      for (const q of queries) {
        tried += 1;
        if (!(await search(q)).cases.includes(c.url)) misses.push(`${q} → ${c.url}`);
      }
    }
    expect(tried).toBeGreaterThan(30);
    console.log(`title words spaced apart or run together: ${tried - misses.length} of ${tried} found`);
    expect(misses.length / tried, misses.join(', ')).toBeLessThanOrEqual(0.05);
  });

  it('finds titles by their initial consonants (초성)', async () => {
    const found = await search('ㅅㅁㅌ');
    expect(found.cases).toContain('/cases/muju-meoru-beverage-pop/');
    // Sample discussion “사람 구하기가 너무 힘든데, 스마트공장이 정말 답이 될까요?” and notices titled 스마트공장 ….
    expect(found.discussions.length).toBeGreaterThan(0);
    expect(found.notices.length).toBeGreaterThan(0);
    const titles = await page.$$eval('.notice-results ol li > a', (links) => links.map((a) => a.textContent ?? ''));
    for (const t of titles) expect(t).toMatch(/(^|[^가-힣])스마트/);
    expect((await search('ㅎㅂㄱ ㄱㅊ')).cases).toEqual([]);
    await expectAccessible(page);
  });

  it('an empty result says so and offers the other spacing and related searches', async () => {
    const none = await search('비빔밥 레시피');
    expect(none.cases).toEqual([]);
    expect(none.status).toContain('없습니다');
    const suggestions = page.locator('#search-suggestions');
    await expect.poll(() => suggestions.isVisible()).toBe(true);
    const links = await suggestions.locator('a').evaluateAll((as) => as.map((a) => [a.textContent, new URL((a as HTMLAnchorElement).href).pathname + new URL((a as HTMLAnchorElement).href).search]));
    expect(links).toContainEqual(['붙여 쓴 ‘비빔밥레시피’', `/search?q=${encodeURIComponent('비빔밥레시피')}`]);
    expect(links.map((l) => l[0])).toEqual(expect.arrayContaining(['토론 글에서 찾기', '도입 전 체크리스트']));
    await expectAccessible(page);
    // Following a suggestion is an ordinary search.
    await suggestions.getByRole('link', { name: '도입 전 체크리스트' }).click();
    await page.waitForURL((url) => url.pathname === '/checklists');
  });
});
