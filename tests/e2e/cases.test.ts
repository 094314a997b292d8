// Case studies, the regional map and programme figures, as visitors use them in Chromium.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { available } from '../helpers/requirements';
import { budget } from '../helpers/budgets';
import { accessibilityViolations, useSiteInBrowser, newPage } from '../helpers/browser';

const caseFiles = fs.readdirSync('content/cases').filter((f) => f.endsWith('.md'));
const frontMatter = (file: string, field: string) =>
  fs.readFileSync(`content/cases/${file}`, 'utf8').match(new RegExp(`^${field}: "?([^"\\n]+)"?$`, 'm'))?.[1];

describe.skipIf(!available('chromium'))('case studies in Chromium', () => {
  const site = useSiteInBrowser();

  it('every page of the case section passes axe in light and dark schemes', { timeout: budget({ axe: 14 }) }, async () => {
    const page = await newPage(site.browser);
    const slug = caseFiles[0]!.replace(/\.md$/, '');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const pathname of ['/cases', '/cases?sigun=52130&sort=improvement', `/cases/${slug}/`, '/regions', '/regions/52800/', '/programme', '/']) {
        await page.goto(site.server.url + pathname);
        expect(await accessibilityViolations(page), `${pathname} (${scheme})`).toEqual([]);
      }
    }
    await page.context().close();
  });

  it('filters the list without JavaScript and says how many cases match', async () => {
    const page = await newPage(site.browser, { javaScriptEnabled: false });
    await page.goto(`${site.server.url}/cases`);
    expect(await page.locator('.result-count').textContent()).toContain(`${caseFiles.length}건`);
    await page.locator('#f-sigun').selectOption({ label: '군산시' });
    await page.locator('#f-industry').selectOption('자동차부품');
    await page.getByRole('button', { name: '적용' }).click();
    await page.waitForURL(/sigun=52130/);
    const expected = caseFiles.filter((f) => frontMatter(f, 'sigun') === '52130' && frontMatter(f, 'industry') === '자동차부품');
    expect(expected.length).toBeGreaterThan(0);
    expect(await page.locator('.result-count').textContent()).toContain(`${expected.length}건`);
    expect(await page.locator('.case-card').count()).toBe(expected.length);
    expect(await page.locator('#f-sigun').inputValue()).toBe('52130');
    await page.context().close();
  });

  it('a case page has the KPI chart with its table, the licence, the sample badge and metadata', async () => {
    const page = await newPage(site.browser);
    await page.goto(`${site.server.url}/cases/gunsan-auto-parts-press-mes/`);
    const table = page.locator('table.data-table');
    expect(await table.locator('caption').textContent()).toContain('핵심 지표');
    // 불량률 2.4 → 1.1 (%): a drop, reported as an improvement.
    const row = table.locator('tr', { hasText: '불량률' });
    expect(await row.textContent()).toContain('54.2% 개선');
    const chart = page.locator('svg.chart-svg').first();
    expect(await chart.getAttribute('tabindex')).toBe('0');
    expect(await chart.locator('desc').textContent()).toContain('불량률: 도입 전 2.4%');
    expect(await page.locator('.licence').textContent()).toContain('공공누리 제1유형');
    expect(await page.locator('h1 .badge').textContent()).toBe('샘플');
    const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
    expect(jsonLd['@type']).toBe('Article');
    expect(jsonLd.headline).toBe(frontMatter('gunsan-auto-parts-press-mes.md', 'title'));
    expect(await page.locator('meta[property="og:title"]').getAttribute('content')).toBe(jsonLd.headline);
    expect(await page.locator('section[aria-labelledby="related-title"] .case-card').count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('the map is reachable with the keyboard and leads to the region page', async () => {
    const page = await newPage(site.browser);
    await page.goto(`${site.server.url}/regions`);
    expect(await page.locator('a.map-region').count()).toBe(14);
    let focusedLabel: string | null = null;
    for (let i = 0; i < 40 && !focusedLabel; i++) {
      await page.keyboard.press('Tab');
      focusedLabel = await page.evaluate(() => (document.activeElement?.matches('a.map-region') ? document.activeElement.getAttribute('aria-label') : null));
    }
    expect(focusedLabel).toMatch(/^.+(시|군): 사례 \d+건$/);
    await Promise.all([page.waitForURL(/\/regions\/52\d{3}\/$/), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toBe(focusedLabel!.split(':')[0]);
    expect(await page.locator('#progress-title').textContent()).toContain('연도별 도입 기업 수');
    await page.context().close();
  });

  it('every chart is focusable, named, and followed by a table', async () => {
    const page = await newPage(site.browser);
    for (const pathname of ['/programme', '/regions/52110/', '/']) {
      await page.goto(site.server.url + pathname);
      const charts = page.locator('figure.chart');
      const count = await charts.count();
      expect(count, pathname).toBeGreaterThan(0);
      for (let i = 0; i < count; i++) {
        const chart = charts.nth(i);
        const svg = chart.locator('svg');
        expect(await svg.getAttribute('tabindex')).toBe('0');
        expect((await svg.locator('title').textContent())!.length).toBeGreaterThan(3);
        expect(await chart.locator('table tbody tr').count()).toBeGreaterThan(0);
      }
    }
    await page.context().close();
  });

  it('publishes the RSS feed and a sitemap with every case', async () => {
    const rss = await (await fetch(`${site.server.url}/cases/rss.xml`)).text();
    expect(rss.match(/<item>/g)).toHaveLength(caseFiles.length);
    expect(rss).toContain('[샘플]');
    const sitemap = await (await fetch(`${site.server.url}/sitemap.xml`)).text();
    for (const file of caseFiles) expect(sitemap).toContain(`/cases/${file.replace(/\.md$/, '')}/`);
    expect(sitemap).toContain('/regions/52800/');
  });
});
